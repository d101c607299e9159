"""The staff's resource form."""

from __future__ import annotations

import datetime as dt

from django import forms

from concerto.nomenclatures.models import Label, ListKey

from .models import Resource


class ResourceForm(forms.ModelForm):
    url = forms.URLField(label="Adresse (URL)", max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = Resource
        fields = ["title", "type", "theme", "sub_theme", "date", "author", "created_by_association", "formats",
                  "url", "published"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "created_by_association": forms.NullBooleanSelect()}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        year = self.instance.date.year if self.instance.date else dt.date.today().year
        for name, key in (("type", ListKey.TYPE_RESSOURCE), ("theme", ListKey.THEMATIQUE_RESSOURCE)):
            current = getattr(self.instance, f"{name}_id")
            self.fields[name].queryset = Label.objects.for_form(key, year, [current] if current else None)
        self.fields["created_by_association"].widget.choices = [("unknown", "Non renseigné"), ("true", "Oui"),
                                                                ("false", "Non")]
