from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from concerto.accounts.scope import limit_to_user_poles
from concerto.directory.models import new_ref
from concerto.nomenclatures.models import ListKey

from .codes import clean_patient_code


def new_situation_ref() -> str:
    return new_ref("S")


def _label_fk(list_key: str, verbose_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        "nomenclatures.Label", verbose_name=verbose_name, null=True, blank=True,
        on_delete=models.PROTECT, limit_choices_to={"list": list_key}, related_name="+",
    )


def _label_m2m(list_key: str, verbose_name: str, related_name: str) -> models.ManyToManyField:
    return models.ManyToManyField(
        "nomenclatures.Label", verbose_name=verbose_name, blank=True,
        limit_choices_to={"list": list_key}, related_name=related_name,
    )


class PatientQuerySet(models.QuerySet):
    def for_user(self, user) -> PatientQuerySet:
        return limit_to_user_poles(self, user, "pole")


class Patient(models.Model):
    """A patient as a pseudonym code within a pôle; links their situations across meetings."""

    pole = models.ForeignKey("poles.Pole", verbose_name="pôle", on_delete=models.PROTECT, related_name="patients")
    code = models.CharField("code patient", max_length=40)
    consent_informed_of_withdrawal = models.BooleanField("informé·e du droit de retrait", default=False)
    consent_partial = models.BooleanField("accord partiel", default=False)
    consent_exclusions = models.TextField(
        "informations à ne pas communiquer / participants refusés", blank=True
    )
    consent_withdrawn_on = models.DateField("accord retiré le", null=True, blank=True)

    objects = PatientQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["pole", "code"]
        verbose_name = "patient"
        constraints = [models.UniqueConstraint(fields=["pole", "code"], name="patient_code_unique_per_pole")]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        try:
            self.code = clean_patient_code(self.code)
        except ValidationError as error:
            raise ValidationError({"code": error.messages}) from error


class SituationQuerySet(models.QuerySet):
    def for_user(self, user) -> SituationQuerySet:
        return limit_to_user_poles(self, user, "meeting__pole")


class Situation(models.Model):
    """One patient studied in one Intervision, with its Fiche de suivi Patient."""

    ref = models.CharField("identifiant", max_length=40, unique=True, default=new_situation_ref)
    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name="Intervision", on_delete=models.CASCADE, related_name="situations"
    )
    patient = models.ForeignKey(Patient, verbose_name="patient", on_delete=models.PROTECT, related_name="situations")
    accord = _label_fk(ListKey.ACCORD, "accord préalable du patient")
    demandeurs = _label_m2m(ListKey.DEMANDEUR, "demandeur(s) de l'Intervision", "+")
    demandeurs_precision = models.CharField("demandeur : préciser", max_length=250, blank=True)
    problematiques = _label_m2m(ListKey.PROBLEMATIQUE, "problématique(s) addictive(s)", "+")
    problematiques_precision = models.CharField("problématique : préciser", max_length=250, blank=True)
    motifs = _label_m2m(ListKey.MOTIF, "motif(s) de la demande", "+")
    motifs_precision = models.CharField("motif : préciser", max_length=250, blank=True)
    difficulty_professionals = models.CharField(
        "professionnels en difficulté : qui", max_length=250, blank=True
    )
    difficulty_causes = models.CharField(
        "professionnels en difficulté : causes", max_length=250, blank=True
    )
    probleme = models.TextField("problème ayant motivé l'Intervision", blank=True)
    medecin_traitant = _label_fk(ListKey.CONNU, "médecin généraliste traitant")
    medecin_traitant_absence = _label_fk(ListKey.ABSENCE_MT, "pourquoi pas de médecin traitant")
    medecin_traitant_absence_precision = models.CharField("absence : préciser", max_length=250, blank=True)
    medecin_traitant_invite = models.BooleanField("médecin traitant invité", null=True, blank=True)
    medecin_traitant_present = models.BooleanField("médecin traitant présent", null=True, blank=True)
    pharmacien_attitre = _label_fk(ListKey.CONNU, "pharmacien attitré")
    pharmacien_invite = models.BooleanField("pharmacien invité", null=True, blank=True)
    pharmacien_present = models.BooleanField("pharmacien présent", null=True, blank=True)
    difficultes = _label_m2m(ListKey.DIFFICULTE, "difficultés associées", "+")
    difficultes_somatiques = models.CharField("somatiques : préciser", max_length=250, blank=True)
    difficultes_psychiatriques = models.CharField("psychiatriques : préciser", max_length=250, blank=True)
    difficultes_autres = models.CharField("autres difficultés : préciser", max_length=250, blank=True)
    motivation = _label_fk(ListKey.MOTIVATION, "motivation du patient dans le soin")
    problematiques_evoquees = models.TextField("problématiques mises en évidence", blank=True)
    pistes = _label_m2m(ListKey.PISTE, "pistes proposées", "+")
    pistes_precision = models.CharField("pistes : préciser", max_length=250, blank=True)
    detail_reponse = models.TextField("détail de la réponse", blank=True)
    objectif_atteint = _label_fk(ListKey.OBJECTIF, "objectif de l'Intervision atteint")
    restitution_par = _label_fk(ListKey.RESTITUTEUR, "restitution au patient par")
    restitution_precision = models.CharField("restitution : préciser", max_length=250, blank=True)
    nouvelle_intervision = models.BooleanField("nouvelle Intervision à prévoir", null=True, blank=True)
    delai_nouvelle_intervision = _label_fk(ListKey.DELAI, "délai de la nouvelle Intervision")
    # Bumped by every save of the fiche: a form posted with an older number was filled from a
    # fiche someone else changed since (FicheForm refuses it, showing both versions).
    version = models.PositiveIntegerField("version", default=1, editable=False)

    objects = SituationQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[demandeurs, problematiques, motifs, difficultes, pistes])

    class Meta:
        ordering = ["meeting__date", "pk"]
        verbose_name = "situation patient"
        # A patient is studied once per Intervision (two clicks on « ajouter » made two fiches).
        constraints = [
            models.UniqueConstraint(fields=["meeting", "patient"], name="situation_patient_once_per_meeting"),
        ]

    def __str__(self) -> str:
        return f"{self.patient} — {self.meeting}"

    def clean(self) -> None:
        errors = {}
        meeting = self.meeting if self.meeting_id else None
        if meeting and not meeting.is_intervision:
            errors["meeting"] = (
                f"Une situation patient ne peut être étudiée qu'en Intervision ; "
                f"cette réunion est de type « {meeting.type} »."
            )
        if self.patient_id and meeting and meeting.pole_id and self.patient.pole_id != meeting.pole_id:
            errors["patient"] = "Le patient doit appartenir au pôle de l'Intervision."
        if (
            self.patient_id and meeting and self.patient.consent_withdrawn_on
            and meeting.date >= self.patient.consent_withdrawn_on
        ):
            errors["patient"] = (
                f"Le patient a retiré son accord le {self.patient.consent_withdrawn_on:%d/%m/%Y} : "
                "aucune nouvelle situation ne peut être étudiée."
            )
        if self.nouvelle_intervision is False and self.delai_nouvelle_intervision_id:
            errors["delai_nouvelle_intervision"] = "Un délai n'a de sens que si une nouvelle Intervision est prévue."
        if errors:
            raise ValidationError(errors)


class SituationInvitation(models.Model):
    """A person invited for one situation, and whether they came."""

    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey("directory.Person", verbose_name="personne", on_delete=models.PROTECT,
                               related_name="situation_invitations")
    present = models.BooleanField("présent·e", default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "invitation pour une situation"
        constraints = [models.UniqueConstraint(fields=["situation", "person"], name="situation_invitation_unique")]

    def __str__(self) -> str:
        return f"{self.person} pour {self.situation}"
