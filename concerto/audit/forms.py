"""Filters of the audit page: user, kind, period."""

from __future__ import annotations

import django_filters
from django import forms

from concerto.accounts.models import User

from .models import AccessEvent, Kind


class AccessEventFilter(django_filters.FilterSet):
    user = django_filters.ModelChoiceFilter(
        queryset=User.objects.order_by("username"), label="Utilisateur", empty_label="Tous les utilisateurs"
    )
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label="Type", empty_label="Tous les types")
    du = django_filters.DateFilter(
        field_name="at", lookup_expr="date__gte", label="Du",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    au = django_filters.DateFilter(
        field_name="at", lookup_expr="date__lte", label="Au",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = AccessEvent
        fields = ["user", "kind", "du", "au"]
