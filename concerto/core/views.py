"""Home page: what a coordinator or the association team has to do now; the to-do page: the rest."""

from __future__ import annotations

import contextlib
import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from concerto.accounts.permissions import patient_data_required
from concerto.audit.services import Kind, record_access, scope_text
from concerto.core.services import bounded_count
from concerto.meetings.models import Meeting
from concerto.situations.models import Situation
from concerto.situations.services import incomplete_fiches, missing_fiche_fields, open_restudies

from .health import queue_counts, run_checks

HORIZON_DAYS = 60  # "the next two months"
RECENT_DAYS = 60  # fiches to finish: those of the meetings of the last two months
HOME_LIMIT = 5  # items per list on the home page (it fits two phone screens)
LIST_LIMIT = 50  # items per list on the to-do page; the rest are counted (staff see every pôle)


def _todo_window_start(today: dt.date) -> dt.date:
    # Fiches and invitations are chased for the current and the previous year (the year is
    # closed in January); older gaps are report matters, left to the pôle pages.
    return dt.date(today.year - 1, 1, 1)


def _with_missing(situations) -> list[tuple[Situation, list[str]]]:
    return [(s, missing_fiche_fields(s)) for s in situations]


def _next_meeting(user, today: dt.date) -> tuple[Meeting | None, list[str]]:
    """The next meeting of the user's pôles and what it still lacks (bounded: one meeting,
    counted once found)."""
    meeting = (
        Meeting.objects.for_user(user).filter(date__gte=today)
        .select_related("type", "pole", "modality", "animateur", "expert")
        .order_by("date", "start_time", "pk").first()
    )
    if meeting is None:
        return None, []
    counts = meeting.situations.aggregate(
        n=Count("pk", distinct=True),
        without=Count("pk", filter=Q(invitations__isnull=True), distinct=True),
    )
    meeting.n_situations, meeting.n_without_invitation = counts["n"], counts["without"]
    missing = []
    if meeting.is_intervision:
        if not meeting.n_situations:
            missing.append("aucune situation à l'ordre du jour")
        elif meeting.n_without_invitation:
            n = meeting.n_without_invitation
            missing.append(f"{n} situation{'s' if n > 1 else ''} sans personne invitée")
        if meeting.animateur_id is None:
            missing.append("pas d'animateur·rice")
        if meeting.expert_id is None:
            missing.append("pas d'expert·e")
    return meeting, missing


def _record(request: HttpRequest, what: str) -> None:
    # The to-do lists show patient codes: an access to patient-level data.
    user = request.user
    record_access(request, Kind.PAGE, what, scope=scope_text(user.poles.all() if user.is_coordinator else []),
                  object_type="accueil")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """In order: the next meeting and what it lacks, fiches to finish from the last meetings,
    re-studies due in the next two months; the rest behind links with counts."""
    user = request.user
    if not user.sees_patient_data:
        return render(request, "core/home_reader.html", {"year": timezone.localdate().year})

    today = timezone.localdate()
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    since = _todo_window_start(today)
    situations = Situation.objects.for_user(user)
    meetings = Meeting.objects.for_user(user)

    next_meeting, next_missing = _next_meeting(user, today)
    recent_all = incomplete_fiches(
        situations.filter(meeting__date__lte=today, meeting__date__gte=today - dt.timedelta(days=RECENT_DAYS))
    )
    recent = _with_missing(
        recent_all.select_related("meeting__pole", "patient").order_by("-meeting__date", "pk")[:HOME_LIMIT]
    )
    due_soon, due_soon_count = open_restudies(situations, today, horizon, limit=HOME_LIMIT)
    # Every count read in SQL up to a bound (bounded_count): the page's time does not grow with
    # the history nor with the number of pôles the user sees.
    counts = {
        "upcoming": bounded_count(meetings.filter(date__gte=today, date__lte=horizon)),
        "incomplete": bounded_count(
            incomplete_fiches(situations.filter(meeting__date__lte=today, meeting__date__gte=since))
        ),
        "without_invitation": bounded_count(situations.filter(meeting__date__gte=since, invitations__isnull=True)),
        "overdue": open_restudies(situations, since, today - dt.timedelta(days=1), limit=0)[1],
    }
    if recent or due_soon:
        _record(request, "Accueil : situations à compléter ou à reprogrammer")
    return render(request, "core/home.html", {
        "today": today, "since": since, "horizon_days": HORIZON_DAYS, "recent_days": RECENT_DAYS,
        "next_meeting": next_meeting, "next_missing": next_missing,
        "recent": recent, "recent_count": bounded_count(recent_all),
        "due_soon": due_soon, "due_soon_count": due_soon_count,
        "counts": counts,
    })


@patient_data_required
def todo(request: HttpRequest) -> HttpResponse:
    """Everything to do since 1 January of last year, each list capped and counted in SQL (up to
    a bound: bounded_count)."""
    user = request.user
    today = timezone.localdate()
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    since = _todo_window_start(today)
    situations = Situation.objects.for_user(user)
    upcoming = (
        Meeting.objects.for_user(user).filter(date__gte=today, date__lte=horizon)
        .select_related("type", "pole", "modality").order_by("date", "start_time")
    )
    incomplete = incomplete_fiches(
        situations.filter(meeting__date__lte=today, meeting__date__gte=since)
    ).select_related("meeting__pole", "patient").order_by("meeting__date", "pk")
    without_invitation = (
        situations.filter(meeting__date__gte=since, invitations__isnull=True)
        .select_related("meeting__pole", "patient").order_by("meeting__date", "pk")
    )
    restudies, restudies_count = open_restudies(situations, since, horizon, limit=LIST_LIMIT)
    _record(request, "À faire : situations à compléter ou à reprogrammer")
    return render(request, "core/todo.html", {
        "today": today, "horizon_days": HORIZON_DAYS, "since": since, "list_limit": LIST_LIMIT,
        "upcoming": upcoming[:LIST_LIMIT], "upcoming_count": bounded_count(upcoming),
        "incomplete": _with_missing(incomplete[:LIST_LIMIT]), "incomplete_count": bounded_count(incomplete),
        "without_invitation": without_invitation[:LIST_LIMIT],
        "without_invitation_count": bounded_count(without_invitation),
        "restudies": restudies, "restudies_count": restudies_count,
    })


def health(request: HttpRequest) -> JsonResponse:
    """Public probe for a load balancer or a container: 200 when every check passes, else 503."""
    checks = run_checks()
    healthy = all(result == "ok" for result in checks.values())
    body = {"statut": "ok" if healthy else "erreur", "verifications": checks}
    if checks.get("base_de_donnees") == "ok":
        with contextlib.suppress(Exception):  # the queue's own check already says what is wrong
            body["file_de_taches"] = queue_counts()
    response = JsonResponse(body, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response
