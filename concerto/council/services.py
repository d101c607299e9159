"""Rules of the scientific council: who holds which seat on a date, presence rate.

presence rate = presences / seats filled on each meeting's date, summed over the year's
meetings (a vacant seat is not a possible presence; reports.md `conseil_scientifique`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from concerto.meetings.models import Attendance, Meeting
from concerto.nomenclatures.models import Label, ListKey
from concerto.reports.numbers import ratio

from .models import SeatHolding

COUNCIL = "conseil_scientifique"
VACANT = "recrutement en cours"


def holdings() -> list[SeatHolding]:
    return list(SeatHolding.objects.filter(person__isnull=False).select_related("seat", "person"))


def holders_on(day: dt.date, all_holdings: list[SeatHolding] | None = None) -> dict[int, int]:
    """seat label pk -> person pk of the seats held on that day."""
    out = {}
    for holding in all_holdings if all_holdings is not None else holdings():
        if holding.covers(day):
            out[holding.seat_id] = holding.person_id
    return out


@dataclass
class SeatRow:
    seat: Label
    holder: object | None  # Person
    since: dt.date | None

    @property
    def text(self) -> str:
        return str(self.holder) if self.holder else VACANT


def seats_on(day: dt.date) -> list[SeatRow]:
    """Every seat valid that year, with its holder on the day or « recrutement en cours »."""
    current = {h.seat_id: h for h in holdings() if h.covers(day)}
    rows = []
    for seat in Label.objects.filter(list=ListKey.SIEGE_CONSEIL).valid_in(day.year).order_by("position", "pk"):
        holding = current.get(seat.pk)
        rows.append(SeatRow(seat, holding.person if holding else None, holding.start if holding else None))
    return rows


@dataclass
class MeetingPresence:
    meeting: Meeting
    presences: int
    possible: int


def meeting_presence(meeting: Meeting, all_holdings: list[SeatHolding] | None = None) -> MeetingPresence:
    held = holders_on(meeting.date, all_holdings)
    present = set(Attendance.objects.filter(meeting=meeting, present=True).values_list("person_id", flat=True))
    return MeetingPresence(meeting, sum(1 for person in held.values() if person in present), len(held))


def council_meetings(year: int) -> list[Meeting]:
    return list(Meeting.objects.filter(type__code=COUNCIL, date__year=year).select_related("modality")
                .order_by("date", "pk"))


def year_figures(year: int) -> dict:
    """reports.md `conseil_scientifique`: meetings, presences, possible presences, rate."""
    all_holdings = holdings()
    rows = [meeting_presence(m, all_holdings) for m in council_meetings(year)]
    presences = sum(r.presences for r in rows)
    possible = sum(r.possible for r in rows)
    return {
        "reunions": len(rows),
        "en_presentiel": sum(1 for r in rows if r.meeting.modality.code in ("presentiel", "mixte")),
        "presences": presences,
        "presences_possibles": possible,
        "taux": ratio(presences, possible),
        "seances": [{"date": r.meeting.date.isoformat(), "presences": r.presences, "possibles": r.possible}
                    for r in rows],
        "sieges_vacants": [row.seat.label for row in seats_on(dt.date(year, 12, 31)) if row.holder is None],
    }
