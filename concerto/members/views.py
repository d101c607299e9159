from __future__ import annotations

import csv
import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from concerto.accounts.permissions import association_required
from concerto.audit.models import Kind
from concerto.audit.services import record_access
from concerto.core.history import Names, entries, newest_first

from . import services
from .forms import HelloAssoUploadForm, MembershipForm
from .models import MemberImport, Membership

PAGE_SIZE = 50


def _year(request: HttpRequest, default: int) -> int:
    value = request.GET.get("annee", "")
    return int(value) if value.isdigit() and 1990 <= int(value) <= 2200 else default


@association_required
def membership_list(request: HttpRequest) -> HttpResponse:
    """Members per year (staff), with the counts per category and class."""
    memberships = Membership.objects.for_user(request.user).select_related(
        "person", "structure", "category", "person__member_profession", "person__territory_cpts")
    years = list(memberships.order_by("-year").values_list("year", flat=True).distinct())
    year = request.GET.get("annee", "")
    if year.isdigit():
        memberships = memberships.filter(year=int(year))
    elif years:
        year = str(years[0])
        memberships = memberships.filter(year=years[0])
    query = request.GET.get("q", "").strip()
    for word in query.split():
        memberships = memberships.filter(person__last_name__icontains=word) | memberships.filter(
            structure__name__icontains=word)
    page = Paginator(memberships.order_by("person__last_name", "structure__name", "ref"), PAGE_SIZE).get_page(
        request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    counts = services.membership_counts(int(year)) if str(year).isdigit() else None
    return render(request, "members/membership_list.html", {
        "page": page, "years": years, "year": year, "query": query, "params": params.urlencode(), "counts": counts,
    })


def _history(membership: Membership) -> list:
    names = Names()
    return newest_first(entries(Membership, membership.history.all().select_related("history_user"),
                                "Adhésion", names))


@association_required
def membership_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.for_user(request.user), pk=pk) if pk else None
    form = MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"Adhésion {saved.year} de {saved.member} enregistrée.")
        return redirect(f"{reverse('membership-list')}?annee={saved.year}")
    return render(request, "members/membership_form.html", {
        "form": form, "membership": membership, "history": _history(membership) if membership else [],
    })


@association_required
def renewals(request: HttpRequest) -> HttpResponse:
    """Last year's members who have not renewed: the renewal campaign's list (CSV for the mailer)."""
    year = _year(request, dt.date.today().year)
    rows = services.renewal_recipients(year)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = f"relance-adhesions-{year}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response.write("\ufeff")
        writer = csv.writer(response, delimiter=";")
        writer.writerow(["Nom", "Prénom", "Structure", "E-mail", f"Catégorie {year - 1}", f"Classe {year - 1}"])
        for m, email in rows:
            p = m.person
            writer.writerow([p.last_name if p else "", p.first_name if p else "",
                             m.structure.name if m.structure else "", email, m.category.label,
                             m.get_member_class_display()])
        record_access(request, Kind.DOWNLOAD, name, scope=str(year))
        return response
    return render(request, "members/renewals.html", {
        "rows": rows, "year": year, "without_email": sum(1 for _, e in rows if not e),
    })


@association_required
def helloasso_upload(request: HttpRequest) -> HttpResponse:
    form = HelloAssoUploadForm(request.POST or None, request.FILES or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        try:
            text = services.decode(f.read())
            services.analyse_helloasso(text, form.cleaned_data["year"], form.cleaned_data["default_category"])
        except ValueError as problem:
            error = str(problem)
        else:
            job = MemberImport.objects.create(file_name=f.name[:255], content=text, year=form.cleaned_data["year"],
                                              default_category=form.cleaned_data["default_category"],
                                              created_by=request.user)
            return redirect("member-import-confirm", pk=job.pk)
    return render(request, "members/helloasso_upload.html", {"form": form, "error": error,
                                                             "columns": [services.HA_REF, services.HA_DATE,
                                                                         services.HA_STATUS, services.HA_LAST,
                                                                         services.HA_FIRST, services.HA_EMAIL,
                                                                         services.HA_TARIF, services.HA_AMOUNT]})


@association_required
def helloasso_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """What the import will do; the doubtful matches are chosen here before anything is written."""
    job = get_object_or_404(MemberImport, pk=pk)
    plan = services.analyse_helloasso(job.content, job.year, job.default_category)
    error = ""
    if request.method == "POST" and job.status == MemberImport.Status.PENDING:
        choices = {r.line: request.POST.get(f"choix-{r.line}", "") for r in plan if r.doubtful}
        try:
            counts = services.apply_helloasso(job, choices, request.user)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, "Import HelloAsso terminé : "
                             + ", ".join(f"{v} {k}" for k, v in counts.items()) + ".")
            return redirect(f"{reverse('membership-list')}?annee={job.year}")
    tally: dict[str, int] = {}
    for r in plan:
        tally[r.status] = tally.get(r.status, 0) + 1
    return render(request, "members/helloasso_confirm.html", {
        "job": job, "plan": plan, "error": error, "tally": tally, "doubtful": [r for r in plan if r.doubtful],
        "labels": {services.SURE_EMAIL: "reconnu·e par l'e-mail", services.NAME: "même nom : à confirmer",
                   services.AMBIGUOUS: "plusieurs personnes : à choisir", services.NEW: "nouvelle personne",
                   services.DUPLICATE: "doublon dans le fichier", services.ALREADY: "déjà enregistré",
                   services.SKIPPED: "ignoré"},
    })
