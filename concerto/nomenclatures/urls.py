from django.urls import path

from . import views

urlpatterns = [
    path("", views.label_list, name="label-list"),
    path("nouveau/", views.label_create, name="label-create"),
    path("<int:pk>/modifier/", views.label_edit, name="label-edit"),
]
