from django.contrib import admin

from .models import ColumnMapping, Send, SendCategory


class SendCategoryInline(admin.TabularInline):
    model = SendCategory
    extra = 0


@admin.register(Send)
class SendAdmin(admin.ModelAdmin):
    list_display = ("date", "ref", "audience", "recipients", "openers", "clickers", "mailer")
    list_filter = ("mailer",)
    search_fields = ("ref", "subjects", "audience")
    inlines = [SendCategoryInline]


@admin.register(ColumnMapping)
class ColumnMappingAdmin(admin.ModelAdmin):
    list_display = ("name", "updated_at")
