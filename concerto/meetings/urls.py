from django.urls import path

from . import views

urlpatterns = [
    path("", views.meeting_list, name="meeting-list"),
    path("nouvelle/", views.meeting_create, name="meeting-create"),
    path("personnes/recherche/", views.person_search, name="person-search"),
    path("personnes/choix/", views.person_pick, name="person-pick"),
    path("structures/choix/", views.structure_pick, name="structure-pick"),
    path("<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("<int:pk>/modifier/", views.meeting_edit, name="meeting-edit"),
    path("<int:pk>/situations/ajouter/", views.meeting_add_situation, name="meeting-add-situation"),
    path("<int:pk>/patient/", views.meeting_patient_lookup, name="meeting-patient-lookup"),
    path("<int:pk>/presences/", views.meeting_attendance, name="meeting-attendance"),
    path("<int:pk>/invitations/envoyer/", views.meeting_send_invitations, name="meeting-send-invitations"),
    path("<int:pk>/annuler/", views.meeting_cancel, name="meeting-cancel"),
    path("<int:pk>/documents/recu/", views.meeting_document_received, name="meeting-document-received"),
    path("<int:pk>/documents/<slug:kind>/scan/", views.meeting_document_scan, name="meeting-document-scan"),
    path("<int:pk>/documents/<slug:kind>.<slug:fmt>", views.meeting_document, name="meeting-document"),
    path("<int:pk>/cloturer/", views.meeting_close, name="meeting-close"),
]
