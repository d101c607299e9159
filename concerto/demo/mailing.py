"""Demo: a few e-mails already sent (mailing.EmailSending), so that the « Courriels » page has a past.

Recorded as sent, not queued: `make run` sends nothing when it starts. Deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from concerto.accounts.models import Role, User
from concerto.mailing.models import EmailSending
from concerto.mailing.services import get_template, render


def add_sendings(seed: int, today: dt.date) -> dict[str, int]:
    rng = random.Random(f"mailing-{seed}")
    template = get_template("essai")
    staff = list(User.objects.filter(role__in=(Role.ADMIN, Role.STAFF)).exclude(email="").order_by("pk"))
    EmailSending.objects.filter(related_model="demo", template_key=template.key).delete()  # demo --reset
    rows = []
    for index, user in enumerate(staff * 2):
        when = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=rng.randint(1, 60)), dt.time(9)))
        subject, text, html = render(template, {"destinataire": user.email, "prenom": user.first_name})
        failed = index == 1  # one refused by the mail server, as happens
        rows.append(EmailSending(
            template=template, template_key=template.key, recipient=user.email, subject=subject, body_text=text,
            body_html=html, sent_by=user, attempts=1, related_model="demo",
            status=EmailSending.Status.FAILED if failed else EmailSending.Status.SENT,
            error="Échec de l'envoi : (550, b'Adresse inconnue')" if failed else "",
            sent_at=None if failed else when + dt.timedelta(seconds=3)))
    created = EmailSending.objects.bulk_create(rows)
    for sending in created:  # queued_at is auto_now_add: set the past afterwards
        EmailSending.objects.filter(pk=sending.pk).update(queued_at=sending.sent_at or timezone.now())
    return {"courriels envoyés (démo)": len(created)}
