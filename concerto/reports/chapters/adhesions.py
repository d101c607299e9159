"""Chapter « adhesions » of the annual report (reports.md « The other reports », seed-spec C.24):
members of N per category and class, total, deltas vs N-1."""

from __future__ import annotations

from concerto.members.services import membership_counts, not_renewed
from concerto.nomenclatures.defaults import PLEIN_EXERCICE
from concerto.nomenclatures.models import Label, ListKey


def adhesions(year: int) -> dict:
    current, previous = membership_counts(year), membership_counts(year - 1)
    groups = dict(Label.objects.of(ListKey.CATEGORIE_ADHERENT).values_list("label", "group"))
    per_category = {}
    labels = [*current["par_categorie"]]
    labels += [k for k in previous["par_categorie"] if k not in current["par_categorie"]]
    for label in labels:
        n, p = current["par_categorie"].get(label, 0), previous["par_categorie"].get(label, 0)
        per_category[label] = {"nombre": n, "n_1": p, "evolution": n - p,
                               "classe": "Plein exercice" if groups.get(label) == PLEIN_EXERCICE else "Associé"}
    per_class = {
        cls: {"nombre": n, "n_1": previous["par_classe"].get(cls, 0),
              "evolution": n - previous["par_classe"].get(cls, 0)}
        for cls, n in current["par_classe"].items()
    }
    return {
        "total": current["total"], "total_n_1": previous["total"], "evolution": current["total"] - previous["total"],
        "par_categorie": per_category, "par_classe": per_class,
        "non_renouveles": not_renewed(year).count(),
    }
