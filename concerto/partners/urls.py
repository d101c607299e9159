from django.urls import path

from . import views

urlpatterns = [
    path("", views.partner_list, name="partner-list"),
    path("nouvelle/", views.action_edit, name="partner-action-create"),
    path("<int:pk>/", views.action_edit, name="partner-action-edit"),
    path("engagement/", views.engagement_add, name="partner-engagement-add"),
]
