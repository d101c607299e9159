"""The public answer page (a signed link per participant) and staff's paper entry."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from concerto.accounts.permissions import association_required
from concerto.events.models import EVENT_TYPES
from concerto.events.services import public_refusal
from concerto.meetings.models import Meeting

from . import services
from .forms import AnswerForm


def _ip(request: HttpRequest) -> str | None:
    from concerto.accounts.security import client_ip

    return client_ip(request)


def _message(request: HttpRequest, text: str, status: int) -> HttpResponse:
    return render(request, "events/public_message.html", {"message": text}, status=status)


def answer(request: HttpRequest, token: str) -> HttpResponse:
    """Shows only the event's title and date and the questions; stores one answer per link."""
    refusal = public_refusal(_ip(request), "questionnaire")
    if refusal:
        return _message(request, refusal, 429)
    try:
        registration = services.read_token(token)
    except ValidationError as error:
        return _message(request, " ".join(error.messages), 400)
    if services.has_answered(registration):
        return _message(request, services.ALREADY, 409)
    meeting = registration.meeting
    questions = services.questions_of(services.questionnaire_of(meeting))
    form = AnswerForm(request.POST or None, questions=questions, year=meeting.date.year)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_online(token, form.cleaned_data)
        except ValidationError as error:
            if services.ALREADY in error.messages:
                return _message(request, services.ALREADY, 409)
            for field, errors in getattr(error, "error_dict", {"__all__": error.error_list}).items():
                form.add_error(None if field == "__all__" or field not in form.fields else field, errors)
        else:
            return render(request, "questionnaires/thanks.html", {"meeting": meeting})
    return render(request, "questionnaires/answer.html", {"form": form, "meeting": meeting},
                  status=400 if request.method == "POST" else 200)


@association_required
def paper(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.filter(type__code__in=EVENT_TYPES), pk=pk)
    questions = services.questions_of(services.questionnaire_of(meeting))
    form = AnswerForm(request.POST or None, questions=questions, year=meeting.date.year)
    if request.method == "POST" and form.is_valid():
        try:
            services.enter_paper(meeting, form.cleaned_data, user=request.user)
        except ValidationError as error:
            for field, errors in getattr(error, "error_dict", {"__all__": error.error_list}).items():
                form.add_error(None if field == "__all__" or field not in form.fields else field, errors)
        else:
            messages.success(request, "Questionnaire papier enregistré. Saisissez le suivant, "
                                      "ou revenez à l'événement.")
            return redirect("questionnaire-paper", pk=meeting.pk)
    return render(request, "questionnaires/paper.html", {"form": form, "meeting": meeting},
                  status=400 if request.method == "POST" else 200)
