"""Patient pseudonym codes: first name + initial, or a code — never a full name."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

_NAME_WORD = re.compile(r"^[^\W\d_]{2,}(?:[-'’][^\W\d_]+)*$")


def clean_patient_code(raw: str) -> str:
    """Return the normalised code, or raise a French ValidationError with a hint."""
    code = " ".join((raw or "").split())
    if not code:
        raise ValidationError("Le code patient est obligatoire.")
    if len(code) > 40:
        raise ValidationError("Le code patient est trop long (40 caractères au plus).")
    words = code.split(" ")
    name_words = [w for w in words if _NAME_WORD.match(w)]
    if len(name_words) >= 2:
        first, last = name_words[0], name_words[-1]
        raise ValidationError(
            f"« {code} » ressemble à un nom complet : pour protéger le patient, saisissez "
            f"le prénom et l'initiale du nom (« {first} {last[0].upper()}. ») ou un code "
            f"(ex. « P-0412 »)."
        )
    return code
