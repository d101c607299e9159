"""Forms of CPOM actions: the action and its year, indicators, evaluations, the week's time sheet."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import forms
from django.forms import inlineformset_factory

from concerto.nomenclatures.models import Label, ListKey

from . import services
from .models import Action, ActionYear, Evaluation, Indicator, SurveyAnswer


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["ref", "axe", "title", "objectives", "partners", "territories"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.Textarea(attrs={"rows": 2}),
            "territories": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, year: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        keep = [self.instance.axe_id] if self.instance.axe_id else None
        self.fields["axe"].queryset = Label.objects.for_form(ListKey.AXE_ACTION, year, keep)


class ActionYearForm(forms.ModelForm):
    class Meta:
        model = ActionYear
        fields = ["hours", "status", "realisations", "perspectives", "financing"]
        widgets = {
            "realisations": forms.Textarea(attrs={"rows": 5}),
            "perspectives": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, year: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        keep = [self.instance.status_id] if self.instance.status_id else None
        self.fields["status"].queryset = Label.objects.for_form(ListKey.STATUT_ACTION, year, keep)


class IndicatorForm(forms.ModelForm):
    source = forms.ChoiceField(label="Calculé depuis", choices=services.figure_choices, required=False)

    class Meta:
        model = Indicator
        fields = ["label", "value", "unit", "scope", "territory", "source", "position"]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("label") and data.get("value") is None and not data.get("source"):
            self.add_error("value", "Saisissez une valeur, ou choisissez le chiffre du rapport qui la calcule.")
        return data


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["site", "participants", "pre_test", "post_test", "satisfaction", "position"]


class SurveyAnswerForm(forms.ModelForm):
    class Meta:
        model = SurveyAnswer
        fields = ["question", "answer", "count", "respondents", "position"]


def _formset(model, form):
    return inlineformset_factory(Action, model, form=form, extra=2, can_delete=True)


IndicatorFormSet = _formset(Indicator, IndicatorForm)
EvaluationFormSet = _formset(Evaluation, EvaluationForm)
SurveyFormSet = _formset(SurveyAnswer, SurveyAnswerForm)


def parse_hours(text: str) -> Decimal | None:
    """« 7,5 », « 7.5 », « 3 » (hours); « 1h30 » too."""
    text = (text or "").strip().lower().replace(" ", "")
    if not text:
        return None
    if "h" in text:
        hours, _, minutes = text.partition("h")
        try:
            return Decimal(hours or "0") + Decimal(minutes or "0") / 60
        except InvalidOperation as error:
            raise forms.ValidationError(f"« {text} » : heures invalides (ex. 7,5 ou 1h30).") from error
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation as error:
        raise forms.ValidationError(f"« {text} » : heures invalides (ex. 7,5 ou 1h30).") from error


class WeekForm(forms.Form):
    """One staff member's week: a cell per action and weekday, named h-<action pk>-<AAAA-MM-JJ>."""

    def __init__(self, data=None, *, actions: list[Action], monday: dt.date, initial_hours: dict) -> None:
        super().__init__(data)
        self.actions = actions
        self.days = services.week_days(monday)
        for action in actions:
            for day in self.days:
                name = self.cell_name(action.pk, day)
                value = initial_hours.get((action.pk, day))
                self.fields[name] = forms.CharField(
                    required=False, label=f"{action.ref}, {day:%d/%m}",
                    initial=services.french_number(value) if value else "",
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 4, "autocomplete": "off"}),
                )

    @staticmethod
    def cell_name(action_pk: int, day: dt.date) -> str:
        return f"h-{action_pk}-{day.isoformat()}"

    def clean(self) -> dict:
        data = super().clean()
        self.hours: dict[tuple[int, dt.date], Decimal | None] = {}
        for action in self.actions:
            for day in self.days:
                name = self.cell_name(action.pk, day)
                try:
                    value = parse_hours(data.get(name, ""))
                except forms.ValidationError as error:
                    self.add_error(name, f"{action.ref}, {day:%d/%m/%Y} : {error.messages[0]}")
                    continue
                if value is not None and not 0 <= value <= 24:
                    self.add_error(name, f"{action.ref}, {day:%d/%m/%Y} : entre 0 et 24 heures.")
                    continue
                self.hours[(action.pk, day)] = value.quantize(Decimal("0.01")) if value is not None else None
        for day in self.days:
            total = sum((v for (_, d), v in self.hours.items() if d == day and v), Decimal(0))
            if total > 24:
                raise forms.ValidationError(f"Le {day:%d/%m/%Y} : {services.french_number(total)} h au total, "
                                            "plus de 24 heures.")
        return data

    def rows(self) -> list[tuple[Action, list]]:
        return [(a, [self[self.cell_name(a.pk, d)] for d in self.days]) for a in self.actions]
