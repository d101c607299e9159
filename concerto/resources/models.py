"""The resources library (« Espace Ressources », interchange `ressources`): what the association
publishes on its website, counted per type and thématique in the annual report (C.23)."""

from __future__ import annotations

from django.db import models

from concerto.directory.models import new_ref
from concerto.nomenclatures.models import ListKey


def new_resource_ref() -> str:
    return new_ref("R")


class ResourceQuerySet(models.QuerySet):
    def for_user(self, user) -> ResourceQuerySet:
        """Staff edit every resource; the public page and feed read `published()` only."""
        if not user.is_authenticated or not user.is_association:
            return self.none()
        return self

    def published(self) -> ResourceQuerySet:
        return self.filter(published=True)

    def of_year(self, year: int) -> ResourceQuerySet:
        return self.filter(date__year=year)


class Resource(models.Model):
    ref = models.CharField("identifiant", max_length=40, unique=True, default=new_resource_ref)
    title = models.CharField("titre", max_length=300)
    type = models.ForeignKey("nomenclatures.Label", verbose_name="type", on_delete=models.PROTECT,
                             limit_choices_to={"list": ListKey.TYPE_RESSOURCE}, related_name="+")
    theme = models.ForeignKey("nomenclatures.Label", verbose_name="thématique", null=True, blank=True,
                              on_delete=models.PROTECT, limit_choices_to={"list": ListKey.THEMATIQUE_RESSOURCE},
                              related_name="+")
    sub_theme = models.CharField("sous-thématique", max_length=200, blank=True,
                                 help_text="Ex. Gabapentinoïdes - prégabaline, gabapentine.")
    date = models.DateField("date de publication", db_index=True)
    author = models.CharField("auteur", max_length=200, blank=True,
                              help_text="Ex. médecin ressource, ou la source externe.")
    created_by_association = models.BooleanField("créée par l'association", null=True, blank=True)
    formats = models.CharField("formats", max_length=300, blank=True,
                               help_text="Ex. réglette, affiche A4/A3, livret de 4 pages.")
    url = models.URLField("adresse (URL)", max_length=500, blank=True)
    published = models.BooleanField("publiée", default=True,
                                    help_text="Seules les ressources publiées paraissent sur la page publique.")

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = "ressource"

    def __str__(self) -> str:
        return self.title


class PublicHit(models.Model):
    """Requests to the public page and feed per client address and minute (rate limit; in the
    database so that the bound holds across the server's processes). Kept a few minutes."""

    ip = models.CharField("adresse", max_length=64)
    minute = models.DateTimeField("minute")
    count = models.PositiveIntegerField("requêtes", default=0)

    class Meta:
        verbose_name = "accès public"
        constraints = [models.UniqueConstraint(fields=["ip", "minute"], name="public_hit_unique")]

    def __str__(self) -> str:
        return f"{self.ip} {self.minute:%H:%M} : {self.count}"
