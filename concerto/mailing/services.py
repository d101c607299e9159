"""send_email: render a template, record the sending, let a worker send it (once).

Every app sends through here, so every e-mail is in EmailSending (who, what, when, how it went)
and goes through Django's e-mail backend (console by default, SMTP from the environment).
Password-reset e-mails are the exception: Django sends them in the request, so that an account
can be recovered even when no worker runs.
"""

from __future__ import annotations

import base64
import logging
import mimetypes
from collections.abc import Iterable
from dataclasses import dataclass
from email.encoders import encode_base64
from email.mime.base import MIMEBase

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import SafeMIMEText
from django.db import IntegrityError, models, transaction
from django.template import Context, Template, TemplateSyntaxError
from django.utils import timezone

from .defaults import DEFAULTS
from .models import EmailSending, EmailTemplate

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attachment:
    """A file of an e-mail; the mimetype may carry parameters: « text/calendar; method=REQUEST »."""

    filename: str
    content: bytes
    mimetype: str = ""

    def as_dict(self) -> dict:
        mimetype = self.mimetype or mimetypes.guess_type(self.filename)[0] or "application/octet-stream"
        return {"filename": self.filename, "mimetype": mimetype, "content": base64.b64encode(self.content).decode()}


def get_template(key: str) -> EmailTemplate:
    """The association's version of a template, created from the shipped default when missing."""
    template = EmailTemplate.objects.filter(key=key).first()
    if template is not None:
        return template
    default = DEFAULTS.get(key)
    if default is None:
        raise KeyError(f"Modèle de courriel inconnu : {key}")
    template, _ = EmailTemplate.objects.get_or_create(key=key, defaults={
        "name": default.name, "description": default.description, "subject": default.subject,
        "body_text": default.body_text, "body_html": default.body_html})
    return template


def render(template: EmailTemplate, context: dict) -> tuple[str, str, str]:
    """(subject, text, html) of a template for a context; the text is not HTML-escaped."""
    def fill(source: str, autoescape: bool) -> str:
        return Template(source).render(Context(context, autoescape=autoescape))
    subject = " ".join(fill(template.subject, False).split())  # one line
    return subject, fill(template.body_text, False), fill(template.body_html, True) if template.body_html else ""


def check_template_source(source: str) -> str | None:
    """A French message when the text is not a valid template, else None (the editor's form)."""
    try:
        Template(source)
    except TemplateSyntaxError as error:
        return f"Syntaxe incorrecte : {error}"
    return None


def send_email(template_key: str, to: str | Iterable[str], context: dict | None = None, *,
               attachments: Iterable[Attachment] = (), dedup_key: str | None = None,
               related: models.Model | None = None, user=None) -> list[EmailSending]:
    """Queue one e-mail per recipient; returns their sendings.

    With a dedup_key the same e-mail is never queued twice (the key is suffixed with the
    recipient when there are several): calling again returns the sending already recorded.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    template = get_template(template_key)
    files = [a.as_dict() for a in attachments]
    sendings = []
    for recipient in recipients:
        key = dedup_key if dedup_key is None or len(recipients) == 1 else f"{dedup_key}:{recipient}"
        if key is not None and (existing := EmailSending.objects.filter(dedup_key=key).first()):
            sendings.append(existing)
            continue
        subject, text, html = render(template, {"destinataire": recipient, **(context or {})})
        sending = EmailSending(
            template=template, template_key=template.key, recipient=recipient, subject=subject[:255],
            body_text=text, body_html=html, attachments=files, dedup_key=key, sent_by=user,
            related_model=related._meta.label_lower if related is not None else "",
            related_id=str(related.pk) if related is not None else "")
        try:
            with transaction.atomic():
                sending.save()
                _enqueue(sending)
        except IntegrityError:  # the same key recorded meanwhile by another process
            sending = EmailSending.objects.get(dedup_key=key)
        sendings.append(sending)
    return sendings


def _enqueue(sending: EmailSending) -> None:
    from .tasks import deliver_email

    deliver_email.enqueue(sending.pk)


def deliver(sending_id: int) -> EmailSending:
    """Send a queued e-mail through Django's backend (the worker's task); a sent one is not sent again."""
    with transaction.atomic():
        sending = EmailSending.objects.select_for_update().get(pk=sending_id)
        if sending.status == EmailSending.Status.SENT:
            return sending
        sending.attempts += 1
        message = EmailMultiAlternatives(sending.subject, sending.body_text, settings.DEFAULT_FROM_EMAIL,
                                         [sending.recipient])
        if sending.body_html:
            message.attach_alternative(sending.body_html, "text/html")
        for item in sending.attachments:
            message.attach(*_attachment_args(item))
        try:
            message.send()
        except Exception as error:  # SMTP refused, host unreachable…: recorded, shown on the page
            logger.warning("E-mail %s to %s failed: %s", sending.pk, sending.recipient, error)
            sending.status, sending.error = EmailSending.Status.FAILED, f"Échec de l'envoi : {error}"[:2000]
        else:
            sending.status, sending.error, sending.sent_at = EmailSending.Status.SENT, "", timezone.now()
        sending.save(update_fields=["status", "error", "sent_at", "attempts"])
    return sending


def _attachment_args(item: dict) -> tuple:
    """What EmailMessage.attach takes for a recorded attachment.

    A mimetype with parameters (« text/calendar; method=REQUEST ») becomes a MIME part built
    here, so that the parameter reaches the Content-Type header: Django's attach() would put
    « calendar; method=REQUEST » in the subtype.
    """
    content = base64.b64decode(item["content"])
    mimetype, _, params = item["mimetype"].partition(";")
    if not params.strip():
        return item["filename"], content, mimetype
    basetype, subtype = mimetype.strip().split("/", 1)
    if basetype == "text":
        part = SafeMIMEText(content.decode(), subtype, settings.DEFAULT_CHARSET)
    else:
        part = MIMEBase(basetype, subtype)
        part.set_payload(content)
        encode_base64(part)
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip():
            part.set_param(name.strip(), value.strip().strip('"'))
    part.add_header("Content-Disposition", "attachment", filename=item["filename"])
    return (part,)


def retry(sending: EmailSending) -> bool:
    """Queue a failed sending again (the staff page's button); False when it is not failed."""
    with transaction.atomic():
        if not EmailSending.objects.filter(pk=sending.pk, status=EmailSending.Status.FAILED).update(
                status=EmailSending.Status.QUEUED, error=""):
            return False
        _enqueue(sending)
    return True
