"""Newsletter indicators (C.22, acceptance 1) and the import of mailers' campaign reports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from concerto.accounts.models import Role
from concerto.factories import UserFactory
from concerto.newsletters import services
from concerto.newsletters.models import ALL_CONTACTS, ColumnMapping, Send, SendCategory
from concerto.reports.chapters.newsletters import newsletters
from concerto.reports.render.audience import newsletters_section

FIXTURES = Path(__file__).parent / "fixtures"

# The seed's 2025 sends (seed-spec B.14): month, audience, recipients.
SEED_2025 = [
    (1, ALL_CONTACTS, 1794), (2, "Contacts picards", 84), (3, ALL_CONTACTS, 1795), (4, ALL_CONTACTS, 2036),
    (5, ALL_CONTACTS, 2020), (6, ALL_CONTACTS, 2017), (7, ALL_CONTACTS, 2013), (9, ALL_CONTACTS, 2128),
    (10, ALL_CONTACTS, 2135), (10, "Contacts du territoire", 64), (11, "Contacts du territoire", 89),
    (11, ALL_CONTACTS, 2133), (12, ALL_CONTACTS, 2131),
]


def _seed_year() -> None:
    for n, (month, audience, recipients) in enumerate(SEED_2025):
        Send.objects.create(ref=f"S{n}", date=dt.date(2025, month, 5 + n), audience=audience, recipients=recipients,
                            openers=round(recipients * 0.11), clickers=round(recipients * 0.02))


def test_acceptance_seed_2025_newsletter_year(db):
    """Acceptance 1: 13 sends, 20,439 recipients, a general-send mean of 2,020 (20,202 / 10)."""
    _seed_year()
    data = services.year_indicators(2025)
    assert data["envois"] == 13
    assert data["destinataires"] == 20439
    assert data["envois_generaux"] == 10 and data["destinataires_generaux"] == 20202
    assert data["moyenne_destinataires_generales"] == 2020.2
    # Over the 13 sends the mean would be 1572: the territorial sends are left out of it.
    assert round(data["destinataires"] / data["envois"]) == 1572


def test_chapter_sentences_with_deltas(db):
    _seed_year()
    for n, r in enumerate([1640, 1650, 1655, 1647, 1647, 1641, 1648, 1652, 1650, 1640, 1644, 1650, 50, 60]):
        Send.objects.create(ref=f"P{n}", date=dt.date(2024, 1 + n % 12, 3), recipients=r, openers=r // 5,
                            clickers=r // 50, audience=ALL_CONTACTS if r > 100 else "Contacts du territoire")
    data = newsletters(2025)
    assert data["n_1"]["envois"] == 14 and data["evolution"]["envois"] == -1
    assert data["evolution"]["moyenne_destinataires_generales"] == 2020 - 1647
    text = " ".join(newsletters_section(data, 2025).sentences)
    assert "13 newsletters envoyées (-1)" in text
    assert "2020 destinataires par newsletter envoyée (+373)" in text


def test_reactivity_is_clickers_over_openers_per_category(db):
    send = Send.objects.create(date=dt.date(2025, 3, 1), recipients=1000, openers=110, clickers=20)
    SendCategory.objects.create(send=send, category="Responsables de la coordination locale", recipients=100,
                                openers=18, clickers=5)
    data = services.year_indicators(2025)
    assert data["taux_ouverture"] == 0.11 and data["taux_clic"] == 0.02
    assert data["reactivite"] == round(20 / 110, 4)
    coordination = data["categories"]["Responsables de la coordination locale"]
    assert coordination["reactivite"] == round(5 / 18, 4)  # 28 %
    assert coordination["moyenne_ouvreurs"] == 18 and coordination["moyenne_cliqueurs"] == 5


def _plan(name: str):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    header, _ = services.read_csv(text)
    return text, services.detect(header)


def test_brevo_export_detected_and_imported_twice_without_duplicates(db):
    text, detected = _plan("brevo_campagnes.csv")
    assert detected.mailer == "Brevo"
    assert detected.columns["ouvreurs"] == "uniqueViews" and detected.columns["destinataires"] == "sent"
    planned = services.plan_import(text, detected)
    assert [(p.date, p.recipients, p.openers, p.clickers) for p in planned] == [
        (dt.date(2025, 2, 11), 84, 18, 4), (dt.date(2025, 3, 10), 1795, 197, 35), (dt.date(2025, 4, 8), 2036, 224, 40)]
    assert services.write_import(planned, detected.mailer)["créés"] == 3
    again = services.plan_import(text, detected)
    assert all(p.exists for p in again)
    assert services.write_import(again, detected.mailer) == {"créés": 0, "mis à jour": 0, "inchangés": 3}
    assert Send.objects.count() == 3


def test_mailchimp_export_lists_and_territorial_audience(db):
    text, detected = _plan("mailchimp_campaigns.csv")
    assert detected.mailer == "Mailchimp"
    detected.general = ["Contacts Généralistes et Addictions"]
    planned = services.plan_import(text, detected)
    assert [(p.date, p.audience, p.recipients, p.openers, p.clickers) for p in planned] == [
        (dt.date(2025, 5, 12), ALL_CONTACTS, 2020, 222, 40),
        (dt.date(2025, 10, 20), "Contacts du territoire ASNO", 64, 13, 3)]


def test_unknown_mailer_needs_a_mapping_saved_for_next_time(db):
    text, detected = _plan("sarbacane_export.csv")
    assert detected is None
    header, _ = services.read_csv(text)
    services.save_mapping("Sarbacane", {"date": "Date d'envoi", "destinataires": "Contacts ciblés",
                                        "ouvreurs": "Ouvreurs uniques", "cliqueurs": "Cliqueurs uniques",
                                        "sujet": "Campagne", "audience": "Liste"}, ["Tous mes contacts"])
    detected = services.detect(header)
    assert detected.mailer == "Sarbacane"
    planned = services.plan_import(text, detected)
    assert [(p.audience, p.recipients) for p in planned] == [("Contacts Flandres", 89), (ALL_CONTACTS, 2131)]


def test_bad_figures_are_refused_with_line_and_column(db):
    text = "sentDate,sent,uniqueViews,uniqueClicks,name\n2025-03-10,1795,deux cents,35,Mars\n2025-13-45,10,1,1,X\n"
    header, _ = services.read_csv(text)
    with pytest.raises(services.ImportProblem) as problem:
        services.plan_import(text, services.detect(header))
    message = str(problem.value)
    assert "Ligne 2, colonne « uniqueViews » : « deux cents » n'est pas un nombre entier." in message
    assert "Ligne 3, colonne « sentDate » : date d'envoi illisible" in message
    assert Send.objects.count() == 0


def test_import_pages_mapping_then_confirm(db, client):
    client.force_login(UserFactory(role=Role.STAFF))
    url = reverse("newsletter-import")
    with (FIXTURES / "sarbacane_export.csv").open("rb") as f:
        response = client.post(url, {"file": f})
    assert response.status_code == 302
    page = client.get(url)
    assert "Quelle colonne contient quoi" in page.content.decode()
    response = client.post(url, {"name": "Sarbacane", "general": "Tous mes contacts", "col_date": "Date d'envoi",
                                 "col_destinataires": "Contacts ciblés", "col_ouvreurs": "Ouvreurs uniques",
                                 "col_cliqueurs": "Cliqueurs uniques", "col_sujet": "Campagne",
                                 "col_audience": "Liste"})
    assert response.status_code == 302 and ColumnMapping.objects.filter(name="Sarbacane").exists()
    preview = client.get(url).content.decode()
    assert "Import Sarbacane" in preview and "2131" in preview
    response = client.post(url, {"confirmer": "1"})
    assert response.status_code == 302
    assert Send.objects.filter(mailer="Sarbacane").count() == 2
    listing = client.get(reverse("newsletter-list") + "?annee=2025").content.decode()
    assert "Vœux et bilan 2025" in listing
