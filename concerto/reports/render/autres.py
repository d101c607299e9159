"""Sections of the scientific council, the presentations and the conventions (reports.md v2),
from the report's plain data only."""

from __future__ import annotations

from ..numbers import delta_text, pct_text, points_text
from .sections import Section, Table, fit


def _date(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def council_sections(report: dict) -> list[Section]:
    cur = report.get("conseil_scientifique")
    if not cur:
        return []
    prev = report.get("conseil_scientifique_n_1") or {}
    year = report["annee"]
    sentences = [f"{cur['reunions']} réunions ont eu lieu en {year} réunissant {cur['presences']} présences totales "
                 f"(sur {cur['presences_possibles']} possibles), soit un taux de présence de {pct_text(cur['taux'])}"
                 + (f" {points_text(cur['taux'], prev.get('taux'))}" if prev.get("taux") is not None else "")]
    if cur["reunions"]:
        sentences.append(f"dont {cur['en_presentiel']} en présentiel ou en mixte")
    if cur["sieges_vacants"]:
        sentences.append("Sièges en recrutement au 31/12 : " + ", ".join(cur["sieges_vacants"]))
    s = Section("CONSEIL SCIENTIFIQUE ET TECHNIQUE", sentences=sentences, key="conseil_scientifique")
    s.tables += fit(Table("conseil", f"Conseil scientifique {report['periode']} — présences par réunion",
                          ["Réunion", "Présences", "Sièges pourvus", "Taux"],
                          [[_date(r["date"]), r["presences"], r["possibles"],
                            pct_text(r["presences"] / r["possibles"] if r["possibles"] else None)]
                           for r in cur["seances"]]
                          + [["Total", cur["presences"], cur["presences_possibles"], pct_text(cur["taux"])]]))
    return [s]


def presentations_sections(report: dict) -> list[Section]:
    cur = report.get("presentations")
    if not cur:
        return []
    prev = report.get("presentations_n_1") or {}
    year = report["annee"]
    s = Section("PRÉSENTATIONS ET PARTICIPATIONS AUPRÈS DES PARTENAIRES", key="presentations")
    indicators = cur["indicateurs_cpom"]
    prev_ind = prev.get("indicateurs_cpom", {})
    s.sentences = [f"{name} : {n} {delta_text(n, prev_ind.get(name))}".strip() for name, n in indicators.items()]
    s.tables += fit(Table("presentations", f"Présentations et participations {report['periode']}",
                          ["Nature", str(year), str(year - 1)],
                          [[k, n, prev.get("par_nature", {}).get(k, "–")] for k, n in cur["par_nature"].items()]))
    return [s]


def conventions_sections(report: dict) -> list[Section]:
    cur = report.get("conventions")
    if not cur:
        return []
    year = report["annee"]
    sentences = []
    if cur["signees"]:
        sentences.append(f"Conventions signées en {year} : " + ", ".join(cur["signees"]))
    else:
        sentences.append(f"Pas de nouvelle convention en {year}")
    if cur["mises_a_jour"]:
        sentences.append(f"Conventions remises à jour en {year} : " + ", ".join(cur["mises_a_jour"]))
    if cur["resiliees"]:
        sentences.append(f"Conventions résiliées en {year} : " + ", ".join(cur["resiliees"]))
    s = Section("CONVENTIONS DE PARTENARIAT", sentences=sentences, key="conventions")
    s.tables += fit(Table("conventions", f"Conventions par statut au 31/12/{year}", ["Statut", "Conventions"],
                          [[k, n] for k, n in cur["par_statut"].items()]))
    return [s]
