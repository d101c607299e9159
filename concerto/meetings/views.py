"""Pages a pôle coordinator uses every week: meetings, situations to study, attendance."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from concerto.accounts.permissions import association_required, patient_data_required
from concerto.audit.services import Kind, audited, note_access, record_access, scope_text
from concerto.core.services import create_once, form_token
from concerto.directory.models import Person, Structure
from concerto.directory.services import PICK_LIMIT, rank_people_for_pole, rank_structures_for_pole, search_structures
from concerto.nomenclatures.models import Label, ListKey
from concerto.poles.models import Pole
from concerto.situations.codes import clean_patient_code
from concerto.situations.forms import AddSituationForm
from concerto.situations.models import Patient, Situation, SituationInvitation
from concerto.situations.services import (
    add_situation,
    already_studied_message,
    missing_fiche_fields,
    patient_studies,
    studies_by_patient,
    with_completeness,
)

from .forms import PICKER_FIELDS, AttendanceGridForm, MeetingFilter, MeetingForm, expand_grid
from .history import meeting_history
from .lifecycle import with_stage
from .models import INTERVISION, Meeting
from .services import GridRow, attendance_grid, save_attendance, with_counts

PAGE_SIZE = 25
SUGGEST_LIMIT = 6  # a picker's suggestions before anything is typed
LAST_POLE = "last_meeting_pole"  # session key: the pôle of the last meeting created


def _scoped_meeting(request: HttpRequest, pk: int) -> Meeting:
    queryset = Meeting.objects.for_user(request.user).select_related(
        "type", "pole", "modality", "animateur", "expert", "organiser"
    )
    return get_object_or_404(queryset, pk=pk)


@patient_data_required
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    # The stage annotation serves the « Étape » filter (count() leaves it out when unused).
    meetings = with_stage(Meeting.objects.for_user(request.user)).order_by("-date", "-start_time", "-pk")
    filters = MeetingFilter(request.GET or None, queryset=meetings, request=request)
    # Paginate first (the count is one plain COUNT), then count situations and presences of the
    # page's rows only: the page costs the same whatever the number of meetings in the history.
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_stage(with_counts(
        Meeting.objects.filter(pk__in=[m.pk for m in page.object_list]).select_related("type", "pole", "modality")
    )).order_by("-date", "-start_time", "-pk")
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "meetings/meeting_list.html", {
        "filters": filters, "page": page, "query": query.urlencode(),
    })


def _meeting_form_page(request: HttpRequest, form: MeetingForm, meeting: Meeting | None,
                       submit_token: str = "") -> HttpResponse:
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting,
                                                          "submit_token": submit_token})


def _default_pole(request: HttpRequest) -> Pole | None:
    """The pôle a new meeting starts with: the one asked for (?pole=), else a coordinator's
    only pôle, else the pôle of the last meeting created, else her pôle's latest meeting."""
    poles = Pole.objects.for_user(request.user)
    for raw in (request.GET.get("pole", ""), str(request.session.get(LAST_POLE, ""))):
        if raw.isdigit() and len(raw) < 16:
            pole = poles.filter(pk=raw).first()
            if pole is not None:
                return pole
    if not request.user.is_coordinator:
        return None  # the association team also creates meetings without a pôle
    mine = list(poles[:2])
    if len(mine) == 1:
        return mine[0]
    latest = Meeting.objects.for_user(request.user).filter(pole__isnull=False).order_by("-date", "-pk").first()
    return latest.pole if latest else (mine[0] if mine else None)


@patient_data_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    initial: dict = {}
    intervision = Label.objects.of(ListKey.TYPE_REUNION).filter(code=INTERVISION).first()
    presentiel = Label.objects.of(ListKey.MODALITE).filter(code="presentiel").first()
    initial.update(type=intervision, modality=presentiel)
    pole = _default_pole(request)
    if pole is not None:
        initial.update(pole=pole, lieu=pole.lieu, organiser=pole.organiser_id)
    form = MeetingForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        url, first = create_once(request, lambda: reverse("meeting-detail", args=[form.save().pk]))
        if first:
            if form.instance.pole_id:
                request.session[LAST_POLE] = form.instance.pole_id
            messages.success(request, f"{form.instance} créée.")
        else:
            messages.info(request, "Ce formulaire avait déjà été envoyé : la réunion n'a été créée qu'une fois.")
        return redirect(url or "meeting-list")
    return _meeting_form_page(request, form, None, form_token(request))


@patient_data_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _scoped_meeting(request, pk)
    form = MeetingForm(request.POST or None, instance=meeting, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            meeting = form.save()
        messages.success(request, "Réunion enregistrée.")
        return redirect("meeting-detail", pk=meeting.pk)
    return _meeting_form_page(request, form, meeting)


def _detail_context(request: HttpRequest, meeting: Meeting, add_form: AddSituationForm | None = None) -> dict:
    situations = list(
        with_completeness(meeting.situations.select_related("patient", "accord"))
        # One query for the invitations and their people, whether there are any or not.
        .prefetch_related(Prefetch(
            "invitations", queryset=SituationInvitation.objects.select_related("person__category")
        ))
        .order_by("pk")
    )
    # Every patient's earlier studies in one query, whatever the number of situations.
    studies = studies_by_patient([s.patient_id for s in situations], exclude=[s.pk for s in situations])
    for situation in situations:
        situation.missing = missing_fiche_fields(situation)
        situation.earlier = [
            study for study in studies.get(situation.patient_id, [])
            if study.situation.meeting.date <= meeting.date
        ]
    attendances = meeting.attendances.all()
    after = request.GET.get("apres", "")
    next_fiche = None
    if after.isdigit() and any(s.pk == int(after) for s in situations):
        # After saving a fiche: the next one still to complete (after it first, then before it).
        position = [s.pk for s in situations].index(int(after))
        ordered = situations[position + 1:] + situations[:position]
        next_fiche = next((s for s in ordered if s.missing), None)
    return {
        "after": after.isdigit(),
        "next_fiche": next_fiche,
        "meeting": meeting,
        "situations": situations,
        "add_form": add_form or AddSituationForm(),
        "n_invited": sum(1 for a in attendances if a.invited),
        "n_present": sum(1 for a in attendances if a.present),
        "n_remote": sum(1 for a in attendances if a.present and a.remote),
    }


@patient_data_required
@require_GET
@audited(Kind.PAGE, "reunion")
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _scoped_meeting(request, pk)
    note_access(request, f"Réunion : {meeting}", scope_text([meeting.pole], meeting.date.year))
    context = _detail_context(request, meeting)
    # The change history is for the association's staff (audit), not the pôles.
    context["history"] = meeting_history(meeting) if request.user.is_association else None
    context.update(_lifecycle_context(meeting))
    return render(request, "meetings/meeting_detail.html", context)


def _lifecycle_context(meeting: Meeting) -> dict:
    from .checks import guide_warnings
    from .documents import BUILDERS, TITLES
    from .invitations import invitees, sendings
    from .lifecycle import lifecycle
    from .models import MeetingDocument

    received = {d.kind: d for d in meeting.documents.select_related("received_by").defer("scan")}
    kinds = [k for k in BUILDERS if meeting.is_intervision or k in ("emargement", "indemnisations")]
    return {
        "document_titles": [(k, TITLES[k]) for k in kinds],
        "letters_needed": sum(1 for p in invitees(meeting) if not p.email),
        "cycle": lifecycle(meeting), "warnings": guide_warnings(meeting), "sendings": sendings(meeting),
        "documents": [(kind, label, received.get(kind)) for kind, label in MeetingDocument.Kind.choices],
    }


@patient_data_required
@require_POST
def meeting_add_situation(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a patient's situation to an Intervision from its code."""
    meeting = _scoped_meeting(request, pk)
    form = AddSituationForm(request.POST)
    if form.is_valid():
        code = form.cleaned_data["code"]
        try:
            if meeting.pole_id and meeting.situations.filter(patient__code=" ".join(code.split())).exists():
                raise ValidationError(already_studied_message(code))
            with transaction.atomic():
                situation = add_situation(meeting, code)
        except ValidationError as error:
            form.add_error("code", error.messages)
        else:
            messages.success(request, f"Situation « {situation.patient.code} » ajoutée.")
            return redirect(reverse("meeting-detail", args=[meeting.pk]) + f"#situation-{situation.pk}")
    return render(request, "meetings/meeting_detail.html", _detail_context(request, meeting, form))


@patient_data_required
@require_GET
def meeting_patient_lookup(request: HttpRequest, pk: int) -> HttpResponse:
    """HTML fragment: the earlier studies of the patient whose code is being typed."""
    meeting = _scoped_meeting(request, pk)
    context: dict = {"meeting": meeting, "studies": None, "error": None, "patient": None}
    raw = request.GET.get("code", "").strip()
    if raw and meeting.pole_id:
        try:
            code = clean_patient_code(raw)
        except ValidationError as error:
            context["error"] = error.messages[0]
        else:
            patient = Patient.objects.for_user(request.user).filter(pole=meeting.pole, code=code).first()
            if patient is not None:
                context.update(patient=patient, studies=patient_studies(patient))
                # Typing a code shows that patient's earlier studies: an access, once per patient found.
                record_access(request, Kind.PAGE, f"Études antérieures du patient « {patient.code} »",
                              scope=scope_text([meeting.pole]), object_type="patient", object_id=patient.pk)
    return render(request, "meetings/_patient_lookup.html", context)


@patient_data_required
@require_GET
def person_search(request: HttpRequest) -> HttpResponse:
    """HTML fragment: people of the directory matching `q`, with the action of the context.

    `situation=<pk>` offers "Inviter" for that situation; `meeting=<pk>` offers adding the
    person to the attendance grid. Both objects are fetched within the user's scope.
    """
    situation = meeting = None
    if "situation" in request.GET:
        situation = get_object_or_404(Situation.objects.for_user(request.user), pk=_pk(request.GET["situation"]))
    if "meeting" in request.GET:
        meeting = get_object_or_404(Meeting.objects.for_user(request.user), pk=_pk(request.GET["meeting"]))
    query = request.GET.get("q", "").strip()
    people = []
    if len(query) >= 2:
        # The situation's (or meeting's) pôle's usual participants first.
        pole_id = situation.meeting.pole_id if situation else (meeting.pole_id if meeting else None)
        found = Person.objects.search(query).select_related("category", "structure")
        people = list(rank_people_for_pole(found, pole_id)[:20])
    return render(request, "meetings/_person_results.html", {
        "people": people, "query": query, "situation": situation, "meeting": meeting,
    })


def _picker_pole(request: HttpRequest) -> int | None:
    """The pôle whose usual people come first, taken within the user's pôles (404 otherwise)."""
    raw = request.GET.get("pole", "")
    if not raw:
        return None
    return get_object_or_404(Pole.objects.for_user(request.user), pk=_pk(raw)).pk


def _picker_field(request: HttpRequest) -> str:
    name = request.GET.get("field", "")
    if name not in PICKER_FIELDS:
        raise Http404("Champ inconnu.")
    return name


@patient_data_required
@require_GET
def person_pick(request: HttpRequest) -> HttpResponse:
    """HTML fragment for a person picker (animateur, expert): radio choices matching `q`, the
    pôle's usual participants first; without `q`, the pôle's usual participants."""
    field = _picker_field(request)
    pole_id = _picker_pole(request)
    query = request.GET.get("q", "").strip()
    people = Person.objects.select_related("category")
    if query:
        people = people.search(query)
    elif pole_id:
        people = people.filter(attendances__meeting__pole_id=pole_id, attendances__present=True).distinct()
    else:
        people = people.none()
    limit = PICK_LIMIT if query else SUGGEST_LIMIT
    choices = [(p.pk, str(p), p.category.label, p.profession) for p in rank_people_for_pole(people, pole_id)[:limit]]
    return render(request, "meetings/_picker_results.html", {"field": field, "choices": choices, "query": query})


@patient_data_required
@require_GET
def structure_pick(request: HttpRequest) -> HttpResponse:
    """HTML fragment for the organising-structure picker, the pôle's usual organisers first."""
    field = _picker_field(request)
    pole_id = _picker_pole(request)
    query = request.GET.get("q", "").strip()
    if query:
        structures = search_structures(query)
    elif pole_id:
        structures = Structure.objects.select_related("type").filter(meetings_organised__pole_id=pole_id).distinct()
    else:
        structures = Structure.objects.none()
    choices = [(s.pk, s.name, s.type.label, s.commune)
               for s in rank_structures_for_pole(structures, pole_id)[:PICK_LIMIT if query else SUGGEST_LIMIT]]
    return render(request, "meetings/_picker_results.html", {"field": field, "choices": choices, "query": query})


def _pk(raw: str) -> int:
    if not raw.isdigit() or len(raw) > 15:
        raise Http404("Identifiant invalide.")
    return int(raw)


def _checked(row: GridRow, data) -> None:
    """What the grid shows ticked: the posted ticks after an error, else the record."""
    pk = row.person.pk
    if data is not None:
        row.checked = {k: f"{k}-{pk}" in data for k in ("present", "remote", "camera")}
    elif row.attendance is not None:
        a = row.attendance
        row.checked = {"present": a.present, "remote": a.remote, "camera": bool(a.camera)}
    else:
        # Nothing recorded yet: walk-ins just added, the animateur and the expert are ticked.
        row.checked = {"present": row.added or bool(row.role), "remote": False, "camera": False}


@patient_data_required
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """One grid: everyone invited or present, ticks saved at once."""
    meeting = _scoped_meeting(request, pk)
    if request.method == "GET" and "row" in request.GET:
        # htmx: the row of a person who came without invitation (saved with the grid).
        person = get_object_or_404(Person.objects.select_related("category", "structure"),
                                   pk=_pk(request.GET["row"]))
        row = GridRow(person=person, added=True)
        _checked(row, None)
        return render(request, "meetings/_attendance_row.html", {"row": row, "meeting": meeting})
    rows = attendance_grid(meeting)
    in_grid = {row.person.pk for row in rows}
    posted = expand_grid(request.POST) if request.method == "POST" else None
    extra_ids = posted.getlist("added") if posted is not None else request.GET.getlist("ajouter")
    extra_ids = [int(x) for x in extra_ids if x.isdigit() and len(x) < 16 and int(x) not in in_grid]
    for person in Person.objects.filter(pk__in=extra_ids).select_related("category", "structure"):
        rows.append(GridRow(person=person, added=True))
    errors: list[str] = []
    if request.method == "POST":
        grid = AttendanceGridForm(rows, posted)
        if grid.is_valid():
            try:
                save_attendance(meeting, grid.marks, grid.walk_ins)
            except ValidationError as refusal:
                errors = list(refusal.messages)
            else:
                n = sum(1 for m in grid.marks.values() if m.present)
                messages.success(request, f"Présences enregistrées ({n} présent·e·s).")
                return redirect("meeting-attendance", pk=meeting.pk)
        else:
            errors = grid.errors
    for row in rows:
        _checked(row, posted)
    return render(request, "meetings/attendance.html", {
        "meeting": meeting, "rows": rows, "errors": errors,
    })


# -- lifecycle: invitations, cancellation, documents received, closing --------------------------------

MAX_SCAN_BYTES = 10 * 1024 * 1024
SCAN_TYPES = {"application/pdf", "image/jpeg", "image/png"}


def _back(meeting: Meeting, anchor: str = "cycle") -> HttpResponse:
    return redirect(reverse("meeting-detail", args=[meeting.pk]) + f"#{anchor}")


@patient_data_required
@require_POST
def meeting_send_invitations(request: HttpRequest, pk: int) -> HttpResponse:
    from .invitations import send_invitations

    meeting = _scoped_meeting(request, pk)
    try:
        result = send_invitations(meeting, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        (messages.warning if result.without_email else messages.success)(request, result.message())
    return _back(meeting)


@patient_data_required
@require_POST
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    from .invitations import cancel_meeting

    meeting = _scoped_meeting(request, pk)
    try:
        n = cancel_meeting(meeting, request.POST.get("motif", ""), request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Réunion annulée ; {n} avis d'annulation envoyé(s) par courriel.")
    return _back(meeting)


@patient_data_required
@require_POST
def meeting_document_received(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a document received back (signed attendance sheet…), with its scan if attached."""
    import datetime as dt

    from .models import MeetingDocument

    meeting = _scoped_meeting(request, pk)
    kind = request.POST.get("kind", "")
    if kind not in MeetingDocument.Kind.values:
        messages.error(request, "Document inconnu.")
        return _back(meeting, "documents")
    raw = request.POST.get("received_on", "").strip()
    received_on = dt.date.today()
    if raw:
        for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                received_on = dt.datetime.strptime(raw, fmt).date()
                break
            except ValueError:
                continue
        else:
            messages.error(request, f"Date de réception invalide : « {raw} » (JJ/MM/AAAA).")
            return _back(meeting, "documents")
    scan = request.FILES.get("scan")
    values: dict = {"received_on": received_on, "received_by": request.user}
    if scan is not None:
        if scan.size > MAX_SCAN_BYTES:
            messages.error(request, f"Scan trop lourd ({scan.size // 1024 // 1024} Mo) : 10 Mo au plus.")
            return _back(meeting, "documents")
        if scan.content_type not in SCAN_TYPES:
            messages.error(request, "Le scan doit être un PDF, un JPEG ou un PNG.")
            return _back(meeting, "documents")
        values.update(scan=scan.read(), scan_name=scan.name[:200], scan_type=scan.content_type)
    MeetingDocument.objects.update_or_create(meeting=meeting, kind=kind, defaults=values)
    messages.success(request, f"{MeetingDocument.Kind(kind).label} : reçue le {received_on:%d/%m/%Y}.")
    return _back(meeting, "documents")


@patient_data_required
@require_GET
@audited(Kind.DOWNLOAD, "document_reunion")
def meeting_document_scan(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    from .models import MeetingDocument

    meeting = _scoped_meeting(request, pk)
    document = get_object_or_404(MeetingDocument, meeting=meeting, kind=kind, scan__isnull=False)
    response = HttpResponse(bytes(document.scan), content_type=document.scan_type or "application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{document.scan_name or "scan"}"'
    return response


@association_required
@require_POST
def meeting_close(request: HttpRequest, pk: int) -> HttpResponse:
    """The association's staff close a meeting whose documents and fees are done (or reopen it)."""
    import datetime as dt

    meeting = _scoped_meeting(request, pk)
    meeting.closed_on = None if request.POST.get("rouvrir") else dt.date.today()
    meeting.save(update_fields=["closed_on"])
    messages.success(request, "Réunion rouverte." if meeting.closed_on is None else "Réunion clôturée.")
    return _back(meeting)


DOCUMENT_TYPES = {"pdf": "application/pdf",
                  "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@patient_data_required
@require_GET
@audited(Kind.DOWNLOAD, "document_reunion")
def meeting_document(request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    """A pre-filled document of the meeting, PDF or DOCX (the invitation letters: ?personne=<id>
    for one person, else every invitee without an e-mail address)."""
    from . import documents
    from .invitations import invitees

    meeting = _scoped_meeting(request, pk)
    if fmt not in DOCUMENT_TYPES or (kind not in documents.BUILDERS and kind != "invitations"):
        raise Http404("Document inconnu.")
    if kind == "invitations":
        people = invitees(meeting)
        raw = request.GET.get("personne", "")
        people = [p for p in people if str(p.pk) == raw] if raw else [p for p in people if not p.email]
        if not people:
            raise Http404("Personne à inviter par courrier.")
        doc = documents.invitation_letters(meeting, people)
    else:
        doc = documents.BUILDERS[kind](meeting)
    content = documents.to_pdf(doc) if fmt == "pdf" else documents.to_docx(doc)
    response = HttpResponse(content, content_type=DOCUMENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{doc.filename}.{fmt}"'
    return response
