from django.contrib import admin

from .models import Pole, PoleEngagement


class EngagementInline(admin.TabularInline):
    model = PoleEngagement
    extra = 0
    autocomplete_fields = ("structure",)


@admin.register(Pole)
class PoleAdmin(admin.ModelAdmin):
    list_display = ("name", "departement", "organiser", "active")
    list_filter = ("active", "departement")
    search_fields = ("name", "aliases", "lieu")
    autocomplete_fields = ("referent", "organiser")
    inlines = [EngagementInline]
