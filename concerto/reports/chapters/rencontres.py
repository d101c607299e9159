"""Rencontres interprofessionnelles (reports.md `rencontres`): Agor'Add, webinars, groupes d'échange.

Per event type of the year: events held, participants (presences summed over the events, plus
the people behind a registrant's shared screen), registrations, attendance rate, answered
questionnaires and return rate, category shares among participants and among libéraux, each
question's answer shares, documents expected vs received; media views apart (`vues_media`),
never added to participants. Association-wide: events belong to no pôle.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Max

from concerto.events.models import EVENT_TYPES, ExpectedDocument, MediaView, Registration
from concerto.meetings.models import Attendance, Meeting
from concerto.nomenclatures.defaults import LIBERAUX
from concerto.nomenclatures.models import Label, ListKey

from ..numbers import ratio
from ..scope import Period


def _type_labels(year: int) -> list[Label]:
    return list(Label.objects.filter(list=ListKey.TYPE_REUNION, code__in=EVENT_TYPES).valid_in(year)
                .order_by("position", "pk"))


def _shares(counter: Counter, labels: list[str]) -> dict:
    total = sum(counter.values())
    names = labels + sorted(k for k in counter if k not in labels)
    return {name: {"count": counter.get(name, 0), "share": ratio(counter.get(name, 0), total)} for name in names}


def _one_type(meetings: list[Meeting], year: int) -> dict:
    from concerto.questionnaires.services import results

    ids = [m.pk for m in meetings]
    present = list(Attendance.objects.filter(meeting_id__in=ids, present=True)
                   .values_list("meeting_id", "person_id", "person__category__label", "person__category__group"))
    present_keys = {(m, p) for m, p, _, _ in present}
    regs = list(Registration.objects.filter(meeting_id__in=ids).values_list("meeting_id", "person_id", "extra_people"))
    extra = sum(n for m, p, n in regs if (m, p) in present_keys)
    participants = len(present) + extra
    documented = len({m for m, _, _, _ in present})
    from concerto.questionnaires.models import Answer

    answered = Answer.objects.filter(meeting_id__in=ids).values("response_ref").distinct().count()
    category_labels = list(Label.objects.filter(list=ListKey.CATEGORIE).exclude(code="patients").valid_in(year)
                           .order_by("position", "pk").values_list("label", flat=True))
    liberal_labels = list(Label.objects.filter(list=ListKey.CATEGORIE, group=LIBERAUX).valid_in(year)
                          .order_by("position", "pk").values_list("label", flat=True))
    categories = Counter(c for _, _, c, _ in present)
    liberaux = Counter(c for _, _, c, g in present if g == LIBERAUX)
    docs: dict[str, dict] = {}
    for kind, expected, received in ExpectedDocument.objects.filter(meeting_id__in=ids).values_list(
            "kind", "expected", "received"):
        label = ExpectedDocument.Kind(kind).label
        entry = docs.setdefault(label, {"attendus": 0, "recus": 0})
        entry["attendus"] += expected
        entry["recus"] += received
    # Views: each event's latest observation per platform, summed; the latest date kept.
    views: dict[str, dict] = {}
    latest = (MediaView.objects.filter(meeting_id__in=ids).values("meeting_id", "platform")
              .annotate(last=Max("observed_on")))
    for row in latest:
        view = MediaView.objects.get(meeting_id=row["meeting_id"], platform=row["platform"], observed_on=row["last"])
        label = MediaView.Platform(row["platform"]).label
        entry = views.setdefault(label, {"vues": 0, "date_observation": None})
        entry["vues"] += view.views
        entry["date_observation"] = max(filter(None, [entry["date_observation"], row["last"].isoformat()]))
    return {
        "nombre": len(meetings),
        "participants": participants,
        "inscrits": len(regs),
        "taux_presence": ratio(participants, len(regs)),
        "evenements_documentes": documented,
        "moyenne_participants": ratio(participants, documented, 2),
        "liberaux": sum(liberaux.values()),
        "moyenne_liberaux": ratio(sum(liberaux.values()), documented, 2),
        "questionnaires": answered,
        "taux_retour": ratio(answered, participants),
        "categories": _shares(categories, category_labels),
        "categories_liberaux": _shares(liberaux, liberal_labels),
        "reponses": results(ids, year),
        "documents": docs,
        "vues_media": views,
    }


def rencontres(period: Period | int) -> dict:
    """{type label: figures} for every event type valid in the year, zero counts included."""
    period = period if isinstance(period, Period) else Period(period)
    meetings = list(Meeting.objects.filter(type__code__in=EVENT_TYPES, date__gte=period.start,
                                           date__lte=period.end).select_related("type"))
    out = {}
    for label in _type_labels(period.year):
        out[label.label] = _one_type([m for m in meetings if m.type_id == label.pk], period.year)
    return out
