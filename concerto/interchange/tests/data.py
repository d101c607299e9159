"""A small association touching every column of the format, built with the factories."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from concerto.advice.models import AdviceRequest
from concerto.directory.models import Person, Structure, Territory
from concerto.factories import (
    AttendanceFactory,
    MeetingFactory,
    PatientFactory,
    PersonFactory,
    PoleFactory,
    SituationFactory,
    SituationInvitationFactory,
    StructureFactory,
    label,
)
from concerto.meetings.models import Attendance, Meeting
from concerto.members.models import Membership
from concerto.newsletters.models import Send, SendCategory
from concerto.nomenclatures.defaults import load_default_labels
from concerto.nomenclatures.models import Label, ListKey
from concerto.poles.models import Pole, PoleEngagement, PoleOrganiser
from concerto.resources.models import Resource
from concerto.situations.models import Patient, Situation, SituationInvitation

from .cpom_data import cpom_actions, wipe_cpom
from .events_data import events_data, partners_data, wipe_events


def rich_association() -> dict:
    csapa = StructureFactory(name="CSAPA L'Envol", type=label(ListKey.TYPE_STRUCTURE, "CSAPA"), commune="Calais")
    cpts = StructureFactory(name="CPTS Grand Calaisis", type=label(ListKey.TYPE_STRUCTURE, "cpts"), commune="",
                            parent=csapa)
    # Version 2: the association's own labels (one retired, mapped to its successor), used by a fiche.
    precarity = Label.objects.create(list=ListKey.DIFFICULTE, label="Précarité énergétique", valid_from=2024,
                                     group="Sociales", aliases="Précarité\nFroid", position=99, needs_precision=True)
    Label.objects.create(list=ListKey.DIFFICULTE, label="Ancienne difficulté", valid_until=2023, maps_to=precarity)
    delay = label(ListKey.DELAI, "3 mois")
    delay.valid_until = 2030  # a shipped label edited by the association
    delay.save()
    referent = PersonFactory(
        ref="P-0001", last_name="Lefebvre", first_name="Anne", profession="Médecin généraliste",
        structure=csapa, email="anne@example.org", phone="03 21 00 00 00",
        first_participation=dt.date(2015, 6, 2), coordination_function="Présidente CPTS",
    )
    pharmacist = PersonFactory(
        ref="P-0002", last_name="Dubois", first_name="Éloïse", category=label(ListKey.CATEGORIE, "pharmaciens"),
        profession="Pharmacienne; titulaire", structure=None,
    )
    nurse = PersonFactory(ref="P-0003", last_name="", first_name="",
                          category=label(ListKey.CATEGORIE, "infirmiers"), profession="")
    calais = PoleFactory(name="Calais", departement="62", lieu="CSAPA L'Envol", organiser=csapa, referent=referent,
                         created_on=dt.date(2012, 1, 15), active=True, rythme="Un mardi sur deux",
                         aliases="Calaisis\nCalais-Nord", referent_note="Pas de libéral volontaire")
    PoleFactory(name="Saint-Omer", departement="02", lieu="", active=False)
    itv = MeetingFactory(ref="R-2024-01", pole=calais, date=dt.date(2024, 3, 12),
                         modality=label(ListKey.MODALITE, "mixte"), lieu="Salle 1", animateur=referent,
                         expert=pharmacist, organiser=cpts, theme="", start_time=dt.time(12, 30),
                         end_time=dt.time(14, 0), notes="Salle réservée ;\nrepas prévu")
    webinar = MeetingFactory(ref="R-2024-02", type=label(ListKey.TYPE_REUNION, "webinaire"), pole=None,
                   date=dt.date(2024, 5, 2), modality=label(ListKey.MODALITE, "visio"), lieu="",
                   theme="Prégabaline, « nouveaux » usages", visio_url="https://visio.example.org/webinaire-2024-05")
    AttendanceFactory(meeting=itv, person=referent, invited=True, present=True, remote=False, camera=None)
    AttendanceFactory(meeting=itv, person=pharmacist, invited=None, present=True, remote=True, camera=True)
    AttendanceFactory(meeting=itv, person=nurse, invited=True, present=False, remote=False, camera=False)
    patient = PatientFactory(pole=calais, code="Marc D.", consent_partial=True,
                             consent_exclusions="Pas le pharmacien", consent_informed_of_withdrawal=True,
                             consent_withdrawn_on=dt.date(2024, 6, 1))
    PoleEngagement.objects.create(pole=calais, structure=cpts, level=label(ListKey.ENGAGEMENT, "Participe"),
                                  since=dt.date(2023, 1, 10), note="Convention signée")
    PoleOrganiser.objects.create(pole=calais, structure=csapa, start=dt.date(2012, 1, 15), end=dt.date(2019, 12, 31))
    PoleOrganiser.objects.create(pole=calais, structure=cpts, start=dt.date(2020, 1, 1))
    situation = SituationFactory(
        ref="S-0001", meeting=itv, patient=patient, accord=label(ListKey.ACCORD, "oui"),
        demandeurs_precision="Mission locale", problematiques_precision="Jeux d'argent", motifs_precision="Épuisement",
        probleme="Suivi complexe,\nsur deux lignes", medecin_traitant=label(ListKey.CONNU, "non"),
        medecin_traitant_absence=label(ListKey.ABSENCE_MT, "Refus du patient"),
        medecin_traitant_invite=True, medecin_traitant_present=False,
        pharmacien_attitre=label(ListKey.CONNU, "oui"), pharmacien_invite=True, pharmacien_present=True,
        difficultes_somatiques="Hépatite C", difficultes_psychiatriques="Dépression", difficultes_autres="Dettes",
        motivation=label(ListKey.MOTIVATION, "Contemplation"), problematiques_evoquees="Isolement",
        pistes_precision="CSAPA et MG", detail_reponse="Réponse détaillée ; avec point-virgule",
        objectif_atteint=label(ListKey.OBJECTIF, "partiellement"),
        restitution_par=label(ListKey.RESTITUTEUR, "Pharmacien"), nouvelle_intervision=True,
        delai_nouvelle_intervision=label(ListKey.DELAI, "3 mois"),
        difficulty_professionals="L'infirmière", difficulty_causes="Agressivité",
        restitution_precision="Par téléphone", medecin_traitant_absence_precision="Déménagement récent",
    )
    situation.demandeurs.set([label(ListKey.DEMANDEUR, "Pharmacien"), label(ListKey.DEMANDEUR, "CSAPA")])
    situation.problematiques.set([label(ListKey.PROBLEMATIQUE, "Alcool"), label(ListKey.PROBLEMATIQUE, "Autre")])
    situation.motifs.set([label(ListKey.MOTIF, "Professionnels en difficulté")])
    situation.difficultes.set([label(ListKey.DIFFICULTE, "somatiques"), label(ListKey.DIFFICULTE, "Logement"),
                               precarity])
    situation.pistes.set([label(ListKey.PISTE, "Mettre en place un accompagnement conjoint")])
    SituationFactory(ref="S-0002", meeting=itv, patient=PatientFactory(pole=calais, code="P-0412"))
    SituationInvitationFactory(situation=situation, person=pharmacist, present=True)
    SituationInvitationFactory(situation=situation, person=nurse, present=False)
    cpom_actions(nurse)
    events_data(webinar, referent, cpts)
    partners_data(calais, referent, cpts)
    _pole_ressource(referent, pharmacist, nurse, cpts)
    _audience()
    from concerto.fees.models import Fee

    Fee.objects.create(meeting=itv, person=referent, role="animateur", amount=Decimal("120.00"), status="payee",
                       sent_on=dt.date(2024, 7, 1), paid_on=dt.date(2024, 9, 2))
    Fee.objects.create(meeting=itv, person=pharmacist, amount=Decimal("0.00"), status="non_due",
                       reason="à distance sans caméra allumée")
    return {"itv": itv, "situation": situation, "calais": calais, "referent": referent}


def _pole_ressource(referent: Person, pharmacist: Person, nurse: Person, cpts: Structure) -> None:
    """Version 2: territories, memberships and the pôle ressource's requests, every column filled."""
    centre = Territory.objects.create(name="Centre 21", kind=Territory.Kind.CPTS, position=1)
    Territory.objects.create(name="Auxois Morvan", kind=Territory.Kind.CPTS, position=2)
    dijon = Territory.objects.create(name="Dijon Métropole", kind=Territory.Kind.CLS, position=1)
    out = Territory.objects.create(name="Hors 21", kind=Territory.Kind.DEPARTEMENT, position=9, out_of_area=True)
    Person.objects.filter(pk=referent.pk).update(
        territory_cpts=centre, territory_cls=dijon, member_profession=label(ListKey.PROFESSION_ADHERENT,
                                                                            "Médecins généralistes"))
    Person.objects.filter(pk=pharmacist.pk).update(territory_cpts=out, territory_cls=out)
    Structure.objects.filter(pk=cpts.pk).update(territory_cpts=centre, territory_cls=dijon)
    Membership.objects.create(ref="A-2024-1", year=2024, person=referent,
                              category=label(ListKey.CATEGORIE_ADHERENT, "Médecins généralistes libéraux"),
                              member_class=Membership.MemberClass.FULL, amount=Decimal("30.50"),
                              paid_on=dt.date(2024, 1, 20), channel=Membership.Channel.HELLOASSO,
                              external_ref="HelloAsso 104512")
    Membership.objects.create(ref="A-2024-2", year=2024, structure=cpts,
                              category=label(ListKey.CATEGORIE_ADHERENT, "Personne morale"),
                              member_class=Membership.MemberClass.ASSOCIATE)
    call = AdviceRequest.objects.create(
        ref="SOL-1", date=dt.date(2024, 2, 3), requester=label(ListKey.DEMANDEUR_AVIS, "Pharmaciens"),
        territory_cpts=centre, territory_cls=dijon, mode=label(ListKey.MODE_SOLLICITATION, "Téléphone"),
        referent=label(ListKey.REFERENT_POLE, "Pharmacien"), person=pharmacist,
        notes="Chevauchement ; ordonnance de délégation", follow_up_on=dt.date(2024, 2, 17),
    )
    call.natures.set([label(ListKey.NATURE_SOLLICITATION, n) for n in ("Conseils", "Parcours de soins", "Autres")])
    call.responses.set([label(ListKey.OUTIL_REPONSE, "consultation_assistance")])
    call.orientations.set([label(ListKey.ORIENTATION, "CSAPA"), label(ListKey.ORIENTATION, "CJC")])
    dac = AdviceRequest.objects.create(
        ref="SOL-2", date=dt.date(2024, 4, 9), requester=label(ListKey.DEMANDEUR_AVIS, "Autres"),
        mission=AdviceRequest.Mission.DAC, dac_coordinator=nurse, territory_cpts=out,
    )
    dac.natures.set([label(ListKey.NATURE_SOLLICITATION, "Cas Complexe - CP")])
    dac.responses.set([label(ListKey.OUTIL_REPONSE, "Conseil / expertise")])


def _audience() -> None:
    """Version 2: newsletter sends (one general, one territorial, with categories) and resources."""
    general = Send.objects.create(ref="NL-2025-03", date=dt.date(2025, 3, 10),
                                  subjects="Jeux de hasard et d'argent\nTramadol®\nAdhésion", recipients=1795,
                                  openers=197, clickers=35, mailer="Brevo")
    Send.objects.create(ref="NL-2025-02", date=dt.date(2025, 2, 11), subjects="Troubles cognitifs",
                        audience="Contacts picards", recipients=84, openers=18, clickers=4)
    SendCategory.objects.create(send=general, category="Généralistes libéraux", recipients=680, openers=61,
                                clickers=13)
    SendCategory.objects.create(send=general, category="Responsables de la coordination locale", recipients=100,
                                openers=18, clickers=5)
    Resource.objects.create(ref="RES-1", title="Addicto'Repère : la réglette",
                            type=label(ListKey.TYPE_RESSOURCE, "outils"),
                            theme=label(ListKey.THEMATIQUE_RESSOURCE, "Alcool"), sub_theme="Repérage précoce",
                            date=dt.date(2025, 6, 2), author="Médecin ressource", created_by_association=True,
                            formats="Réglette ; affiche A4/A3", url="https://example.org/addicto-repere")
    Resource.objects.create(ref="RES-2", title="Prégabaline : revue",
                            type=label(ListKey.TYPE_RESSOURCE, "references"),
                            date=dt.date(2025, 4, 1), created_by_association=False, published=False)


def wipe_association() -> None:
    """Delete all association data; the nomenclatures go back to the shipped ones, as in a fresh database."""
    wipe_cpom()
    SendCategory.objects.all().delete()
    Send.objects.all().delete()
    Resource.objects.all().delete()
    wipe_events()
    for model in (AdviceRequest.natures, AdviceRequest.responses, AdviceRequest.orientations):
        model.through.objects.all().delete()
    AdviceRequest.objects.all().delete()
    Membership.objects.all().delete()
    from concerto.fees.models import Fee

    Fee.objects.all().delete()
    SituationInvitation.objects.all().delete()
    for model in (Situation.demandeurs, Situation.problematiques, Situation.motifs, Situation.difficultes,
                  Situation.pistes):
        model.through.objects.all().delete()
    Situation.objects.all().delete()
    Patient.objects.all().delete()
    PoleEngagement.objects.all().delete()
    PoleOrganiser.objects.all().delete()
    Attendance.objects.all().delete()
    Meeting.objects.all().delete()
    Pole.objects.all().delete()
    Person.objects.all().delete()
    Structure.objects.all().delete()
    Territory.objects.all().delete()
    Label.objects.update(maps_to=None)
    Label.objects.all().delete()
    load_default_labels(Label)
    assert Label.objects.exists()
