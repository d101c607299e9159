"""A meeting's lifecycle: invitations by e-mail with their .ics, relances sent once by the
worker, cancellation notice, documents received, the guide's checks, the stage filter."""

from __future__ import annotations

import datetime as dt
import email
import html
from email import policy

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from concerto.factories import (
    AttendanceFactory,
    MeetingFactory,
    PersonFactory,
    SituationFactory,
    SituationInvitationFactory,
    label,
)
from concerto.mailing.models import EmailSending
from concerto.meetings.lifecycle import Stage, lifecycle, stage_of
from concerto.meetings.models import Meeting, MeetingDocument
from concerto.nomenclatures.models import ListKey
from concerto.tasks.models import ScheduledRun
from concerto.tasks.schedule import run_due_jobs
from concerto.tasks.testing import run_queued_tasks

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def calendar_part(message) -> email.message.Message:
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=policy.default)
    [part] = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    return part


@pytest.fixture
def upcoming(pole_a):
    """An Intervision in ten days with two situations, four people invited (one without e-mail)."""
    meeting = MeetingFactory(pole=pole_a, date=timezone.localdate() + dt.timedelta(days=10),
                             start_time=dt.time(12, 30), end_time=dt.time(14), lieu="MSP Blériot",
                             visio_url="https://visio.example.org/itv")
    first, second = SituationFactory(meeting=meeting), SituationFactory(meeting=meeting)
    people = [PersonFactory(email=f"p{i}@example.org") for i in range(3)] + [PersonFactory(email="")]
    for i, person in enumerate(people):
        SituationInvitationFactory(situation=first if i < 2 else second, person=person, present=False)
        AttendanceFactory(meeting=meeting, person=person, invited=True, present=False)
    return meeting


def test_sending_the_invitations_e_mails_each_invitee_once_with_its_ics(coord_client, upcoming):
    assert stage_of(upcoming) == Stage.PLANNED
    response = coord_client.post(reverse("meeting-send-invitations", args=[upcoming.pk]), follow=True)
    page = text(response)
    assert "3 invitation(s) envoyée(s) par courriel" in page and "à inviter par courrier" in page
    assert run_queued_tasks() == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["p0@example.org", "p1@example.org", "p2@example.org"]
    message = mail.outbox[0]
    assert message.subject.startswith("Invitation : Intervision du ") and "Bonjour Claire" in message.body
    assert "Lien de visio : https://visio.example.org/itv" in message.body
    part = calendar_part(message)
    assert part.get_param("method") == "REQUEST" and "UID:reunion-" in part.get_content()
    upcoming.refresh_from_db()
    assert upcoming.invitations_sent_at and stage_of(upcoming) == Stage.INVITED
    # Again: nobody new, nothing sent; a change of time sends the updated invitation to all.
    coord_client.post(reverse("meeting-send-invitations", args=[upcoming.pk]))
    assert run_queued_tasks() == 0
    upcoming.start_time = dt.time(13)
    upcoming.save()
    coord_client.post(reverse("meeting-send-invitations", args=[upcoming.pk]))
    assert run_queued_tasks() == 3
    assert "SEQUENCE:1" in calendar_part(mail.outbox[-1]).get_content()
    page = text(coord_client.get(reverse("meeting-detail", args=[upcoming.pk])))
    assert "Courriels envoyés (6)" in page and "p2@example.org" in page


def test_the_relance_is_sent_once_by_the_worker_even_when_everything_runs_twice(coord_client, upcoming):
    coord_client.post(reverse("meeting-send-invitations", args=[upcoming.pk]))
    run_queued_tasks()
    mail.outbox.clear()
    # Seven days before: the scheduler queues the relances, the worker sends them.
    eight_am = timezone.make_aware(dt.datetime.combine(upcoming.date - dt.timedelta(days=7), dt.time(8)))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.localdate", lambda *a, **k: eight_am.date())
        runs = run_due_jobs(eight_am)
        assert any(r.key == "relances-reunions" and r.result == "3 relance(s) mise(s) en file" for r in runs)
        assert run_queued_tasks() == 3
        assert run_queued_tasks() == 0  # the worker again: nothing left
        assert run_due_jobs(eight_am) == []  # the scheduler again the same day: not run twice
        # The next day (or after a lost ScheduledRun row), the job runs again but sends nothing new.
        ScheduledRun.objects.all().delete()
        again = run_due_jobs(eight_am)
        assert any(r.key == "relances-reunions" and r.result.startswith("0 relance") for r in again)
        assert run_queued_tasks() == 0
    assert len(mail.outbox) == 3 and all(m.subject.startswith("Rappel : ") for m in mail.outbox)
    assert "dans 7 jour(s)" in mail.outbox[0].body
    assert EmailSending.objects.filter(template_key="reunion-relance").count() == 3


def test_a_cancellation_needs_a_reason_and_notifies_those_invited(coord_client, upcoming):
    coord_client.post(reverse("meeting-send-invitations", args=[upcoming.pk]))
    run_queued_tasks()
    response = coord_client.post(reverse("meeting-cancel", args=[upcoming.pk]), {"motif": "  "}, follow=True)
    assert "Indiquez le motif de l'annulation." in text(response)
    coord_client.post(reverse("meeting-cancel", args=[upcoming.pk]), {"motif": "Expert indisponible"})
    assert run_queued_tasks() == 3
    notice = mail.outbox[-1]
    assert notice.subject.startswith("Annulée : ") and "Motif : Expert indisponible" in notice.body
    part = calendar_part(notice)
    assert part.get_param("method") == "CANCEL" and "STATUS:CANCELLED" in part.get_content()
    upcoming.refresh_from_db()
    assert stage_of(upcoming) == Stage.CANCELLED and upcoming.cancel_reason == "Expert indisponible"
    response = coord_client.post(reverse("meeting-send-invitations", args=[upcoming.pk]), follow=True)
    assert "Cette réunion a été annulée le" in text(response) and run_queued_tasks() == 0
    page = text(coord_client.get(reverse("meeting-detail", args=[upcoming.pk])))
    assert "motif : Expert indisponible" in page


def test_each_step_says_what_is_missing(coord_client, pole_a):
    meeting = MeetingFactory(pole=pole_a, date=dt.date(2024, 3, 12))
    SituationFactory(meeting=meeting)
    cycle = lifecycle(meeting)
    assert cycle.stage == Stage.HELD  # the date is past
    assert "présences non saisies" in cycle.next_missing and "feuille d'émargement non reçue" in cycle.next_missing
    assert "1 fiche incomplète" in cycle.next_missing
    future = MeetingFactory(pole=pole_a, date=timezone.localdate() + dt.timedelta(days=30))
    SituationFactory(meeting=future)
    SituationFactory(meeting=future)
    assert lifecycle(future).next_missing[:2] == ["2 situations sans invitation", "personne n'est invité"]
    # The signed sheet received, with its scan: documents reçus.
    scan = SimpleUploadedFile("feuille.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    response = coord_client.post(reverse("meeting-document-received", args=[meeting.pk]),
                                 {"kind": "emargement", "received_on": "2024-03-15", "scan": scan}, follow=True)
    assert "Feuille d'émargement : reçue le 15/03/2024." in text(response)
    document = MeetingDocument.objects.get(meeting=meeting)
    assert document.received_by.username == "coord-a" and bytes(document.scan) == b"%PDF-1.4 signed"
    assert stage_of(meeting) == Stage.DOCUMENTS
    download = coord_client.get(reverse("meeting-document-scan", args=[meeting.pk, "emargement"]))
    assert download.content == b"%PDF-1.4 signed"
    bad = SimpleUploadedFile("feuille.exe", b"MZ", content_type="application/x-msdownload")
    response = coord_client.post(reverse("meeting-document-received", args=[meeting.pk]),
                                 {"kind": "accord", "scan": bad}, follow=True)
    assert "Le scan doit être un PDF, un JPEG ou un PNG." in text(response)
    response = coord_client.post(reverse("meeting-document-received", args=[meeting.pk]),
                                 {"kind": "accord", "received_on": "31/02/2024"}, follow=True)
    assert "Date de réception invalide : « 31/02/2024 »" in text(response)


def test_the_list_filters_by_stage_and_staff_close_a_meeting(staff_client, pole_a):
    held = MeetingFactory(pole=pole_a, date=dt.date(2024, 3, 12))
    planned = MeetingFactory(pole=pole_a, date=timezone.localdate() + dt.timedelta(days=20))
    page = staff_client.get(reverse("meeting-list"), {"etape": "planifiee"}).content.decode()
    assert reverse("meeting-detail", args=[planned.pk]) in page
    assert reverse("meeting-detail", args=[held.pk]) not in page
    staff_client.post(reverse("meeting-close", args=[held.pk]))
    page = staff_client.get(reverse("meeting-list"), {"etape": "cloturee"}).content.decode()
    assert reverse("meeting-detail", args=[held.pk]) in page and "Clôturée" in page


# -- the guide's checks ----------------------------------------------------------------------

def test_a_sixth_situation_is_refused_in_french(coord_client, pole_a):
    meeting = MeetingFactory(pole=pole_a)
    for _ in range(5):
        SituationFactory(meeting=meeting)
    response = coord_client.post(reverse("meeting-add-situation", args=[meeting.pk]), {"code": "Jade D."})
    assert "Une Intervision étudie 5 situations au plus (guide de l'Intervision)" in text(response)
    assert meeting.situations.count() == 5


def test_the_pole_or_type_of_a_meeting_with_situations_cannot_change(coord_client, coordinator, pole_a):
    from concerto.factories import PoleFactory

    other = PoleFactory(name="Boulogne")
    coordinator.poles.add(other)
    meeting = MeetingFactory(pole=pole_a, date=dt.date(2024, 5, 14))
    SituationFactory(meeting=meeting)
    data = {"type": meeting.type_id, "pole": other.pk, "date": "14/05/2024",
            "modality": label(ListKey.MODALITE, "presentiel").pk}
    response = coord_client.post(reverse("meeting-edit", args=[meeting.pk]), data)
    assert "son pôle ne peut pas changer (les patients changeraient de pôle)" in text(response)
    data.update(pole=pole_a.pk, type=label(ListKey.TYPE_REUNION, "comite_pilotage").pk)
    response = coord_client.post(reverse("meeting-edit", args=[meeting.pk]), data)
    assert "elle reste une Intervision" in text(response)
    meeting.refresh_from_db()
    assert meeting.pole == pole_a and meeting.type.code == "intervision"
    assert meeting.situations.get().patient.pole == pole_a
    # Without situations the change is allowed.
    empty = MeetingFactory(pole=pole_a, date=dt.date(2024, 5, 14))
    data.update(pole=other.pk, type=empty.type_id)
    assert coord_client.post(reverse("meeting-edit", args=[empty.pk]), data).status_code == 302
    assert Meeting.objects.get(pk=empty.pk).pole == other


def test_the_guide_warnings_are_shown_on_the_meeting_page(coord_client, pole_a):
    meeting = MeetingFactory(pole=pole_a, expert=None)
    situation = SituationFactory(meeting=meeting, medecin_traitant=label(ListKey.CONNU, "oui"))
    for _ in range(9):
        SituationInvitationFactory(situation=situation)
    for _ in range(16):
        AttendanceFactory(meeting=meeting)
    page = text(coord_client.get(reverse("meeting-detail", args=[meeting.pk])))
    assert "16 participants : le guide recommande 15 participants au plus." in page
    assert "Aucun expert n'est prévu" in page
    assert f"9 personnes invitées pour « {situation.patient.code} »" in page
    assert f"Le médecin traitant de « {situation.patient.code} » est connu mais n'est pas invité." in page
