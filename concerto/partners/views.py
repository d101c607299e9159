"""Partners: the year's presentations and participations, the engagement histories."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from concerto.accounts.permissions import association_required

from . import services
from .forms import EngagementStepForm, PartnerActionForm
from .models import EngagementStep, PartnerAction


@association_required
def partner_list(request: HttpRequest) -> HttpResponse:
    try:
        year = int(request.GET.get("annee") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    actions = PartnerAction.objects.filter(date__year=year).select_related("structure", "modality", "pole")
    counts = services.counts_by_kind(year)
    steps = (EngagementStep.objects.select_related("pole", "structure", "level")
             .order_by("pole__name", "structure__name", "since"))
    return render(request, "partners/partner_list.html", {
        "year": year, "actions": actions, "counts": [(PartnerAction.Kind(k).label, n) for k, n in counts.items()],
        "indicators": services.cpom_indicators(year), "steps": steps,
    })


@association_required
def action_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    action = get_object_or_404(PartnerAction, pk=pk) if pk else None
    form = PartnerActionForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"{saved} enregistrée.")
        return redirect(f"/partenaires/?annee={saved.date.year}")
    return render(request, "partners/form.html", {"form": form, "title": "Présentation ou participation"},
                  status=400 if request.method == "POST" else 200)


@association_required
def engagement_add(request: HttpRequest) -> HttpResponse:
    form = EngagementStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.record_engagement(data["pole"], data["structure"], data["level"], data["since"], data["note"])
        messages.success(request, "Étape d'engagement enregistrée ; l'engagement actuel du pôle la suit.")
        return redirect("partner-list")
    return render(request, "partners/form.html", {"form": form, "title": "Nouvelle étape d'engagement"},
                  status=400 if request.method == "POST" else 200)
