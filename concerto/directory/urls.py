from django.urls import path

from . import views

urlpatterns = [
    path("", views.person_list, name="person-list"),
    path("nouveau/", views.person_create, name="person-create"),
    path("fusion/", views.person_merge, name="person-merge"),
    path("<int:pk>/", views.person_detail, name="person-detail"),
    path("<int:pk>/modifier/", views.person_edit, name="person-edit"),
    path("structures/", views.structure_list, name="structure-list"),
    path("structures/nouvelle/", views.structure_create, name="structure-create"),
    path("structures/<int:pk>/modifier/", views.structure_edit, name="structure-edit"),
]
