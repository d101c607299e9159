"""Sections of the association's other activities in the annual report: rencontres
interprofessionnelles, conseil scientifique, presentations, conventions (reports.md v2).

Built from the report's plain data only (the JSON keys), like every other section.
"""

from __future__ import annotations

import re

from concerto.nomenclatures.models import normalize_label

from ..numbers import count_with_delta, delta_text, half_up, pct_text, points_text
from .sections import Section, Table, fit

QUESTION_TITLES = {
    "contenus": "Contenus conformes aux attentes et besoins",
    "comprehension": "Sujet traité de manière compréhensible et intéressante",
    "partage": "Partage des pratiques, questions et préoccupations",
    "supports": "Documents supports adaptés",
    "organisation": "Organisation générale (horaires, durée, format)",
    "autre_session": "Souhait d'assister à une autre rencontre",
    "ameliorations": "Axes d'amélioration suggérés",
    "commentaires": "Commentaires généraux",
}


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", normalize_label(name))[:12]


def _avg(value) -> str:
    return "–" if value is None else str(half_up(value))


def _type_sentences(name: str, cur: dict, prev: dict | None, year: int) -> list[str]:
    prev = prev or {}
    out = [count_with_delta(cur["nombre"], prev.get("nombre"), f"{name} en {year}")]
    if not cur["nombre"]:
        return out
    avg_delta = ""
    if cur.get("moyenne_participants") is not None and prev.get("moyenne_participants") is not None:
        avg_delta = " " + delta_text(half_up(cur["moyenne_participants"]), half_up(prev["moyenne_participants"]))
    out.append(f"{count_with_delta(cur['participants'], prev.get('participants'), 'participants')} au total, "
               f"soit une moyenne de {_avg(cur['moyenne_participants'])}{avg_delta} participants par événement "
               f"documenté ({cur['evenements_documentes']} sur {cur['nombre']})")
    if cur["inscrits"]:
        out.append(f"{pct_text(cur['taux_presence'])} des inscrits y participent réellement "
                   f"({cur['participants']} participants pour {cur['inscrits']} inscrits)")
    if cur["participants"]:
        non_lib = 1 - (cur["liberaux"] / cur["participants"]) if cur["participants"] else None
        out.append(f"{pct_text(cur['liberaux'] / cur['participants'])} de participant·e·s libéraux·ales, "
                   f"{pct_text(non_lib)} de non libéraux ; en moyenne {_avg(cur['moyenne_liberaux'])} libéraux "
                   f"par événement documenté")
    points = points_text(cur["taux_retour"], prev.get("taux_retour"))
    out.append(f"{cur['questionnaires']} questionnaires d'évaluation complétés, soit "
               f"{pct_text(cur['taux_retour'])} des participants" + (f" {points}" if points else ""))
    for platform, view in cur["vues_media"].items():
        out.append(f"{view['vues']} vues sur {platform} au {_date(view['date_observation'])} "
                   f"(comptées à part : une vue n'est pas un participant)")
    for label, doc in cur["documents"].items():
        if doc["attendus"] and doc["recus"] < doc["attendus"]:
            out.append(f"{label} : {doc['recus']} reçu(s) sur {doc['attendus']} attendu(s)")
    return out


def _date(iso: str | None) -> str:
    if not iso:
        return "–"
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def rencontres_sections(report: dict) -> list[Section]:
    data = report.get("rencontres")
    if not data:
        return []
    year = report["annee"]
    prev_all = report.get("rencontres_n_1") or {}
    s = Section("RENCONTRES INTERPROFESSIONNELLES", key="rencontres")
    rows = []
    for name, cur in data.items():
        prev = prev_all.get(name, {})
        rows.append([name, cur["nombre"], prev.get("nombre", "–"), cur["inscrits"], cur["participants"],
                     prev.get("participants", "–"), pct_text(cur["taux_presence"]), cur["questionnaires"],
                     pct_text(cur["taux_retour"]), pct_text(prev.get("taux_retour"))])
    s.tables += fit(Table("rencontres", f"Rencontres interprofessionnelles {report['periode']}",
                          ["Type", "Nombre", f"Nombre {year - 1}", "Inscrits", "Participants",
                           f"Participants {year - 1}", "Taux de présence", "Questionnaires", "Taux de retour",
                           f"Taux de retour {year - 1}"], rows))
    out = [s]
    for name, cur in data.items():
        if not cur["nombre"] and not prev_all.get(name, {}).get("nombre"):
            continue
        prev = prev_all.get(name, {})
        sub = Section(name, sentences=_type_sentences(name, cur, prev, year), key=f"rencontres-{_slug(name)}", level=2)
        cats = [[label, v["count"], pct_text(v["share"]),
                 pct_text(prev.get("categories", {}).get(label, {}).get("share"))]
                for label, v in cur["categories"].items()]
        sub.tables += fit(Table(f"renc-cat-{_slug(name)}", f"{name} — participants par catégorie",
                                ["Catégorie", "Participants", "Part", f"Part {year - 1}"], cats))
        answer_rows = []
        for code, shares in cur["reponses"].items():
            title = QUESTION_TITLES.get(code, code)
            if "reponses" in shares:
                answer_rows.append([title, "(texte libre)", shares["reponses"], "–", "–"])
                continue
            prev_shares = prev.get("reponses", {}).get(code, {})
            for label, v in shares.items():
                answer_rows.append([title, label, v["count"], pct_text(v["share"]),
                                    pct_text(prev_shares.get(label, {}).get("share"))])
        if answer_rows:
            sub.tables += fit(Table(f"renc-rep-{_slug(name)}", f"{name} — réponses aux questionnaires",
                                    ["Question", "Réponse", "Réponses", "Part", f"Part {year - 1}"], answer_rows))
        if cur["vues_media"]:
            sub.tables += fit(Table(f"renc-vues-{_slug(name)}", f"{name} — vues des replays et supports",
                                    ["Plateforme", "Vues", "Au"],
                                    [[p, v["vues"], _date(v["date_observation"])]
                                     for p, v in cur["vues_media"].items()]))
        out.append(sub)
    return out


def other_activity_sections(report: dict) -> list[Section]:
    """Every section of the other activities present in the report's data."""
    from .autres import conventions_sections, council_sections, presentations_sections

    return [*rencontres_sections(report), *council_sections(report), *presentations_sections(report),
            *conventions_sections(report)]
