"""Matching of imported label text against the nomenclatures (label + aliases)."""

from __future__ import annotations

import datetime as dt
import difflib

from concerto.nomenclatures.models import Label, ListKey, normalize_label


class LabelIndex:
    """Every label in memory, matched by normalize_label() on the label and its aliases."""

    def __init__(self) -> None:
        self.by_pk: dict[int, Label] = {}
        self._keys: dict[str, dict[str, Label]] = {}
        self._cache: dict[tuple[str, str], Label | None] = {}
        labels = list(Label.objects.all())
        for label in labels:
            self.by_pk[label.pk] = label
        # Aliases first, so that a label's own text wins over another label's alias.
        for label in labels:
            for alias in label.alias_list:
                self._keys.setdefault(label.list, {}).setdefault(normalize_label(alias), label)
        for label in labels:
            self._keys.setdefault(label.list, {})[normalize_label(label.label)] = label

    def add(self, label: Label, text: str | None = None) -> None:
        """Make `label` matchable (a label the file being imported adds, or renames to `text`)."""
        self.by_pk[label.pk] = label
        keys = self._keys.setdefault(label.list, {})
        for alias in label.alias_list:
            keys.setdefault(normalize_label(alias), label)
        keys[normalize_label(text or label.label)] = label
        self._cache.clear()

    def match(self, list_key: str, text: str) -> Label | None:
        cache_key = (list_key, text)
        if cache_key not in self._cache:  # a few distinct texts, repeated on thousands of rows
            self._cache[cache_key] = self._keys.get(list_key, {}).get(normalize_label(text))
        return self._cache[cache_key]

    def closest(self, list_key: str, text: str, n: int = 3) -> list[str]:
        """Canonical texts of the labels closest to `text` (difflib), best first."""
        keys = self._keys.get(list_key, {})
        found = []
        for key in difflib.get_close_matches(normalize_label(text), list(keys), n=n * 2, cutoff=0.6):
            if keys[key].label not in found:
                found.append(keys[key].label)
        return found[:n]

    def unknown_message(self, list_key: str, text: str) -> str:
        name = ListKey(list_key).label.lower()
        message = f"Libellé inconnu dans la liste « {name} »."
        close = self.closest(list_key, text)
        if close:
            return message + " Libellés proches : " + ", ".join(f"« {c} »" for c in close) + "."
        allowed = current_labels(list_key)
        if len(allowed) <= 20:
            return message + " Libellés possibles : " + ", ".join(f"« {c} »" for c in allowed) + "."
        return message


def current_labels(list_key: str, year: int | None = None) -> list[str]:
    """Labels of a list valid in `year` (this year by default), in display order."""
    year = year or dt.date.today().year
    return list(Label.objects.of(list_key).valid_in(year).values_list("label", flat=True))
