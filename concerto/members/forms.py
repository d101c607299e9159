"""Forms of the members area: a membership, the HelloAsso upload."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings

from concerto.nomenclatures.models import Label, ListKey

from .models import Membership
from .services import member_class_for

MAX_CSV_BYTES = 5 * 1024 * 1024


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["year", "person", "structure", "category", "amount", "paid_on", "channel"]
        widgets = {"paid_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"category": "La classe (plein exercice ou associé) suit la catégorie."}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        year = self.instance.year or dt.date.today().year
        keep = [self.instance.category_id] if self.instance.category_id else None
        self.fields["category"].queryset = Label.objects.for_form(ListKey.CATEGORIE_ADHERENT, year, keep)
        self.fields["person"].queryset = self.fields["person"].queryset.order_by("last_name", "first_name")

    def clean(self) -> dict:
        data = super().clean()
        if bool(data.get("person")) == bool(data.get("structure")):
            raise forms.ValidationError("Choisissez soit une personne, soit une structure (personne morale).")
        if data.get("category"):
            self.instance.member_class = member_class_for(data["category"])
        year, person, structure = data.get("year"), data.get("person"), data.get("structure")
        if year:
            same = Membership.objects.filter(year=year).exclude(pk=self.instance.pk)
            if person and same.filter(person=person).exists():
                self.add_error("person", f"{person} a déjà une adhésion en {year}.")
            if structure and same.filter(structure=structure).exists():
                self.add_error("structure", f"{structure} a déjà une adhésion en {year}.")
        return data


class HelloAssoUploadForm(forms.Form):
    file = forms.FileField(label="Export CSV de la campagne d'adhésion (HelloAsso)")
    year = forms.IntegerField(label="Année d'adhésion", min_value=1990, max_value=2200,
                              help_text="La campagne « adhesion-2026 » compte pour 2026, même payée en décembre 2025.")
    default_category = forms.ModelChoiceField(
        label="Catégorie quand le tarif ne la donne pas", queryset=Label.objects.none())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        year = dt.date.today().year
        self.fields["year"].initial = year
        self.fields["default_category"].queryset = Label.objects.for_form(ListKey.CATEGORIE_ADHERENT, year)

    def clean_file(self):
        f = self.cleaned_data["file"]
        limit = min(MAX_CSV_BYTES, getattr(settings, "FILE_UPLOAD_MAX_MEMORY_SIZE", MAX_CSV_BYTES) * 2)
        if f.size > limit:
            raise forms.ValidationError(f"Fichier trop volumineux ({f.size // 1024} Ko) : un export d'adhésions "
                                        f"fait quelques centaines de Ko au plus (limite {limit // 1024} Ko).")
        return f
