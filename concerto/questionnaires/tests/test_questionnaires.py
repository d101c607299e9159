"""Acceptance 2: a questionnaire link works once; a second answer, a forged or an expired token
get a French message and store nothing. Paper answers, reminders, results with shares."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from concerto.accounts.models import Role
from concerto.events import services as events
from concerto.factories import MeetingFactory, UserFactory, label
from concerto.mailing.models import EmailSending
from concerto.nomenclatures.models import ListKey
from concerto.questionnaires import services
from concerto.questionnaires.models import Answer


@pytest.fixture
def attended(db):
    meeting = MeetingFactory(pole=None, type=label(ListKey.TYPE_REUNION, "webinaire"), date=dt.date(2025, 2, 11),
                             theme="Prégabaline")
    registration = events.register(meeting, last_name="Durand", first_name="Alice",
                                   email="alice@example.org").registration
    events.mark_present(meeting, registration.person)
    return registration


ANSWERS = {"contenus": "Tout à fait satisfait", "comprehension": "Satisfait", "autre_session": "Oui",
           "commentaires": "Très clair"}


def _url(token: str) -> str:
    return reverse("questionnaire-answer", kwargs={"token": token})


def test_the_link_works_once(attended, client):
    token = services.make_token(attended)
    page = client.get(_url(token))
    assert page.status_code == 200 and "Prégabaline" in page.content.decode()
    assert "Durand" not in page.content.decode()  # the page shows the questions only
    done = client.post(_url(token), ANSWERS)
    assert done.status_code == 200 and "Merci" in done.content.decode()
    assert Answer.objects.filter(registration=attended).count() == 4
    again = client.post(_url(token), {**ANSWERS, "contenus": "Un peu satisfait"})
    assert again.status_code == 409 and "déjà répondu" in again.content.decode()
    assert client.get(_url(token)).status_code == 409
    assert Answer.objects.count() == 4 and not Answer.objects.filter(value="Un peu satisfait").exists()


def test_a_forged_token_stores_nothing(attended, client):
    token = services.make_token(attended)
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = client.post(_url(forged), ANSWERS)
    assert response.status_code == 400 and "pas valide" in response.content.decode()
    # A token signed for another purpose (another salt) is refused too.
    from django.core import signing

    other = signing.dumps({"r": attended.pk, "m": attended.meeting_id}, salt="autre.chose")
    assert client.post(_url(other), ANSWERS).status_code == 400
    assert not Answer.objects.exists()


def test_an_expired_token_stores_nothing(attended, client, monkeypatch):
    token = services.make_token(attended)
    later = time.time() + (services.TOKEN_DAYS + 1) * 86400
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    response = client.post(_url(token), ANSWERS)
    assert response.status_code == 400 and "expiré" in response.content.decode()
    assert not Answer.objects.exists()


def test_an_answer_outside_the_scale_is_refused_in_french(attended):
    with pytest.raises(ValidationError) as error:
        services.submit_online(services.make_token(attended), {"contenus": "Génial"})
    assert "n'est pas une réponse possible" in str(error.value)
    assert not Answer.objects.exists()
    with pytest.raises(ValidationError, match="au moins à une question"):
        services.submit_online(services.make_token(attended), {})


def test_links_then_one_reminder_to_those_who_have_not_answered(attended):
    meeting = attended.meeting
    other = events.register(meeting, last_name="Martin", first_name="Zoé", email="zoe@example.org").registration
    events.mark_present(meeting, other.person)
    assert services.send_links(meeting) == 2
    link = EmailSending.objects.filter(template_key="questionnaire-lien", recipient="alice@example.org").get()
    assert "/questionnaire/" in link.body_text
    services.submit_online(services.make_token(attended), ANSWERS)
    assert services.send_reminders(meeting.date + dt.timedelta(days=7)) == 1
    services.send_reminders(meeting.date + dt.timedelta(days=7))
    reminder = EmailSending.objects.get(template_key="questionnaire-relance")
    assert reminder.recipient == "zoe@example.org"


def test_paper_answers_by_staff_and_the_results(attended, client):
    client.force_login(UserFactory(role=Role.STAFF))
    url = reverse("questionnaire-paper", kwargs={"pk": attended.meeting_id})
    assert client.get(url).status_code == 200
    client.post(url, {"contenus": "Satisfait", "autre_session": "Ne sait pas"})
    services.submit_online(services.make_token(attended), ANSWERS)
    assert Answer.objects.filter(source=Answer.Source.PAPER, registration=None).count() == 2
    results = services.results([attended.meeting_id], 2025)
    assert results["contenus"]["Tout à fait satisfait"] == {"count": 1, "share": 0.5}
    assert results["contenus"]["Satisfait"] == {"count": 1, "share": 0.5}
    assert results["contenus"]["Pas du tout satisfait"] == {"count": 0, "share": 0.0}
    assert list(results["autre_session"]) == ["Oui", "Non", "Ne sait pas"]
    assert results["commentaires"] == {"reponses": 1}
