from django.urls import path

from . import views

urlpatterns = [
    path("", views.sending_list, name="mailing-sendings"),
    path("envois/<int:pk>/", views.sending_detail, name="mailing-sending"),
    path("envois/<int:pk>/relancer/", views.sending_retry, name="mailing-sending-retry"),
    path("modeles/", views.template_list, name="mailing-templates"),
    path("modeles/<slug:key>/", views.template_edit, name="mailing-template-edit"),
]
