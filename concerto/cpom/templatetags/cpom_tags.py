from django import template

from concerto.cpom import services

register = template.Library()


@register.filter
def hours_fr(value) -> str:
    return services.hours_text(value)


@register.filter
def etp_fr(hours) -> str:
    """ETP of an amount of hours, printed as the documents print it."""
    return services.etp_text(hours)


@register.filter
def num_fr(value) -> str:
    return services.french_number(value) if value not in (None, "") else "–"


@register.filter
def dec1(value) -> str:
    return services.french_number(value, 1) if value not in (None, "") else "–"


@register.filter
def pct_fr(share) -> str:
    return "–" if share is None else f"{services.french_number(share * 100, 1)} %"
