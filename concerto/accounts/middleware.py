"""Session rules applied on every request (see security.py)."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from .security import SETUP, VERIFY, idle_timeout_seconds, second_factor_step

LAST_SEEN_KEY = "concerto_last_seen"
TOUCH_EVERY = 60  # seconds: the session (and its expiry) is saved at most once a minute


class IdleSessionMiddleware:
    """Ends the session of a patient-data role after CONCERTO_IDLE_TIMEOUT_MINUTES without a
    request: checked on the server (last request time in the session), and the session cookie
    itself expires after the same delay, so a closed laptop does not stay logged in."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timeout = idle_timeout_seconds(request.user)
        if timeout:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > timeout:
                logout(request)
                messages.warning(request, f"Votre session a pris fin après {timeout // 60} minutes "
                                          "d'inactivité : reconnectez-vous.")
                return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
            if last_seen is None or now - last_seen >= TOUCH_EVERY:
                request.session[LAST_SEEN_KEY] = now
                request.session.set_expiry(timeout)
        return self.get_response(request)


# Pages an unverified user may still open: the login itself, the second-factor pages, logout
# and the password reset.
OPEN_URL_NAMES = {
    "login", "logout", "two-factor-setup", "two-factor-verify", "password_reset", "password_reset_done",
    "password_reset_confirm", "password_reset_complete", "health",
}


class TwoFactorMiddleware:
    """Sends a logged-in user who still owes a second factor to the page where they give it."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        step = second_factor_step(request)
        request.second_factor_pending = bool(step)  # base.html hides the menu meanwhile
        if step and self._guarded(request):
            target = "two-factor-verify" if step == VERIFY else "two-factor-setup"
            assert step in (SETUP, VERIFY)
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _guarded(request: HttpRequest) -> bool:
        try:
            return resolve(request.path_info).url_name not in OPEN_URL_NAMES
        except Resolver404:
            return False
