"""Events of the round-trip association: every column of the events' tables filled."""

from __future__ import annotations

import datetime as dt

from concerto.directory.models import Person, Structure
from concerto.events.models import Event, ExpectedDocument, MediaView, Registration
from concerto.factories import label
from concerto.meetings.models import Meeting
from concerto.nomenclatures.models import ListKey
from concerto.questionnaires.models import Answer, Question, Questionnaire, QuestionnaireItem
from concerto.questionnaires.services import default_questionnaire


def events_data(webinar: Meeting, person: Person, cpts: Structure) -> None:
    default_questionnaire()
    short = Questionnaire.objects.create(code="court", title="Questionnaire court", is_default=False)
    question = Question.objects.create(code="format", text="Garder le même format ?", kind=Question.Kind.YES_NO)
    QuestionnaireItem.objects.create(questionnaire=short, question=question, position=1)
    QuestionnaireItem.objects.create(questionnaire=short, question=Question.objects.get(code="contenus"), position=2)
    Event.objects.create(meeting=webinar, co_organiser=cpts, capacity=100, registration_open=True,
                         public_key="cle-publique-1", recording_url="https://www.youtube.com/watch?v=abc",
                         support_url="https://www.calameo.com/read/123", questionnaire=short)
    registration = Registration.objects.create(
        ref="INS-0001", meeting=webinar, person=person, last_name="Lefebvre", first_name="Anne",
        email="anne@example.org", structure_name="CSAPA L'Envol", fonction="Médecin",
        category=label(ListKey.CATEGORIE, "generalistes_liberaux"), consent_contact=True, extra_people=1,
        source=Registration.Source.PUBLIC)
    Registration.objects.create(ref="INS-0002", meeting=webinar, last_name="Sans-Annuaire",
                                source=Registration.Source.STAFF)
    Answer.objects.create(response_ref="REP-1", meeting=webinar, registration=registration, question=question,
                          value="Oui", source=Answer.Source.ONLINE, answered_on=dt.date(2024, 5, 3))
    Answer.objects.create(response_ref="REP-2", meeting=webinar, question=Question.objects.get(code="contenus"),
                          value="Satisfait ; très ; « bien »", source=Answer.Source.PAPER)
    ExpectedDocument.objects.create(meeting=webinar, kind=ExpectedDocument.Kind.SIGN_IN, expected=1, received=0,
                                    received_on=dt.date(2024, 5, 20), reminded_on=dt.date(2024, 5, 15))
    MediaView.objects.create(meeting=webinar, platform=MediaView.Platform.YOUTUBE, views=70,
                             observed_on=dt.date(2025, 1, 31))
    MediaView.objects.create(meeting=webinar, platform=MediaView.Platform.CALAMEO, views=40,
                             observed_on=dt.date(2025, 1, 31))


def partners_data(calais, person: Person, cpts: Structure) -> None:
    from concerto.conventions.models import Convention
    from concerto.council.models import SeatHolding
    from concerto.partners.models import EngagementStep, PartnerAction

    SeatHolding.objects.create(seat=label(ListKey.SIEGE_CONSEIL, "Référent médecin généraliste"), person=person,
                               start=dt.date(2023, 1, 1), end=dt.date(2025, 6, 30))
    SeatHolding.objects.create(seat=label(ListKey.SIEGE_CONSEIL, "Référent infirmier"), person=None)
    PartnerAction.objects.create(ref="PRES-1", date=dt.date(2025, 2, 25), kind=PartnerAction.Kind.PRESENTATION,
                                 structure=cpts, other_structures="DAC Flandres\nCSAPA", topic="Nos outils",
                                 modality=label(ListKey.MODALITE, "visio"), pole=calais, notes="Comité de démarrage")
    EngagementStep.objects.create(pole=calais, structure=cpts, level=label(ListKey.ENGAGEMENT, "Rencontrée"),
                                  since=dt.date(2022, 5, 1), note="Premier contact")
    convention = Convention.objects.create(
        ref="CONV-1", structure=cpts, status=label(ListKey.STATUT_CONVENTION, "remise_a_jour"),
        signed_on=dt.date(2024, 3, 15), updated_on=dt.date(2025, 9, 30), terminated_on=dt.date(2026, 1, 31),
        conditions="Nouvel animateur", structure_address="1 rue de la Paix, Calais", structure_signatory="Mme Durand",
        structure_signatory_role="Présidente", association_signatory="Martin",
        association_obligations="Contact, invitations, relances\nSuivi", structure_obligations="Espace")
    convention.poles.set([calais])


def wipe_events() -> None:
    from concerto.conventions.models import Convention
    from concerto.council.models import SeatHolding
    from concerto.partners.models import EngagementStep, PartnerAction

    for model in (Convention, SeatHolding, PartnerAction, EngagementStep):
        model.objects.all().delete()
    for model in (Answer, MediaView, ExpectedDocument, Registration, Event, QuestionnaireItem, Questionnaire,
                  Question):
        model.objects.all().delete()
