from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from concerto.accounts.permissions import association_required, patient_data_required
from concerto.core.services import create_once, form_token
from concerto.meetings.models import Attendance, Meeting
from concerto.nomenclatures.models import Label, ListKey

from .forms import MergeForm, PersonForm, StructureForm
from .history import person_history
from .models import MAX_SEARCH_CHARS, SEARCH_CUT_MESSAGE, Person, Structure, search_words
from .services import merge_people, merge_preview

PAGE_SIZE = 50


@patient_data_required
def person_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    category = request.GET.get("categorie", "")
    people = Person.objects.select_related("category", "structure")
    if query:
        people = people.search(query)
        if search_words(query)[1]:
            messages.info(request, SEARCH_CUT_MESSAGE)
    if category.isdigit() and len(category) < 16:
        people = people.filter(category_id=int(category))
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "directory/person_list.html",
        {
            "page": page,
            "query": query,
            "category": category,
            "categories": Label.objects.of(ListKey.CATEGORIE),
            "params": params.urlencode(),
        },
    )


@patient_data_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.select_related("category", "structure"), pk=pk)
    # Participations are pôle data: a coordinator sees those of their pôles only.
    participations = (
        Attendance.objects.filter(person=person, meeting__in=Meeting.objects.for_user(request.user))
        .select_related("meeting__type", "meeting__pole", "meeting__modality")
        .order_by("-meeting__date")
    )
    return render(request, "directory/person_detail.html", {
        "person": person, "participations": participations,
        "editable": Person.objects.editable_by(request.user).filter(pk=pk).exists(),
        # The change history is for the association's staff (audit), like the fiches'.
        "history": person_history(person) if request.user.is_association else None,
    })


def _person_form(request: HttpRequest, person: Person | None) -> HttpResponse:
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        if person is not None:
            with transaction.atomic():
                saved = form.save()
            messages.success(request, f"Fiche de {saved} enregistrée.")
            return redirect("person-detail", pk=saved.pk)
        url, first = create_once(request, lambda: reverse("person-detail", args=[form.save().pk]))
        if first:
            messages.success(request, f"Fiche de {form.instance} enregistrée.")
        else:
            messages.info(request, "Ce formulaire avait déjà été envoyé : la personne n'a été créée qu'une fois.")
        return redirect(url or "person-list")
    return render(request, "directory/person_form.html", {
        "form": form, "person": person, "submit_token": form_token(request) if person is None else "",
    })


@patient_data_required
def person_create(request: HttpRequest) -> HttpResponse:
    return _person_form(request, None)


@patient_data_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    if not Person.objects.editable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied("Cette personne ne participe à aucune réunion de vos pôles : seule l'équipe de "
                               "l'association peut modifier sa fiche.")
    return _person_form(request, person)


@association_required
def person_merge(request: HttpRequest) -> HttpResponse:
    """Choose two records (GET), preview, confirm (POST with confirm=1)."""
    data = request.POST if request.method == "POST" else request.GET
    if {"keep", "other"} <= set(data):
        form = MergeForm(data)
    else:
        form = MergeForm(initial={k: data[k] for k in ("keep", "other") if k in data})
    preview = None
    if form.is_bound and form.is_valid():
        keep, other = form.cleaned_data["keep"], form.cleaned_data["other"]
        if request.method == "POST" and request.POST.get("confirm") == "1":
            other_label = f"{other} ({other.ref})"
            kept = merge_people(keep, other)
            messages.success(request, f"{other_label} a été fusionné·e dans la fiche {kept.ref}.")
            return redirect("person-detail", pk=kept.pk)
        preview = merge_preview(keep, other)
    query = request.GET.get("q", "").strip()
    candidates = (
        Person.objects.search(query).select_related("category", "structure")[:30] if query else None
    )
    return render(
        request,
        "directory/person_merge.html",
        {"form": form, "preview": preview, "query": query, "candidates": candidates},
    )


@association_required
def structure_list(request: HttpRequest) -> HttpResponse:
    structures = Structure.objects.select_related("type", "parent").annotate(n_people=Count("people")).order_by("name")
    query = request.GET.get("q", "").strip()[:MAX_SEARCH_CHARS]
    if query:
        structures = structures.filter(name__icontains=query)
    page = Paginator(structures, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "directory/structure_list.html", {"page": page, "query": query})


def _structure_form(request: HttpRequest, structure: Structure | None) -> HttpResponse:
    form = StructureForm(request.POST or None, instance=structure)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
        messages.success(request, f"Structure « {saved} » enregistrée.")
        return redirect(f"{reverse('structure-list')}?q={saved.name}")
    return render(request, "directory/structure_form.html", {"form": form, "structure": structure})


@association_required
def structure_create(request: HttpRequest) -> HttpResponse:
    return _structure_form(request, None)


@association_required
def structure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _structure_form(request, get_object_or_404(Structure, pk=pk))
