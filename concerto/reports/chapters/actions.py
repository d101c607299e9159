"""The « Bilan des actions CPOM » (reports.md « CPOM actions »): one function per table.

Each function takes the year (or the `ActionsData` already loaded for it) and returns plain
data — the JSON contract — that the web page, XLSX, DOCX and PDF render as they are. The
rules (hours of a year, ETP, weighted totals, survey bases) are those of cpom.services.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cached_property

from concerto.cpom import services
from concerto.cpom.models import ActionYear, Evaluation, Indicator, SurveyAnswer


def _num(value):
    """JSON numbers: integers stay integers (774), decimals become floats (0.48)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _json(data):
    if isinstance(data, dict):
        return {k: _json(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_json(v) for v in data]
    return _num(data)


class ActionsData:
    """What one Bilan reads, loaded once (a handful of queries whatever the number of actions)."""

    def __init__(self, year: int) -> None:
        self.year = year

    @cached_property
    def years(self) -> list[ActionYear]:
        return services.ordered_years(self.year)

    @cached_property
    def hours(self) -> dict[int, services.YearHours]:
        return services.hours_of_years(self.years)

    def _by_action(self, model) -> dict[int, list]:
        out: dict[int, list] = {}
        for row in model.objects.filter(year=self.year, action__in=[ay.action_id for ay in self.years]):
            out.setdefault(row.action_id, []).append(row)
        return out

    @cached_property
    def indicators(self) -> dict[int, list[Indicator]]:
        return self._by_action(Indicator)

    @cached_property
    def evaluations(self) -> dict[int, list[Evaluation]]:
        return self._by_action(Evaluation)

    @cached_property
    def surveys(self) -> dict[int, list[SurveyAnswer]]:
        return self._by_action(SurveyAnswer)


def _data(year: int | ActionsData) -> ActionsData:
    return year if isinstance(year, ActionsData) else ActionsData(year)


def sommaire(year: int | ActionsData) -> list[dict]:
    """Table of contents: the axes in their order, each with its actions."""
    d = _data(year)
    out: list[dict] = []
    for ay in d.years:
        if not out or out[-1]["axe"] != ay.action.axe.label:
            out.append({"axe": ay.action.axe.label, "actions": []})
        out[-1]["actions"].append({"action": ay.action.ref, "titre": ay.action.title})
    return out


def actions(year: int | ActionsData) -> list[dict]:
    """Per action: its title, hours and ETP, status, indicators, evaluations, surveys, texts."""
    d = _data(year)
    cache: dict = {}
    out = []
    for ay in d.years:
        a = ay.action
        hours = d.hours[ay.pk]
        out.append(_json({
            "action": a.ref, "axe": a.axe.label, "titre": a.title,
            "heures": hours.hours, "etp": services.etp(hours.hours),
            "heures_source": "feuilles de temps" if hours.from_sheets else "saisie",
            "statut": ay.status.label if ay.status else "",
            "objectifs": a.objectives, "partenaires": a.partners, "territoires": a.territories,
            "realisations": ay.realisations, "perspectives": ay.perspectives, "financement": ay.financing,
            "indicateurs": services.indicator_rows(d.indicators.get(a.pk, []), cache),
            "evaluations": services.evaluation_table(d.evaluations.get(a.pk, [])),
            "enquetes": services.survey_tables(d.surveys.get(a.pk, [])),
        }))
    return out


def par_axe(year: int | ActionsData) -> dict[str, dict]:
    """Hours and ETP per axe: the axe's summed hours / 1607 (not a sum of rounded ETPs)."""
    d = _data(year)
    groups: dict[str, list] = {}
    for ay in d.years:
        groups.setdefault(ay.action.axe.label, []).append(d.hours[ay.pk].hours)
    return {axe: _json({"actions": len(h), **services.group_total(h)}) for axe, h in groups.items()}


def total(year: int | ActionsData) -> dict:
    d = _data(year)
    hours = [d.hours[ay.pk].hours for ay in d.years]
    return _json({"actions": len(hours), **services.group_total(hours)})


def build_actions_report(year: int) -> dict:
    """The whole Bilan of `year` as one JSON-ready dict."""
    d = ActionsData(year)
    return {
        "annee": year,
        "periode": str(year),
        "perimetre": {"nom": "Association", "region": True, "poles": []},
        "diviseur_etp": services.fte_hours(),
        "sommaire": sommaire(d),
        "actions": actions(d),
        "par_axe": par_axe(d),
        "total": total(d),
    }
