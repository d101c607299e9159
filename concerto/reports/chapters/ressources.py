"""Chapter « ressources » of the annual report (reports.md, seed-spec C.23): published resources of N
per type with the delta vs N-1, per thématique, and how many the association created."""

from __future__ import annotations

from concerto.resources.services import counts_of, type_codes


def ressources(year: int) -> dict:
    current, previous = counts_of(year), counts_of(year - 1)
    codes = type_codes()
    per_type = {}
    for label, cell in current["par_type"].items():
        p = previous["par_type"].get(label, {}).get("nombre", 0)
        per_type[label] = {"nombre": cell["nombre"], "n_1": p, "evolution": cell["nombre"] - p,
                           "creees_par_association": cell["creees_par_association"], "code": codes.get(label, "")}
    per_theme = {label: {"nombre": n, "n_1": previous["par_thematique"].get(label, 0)}
                 for label, n in current["par_thematique"].items()}
    return {
        "total": current["total"], "total_n_1": previous["total"], "evolution": current["total"] - previous["total"],
        "creees_par_association": current["creees_par_association"],
        "par_type": per_type, "par_thematique": per_theme, "sans_thematique": current["sans_thematique"],
    }
