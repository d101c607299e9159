"""Demo: the fees of the libéraux (tariffs, statements of past years paid, this year's to treat).

Deterministic; computed by the fees services from the demo's attendance (one rule).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from concerto.accounts.models import Role as UserRole
from concerto.accounts.models import User
from concerto.fees.models import Fee, Role, Statement, Tariff
from concerto.fees.services import create_statement, record_payment, sync_fees
from concerto.meetings.models import Meeting

# Not given by the sources (seed-spec B.12): plausible amounts, set by staff in real use.
AMOUNTS = {Role.ANIMATEUR: Decimal("120"), Role.PARTICIPANT: Decimal("80"), Role.EXPERT: Decimal("80")}


def add_fees(today: dt.date) -> dict[str, int]:
    staff = User.objects.filter(role=UserRole.STAFF).order_by("pk").first()
    for year in range(today.year - 2, today.year + 1):
        for role, amount in AMOUNTS.items():
            Tariff.objects.update_or_create(year=year, role=role, defaults={"amount": amount})
    sync_fees(Meeting.objects.filter(date__lte=today))
    for year in (today.year - 2, today.year - 1):
        statement = create_statement(dt.date(year, 1, 1), dt.date(year, 12, 31), staff,
                                     today=dt.date(year + 1, 1, 20))
        record_payment(statement.fees.all(), dt.date(year + 1, 3, 2), staff, notify=False)
        statement.fees.update(notified_on=dt.date(year + 1, 3, 2))
    if today.month > 7:  # the first half of this year already sent, not yet paid
        create_statement(dt.date(today.year, 1, 1), dt.date(today.year, 6, 30), staff,
                         today=dt.date(today.year, 7, 10))
    return {"indemnisations": Fee.objects.count(), "états d'indemnisation": Statement.objects.count()}
