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

YES_NO_CHOICES = [("True", "Oui"), ("False", "Non")]  # not answering = not filled

# The paper form's numbered sections (annex II), all of them in order: 3-4 (structure, date)
# come from the meeting, 5 (people invited) from the invitations, 16 is fixed text.
FICHE_SECTIONS: list[tuple[str, str, list[str]]] = [
    ("1", "Patient (prénom + initiale, ou code)", ["patient_code"]),
    ("2", "Accord préalable du patient", ["accord"]),
    ("3", "Structure organisatrice", []),
    ("4", "Date", []),
    ("5", "Personnes invitées pour ce patient", []),
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
    ("16", "Objectif de l'Intervision", []),
    ("17", "L'objectif de l'Intervision a-t-il été atteint ?", ["objectif_atteint"]),
    ("18", "Personne chargée de la restitution au patient", ["restitution_par"]),
    ("19", "Faut-il prévoir une autre Intervision pour faire le point ?",
     ["nouvelle_intervision", "delai_nouvelle_intervision"]),
]
# The guide's moments of a situation (before, the request, the patient, the discussion, after),
# grouping the numbered sections on the page.
FICHE_GROUPS: list[tuple[str, list[str]]] = [
    ("Le patient et l'Intervision", ["1", "2", "3", "4", "5"]),
    ("La demande", ["6", "7", "8"]),
    ("Le patient dans son parcours", ["9", "10", "11", "12"]),
    ("L'Intervision", ["13", "14", "15", "16"]),
    ("Les suites", ["17", "18", "19"]),
]
OBJECTIVE_TEXT = (
    "Objectif de l'ITV : mieux comprendre la situation du patient, réfléchir avec l'ensemble des "
    "professionnels impliqués dans le suivi Patient à une meilleure cohérence et complémentarité des "
    "interventions, identifier des pistes d'actions afin d'améliorer son parcours de soins et sa prise "
    "en charge globale."
)

# "Préciser" texts of each list. Keyed by label code or normalised label text when a text
# belongs to one option (shown right after it); None = the list's general précision, shown
# when an option calling for a précision (Label.needs_precision) without its own text is chosen.
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
# Follow-up questions that apply only after some answers: field -> (question, label codes or
# yes/no values that make it apply). With the précisions above, the one rule of what applies.
FOLLOW_UPS: dict[str, tuple[str, set]] = {
    "medecin_traitant_absence": ("medecin_traitant", {"non"}),
    "medecin_traitant_invite": ("medecin_traitant", {"oui"}),
    "medecin_traitant_present": ("medecin_traitant_invite", {True}),
    "pharmacien_invite": ("pharmacien_attitre", {"oui"}),
    "pharmacien_present": ("pharmacien_invite", {True}),
    "delai_nouvelle_intervision": ("nouvelle_intervision", {True}),
}
# Every fiche field of the model, in paper order then the précisions.
FICHE_FIELDS = [n for _, _, names in FICHE_SECTIONS for n in names if n != "patient_code"] + PRECISION_FIELDS
REQUIRED_MARK = "requis pour le rapport"


def label_list_key(model_field: models.Field) -> str | None:
    """The nomenclature list of a Label FK / M2M field, None for other fields."""
    related = getattr(model_field, "related_model", None)
    if related is not Label:
        return None
    return model_field.remote_field.limit_choices_to["list"]


@dataclass
class Option:
    """One radio or checkbox, rendered by the template itself (no widget templates: cheaper)."""

    id: str
    value: str
    text: str
    checked: bool
    needs_precision: bool = False
    precisions: list = field(default_factory=list)  # FicheItems shown right after the option


@dataclass
class FicheItem:
    field: forms.BoundField
    kind: str  # "radio", "checkbox", "text", "textarea"
    options: list[Option] = field(default_factory=list)
    precisions: list = field(default_factory=list)  # general "préciser" of the list
    required: bool = False  # required for the report (REQUIRED_FICHE_FIELDS)
    shown_when: tuple[str, str] | None = None  # (question name, space-separated values)
    visible: bool = True

    @property
    def name(self) -> str:
        return self.field.name


@dataclass(frozen=True)
class Dependency:
    """`field` applies only when `question` (itself applying) has one of `values` (form values)."""

    field: str
    question: str
    values: frozenset[str]


def _as_values(raw) -> set[str]:
    if raw is None or raw == "":
        return set()
    if isinstance(raw, list | tuple):
        return {str(v) for v in raw if v not in (None, "")}
    return {str(raw)}


def not_applying(dependencies: list[Dependency], values: dict[str, set[str]]) -> set[str]:
    """Fields that do not apply given the answers (`values`: form values per field).

    Dependencies are listed parents first, so a follow-up of a hidden question is hidden too.
    """
    hidden: set[str] = set()
    for dep in dependencies:
        if dep.question in hidden or not (values.get(dep.question, set()) & dep.values):
            hidden.add(dep.field)
    return hidden


class StaleFiche(Exception):
    """The fiche changed since the form was opened (someone else saved it): nothing was saved."""

    def __init__(self, stored: Situation | None) -> None:
        super().__init__("fiche modifiée entre-temps")
        self.stored = stored  # None: deleted meanwhile


class FicheForm(forms.ModelForm):
    """The whole Fiche de suivi Patient; options are the labels valid in the meeting's year.

    A question that does not apply (a follow-up of another answer, a précision of an option
    not chosen) is hidden in the page and cleared when saved. With `complete=True` (« Terminer
    la fiche ») the report's required fields must be filled.

    The form carries the fiche's version: saving a form opened on an older version raises
    StaleFiche (the view shows both versions) instead of overwriting someone else's answers.
    """

    # Always sent by the page; a post without it (scripts, tests) is saved without the check.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    patient_code = forms.CharField(
        label="Code patient", max_length=40,
        help_text="Prénom et initiale du nom (ex. « Jade D. ») ou un code — jamais le nom complet.",
    )

    class Meta:
        model = Situation
        fields = FICHE_FIELDS

    def __init__(self, *args, complete: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        situation = self.instance
        self.complete = complete
        self._rename_patient_to: str | None = None
        self.year = situation.meeting.date.year
        self.fields["patient_code"].initial = situation.patient.code
        self.fields["version"].initial = situation.version
        # One query for every list's labels (the form's querysets only run to validate a POST).
        list_keys = {name: label_list_key(Situation._meta.get_field(name)) for name in FICHE_FIELDS}
        labels_by_list: dict[str, list[Label]] = {}
        for lab in Label.objects.filter(list__in={k for k in list_keys.values() if k}):
            labels_by_list.setdefault(lab.list, []).append(lab)
        self._labels: dict[str, list[Label]] = {}
        for name, form_field in list(self.fields.items()):
            if name in ("patient_code", "version"):
                continue
            model_field = Situation._meta.get_field(name)
            list_key = list_keys[name]
            if list_key:
                if model_field.many_to_many:
                    keep = {lab.pk for lab in getattr(situation, name).all()} if situation.pk else set()
                else:
                    current = getattr(situation, f"{name}_id")
                    keep = {current} if current else set()
                    form_field.empty_label = None
                form_field.queryset = Label.objects.for_form(list_key, self.year, keep=list(keep))
                self._labels[name] = [
                    lab for lab in labels_by_list.get(list_key, []) if lab.is_valid_in(self.year) or lab.pk in keep
                ]
            elif isinstance(model_field, models.BooleanField):
                self.fields[name] = forms.NullBooleanField(
                    label=form_field.label, required=False, widget=forms.RadioSelect(choices=YES_NO_CHOICES),
                )
            elif isinstance(model_field, models.TextField):
                form_field.widget.attrs["rows"] = 3
        self.dependencies = self._dependencies()

    def _dependencies(self) -> list[Dependency]:
        """What applies when, in form values: FOLLOW_UPS then the précisions of each list."""
        deps = []
        for name, (question, answers) in FOLLOW_UPS.items():
            if question in self._labels:
                values = {str(lab.pk) for lab in self._labels[question] if lab.code in answers}
            else:
                values = {str(a) for a in answers}
            deps.append(Dependency(name, question, frozenset(values)))
        for question, by_label in PRECISIONS.items():
            own: set[int] = set()
            for key, names in by_label.items():
                if key is None:
                    continue
                pks = {lab.pk for lab in self._labels[question] if key in (lab.code, normalize_label(lab.label))}
                own |= pks
                deps += [Dependency(n, question, frozenset(str(pk) for pk in pks)) for n in names]
            general = {str(lab.pk) for lab in self._labels[question] if lab.needs_precision and lab.pk not in own}
            deps += [Dependency(n, question, frozenset(general)) for n in by_label.get(None, [])]
        # Parents first: a question's own follow-ups come after it.
        order = {name: i for i, name in enumerate(FICHE_FIELDS)}
        return sorted(deps, key=lambda d: order[d.question])

    def _current_values(self) -> dict[str, set[str]]:
        return {name: _as_values(self[name].value()) for name in FICHE_FIELDS}

    def clean_patient_code(self) -> str:
        try:
            return clean_patient_code(self.cleaned_data["patient_code"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error

    def clean(self) -> dict:
        cleaned = super().clean()
        # A hidden answer is cleared, not kept (the page hides it; this holds without the page).
        values = {name: _as_values(self.data.getlist(name) if hasattr(self.data, "getlist") else self.data.get(name))
                  for name in FICHE_FIELDS}
        for name in not_applying(self.dependencies, values):
            cleaned[name] = self._empty_value(name)
            self._errors.pop(name, None)  # nothing to correct in a question that does not apply
        if self.complete:
            from .services import missing_required

            for name, what in missing_required(cleaned).items():
                self.add_error(name if name in self.fields else None,
                               f"Requis pour terminer la fiche ({what}).")
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

    def _empty_value(self, name: str):
        form_field = self.fields[name]
        if isinstance(form_field, forms.ModelMultipleChoiceField):
            return Label.objects.none()
        if isinstance(form_field, forms.ModelChoiceField | forms.NullBooleanField):
            return None
        return ""

    def _update_errors(self, errors: ValidationError) -> None:
        # Situation.clean reports on model fields this form shows differently.
        if hasattr(errors, "error_dict"):
            remap = {"patient": "patient_code", "meeting": NON_FIELD_ERRORS}
            errors = ValidationError({remap.get(k, k): v for k, v in errors.error_dict.items()})
        super()._update_errors(errors)

    @transaction.atomic
    def save(self, commit: bool = True) -> Situation:
        """Save the fiche and its lists, recorded as one history entry; StaleFiche if it changed meanwhile."""
        situation = self.instance
        # One conditional UPDATE takes the row's write lock (PostgreSQL) or the database's (SQLite):
        # of two saves of the same version, the second finds it already moved on.
        posted = self.cleaned_data.get("version")
        rows = Situation.objects.filter(pk=situation.pk)
        if posted is None:
            posted = rows.values_list("version", flat=True).first() or situation.version
        if not rows.filter(version=posted).update(version=posted + 1):
            raise StaleFiche(rows.select_related("patient").first())
        situation.version = posted + 1
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

    def sections(self) -> dict[str, dict]:
        """The numbered sections of the paper fiche, each précision next to its option."""
        from .services import REQUIRED_FICHE_FIELDS

        values = self._current_values()
        hidden = not_applying(self.dependencies, values)
        shown_when = {d.field: (d.question, " ".join(sorted(d.values))) for d in self.dependencies}
        items: dict[str, FicheItem] = {}
        for name in ["patient_code", *FICHE_FIELDS]:
            items[name] = self._item(name, values.get(name, set()), name in REQUIRED_FICHE_FIELDS,
                                     shown_when.get(name), name not in hidden)
        for name, by_label in PRECISIONS.items():
            item, placed = items[name], set()
            for option in item.options:
                lab = option.label
                names = by_label.get(lab.code) or by_label.get(normalize_label(lab.label)) or []
                option.precisions = [items[p] for p in names if p not in placed]
                placed.update(names)
            item.precisions = [items[p] for names in by_label.values() for p in names if p not in placed]
        return {
            number: {"number": number, "title": title, "items": [items[n] for n in names], "solo": len(names) == 1}
            for number, title, names in FICHE_SECTIONS
        }

    def groups(self) -> list[dict]:
        sections = self.sections()
        return [{"title": title, "sections": [sections[n] for n in numbers]} for title, numbers in FICHE_GROUPS]

    def _item(self, name: str, values: set[str], required: bool, shown_when, visible: bool) -> FicheItem:
        bound = self[name]
        form_field = self.fields[name]
        item = FicheItem(field=bound, kind="text", required=required, shown_when=shown_when, visible=visible)
        if name in self._labels:
            multiple = isinstance(form_field, forms.ModelMultipleChoiceField)
            item.kind = "checkbox" if multiple else "radio"
            item.options = []
            for i, lab in enumerate(self._labels[name]):
                option = Option(id=f"id_{name}_{i}", value=str(lab.pk), text=lab.label,
                                checked=str(lab.pk) in values, needs_precision=lab.needs_precision)
                option.label = lab
                item.options.append(option)
        elif isinstance(form_field, forms.NullBooleanField):
            item.kind = "radio"
            item.options = [Option(id=f"id_{name}_{i}", value=v, text=t, checked=v in values)
                            for i, (v, t) in enumerate(YES_NO_CHOICES)]
        elif isinstance(form_field.widget, forms.Textarea):
            item.kind = "textarea"
        return item


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
