"""Acceptance 1 of issue 13: a coordinator's month, from the first invitation to the fee statement.

Plan an Intervision, add two situations, invite the médecin traitant and three others, send the
invitations (French e-mails with their .ics in the outbox), download the pre-filled attendance
sheet, tick attendance (one libéral remote with camera, one without), fill the fiches, record the
sheet received; then staff produce the fee statement: the two eligible libéraux present are on
it at the year's tariff, and the remote one without camera is « non due ».
"""

from __future__ import annotations

import datetime as dt
import email
import io
import re
from decimal import Decimal
from email import policy

from django.core import mail
from pypdf import PdfReader

from concerto.accounts.models import Role
from concerto.factories import PersonFactory, PoleFactory, UserFactory, label
from concerto.fees.models import Fee, Statement, Tariff
from concerto.fees.models import Role as FeeRole
from concerto.meetings.models import Meeting, MeetingDocument
from concerto.nomenclatures.models import ListKey
from concerto.situations.models import Situation
from concerto.tasks.testing import run_queued_tasks

from .conftest import login


def _fill_fiche(page) -> None:
    form = page.locator("#fiche-form")
    form.get_by_label("Oui", exact=True).first.check()
    form.get_by_label("Médecin généraliste", exact=True).first.check()
    form.get_by_label("Alcool", exact=True).check()
    form.get_by_label("Complexité du suivi", exact=True).check()
    form.get_by_label("Contemplation", exact=True).check()
    form.get_by_label("Orienter", exact=True).check()
    form.get_by_label("Partiellement", exact=True).check()
    form.locator("input[name=restitution_par]").first.check()
    form.locator("input[name=nouvelle_intervision][value=False]").check()
    page.click("#fiche-save")


def test_a_coordinators_month_from_invitations_to_fees(page, live_app, chromium):
    today = dt.date.today()
    calais = PoleFactory(name="Calais")
    UserFactory(username="coord", role=Role.COORDINATOR, poles=[calais])
    UserFactory(username="equipe", role=Role.STAFF)
    Tariff.objects.create(year=today.year, role=FeeRole.PARTICIPANT, amount=Decimal("80"))
    gp = PersonFactory(first_name="Claire", last_name="Lemaire", email="claire@example.org")  # médecin traitant
    pharmacist = PersonFactory(first_name="Paul", last_name="Nord", email="paul@example.org",
                               category=label(ListKey.CATEGORIE, "pharmaciens"))
    nurse = PersonFactory(first_name="Inès", last_name="Vasseur", email="ines@example.org",
                          category=label(ListKey.CATEGORIE, "autres_liberaux"), profession="Infirmière libérale")
    psychologist = PersonFactory(first_name="Hugo", last_name="Caron", email="hugo@example.org",
                                 category=label(ListKey.CATEGORIE, "psychologues"), profession="Psychologue")

    # Plan the Intervision.
    login(page, live_app, "coord")
    page.goto(f"{live_app.url}/reunions/nouvelle/?pole={calais.pk}")
    page.select_option("#id_type", label="Intervision")
    page.fill("#id_date", today.isoformat())
    page.fill("#id_start_time", "12:30")
    page.fill("#id_end_time", "14:00")
    page.select_option("#id_modality", label="Mixte")
    page.fill("#id_lieu", "MSP Blériot-Sangatte")
    page.fill("#id_visio_url", "https://visio.example.org/itv-calais")
    page.click("#meeting-form button[type=submit]")
    page.wait_for_url(re.compile(r"/reunions/\d+/$"))
    meeting = Meeting.objects.get()
    assert page.locator("#cycle-stage").inner_text() == "Planifiée"

    # Two situations.
    for code in ("Bruno M.", "P-0412"):
        page.fill("#id_code", code)
        page.click("#add-situation-button")
        page.wait_for_selector(f"#situations >> text={code}")
    bruno, other = Situation.objects.order_by("pk")
    assert "2 situations sans invitation" in page.locator("#cycle-missing").inner_text()

    # The médecin traitant and three others, from the directory search.
    for situation, person in ((bruno, gp), (bruno, pharmacist), (other, nurse), (other, psychologist)):
        page.fill(f"#search-{situation.pk}", person.last_name)
        button = page.locator(f"#invite-{situation.pk}-{person.pk}")
        button.wait_for()
        button.click()
        page.wait_for_selector(f"#situation-{situation.pk} >> text={person.last_name.upper()}")

    # Send the invitations: four French e-mails, each with its calendar event.
    page.click("#send-invitations")
    page.wait_for_selector("text=4 invitation(s) envoyée(s) par courriel")
    assert page.locator("#cycle-stage").inner_text() == "Invitations envoyées"
    assert run_queued_tasks() == 4
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in (gp, pharmacist, nurse, psychologist))
    for message in mail.outbox:
        assert message.subject.startswith("Invitation : Intervision du ") and "Vous êtes invité·e" in message.body
        parsed = email.message_from_bytes(message.message().as_bytes(), policy=policy.default)
        [ics] = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
        assert ics.get_param("method") == "REQUEST" and "https://visio.example.org/itv-calais" in ics.get_content()

    # The pre-filled attendance sheet.
    with page.expect_download() as info:
        page.click("#download-emargement-pdf")
    with open(info.value.path(), "rb") as downloaded:
        pdf = PdfReader(io.BytesIO(downloaded.read()))
    sheet = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    for name in ("LEMAIRE Claire", "NORD Paul", "VASSEUR Inès", "CARON Hugo", "Caméra allumée", "Signature"):
        assert name in sheet, name

    # Attendance: the GP and the psychologist on site, the pharmacist by video with camera, the nurse without.
    page.click("#attendance-link")
    page.wait_for_selector("#attendance-table")
    page.check(f"#present-{gp.pk}")
    page.check(f"#present-{psychologist.pk}")
    page.check(f"#camera-{pharmacist.pk}")
    page.check(f"#remote-{nurse.pk}")
    page.click("#attendance-save")
    page.wait_for_selector("text=Présences enregistrées (4 présent·e·s)")

    # The fiches.
    for situation in (bruno, other):
        page.goto(f"{live_app.url}/situations/{situation.pk}/modifier/")
        page.wait_for_selector("#fiche-form")
        _fill_fiche(page)
        page.wait_for_url(re.compile(rf"/reunions/{meeting.pk}/\?apres={situation.pk}"))
    page.wait_for_selector("#all-fiches-complete")

    # The signed sheet received.
    page.click("#record-document summary")
    page.select_option("#doc-kind", "emargement")
    page.click("#record-document-button")
    page.wait_for_selector("text=Feuille d'émargement : reçue le")
    assert page.locator("#cycle-stage").inner_text() == "Documents reçus"
    assert MeetingDocument.objects.get(meeting=meeting).received_by.username == "coord"

    # Staff: the fee statement of the month.
    staff = chromium.new_context(locale="fr-FR", viewport={"width": 1366, "height": 900})
    desk = staff.new_page()
    try:
        login(desk, live_app, "equipe")
        desk.goto(f"{live_app.url}/indemnisations/")
        desk.fill("#id_start", today.replace(day=1).isoformat())
        desk.fill("#id_end", today.isoformat())
        desk.click("#create-statement")
        desk.wait_for_url(re.compile(r"/indemnisations/etats/\d+/$"))
        lines = desk.locator("#statement-lines tbody tr")
        assert lines.count() == 2
        text = desk.locator("#statement-lines").inner_text()
        assert "LEMAIRE" in text and "NORD" in text and "VASSEUR" not in text and "CARON" not in text
        assert desk.locator("#statement-total").inner_text() == "160,00 €"
    finally:
        staff.close()
    statement = Statement.objects.get()
    assert {(f.person_id, f.amount) for f in statement.fees.all()} == {(gp.pk, 80), (pharmacist.pk, 80)}
    nurse_fee = Fee.objects.get(person=nurse)
    assert nurse_fee.status == Fee.Status.NOT_DUE and nurse_fee.reason == "à distance sans caméra allumée"
    assert not Fee.objects.filter(person=psychologist).exists()
    meeting.refresh_from_db()
    assert meeting.fees_sent_on == today
