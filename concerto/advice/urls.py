from django.urls import path

from . import views

urlpatterns = [
    path("", views.request_list, name="advice-list"),
    path("nouvelle/", views.request_create, name="advice-create"),
    path("<int:pk>/modifier/", views.request_edit, name="advice-edit"),
    path("annuaire/", views.person_lookup, name="advice-person-lookup"),
    path("rapport/<int:year>/", views.report_page, name="advice-report"),
    path("rapport/<int:year>/telecharger/<str:fmt>/", views.report_download, name="advice-report-download"),
]
