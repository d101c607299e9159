"""Account security (issue 10): lockout, French password rules, idle sessions, TOTP."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from concerto.accounts.middleware import LAST_SEEN_KEY
from concerto.accounts.models import Role
from concerto.audit.models import AccessEvent, Kind
from concerto.factories import UserFactory

LOGIN = "/comptes/connexion/"
PASSWORD = "motdepasse-test"


def _login(client, username: str, password: str = PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


@pytest.mark.django_db
def test_twenty_wrong_passwords_lock_the_account_with_a_french_message_and_an_audit_row(client):
    UserFactory(username="claire", role=Role.COORDINATOR)
    for attempt in range(1, 20):
        response = _login(client, "claire", f"faux-{attempt}")
        assert response.status_code == 200, attempt
        assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.content.decode()
    response = _login(client, "claire", "faux-20")
    page = response.content.decode()
    assert response.status_code == 429
    assert "Connexion bloquée" in page and "Trop de mots de passe erronés (20 essais)" in page
    assert "bloquée pendant 30 minutes" in " ".join(page.split())
    # Locked: even the right password is refused now.
    response = _login(client, "claire")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    events = AccessEvent.objects.filter(kind=Kind.LOCKOUT)
    assert [(e.username, e.user) for e in events] == [("claire", None)]


@pytest.mark.django_db
def test_lockouts_are_listed_for_the_admin(client):
    UserFactory(username="claire")
    for attempt in range(20):
        _login(client, "claire", f"faux-{attempt}")
    client.force_login(UserFactory(username="chef", role=Role.ADMIN))
    response = client.get("/admin/axes/accessattempt/")
    assert response.status_code == 200
    assert "claire" in response.content.decode()


@pytest.mark.django_db
def test_password_rules_speak_french():
    user = UserFactory.build(username="claire", first_name="Claire")
    with pytest.raises(ValidationError) as error:
        validate_password("1234", user)
    messages = " ".join(error.value.messages)
    assert "Ce mot de passe est trop court" in messages
    assert "au minimum 12 caractères" in messages
    assert "entièrement numérique" in messages


@pytest.mark.django_db
def test_patient_data_roles_are_logged_out_after_inactivity(client, settings):
    settings.CONCERTO_IDLE_TIMEOUT_MINUTES = 30
    UserFactory(username="coord", role=Role.COORDINATOR)
    assert _login(client, "coord").status_code == 302
    assert client.get("/").status_code == 200
    assert client.session.get_expiry_age() == 30 * 60  # the cookie, not Django's two weeks

    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 31 * 60
    session.save()
    response = client.get("/reunions/", follow=True)
    assert response.redirect_chain[0][0].startswith(f"{LOGIN}?next=")
    assert "_auth_user_id" not in client.session
    assert "session a pris fin après 30 minutes d&#x27;inactivité" in response.content.decode()


@pytest.mark.django_db
def test_a_reader_keeps_the_default_session(client, settings):
    UserFactory(username="ars", role=Role.READER)
    _login(client, "ars")
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 3 * 3600
    session.save()
    assert client.get("/").status_code == 200
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def _code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the phone application shows (django-otp's own TOTP), `steps_ahead` periods later."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead):06d}"


@pytest.mark.django_db
@override_settings(CONCERTO_REQUIRE_2FA=True)
def test_required_two_factor_enrolment_then_code_at_each_login(client):
    UserFactory(username="equipe", role=Role.STAFF)
    assert _login(client, "equipe").status_code == 302
    response = client.get("/reunions/")
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/double-authentification/?next=")

    setup = client.get(response["Location"])
    page = setup.content.decode()
    assert "L'association demande la double authentification" in page
    assert "<svg" in page  # the QR code
    device = TOTPDevice.objects.get(user__username="equipe", confirmed=False)

    wrong = client.post("/comptes/double-authentification/", {"token": "000000", "next": "/reunions/"})
    assert "Code incorrect ou expiré" in wrong.content.decode()
    # django-otp then refuses even the right code for a second (doubling at each error).
    throttled = client.post("/comptes/double-authentification/", {"token": _code(device), "next": "/reunions/"})
    assert "Trop de codes erronés" in throttled.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # as if the delay had passed
    done = client.post("/comptes/double-authentification/", {"token": _code(device), "next": "/reunions/"})
    assert done.status_code == 302 and done["Location"] == "/reunions/"
    assert client.get("/reunions/").status_code == 200

    client.post("/comptes/deconnexion/")
    _login(client, "equipe")
    response = client.get("/")
    assert response["Location"].startswith("/comptes/double-authentification/verification/")
    assert client.get("/admin/").status_code == 302  # the admin site too
    wrong = client.post("/comptes/double-authentification/verification/", {"token": "12345a", "next": "/"})
    assert "Le code ne contient que des chiffres" in wrong.content.decode()
    # The enrolment code was for this period: the next period's code, as after 30 s.
    ok = client.post("/comptes/double-authentification/verification/", {"token": _code(device, 1), "next": "/"})
    assert ok.status_code == 302 and ok["Location"] == "/"
    assert client.get("/").status_code == 200


@pytest.mark.django_db
@override_settings(CONCERTO_REQUIRE_2FA=True)
def test_coordinators_are_not_required_to_enrol(client):
    UserFactory(username="coord", role=Role.COORDINATOR)
    _login(client, "coord")
    assert client.get("/reunions/").status_code == 200


@pytest.mark.django_db
def test_without_the_requirement_nobody_is_asked_for_a_code(client):
    UserFactory(username="equipe", role=Role.STAFF)
    _login(client, "equipe")
    assert client.get("/reunions/").status_code == 200
