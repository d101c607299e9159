"""django-axes lockouts go to the access journal, with the login tried and the address."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.conf import settings
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils import timezone

from concerto.audit.models import AccessEvent
from concerto.audit.services import Kind, record_access

from .models import User


@receiver(user_locked_out, dispatch_uid="concerto-lockout-audit")
def audit_lockout(sender, request, username: str | None = None, ip_address: str | None = None, **kwargs) -> None:
    # axes signals again at each attempt on a locked account: one row per lock is enough
    # (a guessing robot must not be able to flood the journal).
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    if AccessEvent.objects.filter(kind=Kind.LOCKOUT, username=username or "", at__gte=since).exists():
        return
    record_access(request, Kind.LOCKOUT, f"compte verrouillé après trop d'essais : {username or '?'}",
                  object_type="compte", username=username or "", ip=ip_address)


@receiver(m2m_changed, sender=User.poles.through)
def forget_scope_pole_ids(sender, instance, **kwargs) -> None:
    """A user's pôles changed: the ids read for the scope (scope.user_pole_ids) are stale."""
    from .scope import CACHE_ATTR

    # From the user's side (user.poles.set…); the pôle's side has no user object to forget on.
    if isinstance(instance, User):
        instance.__dict__.pop(CACHE_ATTR, None)
