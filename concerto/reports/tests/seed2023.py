# ruff: noqa: E501 — the seed table, one line per pôle as printed
"""The 2023 per-pôle table of the seed report (seed-spec.md C.2), category cells as printed."""

# Category order of the columns (shipped label codes).
CATEGORIES = [
    "generalistes_liberaux", "pharmaciens", "autres_liberaux", "internes_etudiants", "specialistes",
    "generalistes_salaries", "coordination", "infirmiers", "psychologues", "travailleurs_sociaux", "autres",
    "patients",
]

# pôle: actions, visio, 12 × (participations, participants), cas, participations, participants, nouv lib, nouv non lib
TABLE = """
Aulnoye Aymeries | 1 | 0 | 3 | 3 | 3 | 3 | 1 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 | 3 | 3 | 0 | 0 | 1 | 1 | 1 | 1 | 0 | 0 | 4 | 13 | 13 | 5 | 2
Boulogne sur Mer | 4 | 0 | 2 | 1 | 2 | 2 | 0 | 0 | 1 | 1 | 1 | 1 | 1 | 1 | 0 | 0 | 14 | 7 | 0 | 0 | 9 | 7 | 0 | 0 | 0 | 0 | 7 | 30 | 20 | 0 | 7
Calais | 10 | 1 | 19 | 5 | 14 | 4 | 21 | 3 | 5 | 4 | 4 | 1 | 0 | 0 | 5 | 1 | 9 | 5 | 6 | 4 | 8 | 7 | 0 | 0 | 1 | 1 | 27 | 87 | 35 | 4 | 15
Cambrai | 3 | 0 | 5 | 2 | 12 | 6 | 0 | 0 | 2 | 2 | 4 | 2 | 0 | 0 | 3 | 1 | 10 | 8 | 0 | 0 | 2 | 2 | 0 | 0 | 0 | 0 | 9 | 38 | 23 | 2 | 6
Caudry | 3 | 0 | 3 | 1 | 9 | 3 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 | 3 | 1 | 8 | 4 | 0 | 0 | 2 | 2 | 0 | 0 | 0 | 0 | 10 | 26 | 12 | 0 | 1
Douai | 3 | 2 | 3 | 2 | 2 | 2 | 2 | 2 | 0 | 0 | 19 | 13 | 2 | 1 | 0 | 0 | 22 | 11 | 8 | 5 | 3 | 2 | 8 | 3 | 0 | 0 | 3 | 46 | 34 | 3 | 17
Dunkerque | 10 | 3 | 10 | 2 | 3 | 3 | 3 | 2 | 5 | 5 | 10 | 3 | 1 | 1 | 22 | 5 | 37 | 16 | 13 | 4 | 40 | 21 | 6 | 4 | 0 | 0 | 38 | 141 | 65 | 2 | 28
Faches Thumesnil | 5 | 0 | 4 | 2 | 0 | 0 | 0 | 0 | 0 | 0 | 1 | 1 | 0 | 0 | 0 | 0 | 8 | 3 | 0 | 0 | 15 | 8 | 5 | 1 | 0 | 0 | 9 | 33 | 15 | 0 | 3
Fourmies | 4 | 0 | 13 | 4 | 17 | 8 | 3 | 1 | 1 | 1 | 2 | 2 | 1 | 1 | 4 | 1 | 13 | 8 | 4 | 1 | 6 | 3 | 0 | 0 | 0 | 0 | 21 | 64 | 30 | 2 | 4
Hénin Beaumont | 2 | 0 | 2 | 1 | 0 | 0 | 2 | 2 | 0 | 0 | 0 | 0 | 0 | 0 | 7 | 4 | 0 | 0 | 0 | 0 | 4 | 4 | 4 | 3 | 0 | 0 | 2 | 17 | 13 | 2 | 8
Hirson | 3 | 0 | 3 | 1 | 12 | 6 | 0 | 0 | 0 | 0 | 3 | 1 | 0 | 0 | 3 | 1 | 8 | 6 | 7 | 4 | 8 | 7 | 1 | 1 | 0 | 0 | 16 | 45 | 27 | 1 | 11
Lille Boris Vian | 2 | 0 | 3 | 2 | 2 | 1 | 0 | 0 | 0 | 0 | 2 | 2 | 0 | 0 | 0 | 0 | 2 | 2 | 0 | 0 | 3 | 3 | 0 | 0 | 0 | 0 | 3 | 12 | 10 | 0 | 5
Lomme | 4 | 0 | 4 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 4 | 1 | 0 | 0 | 4 | 2 | 0 | 0 | 10 | 4 | 0 | 0 | 0 | 0 | 8 | 22 | 8 | 0 | 1
Maubeuge | 4 | 1 | 5 | 2 | 8 | 4 | 2 | 1 | 2 | 2 | 0 | 0 | 0 | 0 | 4 | 1 | 8 | 4 | 1 | 1 | 6 | 3 | 0 | 0 | 0 | 0 | 17 | 36 | 18 | 0 | 5
Montreuil | 9 | 0 | 4 | 2 | 4 | 2 | 0 | 0 | 0 | 0 | 1 | 1 | 0 | 0 | 0 | 0 | 28 | 8 | 3 | 2 | 30 | 8 | 0 | 0 | 0 | 0 | 12 | 70 | 23 | 0 | 4
Roubaix CSAPA La Trame | 2 | 1 | 1 | 1 | 0 | 0 | 1 | 1 | 0 | 0 | 3 | 2 | 0 | 0 | 0 | 0 | 3 | 3 | 0 | 0 | 2 | 2 | 0 | 0 | 1 | 1 | 2 | 11 | 10 | 0 | 3
Roubaix Le Relais | 3 | 0 | 5 | 3 | 1 | 1 | 0 | 0 | 0 | 0 | 4 | 2 | 2 | 2 | 0 | 0 | 1 | 1 | 2 | 1 | 4 | 2 | 0 | 0 | 0 | 0 | 3 | 19 | 12 | 4 | 0
Saint Quentin | 3 | 0 | 4 | 2 | 7 | 5 | 0 | 0 | 1 | 1 | 8 | 4 | 0 | 0 | 3 | 1 | 16 | 9 | 5 | 3 | 7 | 5 | 0 | 0 | 0 | 0 | 12 | 50 | 29 | 3 | 10
Tourcoing | 2 | 0 | 3 | 3 | 0 | 0 | 0 | 0 | 0 | 0 | 3 | 2 | 0 | 0 | 1 | 1 | 2 | 2 | 1 | 1 | 0 | 0 | 1 | 1 | 1 | 1 | 2 | 12 | 11 | 1 | 1
"""
TOTAL = "77 | 8 | 96 | 40 | 96 | 50 | 35 | 13 | 17 | 16 | 65 | 37 | 12 | 8 | 56 | 18 | 196 | 102 | 50 | 26 | 160 | 91 | 26 | 14 | 3 | 3 | 205 | 772 | 408 | 29 | 131"


def parse(line: str) -> dict:
    parts = [p.strip() for p in line.split("|")]
    name, nums = (parts[0], parts[1:]) if not parts[0].isdigit() else (None, parts)
    nums = [int(n) for n in nums]
    cells = {cat: (nums[2 + 2 * i], nums[3 + 2 * i]) for i, cat in enumerate(CATEGORIES)}
    return {"pole": name, "actions": nums[0], "visio": nums[1], "cells": cells, "cas": nums[26],
            "participations": nums[27], "participants": nums[28], "new_lib": nums[29], "new_non_lib": nums[30]}


ROWS = [parse(line) for line in TABLE.strip().splitlines()]
TOTAL_ROW = parse(TOTAL)
