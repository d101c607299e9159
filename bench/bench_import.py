"""Benchmark: import the 10-year history of a large association.

    .venv/bin/python bench/bench_import.py                  # SQLite (a temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/concerto .venv/bin/python bench/bench_import.py

The script builds a deterministic workbook (about 1,000 meetings, 3,000 situations and
10,000 attendances over 2015–2024), imports it into a fresh test database created next to
the configured one (`test_<name>`, removed at the end — the configured database itself is
never touched), re-imports it (every row unchanged) and prints the times and the peak
memory of the process. Target: under 60 s and 1 GB on a 2-core machine.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "concerto.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from concerto.interchange.importer import import_file  # noqa: E402
from concerto.interchange.schema import TABLES  # noqa: E402
from concerto.nomenclatures.defaults import DEFAULT_LABELS  # noqa: E402

SEED = 2026
YEARS = range(2015, 2025)
POLES = ["Calais", "Boulogne", "Dunkerque", "Lens", "Arras", "Douai", "Valenciennes", "Maubeuge", "Lille",
         "Roubaix", "Amiens", "Saint-Quentin"]
CATEGORIES = [e["label"] for e in DEFAULT_LABELS["categorie"]]
OTHER_TYPES = ["Comité de pilotage", "Assemblée générale", "Conseil d'administration", "Bureau", "Agor'Add",
               "Webinaire", "Groupe d'échange de pratiques", "Présentation"]


def labels(list_key: str) -> list[str]:
    return [e["label"] for e in DEFAULT_LABELS[list_key] if not e.get("valid_from")]


def build_workbook(path: Path) -> dict[str, int]:
    rng = random.Random(SEED)
    sheets: dict[str, list[list]] = {t.name: [t.column_keys] for t in TABLES}
    rows = {name: sheet for name, sheet in sheets.items()}

    structure_types = labels("type_structure")
    structures = [f"Structure {i:03d}" for i in range(80)]
    for name in structures:
        rows["structures"].append([name, rng.choice(structure_types), rng.choice(POLES)])

    people = [f"P{i:05d}" for i in range(1500)]
    for i, ref in enumerate(people):
        category = "Patients" if i % 97 == 0 else rng.choice(CATEGORIES[:-1])
        rows["personnes"].append([
            ref, f"Nom{i}", f"Prénom{i}", category, "Profession", rng.choice(structures + [""]),
            f"personne{i}@example.org", "03 21 00 00 00", "", "",
        ])
    for index, pole in enumerate(POLES):
        rows["poles"].append([pole, "62", "CSAPA", structures[index], people[index], "2014-09-01", "oui"])

    meetings: list[tuple[str, str, dt.date]] = []
    for year in YEARS:
        for pole in POLES:
            for n in range(6):  # ~6 Intervisions per pôle and year
                date = dt.date(year, 1 + 2 * n, rng.randint(1, 28))
                meetings.append((f"R{year}-{pole[:3].upper()}-{n}", pole, date))
        for n in range(28):  # other meetings of the association
            meetings.append((f"R{year}-AUT-{n:02d}", "", dt.date(year, rng.randint(1, 12), rng.randint(1, 28))))
    modalities = labels("modalite")
    intervisions = []
    for ref, pole, date in meetings:
        kind = "Intervision" if pole else rng.choice(OTHER_TYPES)
        if kind == "Comité de pilotage":
            pole = rng.choice(POLES)
        rows["reunions"].append([ref, kind, pole, date.isoformat(), rng.choice(modalities), "Salle",
                                 rng.choice(people), "", rng.choice(structures), ""])
        if kind == "Intervision":
            intervisions.append((ref, pole))
        for person in rng.sample(people, 10):
            remote = rng.random() < 0.3
            rows["presences"].append([ref, person, "oui", rng.choice(["oui", "oui", "non"]),
                                      "oui" if remote else "non", ("oui" if rng.random() < 0.8 else "non")
                                      if remote else ""])

    multi = {c: labels(k) for c, k in (("demandeurs", "demandeur"), ("problematiques", "problematique"),
                                       ("motifs", "motif"), ("difficultes", "difficulte"), ("pistes", "piste"))}
    number = 0
    while number < 3000:
        ref, pole = intervisions[number % len(intervisions)]
        number += 1
        code = f"{pole[:2].upper()}-{rng.randint(1, 400):04d}"
        situation = {c: " ; ".join(rng.sample(values, rng.randint(0, 3))) for c, values in multi.items()}
        again = rng.random() < 0.4
        rows["situations"].append([
            f"S{number:05d}", ref, code, rng.choice(labels("accord")), situation["demandeurs"], "",
            situation["problematiques"], "", situation["motifs"], "", "Texte libre du problème", rng.choice(
                labels("connu")), "", rng.choice(["oui", "non", ""]), "", rng.choice(labels("connu")), "", "",
            situation["difficultes"], "", "", "", rng.choice(labels("motivation")), "", situation["pistes"], "",
            "Réponse", rng.choice(labels("objectif")), rng.choice(labels("restituteur")),
            "oui" if again else "non", rng.choice(labels("delai")) if again else "",
        ])
        for person in rng.sample(people, 2):
            rows["invitations_situation"].append([f"S{number:05d}", person, rng.choice(["oui", "non"])])

    workbook = Workbook(write_only=True)
    for name, sheet in sheets.items():
        ws = workbook.create_sheet(name)
        for row in sheet:
            ws.append(row)
    workbook.save(path)
    return {name: len(sheet) - 1 for name, sheet in sheets.items()}


def peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main() -> None:
    settings_dict = connection.settings_dict
    vendor = connection.vendor
    tmp = Path(tempfile.mkdtemp(prefix="bench-import-"))
    if vendor == "sqlite":
        settings_dict.setdefault("TEST", {})["NAME"] = str(tmp / "bench.sqlite3")
    workbook = tmp / "historique.xlsx"
    started = time.perf_counter()
    sizes = build_workbook(workbook)
    print(f"Classeur généré en {time.perf_counter() - started:.1f} s ({workbook.stat().st_size / 1e6:.1f} Mo) : "
          + ", ".join(f"{n} {name}" for name, n in sizes.items()))

    old_name = settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        print(f"Base : {vendor} ({connection.settings_dict['NAME']})")
        started = time.perf_counter()
        result = import_file(workbook)
        first = time.perf_counter() - started
        if not result.ok:
            for issue in result.issues[:20]:
                print(issue)
            raise SystemExit(f"{len(result.issues)} erreur(s)")
        created = {name: c.created for name, c in result.counts.items()}
        print(f"Import dans une base vide : {first:.1f} s — créées : {created}")
        started = time.perf_counter()
        again = import_file(workbook)
        second = time.perf_counter() - started
        unchanged = sum(c.unchanged for c in again.counts.values())
        print(f"Réimport du même fichier : {second:.1f} s — {unchanged} lignes inchangées, "
              f"{sum(c.created for c in again.counts.values())} créées")
        print(f"Mémoire maximale (RSS) : {peak_rss_mb():.0f} Mo")
        verdict = "OK" if first < 60 and peak_rss_mb() < 1024 else "TROP LENT OU TROP GOURMAND"
        print(f"Objectif < 60 s et < 1 Go : {verdict}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        for path in tmp.iterdir():
            path.unlink()
        tmp.rmdir()


if __name__ == "__main__":
    main()
