"""Presentations to partners and participations in their working groups (reports.md
`presentations`), and the partnership conventions (`conventions`)."""

from __future__ import annotations

from ..scope import Period


def _year(period: Period | int) -> int:
    return period.year if isinstance(period, Period) else period


def presentations(period: Period | int) -> dict:
    from concerto.partners.models import PartnerAction
    from concerto.partners.services import counts_by_kind, cpom_indicators

    year = _year(period)
    return {
        "par_nature": {PartnerAction.Kind(kind).label: n for kind, n in counts_by_kind(year).items()},
        "indicateurs_cpom": cpom_indicators(year),
    }


def conventions(period: Period | int) -> dict:
    from concerto.conventions.services import year_figures

    return year_figures(_year(period))
