"""The audit page, for the association's administrator only."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from concerto.accounts.permissions import admin_required

from .forms import AccessEventFilter
from .models import AccessEvent

PAGE_SIZE = 50


@admin_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    events = AccessEvent.objects.select_related("user").order_by("-at", "-pk")
    filters = AccessEventFilter(request.GET or None, queryset=events)
    # LIMIT/OFFSET and one COUNT in SQL: the journal grows without bound.
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/event_list.html", {"filters": filters, "page": page, "query": query.urlencode()})
