"""Staff pages of the fees: what is owed, tariffs, statements for the accountant, payments."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from concerto.accounts.permissions import association_required
from concerto.audit.services import Kind, audited

from . import services
from .documents import statement_pdf, statement_xlsx
from .forms import NotDueForm, PaymentForm, PeriodForm, TariffForm
from .models import Fee, Statement, Tariff

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("annee", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else dt.date.today().year


@association_required
@require_GET
def fee_list(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    services.sync_fees(services.in_period(dt.date(year, 1, 1), min(dt.date(year, 12, 31), dt.date.today())))
    fees = Fee.objects.filter(meeting__date__year=year).select_related(
        "meeting__pole", "person__category", "statement")
    status = request.GET.get("etat", "")
    if status in Fee.Status.values:
        fees = fees.filter(status=status)
    return render(request, "fees/fee_list.html", {
        "year": year, "years": range(dt.date.today().year, dt.date.today().year - 4, -1),
        "fees": fees.order_by("-meeting__date", "person__last_name")[:500], "status": status,
        "statuses": Fee.Status.choices, "summary": services.year_summary(year),
        "tariffs": Tariff.objects.filter(year__in=[year, year + 1]), "tariff_form": TariffForm(initial={"year": year}),
        "period_form": PeriodForm(initial={"start": dt.date(year, 1, 1),
                                           "end": min(dt.date(year, 12, 31), dt.date.today())}),
        "statements": Statement.objects.select_related("created_by")[:20], "roles": Fee._meta.get_field("role").choices,
    })


@association_required
@require_POST
def tariff_save(request: HttpRequest) -> HttpResponse:
    form = TariffForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        Tariff.objects.update_or_create(year=data["year"], role=data["role"], defaults={"amount": data["amount"]})
        messages.success(request, f"Tarif {data['year']} enregistré : {services.euros(data['amount'])}.")
    else:
        messages.error(request, "Tarif non enregistré : " + " ".join(
            f"{form.fields[k].label} : {' '.join(v)}" for k, v in form.errors.items()))
    return redirect(reverse("fee-list") + f"?annee={request.POST.get('year', '')}")


@association_required
@require_POST
def statement_create(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Période invalide : " + " ".join(" ".join(v) for v in form.errors.values()))
        return redirect("fee-list")
    try:
        statement = services.create_statement(form.cleaned_data["start"], form.cleaned_data["end"], request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("fee-list") + f"?annee={form.cleaned_data['start'].year}")
    messages.success(request, f"{statement} établi : {statement.fees.count()} ligne(s) envoyée(s) en comptabilité.")
    return redirect("fee-statement-detail", pk=statement.pk)


@association_required
@require_GET
def statement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    statement = get_object_or_404(Statement, pk=pk)
    return render(request, "fees/statement_detail.html", {
        "statement": statement, "lines": services.statement_lines(statement),
        "total": services.euros(services.statement_total(statement)),
        "payment_form": PaymentForm(initial={"paid_on": dt.date.today()}),
        "fees": statement.fees.select_related("meeting__pole", "person"),
    })


@association_required
@require_GET
@audited(Kind.DOWNLOAD, "etat_indemnisations")
def statement_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    statement = get_object_or_404(Statement, pk=pk)
    if fmt == "xlsx":
        response = HttpResponse(statement_xlsx(statement), content_type=XLSX)
    elif fmt == "pdf":
        response = HttpResponse(statement_pdf(statement), content_type="application/pdf")
    else:
        raise Http404("Format inconnu.")
    response["Content-Disposition"] = f'attachment; filename="indemnisations-{statement.ref}.{fmt}"'
    return response


def _pay(request: HttpRequest, fees, back: str) -> HttpResponse:
    form = PaymentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Date de paiement invalide (JJ/MM/AAAA).")
        return redirect(back)
    try:
        with transaction.atomic():
            n = services.record_payment(fees, form.cleaned_data["paid_on"], request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{n} ligne(s) payée(s) ; les professionnels sont avertis par courriel.")
    return redirect(back)


@association_required
@require_POST
def statement_pay(request: HttpRequest, pk: int) -> HttpResponse:
    statement = get_object_or_404(Statement, pk=pk)
    return _pay(request, statement.fees.all(), reverse("fee-statement-detail", args=[pk]))


@association_required
@require_POST
def fee_pay(request: HttpRequest, pk: int) -> HttpResponse:
    fee = get_object_or_404(Fee, pk=pk)
    back = reverse("fee-statement-detail", args=[fee.statement_id]) if fee.statement_id else reverse("fee-list")
    return _pay(request, Fee.objects.filter(pk=pk), back)


@association_required
@require_POST
def fee_not_due(request: HttpRequest, pk: int) -> HttpResponse:
    fee = get_object_or_404(Fee, pk=pk)
    form = NotDueForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Indiquez pourquoi cette participation n'est pas due.")
        services.mark_not_due(fee, form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{fee.person} : participation du {fee.meeting.date:%d/%m/%Y} non due.")
    return redirect(reverse("fee-list") + f"?annee={fee.meeting.date.year}")
