"""Report pages and downloads.

Access (decided here, see the final notes): association staff and the reader role see the
regional report and every pôle's; a pôle coordinator sees the reports of their pôles only —
the regional page sends them to their first pôle, regional downloads are refused (403), another
pôle is a 404 (scope = Pole.objects.for_user). Free-text answers (« problème ») are included
only for users who see patient data; the reader gets aggregates only (no patient code is ever
in a report).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from concerto.audit.services import Kind, audited, note_access, scope_text
from concerto.meetings.models import Meeting
from concerto.poles.models import Pole

from .export import FORMATS, filename
from .export import render as render_format
from .render.sections import sections, title_of
from .scope import Scope
from .tables import build_report

MIN_YEAR, MAX_YEAR = 1990, 2200


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404("Année hors limites.")


def _sees_region(user) -> bool:
    return user.is_association or user.role == "reader"


def _free_text(user) -> bool:
    return user.sees_patient_data


def _years(scope: Scope) -> list[int]:
    dates = Meeting.objects.filter(scope.q("pole")).dates("date", "year", order="DESC")
    years = [d.year for d in dates]
    return years or [timezone.localdate().year]


@login_required
def report_index(request: HttpRequest) -> HttpResponse:
    user = request.user
    poles = Pole.objects.for_user(user).order_by("name")
    scope = Scope.region() if _sees_region(user) else Scope.for_user(user)
    if not _sees_region(user) and not poles:
        raise PermissionDenied("Aucun pôle ne vous est attribué.")
    return render(request, "reports/index.html", {
        "years": _years(scope), "poles": poles, "sees_region": _sees_region(user),
    })


def _page(request: HttpRequest, year: int, scope: Scope, pole: Pole | None) -> HttpResponse:
    report = build_report(year, scope, include_free_text=_free_text(request.user))
    user = request.user
    downloads = {
        fmt: reverse("report-pole-download", args=[year, pole.pk, fmt]) if pole
        else reverse("report-download", args=[year, fmt])
        for fmt in FORMATS
    }
    return render(request, "reports/report.html", {
        "report": report,
        "title": title_of(report),
        "sections": sections(report),
        "year": year,
        "pole": pole,
        "poles": Pole.objects.for_user(user).order_by("name"),
        "sees_region": _sees_region(user),
        "downloads": downloads,
        "years": _years(Scope.region() if _sees_region(user) else Scope.for_user(user)),
    })


@login_required
def report_year(request: HttpRequest, year: int) -> HttpResponse:
    _check_year(year)
    if not _sees_region(request.user):
        first = Pole.objects.for_user(request.user).order_by("name").first()
        if first is None:
            raise PermissionDenied("Aucun pôle ne vous est attribué.")
        return redirect("report-year-pole", year=year, pk=first.pk)
    return _page(request, year, Scope.region(), None)


@login_required
def report_year_pole(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    _check_year(year)
    pole = get_object_or_404(Pole.objects.for_user(request.user), pk=pk)
    return _page(request, year, Scope.for_pole(pole), pole)


def _download(request: HttpRequest, year: int, scope: Scope, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("Format inconnu.")
    report = build_report(year, scope, include_free_text=_free_text(request.user))
    response = HttpResponse(render_format(report, fmt), content_type=FORMATS[fmt][0])
    response["Content-Disposition"] = f'attachment; filename="{filename(year, scope, fmt)}"'
    return response


@login_required
@audited(Kind.DOWNLOAD, "rapport")
def report_download(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    _check_year(year)
    if not _sees_region(request.user):
        raise PermissionDenied("Le rapport régional est réservé à l'association et aux lecteurs.")
    note_access(request, scope=scope_text([], year))
    return _download(request, year, Scope.region(), fmt)


@login_required
@audited(Kind.DOWNLOAD, "rapport")
def report_pole_download(request: HttpRequest, year: int, pk: int, fmt: str) -> HttpResponse:
    _check_year(year)
    pole = get_object_or_404(Pole.objects.for_user(request.user), pk=pk)
    note_access(request, scope=scope_text([pole], year))
    return _download(request, year, Scope.for_pole(pole), fmt)
