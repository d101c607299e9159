"""Conventions: status at 31 December, the year's figures, the DOCX from the guide's model."""

from __future__ import annotations

import datetime as dt
import io

from django.urls import reverse
from docx import Document

from concerto.accounts.models import Role
from concerto.conventions import services
from concerto.conventions.models import Convention
from concerto.factories import PoleFactory, StructureFactory, UserFactory, label
from concerto.nomenclatures.models import ListKey


def _convention(name, **dates):
    return Convention.objects.create(structure=StructureFactory(name=name),
                                     status=label(ListKey.STATUT_CONVENTION, "signee"), **dates)


def test_figures_by_status_at_the_end_of_the_year(db):
    _convention("CSAPA le Sémaphore", signed_on=dt.date(2024, 3, 15), updated_on=dt.date(2025, 9, 30))
    _convention("DAC Flandres", signed_on=dt.date(2024, 6, 15), terminated_on=dt.date(2025, 11, 30))
    _convention("CPTS Val de Sambre", signed_on=dt.date(2025, 2, 1))
    Convention.objects.create(structure=StructureFactory(name="CPTS Artois"),
                              status=label(ListKey.STATUT_CONVENTION, "en_negociation"))
    figures = services.year_figures(2025)
    assert figures["par_statut"] == {"En négociation": 1, "Signée": 1, "Remise à jour": 1, "Résiliée": 1}
    assert figures["signees"] == ["CPTS Val de Sambre"] and figures["mises_a_jour"] == ["CSAPA le Sémaphore"]
    assert services.year_figures(2024)["par_statut"] == {"En négociation": 1, "Signée": 2, "Remise à jour": 0,
                                                         "Résiliée": 0}


def test_document_from_the_guide_model(db, client):
    convention = _convention("DAC Flandres", signed_on=dt.date(2024, 6, 15), conditions="Nouvel animateur",
                             structure_signatory="Mme Durand", structure_signatory_role="Directrice",
                             association_signatory="Martin")
    convention.poles.set([PoleFactory(name="Hazebrouck")])
    convention.structure_obligations = "Mise à disposition d'un espace pour le déroulement de l'Intervision"
    convention.save()
    client.force_login(UserFactory(role=Role.STAFF))
    response = client.get(reverse("convention-document", kwargs={"pk": convention.pk}))
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    for expected in ("La Structure : DAC Flandres", "Représentée par : Mme Durand, en sa qualité de : Directrice",
                     "représentée par Docteur Martin", "ARTICLE 5 : RESILIATION", "un (1) mois",
                     "pour le(s) pôle(s) : Hazebrouck", "Conditions particulières : Nouvel animateur",
                     "Etabli en deux exemplaires originaux le 15/06/2024"):
        assert expected in text, expected
    assert "Identification des patients" not in text  # only the obligations chosen


def test_termination_needs_its_date(db, client):
    client.force_login(UserFactory(role=Role.STAFF))
    response = client.post(reverse("convention-create"), {
        "structure": StructureFactory().pk, "status": label(ListKey.STATUT_CONVENTION, "resiliee").pk,
        "signed_on": "2024-01-01"})
    assert response.status_code == 400 and "Indiquez la date de résiliation" in response.content.decode()
