"""Issue 15: the to-do lists read bounded SQL — counts up to a cap (« plus de N »), re-studies
by exact windows of meeting dates — and say the same as the unbounded rules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from concerto.core.services import BoundedCount, bounded_count
from concerto.factories import MeetingFactory, PatientFactory, SituationFactory, label
from concerto.nomenclatures.models import ListKey
from concerto.situations.models import Situation
from concerto.situations.services import due_window, open_restudies, restudies, restudy_due_date

from .test_home import complete_fiche

pytestmark = pytest.mark.django_db


def test_bounded_count_says_more_than_the_cap_beyond_it(pole_a):
    meeting = MeetingFactory(pole=pole_a)
    for n in range(5):
        SituationFactory(meeting=meeting, patient=PatientFactory(pole=pole_a, code=f"B-{n}"))
    exact, beyond = bounded_count(Situation.objects.all(), cap=5), bounded_count(Situation.objects.all(), cap=3)
    assert (str(exact), exact == 5, exact.beyond) == ("5", True, False)
    assert (str(beyond), int(beyond), beyond.beyond, beyond > 3) == ("plus de 3", 4, True, True)
    assert not BoundedCount(0, 3) and str(BoundedCount(0, 3)) == "0"


@pytest.mark.parametrize("months", [1, 2, 3, 6, 12])
def test_due_window_is_exactly_the_dates_falling_due_in_the_window(months):
    """Every window over two years, starting and ending around month ends (the clipped days)."""
    days = [dt.date(2022, 6, 1) + dt.timedelta(days=n) for n in range(0, 1500)]  # the meeting dates
    for start in [d for d in days if d.year == 2024 and d.day in (1, 28, 29, 30, 31)][::2]:
        for length in (0, 1, 30, 59, 60, 400):
            end = start + dt.timedelta(days=length)
            first, last = due_window(start, end, months)
            expected = [d for d in days if start <= restudy_due_date(d, months) <= end]
            if expected:
                assert (first, last) == (expected[0], expected[-1]), (start, end, months)
            else:  # e.g. 31 March alone: no date falls due then after one month; an empty range
                assert first > last, (start, end, months)


def test_open_restudies_match_the_rule_and_are_bounded(pole_a, monkeypatch):
    today = timezone.localdate()
    delais = [label(ListKey.DELAI, text) for text in ("1 mois", "3 mois", "6 mois")]
    for n in range(9):
        meeting = MeetingFactory(pole=pole_a, date=today - dt.timedelta(days=15 * n + 3))
        situation = complete_fiche(
            SituationFactory(meeting=meeting, patient=PatientFactory(pole=pole_a, code=f"R-{n}")),
            nouvelle_intervision=True,
        )
        situation.delai_nouvelle_intervision = delais[n % 3]
        situation.save()
    start, end = today - dt.timedelta(days=90), today + dt.timedelta(days=60)
    expected = sorted(
        (r.due, r.situation.pk) for r in restudies(Situation.objects.all())
        if not r.realised and start <= r.due <= end
    )
    shown, count = open_restudies(Situation.objects.all(), start, end, limit=3)
    assert int(count) == len(expected) and len(expected) > 3
    assert [(r.due, r.situation.pk) for r in shown] == expected[:3]
    monkeypatch.setattr("concerto.core.services.COUNT_CAP", 2)
    assert str(open_restudies(Situation.objects.all(), start, end, limit=0)[1]) == "plus de 2"


def test_the_to_do_page_says_more_than_the_cap(client, staff_user, pole_a, monkeypatch):
    monkeypatch.setattr("concerto.core.services.COUNT_CAP", 3)
    meeting = MeetingFactory(pole=pole_a, date=timezone.localdate() - dt.timedelta(days=3))
    for n in range(5):
        SituationFactory(meeting=meeting, patient=PatientFactory(pole=pole_a, code=f"I-{n}"))
    client.force_login(staff_user)
    html = client.get("/a-faire/").content.decode()
    assert "Fiches incomplètes <small class=\"muted\">(plus de 3)</small>" in html
    home = client.get("/").content.decode()
    assert "(plus de 3, 60 derniers jours)" in home
