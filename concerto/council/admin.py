from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import SeatHolding


@admin.register(SeatHolding)
class SeatHoldingAdmin(SimpleHistoryAdmin):
    list_display = ["seat", "person", "start", "end"]
    raw_id_fields = ["person"]
