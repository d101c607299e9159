from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from concerto.accounts.permissions import association_required

from .forms import LabelForm
from .models import Label, ListKey


@association_required
def label_list(request: HttpRequest) -> HttpResponse:
    by_list: dict[str, list[Label]] = {key: [] for key in ListKey.values}
    for label in Label.objects.select_related("maps_to"):
        by_list.setdefault(label.list, []).append(label)
    lists = [(key, ListKey(key).label, by_list[key]) for key in ListKey.values]
    return render(request, "nomenclatures/label_list.html", {"lists": lists})


def _edit(request: HttpRequest, label: Label | None) -> HttpResponse:
    form = LabelForm(request.POST or None, instance=label, list_key=request.GET.get("list"))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
        messages.success(request, f"Libellé « {saved} » enregistré dans la liste « {saved.get_list_display()} ».")
        return redirect(f"{reverse('label-list')}#liste-{saved.list}")
    return render(request, "nomenclatures/label_form.html", {"form": form, "label": label})


@association_required
def label_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@association_required
def label_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, get_object_or_404(Label, pk=pk))
