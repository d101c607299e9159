from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

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
