"""Request guards that hold for every page: no NUL character in parameters, no caching of
pages showing pôle data nor of any download."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

STATIC_PREFIXES = ("/static/",)


def _nul_parameter(request: HttpRequest) -> str | None:
    """Name of the first GET/POST parameter holding a NUL character (PostgreSQL refuses them)."""
    sources = [request.GET]
    if request.method == "POST" and request.content_type in ("application/x-www-form-urlencoded",
                                                              "multipart/form-data"):
        sources.append(request.POST)
    for data in sources:
        for key, values in data.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return key.replace("\x00", "\u2400")
    return None


# Room for the form's other fields around the largest file accepted.
FORM_MARGIN = 256 * 1024


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} Mo" if size >= 1024 * 1024 else f"{size / 1024:.0f} Ko"


def _too_big(request: HttpRequest) -> str | None:
    """French reason to refuse a request body larger than the largest upload accepted."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    limit = settings.INTERCHANGE_MAX_UPLOAD_BYTES
    if length <= limit + FORM_MARGIN:
        return None
    return (f"Fichier trop volumineux ({_size(length)}) : au plus {_size(limit)}. "
            "Découpez-le (par années, par exemple) ou déposez une archive .zip.")


class RequestGuardMiddleware:
    """A NUL character in any parameter gets a French 400 page (not a database error, a 500);
    a body larger than the largest upload accepted, a French 413 page before it is read.

    Every response to a signed-in user, and every download, is marked « no-store, private »:
    the pages behind the login show pôle data (patient codes, fiches, participants), which a
    shared computer's browser cache or a proxy must not keep.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        too_big = _too_big(request)
        name = None if too_big else _nul_parameter(request)
        if too_big:
            # Before anything reads the body: a 500 MB upload is not even received.
            response = render(request, "400.html", {"message": too_big}, status=413)
        elif name is not None:
            response = render(request, "400.html", {
                "message": f"Le champ « {name} » contient un caractère nul (octet 0), qui n'est pas accepté : "
                           "retirez-le et recommencez.",
            }, status=400)
        else:
            response = self.get_response(request)
        if not request.path.startswith(STATIC_PREFIXES) and (
            getattr(getattr(request, "user", None), "is_authenticated", False)
            or "attachment" in response.get("Content-Disposition", "")
        ):
            add_never_cache_headers(response)  # max-age=0, no-cache, no-store, must-revalidate, private
        return response
