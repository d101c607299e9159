"""Issue 17, acceptance 1: a visitor registers to a webinar on the public page (phone size);
staff import a visio attendance CSV with one unmatched line and resolve it; the attendee
answers the questionnaire from the link in the e-mail; the report shows registrants,
attendees, the rate and the answer shares, identical in JSON, XLSX, DOCX and PDF."""

from __future__ import annotations

import io
import json
import re

from django.utils import timezone
from docx import Document as Docx
from openpyxl import load_workbook
from pypdf import PdfReader

from concerto.accounts.models import Role
from concerto.events import services
from concerto.events.models import ImportLine, Registration
from concerto.factories import MeetingFactory, UserFactory, label
from concerto.mailing.models import EmailSending
from concerto.nomenclatures.models import ListKey
from concerto.reports.export import export
from concerto.reports.scope import Scope

from .conftest import login

CSV = ("Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
       "Alice Durand,alice.durand@example.org,12:29,13:31,62,No\n"
       "Bruno Bernard,bruno@example.org,12:31,13:30,59,No\n"
       "iPhone de Zoé,,12:40,13:30,50,Yes\n")


def test_registration_to_report(page, live_app, settings, tmp_path):
    settings.CONCERTO_PUBLIC_URL = live_app.url
    today = timezone.localdate()
    webinar = MeetingFactory(pole=None, type=label(ListKey.TYPE_REUNION, "webinaire"), date=today,
                             modality=label(ListKey.MODALITE, "visio"), theme="Trouble lié à l'usage de la prégabaline")
    event = services.event_of(webinar)
    for last, first in (("Bernard", "Bruno"), ("Caron", "Chloé"), ("Dupont", "David")):
        services.register(webinar, last_name=last, first_name=first, email=f"{first.lower()}@example.org")

    # 1. A visitor registers on a phone.
    page.goto(f"{live_app.url}/evenements/inscription/{event.public_key}/")
    assert page.viewport_size["width"] == 390
    assert "SMS" in page.inner_text("main")  # the seed's SMS reminder is out of scope: said on the page
    page.fill("#id_last_name", "Durand")
    page.fill("#id_first_name", "Alice")
    page.fill("#id_email", "alice.durand@example.org")
    page.fill("#id_structure_name", "Cabinet infirmier de Lens")
    page.fill("#id_fonction", "Infirmière libérale")
    page.select_option("#id_category", label=str(label(ListKey.CATEGORIE, "infirmiers")))
    page.check("#id_consent_contact")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    page.click("button[type=submit]")
    page.get_by_text("Votre inscription").wait_for()
    alice = Registration.objects.get(email="alice.durand@example.org")
    assert alice.fonction == "Infirmière libérale" and alice.consent_contact
    assert EmailSending.objects.filter(template_key="evenement-inscription", recipient=alice.email).exists()

    # 2. Staff import Zoom's participant list; one line is nobody known: a new person.
    page.set_viewport_size({"width": 1366, "height": 900})
    UserFactory(username="equipe", role=Role.STAFF)
    login(page, live_app, "equipe")
    page.goto(f"{live_app.url}/evenements/{webinar.pk}/")
    csv_path = tmp_path / "participants.csv"
    csv_path.write_text(CSV, encoding="utf-8")
    page.set_input_files("#import-visio input[type=file]", str(csv_path))
    page.click("#import-visio button[type=submit]")
    page.get_by_text("Zoom : 3 participant(s) lu(s), 2 reconnu(s), 1 à décider").wait_for()
    line = ImportLine.objects.get(status=ImportLine.Status.PENDING)
    card = page.locator(f"#ligne-{line.pk}")
    card.locator("select[name=decision]").select_option("creer")
    card.locator("input[name=last_name]").fill("Petit")
    card.locator("input[name=first_name]").fill("Zoé")
    card.locator("button[type=submit]").click()
    page.get_by_text("Ligne « iPhone de Zoé » traitée.").wait_for()
    assert page.locator(".pending-line").count() == 0

    # 3. The questionnaire link by e-mail; Alice answers from it.
    page.click("#questionnaire button[type=submit]")
    page.get_by_text("Lien du questionnaire envoyé à 2 participant").wait_for()
    body = EmailSending.objects.get(template_key="questionnaire-lien", recipient=alice.email).body_text
    link = re.search(r"https?://\S+/questionnaire/\S+/", body).group(0)
    page.click("header button[type=submit]")  # logout: the attendee has no account
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(link)
    page.get_by_label("Tout à fait satisfait").first.check()
    page.locator("fieldset", has_text="Souhaitez-vous assister").get_by_label("Oui").check()
    page.click("button[type=submit]")
    page.get_by_text("Vos réponses").wait_for()
    page.goto(link)
    assert "déjà répondu" in page.inner_text("main")

    # 4. The report: 4 registrants, 3 attendees, 75 %, the answer shares, alike in every format.
    year = today.year
    data = json.loads(export(year, Scope.region(), "json"))["rencontres"]["Webinaire"]
    assert (data["inscrits"], data["participants"], data["questionnaires"]) == (4, 3, 1)
    assert data["taux_presence"] == 0.75
    assert data["reponses"]["contenus"]["Tout à fait satisfait"] == {"count": 1, "share": 1.0}
    login(page, live_app, "equipe")
    page.goto(f"{live_app.url}/rapports/{year}/")
    row = page.locator("#table-rencontres tr", has_text="Webinaire").first.locator("td").all_inner_texts()
    web = [c.strip() for c in row]
    assert (web[3], web[4], web[6], web[7]) == ("4", "3", "75 %", "1")
    answers = page.locator("#table-renc-rep-webinaire tr", has_text="Tout à fait satisfait").first
    assert "100 %" in answers.inner_text()
    sheet = load_workbook(io.BytesIO(export(year, Scope.region(), "xlsx")), read_only=True)["rencontres"]
    xrow = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Webinaire")
    assert (xrow[3], xrow[4], xrow[6], xrow[7]) == (4, 3, "75 %", 1)
    docx = Docx(io.BytesIO(export(year, Scope.region(), "docx")))
    # The rencontres table: headed « Type », with a Webinaire row (the resources table is headed « Type » too).
    drow = next([c.text for c in r.cells] for t in docx.tables if t.rows[0].cells[0].text == "Type"
                for r in t.rows if r.cells[0].text == "Webinaire")
    assert (drow[3], drow[4], drow[6], drow[7]) == ("4", "3", "75 %", "1")
    text = " ".join(" ".join(p.extract_text().split()) for p in
                    PdfReader(io.BytesIO(export(year, Scope.region(), "pdf"))).pages)
    assert "75 % des inscrits y participent réellement (3 participants pour 4 inscrits)" in text
    assert "Tout à fait satisfait 1 100 %" in text
