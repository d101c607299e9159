from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from concerto.accounts.permissions import association_required

from .models import Membership

PAGE_SIZE = 50


@association_required
def membership_list(request: HttpRequest) -> HttpResponse:
    """Members per year (staff): the list the members area of issue 16 will grow from."""
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
    return render(request, "members/membership_list.html", {
        "page": page, "years": years, "year": year, "query": query, "params": params.urlencode(),
    })
