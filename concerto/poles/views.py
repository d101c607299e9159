from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, F, Func, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from concerto.accounts.permissions import association_required, patient_data_required
from concerto.audit.services import Kind, audited, note_access, scope_text
from concerto.meetings.models import INTERVISION, Meeting
from concerto.situations.models import Situation
from concerto.situations.services import missing_fiche_fields, with_completeness

from .forms import EngagementFormSet, PoleForm
from .history import pole_history
from .models import Pole
from .services import follow_organiser

# Years a meeting can have (outside: no date to filter on, the database would fail).
MIN_YEAR, MAX_YEAR = 1990, 2200


def _year(request: HttpRequest) -> int:
    """The year asked for, or the current one with a French message when it is not a plausible year."""
    raw = request.GET.get("annee", "").strip()
    current = timezone.localdate().year
    if not raw:
        return current
    try:
        year = int(raw) if len(raw) <= 6 else None
    except ValueError:
        year = None
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        messages.warning(request, f"Année « {raw[:12]} » non reconnue (de {MIN_YEAR} à {MAX_YEAR}) : "
                                  f"année {current} affichée.")
        return current
    return year


@patient_data_required
def pole_list(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    # Per pôle, the year's meetings only (the (pôle, date) index), not a join over the whole history.
    year_range = (dt.date(year, 1, 1), dt.date(year, 12, 31))

    def count(queryset) -> Coalesce:
        return Coalesce(Subquery(queryset.order_by().values("c")), 0)

    meetings = Meeting.objects.filter(pole=OuterRef("pk"), date__range=year_range, type__code=INTERVISION)
    situations = Situation.objects.filter(meeting__pole=OuterRef("pk"), meeting__date__range=year_range)
    poles = (
        Pole.objects.for_user(request.user)
        .select_related("organiser")
        .annotate(
            intervisions=count(meetings.annotate(c=Func(F("pk"), function="COUNT"))),
            situations=count(situations.annotate(c=Func(F("pk"), function="COUNT"))),
        )
    )
    return render(request, "poles/pole_list.html", {"poles": poles, "year": year, "years": _years(year)})


def _years(year: int) -> list[int]:
    current = timezone.localdate().year
    return sorted({*range(current - 5, current + 2), year}, reverse=True)


@patient_data_required
@audited(Kind.PAGE, "pole")
def pole_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pole = get_object_or_404(
        Pole.objects.for_user(request.user).select_related("referent", "organiser"), pk=pk
    )
    year = _year(request)
    # The page lists the year's patient codes and their fiches' gaps.
    note_access(request, f"Pôle {pole} : situations de l'année", scope_text([pole], year))
    meetings = (
        Meeting.objects.for_user(request.user)
        .filter(pole=pole)
        .in_year(year)
        .select_related("type", "modality", "animateur")
        .annotate(n_situations=Count("situations"))
        .order_by("date", "start_time")
    )
    situations = with_completeness(
        Situation.objects.for_user(request.user)
        .filter(meeting__pole=pole, meeting__date__year=year)
        .select_related("meeting", "patient")
        .order_by("meeting__date", "pk")
    )
    rows = [(s, missing_fiche_fields(s)) for s in situations]
    engagements = pole.engagements.select_related("structure", "structure__type", "level").order_by(
        "structure__name"
    )
    return render(
        request,
        "poles/pole_detail.html",
        {
            "pole": pole,
            "year": year,
            "years": _years(year),
            "meetings": meetings,
            "situation_rows": rows,
            "complete_count": sum(1 for _, missing in rows if not missing),
            "engagements": engagements,
            # Who organised the meetings, and when (poles.PoleOrganiser).
            "organisers": pole.organisers.select_related("structure").order_by("start"),
            "history": pole_history(pole) if request.user.is_association else None,
        },
    )


def _edit(request: HttpRequest, pole: Pole | None) -> HttpResponse:
    form = PoleForm(request.POST or None, instance=pole)
    formset = EngagementFormSet(request.POST or None, instance=pole or Pole(), prefix="engagements")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        previous_id = pole.organiser_id if pole else None
        with transaction.atomic():
            saved = form.save()
            follow_organiser(saved, previous_id)
            formset.instance = saved
            formset.save()
        messages.success(request, f"Pôle « {saved} » enregistré.")
        return redirect("pole-detail", pk=saved.pk)
    return render(request, "poles/pole_form.html", {"form": form, "formset": formset, "pole": pole})


@association_required
def pole_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@association_required
def pole_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, get_object_or_404(Pole.objects.for_user(request.user), pk=pk))
