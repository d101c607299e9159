from django.urls import path

from . import views

urlpatterns = [
    path("", views.report_index, name="report-index"),
    # The annual report (documents.DEFAULT_DOCUMENT) keeps its short URLs.
    path("<int:year>/", views.report_year, name="report-year"),
    path("<int:year>/pole/<int:pk>/", views.report_year_pole, name="report-year-pole"),
    path("<int:year>/telecharger/<str:fmt>/", views.report_download, name="report-download"),
    path("<int:year>/pole/<int:pk>/telecharger/<str:fmt>/", views.report_pole_download, name="report-pole-download"),
    # The staff's commentary per chapter (?pole=ID for a pôle's document).
    path("commentaires/<slug:doc>/<int:year>/", views.report_comments, name="report-comments"),
    # Any registered document (documents.py) by its key.
    path("document/<slug:doc>/<int:year>/", views.report_year, name="report-doc-year"),
    path("document/<slug:doc>/<int:year>/pole/<int:pk>/", views.report_year_pole, name="report-doc-year-pole"),
    path("document/<slug:doc>/<int:year>/telecharger/<str:fmt>/", views.report_download, name="report-doc-download"),
    path("document/<slug:doc>/<int:year>/pole/<int:pk>/telecharger/<str:fmt>/", views.report_pole_download,
         name="report-doc-pole-download"),
]
