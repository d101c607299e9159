"""Rules about situations used by the pages, the import and the reports alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from concerto.core.services import BoundedCount, bounded_count
from concerto.meetings.models import Meeting
from concerto.nomenclatures.models import Label, ListKey

from .codes import clean_patient_code
from .models import Patient, Situation

# Fiche fields a coordinator must fill (D.8 R2); label shown on the home page.
REQUIRED_FICHE_FIELDS: dict[str, str] = {
    "accord": "accord du patient",
    "demandeurs": "demandeur",
    "motifs": "motif",
    "problematiques": "problématique",
    "motivation": "motivation",
    "pistes": "pistes proposées",
    "objectif_atteint": "objectif atteint",
    "restitution_par": "restitution",
    "nouvelle_intervision": "nouvelle Intervision",
}
MULTI_FIELDS = ("demandeurs", "problematiques", "motifs", "difficultes", "pistes")


def with_completeness(situations: QuerySet[Situation]) -> QuerySet[Situation]:
    """Annotate whether each multi-choice list has a label, so that lists of situations
    get their completeness without loading every label (see missing_fiche_fields)."""
    through = {field: getattr(Situation, field).through for field in MULTI_FIELDS}
    return situations.annotate(
        **{
            f"has_{field}": Exists(model.objects.filter(situation_id=OuterRef("pk")))
            for field, model in through.items()
        }
    )


def missing_required(values: Mapping[str, object]) -> dict[str, str]:
    """The required fiche fields (name -> label) empty in `values`, a fiche's answers by field
    name (labels or None, lists or querysets of labels, booleans). The one completeness rule:
    the pages, the fiche form's « Terminer la fiche » and the lists of situations use it."""
    missing = {}
    for field, label in REQUIRED_FICHE_FIELDS.items():
        value = values.get(field)
        if value is None or value == "" or (field in MULTI_FIELDS and not value):
            missing[field] = label
    if values.get("nouvelle_intervision") and values.get("delai_nouvelle_intervision") is None:
        missing["delai_nouvelle_intervision"] = "délai de la nouvelle Intervision"
    return missing


def missing_fiche_fields(situation: Situation) -> list[str]:
    """Labels of the required fiche fields left empty.

    For lists of situations, annotate them with `with_completeness()` (or prefetch the lists).
    """
    values: dict[str, object] = {}
    for field in [*REQUIRED_FICHE_FIELDS, "delai_nouvelle_intervision"]:
        if field in MULTI_FIELDS:
            flag = getattr(situation, f"has_{field}", None)
            values[field] = flag if flag is not None else bool(getattr(situation, field).all())
        elif field == "nouvelle_intervision":
            values[field] = situation.nouvelle_intervision
        else:
            values[field] = getattr(situation, f"{field}_id")
    return list(missing_required(values).values())


def restudy_due_date(meeting_date: dt.date, months: int | None) -> dt.date | None:
    """Échéance of a re-study: meeting date + délai in calendar months."""
    if months is None:
        return None
    return meeting_date + relativedelta(months=months)


@dataclass(frozen=True)
class Restudy:
    situation: Situation
    due: dt.date | None
    realised_on: dt.date | None

    @property
    def realised(self) -> bool:
        return self.realised_on is not None

    @property
    def in_time(self) -> bool:
        return self.realised_on is not None and self.due is not None and self.realised_on <= self.due


def restudies(situations: QuerySet[Situation]) -> list[Restudy]:
    """Each situation needing a re-study, with its due date and the first later study of the patient.

    Realised = a later situation of the same patient (same pôle, same code) at a strictly
    later meeting date, in any year (reports.md).
    """
    needing = list(
        situations.filter(nouvelle_intervision=True).select_related(
            "meeting", "patient", "delai_nouvelle_intervision", "meeting__pole"
        )
    )
    patient_ids = {s.patient_id for s in needing}
    dates_by_patient: dict[int, list[dt.date]] = {}
    for patient_id, date in (
        Situation.objects.filter(patient_id__in=patient_ids)
        .values_list("patient_id", "meeting__date")
        .order_by("meeting__date")
    ):
        dates_by_patient.setdefault(patient_id, []).append(date)
    result = []
    for s in needing:
        later = [d for d in dates_by_patient.get(s.patient_id, []) if d > s.meeting.date]
        months = s.delai_nouvelle_intervision.months if s.delai_nouvelle_intervision_id else None
        result.append(Restudy(s, restudy_due_date(s.meeting.date, months), later[0] if later else None))
    return result


def incomplete_fiches(situations: QuerySet[Situation]) -> QuerySet[Situation]:
    """The situations whose fiche misses a required field, decided in SQL (the same fields as
    missing_required), so that a page counts and limits them without loading the history."""
    annotated = with_completeness(situations)
    condition = Q(nouvelle_intervision=True, delai_nouvelle_intervision__isnull=True)
    for field in REQUIRED_FICHE_FIELDS:
        condition |= Q(**{f"has_{field}": False}) if field in MULTI_FIELDS else Q(**{f"{field}__isnull": True})
    return annotated.filter(condition)


def due_window(start: dt.date, end: dt.date, months: int) -> tuple[dt.date, dt.date]:
    """The meeting dates whose re-study after `months` months falls due between `start` and
    `end` (restudy_due_date is monotonic, so they form one interval): its first and last day.
    Month ends make the plain subtraction a few days off either way; stepping fixes it."""
    day = dt.timedelta(days=1)
    first = start - relativedelta(months=months)
    while restudy_due_date(first, months) < start:
        first += day
    while restudy_due_date(first - day, months) >= start:
        first -= day
    last = end - relativedelta(months=months)
    while restudy_due_date(last + day, months) <= end:
        last += day
    while restudy_due_date(last, months) > end:
        last -= day
    return first, last


def open_restudies(
    situations: QuerySet[Situation], start: dt.date, end: dt.date, limit: int | None = None
) -> tuple[list[Restudy], BoundedCount]:
    """Re-studies falling due between `start` and `end` and not realised yet, by due date
    (the first `limit` of them; all when None), and how many there are (bounded_count).

    Same rules as restudies() (due = meeting date + délai; realised = a later study of the
    patient), read in SQL and bounded: for each délai of m months, the exact interval of
    meeting dates falling due in the window (due_window); within one délai the due dates follow
    the meeting dates, so the first `limit` of each délai are read in date order and merged.
    """
    later = Situation.objects.filter(patient_id=OuterRef("patient_id"), meeting__date__gt=OuterRef("meeting__date"))
    open_ones = situations.filter(nouvelle_intervision=True).filter(~Exists(later))
    # The délais' label ids by number of months: filtering on the ids (not joining the labels)
    # lets the planner start from the meetings of the window, not from every re-study ever asked.
    labels: dict[int, list[int]] = {}
    for pk, months in Label.objects.of(ListKey.DELAI).exclude(months=None).values_list("pk", "months"):
        labels.setdefault(months, []).append(pk)
    windows = {m: due_window(start, end, m) for m in sorted(labels)}
    condition = Q(pk__in=[])
    for m, (first, last) in windows.items():
        condition |= Q(delai_nouvelle_intervision_id__in=labels[m], meeting__date__range=(first, last))
    count = bounded_count(open_ones.filter(condition))
    shown: list[tuple[dt.date, int, Situation]] = []
    if limit != 0 and count:
        for m, (first, last) in windows.items():
            rows = (
                open_ones.filter(delai_nouvelle_intervision_id__in=labels[m], meeting__date__range=(first, last))
                .select_related("meeting__pole", "patient", "delai_nouvelle_intervision")
                .order_by("meeting__date", "pk")
            )
            rows = rows if limit is None else rows[:limit]
            shown += [(restudy_due_date(s.meeting.date, m), s.pk, s) for s in rows]
    shown.sort(key=lambda row: row[:2])
    return [Restudy(s, due, None) for due, _, s in (shown if limit is None else shown[:limit])], count


def patient_for_code(meeting: Meeting, raw_code: str) -> Patient:
    """The patient of the meeting's pôle with this code, created if new."""
    code = clean_patient_code(raw_code)
    patient, _ = Patient.objects.get_or_create(pole=meeting.pole, code=code)
    return patient


@transaction.atomic
def add_situation(meeting: Meeting, raw_code: str) -> Situation:
    """Add a patient situation to an Intervision (validated, all-or-nothing).

    A patient whose consent was given at an earlier study keeps it (the charter: consent
    need not be repeated), so the new fiche starts from the last recorded answer.
    """
    from concerto.meetings.checks import check_room_for_situation

    check_room_for_situation(meeting)
    patient = patient_for_code(meeting, raw_code) if meeting.pole_id else None
    situation = Situation(meeting=meeting, patient=patient)
    if patient is not None:
        previous = patient.situations.filter(meeting__date__lt=meeting.date, accord__isnull=False)
        last = previous.order_by("-meeting__date").first()
        if last is not None:
            situation.accord_id = last.accord_id
    situation.full_clean(exclude=["patient"] if patient is None else None, validate_constraints=False)
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction stays usable
            situation.save()
    except IntegrityError as error:
        # The same patient added at the same moment by another request (a double click):
        # the unique constraint let one through.
        if not Situation.objects.filter(meeting=meeting, patient=patient).exists():
            raise
        raise ValidationError(already_studied_message(patient.code)) from error
    return situation


def already_studied_message(code: str) -> str:
    return f"« {code} » est déjà à l'ordre du jour de cette Intervision."


@dataclass(frozen=True)
class Study:
    """One study of a patient, with its re-study follow-up when one was asked for."""

    situation: Situation
    restudy: Restudy | None

    @property
    def restudy_overdue(self) -> bool:
        r = self.restudy
        return r is not None and not r.realised and r.due is not None and r.due < dt.date.today()


def studies_by_patient(patient_ids: Iterable[int], exclude: Iterable[int] = ()) -> dict[int, list[Study]]:
    """For each patient, every situation but the excluded ones, oldest first, with the re-study
    that was due after it (same rule as restudies(): realised by the first later study of the
    patient, excluded ones included). One query whatever the number of patients."""
    wanted = {pk for pk in patient_ids if pk is not None}
    rows = list(
        Situation.objects.filter(patient_id__in=wanted)
        .select_related("meeting__type", "meeting__pole", "patient", "delai_nouvelle_intervision")
        .order_by("meeting__date", "pk")
    )
    dates: dict[int, list[dt.date]] = {}
    for s in rows:
        dates.setdefault(s.patient_id, []).append(s.meeting.date)
    excluded = set(exclude)
    result: dict[int, list[Study]] = {pk: [] for pk in wanted}
    for s in rows:
        if s.pk in excluded:
            continue
        restudy = None
        if s.nouvelle_intervision:
            later = next((d for d in dates[s.patient_id] if d > s.meeting.date), None)
            months = s.delai_nouvelle_intervision.months if s.delai_nouvelle_intervision_id else None
            restudy = Restudy(s, restudy_due_date(s.meeting.date, months), later)
        result[s.patient_id].append(Study(s, restudy))
    return result


def patient_studies(patient: Patient, exclude: Situation | None = None) -> list[Study]:
    """Every situation of the patient, oldest first, with the re-study that was due after it."""
    return studies_by_patient([patient.pk], [exclude.pk] if exclude is not None else []).get(patient.pk, [])
