"""CPOM « Intervisions organisées directement par les pôles », from each pôle's organiser history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings

from concerto.factories import MeetingFactory, PoleFactory, StructureFactory, label
from concerto.meetings.models import Meeting
from concerto.nomenclatures.models import ListKey
from concerto.poles.models import PoleOrganiser
from concerto.poles.services import organised_by_poles

pytestmark = pytest.mark.django_db


def test_a_change_of_organiser_during_the_year_splits_the_count_at_its_date():
    association = StructureFactory(name=settings.CONCERTO_ASSOCIATION_NAME)
    cpts = StructureFactory(name="CPTS Grand Calaisis")
    calais, douai, lens = PoleFactory(name="Calais"), PoleFactory(name="Douai"), PoleFactory(name="Lens")
    # Calais: the association until 30 April, then the CPTS takes the organisation over.
    PoleOrganiser.objects.create(pole=calais, structure=association, start=dt.date(2020, 1, 1),
                                 end=dt.date(2024, 4, 30))
    PoleOrganiser.objects.create(pole=calais, structure=cpts, start=dt.date(2024, 5, 1))
    for day in (dt.date(2024, 2, 6), dt.date(2024, 4, 30), dt.date(2024, 5, 1), dt.date(2024, 10, 8)):
        # The meeting's own organiser field is not what counts when the history covers the date.
        MeetingFactory(pole=calais, date=day, organiser=association)
    # Douai: always organised by a CSAPA (history); Lens: no history, the meeting says the association.
    PoleOrganiser.objects.create(pole=douai, structure=StructureFactory(), start=dt.date(2018, 1, 1))
    MeetingFactory(pole=douai, date=dt.date(2024, 3, 5))
    MeetingFactory(pole=lens, date=dt.date(2024, 3, 5), organiser=association)
    MeetingFactory(pole=lens, date=dt.date(2024, 6, 5), organiser=cpts)  # no history: the meeting's organiser
    # A comité de pilotage is not an Intervision.
    MeetingFactory(pole=calais, date=dt.date(2024, 6, 1), type=label(ListKey.TYPE_REUNION, "comite_pilotage"))
    year = Meeting.objects.filter(date__year=2024)
    assert organised_by_poles(year) == 2 + 1 + 1
    assert organised_by_poles(year.filter(pole=calais)) == 2
    assert organised_by_poles(year.filter(date__lte=dt.date(2024, 4, 30))) == 1  # Douai only


def test_the_cpom_indicator_reads_the_same_count():
    from concerto.cpom.services import REPORT_FIGURES

    association = StructureFactory(name=settings.CONCERTO_ASSOCIATION_NAME)
    pole = PoleFactory()
    PoleOrganiser.objects.create(pole=pole, structure=association, start=dt.date(2020, 1, 1), end=dt.date(2024, 6, 30))
    PoleOrganiser.objects.create(pole=pole, structure=StructureFactory(), start=dt.date(2024, 7, 1))
    MeetingFactory(pole=pole, date=dt.date(2024, 3, 1))
    MeetingFactory(pole=pole, date=dt.date(2024, 9, 1))
    MeetingFactory(pole=pole, date=dt.date(2024, 11, 1), cancelled_on=dt.date(2024, 10, 1))  # cancelled
    label_text, compute = REPORT_FIGURES["intervisions_organisees_poles"]
    assert label_text == "Intervisions organisées directement par les pôles" and compute(2024) == 1
