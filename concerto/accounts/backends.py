"""Authentication backends: django-axes' lockout in front of Django's model backend."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check, for the logins that come with a request (the login page, the admin's).

    axes refuses an `authenticate()` without a request; only code calls it so (the test client's
    `login()`, a shell), where there is no address to count, so it is left to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
