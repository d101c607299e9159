"""What a report covers: a period (year or semester) and a scope (region, one pôle, a user's pôles)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from concerto.poles.models import Pole


@dataclass(frozen=True)
class Period:
    """Year N (1 January–31 December) or one of its semesters (S1 Jan–Jun, S2 Jul–Dec)."""

    year: int
    semester: int | None = None

    def __post_init__(self) -> None:
        if self.semester not in (None, 1, 2):
            raise ValueError("Le semestre vaut 1 ou 2.")

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 7 if self.semester == 2 else 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 6, 30) if self.semester == 1 else dt.date(self.year, 12, 31)

    @property
    def label(self) -> str:
        return f"S{self.semester} {self.year}" if self.semester else str(self.year)

    def previous(self) -> Period:
        """The same period one year earlier (deltas are « vs N-1 »)."""
        return Period(self.year - 1, self.semester)


@dataclass(frozen=True)
class Scope:
    """Which pôles a report covers. `pole_ids=None` is the whole association, meetings without
    a pôle (vie associative) included; otherwise only the meetings of those pôles."""

    pole_ids: tuple[int, ...] | None = None
    name: str = "Région"

    @classmethod
    def region(cls) -> Scope:
        return cls(None, "Région")

    @classmethod
    def for_pole(cls, pole: Pole) -> Scope:
        return cls((pole.pk,), pole.name)

    @classmethod
    def for_user(cls, user) -> Scope:
        """The pôles a user may see (Pole.objects.for_user): everything for the association."""
        if user.is_association or getattr(user, "role", "") == "reader":
            return cls.region()
        poles = list(Pole.objects.for_user(user).order_by("name"))
        return cls(tuple(p.pk for p in poles), ", ".join(p.name for p in poles))

    @property
    def is_region(self) -> bool:
        return self.pole_ids is None

    def q(self, pole_path: str) -> Q:
        """Filter on the pôle reached by `pole_path` (e.g. "meeting__pole")."""
        if self.pole_ids is None:
            return Q()
        return Q(**{f"{pole_path}_id__in": self.pole_ids})

    def filter(self, qs: QuerySet, pole_path: str) -> QuerySet:
        return qs.filter(self.q(pole_path))
