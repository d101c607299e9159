"""Data quality per pôle."""

from __future__ import annotations

from concerto.situations.services import REQUIRED_FICHE_FIELDS

from ..scope import Period, Scope
from .data import MULTI_FIELDS, SINGLE_FIELDS, ReportData, _data


def qualite_donnees(period: Period | ReportData | int, scope: Scope | None = None) -> list[dict]:
    """Per pôle: fiches with each required field filled, situations without invitations,
    explicit « Non renseigné » vs empty fields."""
    d = _data(period, scope)
    keys = {f: k for k, f, _ in MULTI_FIELDS + SINGLE_FIELDS}
    out = []
    for pole_id, r in sorted(d.situations_by_pole.items(), key=lambda x: d.poles.get(x[0], {}).get("name", "")):
        if pole_id not in d.poles:
            continue
        n = r["situations"]
        filled = {}
        for field, label in REQUIRED_FICHE_FIELDS.items():
            if field == "nouvelle_intervision":
                filled[label] = n - r["besoin_vide"]
            else:
                filled[label] = n - r[f"vide_{keys[field]}"]
        filled["délai (si nouvelle Intervision)"] = r["besoin"] - r["besoin_sans_delai"]
        out.append({
            "pole": d.poles[pole_id]["name"],
            "situations": n,
            "champs_remplis": filled,
            "fiches_completes_min": min(filled.values()) if filled else 0,
            "sans_invitation": r["sans_invitation"],
            "non_renseigne_explicite": sum(r[f"nr_{k}"] for k, _, _ in SINGLE_FIELDS)
            + r["mt_non_renseigne"] + r["ph_non_renseigne"],
            "vides": sum(r[f"vide_{k}"] for k, _, _ in MULTI_FIELDS + SINGLE_FIELDS)
            + r["mt_vide"] + r["ph_vide"] + r["besoin_vide"],
        })
    return out
