from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Action, ActionYear, Evaluation, Indicator, SurveyAnswer, TimeEntry


class ActionYearInline(admin.TabularInline):
    model = ActionYear
    extra = 0
    fields = ["year", "hours", "status", "financing"]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["ref", "title", "axe"]
    list_filter = ["axe"]
    search_fields = ["ref", "title"]
    inlines = [ActionYearInline]


@admin.register(TimeEntry)
class TimeEntryAdmin(SimpleHistoryAdmin):
    list_display = ["date", "action", "person", "hours"]
    list_filter = ["action"]
    date_hierarchy = "date"
    raw_id_fields = ["person"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["action", "year", "label", "value", "unit", "scope", "source"]
    list_filter = ["year", "scope"]


@admin.register(Evaluation)
class EvaluationAdmin(SimpleHistoryAdmin):
    list_display = ["action", "year", "site", "participants", "pre_test", "post_test", "satisfaction"]


@admin.register(SurveyAnswer)
class SurveyAnswerAdmin(SimpleHistoryAdmin):
    list_display = ["action", "year", "question", "answer", "count", "respondents"]
