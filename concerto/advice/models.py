"""The pôle ressource's request log (sollicitations, seed-spec B.20 / D.6).

One row per request received from a professional, a patient or their family. The report's
tables 3–10 count its natures, the requests themselves and its responses (C.25).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from concerto.directory.models import Territory, new_ref
from concerto.nomenclatures.models import ListKey


def new_request_ref() -> str:
    return new_ref("S")


class AdviceRequestQuerySet(models.QuerySet):
    def for_user(self, user) -> AdviceRequestQuerySet:
        """The whole log for its referents and the association staff; nothing for anyone else
        (readers get the aggregated report only, coordinators of Intervisions nothing)."""
        if not user.is_authenticated or not user.records_advice:
            return self.none()
        return self

    def of_year(self, year: int) -> AdviceRequestQuerySet:
        return self.filter(date__year=year)

    def search(self, text: str) -> AdviceRequestQuerySet:
        qs = self
        for word in text.split():
            qs = qs.filter(
                Q(notes__icontains=word) | Q(ref__iexact=word)
                | Q(person__last_name__icontains=word) | Q(person__first_name__icontains=word)
                | Q(natures__label__icontains=word) | Q(orientations__label__icontains=word)
            )
        return qs.distinct()


class AdviceRequest(models.Model):
    class Mission(models.TextChoices):
        PROFESSIONALS = "professionnels", "Appui aux professionnels"
        DAC = "dac", "Appui au DAC"

    ref = models.CharField("identifiant", max_length=40, unique=True, default=new_request_ref)
    date = models.DateField("date", db_index=True)
    mode = models.ForeignKey(
        "nomenclatures.Label", verbose_name="mode de sollicitation", null=True, blank=True,
        on_delete=models.PROTECT, limit_choices_to={"list": ListKey.MODE_SOLLICITATION}, related_name="+",
    )
    requester = models.ForeignKey(
        "nomenclatures.Label", verbose_name="demandeur", on_delete=models.PROTECT,
        limit_choices_to={"list": ListKey.DEMANDEUR_AVIS}, related_name="+",
    )
    territory_cpts = models.ForeignKey(
        Territory, verbose_name="territoire CPTS", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", limit_choices_to=Q(kind=Territory.Kind.CPTS) | Q(out_of_area=True),
    )
    territory_cls = models.ForeignKey(
        Territory, verbose_name="territoire CLS", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", limit_choices_to=Q(kind=Territory.Kind.CLS) | Q(out_of_area=True),
    )
    natures = models.ManyToManyField(
        "nomenclatures.Label", verbose_name="nature(s)", related_name="+",
        limit_choices_to={"list": ListKey.NATURE_SOLLICITATION},
    )
    responses = models.ManyToManyField(
        "nomenclatures.Label", verbose_name="réponse(s) apportée(s)", blank=True, related_name="+",
        limit_choices_to={"list": ListKey.OUTIL_REPONSE},
    )
    referent = models.ForeignKey(
        "nomenclatures.Label", verbose_name="référent qui a répondu", null=True, blank=True,
        on_delete=models.PROTECT, limit_choices_to={"list": ListKey.REFERENT_POLE}, related_name="+",
    )
    orientations = models.ManyToManyField(
        "nomenclatures.Label", verbose_name="orientation(s) proposée(s)", blank=True, related_name="+",
        limit_choices_to={"list": ListKey.ORIENTATION},
    )
    mission = models.CharField("mission", max_length=20, choices=Mission.choices, default=Mission.PROFESSIONALS)
    person = models.ForeignKey(
        "directory.Person", verbose_name="professionnel demandeur", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="advice_requests",
    )
    dac_coordinator = models.ForeignKey(
        "directory.Person", verbose_name="coordonnateur·rice de parcours du DAC", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="dac_advice_requests",
    )
    notes = models.TextField(
        "notes", blank=True, help_text="Jamais l'identité d'un patient (prénom + initiale au plus).",
    )
    follow_up_on = models.DateField(
        "seconde consultation le", null=True, blank=True,
        help_text="Consultation d'expertise prévue après une consultation d'assistance en urgence.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="saisie par", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # A default, not auto_now_add: a restored backup keeps the original time.
    created_at = models.DateTimeField("saisie le", default=timezone.now, editable=False)

    objects = AdviceRequestQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[natures, responses, orientations])

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = "sollicitation"

    def __str__(self) -> str:
        return f"Sollicitation {self.ref} du {self.date:%d/%m/%Y}"
