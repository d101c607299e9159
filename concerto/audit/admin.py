from django.contrib import admin

from .models import AccessEvent


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    """Read-only: the journal is written by the application, never edited."""

    list_display = ("at", "username", "kind", "what", "scope", "ip")
    list_filter = ("kind",)
    search_fields = ("username", "what", "scope")
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
