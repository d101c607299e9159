"""Staff pages of events, and the public registration page (no login, nothing else shown)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from concerto.accounts.permissions import association_required
from concerto.directory.models import Person
from concerto.meetings.models import Meeting
from concerto.nomenclatures.models import Label, ListKey
from concerto.questionnaires import services as questionnaires
from concerto.reports.numbers import pct_text

from . import services
from .forms import (
    DocumentForm,
    EventSettingsForm,
    ImportForm,
    MediaViewForm,
    PublicRegistrationForm,
    StaffRegistrationForm,
)
from .history import event_history
from .models import EVENT_TYPES, Event, ExpectedDocument, ImportLine, MediaView, Registration

SMS_NOTE = ("Pas de rappel par SMS : Concerto envoie la confirmation, le lien de connexion et un rappel "
            "la veille par e-mail.")


def _event_meeting(pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.filter(type__code__in=EVENT_TYPES).select_related("type", "modality"),
                             pk=pk)


def _messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def _send_and_report(request: HttpRequest, pk: int, send, success: str) -> HttpResponse:
    """An e-mail action of the event page: send, say how many (or why not), back to the page."""
    meeting = _event_meeting(pk)
    try:
        n = send(meeting, user=request.user)
    except ValidationError as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(request, success.format(n=n))
    return redirect("event-detail", pk=meeting.pk)


@association_required
def event_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("annee") or today.year)
    except ValueError:
        year = today.year
    meetings = list(services.events_qs().filter(date__year=year).select_related("type").order_by("date", "pk"))
    rows = [(m, services.figures(m)) for m in meetings]
    years = sorted(set(services.events_qs().dates("date", "year").values_list("date__year", flat=True))
                   | {today.year}, reverse=True)
    return render(request, "events/event_list.html", {"rows": rows, "year": year, "years": years})


def _result_rows(questionnaire, results: dict) -> list[tuple]:
    """(question, [(answer, count, share text)], free-text answers) in the questionnaire's order."""
    out = []
    for question in questionnaires.questions_of(questionnaire):
        shares = results.get(question.code)
        if shares is None:
            continue
        if "reponses" in shares:
            out.append((question.text, [], shares["reponses"]))
        else:
            out.append((question.text, [(label, v["count"], pct_text(v["share"]) if v["share"] is not None else "–")
                                        for label, v in shares.items()], 0))
    return out


def _detail_context(request: HttpRequest, meeting: Meeting, **forms) -> dict:
    event = services.event_of(meeting)
    registrations = list(Registration.objects.filter(meeting=meeting).select_related("person", "category"))
    present = set(meeting.attendances.filter(present=True).values_list("person_id", flat=True))
    answered = set(meeting.answers.exclude(registration=None).values_list("registration_id", flat=True))
    pending = list(ImportLine.objects.filter(attendance_import__meeting=meeting, status=ImportLine.Status.PENDING)
                   .order_by("attendance_import", "position"))
    questionnaire = questionnaires.questionnaire_of(meeting)
    return {
        "meeting": meeting, "event": event, "registrations": registrations, "present": present,
        "answered": answered, "figures": services.figures(meeting),
        "public_url": request.build_absolute_uri(reverse("event-register", kwargs={"key": event.public_key})),
        "visio_url": services.visio_url(meeting),
        "settings_form": forms.get("settings_form") or EventSettingsForm(instance=event),
        "registration_form": forms.get("registration_form") or StaffRegistrationForm(year=meeting.date.year,
                                                                                      prefix="ins"),
        "import_form": ImportForm(), "imports": meeting.attendance_imports.all()[:5], "pending": pending,
        "documents": services.expected_documents(meeting), "document_form": DocumentForm(prefix="doc"),
        "media": MediaView.objects.filter(meeting=meeting), "media_form": MediaViewForm(prefix="vue"),
        "questionnaire": questionnaire,
        "results": _result_rows(questionnaire, questionnaires.results([meeting.pk], meeting.date.year)),
        "categories": Label.objects.filter(list=ListKey.CATEGORIE).valid_in(meeting.date.year),
        "history": event_history(meeting)[:30],
        "sms_note": SMS_NOTE,
    }


@association_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _event_meeting(pk)
    return render(request, "events/event_detail.html", _detail_context(request, meeting))


@association_required
@require_POST
def event_settings(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _event_meeting(pk)
    form = EventSettingsForm(request.POST, instance=services.event_of(meeting))
    if not form.is_valid():
        return render(request, "events/event_detail.html", _detail_context(request, meeting, settings_form=form),
                      status=400)
    form.save()
    messages.success(request, "Réglages de l'événement enregistrés.")
    return redirect("event-detail", pk=meeting.pk)


@association_required
@require_POST
def event_add_registration(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _event_meeting(pk)
    form = StaffRegistrationForm(request.POST, year=meeting.date.year, prefix="ins")
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = services.register(
                meeting, last_name=data["last_name"], first_name=data["first_name"], email=data["email"],
                structure_name=data["structure_name"], fonction=data["fonction"], category=data["category"],
                consent_contact=data["consent_contact"], source=Registration.Source.STAFF,
                extra_people=data.get("extra_people") or 0)
        except ValidationError as error:
            form.add_error(None, _messages_of(error))
        else:
            messages.success(request, f"{result.registration} inscrit·e." if result.created
                             else f"{result.registration} était déjà inscrit·e.")
            return redirect("event-detail", pk=meeting.pk)
    return render(request, "events/event_detail.html", _detail_context(request, meeting, registration_form=form),
                  status=400)


@association_required
@require_POST
def event_send_visio(request: HttpRequest, pk: int) -> HttpResponse:
    return _send_and_report(request, pk, services.send_visio_link,
                            "Lien de connexion envoyé à {n} personne(s) inscrite(s).")


@association_required
@require_POST
def event_import(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _event_meeting(pk)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choisissez le fichier CSV exporté de l'outil de visioconférence.")
        return redirect("event-detail", pk=meeting.pk)
    upload = form.cleaned_data["file"]
    if upload.size > services.MAX_ATTENDANCE_BYTES:
        messages.error(request, "Fichier trop volumineux (2 Mo au plus pour une liste de présence).")
        return redirect("event-detail", pk=meeting.pk)
    try:
        record = services.import_attendance(meeting, upload.read(), upload.name, user=request.user)
    except ValidationError as error:
        messages.error(request, f"Import refusé, rien n'a été enregistré : {_messages_of(error)}")
    else:
        lines = list(record.lines.all())
        pending = sum(1 for line in lines if line.status == ImportLine.Status.PENDING)
        messages.success(request, f"{record.get_tool_display()} : {len(lines)} participant(s) lu(s), "
                                  f"{len(lines) - pending} reconnu(s)"
                                  + (f", {pending} à décider ci-dessous." if pending else "."))
    return redirect("event-detail", pk=meeting.pk)


@association_required
@require_POST
def event_resolve_line(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(ImportLine.objects.select_related("attendance_import__meeting"), pk=pk)
    meeting = line.attendance_import.meeting
    decision = request.POST.get("decision", "")
    registration = Registration.objects.filter(meeting=meeting, pk=request.POST.get("registration") or 0).first()
    person = Person.objects.filter(pk=request.POST.get("person") or 0).first()
    category = Label.objects.filter(list=ListKey.CATEGORIE, pk=request.POST.get("category") or 0).first()
    try:
        services.resolve_line(line, decision, registration=registration, person=person, category=category,
                              last_name=request.POST.get("last_name", "")[:120],
                              first_name=request.POST.get("first_name", "")[:120])
    except ValidationError as error:
        messages.error(request, f"Ligne « {line.name} » : {_messages_of(error)}")
    else:
        messages.success(request, f"Ligne « {line.name} » traitée.")
    return redirect("event-detail", pk=meeting.pk)


@association_required
@require_POST
def event_documents(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _event_meeting(pk)
    form = DocumentForm(request.POST, prefix="doc")
    if form.is_valid():
        ExpectedDocument.objects.update_or_create(
            meeting=meeting, kind=form.cleaned_data["kind"],
            defaults={k: form.cleaned_data[k] for k in ("expected", "received", "received_on")})
        messages.success(request, "Documents attendus mis à jour.")
    else:
        messages.error(request, "Documents : " + " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("event-detail", pk=meeting.pk)


@association_required
@require_POST
def event_remind_documents(request: HttpRequest, pk: int) -> HttpResponse:
    return _send_and_report(request, pk, services.remind_documents,
                            "Relance envoyée à {n} contact(s) de la structure co-organisatrice.")


@association_required
@require_POST
def event_media(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _event_meeting(pk)
    form = MediaViewForm(request.POST, prefix="vue")
    if form.is_valid():
        MediaView.objects.update_or_create(meeting=meeting, platform=form.cleaned_data["platform"],
                                           observed_on=form.cleaned_data["observed_on"],
                                           defaults={"views": form.cleaned_data["views"]})
        messages.success(request, "Vues enregistrées (comptées à part des participants).")
    else:
        messages.error(request, "Vues : " + " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("event-detail", pk=meeting.pk)


@association_required
@require_POST
def event_send_questionnaires(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _event_meeting(pk)
    n = questionnaires.send_links(meeting, user=request.user)
    messages.success(request, f"Lien du questionnaire envoyé à {n} participant·e(s) qui n'ont pas encore répondu.")
    return redirect("event-detail", pk=meeting.pk)


# ---------------------------------------------------------------------------------------------
# Public


def _client_ip(request: HttpRequest) -> str | None:
    from concerto.accounts.security import client_ip

    return client_ip(request)


def public_register(request: HttpRequest, key: str) -> HttpResponse:
    """The registration page of one event: shows that event's title, date and place only."""
    refusal = services.public_refusal(_client_ip(request), "inscription")
    if refusal:
        return render(request, "events/public_message.html", {"message": refusal}, status=429)
    event = Event.objects.filter(public_key=key).select_related("meeting", "meeting__type", "meeting__modality").first()
    if event is None or event.meeting.type.code not in EVENT_TYPES:
        return render(request, "events/public_message.html",
                      {"message": "Cette page d'inscription n'existe pas : vérifiez le lien reçu."}, status=404)
    meeting = event.meeting
    closed = (not event.registration_open) or meeting.date < timezone.localdate()
    context = {"event": event, "meeting": meeting, "closed": closed, "sms_note": SMS_NOTE}
    if request.method == "POST" and not closed:
        form = PublicRegistrationForm(request.POST, year=meeting.date.year)
        if form.is_robot:  # honeypot: answer as if registered, store nothing
            return render(request, "events/public_registered.html", context)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    result = services.register(
                        meeting, last_name=data["last_name"], first_name=data["first_name"], email=data["email"],
                        structure_name=data["structure_name"], fonction=data["fonction"], category=data["category"],
                        consent_contact=data["consent_contact"], source=Registration.Source.PUBLIC)
                    services.send_confirmation(result.registration)
            except ValidationError as error:
                form.add_error(None, _messages_of(error))
            else:
                return render(request, "events/public_registered.html",
                              {**context, "already": not result.created, "email": data["email"]})
    else:
        form = PublicRegistrationForm(year=meeting.date.year)
    return render(request, "events/public_register.html", {**context, "form": form},
                  status=400 if request.method == "POST" and form.errors else 200)
