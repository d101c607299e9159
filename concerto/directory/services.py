"""Rules about the directory of people: who a pôle usually works with; merging two records."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, IntegerField, Q, QuerySet, Value

from concerto.meetings.models import Attendance
from concerto.situations.models import SituationInvitation

from .models import Person, Structure

PICK_LIMIT = 12  # suggestions per search-as-you-type list (a phone screen)


def rank_people_for_pole(people: QuerySet[Person], pole_id: int | None) -> QuerySet[Person]:
    """`people` with the pôle's usual participants first (present at its meetings, most often
    first), then by name. `usual` is the number of the pôle's meetings attended."""
    if pole_id is None:
        return people.annotate(usual=Value(0, IntegerField())).order_by("last_name", "first_name", "pk")
    usual = Count("attendances", filter=Q(attendances__present=True, attendances__meeting__pole_id=pole_id))
    return people.annotate(usual=usual).order_by("-usual", "last_name", "first_name", "pk")


def rank_structures_for_pole(structures: QuerySet[Structure], pole_id: int | None) -> QuerySet[Structure]:
    """`structures` with those that organised the pôle's meetings first, then by name."""
    if pole_id is None:
        return structures.annotate(usual=Value(0, IntegerField())).order_by("name")
    usual = Count("meetings_organised", filter=Q(meetings_organised__pole_id=pole_id))
    return structures.annotate(usual=usual).order_by("-usual", "name")


def search_structures(text: str) -> QuerySet[Structure]:
    qs = Structure.objects.select_related("type")
    for word in text.split():
        qs = qs.filter(Q(name__icontains=word) | Q(commune__icontains=word) | Q(type__label__icontains=word))
    return qs

# Identity and contact fields the kept record takes from the other when it has none.
FILLABLE_FIELDS = (
    "last_name", "first_name", "profession", "structure", "email", "phone", "coordination_function",
)


@dataclass
class MergePreview:
    """What merging `other` into `keep` will do, for the confirmation page."""

    filled: dict[str, object] = field(default_factory=dict)  # field verbose name -> value taken
    attendances_moved: int = 0
    attendances_merged: int = 0  # same meeting attended by both records
    invitations_moved: int = 0
    invitations_merged: int = 0
    poles_referent: int = 0
    meetings_animated: int = 0
    meetings_expert: int = 0


def _blank(value: object) -> bool:
    return value is None or value == ""


def _filled_fields(keep: Person, other: Person) -> dict[str, object]:
    filled = {}
    for name in FILLABLE_FIELDS:
        attr = f"{name}_id" if name == "structure" else name
        if _blank(getattr(keep, attr)) and not _blank(getattr(other, attr)):
            filled[name] = getattr(other, name)
    return filled


def _check(keep: Person, other: Person) -> None:
    if keep.pk == other.pk:
        raise ValidationError("Choisissez deux fiches différentes.")


def merge_preview(keep: Person, other: Person) -> MergePreview:
    _check(keep, other)
    shared_meetings = set(keep.attendances.values_list("meeting_id", flat=True))
    shared_situations = set(keep.situation_invitations.values_list("situation_id", flat=True))
    other_meetings = list(other.attendances.values_list("meeting_id", flat=True))
    other_situations = list(other.situation_invitations.values_list("situation_id", flat=True))
    merged_att = sum(1 for m in other_meetings if m in shared_meetings)
    merged_inv = sum(1 for s in other_situations if s in shared_situations)
    return MergePreview(
        filled={Person._meta.get_field(k).verbose_name: v for k, v in _filled_fields(keep, other).items()},
        attendances_moved=len(other_meetings) - merged_att,
        attendances_merged=merged_att,
        invitations_moved=len(other_situations) - merged_inv,
        invitations_merged=merged_inv,
        poles_referent=other.poles_referent.count(),
        meetings_animated=other.meetings_animated.count(),
        meetings_expert=other.meetings_expert.count(),
    )


def _either(a: bool | None, b: bool | None) -> bool | None:
    """Tri-state OR: yes if either said yes, no if one said no and none yes, else unknown."""
    if a or b:
        return True
    if a is False or b is False:
        return False
    return None


def _merge_attendances(keep: Person, other: Person) -> None:
    kept = {a.meeting_id: a for a in keep.attendances.select_for_update()}
    for theirs in other.attendances.select_for_update():
        ours = kept.get(theirs.meeting_id)
        if ours is None:
            theirs.person = keep
            theirs.save(update_fields=["person"])
            continue
        if theirs.present and not ours.present:
            # How they attended comes from the record that was there.
            ours.remote, ours.camera = theirs.remote, theirs.camera
        ours.present = ours.present or theirs.present
        ours.invited = _either(ours.invited, theirs.invited)
        theirs.delete()
        ours.save(update_fields=["present", "invited", "remote", "camera"])


def _merge_invitations(keep: Person, other: Person) -> None:
    kept = {i.situation_id: i for i in keep.situation_invitations.select_for_update()}
    for theirs in other.situation_invitations.select_for_update():
        ours = kept.get(theirs.situation_id)
        if ours is None:
            theirs.person = keep
            theirs.save(update_fields=["person"])
            continue
        if theirs.present and not ours.present:
            ours.present = True
            ours.save(update_fields=["present"])
        theirs.delete()


def _move_other_relations(keep: Person, other: Person) -> None:
    """Any other link to a person (pôle référent, animateur, expert, future models) follows."""
    handled = {Attendance, SituationInvitation}
    for rel in Person._meta.related_objects:
        if rel.related_model in handled:
            continue
        if rel.many_to_many:
            accessor = getattr(other, rel.get_accessor_name())
            objects = list(accessor.all())
            getattr(keep, rel.get_accessor_name()).add(*objects)
            accessor.clear()
        else:
            rel.related_model._base_manager.filter(**{rel.field.name: other}).update(**{rel.field.name: keep})


@transaction.atomic
def merge_people(keep: Person, other: Person) -> Person:
    """Merge `other` into `keep` (two records of the same person), then delete `other`.

    The kept record gets the other's values where its own are blank (the earliest first
    participation wins); attendances, situation invitations and every link to the other
    record move to the kept one. When both attended the same meeting (or were invited for the
    same situation) a single row remains: present if either was present. All or nothing.
    """
    _check(keep, other)
    keep = Person.objects.select_for_update().get(pk=keep.pk)
    other = Person.objects.select_for_update().get(pk=other.pk)

    for name, value in _filled_fields(keep, other).items():
        setattr(keep, name, value)
    if other.first_participation and (
        keep.first_participation is None or other.first_participation < keep.first_participation
    ):
        keep.first_participation = other.first_participation

    _merge_attendances(keep, other)
    _merge_invitations(keep, other)
    _move_other_relations(keep, other)

    other.delete()
    keep.save()
    return keep
