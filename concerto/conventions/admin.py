from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Convention, ConventionPole


class PoleInline(admin.TabularInline):
    model = ConventionPole
    extra = 0


@admin.register(Convention)
class ConventionAdmin(SimpleHistoryAdmin):
    list_display = ["structure", "status", "signed_on", "updated_on", "terminated_on"]
    inlines = [PoleInline]
