from django.contrib import admin

from .models import Label


@admin.register(Label)
class LabelAdmin(admin.ModelAdmin):
    list_display = ("label", "list", "code", "group", "valid_from", "valid_until", "maps_to", "position")
    list_filter = ("list",)
    search_fields = ("label", "aliases", "code")
    list_select_related = ("maps_to",)
