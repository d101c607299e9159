from django.urls import path

from . import views

urlpatterns = [
    path("", views.convention_list, name="convention-list"),
    path("nouvelle/", views.convention_edit, name="convention-create"),
    path("<int:pk>/", views.convention_edit, name="convention-edit"),
    path("<int:pk>/document/", views.convention_document, name="convention-document"),
]
