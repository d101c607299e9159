from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("sante/", views.health, name="health"),
    path("a-faire/", views.todo, name="todo"),
]
