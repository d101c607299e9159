"""A coordinator records an Intervision end to end, in a real Chromium on a phone-sized screen."""

from __future__ import annotations

import re

from concerto.accounts.models import Role
from concerto.factories import PersonFactory, PoleFactory, UserFactory, label
from concerto.nomenclatures.models import ListKey
from concerto.situations.models import Situation

from .conftest import login


def test_coordinator_records_an_intervision(page, live_app):
    calais = PoleFactory(name="Calais")
    UserFactory(username="coord", role=Role.COORDINATOR, poles=[calais])
    gp = PersonFactory(first_name="Claire", last_name="Lemaire", profession="Médecin généraliste")
    pharmacist = PersonFactory(
        first_name="Paul", last_name="Nord", profession="Pharmacien",
        category=label(ListKey.CATEGORIE, "pharmaciens"),
    )

    login(page, live_app, "coord")
    page.goto(f"{live_app.url}/reunions/nouvelle/?pole={calais.pk}")
    page.select_option("#id_type", label="Intervision")
    page.fill("#id_date", "2025-03-11")
    page.select_option("#id_modality", label="Mixte")
    page.fill("#id_lieu", "MSP Blériot-Sangatte")
    page.click("#meeting-form button[type=submit]")
    page.wait_for_url(re.compile(r"/reunions/\d+/$"))

    # Two situations; a full name is refused with the hint first.
    page.fill("#id_code", "Jade Dupont")
    page.click("#add-situation-button")
    page.wait_for_selector("#code-errors:has-text('Jade D.')")
    page.fill("#id_code", "Bruno M.")
    page.click("#add-situation-button")
    page.wait_for_selector("text=Bruno M.")
    page.fill("#id_code", "P-0412")
    page.click("#add-situation-button")
    page.wait_for_selector("text=P-0412")
    bruno, other = Situation.objects.order_by("pk")
    assert bruno.patient.code == "Bruno M." and other.patient.code == "P-0412"

    # Invite the GP and the pharmacist for Bruno M., from the directory search.
    for person, query in ((gp, "Lemaire"), (pharmacist, "Nord")):
        page.fill(f"#search-{bruno.pk}", query)
        button = page.locator(f"#invite-{bruno.pk}-{person.pk}")
        button.wait_for()
        button.click()
        page.wait_for_selector(f"#situation-{bruno.pk} >> text={person.last_name.upper()}")
    assert set(bruno.invitations.values_list("person__last_name", flat=True)) == {"Lemaire", "Nord"}

    # Attendance in one grid: the GP on site, the pharmacist by video with camera on.
    page.click("#attendance-link")
    page.wait_for_selector("#attendance-table")
    page.check(f"#present-{gp.pk}")
    page.check(f"#camera-{pharmacist.pk}")
    page.click("#attendance-save")
    page.wait_for_selector("text=Présences enregistrées")
    meeting = bruno.meeting
    attendance = {a.person_id: a for a in meeting.attendances.all()}
    assert attendance[gp.pk].present and not attendance[gp.pk].remote
    assert attendance[pharmacist.pk].present and attendance[pharmacist.pk].remote and attendance[pharmacist.pk].camera

    # Fill Bruno M.'s fiche.
    page.goto(f"{live_app.url}/reunions/{meeting.pk}/")
    page.click(f"#fiche-link-{bruno.pk}")
    page.wait_for_selector("#fiche-form")
    form = page.locator("#fiche-form")
    form.get_by_label("Oui", exact=True).first.check()
    form.get_by_label("Médecin généraliste", exact=True).first.check()
    form.get_by_label("Alcool", exact=True).check()
    form.get_by_label("Complexité du suivi", exact=True).check()
    form.get_by_label("Logement", exact=True).check()
    form.get_by_label("Contemplation", exact=True).check()
    form.get_by_label("Orienter", exact=True).check()
    form.get_by_label("Partiellement", exact=True).check()
    page.click("#fiche-save")
    page.wait_for_url(re.compile(rf"/reunions/{meeting.pk}/\?apres={bruno.pk}"))
    page.locator(f"#next-fiche-link[href='/situations/{other.pk}/modifier/']").wait_for()

    bruno.refresh_from_db()
    assert bruno.accord.label == "Oui"
    assert [lab.label for lab in bruno.problematiques.all()] == ["Alcool"]
    assert [lab.label for lab in bruno.difficultes.all()] == ["Logement"]
    assert bruno.motivation.label == "Contemplation"
    assert bruno.objectif_atteint.label == "Partiellement"
    assert bruno.history.first().history_user.username == "coord"

    # The fiche is found on the pôle page.
    page.goto(f"{live_app.url}/poles/{calais.pk}/?annee=2025")
    link = page.locator(f"a[href='/situations/{bruno.pk}/']").first
    link.wait_for()
    link.click()
    page.wait_for_url(re.compile(rf"/situations/{bruno.pk}/$"))
    assert page.locator("text=Contemplation").count() >= 1
