from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings

from .services import ALLOWED_SUFFIXES


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Fichier à importer",
        help_text="Classeur .xlsx, archive .zip de fichiers CSV, ou un fichier .csv nommé comme sa table.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_SUFFIXES)}),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if Path(uploaded.name).suffix.lower() not in ALLOWED_SUFFIXES:
            raise forms.ValidationError("Format non reconnu : déposez un fichier .xlsx, .zip ou .csv.")
        limit = settings.INTERCHANGE_MAX_UPLOAD_BYTES
        if uploaded.size > limit:
            raise forms.ValidationError(
                f"Fichier trop volumineux ({uploaded.size / 1024 / 1024:.1f} Mo) : "
                f"au plus {limit / 1024 / 1024:.0f} Mo. "
                "Découpez-le (par années, par exemple) ou déposez une archive .zip."
            )
        return uploaded
