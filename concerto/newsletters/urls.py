from django.urls import path

from . import views

urlpatterns = [
    path("", views.send_list, name="newsletter-list"),
    path("nouvel-envoi/", views.send_edit, name="newsletter-create"),
    path("<int:pk>/", views.send_edit, name="newsletter-edit"),
    path("import/", views.report_import, name="newsletter-import"),
]
