"""Account security rules shared by the middleware, the views and the tests.

- Patient-data roles (coordinators, staff, admin) are logged out after a spell of inactivity.
- Two-factor authentication (TOTP, django-otp): whoever has a confirmed device must give a
  code after the password; when the association requires it (CONCERTO_REQUIRE_2FA), the admin
  and staff accounts must enrol one first.
"""

from __future__ import annotations

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

SETUP, VERIFY = "setup", "verify"
NO_DEVICE_KEY = "concerto_otp_no_device"  # session cache: this user has no confirmed device


def idle_timeout_seconds(user) -> int | None:
    """Seconds of inactivity after which the user's session ends; None: the default lifetime."""
    if user.is_authenticated and user.sees_patient_data:
        return int(settings.CONCERTO_IDLE_TIMEOUT_MINUTES) * 60
    return None


def two_factor_required(user) -> bool:
    """The association requires a second factor of this user (admin and staff accounts)."""
    return bool(settings.CONCERTO_REQUIRE_2FA) and user.is_association


def has_confirmed_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_step(request) -> str | None:
    """What the logged-in user still has to do before using Concerto: VERIFY a code, SETUP a
    device, or nothing (None). One query per request at most, none once the answer is known."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return None
    if not request.session.get(NO_DEVICE_KEY):
        if has_confirmed_device(user):
            return VERIFY
        request.session[NO_DEVICE_KEY] = True  # devices are only added through a verified session
    return SETUP if two_factor_required(user) else None


def client_ip(request) -> str | None:
    """The client's address for login throttling. Behind CONCERTO_PROXY_COUNT reverse proxies
    (each appending to X-Forwarded-For), the address the first of them saw; else REMOTE_ADDR.
    Without this, behind a proxy every visitor would share the proxy's address and lock."""
    proxies = int(getattr(settings, "CONCERTO_PROXY_COUNT", 0))
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
