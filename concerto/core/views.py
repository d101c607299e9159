"""Home page: what a coordinator or the association team has to do next."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from concerto.audit.services import Kind, record_access, scope_text
from concerto.meetings.models import Meeting
from concerto.situations.models import Situation
from concerto.situations.services import missing_fiche_fields, restudies, with_completeness

from .health import run_checks

HORIZON_DAYS = 60
LIST_LIMIT = 50  # items shown per to-do list; the rest are counted (staff see every pôle)


def _todo_window_start(today: dt.date) -> dt.date:
    # Fiches and invitations are chased for the current and the previous year (the year is
    # closed in January); older gaps are report matters, not daily to-dos.
    return dt.date(today.year - 1, 1, 1)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.sees_patient_data:
        return render(request, "core/home_reader.html")

    today = timezone.localdate()
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    since = _todo_window_start(today)
    situations = Situation.objects.for_user(user)

    upcoming = (
        Meeting.objects.for_user(user)
        .filter(date__gte=today, date__lte=horizon)
        .select_related("type", "pole", "modality")
        .order_by("date", "start_time")
    )

    past = with_completeness(
        situations.filter(meeting__date__lt=today, meeting__date__gte=since)
        .select_related("meeting__pole", "patient")
        .order_by("meeting__date", "pk")
    )
    incomplete = [(s, missing) for s in past if (missing := missing_fiche_fields(s))]

    without_invitation = (
        situations.filter(meeting__date__gte=since, invitations__isnull=True)
        .select_related("meeting__pole", "patient")
        .order_by("meeting__date", "pk")
    )

    due_restudies = sorted(
        (r for r in restudies(situations) if not r.realised and r.due is not None and r.due <= horizon),
        key=lambda r: r.due,
    )

    without_invitation_count = without_invitation.count()
    if incomplete or due_restudies or without_invitation_count:
        # The to-do lists show patient codes: an access to patient-level data.
        record_access(request, Kind.PAGE, "Accueil : situations à compléter ou à reprogrammer",
                      scope=scope_text(user.poles.all() if user.is_coordinator else []), object_type="accueil")
    return render(
        request,
        "core/home.html",
        {
            "today": today,
            "horizon_days": HORIZON_DAYS,
            "since": since,
            "upcoming": upcoming,
            "list_limit": LIST_LIMIT,
            "incomplete": incomplete[:LIST_LIMIT],
            "incomplete_count": len(incomplete),
            "without_invitation": without_invitation[:LIST_LIMIT],
            "without_invitation_count": without_invitation_count,
            "restudies": due_restudies[:LIST_LIMIT],
            "restudies_count": len(due_restudies),
        },
    )


def health(request: HttpRequest) -> JsonResponse:
    """Public probe for a load balancer or a container: 200 when every check passes, else 503."""
    checks = run_checks()
    healthy = all(result == "ok" for result in checks.values())
    response = JsonResponse({"statut": "ok" if healthy else "erreur", "verifications": checks},
                            status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response
