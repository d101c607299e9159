"""A pôle and its engagements keep their change history, shown to the association staff."""

import pytest
from django.urls import reverse

from concerto.factories import StructureFactory, label
from concerto.nomenclatures.models import ListKey
from concerto.poles.models import PoleEngagement

pytestmark = pytest.mark.django_db


def test_pole_and_engagement_changes_shown_to_staff(client, staff_user, coordinator, pole_a):
    pole_a.rythme = "Un mardi sur deux"
    pole_a.save()
    cpts = StructureFactory(name="CPTS Grand Calaisis", type=label(ListKey.TYPE_STRUCTURE, "CPTS"))
    engagement = PoleEngagement.objects.create(
        pole=pole_a, structure=cpts, level=label(ListKey.ENGAGEMENT, "Rencontrée"))
    engagement.level = label(ListKey.ENGAGEMENT, "Participe")
    engagement.save()
    client.force_login(staff_user)
    html = client.get(reverse("pole-detail", args=[pole_a.pk])).content.decode()
    assert "Pôle — Modification" in html and "Un mardi sur deux" in html
    assert "Engagement de CPTS Grand Calaisis — Modification" in html and "Participe" in html
    client.force_login(coordinator)
    assert 'id="history"' not in client.get(reverse("pole-detail", args=[pole_a.pk])).content.decode()


def test_organiser_history_follows_the_pole_form(pole_a):
    import datetime as dt

    from concerto.poles.models import PoleOrganiser
    from concerto.poles.services import follow_organiser

    csapa, cpts = StructureFactory(name="CSAPA L'Envol"), StructureFactory(name="CPTS Grand Calaisis")
    pole_a.organiser = csapa
    pole_a.save()
    follow_organiser(pole_a, None, today=dt.date(2023, 1, 1))
    pole_a.organiser = cpts
    pole_a.save()
    follow_organiser(pole_a, csapa.pk, today=dt.date(2024, 9, 1))
    follow_organiser(pole_a, cpts.pk, today=dt.date(2024, 9, 2))  # unchanged: nothing to do
    periods = list(PoleOrganiser.objects.filter(pole=pole_a).values_list("structure__name", "start", "end"))
    assert periods == [("CSAPA L'Envol", dt.date(2023, 1, 1), dt.date(2024, 8, 31)),
                       ("CPTS Grand Calaisis", dt.date(2024, 9, 1), None)]


def test_pole_page_lists_the_organiser_periods(client, staff_user, pole_a):
    import datetime as dt

    from concerto.poles.models import PoleOrganiser

    PoleOrganiser.objects.create(pole=pole_a, structure=StructureFactory(name="CSAPA L'Envol"),
                                 start=dt.date(2019, 1, 1), end=dt.date(2022, 6, 30))
    client.force_login(staff_user)
    html = client.get(reverse("pole-detail", args=[pole_a.pk])).content.decode()
    assert 'id="organisers"' in html and "du 01/01/2019 au 30/06/2022" in html
