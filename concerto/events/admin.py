from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Event, ExpectedDocument, MediaView, Registration


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "co_organiser", "capacity", "registration_open"]
    raw_id_fields = ["meeting", "co_organiser"]


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    list_display = ["last_name", "first_name", "email", "meeting", "source", "extra_people"]
    list_filter = ["source"]
    search_fields = ["last_name", "first_name", "email"]
    raw_id_fields = ["meeting", "person"]


@admin.register(ExpectedDocument)
class ExpectedDocumentAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "kind", "expected", "received", "reminded_on"]
    raw_id_fields = ["meeting"]


@admin.register(MediaView)
class MediaViewAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "platform", "views", "observed_on"]
    raw_id_fields = ["meeting"]
