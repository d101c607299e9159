"""French wording helpers for templates."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def fr_count(value: int | None, forms: str) -> str:
    """« 0 pôle », « 1 pôle », « 2 pôles »: French plural (0 and 1 singular).

    `forms` is "singular,plural" (e.g. "invité·e,invité·e·s"); a single word takes an « s ».
    """
    singular, _, plural = forms.partition(",")
    n = int(value or 0)
    return f"{n} {singular if n < 2 else (plural or singular + 's')}"
