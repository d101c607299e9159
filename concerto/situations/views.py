"""The Fiche de suivi Patient: read, fill, delete; consent; people invited for a situation."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from concerto.accounts.permissions import patient_data_required
from concerto.audit.services import Kind, audited, note_access, scope_text
from concerto.core.services import create_once, form_token
from concerto.directory.models import Person
from concerto.nomenclatures.models import Label

from .forms import (
    FICHE_FIELDS,
    FICHE_SECTIONS,
    OBJECTIVE_TEXT,
    PRECISIONS,
    FicheForm,
    InvitePersonForm,
    NewPersonForm,
    PatientConsentForm,
    StaleFiche,
)
from .history import situation_history
from .invitations import excluded_name, exclusion_warning, invite, uninvite
from .models import Patient, Situation, SituationInvitation
from .services import MULTI_FIELDS, missing_fiche_fields, patient_studies

# The invitations and their people in one query, whether there are any or not.
INVITED = Prefetch("invitations", queryset=SituationInvitation.objects.select_related("person"))


def _scoped_situation(request: HttpRequest, pk: int) -> Situation:
    queryset = Situation.objects.for_user(request.user).select_related(
        "meeting__type", "meeting__pole", "meeting__organiser", "patient"
    )
    return get_object_or_404(queryset, pk=pk)


def _note_situation(request: HttpRequest, situation: Situation, page: str) -> None:
    meeting = situation.meeting
    note_access(request, f"{page} « {situation.patient.code} » — {meeting}",
                scope_text([meeting.pole], meeting.date.year))


def _meeting_anchor(situation: Situation) -> str:
    return reverse("meeting-detail", args=[situation.meeting_id]) + f"#situation-{situation.pk}"


def _next_or(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


def _value(situation: Situation, name: str) -> str:
    field = Situation._meta.get_field(name)
    if field.many_to_many:
        return " ; ".join(str(label) for label in getattr(situation, name).all()) or "—"
    value = getattr(situation, name)
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    return str(value)


def fiche_display(situation: Situation) -> list[dict]:
    """The filled fiche, read-only, in the paper form's sections."""
    sections = []
    for number, title, names in FICHE_SECTIONS:
        if not names:
            continue  # 3-5 and 16: shown by the page from the meeting and the invitations
        rows = []
        for name in names:
            if name == "patient_code":
                rows.append(("Code patient", situation.patient.code))
                continue
            rows.append((str(Situation._meta.get_field(name).verbose_name).capitalize(), _value(situation, name)))
            for precision_names in PRECISIONS.get(name, {}).values():
                for p in precision_names:
                    verbose = str(Situation._meta.get_field(p).verbose_name).capitalize()
                    rows.append((verbose, _value(situation, p)))
        sections.append({"number": number, "title": title, "rows": rows})
    return sections


# The fiche's single-choice answers (labels), read with the situation: one query, not one per answer given.
LABEL_FIELDS = [f.name for f in Situation._meta.get_fields() if f.many_to_one and f.related_model is Label]


@patient_data_required
@audited(Kind.PAGE, "situation")
def situation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    situation = get_object_or_404(
        Situation.objects.for_user(request.user).select_related(
            "meeting__type", "meeting__pole", "meeting__organiser", "patient", *LABEL_FIELDS
        ),
        pk=pk,
    )
    _note_situation(request, situation, "Situation")
    prefetch_related_objects([situation], *MULTI_FIELDS)
    invitations = list(situation.invitations.select_related("person__category", "person__structure"))
    for invitation in invitations:
        invitation.excluded_name = excluded_name(situation.patient, invitation.person)
    return render(request, "situations/situation_detail.html", {
        "situation": situation,
        "meeting": situation.meeting,
        "sections": fiche_display(situation),
        "objective_text": OBJECTIVE_TEXT,
        "missing": missing_fiche_fields(situation),
        "invitations": invitations,
        "studies": patient_studies(situation.patient, exclude=situation),
        # The change history is for the association's staff (audit), not the pôles.
        "history": situation_history(situation) if request.user.is_association else None,
    })


def _shown(value) -> str:
    """A cleaned form value as the fiche page shows it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if hasattr(value, "__iter__") and not isinstance(value, str):
        return " ; ".join(str(v) for v in value) or "—"
    return str(value)


def fiche_conflict(form: FicheForm, stored: Situation) -> dict:
    """Both versions of a fiche saved meanwhile: the fields where the user's differs from the stored one."""
    prefetch_related_objects([stored], *MULTI_FIELDS)
    rows = []
    for name in ["patient_code", *FICHE_FIELDS]:
        if name == "patient_code":
            label, theirs = "Code patient", stored.patient.code
        else:
            label, theirs = str(Situation._meta.get_field(name).verbose_name).capitalize(), _value(stored, name)
        yours = _shown(form.cleaned_data.get(name))
        if yours != theirs:
            rows.append({"label": label, "yours": yours, "stored": theirs})
    last = stored.history.select_related("history_user").first()
    return {"rows": rows, "version": stored.version, "by": getattr(last, "history_user", None),
            "at": getattr(last, "history_date", None)}


@patient_data_required
@audited(Kind.PAGE, "fiche")
def situation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    situation = _scoped_situation(request, pk)
    _note_situation(request, situation, "Fiche (formulaire)")
    prefetch_related_objects([situation], *MULTI_FIELDS, INVITED)
    complete = "terminer" in request.POST
    form = FicheForm(request.POST or None, instance=situation, complete=complete)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            form.save()  # atomic, one history record
        except StaleFiche as stale:
            if stale.stored is None:
                messages.error(request, "Cette fiche a été supprimée pendant que vous la remplissiez : "
                                        "votre version n'a pas été enregistrée.")
                return redirect("meeting-detail", pk=situation.meeting_id)
            conflict = fiche_conflict(form, stale.stored)
            # The user's answers stay in the form, now on top of the stored version: saving
            # again replaces it knowingly.
            data = request.POST.copy()
            data["version"] = stale.stored.version
            situation = _scoped_situation(request, pk)
            prefetch_related_objects([situation], *MULTI_FIELDS, INVITED)
            form = FicheForm(data, instance=situation, complete=complete)
        else:
            done = "terminée" if complete else "enregistrée"
            messages.success(request, f"Fiche « {situation.patient.code} » {done}.")
            # Back to the meeting, the next fiche to fill one tap away.
            url = reverse("meeting-detail", args=[situation.meeting_id])
            return redirect(f"{url}?apres={situation.pk}#suite")
    return render(request, "situations/situation_form.html", {
        "form": form, "situation": situation, "meeting": situation.meeting, "objective_text": OBJECTIVE_TEXT,
        "conflict": conflict,
    }, status=409 if conflict else 200)


@patient_data_required
@audited(Kind.PAGE, "situation")
def situation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    situation = _scoped_situation(request, pk)
    _note_situation(request, situation, "Suppression de la situation")
    if request.method == "POST":
        meeting_id, code = situation.meeting_id, situation.patient.code
        with transaction.atomic():
            situation.delete()  # simple-history keeps a deletion record with the user
        messages.success(request, f"Situation « {code} » supprimée.")
        return redirect("meeting-detail", pk=meeting_id)
    return render(request, "situations/situation_delete.html", {
        "situation": situation, "meeting": situation.meeting,
        "n_invitations": situation.invitations.count(),
    })


@patient_data_required
@audited(Kind.PAGE, "patient")
def patient_consent(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_object_or_404(Patient.objects.for_user(request.user).select_related("pole"), pk=pk)
    note_access(request, f"Accord du patient « {patient.code} »", scope_text([patient.pole]))
    form = PatientConsentForm(request.POST or None, instance=patient)
    last = patient.situations.order_by("-meeting__date", "-pk").first()
    fallback = reverse("situation-detail", args=[last.pk]) if last else reverse("meeting-list")
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, f"Accord du patient « {patient.code} » enregistré.")
        return redirect(_next_or(request, fallback))
    return render(request, "situations/patient_consent.html", {
        "form": form, "patient": patient, "next": _next_or(request, fallback),
        "studies": patient_studies(patient),
    })


def _warn_if_excluded(request: HttpRequest, situation: Situation, person: Person) -> None:
    # A warning, not a refusal: the exclusions are free text (see invitations.excluded_name).
    warning = exclusion_warning(situation, person)
    if warning:
        messages.warning(request, warning)


@patient_data_required
@require_POST
def situation_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite a person of the directory for this situation (and so to the meeting)."""
    situation = _scoped_situation(request, pk)
    form = InvitePersonForm(request.POST)
    if form.is_valid():
        invitation = invite(situation, form.cleaned_data["person"])
        messages.success(request, f"{invitation.person} invité·e pour « {situation.patient.code} ».")
        _warn_if_excluded(request, situation, invitation.person)
    else:
        for error in form.errors.get("person", []):
            messages.error(request, error)
    return redirect(_next_or(request, _meeting_anchor(situation)))


@patient_data_required
@audited(Kind.PAGE, "situation")
def situation_invite_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Create a person on the fly and invite them for this situation."""
    situation = _scoped_situation(request, pk)
    _note_situation(request, situation, "Invitation d'une nouvelle personne")
    form = NewPersonForm(request.POST or None, year=situation.meeting.date.year, prefix="new")
    if request.method == "POST" and form.is_valid():
        def create() -> str:
            invite(situation, form.save())
            return _next_or(request, _meeting_anchor(situation))

        url, first = create_once(request, create)
        if first:
            person = form.instance
            messages.success(request, f"{person} ajouté·e à l'annuaire et invité·e pour « {situation.patient.code} ».")
            _warn_if_excluded(request, situation, person)
        else:
            messages.info(request, "Ce formulaire avait déjà été envoyé : la personne n'a été créée qu'une fois.")
        return redirect(url or _meeting_anchor(situation))
    template = "situations/_new_person_form.html" if request.htmx else "situations/invite_new.html"
    return render(request, template, {
        "form": form, "situation": situation, "meeting": situation.meeting,
        "next": _next_or(request, _meeting_anchor(situation)), "submit_token": form_token(request),
    })


@patient_data_required
@require_POST
def situation_uninvite(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    situation = _scoped_situation(request, pk)
    invitation = get_object_or_404(SituationInvitation.objects.select_related("person"), pk=invitation_pk,
                                   situation=situation)
    person = invitation.person
    uninvite(invitation)
    messages.success(request, f"Invitation de {person} retirée.")
    return redirect(_next_or(request, _meeting_anchor(situation)))
