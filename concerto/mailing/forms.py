"""The templates editor's form and the sendings page's filters."""

from __future__ import annotations

import django_filters
from django import forms

from .models import EmailSending, EmailTemplate
from .services import check_template_source


class EmailTemplateForm(forms.ModelForm):
    class Meta:
        model = EmailTemplate
        fields = ["subject", "body_text", "body_html"]
        widgets = {"body_text": forms.Textarea(attrs={"rows": 12}), "body_html": forms.Textarea(attrs={"rows": 8})}
        help_texts = {"body_html": "Laissée vide, le message part en texte seul."}

    def clean(self) -> dict:
        data = super().clean()
        for name in self.Meta.fields:
            if data.get(name) and (message := check_template_source(data[name])):
                self.add_error(name, message)
        return data


class EmailSendingFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=EmailSending.Status.choices, label="État",
                                         empty_label="Tous les états")
    template_key = django_filters.ChoiceFilter(label="Modèle", empty_label="Tous les modèles")
    recipient = django_filters.CharFilter(lookup_expr="icontains", label="Destinataire")
    du = django_filters.DateFilter(field_name="queued_at", lookup_expr="date__gte", label="Du",
                                   widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    au = django_filters.DateFilter(field_name="queued_at", lookup_expr="date__lte", label="Au",
                                   widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    class Meta:
        model = EmailSending
        fields = ["status", "template_key", "recipient", "du", "au"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["template_key"].extra["choices"] = list(EmailTemplate.objects.values_list("key", "name"))


class TestEmailForm(forms.Form):
    recipient = forms.EmailField(label="Adresse")
