from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Answer, Question, Questionnaire, QuestionnaireItem


class ItemInline(admin.TabularInline):
    model = QuestionnaireItem
    extra = 1


@admin.register(Questionnaire)
class QuestionnaireAdmin(SimpleHistoryAdmin):
    list_display = ["title", "code", "is_default"]
    inlines = [ItemInline]


@admin.register(Question)
class QuestionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "text", "kind"]


@admin.register(Answer)
class AnswerAdmin(SimpleHistoryAdmin):
    list_display = ["response_ref", "meeting", "question", "value", "source"]
    list_filter = ["source", "question"]
    raw_id_fields = ["meeting", "registration"]
