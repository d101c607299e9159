"""Pages of CPOM actions: association staff only. The Bilan itself is a document of the reports
(reports/documents.py « actions-cpom »), shown and downloaded by the reports' pages, which
readers see too."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from concerto.accounts.permissions import association_required
from concerto.directory.models import Person

from . import services
from .forms import ActionForm, ActionYearForm, EvaluationFormSet, IndicatorFormSet, SurveyFormSet, WeekForm
from .models import Action, ActionYear, TimeEntry

MIN_YEAR, MAX_YEAR = 1990, 2200


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("annee", ""))
    except ValueError:
        return timezone.localdate().year
    return year if MIN_YEAR <= year <= MAX_YEAR else timezone.localdate().year


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404("Année hors limites.")


def _years(year: int) -> list[int]:
    known = set(ActionYear.objects.values_list("year", flat=True).distinct())
    current = timezone.localdate().year
    return sorted(known | {current, current - 1, year}, reverse=True)


@association_required
def action_list(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    years = services.ordered_years(year)
    hours = services.hours_of_years(years)
    rows = [(ay, hours[ay.pk]) for ay in years]
    total = services.group_total(h.hours for _, h in rows)
    others = Action.objects.exclude(years__year=year).select_related("axe")
    return render(request, "cpom/action_list.html", {
        "year": year, "years": _years(year), "rows": rows, "total": total, "others": others,
        "fte": services.fte_hours(),
    })


def _save_formsets(formsets, year: int) -> None:
    for formset in formsets:
        for obj in formset.save(commit=False):
            obj.year = year
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()


def _edit(request: HttpRequest, action: Action | None, year: int) -> HttpResponse:
    instance = action or Action()
    if action:
        action_year = ActionYear.objects.filter(action=action, year=year).first() or ActionYear(action=action,
                                                                                                year=year)
    else:
        action_year = ActionYear(year=year)
    data = request.POST or None
    form = ActionForm(data, instance=instance, year=year, prefix="action")
    year_form = ActionYearForm(data, instance=action_year, year=year, prefix="annee")
    formsets = [
        cls(data, instance=instance, prefix=prefix,
            queryset=getattr(instance, related).filter(year=year) if action else cls.model.objects.none())
        for cls, prefix, related in ((IndicatorFormSet, "indicateurs", "indicators"),
                                     (EvaluationFormSet, "evaluations", "evaluations"),
                                     (SurveyFormSet, "enquete", "survey"))
    ]
    if request.method == "POST" and form.is_valid() and year_form.is_valid() and all(f.is_valid() for f in formsets):
        with transaction.atomic():
            saved = form.save()
            ay = year_form.save(commit=False)
            ay.action = saved
            ay.year = year
            ay.save()
            for formset in formsets:
                formset.instance = saved
            _save_formsets(formsets, year)
        messages.success(request, f"{saved.ref} ({year}) enregistrée.")
        return redirect("cpom-action-detail", pk=saved.pk, year=year)
    indicators, evaluations, survey = formsets
    return render(request, "cpom/action_form.html", {
        "action": action, "year": year, "form": form, "year_form": year_form, "indicators": indicators,
        "evaluations": evaluations, "survey": survey,
        "has_sheets": bool(action) and TimeEntry.objects.filter(action=action, date__year=year).exists(),
    })


@association_required
def action_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None, _year(request))


@association_required
def action_edit(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    _check_year(year)
    return _edit(request, get_object_or_404(Action, pk=pk), year)


@association_required
def action_detail(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    _check_year(year)
    action = get_object_or_404(Action.objects.select_related("axe"), pk=pk)
    action_year = ActionYear.objects.filter(action=action, year=year).select_related("status").first()
    hours = services.year_hours(action_year) if action_year else services.YearHours(None, False)
    by_person = (TimeEntry.objects.filter(action=action, date__year=year).values("person", "person__first_name",
                 "person__last_name").order_by("person__last_name").annotate(total=Sum("hours")))
    return render(request, "cpom/action_detail.html", {
        "action": action, "year": year, "action_year": action_year, "hours": hours,
        "etp": services.etp_text(hours.hours) if hours.hours is not None else "–",
        "indicators": services.indicator_rows(action.indicators.filter(year=year)),
        "evaluations": services.evaluation_table(action.evaluations.filter(year=year)),
        "surveys": services.survey_tables(action.survey.filter(year=year)),
        "by_person": by_person, "other_years": action.years.exclude(year=year).order_by("-year"),
    })


def _monday(request: HttpRequest) -> dt.date:
    text = request.GET.get("semaine", "")
    try:
        day = dt.date.fromisoformat(text) if text else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    return services.week_start(day)


@association_required
def timesheet(request: HttpRequest) -> HttpResponse:
    """The fast staff form: one person, one week, a cell per action and weekday."""
    monday = _monday(request)
    people = services.staff_members()
    me = services.person_of_user(request.user)
    if me and me not in people:
        people.insert(0, me)
    person = None
    wanted = request.GET.get("personne") or request.POST.get("personne")
    if wanted:
        person = Person.objects.filter(pk=wanted).first() if wanted.isdigit() else \
            Person.objects.filter(ref=wanted.strip()).first()
        if person is None:
            messages.error(request, f"Personne inconnue : « {wanted} » (identifiant de l'annuaire).")
        elif person not in people:
            people.append(person)
    person = person or me or (people[0] if people else None)
    days = services.week_days(monday)
    years = {d.year for d in days}
    # The actions the person recorded in the last eight weeks come first: a week is quick to fill.
    recent = set(TimeEntry.objects.filter(person=person, date__range=(monday - dt.timedelta(days=56), days[-1]))
                 .values_list("action_id", flat=True)) if person else set()
    actions = sorted(
        {ay.action for ay in ActionYear.objects.filter(year__in=years).select_related("action", "action__axe")}
        | set(Action.objects.filter(time_entries__person=person, time_entries__date__range=(days[0], days[-1]))
              .select_related("axe")),
        key=lambda a: (a.pk not in recent, a.axe.position, services.number_key(a.ref)),
    ) if person else []
    initial = services.week_entries(person, monday) if person else {}
    form = WeekForm(request.POST if request.method == "POST" and person else None, actions=actions,
                    monday=monday, initial_hours=initial)
    if request.method == "POST" and person and form.is_valid():
        try:
            counts = services.save_week(person, monday, form.hours)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Semaine du {monday:%d/%m/%Y} de {person} enregistrée : "
                                      f"{counts['created']} ajout(s), {counts['updated']} modification(s), "
                                      f"{counts['deleted']} suppression(s).")
            return redirect(f"{reverse('cpom-timesheet')}?personne={person.pk}&semaine={monday.isoformat()}")
    week_total = sum((v for v in initial.values()), services.ZERO)
    return render(request, "cpom/timesheet.html", {
        "form": form, "person": person, "people": people, "monday": monday, "days": days,
        "previous": monday - dt.timedelta(days=7), "next": monday + dt.timedelta(days=7),
        "week_total": week_total, "recent": recent,
    })


@association_required
def staff_hours(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    year = _year(request)
    table = services.staff_month_table(person, year)
    return render(request, "cpom/staff_hours.html", {
        "person": person, "year": year, "years": _years(year), "table": table, "months": services.MONTHS,
        "etp": services.etp_text(table["total"]),
    })
