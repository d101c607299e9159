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
        return queryset.filter(**{f"{pole_path}__in": user.poles.all()})
    return queryset.none()
