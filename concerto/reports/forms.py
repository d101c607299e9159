from __future__ import annotations

from django import forms

from .models import ReportComment


class CommentForm(forms.Form):
    """One chapter's commentary; an empty text removes it."""

    chapter = forms.CharField(max_length=120, widget=forms.HiddenInput)
    mode = forms.ChoiceField(label="Usage", choices=ReportComment.Mode.choices, initial=ReportComment.Mode.ADD)
    text = forms.CharField(label="Commentaire", required=False, max_length=20000,
                           widget=forms.Textarea(attrs={"rows": 4}))
