"""Acceptance 6: patient-level pages and downloads leave one row each; only the admin reads them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from concerto.accounts.models import Role
from concerto.audit.models import AccessEvent, Kind
from concerto.audit.services import record_access
from concerto.factories import MeetingFactory, PatientFactory, PoleFactory, SituationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def situation():
    pole = PoleFactory(name="Calais")
    meeting = MeetingFactory(pole=pole, date=dt.date(2024, 5, 14))
    return SituationFactory(meeting=meeting, patient=PatientFactory(pole=pole, code="Bruno M."))


def test_situation_page_leaves_one_row(client, situation):
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR, poles=[situation.meeting.pole])
    client.force_login(coordinator)
    response = client.get(reverse("situation-detail", args=[situation.pk]), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    event = AccessEvent.objects.get()
    assert (event.user, event.username, event.kind) == (coordinator, "coord", Kind.PAGE)
    assert (event.object_type, event.object_id) == ("situation", str(situation.pk))
    assert "Bruno M." in event.what and event.scope == "Calais · 2024"
    assert event.ip == "10.1.2.3"


def test_pole_report_download_leaves_one_row(client, situation):
    staff = UserFactory(role=Role.STAFF)
    client.force_login(staff)
    pole = situation.meeting.pole
    response = client.get(reverse("report-pole-download", args=[2024, pole.pk, "json"]))
    assert response.status_code == 200
    event = AccessEvent.objects.get()
    assert event.kind == Kind.DOWNLOAD and event.object_type == "rapport"
    assert event.what.endswith(".json") and event.what in response["Content-Disposition"]
    assert event.scope == "Calais · 2024"


def test_refused_or_missing_pages_are_not_accesses(client, situation):
    other = UserFactory(role=Role.COORDINATOR, poles=[PoleFactory(name="Douai")])
    client.force_login(other)
    assert client.get(reverse("situation-detail", args=[situation.pk])).status_code == 404
    client.force_login(UserFactory(role=Role.READER))
    assert client.get(reverse("situation-detail", args=[situation.pk])).status_code == 403
    assert not AccessEvent.objects.exists()


def test_export_download_is_recorded(client, situation):
    client.force_login(UserFactory(role=Role.STAFF))
    response = client.get(reverse("export-download") + "?format=zip")
    assert response.status_code == 200
    event = AccessEvent.objects.get()
    assert event.kind == Kind.DOWNLOAD and event.what.startswith("concerto-export-")


@pytest.mark.parametrize("role", [Role.READER, Role.COORDINATOR, Role.STAFF])
def test_only_the_admin_sees_the_journal(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("audit-list")).status_code == 403


def test_journal_filters_and_pages(client, situation):
    admin = UserFactory(username="adm", role=Role.ADMIN)
    other = UserFactory(username="autre", role=Role.STAFF)
    for i in range(60):
        record_access(other, Kind.PAGE, f"Situation n°{i}")
    record_access(None, Kind.LOCKOUT, "Connexion bloquée", username="inconnu")
    client.force_login(admin)
    page = client.get(reverse("audit-list"))
    assert page.status_code == 200 and "61 accès enregistrés" in page.content.decode()
    assert "Page 1 / 2" in page.content.decode()
    locks = client.get(reverse("audit-list"), {"kind": Kind.LOCKOUT}).content.decode()
    assert "1 accès enregistré " in locks and "inconnu" in locks
    mine = client.get(reverse("audit-list"), {"user": other.pk, "du": dt.date.today().isoformat()}).content.decode()
    assert "60 accès enregistrés" in mine
    none = client.get(reverse("audit-list"), {"au": "2000-01-01"}).content.decode()
    assert "Aucun accès" in none
    # The journal page itself is not a patient-level page.
    assert AccessEvent.objects.count() == 61


def test_a_lockout_is_recorded_from_a_request_without_user(rf):
    """How the login-throttling hook calls the service (the request may not be authenticated yet)."""
    request = rf.post("/comptes/connexion/", REMOTE_ADDR="198.51.100.7")
    event = record_access(request, Kind.LOCKOUT, "Connexion bloquée après 20 essais", username="claire")
    assert (event.user, event.username, event.ip, event.kind) == (None, "claire", "198.51.100.7", Kind.LOCKOUT)
