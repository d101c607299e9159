from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET

from concerto.accounts.permissions import association_required
from concerto.accounts.security import client_ip
from concerto.nomenclatures.models import Label, ListKey

from . import services
from .forms import ResourceForm
from .models import Resource

PAGE_SIZE = 50
TOO_MANY = "Trop de requêtes depuis votre adresse : réessayez dans une minute."


@association_required
def resource_list(request: HttpRequest) -> HttpResponse:
    resources = Resource.objects.for_user(request.user).select_related("type", "theme")
    type_id = request.GET.get("type", "")
    if type_id.isdigit():
        resources = resources.filter(type_id=int(type_id))
    query = request.GET.get("q", "").strip()
    if query:
        resources = resources.filter(title__icontains=query[:100])
    year = request.GET.get("annee", "")
    if year.isdigit():
        resources = resources.filter(date__year=int(year))
    page = Paginator(resources.order_by("-date", "title"), PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "resources/resource_list.html", {
        "page": page, "types": Label.objects.of(ListKey.TYPE_RESSOURCE), "type_id": type_id, "query": query,
        "year": year, "params": params.urlencode(),
        "years": sorted({d.year for d in Resource.objects.dates("date", "year")}, reverse=True),
    })


@association_required
def resource_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    resource = get_object_or_404(Resource.objects.for_user(request.user), pk=pk) if pk else None
    form = ResourceForm(request.POST or None, instance=resource,
                        initial=None if resource else {"date": dt.date.today()})
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"Ressource « {saved.title} » enregistrée"
                         + ("." if saved.published else " (non publiée)."))
        return redirect("resource-list")
    return render(request, "resources/resource_form.html", {"form": form, "resource": resource})


def _limited(request: HttpRequest) -> HttpResponse | None:
    if services.allow_public_request(client_ip(request)):
        return None
    response = HttpResponse(TOO_MANY, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = "60"
    return response


@require_GET
def public_page(request: HttpRequest) -> HttpResponse:
    """The published resources, read-only and without login (the website may embed it)."""
    refused = _limited(request)
    if refused:
        return refused
    resources = Resource.objects.published().select_related("type", "theme")
    type_id = request.GET.get("type", "")
    if type_id.isdigit():
        resources = resources.filter(type_id=int(type_id))
    page = Paginator(resources.order_by("-date", "title"), PAGE_SIZE).get_page(request.GET.get("page"))
    response = render(request, "resources/public.html", {
        "page": page, "types": Label.objects.of(ListKey.TYPE_RESSOURCE), "type_id": type_id,
    })
    response["Cache-Control"] = "public, max-age=300"
    return response


class ResourcesFeed(Feed):
    """RSS 2.0 feed of the published resources, newest first."""

    title = "Espace Ressources — nouvelles ressources"
    description = "Articles, références scientifiques, outils pratiques, vidéos et liens publiés par l'association."
    limit = 50

    def link(self) -> str:
        return reverse("resources-public")

    def items(self):
        return Resource.objects.published().select_related("type", "theme").order_by("-date", "-pk")[:self.limit]

    def item_title(self, item: Resource) -> str:
        return item.title

    def item_description(self, item: Resource) -> str:
        parts = [item.type.label, item.theme.label if item.theme else "", item.sub_theme, item.author]
        return " · ".join(p for p in parts if p)

    def item_link(self, item: Resource) -> str:
        return item.url or f"{reverse('resources-public')}#{item.ref}"

    def item_guid(self, item: Resource) -> str:
        return item.ref

    item_guid_is_permalink = False

    def item_pubdate(self, item: Resource) -> dt.datetime:
        return dt.datetime.combine(item.date, dt.time(12, 0))

    def item_categories(self, item: Resource) -> list[str]:
        return [c for c in (item.type.label, item.theme.label if item.theme else "") if c]


class ResourcesAtomFeed(ResourcesFeed):
    feed_type = Atom1Feed
    subtitle = ResourcesFeed.description


_rss, _atom = ResourcesFeed(), ResourcesAtomFeed()


@require_GET
def public_feed(request: HttpRequest) -> HttpResponse:
    return _limited(request) or _rss(request)


@require_GET
def public_atom(request: HttpRequest) -> HttpResponse:
    return _limited(request) or _atom(request)
