from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from concerto.accounts.scope import limit_to_user_poles
from concerto.directory.models import new_ref
from concerto.nomenclatures.models import ListKey

# Meeting types whose rules the code knows (Label.code of the "type_reunion" list).
INTERVISION = "intervision"
COMITE_PILOTAGE = "comite_pilotage"
TYPES_WITH_POLE = {INTERVISION, COMITE_PILOTAGE}
VISIO_MODALITIES = {"mixte", "visio"}
# What an invitation's calendar entry says: changing one of them makes a new version of it.
SCHEDULE_FIELDS = ("date", "start_time", "end_time", "lieu", "visio_url", "modality_id")


def new_meeting_ref() -> str:
    return new_ref("R")


class MeetingQuerySet(models.QuerySet):
    def for_user(self, user) -> MeetingQuerySet:
        """Association staff see every meeting; a coordinator only those of their pôles."""
        return limit_to_user_poles(self, user, "pole")

    def intervisions(self) -> MeetingQuerySet:
        return self.filter(type__code=INTERVISION)

    def in_year(self, year: int) -> MeetingQuerySet:
        return self.filter(date__year=year)


class Meeting(models.Model):
    ref = models.CharField("identifiant", max_length=40, unique=True, default=new_meeting_ref)
    type = models.ForeignKey(
        "nomenclatures.Label", verbose_name="type", on_delete=models.PROTECT,
        limit_choices_to={"list": ListKey.TYPE_REUNION}, related_name="+",
    )
    pole = models.ForeignKey(
        "poles.Pole", verbose_name="pôle", null=True, blank=True, on_delete=models.PROTECT,
        related_name="meetings",
    )
    date = models.DateField("date")
    start_time = models.TimeField("début", null=True, blank=True)
    end_time = models.TimeField("fin", null=True, blank=True)
    modality = models.ForeignKey(
        "nomenclatures.Label", verbose_name="modalité", on_delete=models.PROTECT,
        limit_choices_to={"list": ListKey.MODALITE}, related_name="+",
    )
    lieu = models.CharField("lieu", max_length=250, blank=True)
    visio_url = models.URLField("lien de visio", max_length=500, blank=True,
                                help_text="Adresse de la visioconférence, envoyée avec les invitations.")
    animateur = models.ForeignKey(
        "directory.Person", verbose_name="animateur·rice", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="meetings_animated",
    )
    expert = models.ForeignKey(
        "directory.Person", verbose_name="expert·e", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="meetings_expert",
    )
    organiser = models.ForeignKey(
        "directory.Structure", verbose_name="structure organisatrice", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="meetings_organised",
    )
    theme = models.CharField("thème", max_length=250, blank=True)
    notes = models.TextField("notes", blank=True)
    # The iCalendar SEQUENCE of the invitations' .ics: one more at each change of date, time or
    # place, so that a calendar updates the event it holds (concerto/mailing/ics.py).
    ics_sequence = models.PositiveIntegerField("version de l'invitation", default=0, editable=False)
    # The lifecycle's recorded steps (lifecycle.py computes the stage from them and the data).
    invitations_sent_at = models.DateTimeField("invitations envoyées le", null=True, blank=True, editable=False)
    cancelled_on = models.DateField("annulée le", null=True, blank=True, editable=False)
    cancel_reason = models.CharField("motif d'annulation", max_length=250, blank=True, editable=False)
    fees_sent_on = models.DateField("honoraires transmis le", null=True, blank=True, editable=False)
    closed_on = models.DateField("clôturée le", null=True, blank=True, editable=False)

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-start_time"]
        verbose_name = "réunion"
        indexes = [models.Index(fields=["date"]), models.Index(fields=["pole", "date"])]

    def __str__(self) -> str:
        where = f" — {self.pole}" if self.pole_id else ""
        return f"{self.type} du {self.date:%d/%m/%Y}{where}"

    def save(self, *args, **kwargs) -> None:
        if self.pk and not kwargs.get("update_fields"):
            before = type(self)._base_manager.filter(pk=self.pk).values(*SCHEDULE_FIELDS).first()
            if before and any(before[name] != getattr(self, name) for name in SCHEDULE_FIELDS):
                self.ics_sequence += 1
        super().save(*args, **kwargs)

    @property
    def stage_label(self) -> str:
        """The lifecycle stage's French name, on a meeting annotated by lifecycle.with_stage."""
        from .lifecycle import Stage

        stage = getattr(self, "stage", None)
        return Stage(stage).label if stage else ""

    @property
    def is_intervision(self) -> bool:
        return self.type.code == INTERVISION

    @property
    def is_visio(self) -> bool:
        return self.modality.code in VISIO_MODALITIES

    def clean(self) -> None:
        errors = {}
        if self.type_id and self.type.code in TYPES_WITH_POLE and not self.pole_id:
            errors["pole"] = f"Le pôle est obligatoire pour une réunion de type « {self.type} »."
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = "L'heure de fin doit être après l'heure de début."
        from .checks import check_pole_and_type_kept

        for name, message in check_pole_and_type_kept(self).items():
            errors.setdefault(name, message)
        if errors:
            raise ValidationError(errors)


class AttendanceQuerySet(models.QuerySet):
    def present(self) -> AttendanceQuerySet:
        return self.filter(present=True)


class Attendance(models.Model):
    """One person at one meeting: invited and/or present."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey("directory.Person", verbose_name="personne", on_delete=models.PROTECT,
                               related_name="attendances")
    invited = models.BooleanField("invité·e", null=True, blank=True)
    present = models.BooleanField("présent·e", default=False)
    remote = models.BooleanField("à distance", default=False)
    camera = models.BooleanField("caméra allumée", null=True, blank=True)

    objects = AttendanceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "présence"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique"),
            models.CheckConstraint(
                condition=Q(camera__isnull=True) | Q(camera=False) | Q(remote=True),
                name="camera_only_when_remote",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.meeting}"


class MeetingDocument(models.Model):
    """A document of a meeting received back (signed sheet…): by whom, when, its scan."""

    class Kind(models.TextChoices):
        EMARGEMENT = "emargement", "Feuille d'émargement"
        INDEMNISATIONS = "indemnisations", "Feuille d'indemnisations"
        ACCORD = "accord", "Accord préalable du patient"
        FICHE = "fiche", "Fiche de suivi Patient"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField("document", max_length=20, choices=Kind.choices)
    received_on = models.DateField("reçu le")
    received_by = models.ForeignKey("accounts.User", verbose_name="enregistré par", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    # The scan is kept in the database: backed up and restored with the rest (a few MB at most).
    scan = models.BinaryField("scan", null=True, blank=True)
    scan_name = models.CharField("nom du fichier", max_length=200, blank=True)
    scan_type = models.CharField("type du fichier", max_length=100, blank=True)

    history = HistoricalRecords(excluded_fields=["scan"])

    class Meta:
        verbose_name = "document reçu"
        verbose_name_plural = "documents reçus"
        constraints = [models.UniqueConstraint(fields=["meeting", "kind"], name="meeting_document_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.meeting}"
