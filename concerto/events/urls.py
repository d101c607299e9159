from django.urls import path

from concerto.questionnaires import views as questionnaire_views

from . import views

urlpatterns = [
    path("", views.event_list, name="event-list"),
    path("<int:pk>/", views.event_detail, name="event-detail"),
    path("<int:pk>/reglages/", views.event_settings, name="event-settings"),
    path("<int:pk>/inscrire/", views.event_add_registration, name="event-add-registration"),
    path("<int:pk>/lien-visio/", views.event_send_visio, name="event-send-visio"),
    path("<int:pk>/presences-visio/", views.event_import, name="event-import"),
    path("presences-visio/ligne/<int:pk>/", views.event_resolve_line, name="event-resolve-line"),
    path("<int:pk>/documents/", views.event_documents, name="event-documents"),
    path("<int:pk>/documents/relance/", views.event_remind_documents, name="event-remind-documents"),
    path("<int:pk>/vues/", views.event_media, name="event-media"),
    path("<int:pk>/questionnaires/envoi/", views.event_send_questionnaires, name="event-send-questionnaires"),
    path("<int:pk>/questionnaires/papier/", questionnaire_views.paper, name="questionnaire-paper"),
    # Public: no login; the page shows this event only.
    path("inscription/<str:key>/", views.public_register, name="event-register"),
]
