from django.contrib import admin

from .models import Resource


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ("date", "title", "type", "theme", "created_by_association", "published")
    list_filter = ("type", "theme", "published", "created_by_association")
    search_fields = ("ref", "title", "author")
