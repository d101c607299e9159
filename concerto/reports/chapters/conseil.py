"""The scientific council (reports.md `conseil_scientifique`): presences / seats filled."""

from __future__ import annotations

from ..scope import Period


def conseil_scientifique(period: Period | int) -> dict:
    from concerto.council.services import year_figures

    year = period.year if isinstance(period, Period) else period
    return year_figures(year)
