from django.urls import path

from . import views

urlpatterns = [
    path("", views.action_list, name="cpom-action-list"),
    path("nouvelle/", views.action_create, name="cpom-action-create"),
    path("<int:pk>/<int:year>/", views.action_detail, name="cpom-action-detail"),
    path("<int:pk>/<int:year>/modifier/", views.action_edit, name="cpom-action-edit"),
    path("heures/", views.timesheet, name="cpom-timesheet"),
    path("heures/personne/<int:pk>/", views.staff_hours, name="cpom-staff-hours"),
]
