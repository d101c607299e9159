"""Invitations and presence per category, médecin traitant, pharmacien attitré (C.5, C.6)."""

from __future__ import annotations

from concerto.nomenclatures.defaults import LIBERAUX
from concerto.nomenclatures.models import ListKey

from ..numbers import ratio
from ..scope import Period, Scope
from .data import COORDINATION, GENERALISTES_LIBERAUX, ReportData, _data, _memo
from .intervisions import _categories

# ---------------------------------------------------------------------------------------------
# Invitations, médecin traitant, pharmacien (C.5, C.6)
# ---------------------------------------------------------------------------------------------


DISTINCT_INVITATIONS = "Total (chaque invitation une fois)"


@_memo
def invites_presents_par_categorie(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """Invitations per situation and category; present = invited and present for that situation.
    Rows: each category, « Libéraux », « Total » (sum of the category rows) and
    DISTINCT_INVITATIONS (each invitation once, whatever the roles of the person)."""
    d = _data(period, scope)
    table: dict[str, dict] = {lab.label: {"invites": 0, "presents": 0} for lab in _categories(d)}
    liberaux = {"invites": 0, "presents": 0}
    total = {"invites": 0, "presents": 0}
    for e in d.invitation_cube:
        cat = d.labels[e["person__category_id"]]
        targets = [cat]
        if e["coord"] and cat.code != COORDINATION and d.coordination_id:
            targets.append(d.labels[d.coordination_id])
        for target in targets:
            cell = table.setdefault(target.label, {"invites": 0, "presents": 0})
            cell["invites"] += e["invites"]
            cell["presents"] += e["presents"]
        for acc in [total] + ([liberaux] if cat.group == LIBERAUX else []):
            acc["invites"] += e["invites"]
            acc["presents"] += e["presents"]
    # « Total » as the seed prints it: the sum of the category cells shown (a double role counts
    # in each of its categories, seed 2023: 766 présents); beside it, each invitation once (R8).
    categories = [cell for name, cell in table.items()]
    table["Libéraux"] = liberaux
    table["Total"] = {k: sum(cell[k] for cell in categories) for k in ("invites", "presents")}
    table[DISTINCT_INVITATIONS] = total
    for cell in table.values():
        cell["taux"] = ratio(cell["presents"], cell["invites"])
    return table


def generalistes_invites(period: Period | ReportData | int, scope: Scope | None = None) -> int:
    """Distinct médecins généralistes libéraux invited on all sites (CPOM; see invitation_cube)."""
    d = _data(period, scope)
    gl = d.label_id(ListKey.CATEGORIE, GENERALISTES_LIBERAUX)
    return sum(e["personnes"] for e in d.invitation_cube if e["person__category_id"] == gl)


def _soignant(d: ReportData, who: str) -> dict:
    t = d.situation_totals
    n, known, inv, pres = t["situations"], t[f"{who}_connus"], t[f"{who}_invites"], t[f"{who}_presents"]
    return {
        "situations": n,
        "connus": known,
        "invites": inv,
        "presents": pres,
        "part_connus": ratio(known, n),
        "part_invites": ratio(inv, known),
        "part_presents": ratio(pres, inv),
        "part_presents_sur_connus": ratio(pres, known),
        "sans": t[f"{who}_sans"],
        "non_renseigne": t[f"{who}_non_renseigne"],
        "vide": t[f"{who}_vide"],
    }


@_memo
def medecin_traitant(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """Known = « Oui »; invited and present among known; and the reasons for no médecin traitant."""
    d = _data(period, scope)
    out = _soignant(d, "mt")
    reasons = {row["label_id"]: row["n"] for row in d.single("medecin_traitant_absence")}
    labels = [lab for lab in d.labels_of(ListKey.ABSENCE_MT) if lab.is_valid_in(d.period.year) or lab.pk in reasons]
    out["raisons_absence"] = {lab.label: reasons.get(lab.pk, 0) for lab in labels}
    out["raisons_absence"]["(vide)"] = reasons.get(None, 0)
    return out


@_memo
def pharmacien_attitre(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    return _soignant(_data(period, scope), "ph")
