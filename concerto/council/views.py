"""The scientific council page: seats and holders, the year's meetings and presence rate."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from concerto.accounts.permissions import association_required

from . import services
from .forms import SeatHoldingForm
from .models import SeatHolding


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("annee") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year


@association_required
def council(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    today = timezone.localdate()
    day = today if today.year == year else dt.date(year, 12, 31)
    all_holdings = services.holdings()
    meetings = [services.meeting_presence(m, all_holdings) for m in services.council_meetings(year)]
    return render(request, "council/council.html", {
        "year": year, "day": day, "seats": services.seats_on(day), "meetings": meetings,
        "figures": services.year_figures(year),
        "holdings": SeatHolding.objects.select_related("seat", "person").order_by("seat__position", "start"),
        "form": SeatHoldingForm(),
    })


@association_required
def holding_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    holding = get_object_or_404(SeatHolding, pk=pk) if pk else None
    form = SeatHoldingForm(request.POST or None, instance=holding)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Siège enregistré.")
        return redirect("council")
    return render(request, "council/holding_form.html", {"form": form, "holding": holding},
                  status=400 if request.method == "POST" else 200)
