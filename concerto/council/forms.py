from __future__ import annotations

from django import forms

from concerto.directory.models import Person
from concerto.nomenclatures.models import Label, ListKey

from .models import SeatHolding


class SeatHoldingForm(forms.ModelForm):
    person = forms.ModelChoiceField(label="Titulaire", required=False, queryset=Person.objects.exclude(
        category__code="patients").order_by("last_name", "first_name"),
        help_text="Vide : siège vacant (recrutement en cours).")

    class Meta:
        model = SeatHolding
        fields = ["seat", "person", "start", "end"]
        widgets = {"start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seat"].queryset = Label.objects.filter(list=ListKey.SIEGE_CONSEIL).order_by("position")
