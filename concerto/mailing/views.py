"""Staff pages: the e-mails sent (filters), one sending, the templates and their editor."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from concerto.accounts.permissions import association_required

from . import services
from .defaults import DEFAULTS
from .forms import EmailSendingFilter, EmailTemplateForm, TestEmailForm
from .models import EmailSending, EmailTemplate

PAGE_SIZE = 50


@association_required
def sending_list(request: HttpRequest) -> HttpResponse:
    # Prefixed: the filters have a « recipient » field of their own (one id per page).
    form = TestEmailForm(request.POST or None, initial={"recipient": request.user.email}, prefix="essai")
    if request.method == "POST" and form.is_valid():
        first_name = request.user.first_name or request.user.username
        services.send_email("essai", form.cleaned_data["recipient"], {"prenom": first_name}, user=request.user)
        messages.success(request, "Message d'essai mis en file d'attente : il part dès qu'un processus de "
                                  "travail le prend.")
        return redirect("mailing-sendings")
    filters = EmailSendingFilter(request.GET or None, queryset=EmailSending.objects.select_related("template"))
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "mailing/sending_list.html",
                  {"filters": filters, "page": page, "query": query.urlencode(), "test_form": form})


@association_required
def sending_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sending = get_object_or_404(EmailSending.objects.select_related("template", "sent_by"), pk=pk)
    return render(request, "mailing/sending_detail.html", {"sending": sending})


@require_POST
@association_required
def sending_retry(request: HttpRequest, pk: int) -> HttpResponse:
    sending = get_object_or_404(EmailSending, pk=pk)
    if services.retry(sending):
        messages.success(request, "Envoi remis en file d'attente.")
    else:
        messages.warning(request, "Seul un envoi en échec peut être relancé.")
    return redirect("mailing-sending", pk=sending.pk)


@association_required
def template_list(request: HttpRequest) -> HttpResponse:
    for key in DEFAULTS:  # the shipped templates are listed even before their first sending
        services.get_template(key)
    return render(request, "mailing/template_list.html", {"templates": EmailTemplate.objects.all()})


@association_required
def template_edit(request: HttpRequest, key: str) -> HttpResponse:
    if key in DEFAULTS:
        services.get_template(key)  # a shipped template is there even if its row was never created
    template = get_object_or_404(EmailTemplate, key=key)
    form = EmailTemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        template = form.save(commit=False)
        template.updated_by = request.user
        template.save()
        messages.success(request, f"Modèle « {template.name} » enregistré.")
        return redirect("mailing-templates")
    default = DEFAULTS.get(template.key)
    return render(request, "mailing/template_form.html", {"form": form, "template": template, "default": default})
