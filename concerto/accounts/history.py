"""The change history of an account (role, pôles, state; a password change without its hash)."""

from __future__ import annotations

from concerto.core.history import HistoryEntry, Names, entries, newest_first

from .models import User


def user_history(user: User) -> list[HistoryEntry]:
    records = list(user.history.select_related("history_user"))
    return newest_first(entries(User, records, f"Compte {user.username}", Names(), hidden={"password"}))
