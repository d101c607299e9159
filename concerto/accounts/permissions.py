"""Access rules by role. Object scope lives in each model's `for_user` queryset."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def _guard(test: Callable) -> Callable:
    def decorator(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not test(request.user):
                raise PermissionDenied("Votre rôle ne donne pas accès à cette page.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# Admin and staff: all data of the association.
association_required = _guard(lambda u: u.is_association)
# Admin only: users and settings.
admin_required = _guard(lambda u: u.is_association_admin)
# Anyone who may see meetings and patient situations (within their scope).
patient_data_required = _guard(lambda u: u.sees_patient_data)
# The pôle ressource's request log: its referents and the association staff.
advice_required = _guard(lambda u: u.records_advice)
