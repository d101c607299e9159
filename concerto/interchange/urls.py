from django.urls import path

from . import views

urlpatterns = [
    path("import/", views.import_upload, name="import-upload"),
    path("import/<uuid:pk>/", views.import_job, name="import-job"),
    path("import/<uuid:pk>/etat/", views.import_job_status, name="import-job-status"),
    path("import/<uuid:pk>/confirmer/", views.import_confirm, name="import-confirm"),
    path("export/", views.export_download, name="export-download"),
    path("modele.xlsx", views.import_template, name="import-template"),
]
