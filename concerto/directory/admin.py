from django.contrib import admin

from .models import Person, Structure


@admin.register(Structure)
class StructureAdmin(admin.ModelAdmin):
    list_display = ("name", "type", "commune", "parent")
    list_filter = ("type",)
    search_fields = ("name", "commune")
    autocomplete_fields = ("parent",)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("ref", "last_name", "first_name", "category", "profession", "structure")
    list_filter = ("category",)
    search_fields = ("ref", "last_name", "first_name", "email", "profession")
    autocomplete_fields = ("structure",)
