"""The fees paid to libéraux (reports.md key `indemnisations`): the fees app's own count."""

from __future__ import annotations

from .data import ReportData


def indemnisations(d: ReportData) -> dict:
    """Participations eligible, amount owed, sent to accounting, paid, in the period and scope."""
    from concerto.fees.models import Fee
    from concerto.fees.services import summary
    from concerto.meetings.models import Meeting

    meetings = Meeting.objects.filter(d.scope.q("pole"), date__range=(d.period.start, d.period.end))
    return summary(Fee.objects.filter(meeting__in=meetings))
