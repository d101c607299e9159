"""The « Bilan des actions CPOM » laid out as the shared document model (render/sections.py):
a table of contents by axe, the hours and ETP per axe and in total, then per axe its actions,
each with its hours and ETP, texts, indicators, evaluation and survey tables, perspectives.
Figures are printed as reports.md says (ETP with 1 decimal, 2 under 0.2; means with 1 decimal).
"""

from __future__ import annotations

from django.utils.text import slugify

from concerto.cpom.services import etp_text, french_number, hours_text

from .sections import DocumentModel, Paragraph, Section, Table


def _d1(value) -> str:
    return french_number(value, 1) if value is not None else "–"


def _pct(share) -> str:
    return "–" if share is None else f"{french_number(share * 100, 1)} %"


def _signed(value) -> str:
    return "" if value is None else f" ({'+' if value >= 0 else ''}{_d1(value)})"


def _work(hours) -> str:
    if hours is None:
        return "Heures de travail non renseignées."
    return f"{hours_text(hours)} de travail, soit {etp_text(hours)} équivalent temps plein."


def summary_table(data: dict) -> Table:
    rows = [[axe, g["actions"], french_number(g["heures"]), etp_text(g["heures"])]
            for axe, g in data["par_axe"].items()]
    total = data["total"]
    rows.append(["Total", total["actions"], french_number(total["heures"]), etp_text(total["heures"])])
    return Table("heures_par_axe", f"Heures de travail et équivalents temps plein par axe — {data['annee']}",
                 ["Axe", "Actions", "Heures", "ETP"], rows, widths=[6, 1, 1.2, 1])


def contents(data: dict) -> list[Paragraph]:
    """The table of contents as the seed prints it: each axe, then its actions."""
    out = []
    for group in data["sommaire"]:
        out.append(Paragraph(group["axe"], "text"))
        out += [Paragraph(f"{item['action']} — {item['titre']}", "bullet") for item in group["actions"]]
    return out


def hours_table(data: dict) -> Table:
    rows = [[a["action"], a["titre"], french_number(a["heures"]), etp_text(a["heures"])] for a in data["actions"]]
    return Table("heures_par_action", "Heures de travail et équivalents temps plein par action",
                 ["Action", "Intitulé", "Heures", "ETP"], rows, widths=[1.4, 7, 1.1, 0.9])


def indicators_table(key: str, action: dict, year: int) -> Table | None:
    """One row per indicator (and territory): its value of the year and since the start."""
    if not action["indicateurs"]:
        return None
    rows: dict[tuple, dict] = {}
    for i in action["indicateurs"]:
        row = rows.setdefault((i["indicateur"], i["territoire"], i["unite"]), {})
        row[i["portee"]] = i["valeur"]
        row["calcule"] = row.get("calcule") or i["calcule"]
    body = [[label + (" (calculé par Concerto)" if cells["calcule"] else ""), territory or "",
             french_number(cells["Année"]) if cells.get("Année") is not None else "",
             french_number(cells["Depuis le début"]) if cells.get("Depuis le début") is not None else "", unit]
            for (label, territory, unit), cells in rows.items()]
    return Table(f"{key}_indicateurs", "Indicateurs",
                 ["Indicateur", "Territoire", f"En {year}", "Depuis le début de l'action", "Unité"], body,
                 widths=[4.6, 1.8, 1.2, 1.6, 1.8])


def evaluation_table(key: str, action: dict) -> Table | None:
    ev = action["evaluations"]
    if not ev["sites"]:
        return None

    def line(row: dict) -> list:
        return [f"{row['site']} ({row['participants']} participants)", _d1(row["pre_test"]),
                _d1(row["post_test"]) + _signed(row["gain"]), _d1(row["satisfaction"])]

    rows = [line(s) for s in ev["sites"]] + [line(ev["total"])]
    return Table(f"{key}_evaluation", "Évaluation (moyennes du total pondérées par les participants)",
                 ["Territoire", "Pré-test", "Post-test (gain)", "Satisfaction (/10)"], rows,
                 widths=[3, 1.3, 1.7, 1.7])


def survey_table(key: str, index: int, survey: dict) -> Table:
    rows = [[r["reponse"], r["nombre"], _pct(r["pct_obs"]), _pct(r["pct_cit"])] for r in survey["reponses"]]
    rows.append(["Total", survey["citations"], f"{survey['repondants']} répondants", "100,0 %"])
    return Table(f"{key}_enquete{index}", survey["question"], ["Réponse", "Nb", "% obs.", "% cit."], rows,
                 widths=[5, 1.4, 1.4, 1.4])


def _texts(title: str, text: str) -> list[Paragraph]:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        return []
    return [Paragraph(title, "text")] + [Paragraph(line, "bullet") for line in lines]


def action_section(action: dict, year: int) -> Section:
    key = slugify(action["action"])
    # In the seed's order: hours, texts, then the figures, the perspectives last.
    paragraphs = [Paragraph(_work(action["heures"]), "text")]
    if action["statut"]:
        paragraphs.append(Paragraph(f"Statut {year} : {action['statut']}.", "note"))
    paragraphs += _texts("Objectifs", action["objectifs"])
    if action["partenaires"]:
        paragraphs.append(Paragraph(f"Partenaires : {action['partenaires']}", "text"))
    if action["territoires"]:
        paragraphs.append(Paragraph(f"Territoires : {action['territoires']}", "text"))
    paragraphs += _texts(f"Réalisations {year}", action["realisations"])
    tables = [t for t in (indicators_table(key, action, year), evaluation_table(key, action)) if t]
    tables += [survey_table(key, i, s) for i, s in enumerate(action["enquetes"], start=1)]
    closing = _texts("Perspectives", action["perspectives"])
    if action["financement"]:
        closing.append(Paragraph(action["financement"], "note"))
    return Section(f"{action['action']} — {action['titre']}", key=key, level=2, paragraphs=paragraphs,
                   tables=tables, blocks=[*paragraphs, *tables, *closing])


def actions_model(data: dict) -> DocumentModel:
    year = data["annee"]
    total = data["total"]
    intro = Section("Sommaire", key="sommaire", paragraphs=contents(data))
    synthesis = Section(
        f"Heures de travail et équivalents temps plein {year}", key="heures",
        sentences=[f"{total['actions']} actions : {_work(total['heures'])}",
                   f"ETP = heures ÷ {data['diviseur_etp']} (durée légale annuelle d'un temps plein) ; l'ETP d'un "
                   "axe et du total est celui de la somme de ses heures."],
        tables=[summary_table(data), hours_table(data)],
    )
    sections = [intro, synthesis]
    for index, group in enumerate(data["sommaire"], start=1):
        axe = data["par_axe"][group["axe"]]
        sections.append(Section(group["axe"], key=f"axe-{index}", sentences=[
            f"{axe['actions']} action{'s' if axe['actions'] > 1 else ''} : {_work(axe['heures'])}"]))
        by_ref = {a["action"]: a for a in data["actions"]}
        sections += [action_section(by_ref[item["action"]], year) for item in group["actions"]]
    return DocumentModel(
        title=f"Bilan des actions CPOM {year}", year=year, period_label=str(year), scope_name="Association",
        is_region=True, sections=sections, document_key="actions-cpom",
        subtitle=f"Période du 01/01/{year} au 31/12/{year} — {total['actions']} actions, "
                 f"{hours_text(total['heures'])}, {etp_text(total['heures'])} ETP.",
    )
