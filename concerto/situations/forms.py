"""Forms of the Fiche de suivi Patient, the patient's consent and inviting people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction

from concerto.directory.models import Person, Structure
from concerto.nomenclatures.models import Label, ListKey, normalize_label

from .codes import clean_patient_code
from .models import Patient, Situation

YES_NO_CHOICES = [("True", "Oui"), ("False", "Non"), ("", "(vide)")]
EMPTY_CHOICE = "(vide)"

# The paper form's numbered sections (annex II); 3-4 (structure, date) come from the meeting,
# 5 (people invited) from the invitations, 16 is fixed text.
FICHE_SECTIONS: list[tuple[str, str, list[str]]] = [
    ("1", "Patient (prénom + initiale, ou code)", ["patient_code"]),
    ("2", "Accord préalable du patient", ["accord"]),
    ("6", "Demandeur(s) de l'Intervision", ["demandeurs"]),
    ("7", "Problématique(s) addictive(s) du patient", ["problematiques"]),
    ("8", "Motif(s) de la demande d'Intervision", ["motifs", "probleme"]),
    ("9", "Le patient a-t-il un médecin généraliste traitant ?",
     ["medecin_traitant", "medecin_traitant_absence", "medecin_traitant_invite", "medecin_traitant_present"]),
    ("10", "Le patient a-t-il un pharmacien attitré ?",
     ["pharmacien_attitre", "pharmacien_invite", "pharmacien_present"]),
    ("11", "Difficultés associées", ["difficultes"]),
    ("12", "Motivation du patient dans le soin", ["motivation"]),
    ("13", "Problématiques mises en évidence lors de l'Intervision", ["problematiques_evoquees"]),
    ("14", "Quelles sont les pistes proposées ?", ["pistes"]),
    ("15", "Détail de la réponse", ["detail_reponse"]),
    ("17", "L'objectif de l'Intervision a-t-il été atteint ?", ["objectif_atteint"]),
    ("18", "Personne chargée de la restitution au patient", ["restitution_par"]),
    ("19", "Faut-il prévoir une autre Intervision pour faire le point ?",
     ["nouvelle_intervision", "delai_nouvelle_intervision"]),
]
OBJECTIVE_TEXT = (
    "Objectif de l'ITV : mieux comprendre la situation du patient, réfléchir avec l'ensemble des "
    "professionnels impliqués dans le suivi Patient à une meilleure cohérence et complémentarité des "
    "interventions, identifier des pistes d'actions afin d'améliorer son parcours de soins et sa prise "
    "en charge globale."
)

# "Préciser" texts of each list. Keyed by label code or normalised label text when a text
# belongs to one option (shown right after it); None = the list's general précision.
PRECISIONS: dict[str, dict[str | None, list[str]]] = {
    "demandeurs": {None: ["demandeurs_precision"]},
    "problematiques": {None: ["problematiques_precision"]},
    "motifs": {
        "professionnels en difficulte": ["difficulty_professionals", "difficulty_causes"],
        None: ["motifs_precision"],
    },
    "medecin_traitant_absence": {None: ["medecin_traitant_absence_precision"]},
    "difficultes": {
        "somatiques": ["difficultes_somatiques"],
        "psychiatriques": ["difficultes_psychiatriques"],
        "autres": ["difficultes_autres"],
    },
    "pistes": {None: ["pistes_precision"]},
    "restitution_par": {None: ["restitution_precision"]},
}
PRECISION_FIELDS = [name for by_label in PRECISIONS.values() for names in by_label.values() for name in names]
# Every fiche field of the model, in paper order then the précisions.
FICHE_FIELDS = [n for _, _, names in FICHE_SECTIONS for n in names if n != "patient_code"] + PRECISION_FIELDS


def label_list_key(model_field: models.Field) -> str | None:
    """The nomenclature list of a Label FK / M2M field, None for other fields."""
    related = getattr(model_field, "related_model", None)
    if related is not Label:
        return None
    return model_field.remote_field.limit_choices_to["list"]


@dataclass
class ChoiceOption:
    widget: object  # BoundWidget
    label: Label | None
    precisions: list = field(default_factory=list)  # BoundFields shown right after the option


@dataclass
class FicheItem:
    field: forms.BoundField
    options: list[ChoiceOption] | None = None  # for label lists
    precisions: list = field(default_factory=list)  # general "préciser" of the list


class FicheForm(forms.ModelForm):
    """The whole Fiche de suivi Patient; options are the labels valid in the meeting's year."""

    patient_code = forms.CharField(
        label="Code patient", max_length=40,
        help_text="Prénom et initiale du nom (ex. « Jade D. ») ou un code — jamais le nom complet.",
    )

    class Meta:
        model = Situation
        fields = FICHE_FIELDS

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        situation = self.instance
        self._rename_patient_to: str | None = None
        self.year = situation.meeting.date.year
        self.fields["patient_code"].initial = situation.patient.code
        for name, form_field in list(self.fields.items()):
            if name == "patient_code":
                continue
            model_field = Situation._meta.get_field(name)
            list_key = label_list_key(model_field)
            if list_key and model_field.many_to_many:
                keep = list(getattr(situation, name).values_list("pk", flat=True)) if situation.pk else []
                form_field.widget = forms.CheckboxSelectMultiple()
                form_field.queryset = Label.objects.for_form(list_key, self.year, keep=keep)
            elif list_key:
                current = getattr(situation, f"{name}_id")
                form_field.widget = forms.RadioSelect()
                form_field.empty_label = EMPTY_CHOICE
                form_field.queryset = Label.objects.for_form(list_key, self.year, keep=[current] if current else None)
            elif isinstance(model_field, models.BooleanField):
                self.fields[name] = forms.NullBooleanField(
                    label=form_field.label, required=False,
                    widget=forms.RadioSelect(choices=YES_NO_CHOICES),
                )
            elif isinstance(model_field, models.TextField):
                form_field.widget.attrs["rows"] = 3

    def clean_patient_code(self) -> str:
        try:
            return clean_patient_code(self.cleaned_data["patient_code"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error

    def clean(self) -> dict:
        cleaned = super().clean()
        code = cleaned.get("patient_code")
        self._rename_patient_to = None
        situation = self.instance
        if code and code != situation.patient.code:
            other = Patient.objects.filter(pole_id=situation.patient.pole_id, code=code).first()
            if other is not None:
                situation.patient = other  # the same patient, already known in the pôle
            else:
                self._rename_patient_to = code
        return cleaned

    def _update_errors(self, errors: ValidationError) -> None:
        # Situation.clean reports on model fields this form shows differently.
        if hasattr(errors, "error_dict"):
            remap = {"patient": "patient_code", "meeting": NON_FIELD_ERRORS}
            errors = ValidationError({remap.get(k, k): v for k, v in errors.error_dict.items()})
        super()._update_errors(errors)

    @transaction.atomic
    def save(self, commit: bool = True) -> Situation:
        """Save the fiche and its lists, recorded as one history entry."""
        situation = self.instance
        if self._rename_patient_to:
            patient = situation.patient
            if patient.situations.exclude(pk=situation.pk).exists():
                # Other fiches keep their patient: this one moves to a new code.
                situation.patient = Patient.objects.create(pole_id=patient.pole_id, code=self._rename_patient_to)
            else:
                patient.code = self._rename_patient_to
                patient.save()
        situation.skip_history_when_saving = True
        try:
            super().save(commit=False)
            situation.save()
            self.save_m2m()
        finally:
            del situation.skip_history_when_saving
        situation.save()  # one history record holding the fields and the lists
        return situation

    def sections(self) -> list[dict]:
        """The form laid out like the paper fiche, with each précision next to its option."""
        result = []
        for number, title, names in FICHE_SECTIONS:
            result.append({"number": number, "title": title, "items": [self._item(n) for n in names]})
        return result

    def _item(self, name: str) -> FicheItem:
        bound = self[name]
        by_label = PRECISIONS.get(name, {})
        if not isinstance(self.fields[name], forms.ModelChoiceField):
            return FicheItem(field=bound)
        options, shown = [], set()
        for widget in bound:
            value = widget.data["value"]
            label = getattr(value, "instance", None)
            precisions = []
            if label is not None:
                names = by_label.get(label.code) or by_label.get(normalize_label(label.label)) or []
                precisions = [self[p] for p in names if p not in shown]
                shown.update(names)
            options.append(ChoiceOption(widget=widget, label=label, precisions=precisions))
        options.sort(key=lambda o: o.label is None)  # the "(vide)" choice last, as for yes/no
        rest = [self[p] for names in by_label.values() for p in names if p not in shown]
        return FicheItem(field=bound, options=options, precisions=rest)


class AddSituationForm(forms.Form):
    code = forms.CharField(
        label="Code patient", max_length=60,
        help_text="Prénom et initiale du nom (ex. « Jade D. ») ou un code (ex. « P-0412 »).",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "words"}),
    )


class PatientConsentForm(forms.ModelForm):
    class Meta:
        model = Patient
        fields = ["consent_partial", "consent_exclusions", "consent_informed_of_withdrawal", "consent_withdrawn_on"]
        widgets = {
            "consent_exclusions": forms.Textarea(attrs={"rows": 3}),
            "consent_withdrawn_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean_consent_withdrawn_on(self) -> dt.date | None:
        value = self.cleaned_data.get("consent_withdrawn_on")
        if value and value > dt.date.today():
            raise forms.ValidationError("La date de retrait ne peut pas être dans le futur.")
        return value

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("consent_exclusions", "").strip() and not cleaned.get("consent_partial"):
            self.add_error("consent_partial", "Cochez « accord partiel » si des informations ou des participants "
                           "sont exclus.")
        return cleaned


class InvitePersonForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.all(), error_messages={
        "invalid_choice": "Personne inconnue : choisissez-la dans l'annuaire.",
        "required": "Choisissez une personne.",
    })


class NewPersonForm(forms.ModelForm):
    """A person created on the fly while inviting (the directory can complete it later)."""

    class Meta:
        model = Person
        fields = ["last_name", "first_name", "category", "profession", "structure"]

    def __init__(self, *args, year: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["last_name"].required = True
        self.fields["category"].queryset = Label.objects.for_form(ListKey.CATEGORIE, year)
        self.fields["category"].empty_label = "— catégorie —"
        self.fields["structure"].queryset = Structure.objects.all()
        self.fields["structure"].required = False
