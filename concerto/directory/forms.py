from __future__ import annotations

from django import forms
from django.utils import timezone

from concerto.nomenclatures.models import Label, ListKey

from .models import REPORT_FIELDS, Person, Structure


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "last_name", "first_name", "category", "profession", "coordination_function", "structure",
            "email", "phone", "first_participation", "territory_cpts", "territory_cls", "member_profession",
        ]
        widgets = {"first_participation": forms.DateInput(attrs={"placeholder": "JJ/MM/AAAA"})}

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        keep = [self.instance.category_id] if self.instance.category_id else None
        self.fields["category"].queryset = Label.objects.for_form(ListKey.CATEGORIE, timezone.localdate().year, keep)
        if self.instance.pk and user is not None and not user.is_association:
            for name in REPORT_FIELDS:
                # Disabled: shown, and any posted value ignored (the stored one is kept).
                self.fields[name].disabled = True
                self.fields[name].help_text = ("Modifiable par l'équipe de l'association seulement : ce champ "
                                               "compte dans les rapports de tous les pôles.")
        keep = [self.instance.member_profession_id] if self.instance.member_profession_id else None
        self.fields["member_profession"].queryset = Label.objects.for_form(
            ListKey.PROFESSION_ADHERENT, timezone.localdate().year, keep)

    def clean(self) -> dict:
        data = super().clean()
        if not (data.get("last_name") or data.get("first_name")):
            self.add_error("last_name", "Indiquez au moins un nom ou un prénom.")
        return data


class StructureForm(forms.ModelForm):
    class Meta:
        model = Structure
        fields = ["name", "type", "commune", "parent", "territory_cpts", "territory_cls"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        keep = [self.instance.type_id] if self.instance.type_id else None
        self.fields["type"].queryset = Label.objects.for_form(ListKey.TYPE_STRUCTURE, timezone.localdate().year, keep)
        if self.instance.pk:
            self.fields["parent"].queryset = Structure.objects.exclude(pk=self.instance.pk)


class MergeForm(forms.Form):
    """Two records of the same person, by identifier (shown in the directory)."""

    keep = forms.CharField(label="Fiche à conserver (identifiant)")
    other = forms.CharField(label="Fiche à fusionner puis supprimer (identifiant)")

    def _person(self, field: str) -> Person:
        ref = self.cleaned_data[field].strip()
        person = Person.objects.filter(ref__iexact=ref).select_related("category", "structure").first()
        if person is None:
            raise forms.ValidationError(f"Aucune fiche avec l'identifiant « {ref} ».")
        return person

    def clean_keep(self) -> Person:
        return self._person("keep")

    def clean_other(self) -> Person:
        return self._person("other")

    def clean(self) -> dict:
        data = super().clean()
        if data.get("keep") and data.get("other") and data["keep"].pk == data["other"].pk:
            self.add_error("other", "Choisissez deux fiches différentes.")
        return data
