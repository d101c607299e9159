"""Members: the HelloAsso import (acceptance 2), renewals, the history of a membership, and the
governance rule (an associate member never sits on the Bureau or the CA)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from concerto.accounts.models import Role
from concerto.directory.models import Person
from concerto.factories import MeetingFactory, PersonFactory, UserFactory, label
from concerto.meetings.models import Attendance
from concerto.meetings.services import Mark, save_attendance
from concerto.members import services
from concerto.members.models import MemberImport, Membership
from concerto.nomenclatures.models import ListKey

FIXTURE = Path(__file__).parent / "fixtures" / "helloasso_adhesion-2026.csv"


def _category(text: str):
    return label(ListKey.CATEGORIE_ADHERENT, text)


@pytest.fixture
def known(db):
    """The directory before the import: Hélène by her e-mail, Éloïse by her name only."""
    return {
        "helene": PersonFactory(last_name="Lefèvre", first_name="Hélène", email="helene.lefevre@exemple.fr"),
        "eloise": PersonFactory(last_name="Dubois", first_name="Eloïse", email="",
                                category=label(ListKey.CATEGORIE, "pharmaciens")),
    }


def _job(year: int = 2026) -> MemberImport:
    return MemberImport.objects.create(file_name=FIXTURE.name, content=FIXTURE.read_text(encoding="utf-8"),
                                       year=year, default_category=_category("Professionnels non libéraux"))


def test_helloasso_fixture_matches(known):
    plan = services.analyse_helloasso(FIXTURE.read_text(encoding="utf-8"), 2026,
                                      _category("Professionnels non libéraux"))
    by_line = {r.line: r for r in plan}
    assert by_line[2].status == services.SURE_EMAIL and by_line[2].person == known["helene"]  # e-mail, any case
    assert by_line[3].status == services.NAME and by_line[3].person == known["eloise"]  # accents ignored
    assert by_line[4].status == services.NEW and by_line[4].first_name == "Thị Mai"
    assert by_line[5].status == services.DUPLICATE and "ligne 2" in by_line[5].note  # the same payer again
    assert by_line[6].status == services.SKIPPED and "Remboursé" in by_line[6].note
    assert by_line[7].status == services.NEW
    assert by_line[7].category.label == "Professionnels non libéraux"  # the tarif is not a category
    assert by_line[2].category.label == "Médecins généralistes libéraux"
    assert by_line[2].amount == Decimal("30.00") and by_line[2].paid_on == dt.date(2026, 1, 5)


def test_helloasso_import_then_reimport_creates_nothing(known):
    """Acceptance 2: the right matches, the unknown created, and importing again changes nothing."""
    people = Person.objects.count()
    job = _job()
    with pytest.raises(ValidationError, match="ligne 3"):
        services.apply_helloasso(job, {})  # the doubtful match must be confirmed first
    assert Membership.objects.count() == 0
    counts = services.apply_helloasso(job, {3: str(known["eloise"].pk)})
    assert counts == {"adhésions créées": 4, "personnes créées": 2, "déjà enregistrées": 0, "doublons": 1,
                      "ignorées": 1}
    assert Person.objects.count() == people + 2
    helene = Membership.objects.get(person=known["helene"])
    assert (helene.year, helene.member_class, helene.channel, helene.external_ref) == (
        2026, Membership.MemberClass.FULL, Membership.Channel.HELLOASSO, "HelloAsso 11873401")
    mai = Membership.objects.get(person__last_name="Ngô")
    assert mai.member_class == Membership.MemberClass.ASSOCIATE and mai.person.email == "mai.ngo@dac-exemple.fr"
    assert mai.person.category.code == "coordination"
    snapshot = (Person.objects.count(), list(Membership.objects.order_by("pk").values_list("pk", "person_id")))
    plan = services.analyse_helloasso(job.content, 2026, job.default_category)
    assert not [r for r in plan if r.doubtful]  # nothing left to ask
    again = services.apply_helloasso(_job(), {})
    assert again["adhésions créées"] == 0 and again["personnes créées"] == 0
    assert (Person.objects.count(), list(Membership.objects.order_by("pk").values_list("pk", "person_id"))) == snapshot


def test_helloasso_pages(known, client):
    client.force_login(UserFactory(role=Role.STAFF))
    with FIXTURE.open("rb") as f:
        response = client.post(reverse("member-import"), {
            "file": f, "year": 2026, "default_category": _category("Professionnels non libéraux").pk})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "À confirmer (1)" in page and "Eloïse Dubois" in page
    response = client.post(response["Location"], {"choix-3": "new"})
    assert response.status_code == 302
    assert Person.objects.filter(last_name="Dubois").count() == 2  # « another person »: created


def test_not_a_helloasso_file_is_refused_in_french(db, client):
    client.force_login(UserFactory(role=Role.STAFF))
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("member-import"), {
        "file": SimpleUploadedFile("x.csv", b"nom;prenom\nA;B\n"), "year": 2026,
        "default_category": _category("Pharmaciens").pk})
    text = response.content.decode()
    assert "n&#x27;est pas un export des adhésions HelloAsso" in text and "Email payeur" in text
    assert MemberImport.objects.count() == 0


def test_renewals_list_and_csv(db, client):
    a, b = PersonFactory(email="a@exemple.fr"), PersonFactory(email="")
    for person in (a, b):
        Membership.objects.create(year=2025, person=person, category=_category("Pharmaciens"),
                                  member_class=Membership.MemberClass.FULL)
    Membership.objects.create(year=2026, person=a, category=_category("Pharmaciens"),
                              member_class=Membership.MemberClass.FULL)
    assert [m.person for m, _ in services.renewal_recipients(2026)] == [b]
    client.force_login(UserFactory(role=Role.STAFF))
    response = client.get(reverse("member-renewals") + "?annee=2026&format=csv")
    body = response.content.decode("utf-8-sig")
    assert b.last_name in body and a.last_name not in body


def test_membership_history_is_kept_and_shown(db, client):
    user = UserFactory(role=Role.STAFF)
    client.force_login(user)
    person = PersonFactory()
    response = client.post(reverse("membership-create"), {"year": 2025, "person": person.pk,
                                                          "category": _category("Pharmaciens").pk, "amount": "30"})
    assert response.status_code == 302
    m = Membership.objects.get()
    assert m.member_class == Membership.MemberClass.FULL
    client.post(reverse("membership-edit", args=[m.pk]), {"year": 2025, "person": person.pk,
                                                          "category": _category("Patient expert").pk, "amount": "15"})
    m.refresh_from_db()
    assert m.member_class == Membership.MemberClass.ASSOCIATE  # the class follows the category
    assert m.history.count() == 2
    page = client.get(reverse("membership-edit", args=[m.pk])).content.decode()
    assert "Patient expert" in page and "Historique" in page


def test_associate_member_refused_on_the_ca(db, client):
    ca = MeetingFactory(type=label(ListKey.TYPE_REUNION, "conseil_administration"), date=dt.date(2025, 3, 18))
    full, associate, staff = PersonFactory(), PersonFactory(last_name="Ngô", first_name="Mai"), PersonFactory()
    Membership.objects.create(year=2025, person=full, category=_category("Pharmaciens"),
                              member_class=Membership.MemberClass.FULL)
    Membership.objects.create(year=2025, person=associate, category=_category("Coordinateurs de DAC ou CPTS"),
                              member_class=Membership.MemberClass.ASSOCIATE)
    with pytest.raises(ValidationError) as refusal:
        save_attendance(ca, {full.pk: Mark(present=True), associate.pk: Mark(present=True)})
    message = refusal.value.messages[0]
    assert "Mai Ngô : membre associé en 2025, ne peut pas siéger au Conseil d'administration" in message
    assert not Attendance.objects.filter(meeting=ca).exists()  # nothing written
    save_attendance(ca, {full.pk: Mark(present=True), staff.pk: Mark(present=True), associate.pk: Mark()})
    assert Attendance.objects.filter(meeting=ca, present=True).count() == 2
    # An Intervision or an AG takes everyone.
    ag = MeetingFactory(type=label(ListKey.TYPE_REUNION, "assemblee_generale"), date=dt.date(2025, 6, 3))
    save_attendance(ag, {associate.pk: Mark(present=True)})
    # The page shows the refusal in French and keeps the grid as it was.
    client.force_login(UserFactory(role=Role.STAFF))
    response = client.post(reverse("meeting-attendance", args=[ca.pk]),
                           {"person": [full.pk, staff.pk, associate.pk], f"present-{associate.pk}": "on",
                            f"present-{full.pk}": "on"})
    assert response.status_code == 200
    assert "ne peut pas siéger au Conseil d&#x27;administration" in response.content.decode()
    assert not Attendance.objects.get(meeting=ca, person=associate).present


def test_interchange_presences_follow_the_governance_rule(db, tmp_path):
    """The same rule in an import: an associate member of the file present at a CA is an error, located."""
    from concerto.interchange.importer import import_file

    folder = tmp_path / "import"
    folder.mkdir()
    (folder / "personnes.csv").write_text("id_personne,nom,prenom,categorie\nP-1,Ngô,Mai,Coordination\n"
                                          "P-2,Roux,Luc,Pharmaciens\n", encoding="utf-8")
    (folder / "reunions.csv").write_text("id_reunion,type,date,modalite\n"
                                         "CA-1,Conseil d'administration,2025-03-18,Présentiel\n"
                                         "AG-1,Assemblée générale,2025-06-03,Présentiel\n", encoding="utf-8")
    (folder / "adhesions.csv").write_text(
        "id_adhesion,annee,id_personne,categorie,classe\nA1,2025,P-1,Coordinateurs de DAC ou CPTS,Associé\n"
        "A2,2025,P-2,Pharmaciens,Plein exercice\n", encoding="utf-8")
    (folder / "presences.csv").write_text("id_reunion,id_personne,present\nCA-1,P-1,oui\nCA-1,P-2,oui\n"
                                          "AG-1,P-1,oui\n", encoding="utf-8")
    result = import_file(folder)
    assert not result.ok
    assert len(result.issues) == 1, [str(i) for i in result.issues]
    [issue] = result.issues
    assert (issue.sheet, issue.row, issue.column) == ("presences", 2, "present")
    assert "membre associé·e en 2025 : ne peut pas siéger au Conseil d'administration" in issue.message
    assert not Attendance.objects.exists() and not Membership.objects.exists()  # all or nothing
