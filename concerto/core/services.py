"""Creation forms sent once (double click, resent form): see FormSubmission."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from .models import FormSubmission

TOKEN_FIELD = "jeton_envoi"
KEEP = dt.timedelta(days=2)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def form_token(request: HttpRequest) -> str:
    """The token to put in a creation form: the posted one when the form is shown again."""
    posted = request.POST.get(TOKEN_FIELD, "") if request.method == "POST" else ""
    return posted if _TOKEN.match(posted) else secrets.token_urlsafe(24)


def create_once(request: HttpRequest, create: Callable[[], str]) -> tuple[str | None, bool]:
    """Run `create()` (it returns the URL of what it created) once per form token.

    Returns (url, True) the first time; (url of the first creation, False) when the token
    was already used. In one transaction with the creation: a failed creation frees its token.
    A form posted without a valid token is created as before (nothing to tell a resend by).
    """
    token = request.POST.get(TOKEN_FIELD, "")
    if not _TOKEN.match(token):
        with transaction.atomic():
            return create(), True
    with transaction.atomic():
        try:
            with transaction.atomic():  # savepoint: the duplicate's error leaves the transaction usable
                entry = FormSubmission.objects.create(token=token, user=request.user)
        except IntegrityError:
            # A concurrent twin waits on the token's unique index until the first commits.
            first = FormSubmission.objects.filter(token=token, user=request.user).first()
            return (first.url or None) if first else None, False
        url = create()
        entry.url = url[:300]
        entry.save(update_fields=["url"])
    FormSubmission.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
    return url, True


# A to-do count is read up to this bound (« plus de 100 »): beyond it, the number changes nothing
# to what one does next, and a page's time stays bounded whatever the size of the association.
COUNT_CAP = 100


class BoundedCount:
    """A number of rows read up to `cap` + 1: prints « plus de <cap> » beyond the cap; compares
    and converts as the number read (so « more than the list shows » tests keep working)."""

    def __init__(self, value: int, cap: int) -> None:
        self.value, self.cap = min(int(value), cap + 1), cap

    @property
    def beyond(self) -> bool:
        return self.value > self.cap

    def __int__(self) -> int:
        return self.value

    def __bool__(self) -> bool:
        return bool(self.value)

    def __eq__(self, other: object) -> bool:
        return self.value == int(other) if isinstance(other, int | BoundedCount) else NotImplemented

    def __hash__(self) -> int:
        return hash(self.value)

    def __lt__(self, other: int) -> bool:
        return self.value < int(other)

    def __le__(self, other: int) -> bool:
        return self.value <= int(other)

    def __gt__(self, other: int) -> bool:
        return self.value > int(other)

    def __ge__(self, other: int) -> bool:
        return self.value >= int(other)

    def __str__(self) -> str:
        return f"plus de {self.cap}" if self.beyond else str(self.value)

    __repr__ = __str__


def bounded_count(queryset: QuerySet, cap: int | None = None) -> BoundedCount:
    """How many rows `queryset` has, counted in SQL over at most cap + 1 of them (COUNT over a
    LIMIT; cap: COUNT_CAP): the database stops once it has found more than the cap."""
    cap = COUNT_CAP if cap is None else cap
    return BoundedCount(queryset.order_by()[: cap + 1].count(), cap)
