"""iCalendar (RFC 5545) events attached to invitations, relances and cancellation notices.

One builder for every app that invites people to a dated meeting (Intervisions, webinars…):
`calendar_event` writes the VCALENDAR text of one event from plain values, `meeting_event`
fills those values from a `meetings.Meeting`, and `ics_attachment` wraps the text as an e-mail
attachment whose content type carries the iTIP method (« text/calendar; method=REQUEST »), which
is what makes Outlook, Thunderbird and phone mail apps offer « Accepter / Refuser ».

Times are written in UTC (the « Z » form), so that no VTIMEZONE block is needed; a meeting
without a start time is an all-day event. The UID is stable per meeting and the SEQUENCE grows
with each change of date, time or place (Meeting.ics_sequence), so a relance or a cancellation
updates the event already in the calendar instead of adding another one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from .services import Attachment

REQUEST = "REQUEST"
CANCEL = "CANCEL"
METHODS = (REQUEST, CANCEL)
PRODID = "-//Concerto//Intervisions//FR"
UID_DOMAIN = "concerto.local"  # the right-hand part of every UID: stable whatever the server's name
DEFAULT_DURATION = dt.timedelta(hours=2)  # a start time without an end: a usual Intervision
PARIS = ZoneInfo("Europe/Paris")


@dataclass(frozen=True)
class CalendarEvent:
    """What an invitation's calendar entry says, in French; start/end naive = Europe/Paris."""

    uid: str
    summary: str
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date | None = None
    sequence: int = 0
    location: str = ""
    description: str = ""
    url: str = ""
    organizer_name: str = ""
    organizer_email: str = ""
    attendees: tuple[str, ...] = ()  # e-mail addresses


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma escaped, newlines as \\n."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line cut into 75-octet pieces (§3.1), never inside a UTF-8 character."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    pieces, current, limit = [], b"", 75
    for char in line:
        size = len(char.encode())
        if len(current) + size > limit:
            pieces.append(current.decode())
            current, limit = b"", 74  # continuation lines start with a space
        current += char.encode()
    pieces.append(current.decode())
    return "\r\n ".join(pieces)


def _utc(value: dt.datetime) -> str:
    if timezone.is_naive(value):
        value = value.replace(tzinfo=PARIS)
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _when(name: str, value: dt.datetime | dt.date) -> str:
    if isinstance(value, dt.datetime):
        return f"{name}:{_utc(value)}"
    return f"{name};VALUE=DATE:{value:%Y%m%d}"


def calendar_event(event: CalendarEvent, method: str = REQUEST, *, now: dt.datetime | None = None) -> str:
    """The VCALENDAR text of one event (CRLF line ends, folded lines)."""
    if method not in METHODS:
        raise ValueError(f"Méthode iCalendar inconnue : {method}")
    end = event.end
    if end is None:
        end = event.start + (DEFAULT_DURATION if isinstance(event.start, dt.datetime) else dt.timedelta(days=1))
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", f"METHOD:{method}",
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"SEQUENCE:{event.sequence}",
        f"DTSTAMP:{_utc(now or timezone.now())}",
        _when("DTSTART", event.start),
        _when("DTEND", end),
        f"SUMMARY;LANGUAGE=fr:{escape_text(event.summary)}",
    ]
    if event.location:
        lines.append(f"LOCATION;LANGUAGE=fr:{escape_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION;LANGUAGE=fr:{escape_text(event.description)}")
    if event.url:
        lines.append(f"URL:{event.url}")
    if event.organizer_email:
        cn = f";CN={_param(event.organizer_name)}" if event.organizer_name else ""
        lines.append(f"ORGANIZER{cn}:mailto:{event.organizer_email}")
    for address in event.attendees:
        lines.append(f"ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:{address}")
    lines += [
        f"STATUS:{'CANCELLED' if method == CANCEL else 'CONFIRMED'}",
        "TRANSP:OPAQUE",
        "END:VEVENT", "END:VCALENDAR",
    ]
    return "\r\n".join(fold(line) for line in lines) + "\r\n"


def _param(value: str) -> str:
    """A parameter value (CN=…): quoted, without the characters a quoted value cannot hold."""
    return '"' + value.replace('"', "'").replace("\r", " ").replace("\n", " ") + '"'


def _organizer() -> tuple[str, str]:
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return name or "Concerto", address


def meeting_uid(meeting) -> str:
    return f"reunion-{meeting.ref}@{UID_DOMAIN}"


def meeting_summary(meeting) -> str:
    pole = f" — pôle {meeting.pole}" if meeting.pole_id else ""
    return f"{meeting.type}{pole}"


def meeting_description(meeting, extra: str = "") -> str:
    """The event's French text: what, when, where, the visio link. Never a patient's code."""
    lines = [f"{meeting.type} du {meeting.date:%d/%m/%Y}" + (f", pôle {meeting.pole}" if meeting.pole_id else "")]
    if meeting.start_time:
        hours = f"{meeting.start_time:%H:%M}" + (f" à {meeting.end_time:%H:%M}" if meeting.end_time else "")
        lines.append(f"Horaire : {hours.replace(':', 'h')}")
    lines.append(f"Modalité : {meeting.modality}")
    if meeting.lieu:
        lines.append(f"Lieu : {meeting.lieu}")
    if meeting.visio_url:
        lines.append(f"Lien de visio : {meeting.visio_url}")
    if meeting.theme:
        lines.append(f"Thème : {meeting.theme}")
    if extra:
        lines += ["", extra]
    return "\n".join(lines)


def meeting_event(meeting, *, attendees: tuple[str, ...] = (), extra: str = "") -> CalendarEvent:
    """The calendar entry of a meeting (Intervision, webinar…)."""
    if meeting.start_time:
        start = dt.datetime.combine(meeting.date, meeting.start_time)
        end = dt.datetime.combine(meeting.date, meeting.end_time) if meeting.end_time else None
    else:
        start, end = meeting.date, None
    location = meeting.lieu or ("Visioconférence" if meeting.visio_url else "")
    name, address = _organizer()
    return CalendarEvent(
        uid=meeting_uid(meeting), summary=meeting_summary(meeting), start=start, end=end,
        sequence=meeting.ics_sequence, location=location, description=meeting_description(meeting, extra),
        url=meeting.visio_url, organizer_name=name, organizer_email=address, attendees=attendees)


def ics_attachment(event: CalendarEvent, method: str = REQUEST, filename: str = "invitation.ics") -> Attachment:
    """The event as an e-mail attachment « text/calendar; method=… » (see send_email)."""
    return Attachment(filename, calendar_event(event, method).encode(), f"text/calendar; method={method}")


def meeting_attachment(meeting, method: str = REQUEST, *, attendee: str = "") -> Attachment:
    """The .ics of a meeting for one recipient: REQUEST for an invitation or relance, CANCEL for a notice."""
    event = meeting_event(meeting, attendees=(attendee,) if attendee else ())
    filename = "annulation.ics" if method == CANCEL else "invitation.ics"
    return ics_attachment(event, method, filename)
