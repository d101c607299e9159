"""Report pages and downloads.

Access (decided here, see the final notes): association staff and the reader role see the
regional report and every pôle's; a pôle coordinator or médecin référent sees the reports of their pôles only —
the regional page sends them to their first pôle, regional downloads are refused (403), another
pôle is a 404 (scope = Pole.objects.for_user). Free-text answers (« problème ») are included
only for users who see patient data; the reader gets aggregates only (no patient code is ever
in a report).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.permissions import association_required
from concerto.audit.services import Kind, audited, note_access, scope_text
from concerto.meetings.models import Meeting
from concerto.poles.models import Pole

from . import files
from .documents import DEFAULT_DOCUMENT, Document, all_documents, get_document
from .export import FORMATS, filename
from .export import render as render_format
from .forms import CommentForm
from .models import ReportComment, ReportFile
from .scope import Period, Scope
from .services import save_comment

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
        "other_documents": [d for d in all_documents() if d.key != DEFAULT_DOCUMENT] if _sees_region(user) else [],
    })


def _document(key: str | None) -> Document:
    try:
        document = get_document(key)
    except KeyError:
        raise Http404("Document inconnu.") from None
    return document


def _url(name: str, document: Document, *args) -> str:
    """The URL of a report page or download; the annual report keeps its short URLs."""
    if document.key == DEFAULT_DOCUMENT:
        return reverse(name, args=args)
    return reverse(name.replace("report-", "report-doc-", 1), args=[document.key, *args])


def _page(request: HttpRequest, year: int, scope: Scope, pole: Pole | None, document: Document) -> HttpResponse:
    report = document.data(Period(year), scope, include_free_text=_free_text(request.user))
    model = document.document_model(report, scope)
    user = request.user
    downloads = {
        fmt: _url("report-pole-download", document, year, pole.pk, fmt) if pole
        else _url("report-download", document, year, fmt)
        for fmt in FORMATS
    }
    poles = Pole.objects.for_user(user).order_by("name")
    years = _years(Scope.region() if _sees_region(user) else Scope.for_user(user))
    return render(request, "reports/report.html", {
        **_nav(document, year, pole, poles, years, _sees_region(user)),
        "report": report,
        "document": document,
        "model": model,
        "title": model.title,
        "sections": model.sections,
        "year": year,
        "pole": pole,
        "poles": poles,
        "sees_region": _sees_region(user),
        "downloads": downloads,
        "years": years,
        "comments_url": (reverse("report-comments", args=[document.key, year])
                         + (f"?pole={pole.pk}" if pole else "")) if user.is_association else "",
    })


@login_required
@association_required
def report_comments(request: HttpRequest, doc: str, year: int) -> HttpResponse:
    """The staff's commentary of each chapter of a document for a year, region or one pôle (?pole=)."""
    _check_year(year)
    document = _document(doc)
    pole = None
    if request.GET.get("pole"):
        try:
            pole = _pole_of(request, document, int(request.GET["pole"]))
        except ValueError:
            raise Http404("Pôle inconnu.") from None
    scope = Scope.for_pole(pole) if pole else Scope.region()
    comments = {c.chapter: c for c in ReportComment.objects.filter(document=document.key, year=year, pole=pole)}
    if request.method == "POST":
        form = CommentForm(request.POST)
        if form.is_valid():
            save_comment(document=document.key, year=year, pole=pole, chapter=form.cleaned_data["chapter"],
                         mode=form.cleaned_data["mode"], text=form.cleaned_data["text"], user=request.user)
            messages.success(request, "Commentaire enregistré.")
            return redirect(request.get_full_path())
    data = document.data(Period(year), scope, include_free_text=False)
    model = document.model(data)
    chapters = []
    for section in model.sections:
        if not section.key:
            continue
        current = comments.get(section.key)
        initial = {"chapter": section.key}
        if current:
            initial.update(mode=current.mode, text=current.text)
        chapters.append((section, CommentForm(initial=initial), current))
    history = ReportComment.history.filter(document=document.key, year=year, pole=pole).select_related(
        "history_user").order_by("-history_date")[:50]
    report_url = (_url("report-year-pole", document, year, pole.pk) if pole else _url("report-year", document, year))
    return render(request, "reports/comments.html", {"model": model, "chapters": chapters, "history": history,
                                                     "report_url": report_url})


def _nav(document: Document, year: int, pole: Pole | None, poles, years: list[int], sees_region: bool) -> dict:
    """The page's links to the other years and scopes of the same document."""
    scopes = [("Toute la région", _url("report-year", document, year), pole is None)] if sees_region else []
    if document.per_pole:
        scopes += [(p.name, _url("report-year-pole", document, year, p.pk), pole is not None and p.pk == pole.pk)
                   for p in poles]
    year_links = [(y, _url("report-year-pole", document, y, pole.pk) if pole else _url("report-year", document, y),
                   y == year) for y in years]
    return {"scope_links": scopes, "year_links": year_links}


def _pole_of(request: HttpRequest, document: Document, pk: int) -> Pole:
    if not document.per_pole:
        raise Http404("Ce document n'existe que pour toute la région.")
    return get_object_or_404(Pole.objects.for_user(request.user), pk=pk)


@login_required
def report_year(request: HttpRequest, year: int, doc: str = DEFAULT_DOCUMENT) -> HttpResponse:
    _check_year(year)
    document = _document(doc)
    if not _sees_region(request.user):
        first = Pole.objects.for_user(request.user).order_by("name").first()
        if first is None or not document.per_pole:
            raise PermissionDenied("Aucun pôle ne vous est attribué.")
        return redirect(_url("report-year-pole", document, year, first.pk))
    return _page(request, year, Scope.region(), None, document)


@login_required
def report_year_pole(request: HttpRequest, year: int, pk: int, doc: str = DEFAULT_DOCUMENT) -> HttpResponse:
    _check_year(year)
    document = _document(doc)
    pole = _pole_of(request, document, pk)
    return _page(request, year, Scope.for_pole(pole), pole, document)


def _download(request: HttpRequest, year: int, scope: Scope, fmt: str, document: Document,
              back_url: str = "") -> HttpResponse:
    """The file. DOCX and PDF are built once per stamp (files.py): when not built yet and a
    worker is alive, the build runs in the task queue and this answers 202 with its progress
    (polled by htmx on the same URL, not audited: no file was given); the click on the ready
    file, or the redirect htmx makes when it is, downloads it."""
    if fmt not in FORMATS:
        raise Http404("Format inconnu.")
    free, period = _free_text(request.user), Period(year)
    name = filename(year, scope, fmt, document.key)
    if fmt == "json":
        content = render_format(document.data(period, scope, include_free_text=free), fmt, document, scope)
    else:
        content = files.ready_file(document, period, scope, fmt, free)
        polled = bool(request.headers.get("HX-Request"))
        if (content is None or polled) and fmt in files.BACKGROUND_FORMATS and files.worker_alive():
            row = files.request_build(document, period, scope, fmt, free, again="relancer" in request.GET)
            url = request.path
            context = {"file": row, "url": url, "name": name, "title": document.title, "back_url": back_url,
                       "active": row.status in (ReportFile.Status.QUEUED, ReportFile.Status.RUNNING)}
            response = render(request, "reports/_file_status.html" if polled else "reports/file.html", context,
                              status=202)
            if polled and row.status == ReportFile.Status.DONE:
                response["HX-Redirect"] = url  # the browser fetches the file itself
            return response
        if content is None:
            content = files.build(document, period, scope, fmt, free)
    response = HttpResponse(content, content_type=FORMATS[fmt][0])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@audited(Kind.DOWNLOAD, "rapport")
def report_download(request: HttpRequest, year: int, fmt: str, doc: str = DEFAULT_DOCUMENT) -> HttpResponse:
    _check_year(year)
    document = _document(doc)
    if not _sees_region(request.user):
        raise PermissionDenied("Le rapport régional est réservé à l'association et aux lecteurs.")
    note_access(request, scope=scope_text([], year))
    return _download(request, year, Scope.region(), fmt, document, _url("report-year", document, year))


@login_required
@audited(Kind.DOWNLOAD, "rapport")
def report_pole_download(request: HttpRequest, year: int, pk: int, fmt: str,
                         doc: str = DEFAULT_DOCUMENT) -> HttpResponse:
    _check_year(year)
    document = _document(doc)
    pole = _pole_of(request, document, pk)
    note_access(request, scope=scope_text([pole], year))
    return _download(request, year, Scope.for_pole(pole), fmt, document,
                     _url("report-year-pole", document, year, pole.pk))
