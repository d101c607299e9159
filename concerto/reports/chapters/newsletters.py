"""Chapter « newsletters » of the annual report (reports.md, seed-spec C.22): sends, recipients,
the mean over general sends only, open and click rates, réactivité = clickers / openers, per category."""

from __future__ import annotations

from concerto.newsletters.services import year_indicators

from ..numbers import half_up


def newsletters(year: int) -> dict:
    current, previous = year_indicators(year), year_indicators(year - 1)
    mean, mean_1 = current["moyenne_destinataires_generales"], previous["moyenne_destinataires_generales"]
    return {
        **current,
        "n_1": {k: v for k, v in previous.items() if k != "categories"},
        "evolution": {
            "envois": current["envois"] - previous["envois"],
            "destinataires": current["destinataires"] - previous["destinataires"],
            # The seed compares the rounded means (« 2020 … (+373) »).
            "moyenne_destinataires_generales": (half_up(mean) - half_up(mean_1)
                                                if mean is not None and mean_1 is not None else None),
        },
    }
