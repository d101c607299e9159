"""The pôle ressource report (reports.md « The pôle ressource report », seed-spec C.25).

One function per table of Héméra's report, named after its JSON key, each returning plain
data. What a table counts is decided here once:
- tables 1–2 count the members of year N (persons with a *profession d'adhérent*);
- tables 3–5 count the natures ticked (a request with three natures counts three);
- tables 6–7 count the requests;
- tables 8–10 count the responses (the tools ticked; usually one per request).
Tables 3–10 cover the mission « Appui aux professionnels »; the requests of the DAC's case
coordinators (mission II) are reported apart (`appui_dac`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from concerto.directory.models import Territory
from concerto.nomenclatures.defaults import APPUI_DAC, PATIENTS_ENTOURAGE
from concerto.nomenclatures.models import Label, ListKey

from ..numbers import ratio

TOTAL = "Total"
GRAND_TOTAL = "Total général"
SUBTOTAL_PROS = "Sous-total professionnels"
SUBTOTAL_PATIENTS = "Sous-total patients et entourage"
NOT_GIVEN = "Non renseigné"
REPORT_KEY = "pole-ressource"


@dataclass
class Request:
    """One request as the tables read it (labels and territory names, not ids)."""

    requester: str
    professional: bool
    cpts: str | None
    cls: str | None
    mode: str | None
    natures: list[str] = field(default_factory=list)
    responses: list[str] = field(default_factory=list)
    orientations: list[str] = field(default_factory=list)
    dac: bool = False


class AdviceData:
    """Everything the tables of year N read, fetched once (a few queries, whatever the size)."""

    def __init__(self, year: int) -> None:
        self.year = year

    def labels(self, list_key: str, *, exclude_group: str | None = None) -> list[Label]:
        """Labels valid in N, in the list's order (the rows or columns of a table)."""
        qs = Label.objects.of(list_key).valid_in(self.year).order_by("position", "label")
        if exclude_group:
            qs = qs.exclude(group=exclude_group)
        return list(qs)

    @cached_property
    def cpts_names(self) -> list[str]:
        return [t.name for t in Territory.objects.cpts()]

    @cached_property
    def cls_names(self) -> list[str]:
        return [t.name for t in Territory.objects.cls()]

    @cached_property
    def requester_labels(self) -> list[Label]:
        return self.labels(ListKey.DEMANDEUR_AVIS)

    def requests_of(self, year: int) -> list[Request]:
        from concerto.advice.models import AdviceRequest

        qs = AdviceRequest.objects.of_year(year)
        rows = list(qs.values_list("pk", "requester__label", "requester__group", "territory_cpts__name",
                                   "territory_cls__name", "mode__label", "mission"))
        lists: dict[str, dict[int, list[str]]] = {}
        for name in ("natures", "responses", "orientations"):
            through = AdviceRequest._meta.get_field(name).remote_field.through
            chosen: dict[int, list[tuple[int, str]]] = {}
            for pk, position, text in (through.objects.filter(advicerequest__in=qs)
                                       .values_list("advicerequest_id", "label__position", "label__label")):
                chosen.setdefault(pk, []).append((position, text))
            lists[name] = {pk: [t for _, t in sorted(items)] for pk, items in chosen.items()}
        return [
            Request(requester=label, professional=group != PATIENTS_ENTOURAGE, cpts=cpts, cls=cls, mode=mode,
                    natures=lists["natures"].get(pk, []), responses=lists["responses"].get(pk, []),
                    orientations=lists["orientations"].get(pk, []), dac=mission == AdviceRequest.Mission.DAC)
            for pk, label, group, cpts, cls, mode, mission in rows
        ]

    @cached_property
    def all_requests(self) -> list[Request]:
        return self.requests_of(self.year)

    @cached_property
    def requests(self) -> list[Request]:
        """Mission « Appui aux professionnels »: what tables 3–10 count."""
        return [r for r in self.all_requests if not r.dac]

    @cached_property
    def previous_requests(self) -> list[Request]:
        return [r for r in self.requests_of(self.year - 1) if not r.dac]

    def members_of(self, year: int) -> list[tuple[str, str | None, str | None]]:
        """(profession, CPTS, CLS) of each member of `year` who is a person with a profession;
        a person without a territory of their own takes their structure's."""
        from concerto.members.models import Membership

        rows = (Membership.objects.of_year(year).filter(person__member_profession__isnull=False)
                .values_list("person__member_profession__label", "person__territory_cpts__name",
                             "person__territory_cls__name", "person__structure__territory_cpts__name",
                             "person__structure__territory_cls__name"))
        return [(prof, cpts or s_cpts, cls or s_cls) for prof, cpts, cls, s_cpts, s_cls in rows]

    @cached_property
    def members(self) -> list[tuple[str, str | None, str | None]]:
        return self.members_of(self.year)

    @cached_property
    def previous_members(self) -> list[tuple[str, str | None, str | None]]:
        return self.members_of(self.year - 1)


# ---------------------------------------------------------------------------------------------
# Table shapes


def _columns(names: list[str], counts: Counter) -> list[str]:
    """The list's labels in order, plus « Non renseigné » or a label outside the list when used."""
    extra = [c for c in counts if c not in names]
    cols = list(names) + sorted(c for c in extra if c is not None)
    if None in counts:
        cols.append(NOT_GIVEN)
    return cols


def _row(cells: Counter, columns: list[str]) -> dict:
    row = {c: cells.get(None if c == NOT_GIVEN else c, 0) for c in columns}
    row[TOTAL] = sum(row.values())
    return row


def _sum_rows(rows: list[dict], columns: list[str]) -> dict:
    total = {c: sum(r[c] for r in rows) for c in columns}
    total[TOTAL] = sum(total.values())
    return total


def _grid(pairs: list[tuple], row_names: list[str], col_names: list[str]) -> dict:
    """Rows × columns from (row, column) pairs, with a `Total` column and a `Total` row."""
    by_row: dict = {}
    for r, c in pairs:
        by_row.setdefault(r, Counter())[c] += 1
    columns = _columns(col_names, Counter(c for _, c in pairs))
    rows = _columns(row_names, Counter(r for r, _ in pairs))
    lines = {r: _row(by_row.get(None if r == NOT_GIVEN else r, Counter()), columns) for r in rows}
    lines[TOTAL] = _sum_rows(list(lines.values()), columns)
    return {"lignes": lines, "colonnes": columns}


def _requester_grid(d: AdviceData, pairs: list[tuple], col_names: list[str]) -> dict:
    """Requester categories × columns: professionals, their sub-total, patients and entourage,
    their sub-total, then « Total général » (reports.md)."""
    by_row: dict[str, Counter] = {}
    for r, c in pairs:
        by_row.setdefault(r, Counter())[c] += 1
    columns = _columns(col_names, Counter(c for _, c in pairs))
    lines: dict[str, dict] = {}
    groups: dict[bool, list[dict]] = {True: [], False: []}
    for lab in d.requester_labels:
        pro = lab.group != PATIENTS_ENTOURAGE
        if not pro and not groups[False]:
            lines[SUBTOTAL_PROS] = _sum_rows(groups[True], columns)
        row = _row(by_row.get(lab.label, Counter()), columns)
        lines[lab.label] = row
        groups[pro].append(row)
    lines.setdefault(SUBTOTAL_PROS, _sum_rows(groups[True], columns))
    lines[SUBTOTAL_PATIENTS] = _sum_rows(groups[False], columns)
    lines[GRAND_TOTAL] = _sum_rows(groups[True] + groups[False], columns)
    return {"lignes": lines, "colonnes": columns}


def _names(labels: list[Label]) -> list[str]:
    return [lab.label for lab in labels]


def _natures(d: AdviceData) -> list[str]:
    return _names(d.labels(ListKey.NATURE_SOLLICITATION))


def _tools(d: AdviceData) -> list[str]:
    return _names(d.labels(ListKey.OUTIL_REPONSE, exclude_group=APPUI_DAC))


# ---------------------------------------------------------------------------------------------
# Tables 1–10


def adherents_par_cpts(d: AdviceData) -> dict:
    """Tableau 1 : Nombre et qualifications des adhérents selon le territoire CPTS."""
    return _grid([(prof, cpts) for prof, cpts, _ in d.members],
                 _names(d.labels(ListKey.PROFESSION_ADHERENT)), d.cpts_names)


def adherents_par_cls(d: AdviceData) -> dict:
    """Tableau 2 : Nombre et qualification des adhérents selon le territoire CLS."""
    return _grid([(prof, cls) for prof, _, cls in d.members],
                 _names(d.labels(ListKey.PROFESSION_ADHERENT)), d.cls_names)


def natures_par_demandeur(d: AdviceData) -> dict:
    """Tableau 3 : Nombre et nature des sollicitations par catégories de professionnels (natures)."""
    return _requester_grid(d, [(r.requester, n) for r in d.requests for n in r.natures], _natures(d))


def natures_professionnels_par_cpts(d: AdviceData) -> dict:
    """Tableau 4 : natures des sollicitations des professionnels selon le territoire CPTS."""
    return _grid([(r.cpts, n) for r in d.requests if r.professional for n in r.natures], d.cpts_names, _natures(d))


def natures_patients_par_cpts(d: AdviceData) -> dict:
    """Tableau 5 : natures des sollicitations des patients et familles/entourage selon le territoire CPTS."""
    return _grid([(r.cpts, n) for r in d.requests if not r.professional for n in r.natures],
                 d.cpts_names, _natures(d))


def sollicitations_par_demandeur_cpts(d: AdviceData) -> dict:
    """Tableau 6 : Nombre de sollicitations par catégories de professionnels selon le territoire CPTS."""
    return _requester_grid(d, [(r.requester, r.cpts) for r in d.requests], d.cpts_names)


def sollicitations_par_demandeur_cls(d: AdviceData) -> dict:
    """Tableau 7 : Nombre de sollicitations par catégories de professionnels selon le territoire CLS."""
    return _requester_grid(d, [(r.requester, r.cls) for r in d.requests], d.cls_names)


def reponses_par_demandeur(d: AdviceData) -> dict:
    """Tableau 8 : Nombre et nature des réponses apportées par catégories de professionnels."""
    return _requester_grid(d, [(r.requester, t) for r in d.requests for t in r.responses], _tools(d))


def reponses_professionnels_par_cpts(d: AdviceData) -> dict:
    """Tableau 9 : Nombre et nature des réponses apportées par territoire CPTS (professionnels)."""
    return _grid([(r.cpts, t) for r in d.requests if r.professional for t in r.responses], d.cpts_names, _tools(d))


def reponses_professionnels_par_cls(d: AdviceData) -> dict:
    """Tableau 10 : Nombre et nature des réponses apportées par territoire CLS (professionnels)."""
    return _grid([(r.cls, t) for r in d.requests if r.professional for t in r.responses], d.cls_names, _tools(d))


# ---------------------------------------------------------------------------------------------
# Figures around the tables


def _evolution(current: int, previous: int) -> dict:
    return {"n_1": previous, "delta": current - previous, "delta_pct": ratio(current - previous, previous)}


def sollicitations(d: AdviceData) -> dict:
    """Requests of N: total, professionals, patients and entourage, by mode, and vs N-1."""
    pros = sum(r.professional for r in d.requests)
    previous_pros = sum(r.professional for r in d.previous_requests)
    modes = Counter(r.mode for r in d.requests)
    par_mode = {m: modes.get(m, 0) for m in _names(d.labels(ListKey.MODE_SOLLICITATION))}
    if modes.get(None):
        par_mode[NOT_GIVEN] = modes[None]
    total = len(d.requests)
    return {
        "total": total,
        "professionnels": pros,
        "patients_entourage": total - pros,
        "part_patients_entourage": ratio(total - pros, total),
        "par_mode": par_mode,
        "evolution": _evolution(total, len(d.previous_requests)),
        "evolution_professionnels": _evolution(pros, previous_pros),
    }


def _shares(counts: Counter, names: list[str], whole: int) -> dict:
    return {n: {"count": counts.get(n, 0), "share": ratio(counts.get(n, 0), whole)} for n in names}


def parts_demandeurs(d: AdviceData) -> dict:
    """Each requester category's share of all requests (denominator: the requests of N)."""
    counts = Counter(r.requester for r in d.requests)
    return _shares(counts, _names(d.requester_labels), len(d.requests))


def parts_reponses_professionnels(d: AdviceData) -> dict:
    """Each response tool's share of the responses given to professionals."""
    counts = Counter(t for r in d.requests if r.professional for t in r.responses)
    return _shares(counts, _tools(d), sum(counts.values()))


def orientations(d: AdviceData) -> dict:
    """Orientations proposed, per requester group (professionals) and for patients and for
    families: count and share of the orientations ticked in that group (the report's charts)."""
    names = _names(d.labels(ListKey.ORIENTATION))
    groups = {"Professionnels": [r for r in d.requests if r.professional]}
    for lab in d.requester_labels:
        if lab.group == PATIENTS_ENTOURAGE:
            groups[lab.label] = [r for r in d.requests if r.requester == lab.label]
    out = {}
    for group, requests in groups.items():
        counts = Counter(o for r in requests for o in r.orientations)
        out[group] = {"total": sum(counts.values()), "labels": _shares(counts, names, sum(counts.values()))}
    return out


def evolution_adherents(d: AdviceData) -> dict:
    """Members of N vs N-1, in total and per profession (« augmentation totale de 14 adhérents »)."""
    now = Counter(p for p, _, _ in d.members)
    before = Counter(p for p, _, _ in d.previous_members)
    names = _columns(_names(d.labels(ListKey.PROFESSION_ADHERENT)), now + before)
    return {
        "total": len(d.members),
        **_evolution(len(d.members), len(d.previous_members)),
        "par_profession": {n: {"n": now.get(n, 0), **_evolution(now.get(n, 0), before.get(n, 0))} for n in names},
    }


def appui_dac(d: AdviceData) -> dict:
    """Mission II: the requests of the DAC's case coordinators, by response and patient's CPTS."""
    requests = [r for r in d.all_requests if r.dac]
    tools = Counter(t for r in requests for t in r.responses)
    dac_tools = [lab.label for lab in d.labels(ListKey.OUTIL_REPONSE) if lab.group == APPUI_DAC]
    cpts = Counter(r.cpts for r in requests)
    modes = Counter(r.mode for r in requests)
    return {
        "sollicitations": len(requests),
        "par_mode": {m: n for m, n in modes.items() if m} | ({NOT_GIVEN: modes[None]} if modes.get(None) else {}),
        "reponses": {t: tools.get(t, 0) for t in _columns(dac_tools, tools) if t != NOT_GIVEN},
        "par_cpts": {c: cpts.get(None if c == NOT_GIVEN else c, 0) for c in _columns(d.cpts_names, cpts)},
    }


def _meetings(year: int, code: str) -> list[dict]:
    from django.db.models import Count, Q

    from concerto.meetings.models import Meeting

    qs = (Meeting.objects.filter(type__code=code, date__year=year)
          .annotate(presents=Count("attendances", filter=Q(attendances__present=True)))
          .order_by("date", "pk")
          .values_list("date", "theme", "lieu", "organiser__name", "modality__label", "presents"))
    return [{"date": day.isoformat(), "theme": theme, "lieu": lieu, "organisateur": org or "",
             "modalite": modality, "participants": presents}
            for day, theme, lieu, org, modality, presents in qs]


def formations(d: AdviceData) -> list[dict]:
    """Training sessions of N (meetings of type « Formation »)."""
    return _meetings(d.year, "formation")


def rencontres_territoriales(d: AdviceData) -> list[dict]:
    """Meetings with the CPTS and CLS of the territory in N (type « Rencontre territoriale »)."""
    return _meetings(d.year, "rencontre_territoriale")


TABLES = (
    ("adherents_par_cpts", "Tableau 1 : Nombre et qualifications des adhérents selon le territoire CPTS",
     adherents_par_cpts),
    ("adherents_par_cls", "Tableau 2 : Nombre et qualification des adhérents selon le territoire CLS",
     adherents_par_cls),
    ("natures_par_demandeur", "Tableau 3 : Nombre et nature des sollicitations par catégories de professionnels",
     natures_par_demandeur),
    ("natures_professionnels_par_cpts",
     "Tableau 4 : Nombre et nature des sollicitations des professionnels selon le territoire CPTS",
     natures_professionnels_par_cpts),
    ("natures_patients_par_cpts",
     "Tableau 5 : Nombre et nature des sollicitations des patients et familles/entourage selon le territoire CPTS",
     natures_patients_par_cpts),
    ("sollicitations_par_demandeur_cpts",
     "Tableau 6 : Nombre de sollicitations par catégories de professionnels selon le territoire CPTS",
     sollicitations_par_demandeur_cpts),
    ("sollicitations_par_demandeur_cls",
     "Tableau 7 : Nombre de sollicitations par catégories de professionnels selon le territoire CLS",
     sollicitations_par_demandeur_cls),
    ("reponses_par_demandeur", "Tableau 8 : Nombre et nature des réponses apportées par catégories de professionnels",
     reponses_par_demandeur),
    ("reponses_professionnels_par_cpts", "Tableau 9 : Nombre et nature des réponses apportées par territoire CPTS",
     reponses_professionnels_par_cpts),
    ("reponses_professionnels_par_cls", "Tableau 10 : Nombre et nature des réponses apportées par territoire CLS",
     reponses_professionnels_par_cls),
)


def build_pole_ressource_report(year: int) -> dict:
    """The whole report of year N as plain data: the JSON, and what every rendering shows."""
    d = AdviceData(year)
    report: dict = {"annee": year, "periode": str(year), "rapport": REPORT_KEY,
                    "perimetre": {"nom": "Pôle ressource", "region": True, "poles": []}}
    for key, _, function in TABLES:
        report[key] = function(d)
    report.update({
        "sollicitations": sollicitations(d),
        "parts_demandeurs": parts_demandeurs(d),
        "parts_reponses_professionnels": parts_reponses_professionnels(d),
        "evolution_adherents": evolution_adherents(d),
        "orientations": orientations(d),
        "appui_dac": appui_dac(d),
        "formations": formations(d),
        "rencontres_territoriales": rencontres_territoriales(d),
    })
    return report
