"""The pôle ressource's request log: list, form, directory look-up, and its report page.

Access: the log is for its referents and the association staff (`AdviceRequest.objects.for_user`,
`advice_required`); the report is aggregated and also open to readers.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from concerto.accounts.permissions import advice_required
from concerto.directory.models import Person
from concerto.nomenclatures.models import Label, ListKey

from .forms import AdviceFilterForm, AdviceRequestForm
from .models import AdviceRequest
from .services import last_referent_id, save_request

PAGE_SIZE = 30


@advice_required
def request_list(request: HttpRequest) -> HttpResponse:
    filters = AdviceFilterForm(request.GET or None)
    qs = filters.filter(AdviceRequest.objects.for_user(request.user))
    qs = qs.select_related("requester", "mode", "referent", "territory_cpts", "territory_cls", "person")
    # Paginated in SQL (LIMIT/OFFSET); the lists of the page's rows in one query each.
    page = Paginator(qs.prefetch_related("natures", "responses"), PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "advice/request_list.html", {
        "page": page, "filters": filters, "params": params.urlencode(), "count": page.paginator.count,
        "year": timezone.localdate().year,
    })


def _form_page(request: HttpRequest, instance: AdviceRequest | None) -> HttpResponse:
    initial = {}
    if instance is None:
        initial = {
            "date": timezone.localdate(), "mission": AdviceRequest.Mission.PROFESSIONALS,
            "mode": Label.objects.of(ListKey.MODE_SOLLICITATION).order_by("position").first(),
            "referent": last_referent_id(request.user),
        }
    form = AdviceRequestForm(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = save_request(form, request.user)
        messages.success(request, f"Sollicitation du {saved.date:%d/%m/%Y} enregistrée.")
        if "encore" in request.POST:
            return redirect("advice-create")
        return redirect("advice-list")
    history = []
    if instance is not None:
        history = instance.history.select_related("history_user").order_by("-history_date")[:20]
    return render(request, "advice/request_form.html", {
        "form": form, "advice": instance, "history": history,
        "person": form.cleaned_data.get("person") if form.is_bound and hasattr(form, "cleaned_data")
        else (instance.person if instance else None),
    })


@advice_required
def request_create(request: HttpRequest) -> HttpResponse:
    return _form_page(request, None)


@advice_required
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(request, get_object_or_404(AdviceRequest.objects.for_user(request.user), pk=pk))


@advice_required
def person_lookup(request: HttpRequest) -> HttpResponse:
    """HTML fragment: professionals of the directory matching `q` (never patients), each with
    the territories a request from them is prefilled with."""
    query = request.GET.get("q", "").strip()
    people = []
    if len(query) >= 2:
        people = list(Person.objects.search(query).exclude(category__code="patients")
                      .select_related("category", "structure", "territory_cpts", "territory_cls",
                                      "structure__territory_cpts", "structure__territory_cls")[:12])
    rows = [(p, *p.territories) for p in people]
    return render(request, "advice/_person_results.html", {"rows": rows, "query": query})


def _check_reader(user) -> None:
    if not (user.records_advice or user.role == "reader"):
        raise PermissionDenied("Le rapport du pôle ressource est réservé à l'association, à ses référents "
                               "et aux lecteurs.")


def _report_years() -> list[int]:
    years = {d.year for d in AdviceRequest.objects.dates("date", "year")}
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


@login_required
def report_page(request: HttpRequest, year: int) -> HttpResponse:
    """The pôle ressource report of year N (aggregated: also for readers)."""
    from concerto.reports.chapters.advice import build_pole_ressource_report

    from .document import is_subtotal, pole_ressource_sections, title_of

    if not 1990 <= year <= 2200:
        raise Http404("Année hors limites.")
    _check_reader(request.user)
    data = build_pole_ressource_report(year)
    return render(request, "advice/report.html", {
        "title": title_of(data), "sections": pole_ressource_sections(data), "year": year, "years": _report_years(),
        "subtotals": [row[0] for s in pole_ressource_sections(data) for t in s.tables for row in t.rows
                      if is_subtotal(str(row[0]))],
        "downloads": _downloads(year),
    })


def _downloads(year: int) -> dict[str, str]:
    from django.urls import reverse

    return {fmt: reverse("advice-report-download", args=[year, fmt]) for fmt in ("docx", "pdf", "xlsx", "json")}


@login_required
def report_download(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    """The same report as XLSX, DOCX, PDF or JSON, through the shared renderers."""
    from concerto.reports.export import FORMATS
    from concerto.reports.export import render as render_format

    from .document import DOCUMENT

    if not 1990 <= year <= 2200 or fmt not in FORMATS:
        raise Http404("Format inconnu.")
    _check_reader(request.user)
    data = DOCUMENT.data(year)
    response = HttpResponse(render_format(data, fmt, DOCUMENT), content_type=FORMATS[fmt][0])
    response["Content-Disposition"] = f'attachment; filename="rapport-pole-ressource-{year}.{FORMATS[fmt][1]}"'
    return response
