"""Conventions: the list, the form, the generated document."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify

from concerto.accounts.permissions import association_required
from concerto.audit.services import Kind, audited

from . import services
from .forms import ConventionForm
from .models import Convention

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@association_required
def convention_list(request: HttpRequest) -> HttpResponse:
    conventions = Convention.objects.select_related("structure", "status").prefetch_related("poles")
    return render(request, "conventions/convention_list.html", {"conventions": conventions})


@association_required
def convention_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    convention = get_object_or_404(Convention, pk=pk) if pk else None
    form = ConventionForm(request.POST or None, instance=convention)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"{saved} enregistrée.")
        return redirect("convention-list")
    return render(request, "conventions/convention_form.html", {"form": form, "convention": convention},
                  status=400 if request.method == "POST" else 200)


@association_required
@audited(Kind.DOWNLOAD, "convention")
def convention_document(request: HttpRequest, pk: int) -> HttpResponse:
    convention = get_object_or_404(Convention.objects.select_related("structure"), pk=pk)
    content = services.convention_docx(convention)
    name = f"convention-{slugify(convention.structure.name)}.docx"
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
