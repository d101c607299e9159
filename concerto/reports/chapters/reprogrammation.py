"""Re-studies (« reprogrammation ») and their crossings with the fiche's answers."""

from __future__ import annotations

from collections import defaultdict

from concerto.nomenclatures.models import ListKey

from ..numbers import ratio
from ..scope import Period, Scope
from .data import ReportData, _data, _memo


def _restudy_cell(r: dict) -> dict:
    return {"situations": r["n"], "reprogrammation": r["restudy"], "share": ratio(r["restudy"], r["n"])}


def _x_reprogrammation(d: ReportData, field: str, list_key: str) -> dict:
    rows = {r["label_id"]: r for r in d.single(field)}
    out = {}
    for lab in d.labels_of(list_key):
        if lab.is_valid_in(d.period.year) or lab.pk in rows:
            r = rows.get(lab.pk, {"n": 0, "restudy": 0})
            out[lab.label] = _restudy_cell(r)
    out["(vide)"] = _restudy_cell(rows.get(None, {"n": 0, "restudy": 0}))
    return out


def objectif_x_reprogrammation(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """Share of situations with « nouvelle Intervision = oui » per objective answer."""
    return _x_reprogrammation(_data(period, scope), "objectif_atteint", ListKey.OBJECTIF)


def motivation_x_reprogrammation(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    return _x_reprogrammation(_data(period, scope), "motivation", ListKey.MOTIVATION)


@_memo
def reprogrammation(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """Re-studies (reports.md): need, délais, realised, in time, unverifiable, overdue.

    besoin = « nouvelle Intervision = oui »; échéance = meeting date + délai (calendar months);
    réalisée = a later situation of the same patient (same pôle, same code) at a strictly later
    meeting date, in any year; dans le délai = that first later date <= échéance; non vérifiable
    = not realised and échéance after the period's end; échue non réalisée = not realised and
    échéance on or before it. Shares of réalisée are over besoin; dans le délai over réalisée
    and over besoin.
    """
    d = _data(period, scope)
    t = d.situation_totals
    besoin = t["besoin"]
    stats: dict = defaultdict(lambda: dict.fromkeys(("n", "realised", "in_time", "unverifiable", "overdue"), 0))
    for r in d.restudy_rows:
        cell = stats[r["label_id"]]
        cell["n"] += r["n"]
        if r["outcome"] is not None:
            cell["realised"] += r["n"]
            if r["label_id"] is not None and r["outcome"] <= 0:
                cell["in_time"] += r["n"]
        elif r["label_id"] is not None:
            cell["unverifiable" if r["due_after_end"] else "overdue"] += r["n"]
    par_delai = {}
    for lab in d.labels_of(ListKey.DELAI):
        if lab.is_valid_in(d.period.year) or lab.pk in stats:
            r = stats[lab.pk]
            par_delai[lab.label] = {
                "count": r["n"],
                "share": ratio(r["n"], besoin),
                "realisees": r["realised"],
                "part_realisees": ratio(r["realised"], r["n"]),
                "dans_delai": r["in_time"],
                "part_dans_delai": ratio(r["in_time"], r["realised"]),
                "non_verifiables": r["unverifiable"],
                "non_realisees_echues": r["overdue"],
            }
    no_delay = stats[None]
    realised = sum(r["realised"] for r in stats.values())
    in_time = sum(r["in_time"] for r in stats.values())
    return {
        "situations": t["situations"],
        "besoin": {"count": besoin, "share": ratio(besoin, t["situations"])},
        "non": t["besoin_non"],
        "vide": t["besoin_vide"],
        "par_delai": par_delai,
        "sans_delai": {"count": no_delay["n"], "realisees": no_delay["realised"]},
        "realisees": {"count": realised, "share": ratio(realised, besoin)},
        "realisees_dans_delai": {
            "count": in_time,
            "share": ratio(in_time, realised),
            "share_of_besoin": ratio(in_time, besoin),
        },
        "non_verifiables": {"count": sum(r["unverifiable"] for r in stats.values())},
        "non_realisees_echues": {"count": sum(r["overdue"] for r in stats.values())},
    }
