"""Rules of events: registration, e-mails, visio attendance import, documents, figures.

Pages, the interchange, the demo, the daily jobs and the report all call these functions.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from concerto.directory.models import Person, Structure
from concerto.mailing.services import Attachment, send_email
from concerto.meetings.models import Attendance, Meeting
from concerto.nomenclatures.models import Label, ListKey, normalize_label

from .models import EVENT_TYPES, AttendanceImport, Event, ExpectedDocument, ImportLine, PublicHit, Registration

# Public pages: requests per IP address per hour (registration and questionnaire pages).
PUBLIC_WINDOW = dt.timedelta(hours=1)
PUBLIC_PER_IP = 30
RATE_LIMITED = ("Trop de demandes depuis votre connexion : réessayez dans une heure, "
                "ou écrivez à l'association.")
MAX_ATTENDANCE_BYTES = 2 * 1024 * 1024
MAX_ATTENDANCE_LINES = 5000
QUESTIONNAIRE_REMINDER_DAYS = 7  # a reminder to participants who have not answered, a week after


def is_event(meeting: Meeting) -> bool:
    return meeting.type.code in EVENT_TYPES


def event_of(meeting: Meeting) -> Event:
    """The event settings of a meeting of an event type (created on first use)."""
    event, _ = Event.objects.get_or_create(meeting=meeting)
    return event


def events_qs():
    return Meeting.objects.filter(type__code__in=EVENT_TYPES)


def public_url(path: str) -> str:
    base = getattr(settings, "CONCERTO_PUBLIC_URL", "").rstrip("/")
    return f"{base}{path}"


# ---------------------------------------------------------------------------------------------
# Rate limit of the public pages


def public_refusal(ip: str | None, page: str) -> str | None:
    """French reason to refuse one more public request from this IP now, or None (then counted)."""
    since = timezone.now() - PUBLIC_WINDOW
    with transaction.atomic():
        if ip and PublicHit.objects.filter(ip=ip, created_at__gte=since).count() >= PUBLIC_PER_IP:
            return RATE_LIMITED
        PublicHit.objects.create(ip=ip, page=page)
    PublicHit.objects.filter(created_at__lt=since - PUBLIC_WINDOW).delete()
    return None


# ---------------------------------------------------------------------------------------------
# People


def _clean(text: str) -> str:
    return " ".join((text or "").split())


def find_person(last_name: str, first_name: str, email: str) -> Person | None:
    """The directory's person for these details: same e-mail first, then same first and last
    name (accents and case ignored) when exactly one person has them."""
    email = (email or "").strip()
    if email:
        by_mail = list(Person.objects.filter(email__iexact=email)[:2])
        if len(by_mail) == 1:
            return by_mail[0]
    if not last_name:
        return None
    key = (normalize_label(last_name), normalize_label(first_name))
    candidates = [p for p in Person.objects.filter(last_name__iexact=last_name.strip())
                  if (normalize_label(p.last_name), normalize_label(p.first_name)) == key]
    return candidates[0] if len(candidates) == 1 else None


def _structure_named(name: str) -> Structure | None:
    name = _clean(name)
    if not name:
        return None
    return Structure.objects.filter(name__iexact=name).first()


def default_category() -> Label:
    return Label.objects.filter(list=ListKey.CATEGORIE, code="autres").first() or \
        Label.objects.filter(list=ListKey.CATEGORIE).first()


def create_person(last_name: str, first_name: str, email: str, category: Label | None,
                  structure_name: str = "", fonction: str = "") -> Person:
    return Person.objects.create(
        last_name=_clean(last_name), first_name=_clean(first_name), email=(email or "").strip(),
        category=category or default_category(), structure=_structure_named(structure_name),
        profession=_clean(fonction)[:120])


# ---------------------------------------------------------------------------------------------
# Registration


@dataclass
class RegistrationResult:
    registration: Registration
    created: bool  # False: this person was already registered


def register(meeting: Meeting, *, last_name: str, first_name: str, email: str, structure_name: str = "",
             fonction: str = "", category: Label | None = None, consent_contact: bool = False,
             source: str = Registration.Source.STAFF, extra_people: int = 0) -> RegistrationResult:
    """Register someone to an event: matches the directory's person or creates one. A second
    registration of the same person gives back the first one (nothing duplicated)."""
    if not _clean(last_name):
        raise ValidationError({"last_name": "Le nom est obligatoire."})
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        event = event_of(meeting)
        person = find_person(last_name, first_name, email)
        if person is not None:
            existing = Registration.objects.filter(meeting=meeting, person=person).first()
            if existing is not None:
                return RegistrationResult(existing, False)
        if event.capacity and Registration.objects.filter(meeting=meeting).count() >= event.capacity:
            raise ValidationError("Cet événement est complet : plus aucune place n'est disponible.")
        if person is None:
            person = create_person(last_name, first_name, email, category, structure_name, fonction)
        else:
            # Fill what the directory lacked (never overwrite what staff entered).
            changed = []
            if not person.email and email:
                person.email, changed = email.strip(), [*changed, "email"]
            if not person.structure_id and (structure := _structure_named(structure_name)):
                person.structure, changed = structure, [*changed, "structure"]
            if changed:
                person.save(update_fields=changed)
        registration = Registration.objects.create(
            meeting=meeting, person=person, last_name=_clean(last_name), first_name=_clean(first_name),
            email=(email or "").strip(), structure_name=_clean(structure_name), fonction=_clean(fonction),
            category=category or person.category, consent_contact=consent_contact, source=source,
            extra_people=extra_people)
    return RegistrationResult(registration, True)


def visio_url(meeting: Meeting) -> str:
    return getattr(meeting, "visio_url", "") or ""


def _when(meeting: Meeting) -> str:
    text = f"{meeting.date:%d/%m/%Y}"
    if meeting.start_time:
        text += f" à {meeting.start_time:%H:%M}".replace(":", "h", 1)
    return text


def _context(registration: Registration) -> dict:
    meeting = registration.meeting
    return {
        "prenom": registration.first_name, "nom": registration.last_name,
        "evenement": meeting.theme or str(meeting.type), "type": str(meeting.type), "quand": _when(meeting),
        "lieu": meeting.lieu, "lien_visio": visio_url(meeting),
    }


def ics_attachment(meeting: Meeting) -> list[Attachment]:
    """The invitation (.ics) from the project's one builder (concerto.mailing.ics), when present."""
    try:
        from concerto.mailing import ics
    except ImportError:  # the builder is another app's; without it the e-mail goes without
        return []
    builder = getattr(ics, "meeting_attachment", None)
    if builder is None:
        return []
    return [builder(meeting)]


def send_confirmation(registration: Registration) -> None:
    if not registration.email:
        return
    send_email("evenement-inscription", registration.email, _context(registration),
               attachments=ics_attachment(registration.meeting), dedup_key=f"evenement-inscription:{registration.pk}",
               related=registration)


def send_visio_link(meeting: Meeting, user=None) -> int:
    """The visio link to every registrant with an e-mail (once each per link)."""
    link = visio_url(meeting)
    if not link:
        raise ValidationError("Aucun lien de visioconférence n'est renseigné pour cet événement.")
    sent = 0
    for registration in Registration.objects.filter(meeting=meeting).exclude(email="").select_related("meeting"):
        send_email("evenement-lien-visio", registration.email, _context(registration), user=user,
                   dedup_key=f"evenement-lien:{registration.pk}:{abs(hash(link)) % 10**8}", related=registration)
        sent += 1
    return sent


def send_reminders(today: dt.date | None = None) -> int:
    """The day before an event, a reminder to each registrant (the daily job)."""
    today = today or timezone.localdate()
    sent = 0
    tomorrow = today + dt.timedelta(days=1)
    for registration in (Registration.objects.filter(meeting__date=tomorrow, meeting__type__code__in=EVENT_TYPES)
                         .exclude(email="").select_related("meeting", "meeting__type")):
        send_email("evenement-rappel", registration.email, _context(registration),
                   dedup_key=f"evenement-rappel:{registration.pk}", related=registration)
        sent += 1
    return sent


# ---------------------------------------------------------------------------------------------
# Presence


def mark_present(meeting: Meeting, person: Person, remote: bool | None = None) -> Attendance:
    remote = meeting.is_visio if remote is None else remote
    attendance, created = Attendance.objects.get_or_create(
        meeting=meeting, person=person, defaults={"present": True, "remote": remote})
    if not created and not attendance.present:
        attendance.present, attendance.remote = True, remote
        attendance.save(update_fields=["present", "remote"])
    return attendance


@dataclass
class EventFigures:
    registrants: int
    participants: int  # presences, plus the people behind a registrant's screen
    present_registrants: int
    answered: int
    extra_people: int

    @property
    def rate(self) -> float | None:
        return self.participants / self.registrants if self.registrants else None

    @property
    def return_rate(self) -> float | None:
        return self.answered / self.participants if self.participants else None


def figures(meeting: Meeting) -> EventFigures:
    from concerto.questionnaires.models import Answer

    present = set(Attendance.objects.filter(meeting=meeting, present=True).values_list("person_id", flat=True))
    regs = list(Registration.objects.filter(meeting=meeting).values("person_id", "extra_people"))
    extra = sum(r["extra_people"] for r in regs if r["person_id"] in present)
    present_regs = sum(1 for r in regs if r["person_id"] in present)
    answered = Answer.objects.filter(meeting=meeting).values("response_ref").distinct().count()
    return EventFigures(len(regs), len(present) + extra, present_regs, answered, extra)


# ---------------------------------------------------------------------------------------------
# Visio attendance exports


@dataclass
class ParsedLine:
    name: str
    email: str
    minutes: int
    position: int


@dataclass
class ParsedExport:
    tool: str
    lines: list[ParsedLine] = field(default_factory=list)


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", normalize_label(text))


# Column names of each tool's participants export (see the report of issue 17 for the sources):
# Zoom « Name (Original Name) », « User Email », « Duration (Minutes) » / « Total Duration (Minutes) »;
# Teams « Name » (older: « Full Name »), « Email », « In-Meeting Duration » (« 1h 27m 51s »);
# Webex « Display Name » (or « Name »), « Attendee Email » (or « Email »), « Attendance Duration ».
NAME_COLUMNS = {"zoom": ["nameoriginalname", "participant"], "teams": ["fullname"],
                "webex": ["displayname", "attendeename"], "autre": ["name", "nom", "nomprenom", "participant"]}
EMAIL_COLUMNS = ["useremail", "attendeeemail", "email", "participantidupn", "adressemail", "mail", "courriel"]
DURATION_COLUMNS = ["durationminutes", "totaldurationminutes", "inmeetingduration", "attendanceduration",
                    "duration", "duree", "dureeminutes"]


def _decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError("Fichier illisible : enregistrez-le en CSV (UTF-8).")


def _minutes(text: str) -> int:
    """« 45 », « 45 mins », « 1h 27m 51s », « 01:27:51 » → whole minutes."""
    text = (text or "").strip().lower()
    if not text:
        return 0
    if re.fullmatch(r"\d+(?:[.,]\d+)?", text):
        return round(float(text.replace(",", ".")))
    if m := re.fullmatch(r"(\d+):(\d{1,2})(?::(\d{1,2}))?", text):
        h, mnt, s = int(m[1]), int(m[2]), int(m[3] or 0)
        return h * 60 + mnt + (1 if s >= 30 else 0) if m[3] is not None else h * 60 + mnt
    hours = re.search(r"(\d+)\s*h", text)
    mins = re.search(r"(\d+)\s*m(?:in)?", text)
    secs = re.search(r"(\d+)\s*s", text)
    if hours or mins or secs:
        total = (int(hours[1]) * 60 if hours else 0) + (int(mins[1]) if mins else 0)
        return total + (1 if secs and int(secs[1]) >= 30 else 0)
    raise ValueError(text)


def parse_attendance_export(content: bytes) -> ParsedExport:
    """The participant lines of a Zoom, Teams or Webex export (CSV, comma, semicolon or tab;
    Teams' summary section above the participants is skipped). French errors name the line."""
    if len(content) > MAX_ATTENDANCE_BYTES:
        raise ValidationError("Fichier trop volumineux (2 Mo au plus pour une liste de présence).")
    text = _decode(content)
    rows_text = text.splitlines()
    header_at, tool, cols = None, None, {}
    for index, raw in enumerate(rows_text[:200]):
        delimiter = "\t" if raw.count("\t") >= max(raw.count(","), raw.count(";")) and "\t" in raw else (
            ";" if raw.count(";") > raw.count(",") else ",")
        cells = next(csv.reader([raw], delimiter=delimiter), [])
        keys = [_key(c) for c in cells]
        name_col = None
        for candidate_tool, names in NAME_COLUMNS.items():
            for name in names:
                if name in keys:
                    name_col, tool = keys.index(name), candidate_tool
                    break
            if name_col is not None:
                break
        if name_col is None:
            continue
        email_col = next((keys.index(k) for k in EMAIL_COLUMNS if k in keys), None)
        duration_col = next((keys.index(k) for k in DURATION_COLUMNS if k in keys), None)
        if "participantidupn" in keys or "inmeetingduration" in keys or "firstjoin" in keys:
            tool = "teams"
        elif "attendeeemail" in keys or "attendanceduration" in keys:
            tool = "webex"
        elif "useremail" in keys or "nameoriginalname" in keys:
            tool = "zoom"
        header_at, cols = index, {"name": name_col, "email": email_col, "duration": duration_col,
                                  "delimiter": delimiter}
        break
    if header_at is None:
        raise ValidationError("En-tête introuvable : le fichier doit avoir une colonne de nom (Zoom « Name "
                              "(Original Name) », Teams « Name », Webex « Display Name ») et, si possible, "
                              "l'e-mail et la durée.")
    parsed = ParsedExport(tool or AttendanceImport.Tool.OTHER)
    reader = csv.reader(rows_text[header_at + 1:], delimiter=cols["delimiter"])
    for offset, cells in enumerate(reader, start=header_at + 2):
        if not any(c.strip() for c in cells):
            if parsed.lines:  # Teams: a blank line ends the participants section
                break
            continue
        if len(parsed.lines) >= MAX_ATTENDANCE_LINES:
            raise ValidationError(f"Plus de {MAX_ATTENDANCE_LINES} participants : est-ce bien une liste de présence ?")

        def cell(col, cells=cells):
            return cells[col].strip() if col is not None and col < len(cells) else ""
        name = _clean(cell(cols["name"]))
        if not name:
            continue
        try:
            minutes = _minutes(cell(cols["duration"]))
        except ValueError:
            raise ValidationError(f"Ligne {offset} : durée « {cell(cols['duration'])} » illisible "
                                  f"(attendu : minutes, « 1h 27m 51s » ou « 01:27:51 »).") from None
        parsed.lines.append(ParsedLine(name, cell(cols["email"]).lower(), minutes, offset))
    if not parsed.lines:
        raise ValidationError("Aucun participant trouvé sous l'en-tête du fichier.")
    return parsed


def _merge_rejoins(lines: list[ParsedLine]) -> list[ParsedLine]:
    """One line per participant: someone who left and came back has their durations summed."""
    merged: dict[str, ParsedLine] = {}
    for line in lines:
        key = line.email or f"nom:{normalize_label(line.name)}"
        if key in merged:
            merged[key].minutes += line.minutes
        else:
            merged[key] = ParsedLine(line.name, line.email, line.minutes, line.position)
    return list(merged.values())


def _split_name(display: str) -> tuple[str, str]:
    """(last, first) of a display name « Prénom Nom » (Zoom's « (Original Name) » removed)."""
    display = re.sub(r"\s*\([^)]*\)\s*$", "", display).strip()
    if "," in display:
        last, first = display.split(",", 1)
        return last.strip(), first.strip()
    parts = display.split()
    if len(parts) == 1:
        return parts[0], ""
    return " ".join(parts[1:]), parts[0]


def _names_match(display: str, first: str, last: str) -> bool:
    """The registrant's first and last name are the words of the display name, or of Zoom's
    « (Original Name) » in brackets."""
    want = set(normalize_label(f"{first} {last}").replace("-", " ").split())
    inside = re.findall(r"\(([^)]*)\)", display)
    for text in [re.sub(r"\([^)]*\)", " ", display), *inside]:
        if want and want <= set(normalize_label(text).replace("-", " ").split()):
            return True
    return False


@transaction.atomic
def import_attendance(meeting: Meeting, content: bytes, file_name: str, user=None) -> AttendanceImport:
    """Read a visio export for an event: each line matched to a registrant (e-mail, then name),
    else to the directory (then present without registration: a shared link), else left « à
    décider ». Matched people are marked present."""
    parsed = parse_attendance_export(content)
    record = AttendanceImport.objects.create(meeting=meeting, tool=parsed.tool, file_name=file_name[:250],
                                             imported_by=user)
    registrations = list(Registration.objects.filter(meeting=meeting))
    for line in _merge_rejoins(parsed.lines):
        registration = None
        if line.email:
            registration = next((r for r in registrations if r.email.lower() == line.email), None)
        if registration is None:
            by_name = [r for r in registrations if _names_match(line.name, r.first_name, r.last_name)]
            registration = by_name[0] if len(by_name) == 1 else None
        person = registration.person if registration else None
        status = ImportLine.Status.MATCHED if registration else ImportLine.Status.PENDING
        if registration is None:
            last, first = _split_name(line.name)
            person = find_person(last, first, line.email)
            if person is not None:
                status = ImportLine.Status.PERSON
        ImportLine.objects.create(attendance_import=record, position=line.position, name=line.name[:250],
                                  email=line.email[:254], minutes=line.minutes, status=status,
                                  registration=registration, person=person)
        if person is not None:
            mark_present(meeting, person, remote=True)
    return record


class Decision:
    REGISTRATION = "inscription"  # this line is that registrant
    SCREEN = "ecran"  # one more person behind that registrant's screen
    PERSON = "personne"  # that person of the directory (not registered)
    CREATE = "creer"  # a new person of the directory
    IGNORE = "ignorer"  # not a participant (the host's test, a duplicate…)


@transaction.atomic
def resolve_line(line: ImportLine, decision: str, *, registration: Registration | None = None,
                 person: Person | None = None, category: Label | None = None, last_name: str = "",
                 first_name: str = "") -> ImportLine:
    """Staff's decision for an unmatched line of a visio import."""
    line = ImportLine.objects.select_for_update().select_related("attendance_import__meeting").get(pk=line.pk)
    meeting = line.attendance_import.meeting
    if line.status not in (ImportLine.Status.PENDING,):
        raise ValidationError("Cette ligne a déjà été traitée.")
    if decision in (Decision.REGISTRATION, Decision.SCREEN):
        if registration is None or registration.meeting_id != meeting.pk:
            raise ValidationError("Choisissez une personne inscrite à cet événement.")
        if decision == Decision.REGISTRATION:
            line.registration, line.person, line.status = registration, registration.person, ImportLine.Status.MATCHED
            if registration.person_id:
                mark_present(meeting, registration.person, remote=True)
        else:
            registration.extra_people += 1
            registration.save(update_fields=["extra_people"])
            line.registration, line.status = registration, ImportLine.Status.MATCHED
            if registration.person_id:
                mark_present(meeting, registration.person, remote=True)
    elif decision == Decision.PERSON:
        if person is None:
            raise ValidationError("Choisissez une personne de l'annuaire.")
        line.person, line.status = person, ImportLine.Status.PERSON
        mark_present(meeting, person, remote=True)
    elif decision == Decision.CREATE:
        last, first = (last_name, first_name) if _clean(last_name) else _split_name(line.name)
        line.person = create_person(last, first, line.email, category)
        line.status = ImportLine.Status.CREATED
        mark_present(meeting, line.person, remote=True)
    elif decision == Decision.IGNORE:
        line.status = ImportLine.Status.IGNORED
    else:
        raise ValidationError("Décision inconnue.")
    line.save(update_fields=["registration", "person", "status"])
    return line


# ---------------------------------------------------------------------------------------------
# Documents expected from the co-organiser (R4)


def expected_documents(meeting: Meeting) -> list[ExpectedDocument]:
    """The documents expected after an event: attendance sheet and questionnaires for an
    Agor'Add (made on first use; questionnaires expected = participants)."""
    docs = list(ExpectedDocument.objects.filter(meeting=meeting))
    if not docs and meeting.type.code == "agoradd":
        n = figures(meeting).participants
        docs = [ExpectedDocument.objects.create(meeting=meeting, kind=ExpectedDocument.Kind.SIGN_IN, expected=1),
                ExpectedDocument.objects.create(meeting=meeting, kind=ExpectedDocument.Kind.QUESTIONNAIRES,
                                                expected=max(1, n))]
    return docs


def co_organiser_contacts(meeting: Meeting) -> list[str]:
    event = Event.objects.filter(meeting=meeting).select_related("co_organiser").first()
    structure = event.co_organiser if event and event.co_organiser_id else meeting.organiser
    if structure is None:
        return []
    return sorted({p.email for p in Person.objects.filter(structure=structure).exclude(email="")})


def remind_documents(meeting: Meeting, user=None, today: dt.date | None = None) -> int:
    """E-mail the co-organiser's contacts about the documents still missing; notes the date."""
    today = today or timezone.localdate()
    missing = [d for d in expected_documents(meeting) if d.missing]
    if not missing:
        raise ValidationError("Tous les documents attendus ont été reçus.")
    contacts = co_organiser_contacts(meeting)
    if not contacts:
        raise ValidationError("Aucune adresse e-mail connue pour la structure co-organisatrice "
                              "(ajoutez une personne de cette structure avec son e-mail à l'annuaire).")
    lines = "\n".join(f"- {d.get_kind_display()} : {d.missing} manquant(s) sur {d.expected}" for d in missing)
    send_email("evenement-documents", contacts, {
        "evenement": meeting.theme or str(meeting.type), "quand": _when(meeting), "documents": lines},
        user=user, dedup_key=f"evenement-documents:{meeting.pk}:{today.isoformat()}", related=meeting)
    ExpectedDocument.objects.filter(pk__in=[d.pk for d in missing]).update(reminded_on=today)
    return len(contacts)


def registrations_url(meeting: Meeting) -> str:
    return reverse("event-detail", kwargs={"pk": meeting.pk})


def public_registration_url(meeting: Meeting) -> str:
    return public_url(reverse("event-register", kwargs={"key": event_of(meeting).public_key}))

