"""Partners' rules: the CPOM indicators counted from presentations and working groups, the
engagement history (the current level is its latest step)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from concerto.poles.models import PoleEngagement

from .models import EngagementStep, PartnerAction

# CPOM indicators (seed-spec B.18) -> the kind of action they count.
CPOM_INDICATORS = {
    "Nombre de présentations de l'Intervision auprès des acteurs du premier recours": PartnerAction.Kind.PRESENTATION,
    "Nombre de participations à des groupes de travail avec les acteurs de la coordination des soins":
        PartnerAction.Kind.WORKING_GROUP,
    "Nombre de participations du médecin ressource à des Intervisions": PartnerAction.Kind.RESOURCE_DOCTOR,
}


def counts_by_kind(year: int) -> dict[str, int]:
    """Actions of the year per kind (every kind, zero counts included)."""
    counts = dict.fromkeys(PartnerAction.Kind.values, 0)
    for kind in PartnerAction.objects.filter(date__year=year).values_list("kind", flat=True):
        counts[kind] += 1
    return counts


def cpom_indicators(year: int) -> dict[str, int]:
    counts = counts_by_kind(year)
    return {name: counts[kind] for name, kind in CPOM_INDICATORS.items()}


@transaction.atomic
def record_engagement(pole, structure, level, since: dt.date, note: str = "") -> EngagementStep:
    """A new step of a CPTS / DAC's engagement; the pôle's current engagement follows the latest."""
    step, _ = EngagementStep.objects.update_or_create(pole=pole, structure=structure, since=since,
                                                      defaults={"level": level, "note": note})
    follow_latest(pole, structure)
    return step


def follow_latest(pole, structure) -> None:
    latest = EngagementStep.objects.filter(pole=pole, structure=structure).order_by("-since", "-pk").first()
    if latest is None:
        return
    current = PoleEngagement.objects.filter(pole=pole, structure=structure).first()
    if current is None:
        PoleEngagement.objects.create(pole=pole, structure=structure, level=latest.level, since=latest.since,
                                      note=latest.note)
    elif (current.level_id, current.since) != (latest.level_id, latest.since):
        current.level, current.since = latest.level, latest.since
        current.save(update_fields=["level", "since"])


def level_on(pole, structure, day: dt.date):
    """The engagement level a structure had towards a pôle on a date (None before its first step)."""
    step = (EngagementStep.objects.filter(pole=pole, structure=structure, since__lte=day)
            .select_related("level").order_by("-since", "-pk").first())
    return step.level if step else None
