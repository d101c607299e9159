"""Two-factor authentication pages: enrol a TOTP application, then give its code at login."""

from __future__ import annotations

import base64
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import TokenForm
from .security import has_confirmed_device, two_factor_required

WRONG_CODE = "Code incorrect ou expiré : saisissez le code affiché en ce moment par votre application."
THROTTLED = ("Trop de codes erronés à la suite : attendez quelques secondes (le délai double à chaque "
             "erreur), puis saisissez le code affiché en ce moment.")


def _check_code(device: TOTPDevice, form: TokenForm) -> bool:
    """The code is right (and the device now counts it as used); else the form says why.
    django-otp refuses any code for a while after a wrong one, the delay doubling each time."""
    if not device.verify_is_allowed()[0]:
        form.add_error("token", THROTTLED)
        return False
    if device.verify_token(form.cleaned_data["token"]):
        return True
    form.add_error("token", WRONG_CODE)
    return False


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if has_confirmed_device(user) and not user.is_verified():
        return redirect(f"{reverse('two-factor-verify')}?{urlencode({'next': _next_url(request)})}")
    if has_confirmed_device(user):
        return render(request, "accounts/two_factor_setup.html", {"active": True})
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Application d'authentification", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check_code(device, form):
        with transaction.atomic():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        otp_login(request, device)
        messages.success(request, "Double authentification activée : elle vous sera demandée à chaque connexion.")
        return redirect(_next_url(request))
    secret = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/two_factor_setup.html", {
        "form": form,
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=5, title="QR code de Concerto"),
        "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
        "required": two_factor_required(user),
        "next": _next_url(request),
    })


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if user.is_verified() or device is None:
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check_code(device, form):
        otp_login(request, device)
        return redirect(_next_url(request))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)})
