"""Resources rules: counts per type and thématique of a year with their deltas (C.23), and the
rate limit of the public page and feed."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from concerto.nomenclatures.models import Label, ListKey

from .models import PublicHit, Resource

PUBLIC_PER_MINUTE = 60  # requests per client address and minute on the public page and feed


def counts_of(year: int) -> dict:
    """Published resources of `year` per type (every type valid in N, zeros included), per
    thématique, and how many the association created."""
    qs = Resource.objects.published().of_year(year)
    types = list(Label.objects.of(ListKey.TYPE_RESSOURCE).valid_in(year).order_by("position", "label"))
    themes = list(Label.objects.of(ListKey.THEMATIQUE_RESSOURCE).valid_in(year).order_by("position", "label"))
    per_type = {t.label: {"nombre": 0, "creees_par_association": 0} for t in types}
    per_theme = {t.label: 0 for t in themes}
    without_theme = 0
    created = 0
    for type_label, theme_label, own in qs.values_list("type__label", "theme__label", "created_by_association"):
        cell = per_type.setdefault(type_label, {"nombre": 0, "creees_par_association": 0})
        cell["nombre"] += 1
        if own:
            cell["creees_par_association"] += 1
            created += 1
        if theme_label:
            per_theme[theme_label] = per_theme.get(theme_label, 0) + 1
        else:
            without_theme += 1
    return {"par_type": per_type, "par_thematique": per_theme, "sans_thematique": without_theme,
            "total": sum(c["nombre"] for c in per_type.values()), "creees_par_association": created}


def type_codes() -> dict[str, str]:
    return dict(Label.objects.of(ListKey.TYPE_RESSOURCE).values_list("label", "code"))


def allow_public_request(ip: str | None) -> bool:
    """Count one public request of this address; False when it is over the limit this minute."""
    now = timezone.now()
    minute = now.replace(second=0, microsecond=0)
    key = (ip or "inconnue")[:64]
    try:
        with transaction.atomic():
            updated = PublicHit.objects.filter(ip=key, minute=minute).update(count=F("count") + 1)
            if not updated:
                PublicHit.objects.create(ip=key, minute=minute, count=1)
    except IntegrityError:  # another process created the row first
        PublicHit.objects.filter(ip=key, minute=minute).update(count=F("count") + 1)
    count = PublicHit.objects.filter(ip=key, minute=minute).values_list("count", flat=True).first() or 0
    if now.second < 2:
        PublicHit.objects.filter(minute__lt=minute - dt.timedelta(minutes=5)).delete()
    return count <= PUBLIC_PER_MINUTE
