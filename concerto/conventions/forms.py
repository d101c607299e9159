from __future__ import annotations

from django import forms

from concerto.directory.models import Structure
from concerto.nomenclatures.models import Label, ListKey
from concerto.poles.models import Pole

from .models import Convention

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ConventionForm(forms.ModelForm):
    structure = forms.ModelChoiceField(label="Structure partenaire", queryset=Structure.objects.order_by("name"))
    poles = forms.ModelMultipleChoiceField(label="Pôles concernés", required=False,
                                           queryset=Pole.objects.order_by("name"),
                                           widget=forms.SelectMultiple(attrs={"size": 6}))

    class Meta:
        model = Convention
        fields = ["structure", "poles", "status", "signed_on", "updated_on", "terminated_on", "conditions",
                  "structure_address", "structure_signatory", "structure_signatory_role", "association_signatory",
                  "association_obligations", "structure_obligations"]
        widgets = {"signed_on": DATE, "updated_on": DATE, "terminated_on": DATE,
                   "conditions": forms.Textarea(attrs={"rows": 2}),
                   "association_obligations": forms.Textarea(attrs={"rows": 5}),
                   "structure_obligations": forms.Textarea(attrs={"rows": 7})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].queryset = Label.objects.filter(list=ListKey.STATUT_CONVENTION).order_by("position")

    def clean(self) -> dict:
        data = super().clean()
        signed, updated, ended = data.get("signed_on"), data.get("updated_on"), data.get("terminated_on")
        if updated and signed and updated < signed:
            self.add_error("updated_on", "La mise à jour ne peut pas précéder la signature.")
        if ended and signed and ended < signed:
            self.add_error("terminated_on", "La résiliation ne peut pas précéder la signature.")
        status = data.get("status")
        if status is not None and status.code == "resiliee" and not ended:
            self.add_error("terminated_on", "Indiquez la date de résiliation (préavis d'un mois).")
        return data

    def save(self, commit: bool = True) -> Convention:
        convention = super().save(commit=False)
        convention.save()
        convention.poles.set(self.cleaned_data.get("poles") or [])
        return convention
