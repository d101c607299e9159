"""The invitations' .ics: an RFC 5545 event in French, sent as « text/calendar; method=… »."""

from __future__ import annotations

import datetime as dt
import email
from email import policy

import pytest
from django.core import mail

from concerto.factories import MeetingFactory, label
from concerto.mailing.ics import (
    CANCEL,
    REQUEST,
    CalendarEvent,
    calendar_event,
    fold,
    meeting_attachment,
    meeting_event,
)
from concerto.mailing.services import send_email
from concerto.nomenclatures.models import ListKey
from concerto.tasks.testing import run_queued_tasks

pytestmark = pytest.mark.django_db


def parse(ics: str) -> dict[str, str]:
    """The VEVENT's properties (name with parameters → value), lines unfolded."""
    assert ics.endswith("\r\n") and "\n" not in ics.replace("\r\n", "")  # CRLF only
    unfolded = ics.replace("\r\n ", "")
    lines = unfolded.split("\r\n")[:-1]
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    props = {}
    for line in lines:
        name, _, value = line.partition(":")
        props.setdefault(name, value)
    return props


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def unescape(value: str) -> str:
    return value.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")


@pytest.fixture
def meeting(db):
    return MeetingFactory(
        ref="R-ABC123", date=dt.date(2026, 1, 15), start_time=dt.time(12, 30), end_time=dt.time(14, 0),
        modality=label(ListKey.MODALITE, "mixte"), lieu="CSAPA L'Envol, 3 rue Royale; salle 2",
        visio_url="https://visio.example.org/intervision-calais", pole__name="Calais")


def test_a_meeting_event_is_in_french_with_its_place_link_and_utc_times(meeting):
    props = parse(calendar_event(meeting_event(meeting)))
    assert props["METHOD"] == "REQUEST" and props["VERSION"] == "2.0"
    assert props["UID"] == "reunion-R-ABC123@concerto.local" and props["SEQUENCE"] == "0"
    # 12:30 in Paris in January (UTC+1) is 11:30 UTC.
    assert props["DTSTART"] == "20260115T113000Z" and props["DTEND"] == "20260115T130000Z"
    assert unescape(props["SUMMARY;LANGUAGE=fr"]) == "Intervision — pôle Calais"
    assert unescape(props["LOCATION;LANGUAGE=fr"]) == "CSAPA L'Envol, 3 rue Royale; salle 2"
    assert "\\," in props["LOCATION;LANGUAGE=fr"] and "\\;" in props["LOCATION;LANGUAGE=fr"]
    description = unescape(props["DESCRIPTION;LANGUAGE=fr"])
    assert "Intervision du 15/01/2026, pôle Calais" in description and "Horaire : 12h30 à 14h00" in description
    assert "Lien de visio : https://visio.example.org/intervision-calais" in description
    assert props["URL"] == "https://visio.example.org/intervision-calais"
    assert props["STATUS"] == "CONFIRMED" and props["ORGANIZER;CN=\"Concerto\""].startswith("mailto:")


def test_summer_time_an_all_day_meeting_and_a_missing_end(meeting):
    meeting.date = dt.date(2026, 6, 18)
    props = parse(calendar_event(meeting_event(meeting)))
    assert props["DTSTART"] == "20260618T103000Z"  # UTC+2 in June
    meeting.end_time = None
    assert parse(calendar_event(meeting_event(meeting)))["DTEND"] == "20260618T123000Z"  # two hours by default
    meeting.start_time = None
    props = parse(calendar_event(meeting_event(meeting)))
    assert props["DTSTART;VALUE=DATE"] == "20260618" and props["DTEND;VALUE=DATE"] == "20260619"


def test_the_uid_is_stable_and_the_sequence_grows_with_each_change_of_schedule(meeting):
    meeting.theme = "Sans effet sur l'agenda"
    meeting.save()
    meeting.refresh_from_db()
    assert meeting.ics_sequence == 0
    meeting.start_time = dt.time(13, 0)
    meeting.save()
    meeting.visio_url = "https://visio.example.org/autre"
    meeting.save()
    meeting.refresh_from_db()
    assert meeting.ics_sequence == 2
    props = parse(calendar_event(meeting_event(meeting), CANCEL))
    assert props["UID"] == "reunion-R-ABC123@concerto.local" and props["SEQUENCE"] == "2"
    assert props["METHOD"] == "CANCEL" and props["STATUS"] == "CANCELLED"


def test_long_lines_are_folded_at_75_octets_without_cutting_a_character():
    text = "é" * 100
    folded = fold(f"DESCRIPTION:{text}")
    assert all(len(line.encode()) <= 75 for line in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == f"DESCRIPTION:{text}"
    event = CalendarEvent(uid="x@y", summary="Réunion", start=dt.datetime(2026, 3, 1, 9, 0),
                          description="Une longue description, " * 20)
    ics = calendar_event(event)
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))
    with pytest.raises(ValueError):
        calendar_event(event, "PUBLISH")


def test_the_ics_reaches_the_outbox_as_text_calendar_with_its_method(meeting):
    send_email("essai", "lea@example.org", {"prenom": "Léa"},
               attachments=[meeting_attachment(meeting, REQUEST, attendee="lea@example.org")])
    send_email("essai", "paul@example.org", {"prenom": "Paul"}, attachments=[meeting_attachment(meeting, CANCEL)])
    assert run_queued_tasks() == 2
    parts = {}
    for sent in mail.outbox:
        parsed = email.message_from_bytes(sent.message().as_bytes(), policy=policy.default)
        [part] = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
        parts[sent.to[0]] = part
    request, cancel = parts["lea@example.org"], parts["paul@example.org"]
    assert request.get_param("method") == "REQUEST" and request.get_filename() == "invitation.ics"
    assert cancel.get_param("method") == "CANCEL" and cancel.get_filename() == "annulation.ics"
    # In the message, line ends are the mail transport's (CRLF on the wire): normalised here.
    props = parse(crlf(request.get_content()))
    assert props["METHOD"] == "REQUEST" and "mailto:lea@example.org" in "".join(
        v for k, v in props.items() if k.startswith("ATTENDEE"))
    assert "Lien de visio" in unescape(props["DESCRIPTION;LANGUAGE=fr"])
    assert parse(crlf(cancel.get_content()))["STATUS"] == "CANCELLED"
