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
