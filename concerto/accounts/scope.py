"""The one rule of who sees which pôle's data, applied by each scoped model's `for_user`."""

from __future__ import annotations

from django.db.models import QuerySet


def limit_to_user_poles(queryset: QuerySet, user, pole_path: str) -> QuerySet:
    """Association staff: everything; a coordinator: rows whose `pole_path` is one of their
    pôles; anyone else (readers, anonymous): nothing at patient or meeting level."""
    if not user.is_authenticated:
        return queryset.none()
    if user.is_association:
        return queryset
    if user.is_coordinator:
        # The pôle ids as values, not a subquery: the planner then knows how few rows they select
        # (a subquery on the user's pôles made it join whole tables before filtering).
        return queryset.filter(**{f"{pole_path}__in": user_pole_ids(user)})
    return queryset.none()


CACHE_ATTR = "_scope_pole_ids"


def user_pole_ids(user) -> list[int]:
    """The user's pôle ids, read once per user object (a request's user); forgotten when the
    user's pôles change through this object (accounts.signals)."""
    ids = getattr(user, CACHE_ATTR, None)
    if ids is None:
        ids = sorted(user.poles.values_list("pk", flat=True))
        setattr(user, CACHE_ATTR, ids)
    return ids
