"""Request guards that hold for every page: no NUL character in parameters, no caching of
pages showing pôle data nor of any download."""

from __future__ import annotations

from collections.abc import Callable

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


class RequestGuardMiddleware:
    """A NUL character in any parameter gets a French 400 page (not a database error, a 500).

    Every response to a signed-in user, and every download, is marked « no-store, private »:
    the pages behind the login show pôle data (patient codes, fiches, participants), which a
    shared computer's browser cache or a proxy must not keep.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = _nul_parameter(request)
        if name is not None:
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
