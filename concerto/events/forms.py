from __future__ import annotations

from django import forms

from concerto.directory.models import Structure
from concerto.nomenclatures.models import Label, ListKey

from .models import Event, ExpectedDocument, MediaView


def _categories(year: int | None = None):
    labels = Label.objects.filter(list=ListKey.CATEGORIE).exclude(code="patients")
    if year:
        labels = labels.valid_in(year)
    return labels.order_by("position", "pk")


class PublicRegistrationForm(forms.Form):
    """The public page: what the seed's booking module lacked (structure, fonction, category)."""

    last_name = forms.CharField(label="Nom", max_length=120)
    first_name = forms.CharField(label="Prénom", max_length=120)
    email = forms.EmailField(label="Adresse e-mail", max_length=254,
                             error_messages={"invalid": "Adresse e-mail invalide (ex. prenom.nom@exemple.fr)."})
    structure_name = forms.CharField(label="Structure", max_length=250, required=False,
                                     help_text="Cabinet, officine, CSAPA, CPTS…")
    fonction = forms.CharField(label="Fonction", max_length=200, help_text="Ex. infirmière libérale, coordinatrice.")
    category = forms.ModelChoiceField(label="Catégorie", queryset=Label.objects.none(), empty_label="— choisir —",
                                      error_messages={"required": "Choisissez votre catégorie professionnelle."})
    consent_contact = forms.BooleanField(
        label="J'accepte d'être recontacté·e par l'association (prochaines rencontres, questionnaire d'évaluation).",
        required=False)
    # Honeypot: hidden from people by CSS, filled by robots.
    website = forms.CharField(label="Site web (laisser vide)", required=False)

    def __init__(self, *args, year: int | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = _categories(year)
        for name in ("last_name", "first_name"):
            self.fields[name].error_messages["required"] = f"Le champ « {self.fields[name].label} » est obligatoire."
        self.fields["email"].error_messages["required"] = "L'adresse e-mail est obligatoire (pour la confirmation)."
        self.fields["fonction"].error_messages["required"] = "Indiquez votre fonction."
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "inputmode": "email"})
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class StaffRegistrationForm(PublicRegistrationForm):
    email = forms.EmailField(label="Adresse e-mail", required=False)
    fonction = forms.CharField(label="Fonction", max_length=200, required=False)
    extra_people = forms.IntegerField(label="Autres personnes derrière le même écran", min_value=0, max_value=50,
                                      initial=0, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["website"]
        self.fields["consent_contact"].label = "Accepte d'être recontacté·e"


class EventSettingsForm(forms.ModelForm):
    co_organiser = forms.ModelChoiceField(label="Structure co-organisatrice", required=False,
                                          queryset=Structure.objects.order_by("name"))
    recording_url = forms.URLField(label="Enregistrement (replay)", required=False, assume_scheme="https")
    support_url = forms.URLField(label="Support (diaporama)", required=False, assume_scheme="https")

    class Meta:
        model = Event
        fields = ["co_organiser", "capacity", "registration_open", "recording_url", "support_url", "questionnaire"]


class ImportForm(forms.Form):
    file = forms.FileField(label="Liste de présence exportée (CSV de Zoom, Teams ou Webex)")


class DocumentForm(forms.ModelForm):
    class Meta:
        model = ExpectedDocument
        fields = ["kind", "expected", "received", "received_on"]
        widgets = {"received_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class MediaViewForm(forms.ModelForm):
    class Meta:
        model = MediaView
        fields = ["platform", "views", "observed_on"]
        widgets = {"observed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
