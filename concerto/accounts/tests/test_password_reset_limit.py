"""Issue 11: « mot de passe oublié » is bounded per address and per IP address, in the database."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from concerto.accounts.models import PasswordResetRequest
from concerto.accounts.views import PER_ADDRESS, PER_IP
from concerto.factories import UserFactory

pytestmark = pytest.mark.django_db


def _ask(client, email: str, ip: str = "198.51.100.7"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_one_address_gets_at_most_three_links_an_hour(client):
    UserFactory(username="claire", email="claire@example.org")
    for attempt in range(PER_ADDRESS):
        # Another IP address each time: the bound is the address's own.
        assert _ask(client, "Claire@example.org", ip=f"203.0.113.{attempt}").status_code == 302
    refused = _ask(client, "claire@example.org", ip="203.0.113.99")
    assert refused.status_code == 429
    assert "Plusieurs liens ont déjà été envoyés à cette adresse" in refused.content.decode()
    assert len(mail.outbox) == PER_ADDRESS


def test_one_ip_address_is_bounded_whatever_the_addresses(client):
    for n in range(PER_IP):
        assert _ask(client, f"inconnu{n}@example.org").status_code == 302
    refused = _ask(client, "encore@example.org")
    assert refused.status_code == 429
    assert "Trop de demandes de réinitialisation depuis votre connexion" in refused.content.decode()
    assert _ask(client, "encore@example.org", ip="192.0.2.1").status_code == 302  # another connection
    # Kept in the database: every worker process sees the same counts.
    assert PasswordResetRequest.objects.filter(ip="198.51.100.7").count() == PER_IP
