from django.urls import path

from . import views

urlpatterns = [
    path("", views.resource_list, name="resource-list"),
    path("nouvelle/", views.resource_edit, name="resource-create"),
    path("<int:pk>/", views.resource_edit, name="resource-edit"),
    # Public, without login: the published resources only (the association's website embeds them).
    path("publiques/", views.public_page, name="resources-public"),
    path("publiques/rss/", views.public_feed, name="resources-feed"),
    path("publiques/atom/", views.public_atom, name="resources-atom"),
]
