"""The pre-filled documents, opened again: they hold the meeting's data (PDF and DOCX)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from concerto.factories import AttendanceFactory, MeetingFactory, PersonFactory, SituationInvitationFactory, label
from concerto.fees.models import Role, Tariff
from concerto.nomenclatures.models import ListKey

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())  # cells wrap their words onto several lines


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def meeting(pole_a):
    animateur = PersonFactory(last_name="Durand", first_name="Léa", email="lea@example.org")
    meeting = MeetingFactory(pole=pole_a, date=dt.date(2024, 3, 12), start_time=dt.time(12, 30),
                             end_time=dt.time(14), lieu="MSP Blériot", animateur=animateur,
                             visio_url="https://visio.example.org/itv")
    invitation = SituationInvitationFactory(situation__meeting=meeting, person__last_name="Petit",
                                            person__first_name="Jean", person__email="")
    AttendanceFactory(meeting=meeting, person=invitation.person, present=False)
    AttendanceFactory(meeting=meeting, person=PersonFactory(last_name="Noir", first_name="Paul",
                                                            category=label(ListKey.CATEGORIE, "specialistes")))
    Tariff.objects.create(year=2024, role=Role.ANIMATEUR, amount=Decimal("90"))
    return meeting


@pytest.mark.parametrize("fmt, read", [("pdf", pdf_text), ("docx", docx_text)])
def test_the_attendance_sheet_lists_every_invitee_with_remote_and_camera_columns(coord_client, meeting, fmt, read):
    response = coord_client.get(reverse("meeting-document", args=[meeting.pk, "emargement", fmt]))
    assert response.status_code == 200 and "feuille-emargement-2024-03-12" in response["Content-Disposition"]
    content = read(response.content)
    for expected in ("Feuille d'émargement", "12/03/2024, 12h30 – 14h00", "Pôle : Calais", "MSP Blériot",
                     "DURAND Léa", "PETIT Jean", "NOIR Paul", "À distance", "Caméra allumée", "Signature",
                     "animateur", "https://visio.example.org/itv"):
        assert expected in content, expected
    assert "P-" not in content  # never a patient's code on a sheet passed around the room


@pytest.mark.parametrize("fmt, read", [("pdf", pdf_text), ("docx", docx_text)])
def test_the_other_documents_hold_the_meeting(coord_client, meeting, fmt, read):
    sheet = read(coord_client.get(reverse("meeting-document", args=[meeting.pk, "indemnisations", fmt])).content)
    assert "DURAND Léa" in sheet and "90,00 €" in sheet and "tarif à fixer" in sheet  # no participant tariff yet
    assert "NOIR" not in sheet  # a specialist is not a libéral
    consent = read(coord_client.get(reverse("meeting-document", args=[meeting.pk, "accord", fmt])).content)
    assert "Accord préalable du patient" in consent and "retirer" in consent and "12/03/2024" in consent
    fiche = read(coord_client.get(reverse("meeting-document", args=[meeting.pk, "fiche", fmt])).content)
    assert "Fiche de suivi Patient" in fiche and "Pistes proposées" in fiche and "Pôle : Calais" in fiche
    letters = read(coord_client.get(reverse("meeting-document", args=[meeting.pk, "invitations", fmt])).content)
    # Letters go to the invitees without an e-mail address only.
    assert "Jean Petit" in letters and "Intervision du 12/03/2024" in letters and "Léa Durand" not in letters


def test_unknown_documents_are_404(coord_client, meeting):
    assert coord_client.get(reverse("meeting-document", args=[meeting.pk, "bilan", "pdf"])).status_code == 404
    assert coord_client.get(reverse("meeting-document", args=[meeting.pk, "fiche", "odt"])).status_code == 404
