from __future__ import annotations

from django import forms


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code à 6 chiffres", min_length=6, max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code",
                                      "pattern": "[0-9]{6}", "autofocus": True}),
        error_messages={"required": "Saisissez le code affiché par votre application.",
                        "min_length": "Le code a 6 chiffres.", "max_length": "Le code a 6 chiffres."},
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError("Le code ne contient que des chiffres.")
        return token
