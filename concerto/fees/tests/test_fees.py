"""Fees: owed to libéraux present in person or remote with the camera on, at the year's tariff;
the statement for the accountant (XLSX, PDF opened again), payment and its notice."""

from __future__ import annotations

import datetime as dt
import html
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from concerto.factories import AttendanceFactory, MeetingFactory, PersonFactory, label
from concerto.fees.models import Fee, Role, Statement, Tariff
from concerto.fees.services import create_statement, mark_not_due, sync_fees, year_summary
from concerto.meetings.models import Meeting
from concerto.nomenclatures.models import ListKey
from concerto.tasks.testing import run_queued_tasks

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def intervision(pole_a):
    """March 2024: a libéral animateur, three libéraux (in person, remote with and without camera),
    a salaried specialist."""
    animateur = PersonFactory(last_name="Durand", first_name="Léa", email="lea@example.org")
    meeting = MeetingFactory(pole=pole_a, date=dt.date(2024, 3, 12), animateur=animateur)
    on_site = PersonFactory(last_name="Petit", first_name="Jean", email="jean@example.org",
                            category=label(ListKey.CATEGORIE, "pharmaciens"))
    camera = PersonFactory(last_name="Roux", first_name="Anne", email="anne@example.org")
    no_camera = PersonFactory(last_name="Blanc", first_name="Marc", email="marc@example.org")
    salaried = PersonFactory(last_name="Noir", category=label(ListKey.CATEGORIE, "specialistes"))
    AttendanceFactory(meeting=meeting, person=animateur)
    AttendanceFactory(meeting=meeting, person=on_site)
    AttendanceFactory(meeting=meeting, person=camera, remote=True, camera=True)
    AttendanceFactory(meeting=meeting, person=no_camera, remote=True, camera=False)
    AttendanceFactory(meeting=meeting, person=salaried)
    AttendanceFactory(meeting=meeting, person=PersonFactory(last_name="Absent"), present=False)
    Tariff.objects.create(year=2024, role=Role.ANIMATEUR, amount=Decimal("90"))
    Tariff.objects.create(year=2024, role=Role.PARTICIPANT, amount=Decimal("60"))
    Tariff.objects.create(year=2023, role=Role.PARTICIPANT, amount=Decimal("50"))
    return meeting


def test_a_fee_per_libéral_participation_with_the_year_tariff(intervision):
    sync_fees(Meeting.objects.all())
    fees = {f.person.last_name: f for f in Fee.objects.select_related("person")}
    assert set(fees) == {"Durand", "Petit", "Roux", "Blanc"}  # neither the specialist nor the absent
    assert (fees["Durand"].role, fees["Durand"].amount, fees["Durand"].status) == (Role.ANIMATEUR, 90, "a_traiter")
    assert (fees["Petit"].amount, fees["Roux"].amount) == (60, 60)
    assert fees["Blanc"].status == Fee.Status.NOT_DUE and fees["Blanc"].reason == "à distance sans caméra allumée"
    # The attendance corrected: the fee follows while à traiter.
    intervision.attendances.filter(person__last_name="Blanc").update(camera=True)
    intervision.attendances.filter(person__last_name="Petit").update(present=False)
    sync_fees(Meeting.objects.all())
    fees = {f.person.last_name: f for f in Fee.objects.select_related("person")}
    assert "Petit" not in fees and fees["Blanc"].status == Fee.Status.TODO and fees["Blanc"].amount == 60
    assert year_summary(2024)["participations_eligibles"] == 3 and year_summary(2024)["montant_du"] == 210.0


def test_the_statement_holds_the_eligible_lines_and_opens_again(staff_client, intervision):
    response = staff_client.post(reverse("fee-statement-create"), {"start": "01/01/2024", "end": "31/03/2024"})
    statement = Statement.objects.get()
    assert response.url == reverse("fee-statement-detail", args=[statement.pk])
    assert set(statement.fees.values_list("person__last_name", flat=True)) == {"Durand", "Petit", "Roux"}
    assert set(Fee.objects.values_list("status", flat=True)) == {"envoyee", "non_due"}
    intervision.refresh_from_db()
    assert intervision.fees_sent_on is not None
    book = load_workbook(io.BytesIO(staff_client.get(
        reverse("fee-statement-download", args=[statement.pk, "xlsx"])).content))
    rows = [list(r) for r in book.active.iter_rows(values_only=True)]
    assert rows[2][:3] == ["Nom", "Prénom", "Identifiant (RPPS ou n° Concerto)"]
    by_name = {r[0]: r for r in rows[3:]}
    assert by_name["Durand"][5] == 90 and by_name["Roux"][5] == 60 and by_name["Total"][5] == 210
    assert "12/03/2024" in by_name["Petit"][4] and "Blanc" not in by_name
    pdf = PdfReader(io.BytesIO(staff_client.get(reverse("fee-statement-download", args=[statement.pk, "pdf"])).content))
    content = " ".join(page.extract_text() for page in pdf.pages)
    assert "Durand" in content and "210,00 €" in content and "Blanc" not in content
    # Nothing left to send: a second statement is refused in French.
    with pytest.raises(Exception, match="Aucune indemnisation à traiter du 01/01/2024 au 31/03/2024"):
        create_statement(dt.date(2024, 1, 1), dt.date(2024, 3, 31))


def test_a_missing_tariff_is_refused_before_any_statement(staff_client, pole_a):
    meeting = MeetingFactory(pole=pole_a, date=dt.date(2025, 2, 4))
    AttendanceFactory(meeting=meeting, person=PersonFactory())
    response = staff_client.post(reverse("fee-statement-create"), {"start": "01/01/2025", "end": "31/12/2025"},
                                 follow=True)
    assert "Aucun tarif pour 2025 (Participant·e) : fixez d'abord le tarif de l'année." in text(response)
    assert not Statement.objects.exists() and Fee.objects.get().status == Fee.Status.TODO
    staff_client.post(reverse("fee-tariff"), {"year": 2025, "role": "participant", "amount": "62,50"})
    assert Tariff.objects.get(year=2025).amount == Decimal("62.50")
    staff_client.post(reverse("fee-statement-create"), {"start": "01/01/2025", "end": "31/12/2025"})
    assert Fee.objects.get().amount == Decimal("62.50") and Fee.objects.get().status == Fee.Status.SENT


def test_payment_notifies_each_libéral_once_with_the_membership_proposal(staff_client, intervision):
    statement = create_statement(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    staff_client.post(reverse("fee-statement-pay", args=[statement.pk]), {"paid_on": "15/06/2024"})
    assert run_queued_tasks() == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["anne@example.org", "jean@example.org", "lea@example.org"]
    notice = next(m for m in mail.outbox if m.to == ["lea@example.org"])
    assert "15/06/2024" in notice.body and "90,00 €" in notice.body and "adhérant pour l'année 2024" in notice.body
    statement.refresh_from_db()
    assert statement.paid_on == dt.date(2024, 6, 15)
    assert set(statement.fees.values_list("status", flat=True)) == {"payee"}
    response = staff_client.post(reverse("fee-statement-pay", args=[statement.pk]), {"paid_on": "16/06/2024"},
                                 follow=True)
    assert "Aucune ligne envoyée en comptabilité à marquer payée." in text(response) and run_queued_tasks() == 0


def test_a_fee_set_not_due_by_staff_needs_a_reason_and_is_kept(staff_client, intervision):
    sync_fees(Meeting.objects.all())
    fee = Fee.objects.get(person__last_name="Petit")
    response = staff_client.post(reverse("fee-not-due", args=[fee.pk]), {"reason": ""}, follow=True)
    assert "Indiquez pourquoi cette participation n'est pas due." in text(response)
    staff_client.post(reverse("fee-not-due", args=[fee.pk]), {"reason": "Salarié ce jour-là"})
    sync_fees(Meeting.objects.all())
    fee.refresh_from_db()
    assert fee.status == Fee.Status.NOT_DUE and fee.reason == "Salarié ce jour-là" and fee.amount == 0
    page = text(staff_client.get(reverse("fee-list"), {"annee": 2024}))
    assert "Salarié ce jour-là" in page and "Non due" in page
    sent = create_statement(dt.date(2024, 1, 1), dt.date(2024, 12, 31)).fees.first()
    with pytest.raises(Exception, match="déjà « Envoyée en comptabilité »"):
        mark_not_due(sent, "trop tard")


def test_the_report_counts_the_fees_of_the_year(intervision):
    from concerto.reports.tables import build_report

    statement = create_statement(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    from concerto.fees.services import record_payment

    record_payment(statement.fees.filter(person__last_name="Durand"), dt.date(2024, 6, 1), notify=False)
    figures = build_report(2024)["indemnisations"]
    assert figures["participations_eligibles"] == 3 and figures["non_dues"] == 1
    assert figures["montant_du"] == 210.0 and figures["envoyees_comptabilite"] == 3
    assert (figures["payees"], figures["montant_paye"]) == (1, 90.0)
