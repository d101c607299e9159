"""The CPOM indicator table."""

from __future__ import annotations

from concerto.nomenclatures.models import ListKey

from ..numbers import ratio
from ..scope import Period, Scope
from .chiffres_cles import _avg, chiffres_cles, patients
from .data import TRAVAILLEURS_SOCIAUX, VULNERABILITE, ReportData, _data
from .intervisions import intervisions_total
from .invitations import generalistes_invites

# ---------------------------------------------------------------------------------------------
# CPOM, semesters, data quality
# ---------------------------------------------------------------------------------------------


def _cpom_values(d: ReportData) -> dict:
    k = chiffres_cles(d)
    pts = patients(d)
    diff = {d.labels[r["label_id"]].label: r["n"] for r in d.multi("difficultes")}
    itv = intervisions_total(d)
    ts_label = next((lab.label for lab in d.labels_of(ListKey.CATEGORIE) if lab.code == TRAVAILLEURS_SOCIAUX), None)
    ts_participants = itv["categories"].get(ts_label, {}).get("participants", 0) if ts_label else 0
    return {
        "Nombre total d'Intervisions": k["intervisions"],
        "Nombre de sites concernés (pôles actifs)": k["poles_actifs"],
        "Nouveaux sites": ", ".join(k["nouveaux_poles"]) or "0",
        "Sites réactivés": ", ".join(k["poles_reactives"]) or "0",
        "Nombre de réunions (Intervisions + comités de pilotage)": k["reunions"],
        "Comités de pilotage": k["comites_de_pilotage"],
        "Nombre moyen de réunions par site": _avg(k["reunions"], k["poles_actifs"]),
        "Situations": k["situations"],
        "Patients différents": k["patients_distincts"],
        "Intervisions multiples (situations au-delà de la première par patient)": pts["situations_multiples"],
        "Médecins traitants connus": k["medecins_traitants_connus"],
        "Médecins traitants invités": k["medecins_traitants_invites"],
        "Médecins traitants présents": k["medecins_traitants_presents"],
        "Médecins généralistes libéraux invités (distincts)": generalistes_invites(d),
        **{f"Situations avec vulnérabilité sociale : {name}": diff.get(name, 0) for name in VULNERABILITE},
        "Intervisions avec travailleurs sociaux présents": k["intervisions_avec_travailleurs_sociaux"],
        "Part des Intervisions avec travailleurs sociaux": k["part_intervisions_avec_travailleurs_sociaux"],
        "Part des travailleurs sociaux parmi les participants": ratio(ts_participants, itv["participants"]),
        "Nouveaux libéraux": k["nouveaux_liberaux"],
        **_partner_rows(d),
    }


def _partner_rows(d: ReportData) -> dict:
    """The presentations and working groups of the year (association-wide: region only)."""
    if not d.scope.is_region:
        return {}
    from concerto.partners.services import cpom_indicators

    return cpom_indicators(d.period.year)


def cpom(period: Period | ReportData | int, scope: Scope | None = None, previous: ReportData | None = None) -> list:
    """The CPOM indicator table: « Réalisations au 31/12/N » vs « … au 31/12/N-1 »."""
    d = _data(period, scope)
    cur = _cpom_values(d)
    prev = _cpom_values(previous) if previous is not None else {}
    return [{"indicateur": name, "n": value, "n_1": prev.get(name)} for name, value in cur.items()]
