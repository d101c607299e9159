"""Acceptance 3: a referent records a request on a phone-sized screen in well under a minute
of scripted steps (directory look-up prefilling the territories), then finds it in the
year's table 6 of the report."""

from __future__ import annotations

import time

from django.utils import timezone

from concerto.accounts.models import Role
from concerto.advice.models import AdviceRequest
from concerto.directory.models import Territory
from concerto.factories import PersonFactory, UserFactory

from .conftest import login


def test_referent_records_a_call_on_a_phone_and_finds_it_in_the_year_table(page, live_app):
    centre = Territory.objects.create(name="Centre 21", kind=Territory.Kind.CPTS, position=1)
    Territory.objects.create(name="Sud Côte d'Or", kind=Territory.Kind.CPTS, position=2)
    dijon = Territory.objects.create(name="Dijon Métropole", kind=Territory.Kind.CLS, position=1)
    Territory.objects.create(name="Hors 21", kind=Territory.Kind.DEPARTEMENT, position=9, out_of_area=True)
    pharmacist = PersonFactory(last_name="Gauthier", first_name="Inès", profession="Pharmacienne",
                               territory_cpts=centre, territory_cls=dijon)
    UserFactory(username="ressource", role=Role.ADVICE_REFERENT)
    login(page, live_app, "ressource")

    started = time.monotonic()
    page.goto(f"{live_app.url}/pole-ressource/nouvelle/")
    page.fill("#person-q", "Gauth")
    page.click(f"#pick-{pharmacist.pk}")
    assert page.input_value("#id_territory_cpts") == str(centre.pk)  # prefilled from the directory
    assert page.input_value("#id_territory_cls") == str(dijon.pk)
    page.locator("#field-requester").get_by_label("Pharmaciens", exact=True).check()
    natures = page.locator("#field-natures")
    natures.get_by_label("Conseils", exact=True).check()
    natures.get_by_label("Parcours de soins", exact=True).check()
    page.locator("#field-responses").get_by_label("Entretien téléphonique de conseil", exact=True).check()
    page.locator("#field-referent").get_by_label("Pharmacien", exact=True).check()
    page.fill("#id_notes", "Chevauchement d'ordonnances de méthadone, pharmacie désignée.")
    page.click("#save")
    page.wait_for_url(lambda url: url.endswith("/pole-ressource/"))
    elapsed = time.monotonic() - started
    assert elapsed < 60, f"{elapsed:.1f} s"

    saved = AdviceRequest.objects.get()
    assert saved.person == pharmacist and saved.territory_cpts == centre and saved.natures.count() == 2
    assert page.locator("#advice-table").get_by_text("Pharmaciens").count() == 1

    year = timezone.localdate().year
    page.goto(f"{live_app.url}/pole-ressource/rapport/{year}/")
    table = page.locator("#table-sollicitations_par_demandeur_cpts")
    header = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    row = [c.strip() for c in table.locator("tr", has_text="Pharmaciens").first.locator("td").all_inner_texts()]
    assert row[0] == "Pharmaciens" and row[header.index("Centre 21")] == "1" and row[-1] == "1"
    natures_row = page.locator("#table-natures_par_demandeur tr", has_text="Pharmaciens").first
    assert natures_row.locator("td").all_inner_texts()[-1].strip() == "2"
