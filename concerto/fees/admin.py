from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Fee, Statement, Tariff


@admin.register(Tariff)
class TariffAdmin(SimpleHistoryAdmin):
    list_display = ["year", "role", "amount"]


@admin.register(Fee)
class FeeAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "person", "role", "amount", "status"]
    list_filter = ["status", "role"]
    raw_id_fields = ["meeting", "person", "statement"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["ref", "start", "end", "created_at", "paid_on"]
