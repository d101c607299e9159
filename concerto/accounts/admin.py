from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from .history import user_history
from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "role", "is_active", "last_login")
    list_filter = ("role", "is_active", "poles")
    filter_horizontal = ("poles", "groups", "user_permissions")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Identité", {"fields": ("first_name", "last_name", "email")}),
        (
            "Rôle et périmètre",
            {
                "fields": ("role", "poles", "is_active"),
                "description": "Le rôle « Administrateur de l'association » donne accès à cette "
                "administration ; un·e coordinateur·rice ne voit que les pôles cochés.",
            },
        ),
        ("Droits avancés", {"classes": ("collapse",), "fields": ("is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "email", "role", "poles", "password1", "password2")}),
    )

    def history_view(self, request, object_id, extra_context=None):
        """The account's change history from django-simple-history, readable and without
        password hashes (instead of Django's admin log, which misses scripted changes)."""
        user = get_object_or_404(User, pk=object_id)
        if not self.has_view_or_change_permission(request, user):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": f"Historique du compte {user.username}",
            "subtitle": None,
            "opts": self.model._meta,
            "original": user,
            "object": user,
            "history": user_history(user),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "accounts/user_history.html", context)
