"""Fees forms: the tariff of a year and role, a statement's period, a payment date."""

from __future__ import annotations

import datetime as dt

from django import forms

from .models import Tariff

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y"]


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(label=label, input_formats=DATE_FORMATS,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class TariffForm(forms.ModelForm):
    class Meta:
        model = Tariff
        fields = ["year", "role", "amount"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"].localize = True
        self.fields["amount"].widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not 2000 <= year <= dt.date.today().year + 2:
            raise forms.ValidationError("Année invalide.")
        return year

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount < 0:
            raise forms.ValidationError("Le montant ne peut pas être négatif.")
        return amount

    def validate_unique(self) -> None:
        pass  # an existing (year, role) is updated by the view, not refused


class PeriodForm(forms.Form):
    start = _date_field("Du")
    end = _date_field("Au")

    def clean(self) -> dict:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "La fin de la période doit être après son début.")
        return data


class PaymentForm(forms.Form):
    paid_on = _date_field("Payé le")


class NotDueForm(forms.Form):
    reason = forms.CharField(label="Motif", max_length=250)
