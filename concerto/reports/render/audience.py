"""The annual report's sections of the association's audience: members (« adhesions »), newsletters
and the resources library (« ressources »), laid out from the plain data of reports/chapters/ with the
sentences the seed writes (« 32 adhérents (-10) », « 2020 destinataires par newsletter envoyée (+373) »,
« 25 (-29) références scientifiques »)."""

from __future__ import annotations

from ..numbers import count_with_delta, delta_text, half_up, pct_text, points_text
from .sections import Section, Table

# How the seed names each type of resource in its sentences (type codes: nomenclatures/defaults.py).
RESOURCE_NOUNS = {
    "articles": "articles et documents",
    "references": "références scientifiques",
    "outils": "outils pratiques face au patient",
    "videos": "vidéos",
    "liens": "liens",
}
FEMININE = {"references", "videos"}  # « toutes créées », « dont 3 créées »


def _n(value) -> int | str:
    return "–" if value is None else value


def _delta(value: int | None) -> str:
    if value is None:
        return ""
    return "=" if value == 0 else f"{value:+d}"


def adhesions_section(data: dict, year: int) -> Section:
    s = Section("ADHÉSIONS", key="adhesions")
    classes = data["par_classe"]
    full, assoc = classes.get("Plein exercice", {}).get("nombre", 0), classes.get("Associé", {}).get("nombre", 0)
    s.sentences.append(f"{count_with_delta(data['total'], data['total_n_1'], 'adhérents')} en {year}, dont "
                       f"{full} membre{'s' if full > 1 else ''} de plein exercice et {assoc} "
                       f"membre{'s' if assoc > 1 else ''} associé{'s' if assoc > 1 else ''}.")
    parts = [f"{label} {c['nombre']} {delta_text(c['nombre'], c['n_1'])}".rstrip()
             for label, c in data["par_categorie"].items() if c["nombre"] or c["n_1"]]
    if parts:
        s.sentences.append("Par catégorie : " + ", ".join(parts) + ".")
    if data["non_renouveles"]:
        s.sentences.append(f"{data['non_renouveles']} adhérent·e·s de {year - 1} n'ont pas renouvelé leur adhésion.")
    rows = [[label, c["classe"], c["nombre"], c["n_1"], _delta(c["evolution"])]
            for label, c in data["par_categorie"].items()]
    rows += [[f"Total {cls.lower()}", cls, c["nombre"], c["n_1"], _delta(c["evolution"])] for cls, c in classes.items()]
    rows.append(["Total adhérents", "", data["total"], data["total_n_1"], _delta(data["evolution"])])
    s.tables.append(Table("adhesions", f"Adhérents {year} par catégorie et classe",
                          ["Catégorie", "Classe", str(year), str(year - 1), "Évolution"], rows,
                          bold_rows=set(range(len(rows) - len(classes) - 1, len(rows))), widths=[4, 2, 1, 1, 1.4]))
    return s


def newsletters_section(data: dict, year: int) -> Section:
    s = Section("NEWSLETTERS", key="newsletters")
    prev = data["n_1"]
    mean = half_up(data["moyenne_destinataires_generales"])
    sends = count_with_delta(data["envois"], prev["envois"] or None, "newsletters envoyées")
    s.sentences.append(f"{sends}"
                       f" à {data['destinataires']} destinataires au total ({data['envois_generaux']} envois à tous "
                       f"les contacts, {data['envois_territoriaux']} à un territoire).")
    if mean is not None:
        prev_mean = half_up(prev["moyenne_destinataires_generales"])
        s.sentences.append(count_with_delta(mean, prev_mean, "destinataires par newsletter envoyée")
                           + " (moyenne des envois à tous les contacts).")
    s.sentences.append(
        f"Taux d'ouverture {pct_text(data['taux_ouverture'])} "
        f"{points_text(data['taux_ouverture'], prev['taux_ouverture'])}, "
        f"taux de clic {pct_text(data['taux_clic'])} {points_text(data['taux_clic'], prev['taux_clic'])}, "
        f"réactivité (cliqueurs / ouvreurs) {pct_text(data['reactivite'])} "
        f"{points_text(data['reactivite'], prev['reactivite'])}.".replace("  ", " ").replace(" ,", ","))
    s.tables.append(Table("newsletters", f"Newsletters {year}", ["Indicateur", str(year), str(year - 1)], [
        ["Envois", data["envois"], prev["envois"]],
        ["dont envois à tous les contacts", data["envois_generaux"], prev["envois_generaux"]],
        ["Destinataires (somme des envois)", data["destinataires"], prev["destinataires"]],
        ["Destinataires par envoi à tous les contacts", _n(mean), _n(half_up(prev["moyenne_destinataires_generales"]))],
        ["Ouvreurs", data["ouvreurs"], prev["ouvreurs"]],
        ["Cliqueurs", data["cliqueurs"], prev["cliqueurs"]],
        ["Taux d'ouverture", pct_text(data["taux_ouverture"]), pct_text(prev["taux_ouverture"])],
        ["Taux de clic", pct_text(data["taux_clic"]), pct_text(prev["taux_clic"])],
        ["Réactivité (cliqueurs / ouvreurs)", pct_text(data["reactivite"]), pct_text(prev["reactivite"])],
    ], widths=[4, 1, 1]))
    if data["categories"]:
        s.tables.append(Table("newsletters_categories",
                              "Par catégorie de destinataires (réactivité = cliqueurs ÷ ouvreurs)",
                              ["Catégorie", "Envois", "Destinataires", "Ouvreurs par envoi", "Cliqueurs par envoi",
                               "Ouverture", "Clic", "Réactivité"],
                              [[cat, c["envois"], c["destinataires"], _n(half_up(c["moyenne_ouvreurs"])),
                                _n(half_up(c["moyenne_cliqueurs"])), pct_text(c["taux_ouverture"]),
                                pct_text(c["taux_clic"]), pct_text(c["reactivite"])]
                               for cat, c in data["categories"].items()], widths=[3, 1.1, 1.6, 1.5, 1.5, 1.4, 1, 1.4]))
    return s


def ressources_section(data: dict, year: int) -> Section:
    s = Section("ESPACE RESSOURCES", key="ressources")
    for label, c in data["par_type"].items():
        noun = RESOURCE_NOUNS.get(c["code"], label.lower())
        text = f"{c['nombre']} {delta_text(c['nombre'], c['n_1'])} {noun}".replace("  ", " ")
        own, e = c["creees_par_association"], "e" if c["code"] in FEMININE else ""
        if c["nombre"] and own == c["nombre"]:
            text += (f", tou{'tes' if e else 's'} créé{e}s par l'Association" if c["nombre"] > 1
                     else f", créé{e} par l'Association")
        elif own:
            text += f" dont {own} créé{e}{'s' if own > 1 else ''} par l'Association"
        s.sentences.append(text + ".")
    s.tables.append(Table("ressources", f"Ressources publiées en {year} par type",
                          ["Type", str(year), str(year - 1), "Évolution", "Créées par l'Association"],
                          [[label, c["nombre"], c["n_1"], _delta(c["evolution"]), c["creees_par_association"]]
                           for label, c in data["par_type"].items()]
                          + [["Total", data["total"], data["total_n_1"], _delta(data["evolution"]),
                              data["creees_par_association"]]], bold_rows={len(data["par_type"])},
                          widths=[3, 1, 1, 1.4, 2]))
    themes = [[label, c["nombre"], c["n_1"]] for label, c in data["par_thematique"].items()]
    if data["sans_thematique"]:
        themes.append(["Sans thématique", data["sans_thematique"], ""])
    s.tables.append(Table("ressources_thematiques", "Par thématique", ["Thématique", str(year), str(year - 1)], themes,
                          widths=[4, 1, 1]))
    return s


def audience_sections(report: dict) -> list[Section]:
    """The three sections, when the report carries their chapters (the regional report)."""
    year = report["annee"]
    out = []
    if "adhesions" in report:
        out.append(adhesions_section(report["adhesions"], year))
    if "newsletters" in report:
        out.append(newsletters_section(report["newsletters"], year))
    if "ressources" in report:
        out.append(ressources_section(report["ressources"], year))
    return out
