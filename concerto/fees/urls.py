from django.urls import path

from . import views

urlpatterns = [
    path("", views.fee_list, name="fee-list"),
    path("tarifs/", views.tariff_save, name="fee-tariff"),
    path("etats/nouveau/", views.statement_create, name="fee-statement-create"),
    path("etats/<int:pk>/", views.statement_detail, name="fee-statement-detail"),
    path("etats/<int:pk>/paiement/", views.statement_pay, name="fee-statement-pay"),
    path("etats/<int:pk>/<slug:fmt>/", views.statement_download, name="fee-statement-download"),
    path("<int:pk>/non-due/", views.fee_not_due, name="fee-not-due"),
    path("<int:pk>/payee/", views.fee_pay, name="fee-pay"),
]
