"""Rules of the request log, shared by the form, the import and the tests."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction

from concerto.situations.codes import clean_patient_code

from .models import AdviceRequest

# A civility before a capitalised word (« M. Dupont », « Mme Leroy »), or a capitalised first
# name followed by a capitalised or upper-case word (« Jean Dupont », « Marie LEROY »).
_CIVILITY = re.compile(r"\b(?:M\.|Mme|Mlle|Monsieur|Madame|Mademoiselle)\s+([A-ZÀ-Ý][\w'’-]+)")
_PAIR = re.compile(r"(?<![\w.])([A-ZÀ-Ý][a-zà-ÿ'’-]+)\s+([A-ZÀ-Ý][\w'’-]+)")
# Capitalised words that are not names in these notes (places, services, acronyms, starts).
_NOT_NAMES = {
    "centre", "pays", "dijon", "metropole", "métropole", "sud", "nord", "hors", "auxois", "morvan", "or",
    "côte", "cote", "val", "saône", "saone", "seine", "tilles", "beaunois", "chatillonnais", "châtillonnais",
    "espace", "france", "services", "service", "maison", "cpts", "cls", "dac", "csapa", "caarud", "cjc", "chu",
    "chs", "msp", "cpam", "ars", "ehpad", "mso", "tso", "le", "la", "les", "un", "une", "des", "du", "de",
    "docteur", "dr", "pharmacie", "pharmacien", "pharmacienne", "médecin", "patient", "patiente", "famille",
    "appel", "mail", "demande", "conseil", "conseils", "orientation", "orienté", "orientée", "suivi", "rappel",
    "bourgogne", "franche", "comté", "nièvre", "yonne", "jura", "loire", "vendée", "telmi", "sainte", "saint",
}


def name_like_phrases(text: str) -> list[str]:
    """Phrases of free text that look like a person's full name (first name + surname)."""
    found = []
    for match in _CIVILITY.finditer(text or ""):
        if match.group(1).lower() not in _NOT_NAMES:
            found.append(match.group(0))
    for match in _PAIR.finditer(text or ""):
        first, last = match.group(1), match.group(2)
        if first.lower() in _NOT_NAMES or last.lower() in _NOT_NAMES:
            continue
        found.append(f"{first} {last}")
    return list(dict.fromkeys(found))


def identity_warnings(text: str) -> list[str]:
    """French messages for name-like phrases, worded by the patient-code rule (situations.codes)."""
    messages = []
    for phrase in name_like_phrases(text):
        try:
            clean_patient_code(phrase)
        except ValidationError as error:
            messages.append(" ".join(error.messages))
        else:  # « M. Dupont »: a civility and one name is still someone's identity.
            messages.append(f"« {phrase} » ressemble à l'identité d'une personne : pour protéger le patient, "
                            "n'écrivez ni son nom ni sa civilité (prénom et initiale au plus, ou un code).")
    return messages


def last_referent_id(user) -> int | None:
    """The referent this user answered as last time: the form's default."""
    if not getattr(user, "pk", None):
        return None
    return (AdviceRequest.objects.filter(recorded_by=user, referent__isnull=False)
            .order_by("-created_at", "-pk").values_list("referent_id", flat=True).first())


@transaction.atomic
def save_request(form, user) -> AdviceRequest:
    """Save the form's request (and its lists) in one transaction; record who entered it."""
    request = form.save(commit=False)
    if request.recorded_by_id is None and getattr(user, "pk", None):
        request.recorded_by = user
    request._history_user = user if getattr(user, "pk", None) else None
    request.save()
    form.save_m2m()
    return request
