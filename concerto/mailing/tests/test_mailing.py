"""send_email: a real sending through the worker's loop lands in Django's outbox, in French, once."""

from __future__ import annotations

import time

import pytest
from django.core import mail
from django.urls import reverse

from concerto.mailing.models import EmailSending, EmailTemplate
from concerto.mailing.services import Attachment, retry, send_email
from concerto.tasks.testing import run_queued_tasks

pytestmark = pytest.mark.django_db

ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Intervision\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"


def test_a_sending_lands_in_the_outbox_in_french_with_its_attachment(staff_user):
    [sending] = send_email("essai", "lea@example.org", {"prenom": "Léa"},
                           attachments=[Attachment("invitation.ics", ICS, "text/calendar")], related=staff_user)
    assert sending.status == EmailSending.Status.QUEUED and not mail.outbox  # sent by a worker, not here
    assert run_queued_tasks() == 1
    [message] = mail.outbox
    assert message.to == ["lea@example.org"] and message.subject == "Concerto : message d'essai"
    assert message.body.startswith("Bonjour Léa,") and "lea@example.org" in message.body
    assert "merci de ne pas y répondre" in message.body
    [(html, html_type)] = message.alternatives
    assert html_type == "text/html" and "<strong>lea@example.org</strong>" in html
    [(name, content, mimetype)] = message.attachments
    assert (name, mimetype) == ("invitation.ics", "text/calendar") and "SUMMARY:Intervision" in content
    sending.refresh_from_db()
    assert sending.status == EmailSending.Status.SENT and sending.sent_at and sending.attempts == 1
    assert sending.related == staff_user and sending.template.key == "essai"


def test_the_same_reminder_is_sent_once_even_if_queued_twice():
    first = send_email("essai", "a@example.org", dedup_key="rappel:2026-12-01:42")
    run_queued_tasks()
    again = send_email("essai", "a@example.org", dedup_key="rappel:2026-12-01:42")
    assert run_queued_tasks() == 0
    assert first == again and EmailSending.objects.count() == 1 and len(mail.outbox) == 1
    send_email("essai", ["b@example.org", "c@example.org"], dedup_key="rappel:2")
    send_email("essai", ["b@example.org", "c@example.org"], dedup_key="rappel:2")
    run_queued_tasks()
    assert len(mail.outbox) == 3 and EmailSending.objects.count() == 3


def test_a_refused_sending_is_recorded_in_french_and_can_be_retried(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    [sending] = send_email("essai", "a@example.org")
    run_queued_tasks()
    sending.refresh_from_db()
    assert sending.status == EmailSending.Status.FAILED and sending.error.startswith("Échec de l'envoi")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert retry(sending) and not retry(EmailSending.objects.get(pk=sending.pk))  # queued: not twice
    run_queued_tasks()
    sending.refresh_from_db()
    assert sending.status == EmailSending.Status.SENT and sending.attempts == 2 and len(mail.outbox) == 1


def test_staff_rewords_a_template_and_the_next_sending_uses_it(staff_client):
    url = reverse("mailing-template-edit", args=["essai"])
    response = staff_client.post(url, {"subject": "Essai {{ destinataire }}", "body_text": "Texte {% if %}"})
    assert response.status_code == 200 and "Syntaxe incorrecte" in response.content.decode()
    response = staff_client.post(url, {"subject": "Essai pour {{ destinataire }}", "body_text": "Bonjour !",
                                       "body_html": ""})
    assert response.status_code == 302
    assert EmailTemplate.objects.get(key="essai").updated_by.username == "equipe"
    send_email("essai", "z@example.org")
    run_queued_tasks()
    assert mail.outbox[0].subject == "Essai pour z@example.org" and mail.outbox[0].body == "Bonjour !"
    assert not mail.outbox[0].alternatives


def test_sendings_page_lists_and_filters(staff_client):
    send_email("essai", "ok@example.org")
    run_queued_tasks()
    send_email("essai", "attente@example.org")
    html = staff_client.get(reverse("mailing-sendings")).content.decode()
    assert "ok@example.org" in html and "attente@example.org" in html and "Envoyé" in html
    html = staff_client.get(reverse("mailing-sendings"), {"status": "queued"}).content.decode()
    assert "attente@example.org" in html and "ok@example.org" not in html
    sending = EmailSending.objects.get(recipient="ok@example.org")
    html = staff_client.get(reverse("mailing-sending", args=[sending.pk])).content.decode()
    assert "Bonjour" in html and 'id="sending-status">Envoyé' in html


def test_test_email_button_queues_a_sending(staff_client):
    response = staff_client.post(reverse("mailing-sendings"), {"essai-recipient": "moi@example.org"})
    assert response.status_code == 302
    run_queued_tasks()
    assert mail.outbox[0].to == ["moi@example.org"]
    assert EmailSending.objects.get().sent_by.username == "equipe"


@pytest.mark.django_db(transaction=True)
def test_the_worker_process_sends_through_the_console_backend(task_worker):
    [sending] = send_email("essai", "console@example.org", {"prenom": "Paul"})
    deadline = time.monotonic() + 60
    while EmailSending.objects.get(pk=sending.pk).status == "queued" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert EmailSending.objects.get(pk=sending.pk).status == "sent", task_worker.output()
    output = task_worker.output()
    assert "Subject: Concerto : message d'essai" in output and "To: console@example.org" in output
