"""Demo: the traces of an association at work — who organised each pôle and from when
(poles.PoleOrganiser), a few recorded edits (history of pôles, engagements, meetings,
attendances, accounts) and an audit journal (audit.AccessEvent).

Deterministic for a seed; called once by the generator after everything else is saved.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Q
from django.utils import timezone

from concerto.accounts.models import Role, User
from concerto.audit.models import AccessEvent, Kind
from concerto.directory.models import Structure
from concerto.meetings.models import Meeting
from concerto.poles.models import Pole, PoleOrganiser
from concerto.situations.models import Situation


def add_trail(seed: int, today: dt.date) -> dict[str, int]:
    rng = random.Random(f"trail-{seed}")
    return {
        "organisateurs de pôle (historique)": _organisers(rng, today),
        "modifications enregistrées (démo)": _edits(rng, today),
        "accès au journal (démo)": _audit(rng, today),
    }


def _organisers(rng: random.Random, today: dt.date) -> int:
    """Every pôle with an organiser has had it since its creation; about one in four changed once."""
    candidates = list(Structure.objects.filter(Q(type__code__in=("cpts", "dac")) | Q(type__label="CSAPA"))
                      .order_by("name"))
    rows = []
    for pole in Pole.objects.filter(organiser__isnull=False).order_by("name"):
        start = pole.created_on or dt.date(today.year - 6, 1, 1)
        others = [s for s in candidates if s.pk != pole.organiser_id]
        if others and rng.random() < 0.25 and (today - start).days > 2 * 365:
            change = (start + dt.timedelta(days=rng.randint(365, (today - start).days - 200))).replace(day=1)
            rows.append(PoleOrganiser(pole=pole, structure=rng.choice(others), start=start,
                                      end=change - dt.timedelta(days=1)))
            start = change
        rows.append(PoleOrganiser(pole=pole, structure_id=pole.organiser_id, start=start))
    PoleOrganiser.objects.bulk_create(rows)
    return len(rows)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _save_as(obj, user: User, when: dt.datetime, **changes) -> None:
    for name, value in changes.items():
        setattr(obj, name, value)
    obj._history_user = user  # simple-history: who made the change
    obj._history_date = when
    obj.save()


def _edits(rng: random.Random, today: dt.date) -> int:
    staff = User.objects.filter(username="equipe").first()
    coordinator = User.objects.filter(username="coordinatrice").first()
    if staff is None or coordinator is None:
        return 0
    count = 0
    for pole in coordinator.poles.order_by("name"):
        _save_as(pole, staff, _at(today - dt.timedelta(days=40), 10), rythme="Un mardi par mois, 12 h 30")
        count += 1
        engagement = pole.engagements.order_by("pk").first()
        if engagement is not None:
            _save_as(engagement, staff, _at(today - dt.timedelta(days=35), 11),
                     note=(engagement.note + " — relancée en réunion de pôle").strip(" —"))
            count += 1
        for organiser in pole.organisers.filter(end__isnull=True):
            _save_as(organiser, staff, _at(today - dt.timedelta(days=30), 9))
            count += 1
        meetings = list(Meeting.objects.filter(pole=pole, date__lte=today).order_by("-date")[:2])
        for meeting in meetings:
            _save_as(meeting, coordinator, _at(meeting.date, 15), notes="Compte rendu envoyé aux participants.")
            count += 1
            attendance = meeting.attendances.order_by("pk").first()
            if attendance is not None:
                _save_as(attendance, coordinator, _at(meeting.date, 15), invited=True)
                count += 1
    return count


def _audit(rng: random.Random, today: dt.date) -> int:
    users = {u.username: u for u in User.objects.filter(role__in=[Role.STAFF, Role.COORDINATOR, Role.ADMIN])}
    coordinator, staff = users.get("coordinatrice"), users.get("equipe")
    if coordinator is None or staff is None:
        return 0
    mine = list(Situation.objects.for_user(coordinator).filter(meeting__date__lte=today)
                .select_related("meeting__pole", "patient").order_by("-meeting__date")[:30])
    events = []
    for index, situation in enumerate(mine):
        day = today - dt.timedelta(days=index // 3)
        events.append(AccessEvent(
            at=_at(day, 9 + index % 8), user=coordinator, username=coordinator.username, kind=Kind.PAGE,
            object_type="situation", object_id=str(situation.pk),
            what=f"Situation « {situation.patient.code} » — {situation.meeting}",
            scope=f"{situation.meeting.pole} · {situation.meeting.date.year}", ip="192.0.2.10"))
    for index, year in enumerate((today.year - 1, today.year - 1, today.year)):
        events.append(AccessEvent(
            at=_at(today - dt.timedelta(days=5 + index), 14), user=staff, username=staff.username,
            kind=Kind.DOWNLOAD, object_type="rapport", what=f"rapport-activite-{year}.xlsx",
            scope=f"toute l'association · {year}", ip="192.0.2.20"))
    events.append(AccessEvent(at=_at(today - dt.timedelta(days=2), 7), username="secretariat", kind=Kind.LOCKOUT,
                              what="Connexion bloquée après des mots de passe erronés", ip="198.51.100.7"))
    AccessEvent.objects.bulk_create(events)
    return len(events)
