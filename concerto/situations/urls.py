from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>/", views.situation_detail, name="situation-detail"),
    path("<int:pk>/modifier/", views.situation_edit, name="situation-edit"),
    path("<int:pk>/supprimer/", views.situation_delete, name="situation-delete"),
    path("<int:pk>/invitations/ajouter/", views.situation_invite, name="situation-invite"),
    path("<int:pk>/invitations/nouvelle-personne/", views.situation_invite_new, name="situation-invite-new"),
    path("<int:pk>/invitations/<int:invitation_pk>/supprimer/", views.situation_uninvite,
         name="situation-uninvite"),
    path("patients/<int:pk>/accord/", views.patient_consent, name="patient-consent"),
]
