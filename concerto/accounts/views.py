"""The password-reset page, bounded per address and per IP (a mail bomb or an address probe)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone

from .models import PasswordResetRequest

WINDOW = dt.timedelta(hours=1)
PER_ADDRESS = 3  # e-mails to one address per hour
PER_IP = 10  # requests from one IP address per hour


def reset_refusal(email: str, ip: str | None) -> str | None:
    """French reason to refuse one more reset request now, or None (then the request is counted)."""
    since = timezone.now() - WINDOW
    with transaction.atomic():
        recent = PasswordResetRequest.objects.filter(created_at__gte=since)
        if ip and recent.filter(ip=ip).count() >= PER_IP:
            return ("Trop de demandes de réinitialisation depuis votre connexion : réessayez dans une heure, "
                    "ou demandez à l'administrateur de l'association.")
        if recent.filter(email=email).count() >= PER_ADDRESS:
            return ("Plusieurs liens ont déjà été envoyés à cette adresse dans l'heure : consultez votre messagerie "
                    "(et les indésirables), ou réessayez dans une heure.")
        PasswordResetRequest.objects.create(email=email, ip=ip)
    PasswordResetRequest.objects.filter(created_at__lt=since - WINDOW).delete()
    return None


class PasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form) -> HttpResponse:
        email = form.cleaned_data["email"].strip().lower()
        refusal = reset_refusal(email, self.request.META.get("REMOTE_ADDR") or None)
        if refusal:
            form.add_error("email", refusal)
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)
