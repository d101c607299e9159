"""S1, S2 and the year compared."""

from __future__ import annotations

from concerto.nomenclatures.models import ListKey

from ..scope import Period, Scope
from .data import GENERALISTES_LIBERAUX, ReportData, _data
from .intervisions import intervisions_total
from .invitations import invites_presents_par_categorie, medecin_traitant
from .reprogrammation import reprogrammation


def _semester_summary(d: ReportData) -> dict:
    itv = intervisions_total(d)
    inv = invites_presents_par_categorie(d)
    mt = medecin_traitant(d)
    gl = next((lab.label for lab in d.labels_of(ListKey.CATEGORIE) if lab.code == GENERALISTES_LIBERAUX), "")
    return {
        "intervisions": itv["actions"],
        "situations": itv["cas"],
        "participations": itv["participations"],
        "participants": itv["participants"],
        "taux_presents_invites": inv["Total"]["taux"],
        "taux_presents_invites_generalistes": inv.get(gl, {}).get("taux"),
        "part_medecins_traitants_connus": mt["part_connus"],
        "part_medecins_traitants_invites": mt["part_invites"],
        "part_medecins_traitants_presents": mt["part_presents"],
        "part_besoin_reprogrammation": reprogrammation(d)["besoin"]["share"],
    }


def semestres(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """S1 (= cumulative at 30 June), S2 and the year, for the indicators the reports compare."""
    d = _data(period, scope)
    year = d.period.year
    return {
        "S1": _semester_summary(d.related(Period(year, 1)).load(ReportData.SUMMARY)),
        "S2": _semester_summary(d.related(Period(year, 2)).load(ReportData.SUMMARY)),
        "annee": _semester_summary(d if d.period.semester is None else d.related(Period(year))),
    }
