from django.urls import path

from . import views

urlpatterns = [
    path("", views.membership_list, name="membership-list"),
    path("nouvelle/", views.membership_edit, name="membership-create"),
    path("<int:pk>/", views.membership_edit, name="membership-edit"),
    path("relances/", views.renewals, name="member-renewals"),
    path("import-helloasso/", views.helloasso_upload, name="member-import"),
    path("import-helloasso/<int:pk>/", views.helloasso_confirm, name="member-import-confirm"),
]
