from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone

from concerto.directory.models import Person, Territory
from concerto.nomenclatures.models import Label, ListKey

from .models import AdviceRequest
from .services import identity_warnings

LISTS = {
    "mode": ListKey.MODE_SOLLICITATION,
    "requester": ListKey.DEMANDEUR_AVIS,
    "natures": ListKey.NATURE_SOLLICITATION,
    "responses": ListKey.OUTIL_REPONSE,
    "referent": ListKey.REFERENT_POLE,
    "orientations": ListKey.ORIENTATION,
}


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes that carry their label's report group (data-group), so that the page can
    offer the DAC's response types only for the « Appui au DAC » mission."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None and instance.group:
            option["attrs"]["data-group"] = instance.group
        return option


class AdviceRequestForm(forms.ModelForm):
    """The request log's form: short enough to fill during the call, on a phone or a laptop."""

    confirm_no_identity = forms.BooleanField(
        label="Je confirme que ces notes ne contiennent l'identité d'aucun patient", required=False,
    )

    class Meta:
        model = AdviceRequest
        fields = ["date", "mode", "mission", "person", "requester", "territory_cpts", "territory_cls", "natures",
                  "responses", "referent", "orientations", "dac_coordinator", "follow_up_on", "notes"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "follow_up_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "mode": forms.RadioSelect, "mission": forms.RadioSelect, "requester": forms.RadioSelect,
            "referent": forms.RadioSelect, "person": forms.HiddenInput,
            "natures": forms.CheckboxSelectMultiple, "responses": GroupedCheckboxes,
            "orientations": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        year = instance.date.year if instance.pk and instance.date else timezone.localdate().year
        for name, list_key in LISTS.items():
            field = self.fields[name]
            if instance.pk:
                kept = (list(getattr(instance, name).values_list("pk", flat=True))
                        if isinstance(field, forms.ModelMultipleChoiceField) else [getattr(instance, f"{name}_id")])
            else:
                kept = None
            field.queryset = Label.objects.for_form(list_key, year, [k for k in kept or [] if k])
            if hasattr(field, "empty_label"):
                field.empty_label = None
        self.fields["mode"].required = False
        self.fields["territory_cpts"].queryset = Territory.objects.cpts()
        self.fields["territory_cls"].queryset = Territory.objects.cls()
        for name in ("territory_cpts", "territory_cls", "dac_coordinator"):
            self.fields[name].empty_label = "— non renseigné —"
        self.fields["person"].queryset = Person.objects.all()
        self.fields["dac_coordinator"].queryset = Person.objects.filter(
            Q(structure__type__code="dac") | ~Q(coordination_function="") | Q(pk=instance.dac_coordinator_id)
        ).select_related("structure")
        self.fields["dac_coordinator"].help_text = "Pour l'appui au DAC : le coordonnateur ou la coordonnatrice."
        self.fields["natures"].help_text = "Une ou plusieurs."
        self.fields["responses"].help_text = "L'outil de réponse utilisé (en général un seul)."

    def clean(self) -> dict:
        data = super().clean()
        if data.get("mission") == AdviceRequest.Mission.DAC and not data.get("dac_coordinator"):
            self.add_error("dac_coordinator", "Pour l'appui au DAC, indiquez le ou la coordonnateur·rice de parcours.")
        warnings = identity_warnings(data.get("notes", ""))
        if warnings and not data.get("confirm_no_identity"):
            for message in warnings:
                self.add_error("notes", message)
            self.add_error("confirm_no_identity", "Corrigez les notes, ou cochez cette case si ce n'est pas un nom.")
        return data


class AdviceFilterForm(forms.Form):
    """The list's filters (GET): period, requester, territory, referent, mission, search."""

    du = forms.DateField(label="Du", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    au = forms.DateField(label="Au", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    demandeur = forms.ModelChoiceField(Label.objects.none(), label="Demandeur", required=False,
                                       empty_label="Tous")
    territoire = forms.ModelChoiceField(Territory.objects.all(), label="Territoire", required=False,
                                        empty_label="Tous")
    referent = forms.ModelChoiceField(Label.objects.none(), label="Référent", required=False, empty_label="Tous")
    mission = forms.ChoiceField(label="Mission", required=False,
                                choices=[("", "Toutes"), *AdviceRequest.Mission.choices])
    q = forms.CharField(label="Recherche", required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["demandeur"].queryset = Label.objects.of(ListKey.DEMANDEUR_AVIS)
        self.fields["referent"].queryset = Label.objects.of(ListKey.REFERENT_POLE)

    def filter(self, qs):
        if not self.is_valid():
            return qs
        d = self.cleaned_data
        if d["du"]:
            qs = qs.filter(date__gte=d["du"])
        if d["au"]:
            qs = qs.filter(date__lte=d["au"])
        if d["demandeur"]:
            qs = qs.filter(requester=d["demandeur"])
        if d["territoire"]:
            qs = qs.filter(Q(territory_cpts=d["territoire"]) | Q(territory_cls=d["territoire"]))
        if d["referent"]:
            qs = qs.filter(referent=d["referent"])
        if d["mission"]:
            qs = qs.filter(mission=d["mission"])
        if d["q"].strip():
            qs = qs.search(d["q"].strip())
        return qs
