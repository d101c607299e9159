"""Situations, patients, key figures and averages (« CHIFFRES CLÉS », C.19)."""

from __future__ import annotations

from ..numbers import ratio
from ..scope import Period, Scope
from .data import ReportData, _data, _memo
from .intervisions import comites_de_pilotage, intervisions_par_pole, intervisions_total

# ---------------------------------------------------------------------------------------------
# Situations, patients, key figures, averages
# ---------------------------------------------------------------------------------------------


@_memo
def patients(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """Situations, distinct patients (pôle, code), patients per number of situations."""
    d = _data(period, scope)
    t = d.situation_totals
    by_count = {str(k): v for k, v in sorted(d.patients_by_count.items())}
    return {
        "situations": t["situations"],
        "patients_distincts": t["patients"],
        "patients_par_nombre_de_situations": by_count,
        # « N ITV reprogrammées pour un même patient » = situations beyond each patient's first.
        "situations_multiples": t["situations"] - t["patients"],
        "patients_plusieurs_situations": sum(v for k, v in d.patients_by_count.items() if k > 1),
    }


@_memo
def chiffres_cles(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """The « CHIFFRES CLÉS » of the report."""
    d = _data(period, scope)
    itv = intervisions_total(d)
    copil = comites_de_pilotage(d)
    pts = patients(d)
    t = d.situation_totals
    new_poles, reactivated = [], []
    with_itv = {r["pole_id"] for r in d.meeting_counts if r["type_id"] in d.intervision_type_ids}
    for pole_id, info in d.first_intervisions.items():
        if pole_id not in d.poles or info["previous"] or pole_id not in with_itv:
            continue
        if info["first"] >= d.period.start:
            new_poles.append(d.poles[pole_id]["name"])
        else:
            reactivated.append(d.poles[pole_id]["name"])
    ts_itv = sum(r["with_ts"] for r in d.meeting_counts if r["type_id"] in d.intervision_type_ids)
    return {
        "poles_actifs": itv["poles"],
        "nouveaux_poles": sorted(new_poles),
        "poles_reactives": sorted(reactivated),
        "intervisions": itv["actions"],
        "intervisions_visio": itv["visio"],
        "comites_de_pilotage": copil["actions"],
        "reunions": itv["actions"] + copil["actions"],
        "situations": pts["situations"],
        "patients_distincts": pts["patients_distincts"],
        "participants": itv["participants"],
        "participants_distincts": itv["participants_distincts"],
        "participants_liberaux": itv["liberaux"]["participants"],
        "participations": itv["participations"],
        "participations_liberaux": itv["liberaux"]["participations"],
        "part_liberaux_participations": ratio(itv["liberaux"]["participations"], itv["participations"]),
        "nouveaux_liberaux": itv["nouveaux_liberaux"],
        "nouveaux_non_liberaux": itv["nouveaux_non_liberaux"],
        "medecins_traitants_connus": t["mt_connus"],
        "medecins_traitants_invites": t["mt_invites"],
        "medecins_traitants_presents": t["mt_presents"],
        "intervisions_avec_travailleurs_sociaux": ts_itv,
        "part_intervisions_avec_travailleurs_sociaux": ratio(ts_itv, itv["actions"]),
    }


def _avg(x: int, n: int) -> float | None:
    return round(x / n, 4) if n else None


@_memo
def moyennes(period: Period | ReportData | int, scope: Scope | None = None) -> dict:
    """Averages per Intervision and per pôle (C.19); documents round them half up."""
    d = _data(period, scope)

    def per_itv(row: dict) -> dict:
        n = row["actions"]
        return {
            "situations": _avg(row["cas"], n),
            "participations": _avg(row["participations"], n),
            "participants": _avg(row["participants"], n),
            "participations_liberaux": _avg(row["liberaux"]["participations"], n),
        }

    total = intervisions_total(d)
    return {
        "intervisions_par_pole": _avg(total["actions"], total["poles"]),
        "reunions_par_pole": _avg(total["actions"] + comites_de_pilotage(d)["actions"], total["poles"]),
        "par_intervision": per_itv(total),
        "par_pole": {row["pole"]: per_itv(row) for row in intervisions_par_pole(d)},
    }
