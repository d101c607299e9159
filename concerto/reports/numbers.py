"""Rounding and the French phrasing of figures shared by every rendering (reports.md « Rounding »)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def ratio(part: int | float, whole: int | float, digits: int = 4) -> float | None:
    """part / whole rounded to `digits` (the JSON keeps 4 decimals); None when whole is 0."""
    if not whole:
        return None
    return round(part / whole, digits)


def half_up(value: float | None) -> int | None:
    """Integer rounded half up (the seeds' convention: 87.5 → 88, 2.5 → 3)."""
    if value is None:
        return None
    return int(Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def percent(share: float | None) -> int | None:
    """A share (0–1) as a whole percentage, half up."""
    return None if share is None else half_up(share * 100)


def pct_text(share: float | None) -> str:
    p = percent(share)
    return "–" if p is None else f"{p} %"


def delta_text(current: int | None, previous: int | None) -> str:
    """« (+3) », « (-2) », « (=) »; empty when there is nothing to compare."""
    if current is None or previous is None:
        return ""
    d = current - previous
    return "(=)" if d == 0 else f"({d:+d})"


def points_text(share: float | None, previous: float | None) -> str:
    """Delta of the displayed whole percentages, in points: « (+2 points) »."""
    if share is None or previous is None:
        return ""
    d = percent(share) - percent(previous)
    if d == 0:
        return "(=)"
    return f"({d:+d} point{'s' if abs(d) > 1 else ''})"


def ordinal(rank: int) -> str:
    return "1er" if rank == 1 else f"{rank}e"


def rank_text(rank: int | None, previous: int | None) -> str:
    """« passe du 5e au 2e rang », « reste au 1er rang »."""
    if rank is None:
        return ""
    if previous is None:
        return f"au {ordinal(rank)} rang"
    if previous == rank:
        return f"reste au {ordinal(rank)} rang"
    return f"passe du {ordinal(previous)} au {ordinal(rank)} rang"


def count_with_delta(count: int, previous: int | None, noun: str) -> str:
    """« 77 Intervisions (+3) »."""
    delta = delta_text(count, previous)
    return f"{count} {noun}" + (f" {delta}" if delta else "")
