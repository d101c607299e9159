from __future__ import annotations

from django import forms

from .models import Question
from .services import choices_for


class AnswerForm(forms.Form):
    """One field per question of a questionnaire (built from the questions, which are data)."""

    def __init__(self, *args, questions: list[Question], year: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for question in questions:
            options = choices_for(question, year)
            if options:
                self.fields[question.code] = forms.ChoiceField(
                    label=question.text, required=False, widget=forms.RadioSelect,
                    choices=[(o, o) for o in options])
            else:
                self.fields[question.code] = forms.CharField(
                    label=question.text, required=False, max_length=4000,
                    widget=forms.Textarea(attrs={"rows": 3}))
