from django.urls import path

from . import views

urlpatterns = [
    path("", views.council, name="council"),
    path("siege/", views.holding_edit, name="council-holding-create"),
    path("siege/<int:pk>/", views.holding_edit, name="council-holding-edit"),
]
