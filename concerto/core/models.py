from __future__ import annotations

from django.conf import settings
from django.db import models


class FormSubmission(models.Model):
    """A creation form sent once: the token the page put in it, and where its creation led.

    A double click (or a resent form) brings the same token: the second request finds it and
    goes where the first went, instead of creating a second meeting or person.
    """

    token = models.CharField("jeton", max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField("envoyé le", auto_now_add=True, db_index=True)
    url = models.CharField("page créée", max_length=300, blank=True)

    class Meta:
        verbose_name = "envoi de formulaire"

    def __str__(self) -> str:
        return f"{self.token[:8]}… → {self.url or '(en cours)'}"
