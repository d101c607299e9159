from django.contrib import admin

from .models import Pole, PoleEngagement, PoleOrganiser


class EngagementInline(admin.TabularInline):
    model = PoleEngagement
    extra = 0
    autocomplete_fields = ("structure",)


class OrganiserInline(admin.TabularInline):
    """The organiser history (kept in step by the pôle form; corrected here)."""

    model = PoleOrganiser
    extra = 0
    autocomplete_fields = ("structure",)


@admin.register(Pole)
class PoleAdmin(admin.ModelAdmin):
    list_display = ("name", "departement", "organiser", "active")
    list_filter = ("active", "departement")
    search_fields = ("name", "aliases", "lieu")
    autocomplete_fields = ("referent", "organiser")
    inlines = [EngagementInline, OrganiserInline]
