"""Forms of the newsletters area: a send, the upload of a campaign report, the column mapping."""

from __future__ import annotations

from django import forms

from .models import Send
from .services import FIELDS

MAX_REPORT_BYTES = 2 * 1024 * 1024


class SendForm(forms.ModelForm):
    class Meta:
        model = Send
        fields = ["date", "subjects", "audience", "recipients", "openers", "clickers", "mailer"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "subjects": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict:
        data = super().clean()
        recipients = data.get("recipients")
        for name, label in (("openers", "ouvreurs"), ("clickers", "cliqueurs")):
            if recipients is not None and data.get(name) is not None and data[name] > recipients:
                self.add_error(name, f"Plus de {label} ({data[name]}) que de destinataires ({recipients}).")
        return data


class ReportUploadForm(forms.Form):
    file = forms.FileField(label="Export CSV du rapport de campagnes (Brevo, Mailchimp ou autre)")

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > MAX_REPORT_BYTES:
            raise forms.ValidationError(f"Fichier trop volumineux ({f.size // 1024} Ko ; limite "
                                        f"{MAX_REPORT_BYTES // 1024} Ko).")
        return f


class MappingForm(forms.Form):
    """One choice of column per Concerto field, among the file's headings."""

    name = forms.CharField(label="Nom du logiciel d'envoi", max_length=80,
                           help_text="La correspondance est gardée sous ce nom pour les prochains fichiers.")
    general = forms.CharField(label="Listes qui valent « Tous les contacts »", required=False,
                              help_text="Noms de listes séparés par « ; » ; les autres sont territoriales.")

    def __init__(self, *args, header: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "— aucune —")] + [(h, h) for h in header]
        for key, label, required in FIELDS:
            self.fields[f"col_{key}"] = forms.ChoiceField(label=label, choices=choices, required=required)

    def columns(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"col_{key}", "") for key, _, _ in FIELDS}

    def general_lists(self) -> list[str]:
        return [g.strip() for g in self.cleaned_data.get("general", "").split(";") if g.strip()]
