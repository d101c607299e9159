"""The rules of CPOM actions, in one place: hours of a year, ETP, weighted evaluation totals,
survey shares, computed indicators, time sheets. Pages, the interchange import, the Bilan
(reports/chapters/actions.py) and the tests call these functions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum

from concerto.directory.models import Person

from .models import Action, ActionYear, Evaluation, Indicator, Scope, SurveyAnswer, TimeEntry

ZERO = Decimal("0")
MONTHS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]


# ---------------------------------------------------------------------------------------------
# Hours and ETP


def fte_hours() -> int:
    """Statutory annual hours of one full-time job (1607 in France), the ETP divisor."""
    return int(getattr(settings, "CONCERTO_ETP_HOURS", 1607))


def _round(value: Decimal, digits: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def etp(hours: Decimal | int | float | None, digits: int = 2) -> Decimal | None:
    """hours / fte_hours(), rounded half up (2 decimals: the JSON's figure, reports.md)."""
    if hours is None:
        return None
    return _round(Decimal(str(hours)) / Decimal(fte_hours()), digits)


def etp_digits(hours: Decimal | int | float | None) -> int:
    """Documents print 1 decimal, 2 when the ETP is under 0.2 (reports.md)."""
    value = etp(hours, 4)
    return 2 if value is not None and value < Decimal("0.2") else 1


def french_number(value: Decimal | int | float | None, digits: int | None = None) -> str:
    """« 25 732 », « 0,5 », « 16,4 »: French separators (no-break space for thousands)."""
    if value is None:
        return "–"
    number = Decimal(str(value))
    if digits is not None:
        number = _round(number, digits)
    elif number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    sign = "-" if number < 0 else ""
    text = f"{abs(number):f}"
    whole, _, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = "\u00a0".join(groups)  # no-break space: in every PDF font
    return sign + out + ("," + fraction if fraction else "")


def etp_text(hours: Decimal | int | float | None) -> str:
    return french_number(etp(hours, etp_digits(hours)), etp_digits(hours)) if hours is not None else "–"


def hours_text(hours: Decimal | int | float | None) -> str:
    return "–" if hours is None else f"{french_number(hours)} h"


@dataclass(frozen=True)
class YearHours:
    hours: Decimal | None
    from_sheets: bool  # True: sum of time sheets; False: the typed figure (or none)


def hours_of_years(years: Iterable[ActionYear]) -> dict[int, YearHours]:
    """Hours of each action-year: the sum of its time sheets of the year when any exists, else
    the typed figure (the issue's rule: the sheets are what staff recorded). One query."""
    years = list(years)
    if not years:
        return {}
    wanted = Q()
    for ay in years:
        wanted |= Q(action_id=ay.action_id, date__year=ay.year)
    sums = {
        (row["action_id"], row["date__year"]): row["total"]
        for row in TimeEntry.objects.filter(wanted).values("action_id", "date__year")
        .annotate(total=Sum("hours")).order_by()
    }
    out = {}
    for ay in years:
        total = sums.get((ay.action_id, ay.year))
        out[ay.pk] = YearHours(total, True) if total is not None else YearHours(ay.hours, False)
    return out


def year_hours(action_year: ActionYear) -> YearHours:
    return hours_of_years([action_year])[action_year.pk]


def group_total(hours: Iterable[Decimal | None]) -> dict:
    """Hours summed; the ETP of a group is its summed hours / 1607, never a sum of rounded ETPs."""
    total = sum((h for h in hours if h is not None), ZERO)
    return {"heures": total, "etp": etp(total)}


# ---------------------------------------------------------------------------------------------
# Evaluations and surveys


def _weighted(rows: list[Evaluation], attr: str) -> Decimal | None:
    pairs = [(getattr(r, attr), r.participants) for r in rows if getattr(r, attr) is not None]
    weight = sum(n for _, n in pairs)
    if not weight:
        return None
    return _round(sum(Decimal(v) * n for v, n in pairs) / weight, 4)


def _gain(pre: Decimal | None, post: Decimal | None) -> Decimal | None:
    return None if pre is None or post is None else post - pre


def evaluation_table(rows: Iterable[Evaluation]) -> dict:
    """Per site: participants, pre, post, gain = post − pre, satisfaction; total: participants
    summed, pre / post / satisfaction weighted by participants (4 decimals), gain of the means."""
    rows = list(rows)
    sites = [{
        "site": r.site, "participants": r.participants, "pre_test": r.pre_test, "post_test": r.post_test,
        "gain": _gain(r.pre_test, r.post_test), "satisfaction": r.satisfaction,
    } for r in rows]
    pre, post = _weighted(rows, "pre_test"), _weighted(rows, "post_test")
    total = {
        "site": "Total", "participants": sum(r.participants for r in rows), "pre_test": pre, "post_test": post,
        "gain": _gain(pre, post), "satisfaction": _weighted(rows, "satisfaction"),
    }
    return {"sites": sites, "total": total if rows else None}


def _share(part: int, whole: int | None) -> float | None:
    return round(part / whole, 4) if whole else None


def survey_tables(answers: Iterable[SurveyAnswer]) -> list[dict]:
    """One table per question, in the order entered: each answer's count, `pct_obs` (over the
    question's respondents; the citations when none is given) and `pct_cit` (over citations)."""
    questions: dict[str, list[SurveyAnswer]] = {}
    for answer in answers:
        questions.setdefault(answer.question, []).append(answer)
    tables = []
    for question, rows in questions.items():
        citations = sum(r.count for r in rows)
        respondents = next((r.respondents for r in rows if r.respondents), None) or citations
        tables.append({
            "question": question, "repondants": respondents, "citations": citations,
            "reponses": [{"reponse": r.answer, "nombre": r.count, "pct_obs": _share(r.count, respondents),
                          "pct_cit": _share(r.count, citations)} for r in rows],
        })
    return tables


# ---------------------------------------------------------------------------------------------
# Indicators computed from Concerto's own report


def _key_figure(name: str) -> Callable[[int], float | int]:
    def compute(year: int):
        # The annual report's own function: the figure is never computed a second way here.
        from concerto.reports.chapters.chiffres_cles import chiffres_cles

        return chiffres_cles(year)[name]

    return compute


def _organised_by_poles(year: int) -> int:
    from concerto.meetings.models import Meeting
    from concerto.poles.services import organised_by_poles

    return organised_by_poles(Meeting.objects.filter(date__year=year, cancelled_on__isnull=True))


# key -> (French label, function of the year)
REPORT_FIGURES: dict[str, tuple[str, Callable[[int], float | int]]] = {
    "intervisions": ("Nombre d'Intervisions de l'année", _key_figure("intervisions")),
    "poles_actifs": ("Nombre de sites concernés (pôles actifs)", _key_figure("poles_actifs")),
    "comites_de_pilotage": ("Comités de pilotage", _key_figure("comites_de_pilotage")),
    "reunions": ("Réunions (Intervisions et comités de pilotage)", _key_figure("reunions")),
    "situations": ("Situations étudiées", _key_figure("situations")),
    "patients_distincts": ("Patients différents", _key_figure("patients_distincts")),
    "participants": ("Participants aux Intervisions", _key_figure("participants")),
    "participations": ("Participations aux Intervisions", _key_figure("participations")),
    "nouveaux_liberaux": ("Nouveaux libéraux", _key_figure("nouveaux_liberaux")),
    "medecins_traitants_connus": ("Médecins traitants connus", _key_figure("medecins_traitants_connus")),
    "medecins_traitants_invites": ("Médecins traitants invités", _key_figure("medecins_traitants_invites")),
    "medecins_traitants_presents": ("Médecins traitants présents", _key_figure("medecins_traitants_presents")),
    # From each pôle's organiser history (poles.services.organised_by_poles).
    "intervisions_organisees_poles": ("Intervisions organisées directement par les pôles", _organised_by_poles),
}


def _partners_figure(name: str) -> Callable[[int], int]:
    def compute(year: int) -> int:
        from concerto.partners.services import cpom_indicators

        return cpom_indicators(year)[name]

    return compute


# Figures counted from the presentations and working groups (concerto.partners, seed-spec B.18).
REPORT_FIGURES.update({
    "presentations_intervision": (
        "Présentations de l'Intervision aux acteurs du premier recours",
        _partners_figure("Nombre de présentations de l'Intervision auprès des acteurs du premier recours")),
    "groupes_de_travail": (
        "Participations à des groupes de travail des acteurs de la coordination",
        _partners_figure("Nombre de participations à des groupes de travail avec les acteurs de la coordination "
                         "des soins")),
})


def figure_choices() -> list[tuple[str, str]]:
    return [("", "— valeur saisie —")] + [(key, label) for key, (label, _) in REPORT_FIGURES.items()]


def check_source(source: str) -> None:
    if source and source not in REPORT_FIGURES:
        raise ValidationError(
            f"Chiffre du rapport inconnu : « {source} ». Chiffres possibles : {', '.join(REPORT_FIGURES)}."
        )


def indicator_value(indicator: Indicator, cache: dict | None = None) -> Decimal | int | float | None:
    """The typed value, or the report figure it points at for the indicator's year."""
    if not indicator.source:
        return indicator.value
    cache = {} if cache is None else cache
    key = (indicator.source, indicator.year)
    if key not in cache:
        cache[key] = REPORT_FIGURES[indicator.source][1](indicator.year)
    return cache[key]


def indicator_rows(indicators: Iterable[Indicator], cache: dict | None = None) -> list[dict]:
    cache = {} if cache is None else cache
    return [{
        "indicateur": i.label, "valeur": indicator_value(i, cache), "unite": i.unit,
        "portee": Scope(i.scope).label, "territoire": i.territory, "calcule": bool(i.source),
        "source": i.source,
    } for i in indicators]


# ---------------------------------------------------------------------------------------------
# Ordering


def number_key(ref: str) -> tuple:
    """« Action 15-13 » → (15, 13): actions sort by their numbers, not as text."""
    digits = "".join(c if c.isdigit() else " " for c in ref).split()
    return tuple(int(d) for d in digits) or (10**6,), ref


def ordered_years(year: int) -> list[ActionYear]:
    """The action-years of `year`, in the order of the axes, then of the actions' numbers."""
    rows = ActionYear.objects.filter(year=year).select_related("action", "action__axe", "status")
    return sorted(rows, key=lambda ay: (ay.action.axe.position, ay.action.axe.label, number_key(ay.action.ref)))


# ---------------------------------------------------------------------------------------------
# Time sheets


def staff_members() -> list[Person]:
    """People who record hours: those with time sheets, and those whose e-mail is an
    association account's (admin or staff)."""
    from concerto.accounts.models import Role, User

    query = Q(time_entries__isnull=False)
    for email in (User.objects.filter(role__in=[Role.ADMIN, Role.STAFF]).exclude(email="")
                  .values_list("email", flat=True)):
        query |= Q(email__iexact=email)
    return list(Person.objects.filter(query).distinct().order_by("last_name", "first_name"))


def person_of_user(user) -> Person | None:
    if not getattr(user, "email", ""):
        return None
    return Person.objects.filter(email__iexact=user.email).order_by("pk").first()


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_days(monday: dt.date) -> list[dt.date]:
    return [monday + dt.timedelta(days=i) for i in range(5)]


def week_entries(person: Person, monday: dt.date) -> dict[tuple[int, dt.date], Decimal]:
    days = week_days(monday)
    return {(e.action_id, e.date): e.hours for e in
            TimeEntry.objects.filter(person=person, date__range=(days[0], days[-1]))}


def save_week(person: Person, monday: dt.date, hours: dict[tuple[int, dt.date], Decimal | None]) -> dict:
    """Set the person's hours of the week: a cell with hours creates or updates its sheet, an
    empty or zero cell deletes it. One transaction; returns counts of what changed."""
    days = set(week_days(monday))
    for (_, day), value in hours.items():
        if day not in days:
            raise ValidationError(f"Le {day:%d/%m/%Y} n'est pas un jour de la semaine du {monday:%d/%m/%Y}.")
        if value is not None and (value < 0 or value > 24):
            raise ValidationError(f"Le {day:%d/%m/%Y} : {french_number(value)} h, attendu entre 0 et 24 heures.")
    counts = {"created": 0, "updated": 0, "deleted": 0}
    with transaction.atomic():
        current = {(e.action_id, e.date): e for e in TimeEntry.objects.select_for_update()
                   .filter(person=person, date__in=days)}
        for key, value in hours.items():
            entry = current.get(key)
            if not value:
                if entry is not None:
                    entry.delete()
                    counts["deleted"] += 1
                continue
            if entry is None:
                TimeEntry.objects.create(action_id=key[0], date=key[1], person=person, hours=value)
                counts["created"] += 1
            elif entry.hours != value:
                entry.hours = value
                entry.save(update_fields=["hours"])
                counts["updated"] += 1
    return counts


def staff_month_table(person: Person, year: int) -> dict:
    """A staff member's hours of the year per action and per month, with totals and ETP."""
    rows: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO] * 12)
    for entry in (TimeEntry.objects.filter(person=person, date__year=year)
                  .values("action_id", "date__month").annotate(total=Sum("hours")).order_by()):
        rows[entry["action_id"]][entry["date__month"] - 1] = entry["total"]
    actions = {a.pk: a for a in Action.objects.filter(pk__in=rows).select_related("axe")}
    ordered = sorted(rows, key=lambda pk: (actions[pk].axe.position, number_key(actions[pk].ref)))
    lines = [{"action": actions[pk], "mois": rows[pk], "total": sum(rows[pk], ZERO)} for pk in ordered]
    months = [sum((line["mois"][m] for line in lines), ZERO) for m in range(12)]
    total = sum(months, ZERO)
    return {"lignes": lines, "mois": months, "total": total, "etp": etp(total)}
