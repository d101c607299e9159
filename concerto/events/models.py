"""Rencontres interprofessionnelles (Agor'Add, webinaires, groupes d'échange de pratiques).

An event is a `meetings.Meeting` of one of those types; what only events have lives here:
the event's settings (`Event`), its registrations, the documents expected from the
co-organiser and the media views of its replay. Presence stays `meetings.Attendance`
(one truth for every report); a registration points at the person it matched or created.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from concerto.directory.models import new_ref
from concerto.nomenclatures.models import ListKey

# Meeting types that are events (Label.code of the "type_reunion" list).
EVENT_TYPES = ("agoradd", "webinaire", "groupe_echange")


def new_public_key() -> str:
    return secrets.token_urlsafe(9)


def new_registration_ref() -> str:
    return new_ref("INS")


class Event(models.Model):
    """The settings of an event: who co-organises it, its public registration page, its replay."""

    meeting = models.OneToOneField("meetings.Meeting", verbose_name="réunion", on_delete=models.CASCADE,
                                   related_name="event")
    co_organiser = models.ForeignKey(
        "directory.Structure", verbose_name="structure co-organisatrice", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="events_coorganised",
        help_text="La CPTS ou le DAC qui co-organise (choisit le sujet, invite ses membres).")
    capacity = models.PositiveIntegerField("places", null=True, blank=True,
                                           help_text="Ex. 20 pour un Agor'Add ; vide : sans limite.")
    registration_open = models.BooleanField("inscriptions ouvertes", default=True)
    public_key = models.CharField("clé de la page d'inscription", max_length=24, unique=True,
                                  default=new_public_key)
    recording_url = models.URLField("enregistrement (replay)", blank=True)
    support_url = models.URLField("support (diaporama)", blank=True)
    questionnaire = models.ForeignKey(
        "questionnaires.Questionnaire", verbose_name="questionnaire", null=True, blank=True,
        on_delete=models.PROTECT, related_name="events",
        help_text="Vide : le questionnaire par défaut.")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "événement"

    def __str__(self) -> str:
        return str(self.meeting)


class Registration(models.Model):
    """One registration to an event, from the public page, by staff or from a visio import."""

    class Source(models.TextChoices):
        PUBLIC = "public", "Page d'inscription"
        STAFF = "staff", "Saisie par l'équipe"
        IMPORT = "import", "Import de la liste de présence"

    ref = models.CharField("identifiant", max_length=40, unique=True, default=new_registration_ref)
    meeting = models.ForeignKey("meetings.Meeting", verbose_name="événement", on_delete=models.CASCADE,
                                related_name="registrations")
    person = models.ForeignKey("directory.Person", verbose_name="personne", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="registrations")
    last_name = models.CharField("nom", max_length=120)
    first_name = models.CharField("prénom", max_length=120, blank=True)
    email = models.EmailField("e-mail", blank=True)
    structure_name = models.CharField("structure", max_length=250, blank=True)
    fonction = models.CharField("fonction", max_length=200, blank=True)
    category = models.ForeignKey("nomenclatures.Label", verbose_name="catégorie", null=True, blank=True,
                                 on_delete=models.PROTECT, limit_choices_to={"list": ListKey.CATEGORIE},
                                 related_name="+")
    consent_contact = models.BooleanField("accepte d'être recontacté·e", default=False)
    extra_people = models.PositiveSmallIntegerField(
        "autres personnes derrière le même écran", default=0,
        help_text="Une inscription qui cache plusieurs personnes devant un seul écran.")
    source = models.CharField("origine", max_length=10, choices=Source.choices, default=Source.STAFF)
    created_at = models.DateTimeField("inscrit·e le", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "last_name", "first_name", "pk"]
        verbose_name = "inscription"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="registration_one_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def full_name(self) -> str:
        return str(self)


class ExpectedDocument(models.Model):
    """A document the co-organiser must send back after the event (R4), and how many came."""

    class Kind(models.TextChoices):
        SIGN_IN = "emargement", "Feuille d'émargement"
        QUESTIONNAIRES = "questionnaires", "Questionnaires d'évaluation"
        SUPPORT = "support", "Support de présentation"

    meeting = models.ForeignKey("meetings.Meeting", verbose_name="événement", on_delete=models.CASCADE,
                                related_name="expected_documents")
    kind = models.CharField("document", max_length=20, choices=Kind.choices)
    expected = models.PositiveIntegerField("attendus", default=1)
    received = models.PositiveIntegerField("reçus", default=0)
    received_on = models.DateField("reçu le", null=True, blank=True)
    reminded_on = models.DateField("relancé le", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "kind"]
        verbose_name = "document attendu"
        constraints = [models.UniqueConstraint(fields=["meeting", "kind"], name="expected_document_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} : {self.received}/{self.expected}"

    @property
    def missing(self) -> int:
        return max(0, self.expected - self.received)


class MediaView(models.Model):
    """Views of an event's replay or slides on a platform at an observation date (R6): never
    participants."""

    class Platform(models.TextChoices):
        YOUTUBE = "youtube", "YouTube"
        CALAMEO = "calameo", "Calaméo"
        OTHER = "autre", "Autre"

    meeting = models.ForeignKey("meetings.Meeting", verbose_name="événement", on_delete=models.CASCADE,
                                related_name="media_views")
    platform = models.CharField("plateforme", max_length=10, choices=Platform.choices)
    views = models.PositiveIntegerField("vues")
    observed_on = models.DateField("observé le")

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "platform", "observed_on"]
        verbose_name = "vues d'un média"
        verbose_name_plural = "vues des médias"
        constraints = [models.UniqueConstraint(fields=["meeting", "platform", "observed_on"],
                                               name="media_view_unique")]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} : {self.views} au {self.observed_on:%d/%m/%Y}"


class AttendanceImport(models.Model):
    """One visio attendance export (Zoom, Teams, Webex) read for an event."""

    class Tool(models.TextChoices):
        ZOOM = "zoom", "Zoom"
        TEAMS = "teams", "Teams"
        WEBEX = "webex", "Webex"
        OTHER = "autre", "Autre (nom, e-mail, durée)"

    meeting = models.ForeignKey("meetings.Meeting", verbose_name="événement", on_delete=models.CASCADE,
                                related_name="attendance_imports")
    tool = models.CharField("outil", max_length=10, choices=Tool.choices)
    file_name = models.CharField("fichier", max_length=250)
    imported_at = models.DateTimeField("importé le", auto_now_add=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="par", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = "import de présences visio"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_tool_display()})"


class ImportLine(models.Model):
    """One participant line of a visio export, and what was decided for it."""

    class Status(models.TextChoices):
        MATCHED = "matched", "Reconnu·e (inscrit·e)"
        PERSON = "person", "Reconnu·e dans l'annuaire"
        PENDING = "pending", "À décider"
        CREATED = "created", "Personne créée"
        IGNORED = "ignored", "Ignoré"

    attendance_import = models.ForeignKey(AttendanceImport, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField("ligne")
    name = models.CharField("nom affiché", max_length=250)
    email = models.CharField("e-mail", max_length=254, blank=True)
    minutes = models.PositiveIntegerField("durée (minutes)", default=0)
    status = models.CharField("décision", max_length=10, choices=Status.choices, default=Status.PENDING)
    registration = models.ForeignKey(Registration, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    person = models.ForeignKey("directory.Person", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")

    class Meta:
        ordering = ["attendance_import", "position"]
        verbose_name = "ligne d'un import de présences"

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class PublicHit(models.Model):
    """One request to a public page, kept an hour to bound them per IP address (rate limit across
    the server's worker processes)."""

    ip = models.GenericIPAddressField("adresse IP", null=True, blank=True, db_index=True)
    page = models.CharField("page", max_length=30)
    created_at = models.DateTimeField("le", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "accès à une page publique"

    def __str__(self) -> str:
        return f"{self.page} — {self.ip}"
