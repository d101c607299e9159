"""The guide's rules for an Intervision (« Modalités d'organisation »), as checks.

Refusals raise a ValidationError with a French message (the pages show it on the field, the
import on the row); warnings are sentences the meeting page shows without refusing anything.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from .models import Meeting

MAX_SITUATIONS = 5  # « 1 à 3 situations, 5 au maximum »
MAX_PARTICIPANTS = 15
MAX_PER_PATIENT = 8


def check_room_for_situation(meeting: Meeting) -> None:
    """Refuse a sixth situation."""
    n = meeting.situations.count()
    if n >= MAX_SITUATIONS:
        raise ValidationError(
            f"Une Intervision étudie {MAX_SITUATIONS} situations au plus (guide de l'Intervision) : "
            f"celle du {meeting.date:%d/%m/%Y} en a déjà {n}. Prévoyez une autre Intervision.")


def check_pole_and_type_kept(meeting: Meeting) -> dict[str, str]:
    """Errors by field when a meeting holding situations would change pôle or type."""
    if not meeting.pk:
        return {}
    stored = Meeting.objects.filter(pk=meeting.pk).values("pole_id", "type_id").first()
    if stored is None or not meeting.situations.exists():
        return {}
    n = meeting.situations.count()
    what = f"{n} situation{'s' if n > 1 else ''} patient{'s' if n > 1 else ''}"
    errors = {}
    if stored["pole_id"] != meeting.pole_id:
        errors["pole"] = (f"Cette réunion étudie {what} du pôle d'origine : son pôle ne peut pas changer "
                          "(les patients changeraient de pôle). Retirez d'abord les situations "
                          "ou créez une autre réunion.")
    if stored["type_id"] != meeting.type_id:
        errors["type"] = (f"Cette réunion étudie {what} : elle reste une Intervision. "
                          "Retirez d'abord les situations pour en changer le type.")
    return errors


def guide_warnings(meeting: Meeting) -> list[str]:
    """What the guide advises against, for the meeting page (nothing refused)."""
    if not meeting.is_intervision:
        return []
    warnings = []
    attendances = list(meeting.attendances.all())
    n_present = sum(1 for a in attendances if a.present)
    n_invited = sum(1 for a in attendances if a.invited)
    n = max(n_present, n_invited)
    if n > MAX_PARTICIPANTS:
        warnings.append(f"{n} participants : le guide recommande {MAX_PARTICIPANTS} participants au plus.")
    if meeting.expert_id is None:
        warnings.append("Aucun expert n'est prévu : le guide demande un expert en addictologie "
                        "(sur place ou en visio).")
    situations = meeting.situations.select_related("patient", "medecin_traitant").prefetch_related("invitations")
    for situation in situations:
        invited = len(situation.invitations.all())
        if invited > MAX_PER_PATIENT:
            warnings.append(f"{invited} personnes invitées pour « {situation.patient.code} » : "
                            f"le guide en recommande {MAX_PER_PATIENT} au plus par patient.")
        known = situation.medecin_traitant is not None and situation.medecin_traitant.code == "oui"
        if known and not situation.medecin_traitant_invite:
            warnings.append(f"Le médecin traitant de « {situation.patient.code} » est connu mais n'est pas invité.")
    return warnings
