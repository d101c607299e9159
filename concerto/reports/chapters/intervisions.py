"""Participation tables (C.1, C.2): Intervisions per pôle, comités de pilotage, vie associative, totals."""

from __future__ import annotations

from collections import defaultdict

from concerto.meetings.models import COMITE_PILOTAGE
from concerto.nomenclatures.defaults import LIBERAUX
from concerto.nomenclatures.models import Label, ListKey

from ..scope import Period, Scope
from .data import COORDINATION, VIE_ASSOCIATIVE, ReportData, _data, _memo

# ---------------------------------------------------------------------------------------------
# Participation tables (C.1, C.2)
# ---------------------------------------------------------------------------------------------


def _categories(d: ReportData) -> list[Label]:
    """Category columns: labels valid in N plus any that has data."""
    if "categories" not in d.memo:
        d.memo["categories"] = _category_columns(d)
    return d.memo["categories"]


def _category_columns(d: ReportData) -> list[Label]:
    used = {r["person__category_id"] for r in d.attendance_cube}
    if any(r["coord"] for r in d.attendance_cube) and d.coordination_id:
        used.add(d.coordination_id)
    return [
        lab for lab in d.labels_of(ListKey.CATEGORIE) if lab.is_valid_in(d.period.year) or lab.pk in used
    ]


def _empty_row(d: ReportData) -> dict:
    return {
        "actions": 0,
        "visio": 0,
        "categories": {lab.label: {"participations": 0, "participants": 0} for lab in _categories(d)},
        "liberaux": {"participations": 0, "participants": 0},
        "cas": 0,
        "participations": 0,
        "participants": 0,
        "nouveaux_liberaux": 0,
        "nouveaux_non_liberaux": 0,
    }


CELL_KEYS = ("participations", "participants")


def _add_cube(d: ReportData, row: dict, entry: dict, keys: tuple[str, ...] = CELL_KEYS) -> None:
    """One cube group into a row: its category, Coordination too when a function is held."""
    cat = d.labels[entry["person__category_id"]]
    targets = [cat]
    if entry["coord"] and cat.code != COORDINATION and d.coordination_id:
        targets.append(d.labels[d.coordination_id])
    for target in targets:
        cell = row["categories"].setdefault(target.label, dict.fromkeys(keys, 0))
        for k in keys:
            cell[k] += entry[k]
    for k in keys:
        if k in row:
            row[k] += entry[k]
        if cat.group == LIBERAUX and k in row["liberaux"]:
            row["liberaux"][k] += entry[k]


def _by_type(d: ReportData) -> dict[int, dict[str, list[dict]]]:
    """The per-(pôle, type) aggregates indexed by type, then source: rows are built per pôle
    and per type, and scanning every aggregate for each of hundreds of pôles adds up."""
    if "by_type" not in d.memo:
        index: dict[int, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        for r in d.meeting_counts:
            index[r["type_id"]]["meetings"].append(r)
        for r in d.attendance_cube:
            index[r["meeting__type_id"]]["cube"].append(r)
        for r in d.newcomers:
            index[r["meeting__type_id"]]["newcomers"].append(r)
        d.memo["by_type"] = index
    return d.memo["by_type"]


def _by_pole_type(d: ReportData) -> dict[tuple, dict[str, list[dict]]]:
    if "by_pole_type" not in d.memo:
        index: dict[tuple, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        for type_id, sources in _by_type(d).items():
            for source, rows in sources.items():
                for r in rows:
                    index[(r.get("pole_id", r.get("meeting__pole_id")), type_id)][source].append(r)
        d.memo["by_pole_type"] = index
    return d.memo["by_pole_type"]


def _row_for(d: ReportData, pole_ids: set | None, type_ids: set) -> dict:
    """A table row: meetings of these types (and pôles; None = any) in the period."""
    if pole_ids is None:
        groups = [_by_type(d).get(t) for t in type_ids]
    else:
        by_pole_type = _by_pole_type(d)
        groups = [by_pole_type.get((p, t)) for p in pole_ids for t in type_ids]
    row = _empty_row(d)
    for group in filter(None, groups):
        for r in group["meetings"]:
            row["actions"] += r["actions"]
            row["visio"] += r["visio"]
        for r in group["cube"]:
            _add_cube(d, row, r)
        for r in group["newcomers"]:
            row["nouveaux_liberaux" if r["liberal"] else "nouveaux_non_liberaux"] += r["n"]
    if type_ids & set(d.intervision_type_ids):
        cases = d.cases_by_pole  # looked up per pôle: a national report has hundreds of rows and pôles
        row["cas"] = sum(cases.values()) if pole_ids is None else sum(cases.get(p, 0) for p in pole_ids)
    return row


def _sum_rows(d: ReportData, rows: list[dict]) -> dict:
    """Legacy regional rows: column sums of the rows (C.1), categories included."""
    total = _empty_row(d)
    for row in rows:
        for key, value in row.items():
            if key == "categories":
                for cat, cell in value.items():
                    target = total["categories"].setdefault(cat, {"participations": 0, "participants": 0})
                    for k in cell:
                        target[k] += cell[k]
            elif key == "liberaux":
                for k in value:
                    total["liberaux"][k] += value[k]
            elif isinstance(value, int) and key in total:
                total[key] += value
    return total


def _distinct(d: ReportData, entries: list[dict]) -> dict:
    """True distinct participants (across pôles) from a distinct cube: total and per category."""
    row = {"categories": {}, "liberaux": {"participants": 0}, "participants": 0}
    for e in entries:
        _add_cube(d, row, e, keys=("participants",))
    return {"participants": row["participants"], "liberaux": row["liberaux"]["participants"],
            "categories": {k: v["participants"] for k, v in row["categories"].items()}}


def _with_distinct(d: ReportData, row: dict, entries: list[dict]) -> dict:
    """A row spanning several pôles: its participants (total, libéraux, each category) become the
    distinct persons over the row; the column sums of the pôles stay under `participants_somme`."""
    distinct = _distinct(d, entries)
    row["participants_somme"] = row["participants"]
    row["participants"] = distinct["participants"]
    row["liberaux"]["participants"] = distinct["liberaux"]
    for cat, cell in row["categories"].items():
        cell["participants"] = distinct["categories"].get(cat, 0)
    row["participants_distincts"] = distinct["participants"]
    return row


def _type_ids(d: ReportData, *, code: str | None = None, group: str | None = None) -> set[int]:
    return {
        lab.pk
        for lab in d.labels_of(ListKey.TYPE_REUNION)
        if (code is not None and lab.code == code) or (group is not None and lab.group == group)
    }


@_memo
def intervisions_par_pole(period: Period | ReportData | int, scope: Scope | None = None) -> list[dict]:
    """« INTERVISIONS … EN N »: one row per pôle with at least one Intervision in the period."""
    d = _data(period, scope)
    itv = set(d.intervision_type_ids)
    active = {r["pole_id"] for r in d.meeting_counts if r["type_id"] in itv and r["pole_id"] is not None}
    rows = []
    for pole_id in sorted(active, key=lambda pk: d.poles.get(pk, {}).get("name", "")):
        if pole_id not in d.poles:
            continue
        rows.append({"pole": d.poles[pole_id]["name"], "pole_id": pole_id, **_row_for(d, {pole_id}, itv)})
    return rows


@_memo
def intervisions_total(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """« Total interventions »: column sums of the pôle rows (legacy, C.1), plus true distinct counts."""
    d = _data(period, scope)
    rows = intervisions_par_pole(d)
    total = {"pole": "Total", **_sum_rows(d, rows), "poles": len(rows)}
    itv = set(d.intervision_type_ids)
    total["distincts"] = _distinct(d, [e for e in d.distinct_by_type if e["meeting__type_id"] in itv])
    total["participants_distincts"] = total["distincts"]["participants"]
    return total


@_memo
def comites_de_pilotage(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """« Comités de pilotage »: a row over several pôles, so its participants are distinct persons
    over the row (a person at the CoPils of two pôles is one participant; seed 2023: 47 / 46)."""
    d = _data(period, scope)
    types = _type_ids(d, code=COMITE_PILOTAGE)
    row = _row_for(d, None, types)
    row.pop("cas")
    return _with_distinct(d, row, [e for e in d.distinct_by_type if e["meeting__type_id"] in types])


@_memo
def vie_associative(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """AG, bureau, CA…: one line per type label of the group « Vie associative », and their sum."""
    d = _data(period, scope)
    lines = {}
    for lab in d.labels_of(ListKey.TYPE_REUNION):
        if lab.group == VIE_ASSOCIATIVE:
            line = _row_for(d, None, {lab.pk})
            line.pop("cas")
            lines[lab.label] = line
    total = _sum_rows(d, list(lines.values()))
    total.pop("cas")
    return {"lignes": lines, "total": total}


@_memo
def autres_reunions(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """Meetings of the other types (Agor'Add, webinaires…), one line per type that had any."""
    d = _data(period, scope)
    known = set(d.intervision_type_ids) | _type_ids(d, code=COMITE_PILOTAGE) | _type_ids(d, group=VIE_ASSOCIATIVE)
    used = {r["type_id"] for r in d.meeting_counts} - known
    lines = {}
    for lab in d.labels_of(ListKey.TYPE_REUNION):
        if lab.pk in used:
            line = _row_for(d, None, {lab.pk})
            line.pop("cas")
            lines[lab.label] = line
    return lines


@_memo
def total_actions(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """« total actions (Intervisions + CoPils) » = Total interventions + Comités de pilotage for the
    counts and participations; participants are distinct persons over the row's meetings."""
    d = _data(period, scope)
    itv = intervisions_total(d)
    row = _sum_rows(d, [itv, comites_de_pilotage(d)])
    row["cas"] = itv["cas"]
    return _with_distinct(d, row, d.distinct_actions)


@_memo
def total_general(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """« TOTAL »: every meeting of the period (sum of the rows for counts and participations);
    participants are distinct persons over every meeting."""
    d = _data(period, scope)
    rows = [total_actions(d), vie_associative(d)["total"], *autres_reunions(d).values()]
    row = _sum_rows(d, rows)
    row["cas"] = rows[0]["cas"]
    row["distincts"] = _distinct(d, d.distinct_all)
    return _with_distinct(d, row, d.distinct_all)
