"""Meeting rules used by the pages and the import: who is in the attendance grid, saving it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q, QuerySet

from concerto.directory.models import Person

from .models import Attendance, Meeting


@dataclass(frozen=True)
class Mark:
    """One person's ticks in the grid, made consistent.

    The most specific tick wins: a camera implies a remote attendance, and a remote
    attendance implies presence (the DB refuses a camera for someone on site).
    """

    present: bool = False
    remote: bool = False
    camera: bool = False

    @classmethod
    def from_ticks(cls, present: bool, remote: bool, camera: bool) -> Mark:
        remote = remote or camera
        return cls(present=present or remote, remote=remote, camera=camera)

    def attendance_values(self) -> dict:
        return {
            "present": self.present,
            "remote": self.remote,
            # Camera is only meaningful for remote participants: unknown otherwise.
            "camera": self.camera if self.remote else None,
        }


@dataclass
class GridRow:
    person: Person
    attendance: Attendance | None = None
    situations: list = field(default_factory=list)  # situations the person is invited for
    added: bool = False  # came without invitation, not saved yet
    role: str = ""  # "animateur·rice" / "expert·e" of the meeting: ticked present until recorded

    @property
    def invited(self) -> bool:
        return bool(self.situations) or bool(self.attendance and self.attendance.invited)


def with_counts(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Each meeting's number of situations and of people present (`n_situations`, `n_present`).
    Joins both tables: apply it to a page of meetings, never to a whole history."""
    return meetings.annotate(
        n_situations=Count("situations", distinct=True),
        n_present=Count("attendances", filter=Q(attendances__present=True), distinct=True),
    )


def attendance_grid(meeting: Meeting) -> list[GridRow]:
    """Everyone invited to or recorded at the meeting, and its animateur and expert, by name."""
    from concerto.situations.models import SituationInvitation

    rows: dict[int, GridRow] = {}
    for attendance in meeting.attendances.select_related("person__category", "person__structure"):
        rows[attendance.person_id] = GridRow(person=attendance.person, attendance=attendance)
    invitations = SituationInvitation.objects.filter(situation__meeting=meeting).select_related(
        "person__category", "person__structure", "situation__patient"
    )
    for invitation in invitations:
        row = rows.setdefault(invitation.person_id, GridRow(person=invitation.person))
        row.situations.append(invitation.situation)
    # The animateur and the expert are expected: in the grid, present by default.
    for person_id, role in ((meeting.animateur_id, "animateur·rice"), (meeting.expert_id, "expert·e")):
        if person_id is not None:
            if person_id not in rows:
                person = Person.objects.select_related("category", "structure").get(pk=person_id)
                rows[person_id] = GridRow(person=person)
            rows[person_id].role = rows[person_id].role or role
    return sorted(rows.values(), key=lambda r: (r.person.last_name.lower(), r.person.first_name.lower(), r.person.pk))


@transaction.atomic
def save_attendance(meeting: Meeting, marks: dict[int, Mark], walk_ins: set[int] = frozenset()) -> None:
    """Record the grid at once.

    `marks` holds one entry per person row of the grid (unticked rows: `Mark()`); `walk_ins`
    are people added without invitation. A situation invitation follows the person's
    presence whenever that presence changes here; a per-situation value set afterwards is
    kept until the meeting presence changes again.
    """
    from concerto.members.services import check_governance_attendance
    from concerto.situations.models import SituationInvitation

    # Only full members sit on the Bureau and the CA: refused before anything is written.
    check_governance_attendance(meeting, [pid for pid, mark in marks.items() if mark.present])
    existing = {a.person_id: a for a in meeting.attendances.select_for_update()}
    invited_ids = set(
        SituationInvitation.objects.filter(situation__meeting=meeting).values_list("person_id", flat=True)
    )
    changed_presence: dict[bool, list[int]] = {True: [], False: []}
    for person_id, mark in marks.items():
        values = mark.attendance_values()
        attendance = existing.get(person_id)
        if attendance is None:
            invited = True if person_id in invited_ids else (False if person_id in walk_ins else None)
            Attendance.objects.create(meeting=meeting, person_id=person_id, invited=invited, **values)
            changed_presence[mark.present].append(person_id)
            continue
        if attendance.present != mark.present:
            changed_presence[mark.present].append(person_id)
        changed = [name for name, value in values.items() if getattr(attendance, name) != value]
        if not changed:
            continue  # an untouched row: no write, no history entry
        for name in changed:
            setattr(attendance, name, values[name])
        attendance.save(update_fields=changed)
    for present, person_ids in changed_presence.items():
        if person_ids:
            for invitation in SituationInvitation.objects.filter(
                situation__meeting=meeting, person_id__in=person_ids
            ).exclude(present=present):
                invitation.present = present
                invitation.save(update_fields=["present"])  # one by one: recorded in the history
