"""Events: public registration (matching, honeypot, rate limit, nothing else shown), e-mails,
visio attendance import of Zoom, Teams and Webex exports with a decision on unmatched lines."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from concerto.accounts.models import Role
from concerto.events import services
from concerto.events.models import Event, ImportLine, PublicHit, Registration
from concerto.factories import MeetingFactory, PersonFactory, PoleFactory, UserFactory, label
from concerto.mailing.models import EmailSending
from concerto.meetings.models import Attendance
from concerto.nomenclatures.models import ListKey

ZOOM = (b"Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
        b"Alice Durand,alice@example.org,02/11/2025 12:29:10 PM,02/11/2025 01:31:00 PM,62,No\n"
        b"Dr Bernard (Bruno Bernard),,02/11/2025 12:35:00 PM,02/11/2025 01:00:00 PM,25,Yes\n"
        b"Alice Durand,alice@example.org,02/11/2025 01:00:00 PM,02/11/2025 01:10:00 PM,10,No\n"
        b"iPhone de Claire,,02/11/2025 12:40:00 PM,02/11/2025 01:30:00 PM,50,Yes\n")
# Teams' export: UTF-16, tab-separated, a summary section above the participants.
TEAMS = ("1. Summary\nMeeting title\tWebinaire\nAttended participants\t2\n\n2. Participants\n"
         "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\n"
         "Alice Durand\t2/11/25, 12:30:00 PM\t2/11/25, 1:30:00 PM\t1h 27m 51s\talice@example.org\t"
         "alice@example.org\tAttendee\n"
         "Zoé Martin\t2/11/25, 12:31:00 PM\t2/11/25, 1:00:00 PM\t29m 10s\tzoe@example.org\tzoe@example.org\tAttendee\n"
         "\n3. In-Meeting Activities\nName\tJoin Time\n").encode("utf-16")
WEBEX = (b"Display Name,Attendee Email,Join Time,Leave Time,Attendance Duration\n"
         b"Alice Durand,alice@example.org,12:30,13:30,60 mins\n")


@pytest.fixture
def webinar(db):
    meeting = MeetingFactory(pole=None, type=label(ListKey.TYPE_REUNION, "webinaire"),
                             modality=label(ListKey.MODALITE, "visio"),
                             date=dt.date.today() + dt.timedelta(days=10), theme="Trouble lié à la prégabaline")
    services.event_of(meeting)
    return meeting


def _post(client, meeting, **data):
    base = {"last_name": "Durand", "first_name": "Alice", "email": "alice@example.org", "structure_name": "CPTS Lens",
            "fonction": "Infirmière", "category": label(ListKey.CATEGORIE, "infirmiers").pk, "consent_contact": "on"}
    key = Event.objects.get(meeting=meeting).public_key
    return client.post(reverse("event-register", kwargs={"key": key}), {**base, **data})


def test_public_registration_creates_the_person_and_sends_the_confirmation(webinar, client):
    response = _post(client, webinar)
    assert response.status_code == 200 and "Votre inscription" in response.content.decode()
    registration = Registration.objects.get(meeting=webinar)
    assert registration.person.email == "alice@example.org" and registration.consent_contact
    assert registration.source == Registration.Source.PUBLIC
    sending = EmailSending.objects.get(template_key="evenement-inscription")
    assert sending.recipient == "alice@example.org" and "Trouble lié à la prégabaline" in sending.subject
    # Registering again gives back the same registration (nothing doubled, no second e-mail).
    again = _post(client, webinar)
    assert "déjà inscrit" in again.content.decode()
    assert Registration.objects.count() == 1 and EmailSending.objects.count() == 1


def test_registration_matches_the_directory_person(webinar, client):
    person = PersonFactory(last_name="Durand", first_name="Alice", email="ALICE@example.org")
    _post(client, webinar)
    assert Registration.objects.get().person == person


def test_errors_are_french_and_nothing_is_stored(webinar, client):
    response = _post(client, webinar, email="pas-une-adresse", last_name="", category="")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Adresse e-mail invalide" in page and "Le champ « Nom » est obligatoire" in page
    assert "Choisissez votre catégorie" in page
    assert not Registration.objects.exists()


def test_honeypot_stores_nothing(webinar, client):
    response = _post(client, webinar, website="http://spam.example")
    assert response.status_code == 200 and not Registration.objects.exists()
    assert not EmailSending.objects.exists()


def test_public_pages_are_rate_limited(webinar, client):
    url = reverse("event-register", kwargs={"key": Event.objects.get(meeting=webinar).public_key})
    for _ in range(services.PUBLIC_PER_IP):
        assert client.get(url).status_code == 200
    refused = client.get(url)
    assert refused.status_code == 429 and "Trop de demandes" in refused.content.decode()
    assert PublicHit.objects.count() == services.PUBLIC_PER_IP


def test_public_page_shows_this_event_only(webinar, client):
    pole = PoleFactory(name="Douai")
    MeetingFactory(pole=pole, theme="Réunion secrète")
    PersonFactory(last_name="Secretnom")
    services.register(webinar, last_name="Autreinscrit", first_name="Paul", email="paul@example.org")
    key = Event.objects.get(meeting=webinar).public_key
    page = client.get(reverse("event-register", kwargs={"key": key})).content.decode()
    assert "Trouble lié à la prégabaline" in page and "SMS" in page
    for secret in ("Douai", "Réunion secrète", "Secretnom", "Autreinscrit", "paul@example.org"):
        assert secret not in page
    assert client.get(reverse("event-register", kwargs={"key": "inconnue"})).status_code == 404


def test_full_event_refuses_in_french(webinar):
    Event.objects.filter(meeting=webinar).update(capacity=1)
    services.register(webinar, last_name="Un", first_name="A", email="a@example.org")
    with pytest.raises(ValidationError, match="complet"):
        services.register(webinar, last_name="Deux", first_name="B", email="b@example.org")


def test_reminder_the_day_before_once(webinar):
    services.register(webinar, last_name="Durand", first_name="Alice", email="alice@example.org")
    day_before = webinar.date - dt.timedelta(days=1)
    assert services.send_reminders(day_before) == 1
    services.send_reminders(day_before)
    assert EmailSending.objects.filter(template_key="evenement-rappel").count() == 1
    assert services.send_reminders(webinar.date) == 0


@pytest.mark.parametrize("content,tool", [(ZOOM, "zoom"), (TEAMS, "teams"), (WEBEX, "webex")])
def test_exports_of_each_tool_are_read(content, tool):
    parsed = services.parse_attendance_export(content)
    assert parsed.tool == tool
    first = parsed.lines[0]
    assert (first.name, first.email) == ("Alice Durand", "alice@example.org")
    assert first.minutes == {"zoom": 62, "teams": 88, "webex": 60}[tool]
    if tool == "teams":
        assert [line.name for line in parsed.lines] == ["Alice Durand", "Zoé Martin"]  # activity section skipped


def test_unreadable_export_gets_a_french_message():
    with pytest.raises(ValidationError, match="En-tête introuvable"):
        services.parse_attendance_export(b"foo,bar\n1,2\n")
    with pytest.raises(ValidationError, match="Ligne 2 : durée « beaucoup » illisible"):
        services.parse_attendance_export(b"Name,Email,Duration\nA,a@x.org,beaucoup\n")


def test_import_matches_registrants_and_leaves_the_others_to_decide(webinar):
    alice = services.register(webinar, last_name="Durand", first_name="Alice", email="alice@example.org").registration
    bruno = services.register(webinar, last_name="Bernard", first_name="Bruno", email="bruno@ailleurs.org").registration
    record = services.import_attendance(webinar, ZOOM, "zoom.csv")
    lines = {line.name: line for line in record.lines.all()}
    assert len(lines) == 3  # Alice's two connections are one line of 72 minutes
    assert lines["Alice Durand"].minutes == 72 and lines["Alice Durand"].registration == alice
    assert lines["Dr Bernard (Bruno Bernard)"].registration == bruno  # matched by name
    claire = lines["iPhone de Claire"]
    assert claire.status == ImportLine.Status.PENDING
    assert set(Attendance.objects.filter(meeting=webinar, present=True).values_list("person", flat=True)) == {
        alice.person_id, bruno.person_id}
    # Decision: Claire watched behind Bruno's screen.
    services.resolve_line(claire, services.Decision.SCREEN, registration=bruno)
    figures = services.figures(webinar)
    assert (figures.registrants, figures.participants, figures.extra_people) == (2, 3, 1)
    with pytest.raises(ValidationError, match="déjà été traitée"):
        services.resolve_line(claire, services.Decision.IGNORE)


def test_import_page_and_decision(webinar, client):
    client.force_login(UserFactory(role=Role.STAFF))
    services.register(webinar, last_name="Durand", first_name="Alice", email="alice@example.org")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("event-import", kwargs={"pk": webinar.pk}),
                           {"file": SimpleUploadedFile("zoom.csv", ZOOM, "text/csv")}, follow=True)
    page = response.content.decode()
    assert "Zoom : 3 participant(s) lu(s), 1 reconnu(s), 2 à décider" in page
    line = ImportLine.objects.get(name="iPhone de Claire")
    client.post(reverse("event-resolve-line", kwargs={"pk": line.pk}),
                {"decision": "creer", "category": label(ListKey.CATEGORIE, "autres").pk, "last_name": "Petit",
                 "first_name": "Claire"})
    line.refresh_from_db()
    assert line.status == ImportLine.Status.CREATED
    assert (line.person.last_name, line.person.first_name) == ("Petit", "Claire")
    assert Attendance.objects.filter(meeting=webinar, person=line.person, present=True).exists()
    bad = client.post(reverse("event-import", kwargs={"pk": webinar.pk}),
                      {"file": SimpleUploadedFile("x.csv", b"a,b\n", "text/csv")}, follow=True)
    assert "Import refusé" in bad.content.decode() and "En-tête introuvable" in bad.content.decode()


def test_visio_link_to_registrants(webinar, client):
    services.register(webinar, last_name="Durand", first_name="Alice", email="alice@example.org")
    with pytest.raises(ValidationError, match="Aucun lien"):
        services.send_visio_link(webinar)
    if hasattr(webinar, "visio_url"):
        webinar.visio_url = "https://zoom.us/j/123"
        webinar.save()
        assert services.send_visio_link(webinar) == 1
        assert "https://zoom.us/j/123" in EmailSending.objects.get(template_key="evenement-lien-visio").body_text


def test_documents_reminder_to_the_co_organiser(db):
    from concerto.factories import StructureFactory

    cpts = StructureFactory(name="CPTS ASNO")
    PersonFactory(structure=cpts, email="coord@asno.fr")
    meeting = MeetingFactory(pole=None, type=label(ListKey.TYPE_REUNION, "agoradd"), date=dt.date(2025, 11, 13))
    Event.objects.create(meeting=meeting, co_organiser=cpts)
    docs = services.expected_documents(meeting)
    assert [d.kind for d in docs] == ["emargement", "questionnaires"]
    assert services.remind_documents(meeting, today=dt.date(2025, 12, 1)) == 1
    sending = EmailSending.objects.get(template_key="evenement-documents")
    assert sending.recipient == "coord@asno.fr" and "Feuille d'émargement : 1 manquant(s)" in sending.body_text
    assert all(d.reminded_on == dt.date(2025, 12, 1) for d in services.expected_documents(meeting))
    mail.outbox.clear()
