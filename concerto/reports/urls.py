from django.urls import path

from . import views

urlpatterns = [
    path("", views.report_index, name="report-index"),
    path("<int:year>/", views.report_year, name="report-year"),
    path("<int:year>/pole/<int:pk>/", views.report_year_pole, name="report-year-pole"),
    path("<int:year>/telecharger/<str:fmt>/", views.report_download, name="report-download"),
    path("<int:year>/pole/<int:pk>/telecharger/<str:fmt>/", views.report_pole_download, name="report-pole-download"),
]
