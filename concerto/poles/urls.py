from django.urls import path

from . import views

urlpatterns = [
    path("", views.pole_list, name="pole-list"),
    path("nouveau/", views.pole_create, name="pole-create"),
    path("<int:pk>/", views.pole_detail, name="pole-detail"),
    path("<int:pk>/modifier/", views.pole_edit, name="pole-edit"),
]
