from __future__ import annotations

from django import forms

from concerto.directory.models import Structure
from concerto.nomenclatures.models import Label, ListKey

from .models import EngagementStep, PartnerAction

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PartnerActionForm(forms.ModelForm):
    structure = forms.ModelChoiceField(label="Structure partenaire", required=False,
                                       queryset=Structure.objects.order_by("name"))

    class Meta:
        model = PartnerAction
        fields = ["date", "kind", "structure", "other_structures", "topic", "modality", "pole", "notes"]
        widgets = {"date": DATE, "other_structures": forms.Textarea(attrs={"rows": 2}),
                   "notes": forms.Textarea(attrs={"rows": 2})}


class EngagementStepForm(forms.ModelForm):
    structure = forms.ModelChoiceField(label="CPTS / DAC", queryset=Structure.objects.order_by("name"))

    class Meta:
        model = EngagementStep
        fields = ["pole", "structure", "level", "since", "note"]
        widgets = {"since": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = Label.objects.filter(list=ListKey.ENGAGEMENT).order_by("position")
