from django.contrib import admin

from .models import Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("ref", "year", "person", "structure", "category", "member_class", "amount", "paid_on", "channel")
    list_filter = ("year", "member_class", "channel", "category")
    search_fields = ("ref", "person__last_name", "person__first_name", "structure__name")
    autocomplete_fields = ("person", "structure")
