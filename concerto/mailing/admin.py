from django.contrib import admin

from .models import EmailSending, EmailTemplate


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "subject", "updated_at", "updated_by"]
    search_fields = ["name", "key", "subject"]
    readonly_fields = ["updated_at", "updated_by"]


@admin.register(EmailSending)
class EmailSendingAdmin(admin.ModelAdmin):
    list_display = ["queued_at", "recipient", "subject", "status", "sent_at", "template_key"]
    list_filter = ["status", "template_key"]
    search_fields = ["recipient", "subject", "dedup_key"]
    readonly_fields = [f.name for f in EmailSending._meta.fields]
