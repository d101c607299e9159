"""Resources: staff pages, the public page and feeds (published only, no login, rate-limited), counts."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from concerto.accounts.models import Role
from concerto.factories import UserFactory, label
from concerto.nomenclatures.models import ListKey
from concerto.resources import services
from concerto.resources.models import PublicHit, Resource


def _resource(title: str, type_code: str = "articles", published: bool = True, year: int = 2025, **extra):
    return Resource.objects.create(title=title, type=label(ListKey.TYPE_RESSOURCE, type_code),
                                   date=dt.date(year, 3, 4), published=published, **extra)


@pytest.fixture
def library(db):
    return {"public": _resource("Repérage précoce : la fiche", url="https://exemple.fr/fiche",
                                theme=label(ListKey.THEMATIQUE_RESSOURCE, "Alcool")),
            "draft": _resource("Brouillon secret de l'équipe", published=False)}


@pytest.mark.parametrize("name", ["resources-public", "resources-feed", "resources-atom"])
def test_public_pages_show_published_only_without_login(library, client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Repérage précoce : la fiche" in body
    assert "Brouillon secret" not in body
    # Nothing else of Concerto: no menu, no link to a staff page.
    assert "Déconnexion" not in body and "/adherents/" not in body and "/ressources/nouvelle" not in body


def test_feeds_are_valid_rss_and_atom(library, client):
    rss = ET.fromstring(client.get(reverse("resources-feed")).content)
    items = rss.findall("./channel/item")
    assert [i.findtext("title") for i in items] == ["Repérage précoce : la fiche"]
    assert items[0].findtext("link") == "https://exemple.fr/fiche"
    assert "Articles · Alcool" in items[0].findtext("description")
    atom = ET.fromstring(client.get(reverse("resources-atom")).content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert [e.findtext("a:title", namespaces=ns) for e in atom.findall("a:entry", ns)] == [
        "Repérage précoce : la fiche"]


def test_public_page_is_rate_limited(library, client):
    for _ in range(services.PUBLIC_PER_MINUTE):
        assert client.get(reverse("resources-feed")).status_code == 200
    response = client.get(reverse("resources-public"))
    assert response.status_code == 429
    assert "Trop de requêtes" in response.content.decode() and response["Retry-After"] == "60"
    assert client.get(reverse("resources-feed"), REMOTE_ADDR="10.0.0.9").status_code == 200  # another address
    assert PublicHit.objects.count() == 2


def test_public_pages_refuse_posts(library, client):
    assert client.post(reverse("resources-public"), {"title": "x"}).status_code == 405
    assert Resource.objects.count() == 2


def test_staff_create_and_edit(db, client):
    client.force_login(UserFactory(role=Role.STAFF))
    response = client.post(reverse("resource-create"), {
        "title": "Addicto'Repère", "type": label(ListKey.TYPE_RESSOURCE, "outils").pk, "date": "2025-06-02",
        "created_by_association": "true", "url": "exemple.fr/addicto", "published": "on"})
    assert response.status_code == 302
    r = Resource.objects.get()
    assert r.created_by_association is True and r.url == "https://exemple.fr/addicto"
    response = client.post(reverse("resource-edit", args=[r.pk]), {
        "title": "Addicto'Repère", "type": label(ListKey.TYPE_RESSOURCE, "outils").pk, "date": "pas une date"})
    assert response.status_code == 200 and "Saisissez une date valide" in response.content.decode()


def test_counts_per_type_with_zeros(db):
    for i in range(3):
        _resource(f"ref {i}", "references", created_by_association=False)
    _resource("outil", "outils", created_by_association=True)
    _resource("old", "references", year=2024)
    _resource("hidden", "videos", published=False)
    counts = services.counts_of(2025)
    assert counts["par_type"]["Références scientifiques"] == {"nombre": 3, "creees_par_association": 0}
    assert counts["par_type"]["Vidéos"]["nombre"] == 0  # unpublished: not counted; the type is listed
    assert counts["total"] == 4 and counts["creees_par_association"] == 1
