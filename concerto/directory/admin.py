from django.contrib import admin

from .models import Person, Structure, Territory


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "position", "out_of_area")
    list_editable = ("position",)
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(Structure)
class StructureAdmin(admin.ModelAdmin):
    list_display = ("name", "type", "commune", "parent")
    list_filter = ("type",)
    search_fields = ("name", "commune")
    autocomplete_fields = ("parent",)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("ref", "last_name", "first_name", "category", "profession", "structure")
    list_filter = ("category", "territory_cpts", "territory_cls")
    search_fields = ("ref", "last_name", "first_name", "email", "profession")
    autocomplete_fields = ("structure",)
