"""The scientific council (CST): its seats (a list of labels, `siege_conseil`) and who holds
each, from when to when. A seat nobody holds on a date is vacant (« recrutement en cours »);
its meetings are `meetings.Meeting` of type « Conseil scientifique », presences the attendance."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from concerto.nomenclatures.models import ListKey


class SeatHolding(models.Model):
    seat = models.ForeignKey("nomenclatures.Label", verbose_name="siège", on_delete=models.PROTECT,
                             limit_choices_to={"list": ListKey.SIEGE_CONSEIL}, related_name="+")
    person = models.ForeignKey("directory.Person", verbose_name="titulaire", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="council_seats",
                               help_text="Vide : siège vacant (recrutement en cours).")
    start = models.DateField("début", null=True, blank=True)
    end = models.DateField("fin", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["seat__position", "start", "pk"]
        verbose_name = "siège du conseil scientifique"
        verbose_name_plural = "sièges du conseil scientifique"
        constraints = [
            models.UniqueConstraint(fields=["seat", "person", "start"], name="seat_holding_unique"),
            models.CheckConstraint(condition=models.Q(end__isnull=True) | models.Q(start__isnull=True)
                                   | models.Q(end__gte=models.F("start")), name="seat_holding_end_after_start"),
        ]

    def __str__(self) -> str:
        who = str(self.person) if self.person_id else "recrutement en cours"
        return f"{self.seat} : {who}"

    def covers(self, day) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "La fin doit être après le début."})
        if not self.person_id or not self.seat_id:
            return
        others = SeatHolding.objects.filter(seat=self.seat, person__isnull=False).exclude(pk=self.pk)
        for other in others:
            if _overlap(self.start, self.end, other.start, other.end):
                raise ValidationError(f"Ce siège est déjà tenu par {other.person} sur une partie de cette période.")


def _overlap(a_start, a_end, b_start, b_end) -> bool:
    import datetime as dt

    lo = dt.date.min
    hi = dt.date.max
    return (a_start or lo) <= (b_end or hi) and (b_start or lo) <= (a_end or hi)
