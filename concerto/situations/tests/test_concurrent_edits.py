"""Issue 11: two people on the same fiche (lost update), and « ajouter une situation » sent
twice or twenty times at once (double submit)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.test import Client
from django.urls import reverse

from concerto.accounts.models import Role
from concerto.factories import MeetingFactory, PatientFactory, PoleFactory, SituationFactory, UserFactory, label
from concerto.nomenclatures.models import ListKey
from concerto.situations.models import Situation
from concerto.situations.services import add_situation


@pytest.fixture
def fiche(db):
    pole = PoleFactory(name="Calais")
    meeting = MeetingFactory(pole=pole, date=dt.date(2024, 5, 14))
    situation = SituationFactory(meeting=meeting, patient=PatientFactory(pole=pole, code="Bruno M."),
                                 probleme="Première version")
    user = UserFactory(username="coord", role=Role.COORDINATOR, poles=[pole])
    return situation, user


def _fiche_data(client, situation) -> dict:
    """What the browser would post: the form as the page shows it."""
    form = client.get(reverse("situation-edit", args=[situation.pk])).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return data


def test_second_save_of_a_stale_fiche_is_refused_with_both_versions(client, fiche):
    situation, user = fiche
    client.force_login(user)
    mine = _fiche_data(client, situation)
    theirs = _fiche_data(client, situation)
    assert mine["version"] == "1"
    theirs["probleme"] = "Version de ma collègue"
    theirs["accord"] = str(label(ListKey.ACCORD, "Oui").pk)
    assert client.post(reverse("situation-edit", args=[situation.pk]), theirs).status_code == 302
    mine["probleme"] = "Ma version"
    response = client.post(reverse("situation-edit", args=[situation.pk]), mine)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Votre version n'a pas été enregistrée" in html
    assert "Ma version" in html and "Version de ma collègue" in html
    rows = {r["label"]: (r["yours"], r["stored"]) for r in response.context["conflict"]["rows"]}
    assert rows["Problème ayant motivé l'intervision"] == ("Ma version", "Version de ma collègue")
    situation.refresh_from_db()
    assert situation.probleme == "Version de ma collègue" and situation.version == 2
    # The form now carries the stored version: saving again replaces it knowingly.
    assert response.context["form"]["version"].value() == 2
    again = dict(mine, version="2")
    assert client.post(reverse("situation-edit", args=[situation.pk]), again).status_code == 302
    situation.refresh_from_db()
    assert situation.probleme == "Ma version" and situation.version == 3


def test_patient_once_per_meeting_is_a_constraint_and_a_french_error(client, fiche):
    situation, user = fiche
    with pytest.raises(IntegrityError), transaction.atomic():
        Situation.objects.create(meeting=situation.meeting, patient=situation.patient)
    with pytest.raises(ValidationError, match="déjà à l'ordre du jour"):
        add_situation(situation.meeting, "Bruno M.")
    client.force_login(user)
    response = client.post(reverse("meeting-add-situation", args=[situation.meeting_id]), {"code": "Bruno  M."})
    assert response.status_code == 200
    assert "déjà à l&#x27;ordre du jour" in response.content.decode()
    assert situation.meeting.situations.count() == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_additions_make_one_situation():
    """Acceptance 4: twenty requests at once, each on its own connection, for one patient and meeting."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite runs one writer at a time: the race needs PostgreSQL (CI runs it there).")
    from concerto.nomenclatures.defaults import load_default_labels
    from concerto.nomenclatures.models import Label

    load_default_labels(Label)
    pole = PoleFactory(name="Calais")
    meeting = MeetingFactory(pole=pole, date=dt.date(2024, 5, 14))
    user = UserFactory(username="coord", role=Role.COORDINATOR, poles=[pole])
    login = Client()
    login.force_login(user)
    session = login.cookies[settings.SESSION_COOKIE_NAME].value
    url = reverse("meeting-add-situation", args=[meeting.pk])
    barrier = threading.Barrier(20)
    statuses: list[int] = []
    errors: list[BaseException] = []

    def add() -> None:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = session
        try:
            barrier.wait(timeout=30)
            statuses.append(client.post(url, {"code": "Jade D."}).status_code)
        except BaseException as error:  # reported below, with the thread's own traceback
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert Situation.objects.filter(meeting=meeting, patient__code="Jade D.").count() == 1
    assert sorted(statuses) == [200] * 19 + [302]  # one created; nineteen told it is already there
