from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from concerto.accounts.permissions import association_required
from concerto.reports.numbers import half_up, pct_text

from . import services
from .forms import MappingForm, ReportUploadForm, SendForm
from .models import Send

SESSION_KEY = "newsletter_import"


def _year(request: HttpRequest, default: int) -> int:
    value = request.GET.get("annee", "")
    return int(value) if value.isdigit() and 1990 <= int(value) <= 2200 else default


@association_required
def send_list(request: HttpRequest) -> HttpResponse:
    """The sends of a year with the indicators of C.22 (the same as the report's chapter)."""
    sends = Send.objects.for_user(request.user)
    years = sorted({d.year for d in sends.dates("date", "year")}, reverse=True)
    year = _year(request, years[0] if years else dt.date.today().year)
    of_year = list(sends.of_year(year).order_by("date", "ref"))
    data = services.indicators(of_year)
    shown = {k: pct_text(data[k]) for k in ("taux_ouverture", "taux_clic", "reactivite")}
    categories = [(name, c, {k: pct_text(c[k]) for k in ("taux_ouverture", "taux_clic", "reactivite")},
                   half_up(c["moyenne_ouvreurs"]), half_up(c["moyenne_cliqueurs"]))
                  for name, c in services.category_indicators(of_year).items()]
    return render(request, "newsletters/send_list.html", {
        "sends": of_year, "year": year, "years": years, "indicators": data, "rates": shown,
        "mean": half_up(data["moyenne_destinataires_generales"]), "categories": categories,
    })


@association_required
def send_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    send = get_object_or_404(Send.objects.for_user(request.user), pk=pk) if pk else None
    form = SendForm(request.POST or None, instance=send)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"Envoi du {saved.date:%d/%m/%Y} enregistré.")
        return redirect(f"{reverse('newsletter-list')}?annee={saved.date.year}")
    return render(request, "newsletters/send_form.html", {"form": form, "send": send})


@association_required
def report_import(request: HttpRequest) -> HttpResponse:
    """Upload → (column mapping for an unknown mailer) → preview → confirm."""
    stored = request.session.get(SESSION_KEY)
    error = ""
    if request.method == "POST" and "file" in request.FILES:
        upload = ReportUploadForm(request.POST, request.FILES)
        if upload.is_valid():
            f = upload.cleaned_data["file"]
            try:
                text, _ = services.read_upload(f.read())
            except ValueError as problem:
                error = str(problem)
            else:
                request.session[SESSION_KEY] = {"name": f.name[:200], "text": text}
                return redirect("newsletter-import")
        return render(request, "newsletters/import.html", {"upload": upload, "error": error})
    if not stored or request.GET.get("nouveau"):
        request.session.pop(SESSION_KEY, None)
        return render(request, "newsletters/import.html", {"upload": ReportUploadForm(), "error": error})
    text = stored["text"]
    header, _ = services.read_csv(text)
    detected = services.detect(header)
    if detected is None or request.GET.get("correspondance"):
        form = MappingForm(request.POST or None, header=header)
        if request.method == "POST" and form.is_valid():
            try:
                services.save_mapping(form.cleaned_data["name"], form.columns(), form.general_lists())
            except ValidationError as refusal:
                error = " ".join(refusal.messages)
            else:
                messages.success(request, f"Correspondance « {form.cleaned_data['name']} » enregistrée.")
                return redirect("newsletter-import")
        return render(request, "newsletters/mapping.html", {"form": form, "header": header, "error": error,
                                                            "file_name": stored["name"]})
    try:
        planned = services.plan_import(text, detected)
    except services.ImportProblem as problem:
        return render(request, "newsletters/import.html", {
            "upload": ReportUploadForm(), "error": str(problem), "file_name": stored["name"], "detected": detected})
    if request.method == "POST" and request.POST.get("confirmer"):
        counts = services.write_import(planned, detected.mailer)
        request.session.pop(SESSION_KEY, None)
        messages.success(request, f"Import {detected.mailer} : "
                         + ", ".join(f"{v} {k}" for k, v in counts.items()) + ".")
        return redirect(f"{reverse('newsletter-list')}?annee={planned[-1].date.year}")
    return render(request, "newsletters/preview.html", {
        "planned": planned, "detected": detected, "file_name": stored["name"],
        "labels": services.FIELD_LABELS, "indicators": services.indicators(
            [Send(recipients=p.recipients, openers=p.openers, clickers=p.clickers, audience=p.audience)
             for p in planned]),
    })
