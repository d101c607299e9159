"""The annual activity report's plain data: every chapter's tables as one JSON-ready dict.

The tables live in `chapters/` (one module per chapter, one function per table); this module
assembles them (`build_report`) and re-exports them for the callers that import them from here.
"""

from __future__ import annotations

from .chapters import *  # noqa: F403  (re-export: callers import tables from here)
from .chapters import (
    ReportData,
    autres_reunions,
    chiffres_cles,
    comites_de_pilotage,
    cpom,
    demandeurs_groupes,
    demandeurs_x_motifs,
    intervisions_par_pole,
    intervisions_total,
    invites_presents_par_categorie,
    medecin_traitant,
    motivation_x_reprogrammation,
    moyennes,
    objectif_x_reprogrammation,
    patients,
    pharmacien_attitre,
    problematiques_combinaisons,
    qualite_donnees,
    repartitions,
    reprogrammation,
    restitution_x_demandeur,
    semestres,
    total_actions,
    total_general,
    vie_associative,
)
from .chapters.autres import other_activities
from .chapters.indemnisations import indemnisations
from .scope import Period, Scope
from .session import report_session

# ---------------------------------------------------------------------------------------------
# The whole report
# ---------------------------------------------------------------------------------------------


def build_report(
    year: int | Period,
    scope: Scope | None = None,
    *,
    include_free_text: bool = False,
    with_semesters: bool = True,
) -> dict:
    """Every table of the annual report as one JSON-ready dict (the contract of reports.md)."""
    period = year if isinstance(year, Period) else Period(year)
    with report_session():
        return _build_report(period, scope, include_free_text, with_semesters)


def _build_report(period: Period, scope: Scope | None, include_free_text: bool, with_semesters: bool) -> dict:
    d = ReportData(period, scope, include_free_text=include_free_text).load()
    prev = d.related(period.previous()).load(ReportData.PREVIOUS)
    pts = patients(d)
    report = {
        "annee": period.year,
        "periode": period.label,
        "perimetre": {"nom": d.scope.name, "region": d.scope.is_region,
                      "poles": sorted(p["name"] for p in d.poles.values())},
        "intervisions_par_pole": intervisions_par_pole(d),
        "intervisions_par_pole_n_1": intervisions_par_pole(prev),
        "intervisions_total": intervisions_total(d),
        "comites_de_pilotage": comites_de_pilotage(d),
        "vie_associative": vie_associative(d),
        "autres_reunions": autres_reunions(d),
        "total_actions": total_actions(d),
        "total_general": total_general(d),
        **pts,
        "chiffres_cles": chiffres_cles(d),
        "chiffres_cles_n_1": chiffres_cles(prev),
        "moyennes": moyennes(d),
        "invites_presents_par_categorie": invites_presents_par_categorie(d),
        "invites_presents_par_categorie_n_1": invites_presents_par_categorie(prev),
        "medecin_traitant": medecin_traitant(d),
        "medecin_traitant_n_1": medecin_traitant(prev),
        "pharmacien_attitre": pharmacien_attitre(d),
        "pharmacien_attitre_n_1": pharmacien_attitre(prev),
        "repartitions": repartitions(d, previous=prev),
        "demandeurs_groupes": demandeurs_groupes(d, previous=prev),
        "demandeurs_x_motifs": demandeurs_x_motifs(d),
        "problematiques_combinaisons": problematiques_combinaisons(d),
        "objectif_x_reprogrammation": objectif_x_reprogrammation(d),
        "motivation_x_reprogrammation": motivation_x_reprogrammation(d),
        "reprogrammation": reprogrammation(d),
        "reprogrammation_n_1": reprogrammation(prev),
        "restitution_x_demandeur": restitution_x_demandeur(d),
        "cpom": cpom(d, previous=prev),
        "qualite_donnees": qualite_donnees(d),
        "indemnisations": indemnisations(d),
    }
    if d.scope.is_region:  # the association's other activities belong to no pôle
        report.update(other_activities(period))
    if with_semesters and period.semester is None:
        report["semestres"] = semestres(d)
    if d.scope.is_region:
        # The association's audience (members, newsletters, resources) is regional, never a pôle's.
        report.update(audience_chapters(period.year))
    if include_free_text:
        report["textes_libres"] = d.free_texts
    return report


def audience_chapters(year: int) -> dict:
    from .chapters.adhesions import adhesions
    from .chapters.newsletters import newsletters
    from .chapters.ressources import ressources

    return {"adhesions": adhesions(year), "newsletters": newsletters(year), "ressources": ressources(year)}
