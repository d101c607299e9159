from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Membership


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("ref", "year", "person", "structure", "category", "member_class", "amount", "paid_on", "channel")
    list_filter = ("year", "member_class", "channel", "category")
    search_fields = ("ref", "person__last_name", "person__first_name", "structure__name")
    autocomplete_fields = ("person", "structure")
