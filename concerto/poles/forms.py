from __future__ import annotations

from django import forms
from django.forms import inlineformset_factory

from concerto.directory.models import Structure

from .models import Pole, PoleEngagement

# Engagements are those of the territory's coordination bodies (B.3).
ENGAGED_STRUCTURE_CODES = ("cpts", "dac")


class PoleForm(forms.ModelForm):
    class Meta:
        model = Pole
        fields = [
            "name", "aliases", "departement", "lieu", "referent", "referent_note", "organiser",
            "created_on", "active", "rythme",
        ]
        widgets = {
            "aliases": forms.Textarea(attrs={"rows": 2}),
            "created_on": forms.DateInput(attrs={"placeholder": "JJ/MM/AAAA"}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referent"].queryset = self.fields["referent"].queryset.select_related("category")


class EngagementForm(forms.ModelForm):
    class Meta:
        model = PoleEngagement
        fields = ["structure", "level", "note", "since"]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 2}),
            "since": forms.DateInput(attrs={"placeholder": "JJ/MM/AAAA"}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = Structure.objects.filter(type__code__in=ENGAGED_STRUCTURE_CODES)


EngagementFormSet = inlineformset_factory(
    Pole, PoleEngagement, form=EngagementForm, extra=1, can_delete=True
)
