"""Acceptance: Héméra's 2023 report (seed-spec C.25) computed from 69 requests and 266 members.

The expected cells below are copied from the seed's tables, not from the builder. Tables 4,
9 and 10 cannot all hold together with 6 and 7 (E.47–48: one territory and one response per
request): they are asserted as they follow from the same requests (their totals, which the
seed and these requests share, and their consistency with tables 3, 6 and 8).
"""

from __future__ import annotations

import pytest

from concerto.demo.advice import build_pole_ressource
from concerto.reports.chapters.advice import (
    GRAND_TOTAL,
    SUBTOTAL_PATIENTS,
    SUBTOTAL_PROS,
    TOTAL,
    build_pole_ressource_report,
)

CPTS = ["Centre 21", "Sud Côte d'Or", "Auxois Morvan", "21/52", "Pays d'Or", "Chatillonnais", "Hors 21"]
CLS = ["Dijon Métropole", "Pays Beaunois", "Pays Auxois Morvan", "Pays Seine & Tilles",
       "Pays Val De Saône Vingeanne", "Pays Châtillonnais", "Hors 21"]
NATURES = ["Cas Complexe - CP", "Conseils", "Demande de prise en charge", "Passage en relais ou ville",
           "Parcours de soins", "Autres"]
TOOLS = ["Consultation téléphonique d'assistance", "Téléconsultation d'assistance",
         "Entretien téléphonique de conseil", "Télé-expertise", "CP", "TéléCP", "Autres"]
PROS = ["Médecins Généralistes", "MG MSP", "Médecins Psychiatres", "Pharmaciens", "CHU/CHS", "CSAPA/CAARUD/...",
        "Structures Sociales", "Psychologues", "Autres"]

TABLE_1 = {  # ... , Total
    "Médecins généralistes": [77, 17, 9, 8, 8, 4, 5, 128],
    "Médecins du travail": [6, 1, 0, 1, 0, 0, 0, 8],
    "Directeurs structures": [2, 0, 0, 0, 0, 0, 0, 2],
    "Psychiatres": [4, 0, 0, 0, 0, 0, 0, 4],
    "Diététiciens": [0, 0, 0, 0, 0, 0, 0, 0],
    "Educateurs": [3, 1, 0, 0, 0, 0, 0, 4],
    "Pharmaciens": [42, 12, 3, 7, 8, 4, 3, 79],
    "Préparateurs": [4, 0, 0, 0, 2, 0, 0, 6],
    "Kinésithérapeutes": [0, 0, 0, 0, 0, 0, 1, 1],
    "Infirmiers": [12, 3, 0, 0, 0, 1, 1, 17],
    "Psychothérapeutes": [4, 0, 0, 0, 0, 0, 0, 4],
    "Psychologues": [9, 2, 0, 0, 0, 1, 1, 13],
    TOTAL: [163, 36, 12, 16, 18, 10, 11, 266],
}
TABLE_2 = {
    "Médecins généralistes": [76, 19, 10, 6, 8, 5, 4, 128],
    "Médecins du travail": [6, 1, 0, 1, 0, 0, 0, 8],
    "Directeurs structures": [2, 0, 0, 0, 0, 0, 0, 2],
    "Psychiatres": [4, 0, 0, 0, 0, 0, 0, 4],
    "Diététiciens": [0, 0, 0, 0, 0, 0, 0, 0],
    "Educateurs": [3, 1, 0, 0, 0, 0, 0, 4],
    "Pharmaciens": [43, 12, 4, 6, 7, 4, 3, 79],
    "Préparateurs": [3, 0, 1, 0, 2, 0, 0, 6],
    "Kinésithérapeutes": [0, 0, 0, 0, 0, 0, 1, 1],
    "Infirmiers": [12, 3, 0, 0, 0, 1, 1, 17],
    "Psychothérapeutes": [4, 0, 0, 0, 0, 0, 0, 4],
    "Psychologues": [8, 2, 1, 0, 0, 1, 1, 13],
    TOTAL: [161, 38, 16, 13, 17, 11, 10, 266],
}
TABLE_3 = {
    "Médecins Généralistes": [1, 7, 3, 0, 1, 0, 12],
    "MG MSP": [0, 1, 1, 0, 0, 0, 2],
    "Médecins Psychiatres": [0, 1, 0, 0, 0, 0, 1],
    "Pharmaciens": [1, 13, 0, 0, 10, 1, 25],
    "CHU/CHS": [0, 1, 0, 0, 0, 0, 1],
    "CSAPA/CAARUD/...": [1, 5, 1, 0, 1, 1, 9],
    "Structures Sociales": [0, 2, 2, 0, 0, 1, 5],
    "Psychologues": [0, 0, 0, 0, 0, 0, 0],
    "Autres": [0, 2, 1, 0, 0, 1, 4],
    SUBTOTAL_PROS: [3, 32, 8, 0, 12, 4, 59],
    "Patients": [1, 4, 9, 0, 3, 1, 18],
    "Familles / Entourage": [0, 5, 3, 0, 1, 0, 9],
    SUBTOTAL_PATIENTS: [1, 9, 12, 0, 4, 1, 27],
    GRAND_TOTAL: [4, 41, 20, 0, 16, 5, 86],
}
TABLE_5 = {  # rows: CPTS territories (Chatillonnais, absent from the seed's table, is all zeros)
    "Centre 21": [1, 6, 10, 0, 3, 1, 21],
    "Sud Côte d'Or": [0, 0, 0, 0, 0, 0, 0],
    "Auxois Morvan": [0, 0, 0, 0, 0, 0, 0],
    "21/52": [0, 1, 1, 0, 0, 0, 2],
    "Pays d'Or": [0, 0, 1, 0, 0, 0, 1],
    "Chatillonnais": [0, 0, 0, 0, 0, 0, 0],
    "Hors 21": [0, 2, 0, 0, 1, 0, 3],
    TOTAL: [1, 9, 12, 0, 4, 1, 27],
}
TABLE_6 = {  # columns: CPTS (Chatillonnais all zeros), Total
    "Médecins Généralistes": [8, 1, 1, 0, 0, 0, 0, 10],
    "MG MSP": [0, 0, 1, 0, 0, 0, 0, 1],
    "Médecins Psychiatres": [1, 0, 0, 0, 0, 0, 0, 1],
    "Pharmaciens": [17, 1, 0, 1, 1, 0, 3, 23],
    "CHU/CHS": [0, 0, 0, 0, 0, 0, 1, 1],
    "CSAPA/CAARUD/...": [9, 0, 0, 0, 0, 0, 0, 9],
    "Structures Sociales": [2, 0, 1, 0, 0, 0, 0, 3],
    "Psychologues": [0, 0, 0, 0, 0, 0, 0, 0],
    "Autres": [2, 0, 0, 0, 0, 0, 0, 2],
    SUBTOTAL_PROS: [39, 2, 3, 1, 1, 0, 4, 50],
    "Patients": [10, 0, 0, 1, 1, 0, 2, 14],
    "Familles / Entourage": [4, 0, 0, 1, 0, 0, 0, 5],
    SUBTOTAL_PATIENTS: [14, 0, 0, 2, 1, 0, 2, 19],
    GRAND_TOTAL: [53, 2, 3, 3, 2, 0, 6, 69],
}
TABLE_7 = {
    "Médecins Généralistes": [8, 1, 1, 0, 0, 0, 0, 10],
    "MG MSP": [0, 0, 1, 0, 0, 0, 0, 1],
    "Médecins Psychiatres": [1, 0, 0, 0, 0, 0, 0, 1],
    "Pharmaciens": [18, 1, 0, 1, 0, 0, 3, 23],
    "CHU/CHS": [0, 0, 0, 0, 0, 0, 1, 1],
    "CSAPA/CAARUD/...": [9, 0, 0, 0, 0, 0, 0, 9],
    "Structures Sociales": [2, 0, 1, 0, 0, 0, 0, 3],
    "Psychologues": [0, 0, 0, 0, 0, 0, 0, 0],
    "Autres": [2, 0, 0, 0, 0, 0, 0, 2],
    SUBTOTAL_PROS: [40, 2, 3, 1, 0, 0, 4, 50],
    "Patients": [10, 0, 0, 1, 1, 0, 2, 14],
    "Familles / Entourage": [4, 0, 0, 1, 0, 0, 0, 5],
    SUBTOTAL_PATIENTS: [14, 0, 0, 2, 1, 0, 2, 19],
    GRAND_TOTAL: [54, 2, 3, 3, 1, 0, 6, 69],
}
TABLE_8 = {
    "Médecins Généralistes": [3, 0, 6, 0, 1, 0, 0, 10],
    "MG MSP": [0, 0, 1, 0, 0, 0, 0, 1],
    "Médecins Psychiatres": [0, 0, 1, 0, 0, 0, 0, 1],
    "Pharmaciens": [8, 0, 15, 0, 0, 0, 0, 23],
    "CHU/CHS": [0, 0, 1, 0, 0, 0, 0, 1],
    "CSAPA/CAARUD/...": [1, 0, 8, 0, 0, 0, 0, 9],
    "Structures Sociales": [0, 0, 3, 0, 0, 0, 0, 3],
    "Psychologues": [0, 0, 0, 0, 0, 0, 0, 0],
    "Autres": [0, 0, 2, 0, 0, 0, 0, 2],
    SUBTOTAL_PROS: [12, 0, 37, 0, 1, 0, 0, 50],
    "Patients": [0, 0, 14, 0, 0, 0, 0, 14],
    "Familles / Entourage": [0, 0, 5, 0, 0, 0, 0, 5],
    SUBTOTAL_PATIENTS: [0, 0, 19, 0, 0, 0, 0, 19],
    GRAND_TOTAL: [12, 0, 56, 0, 1, 0, 0, 69],
}


@pytest.fixture
def report(db):
    build_pole_ressource(2023)
    return build_pole_ressource_report(2023)


def _cells(table: dict) -> dict[str, list[int]]:
    return {row: [cells[c] for c in [*table["colonnes"], TOTAL]] for row, cells in table["lignes"].items()}


SEED_TABLES = [
    ("adherents_par_cpts", CPTS, TABLE_1),
    ("adherents_par_cls", CLS, TABLE_2),
    ("natures_par_demandeur", NATURES, TABLE_3),
    ("natures_patients_par_cpts", NATURES, TABLE_5),
    ("sollicitations_par_demandeur_cpts", CPTS, TABLE_6),
    ("sollicitations_par_demandeur_cls", CLS, TABLE_7),
    ("reponses_par_demandeur", TOOLS, TABLE_8),
]


def test_seed_tables_cell_by_cell(report):
    for key, columns, expected in SEED_TABLES:
        table = report[key]
        assert table["colonnes"] == columns, key
        assert _cells(table) == expected, key


def test_tables_4_9_10_follow_from_the_same_requests(report):
    t3, t6, t8 = report["natures_par_demandeur"], report["sollicitations_par_demandeur_cpts"], \
        report["reponses_par_demandeur"]
    t4 = report["natures_professionnels_par_cpts"]
    # Table 4 = the professionals' natures (table 3's sub-total) spread over the CPTS.
    assert t4["lignes"][TOTAL] == t3["lignes"][SUBTOTAL_PROS]
    assert t4["lignes"][TOTAL]["Total"] == 59
    # Every request of table 6 has at least one nature: no territory has fewer natures than requests.
    for territory in CPTS:
        assert t4["lignes"][territory]["Total"] >= t6["lignes"][SUBTOTAL_PROS][territory]
    # Tables 9 and 10: one response per professional request, so their rows are table 6's / 7's.
    for key, by_req, territories in (
            ("reponses_professionnels_par_cpts", t6, CPTS),
            ("reponses_professionnels_par_cls", report["sollicitations_par_demandeur_cls"], CLS)):
        table = report[key]
        assert table["lignes"][TOTAL] == t8["lignes"][SUBTOTAL_PROS]
        for territory in territories:
            assert table["lignes"][territory]["Total"] == by_req["lignes"][SUBTOTAL_PROS][territory]
    # The seed's own table 9 and 10 column totals (12 assistance, 37 conseil, 1 CP; 50 responses).
    totals = report["reponses_professionnels_par_cpts"]["lignes"][TOTAL]
    assert [totals[t] for t in TOOLS] + [totals["Total"]] == [12, 0, 37, 0, 1, 0, 0, 50]


def test_units_natures_requests_responses(report):
    s = report["sollicitations"]
    assert (s["total"], s["professionnels"], s["patients_entourage"]) == (69, 50, 19)
    assert report["natures_par_demandeur"]["lignes"][GRAND_TOTAL]["Total"] == 86
    assert report["reponses_par_demandeur"]["lignes"][GRAND_TOTAL]["Total"] == 69
    assert s["par_mode"]["Téléphone"] == 68 and s["par_mode"]["Mail"] == 1
    assert s["part_patients_entourage"] == 0.2754  # 19/69 « 27,5 % »
    assert s["evolution"] == {"n_1": 48, "delta": 21, "delta_pct": 0.4375}
    assert s["evolution_professionnels"] == {"n_1": 26, "delta": 24, "delta_pct": 0.9231}


def test_shares_and_growth(report):
    parts = report["parts_demandeurs"]
    assert parts["Pharmaciens"] == {"count": 23, "share": 0.3333}
    assert parts["CSAPA/CAARUD/..."]["share"] == 0.1304  # 9/69 (the seed prints 11,6 %: E)
    answers = report["parts_reponses_professionnels"]
    assert answers["Entretien téléphonique de conseil"] == {"count": 37, "share": 0.74}
    assert answers["Consultation téléphonique d'assistance"] == {"count": 12, "share": 0.24}
    assert answers["CP"] == {"count": 1, "share": 0.02}
    growth = report["evolution_adherents"]
    assert (growth["total"], growth["n_1"], growth["delta"], growth["delta_pct"]) == (266, 252, 14, 0.0556)
    assert growth["par_profession"]["Médecins généralistes"] == {"n": 128, "n_1": 122, "delta": 6,
                                                                 "delta_pct": 0.0492}
    assert growth["par_profession"]["Pharmaciens"]["delta"] == 3


def test_dac_mission_reported_apart(report):
    dac = report["appui_dac"]
    assert dac["sollicitations"] == 6
    assert dac["reponses"]["Conseil / expertise"] == 6
    assert dac["reponses"]["Evaluation sanitaire et sociale de la situation et des besoins du patient"] == 6
    assert dac["reponses"]["Concertation pluriprofessionnelle"] == 0
    assert {k: v for k, v in dac["par_cpts"].items() if v} == {"Centre 21": 4, "Auxois Morvan": 1, "Pays d'Or": 1}
