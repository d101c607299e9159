from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import EngagementStep, PartnerAction


@admin.register(PartnerAction)
class PartnerActionAdmin(SimpleHistoryAdmin):
    list_display = ["date", "kind", "structure", "topic"]
    list_filter = ["kind"]


@admin.register(EngagementStep)
class EngagementStepAdmin(SimpleHistoryAdmin):
    list_display = ["pole", "structure", "level", "since"]
