from __future__ import annotations

from django import forms

from .models import Label, ListKey, normalize_label


class LabelForm(forms.ModelForm):
    class Meta:
        model = Label
        fields = [
            "list", "label", "valid_from", "valid_until", "maps_to", "group", "aliases", "needs_precision",
            "months", "position",
        ]
        widgets = {
            "aliases": forms.Textarea(attrs={"rows": 3}),
            "valid_from": forms.NumberInput(attrs={"placeholder": "AAAA"}),
            "valid_until": forms.NumberInput(attrs={"placeholder": "AAAA"}),
        }
        help_texts = {
            "valid_from": "Première année où le libellé est proposé (vide : depuis toujours).",
            "valid_until": "Dernière année où il est proposé (vide : toujours en vigueur).",
            "months": "Pour les délais de nouvelle Intervision : nombre de mois.",
        }

    def __init__(self, *args, list_key: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Data already refers to this label: it stays in its list.
            self.fields["list"].disabled = True
            list_key = self.instance.list
        elif list_key in ListKey.values:
            self.initial.setdefault("list", list_key)
        list_key = self.data.get(self.add_prefix("list")) if self.is_bound and not self.instance.pk else list_key
        maps_to = Label.objects.all()
        if list_key:
            maps_to = maps_to.filter(list=list_key)
        if self.instance.pk:
            maps_to = maps_to.exclude(pk=self.instance.pk)
        self.fields["maps_to"].queryset = maps_to

    def clean(self) -> dict:
        data = super().clean()
        list_key, text = data.get("list"), data.get("label")
        if list_key and text:
            # Import matches labels and aliases loosely: two labels must not share a key.
            aliases = [a for a in (data.get("aliases") or "").splitlines() if a.strip()]
            keys = {normalize_label(text), *(normalize_label(a) for a in aliases)}
            for other in Label.objects.of(list_key).exclude(pk=self.instance.pk):
                clash = keys & other.match_keys()
                if clash:
                    self.add_error(
                        "label" if normalize_label(text) in clash else "aliases",
                        f"« {other.label} » de cette liste porte déjà ce libellé ou cet alias.",
                    )
                    break
        return data
