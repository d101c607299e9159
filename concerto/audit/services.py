"""Recording accesses: one service, one INSERT per event.

Views use the `audited` decorator (pages and downloads); other code (e.g. a lockout signal)
calls `record_access` directly with a request or a user.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse

from .models import AccessEvent, Kind

_FILENAME = re.compile(r'filename="?([^";]+)"?')


def client_ip(request: HttpRequest) -> str | None:
    """The address Django sees (REMOTE_ADDR); a proxy in front sets it via its own config."""
    return request.META.get("REMOTE_ADDR") or None


def record_access(request_or_user, kind: str, what: str, *, scope: str = "", object_type: str = "",
                  object_id: object = "", username: str = "", ip: str | None = None) -> AccessEvent:
    """Write one access event. `request_or_user` is an HttpRequest, a user or None
    (an anonymous event such as a lockout of an unknown login: give `username`)."""
    if isinstance(request_or_user, HttpRequest):
        # A lockout signal may come before authentication set request.user.
        user = getattr(request_or_user, "user", None)
        user = user if user is not None and user.is_authenticated else None
        ip = ip or client_ip(request_or_user)
    else:
        user = request_or_user if request_or_user is not None and request_or_user.is_authenticated else None
    if user is not None and not username:
        username = user.get_username()
    return AccessEvent.objects.create(
        user=user, username=username[:150], kind=kind, what=str(what)[:300], scope=str(scope)[:300],
        object_type=object_type[:40], object_id=str(object_id or "")[:40], ip=ip,
    )


def note_access(request: HttpRequest, what: str = "", scope: str = "") -> None:
    """Let an `audited` view say what it showed (its object, its pôle), at no query cost."""
    request._audit = {"what": what, "scope": scope}


def scope_text(poles=(), year: int | None = None) -> str:
    """« Calais, Douai · 2024 »: the pôle(s) and year a page or a file covers."""
    names = ", ".join(str(p) for p in poles if p)
    parts = [names or "toute l'association"]
    if year:
        parts.append(str(year))
    return " · ".join(parts)


def _filename(response: HttpResponse) -> str:
    match = _FILENAME.search(response.get("Content-Disposition", ""))
    return match.group(1) if match else ""


def audited(kind: str, object_type: str) -> Callable:
    """Record one event per successful GET of the decorated view (refused or failed requests,
    and form posts — which the change history keeps — are not accesses).

    What is recorded: what the view passed to `note_access`, else a download's file name,
    else « <object_type> <pk> ».
    """
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            response = view(request, *args, **kwargs)
            if request.method == "GET" and response.status_code == 200 and request.user.is_authenticated:
                noted = getattr(request, "_audit", {})
                pk = kwargs.get("pk", "")
                what = noted.get("what") or _filename(response) or f"{object_type} {pk}".strip()
                record_access(request, kind, what, scope=noted.get("scope", ""), object_type=object_type,
                              object_id=pk)
            return response

        return wrapped

    return decorator


__all__ = ["Kind", "audited", "note_access", "record_access", "scope_text"]
