from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("concerto.core.urls")),
    path("comptes/", include("concerto.accounts.urls")),
    path("nomenclatures/", include("concerto.nomenclatures.urls")),
    path("annuaire/", include("concerto.directory.urls")),
    path("poles/", include("concerto.poles.urls")),
    path("reunions/", include("concerto.meetings.urls")),
    path("situations/", include("concerto.situations.urls")),
    path("echanges/", include("concerto.interchange.urls")),
    path("rapports/", include("concerto.reports.urls")),
    path("courriels/", include("concerto.mailing.urls")),
    path("journal/", include("concerto.audit.urls")),
    path("actions-cpom/", include("concerto.cpom.urls")),
    path("pole-ressource/", include("concerto.advice.urls")),
    path("adherents/", include("concerto.members.urls")),
    path("newsletters/", include("concerto.newsletters.urls")),
    path("ressources/", include("concerto.resources.urls")),
    path("indemnisations/", include("concerto.fees.urls")),
    path("evenements/", include("concerto.events.urls")),
    path("questionnaire/", include("concerto.questionnaires.urls")),
    path("conseil-scientifique/", include("concerto.council.urls")),
    path("partenaires/", include("concerto.partners.urls")),
    path("conventions/", include("concerto.conventions.urls")),
    path("admin/", admin.site.urls),
]
