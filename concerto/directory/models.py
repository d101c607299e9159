from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Exists, OuterRef, Q
from simple_history.models import HistoricalRecords

from concerto.nomenclatures.models import ListKey


def new_ref(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(4).upper()}"


def new_person_ref() -> str:
    # "PERS-", never "P-": patient codes are often « P-0412 ».
    return new_ref("PERS")


class TerritoryQuerySet(models.QuerySet):
    def cpts(self) -> TerritoryQuerySet:
        """The columns of a CPTS table: CPTS territories, then the catch-all entries."""
        return self.filter(Q(kind=Territory.Kind.CPTS) | Q(out_of_area=True))

    def cls(self) -> TerritoryQuerySet:
        """The columns of a CLS table: CLS territories, then the catch-all entries."""
        return self.filter(Q(kind=Territory.Kind.CLS) | Q(out_of_area=True))


class Territory(models.Model):
    """A CPTS or CLS territory (or the « hors département » catch-all) of the association.

    Lives in the directory because people and structures carry it; the pôle ressource's
    requests and the membership tables read it from there. Each association defines its own
    (admin); `position` is the order of the columns or rows of report tables.
    """

    class Kind(models.TextChoices):
        CPTS = "CPTS", "CPTS"
        CLS = "CLS", "CLS"
        DEPARTEMENT = "Département", "Département"
        AUTRE = "Autre", "Autre"

    name = models.CharField("territoire", max_length=120, unique=True)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    position = models.PositiveSmallIntegerField("ordre dans les tableaux", default=0)
    out_of_area = models.BooleanField(
        "hors territoire", default=False,
        help_text="L'entrée « hors département » : une colonne des tableaux CPTS comme des tableaux CLS.",
    )

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        ordering = ["out_of_area", "position", "name"]
        verbose_name = "territoire"

    def __str__(self) -> str:
        return self.name


def _territory_field(kind: str) -> models.ForeignKey:
    return models.ForeignKey(
        Territory, verbose_name=f"territoire {kind}", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", limit_choices_to=Q(kind=kind) | Q(out_of_area=True),
    )


class Structure(models.Model):
    name = models.CharField("nom", max_length=200, unique=True)
    type = models.ForeignKey(
        "nomenclatures.Label",
        verbose_name="type",
        on_delete=models.PROTECT,
        limit_choices_to={"list": ListKey.TYPE_STRUCTURE},
        related_name="+",
    )
    commune = models.CharField("commune", max_length=120, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name="organisme de rattachement", null=True, blank=True, on_delete=models.SET_NULL
    )
    territory_cpts = _territory_field("CPTS")
    territory_cls = _territory_field("CLS")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "structure"

    def __str__(self) -> str:
        return self.name


# A directory search reads at most this much of what was typed (each word is one more
# set of joins: 4,000 words once took 44 s to build and run).
MAX_SEARCH_CHARS = 100
MAX_SEARCH_WORDS = 6


def search_words(text: str) -> tuple[list[str], bool]:
    """The words a search uses, and whether the text was cut to the bounds."""
    words = list(dict.fromkeys(text[:MAX_SEARCH_CHARS].split()))
    cut = len(text) > MAX_SEARCH_CHARS or len(words) > MAX_SEARCH_WORDS
    return words[:MAX_SEARCH_WORDS], cut


SEARCH_CUT_MESSAGE = (f"Recherche limitée aux {MAX_SEARCH_WORDS} premiers mots "
                      f"({MAX_SEARCH_CHARS} caractères au plus).")


class PersonQuerySet(models.QuerySet):
    def search(self, text: str) -> PersonQuerySet:
        """People matching every word (name, profession, structure, id, e-mail), within the bounds."""
        qs = self
        for word in search_words(text)[0]:
            qs = qs.filter(
                Q(last_name__icontains=word)
                | Q(first_name__icontains=word)
                | Q(profession__icontains=word)
                | Q(structure__name__icontains=word)
                | Q(ref__iexact=word)
                | Q(email__icontains=word)
            )
        return qs

    def editable_by(self, user) -> PersonQuerySet:
        """Whom a user may change: association staff anyone; a coordinator the people who take
        part in her pôles (present or invited at their meetings, invited for their situations)
        and those she added herself; nobody else. The directory stays readable by all."""
        if not user.is_authenticated:
            return self.none()
        if user.is_association:
            return self
        if not user.is_coordinator:
            return self.none()
        from concerto.meetings.models import Attendance
        from concerto.situations.models import SituationInvitation

        poles = user.poles.all()
        attends = Attendance.objects.filter(person=OuterRef("pk"), meeting__pole__in=poles)
        invited = SituationInvitation.objects.filter(person=OuterRef("pk"), situation__meeting__pole__in=poles)
        added = Person.history.model.objects.filter(id=OuterRef("pk"), history_type="+", history_user=user)
        return self.filter(Exists(attends) | Exists(invited) | Exists(added))


# Person fields the annual reports read (participant category, « Coordination », new
# participants): changing them shifts every pôle's report, so only the association's staff
# edits them on an existing person. Contact details (e-mail, phone) are read by no report.
REPORT_FIELDS = ("category", "coordination_function", "first_participation")


class Person(models.Model):
    """A professional (or a patient taking part, by code) who takes part in actions."""

    ref = models.CharField("identifiant", max_length=40, unique=True, default=new_person_ref)
    last_name = models.CharField("nom", max_length=120, blank=True)
    first_name = models.CharField("prénom", max_length=120, blank=True)
    category = models.ForeignKey(
        "nomenclatures.Label",
        verbose_name="catégorie",
        on_delete=models.PROTECT,
        limit_choices_to={"list": ListKey.CATEGORIE},
        related_name="+",
    )
    profession = models.CharField("profession", max_length=120, blank=True)
    structure = models.ForeignKey(
        Structure, verbose_name="structure", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="people",
    )
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField("téléphone", max_length=40, blank=True)
    first_participation = models.DateField(
        "première participation",
        null=True,
        blank=True,
        help_text="Quand elle précède l'historique enregistré (sert à compter les nouveaux).",
    )
    coordination_function = models.CharField(
        "fonction de coordination",
        max_length=200,
        blank=True,
        help_text="Ex. « Coordinatrice CPTS Grand Calaisis » : compte aussi dans « Coordination ».",
    )
    territory_cpts = _territory_field("CPTS")
    territory_cls = _territory_field("CLS")
    member_profession = models.ForeignKey(
        "nomenclatures.Label", verbose_name="profession d'adhérent", null=True, blank=True,
        on_delete=models.PROTECT, limit_choices_to={"list": ListKey.PROFESSION_ADHERENT}, related_name="+",
        help_text="Sert aux tableaux des adhérents par profession.",
    )

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name", "ref"]
        verbose_name = "personne"

    def __str__(self) -> str:
        name = " ".join(p for p in (self.first_name, self.last_name.upper()) if p)
        return name or self.ref

    @property
    def is_liberal(self) -> bool:
        from concerto.nomenclatures.defaults import LIBERAUX

        return self.category.group == LIBERAUX

    @property
    def territories(self) -> tuple[Territory | None, Territory | None]:
        """(CPTS, CLS) of the person, else of their structure: what a request is prefilled with."""
        structure = self.structure
        return (self.territory_cpts or (structure.territory_cpts if structure else None),
                self.territory_cls or (structure.territory_cls if structure else None))
