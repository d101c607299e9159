"""Staff pages: upload → preview → confirm → progress; export; empty template."""

from __future__ import annotations

import datetime as dt
import io

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from concerto.accounts.permissions import association_required
from concerto.audit.services import Kind, audited, note_access, scope_text

from .exporter import FRENCH_EXCEL, STANDARD, write_template, write_xlsx, write_zip
from .forms import UploadForm
from .models import ImportJob
from .services import TABLE_TITLES, confirm_job, create_job, fail_interrupted_jobs, live_progress

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@association_required
def import_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = create_job(request.user, form.cleaned_data["file"])
        return redirect("import-job", pk=job.pk)
    fail_interrupted_jobs()
    jobs = ImportJob.objects.filter(user=request.user)[:10]
    return render(request, "interchange/upload.html", {"form": form, "jobs": jobs})


def _job_context(job: ImportJob) -> dict:
    progress, step = live_progress(job)
    rows = [
        {"table": name, "title": TABLE_TITLES.get(name, name), **counts}
        for name, counts in job.counts.items()
    ]
    # A refusal of the whole file (too big, unreadable) has no sheet, row nor column: said as a
    # sentence, not as a table row of empty cells (unreadable on a phone).
    file_issues = [i for i in job.issues if not (i.get("sheet") or i.get("row") or i.get("column"))]
    located = [i for i in job.issues if i not in file_issues]
    return {"job": job, "progress": progress, "step": step, "preview": rows, "file_issues": file_issues,
            "located_issues": located}


@association_required
def import_job(request: HttpRequest, pk) -> HttpResponse:
    fail_interrupted_jobs()
    job = get_object_or_404(ImportJob, pk=pk, user=request.user)
    return render(request, "interchange/job.html", _job_context(job))


@association_required
def import_job_status(request: HttpRequest, pk) -> HttpResponse:
    """The polled part of the job page (htmx)."""
    fail_interrupted_jobs()
    job = get_object_or_404(ImportJob, pk=pk, user=request.user)
    return render(request, "interchange/_job_status.html", _job_context(job))


@require_POST
@association_required
def import_confirm(request: HttpRequest, pk) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=pk, user=request.user)
    confirm_job(job)
    return redirect("import-job", pk=job.pk)


@association_required
@audited(Kind.DOWNLOAD, "export")
def export_download(request: HttpRequest) -> HttpResponse:
    note_access(request, scope=scope_text([]))
    kind = request.GET.get("format", "xlsx")
    stamp = timezone.localdate().isoformat()
    buffer = io.BytesIO()
    if kind == "xlsx":
        write_xlsx(buffer, request.user)
        content_type, suffix = XLSX_TYPE, "xlsx"
    elif kind in ("zip", "zip-excel"):
        write_zip(buffer, request.user, FRENCH_EXCEL if kind == "zip-excel" else STANDARD)
        content_type, suffix = "application/zip", "zip" if kind == "zip" else "excel.zip"
    else:
        return HttpResponseBadRequest("Format inconnu : xlsx, zip ou zip-excel.")
    response = HttpResponse(buffer.getvalue(), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="concerto-export-{stamp}.{suffix}"'
    return response


@association_required
def import_template(request: HttpRequest) -> HttpResponse:
    buffer = io.BytesIO()
    year = dt.date.today().year
    write_template(buffer, year)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="concerto-modele-import-{year}.xlsx"'
    return response
