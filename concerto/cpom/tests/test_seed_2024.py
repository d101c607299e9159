"""Acceptance (issue 19): the seed's 22 actions imported give its hours, ETP and totals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from concerto.cpom import services
from concerto.cpom.models import Action, ActionYear
from concerto.demo.cpom_2024 import (
    ACTIONS_2024,
    EVALUATION_11_11,
    GAINS_11_11,
    PRINTED_SLIPS,
    TOTAL_HOURS,
    interchange_sheets,
)
from concerto.interchange.importer import import_file
from concerto.interchange.tests.helpers import write_xlsx
from concerto.reports.chapters.actions import build_actions_report


@pytest.fixture
def bilan(db, tmp_path):
    result = import_file(write_xlsx(tmp_path / "bilan-2024.xlsx", interchange_sheets()))
    assert result.ok, [str(i) for i in result.issues]
    return build_actions_report(2024)


def _printed(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def test_every_printed_etp_with_1607(bilan):
    assert Action.objects.count() == ActionYear.objects.count() == 22
    by_ref = {a["action"]: a for a in bilan["actions"]}
    for ref, _, _, hours, printed in ACTIONS_2024:
        row = by_ref[ref]
        assert row["heures"] == hours
        assert Decimal(str(row["etp"])) == services.etp(hours)  # 2 decimals in JSON
        digits = len(printed.split(",")[1])
        computed = services.etp(row["heures"], digits)
        if ref in PRINTED_SLIPS:
            assert computed == Decimal("0.6") and services.etp(hours) == Decimal("0.62")
            assert computed != _printed(printed)
        else:
            assert computed == _printed(printed), ref


def test_total_and_axes(bilan):
    assert bilan["total"] == {"actions": 22, "heures": TOTAL_HOURS, "etp": 16.01}
    assert services.etp_text(TOTAL_HOURS) == "16,0"
    assert list(bilan["par_axe"]) == [s["axe"] for s in bilan["sommaire"]]
    assert len(bilan["par_axe"]) == 12
    exercices = bilan["par_axe"]["Exercices coordonnés"]
    assert exercices == {"actions": 5, "heures": 1436 + 800 + 3831 + 1690 + 568, "etp": 5.18}
    # The axe's ETP is its hours / 1607, not the sum of the actions' rounded ETPs (5.17).
    assert sum(a["etp"] for a in bilan["actions"] if a["axe"] == "Exercices coordonnés") == pytest.approx(5.17)
    assert sum(axe["heures"] for axe in bilan["par_axe"].values()) == TOTAL_HOURS


def test_order_of_axes_then_numbers(bilan):
    refs = [a["action"] for a in bilan["actions"]]
    assert refs[:3] == ["Action 10-10", "Action 1-1", "Action 4-6"]
    assert refs[-5:] == ["Action 15-12", "Action 15-13", "Action 15-14", "Action 15-15", "Action 15-16"]
    assert refs.index("Action 5-7") < refs.index("Action 19-18")


def test_evaluation_11_11(bilan):
    table = next(a for a in bilan["actions"] if a["action"] == "Action 11-11")["evaluations"]
    assert [s["site"] for s in table["sites"]] == [site for site, *_ in EVALUATION_11_11]
    for site in table["sites"]:
        assert Decimal(str(site["gain"])) == Decimal(GAINS_11_11[site["site"]])
    total = table["total"]
    assert total["participants"] == 74
    assert round(total["satisfaction"], 1) == 8.9  # (12×9 + 33×8.5 + 29×9.2) / 74 = 8.8554
    assert total["satisfaction"] == 8.8554
    # Weighted means of the cells (the seed prints 16,4 / 18,6: seed-spec E.51).
    assert total["pre_test"] == 16.2216 and round(total["pre_test"], 1) == 16.2
    assert total["post_test"] == 18.5135 and round(total["post_test"], 1) == 18.5
    assert total["gain"] == pytest.approx(18.5135 - 16.2216)


def test_indicators_and_survey(bilan):
    a23 = next(a for a in bilan["actions"] if a["action"] == "Action 2-3")
    assert [(i["indicateur"], i["valeur"], i["portee"]) for i in a23["indicateurs"]] == [
        ("Professionnels de santé contactés", 701, "Année"),
        ("Professionnels de santé contactés", 3121, "Depuis le début"),
        ("Visites", 559, "Année"), ("Visites", 2600, "Depuis le début"),
    ]
    survey = next(a for a in bilan["actions"] if a["action"] == "Action 20-24")["enquetes"][0]
    assert survey["repondants"] == 19
    assert [(r["reponse"], r["pct_obs"]) for r in survey["reponses"]] == [
        ("Très satisfait", 0.5789), ("Satisfait", 0.3158), ("Peu satisfait", 0.1053), ("Pas du tout satisfait", 0.0),
    ]
