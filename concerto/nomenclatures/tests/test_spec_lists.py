"""The shipped lists are exactly those of spec/nomenclatures.md (the 2025 form)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from concerto.nomenclatures.defaults import DEFAULT_LABELS

SPEC = Path(__file__).resolve().parents[3].parent / "shared" / "spec" / "nomenclatures.md"
SECTIONS = {
    "Catégorie de participant": "categorie",
    "Type de réunion": "type_reunion",
    "Modalité": "modalite",
    "Accord préalable du patient": "accord",
    "Demandeur": "demandeur",
    "Problématique addictive": "problematique",
    "Motif de demande": "motif",
    "Médecin traitant / pharmacien attitré connu": "connu",
    "Absence de médecin traitant": "absence_mt",
    "Difficulté associée": "difficulte",
    "Motivation du patient dans le soin": "motivation",
    "Piste proposée": "piste",
    "Objectif de l'Intervision atteint": "objectif",
    "Restituteur": "restituteur",
    "Délai de nouvelle Intervision": "delai",
    "Type de structure": "type_structure",
    "Engagement of a coordination body": "engagement",
}


def spec_lists() -> dict[str, list[str]]:
    lists: dict[str, list[str]] = {}
    for block in re.split(r"^## ", SPEC.read_text(encoding="utf-8"), flags=re.M)[1:]:
        title, _, body = block.partition("\n")
        key = next((k for t, k in SECTIONS.items() if title.startswith(t)), None)
        if key is None:
            continue
        paragraph = body.strip().split("\n\n")[0]
        labels = [re.sub(r"\s*\(from \d{4}\)$", "", x.strip()) for x in " ".join(paragraph.split("\n")).split(" · ")]
        lists[key] = labels
    return lists


@pytest.mark.skipif(not SPEC.exists(), reason="shared/spec/nomenclatures.md absent à côté du dépôt")
def test_shipped_labels_are_the_spec_lists():
    expected = spec_lists()
    assert set(expected) == set(SECTIONS.values())
    for key, labels in expected.items():
        assert [e["label"] for e in DEFAULT_LABELS[key]] == labels, key


def test_korsakoff_from_2025():
    korsakoff = next(e for e in DEFAULT_LABELS["difficulte"] if e["label"] == "Korsakoff")
    assert korsakoff["valid_from"] == 2025
