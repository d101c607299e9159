"""Every URL × every role, against the written matrix below.

Two pôles: A (the coordinator's) and B (another). Each object URL is tried on A's and on
B's object: a coordinator gets A's and nothing of B's (403/404), by page, list, search or id.
Forbidden roles also try a POST, which must be refused and change nothing.
A URL added to the project without a row here fails `test_every_url_is_in_the_matrix`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from concerto.accounts.models import Role
from concerto.factories import (
    AttendanceFactory,
    MeetingFactory,
    PatientFactory,
    PersonFactory,
    PoleFactory,
    SituationFactory,
    SituationInvitationFactory,
    StructureFactory,
    UserFactory,
    label,
)
from concerto.fees.models import Fee, Statement
from concerto.interchange.models import ImportJob
from concerto.mailing.services import send_email
from concerto.meetings.models import MeetingDocument
from concerto.nomenclatures.models import Label, ListKey
from concerto.situations.models import Situation

ANON, ADMIN, STAFF, COORD, READER, REFERENT = (
    "anonyme", "admin", "equipe", "coordinatrice", "lecteur", "referente"
)
RESSOURCE = "ressource"  # a referent of the pôle ressource: its request log and report, nothing else
ROLES = [ANON, ADMIN, STAFF, COORD, READER, REFERENT, RESSOURCE]
POLE_SCOPED = {COORD, REFERENT}  # roles limited to their pôles (A here)
ASSOCIATION = {ADMIN, STAFF}
PATIENT_DATA = {ADMIN, STAFF, COORD}
EVERYONE = {ADMIN, STAFF, COORD, READER, REFERENT}
ADVICE = {ADMIN, STAFF, RESSOURCE}  # the pôle ressource's request log
ADVICE_REPORT = {ADMIN, STAFF, RESSOURCE, READER}  # its aggregated report
SECRET_CODE_B = "Zoé Q."  # a patient of pôle B: must never reach the coordinator of pôle A
POLE_B = "Douai"  # nor may pôle B itself (its meetings, lists, search results)


@dataclass
class World:
    pole: object
    meeting: object
    copil: object
    situation: object
    patient: object
    person: object
    invitation: object
    structure: object
    label: object
    job: object = None
    sending: object = None
    advice: object = None
    statement: object = None
    fee: object = None
    year: int = 2024


@dataclass(frozen=True)
class Rule:
    allowed: set[str]
    kwargs: Callable[[World], dict] | None = None
    scoped: bool = False  # object of a pôle: the coordinator is allowed on pôle A only
    query: str = ""
    post: bool = True  # forbidden roles also try a POST
    method: str = "get"  # how it is opened ("post" for action endpoints)
    check_allowed: bool = True  # False for destructive actions, tested in their own app


def pk(attr: str) -> Callable[[World], dict]:
    return lambda w: {"pk": getattr(w, attr).pk}


PUBLIC = {ANON, *EVERYONE, RESSOURCE}


def cpom_action(w: World) -> dict:
    """A CPOM action of the association (not of a pôle), made on first use."""
    from concerto.cpom.models import Action, ActionYear

    action, _ = Action.objects.get_or_create(
        ref="Action 11-11", defaults={"axe": label(ListKey.AXE_ACTION, "Télémédecine"), "title": "Violences"})
    ActionYear.objects.get_or_create(action=action, year=w.year)
    return {"pk": action.pk, "year": w.year}

def event_meeting(w: World) -> dict:
    """A webinar of the association (events belong to no pôle), made on first use."""
    from concerto.events.services import event_of

    meeting = MeetingFactory(pole=None, type=label(ListKey.TYPE_REUNION, "webinaire"),
                             date=dt.date.today() + dt.timedelta(days=30), theme="Webinaire prégabaline") \
        if not hasattr(w, "_event") else w._event
    w._event = meeting
    event_of(meeting)
    return {"pk": meeting.pk}


def event_key(w: World) -> dict:
    from concerto.events.models import Event

    return {"key": Event.objects.get(meeting_id=event_meeting(w)["pk"]).public_key}


def import_line(w: World) -> dict:
    from concerto.events.models import AttendanceImport, ImportLine

    meeting_id = event_meeting(w)["pk"]
    record = AttendanceImport.objects.create(meeting_id=meeting_id, tool="zoom", file_name="zoom.csv")
    return {"pk": ImportLine.objects.create(attendance_import=record, position=2, name="Inconnu").pk}


def questionnaire_token(w: World) -> dict:
    from concerto.events.models import Registration
    from concerto.questionnaires.services import make_token

    registration, _ = Registration.objects.get_or_create(meeting_id=event_meeting(w)["pk"], person=w.person,
                                                        defaults={"last_name": "Martin", "email": "martin@example.org"})
    return {"token": make_token(registration)}


def seat_holding(w: World) -> dict:
    from concerto.council.models import SeatHolding

    holding, _ = SeatHolding.objects.get_or_create(seat=label(ListKey.SIEGE_CONSEIL, "Référent infirmier"),
                                                   person=None, start=None)
    return {"pk": holding.pk}


def partner_action(w: World) -> dict:
    from concerto.partners.models import PartnerAction

    action, _ = PartnerAction.objects.get_or_create(ref="PRES-MATRICE", defaults={
        "date": dt.date(2024, 3, 4), "kind": PartnerAction.Kind.PRESENTATION, "pole": w.pole})
    return {"pk": action.pk}


def convention(w: World) -> dict:
    from concerto.conventions.models import Convention

    found, _ = Convention.objects.get_or_create(ref="CONV-MATRICE", defaults={
        "structure": w.structure, "status": label(ListKey.STATUT_CONVENTION, "signee")})
    return {"pk": found.pk}


# The written matrix: URL name -> who may open it.
MATRIX: dict[str, Rule] = {
    # accounts
    "login": Rule(PUBLIC, post=False),
    "logout": Rule(PUBLIC, post=False, method="post"),
    "password_reset": Rule(PUBLIC, post=False),
    "password_reset_done": Rule(PUBLIC, post=False),
    "password_reset_confirm": Rule(PUBLIC, kwargs=lambda w: {"uidb64": "MQ", "token": "x-y"}, post=False),
    "password_reset_complete": Rule(PUBLIC, post=False),
    # two-factor authentication: any logged-in user enrols their own device, nobody else's
    "two-factor-setup": Rule(EVERYONE | {RESSOURCE}),
    "two-factor-verify": Rule(EVERYONE | {RESSOURCE}),
    # core
    "home": Rule(EVERYONE | {RESSOURCE}, post=False),
    "health": Rule(PUBLIC, post=False),  # JSON probe: « ok » or the failing dependency, no data
    "todo": Rule(PATIENT_DATA, post=False),
    # poles
    "pole-list": Rule(PATIENT_DATA, post=False),
    "pole-create": Rule(ASSOCIATION),
    "pole-detail": Rule(PATIENT_DATA, pk("pole"), scoped=True, post=False),
    "pole-edit": Rule(ASSOCIATION, pk("pole")),
    # directory (shared between pôles: professionals, never patients)
    "person-list": Rule(PATIENT_DATA, post=False),
    "person-create": Rule(PATIENT_DATA),
    "person-detail": Rule(PATIENT_DATA, pk("person"), post=False),
    "person-edit": Rule(PATIENT_DATA, pk("person"), scoped=True),  # a coordinator: people of her pôles
    "person-merge": Rule(ASSOCIATION),
    "structure-list": Rule(ASSOCIATION, post=False),
    "structure-create": Rule(ASSOCIATION),
    "structure-edit": Rule(ASSOCIATION, pk("structure")),
    # nomenclatures
    "label-list": Rule(ASSOCIATION, post=False),
    "label-create": Rule(ASSOCIATION, query="?list=difficulte"),
    "label-edit": Rule(ASSOCIATION, pk("label")),
    # meetings
    "meeting-list": Rule(PATIENT_DATA, post=False),
    "meeting-create": Rule(PATIENT_DATA),
    "person-search": Rule(PATIENT_DATA, query="?q=Martin", post=False),
    "person-pick": Rule(PATIENT_DATA, query="?field=animateur&q=Martin", post=False),
    "structure-pick": Rule(PATIENT_DATA, query="?field=organiser&q=CSAPA", post=False),
    "meeting-detail": Rule(PATIENT_DATA, pk("meeting"), scoped=True, post=False),
    "meeting-edit": Rule(PATIENT_DATA, pk("meeting"), scoped=True),
    "meeting-add-situation": Rule(PATIENT_DATA, pk("meeting"), scoped=True, method="post"),
    "meeting-patient-lookup": Rule(PATIENT_DATA, pk("meeting"), scoped=True, query="?code=Bruno+M.",
                                     post=False),
    "meeting-attendance": Rule(PATIENT_DATA, pk("meeting"), scoped=True),
    # the meeting's lifecycle (concerto/meetings/tests/test_lifecycle.py tries the allowed actions)
    "meeting-send-invitations": Rule(PATIENT_DATA, pk("meeting"), scoped=True, method="post", check_allowed=False),
    "meeting-cancel": Rule(PATIENT_DATA, pk("meeting"), scoped=True, method="post", check_allowed=False),
    "meeting-document-received": Rule(PATIENT_DATA, pk("meeting"), scoped=True, method="post", check_allowed=False),
    "meeting-document-scan": Rule(PATIENT_DATA, lambda w: {"pk": w.meeting.pk, "kind": "emargement"}, scoped=True,
                                  post=False),
    "meeting-close": Rule(ASSOCIATION, pk("meeting"), method="post", check_allowed=False),
    # binary: the allowed downloads are opened in concerto/meetings/tests/test_documents.py
    "meeting-document": Rule(PATIENT_DATA, lambda w: {"pk": w.meeting.pk, "kind": "emargement", "fmt": "pdf"},
                             scoped=True, post=False, check_allowed=False),
    # fees (concerto/fees/tests try the allowed actions)
    "fee-list": Rule(ASSOCIATION, post=False),
    "fee-tariff": Rule(ASSOCIATION, method="post", check_allowed=False),
    "fee-statement-create": Rule(ASSOCIATION, method="post", check_allowed=False),
    "fee-statement-detail": Rule(ASSOCIATION, pk("statement"), post=False),
    "fee-statement-pay": Rule(ASSOCIATION, pk("statement"), method="post", check_allowed=False),
    "fee-statement-download": Rule(ASSOCIATION, lambda w: {"pk": w.statement.pk, "fmt": "xlsx"}, post=False),
    "fee-not-due": Rule(ASSOCIATION, pk("fee"), method="post", check_allowed=False),
    "fee-pay": Rule(ASSOCIATION, pk("fee"), method="post", check_allowed=False),
    # situations
    "situation-detail": Rule(PATIENT_DATA, pk("situation"), scoped=True, post=False),
    "situation-edit": Rule(PATIENT_DATA, pk("situation"), scoped=True),
    "situation-delete": Rule(PATIENT_DATA, pk("situation"), scoped=True),
    "situation-invite": Rule(PATIENT_DATA, pk("situation"), scoped=True, method="post"),
    "situation-invite-new": Rule(PATIENT_DATA, pk("situation"), scoped=True),
    "situation-uninvite": Rule(
        PATIENT_DATA, lambda w: {"pk": w.situation.pk, "invitation_pk": w.invitation.pk}, scoped=True,
        method="post", check_allowed=False,
    ),
    "patient-consent": Rule(PATIENT_DATA, pk("patient"), scoped=True),
    # interchange (association staff; an import job is seen by its uploader only, here the admin)
    "import-upload": Rule(ASSOCIATION),
    "import-job": Rule({ADMIN}, pk("job"), post=False),
    "import-job-status": Rule({ADMIN}, pk("job"), post=False),
    "import-confirm": Rule({ADMIN}, pk("job"), method="post", check_allowed=False),
    "export-download": Rule(ASSOCIATION, query="?format=zip", post=False),
    "import-template": Rule(ASSOCIATION, post=False),
    # mailing: the association's e-mails and their templates
    "mailing-sendings": Rule(ASSOCIATION),
    "mailing-sending": Rule(ASSOCIATION, pk("sending"), post=False),
    "mailing-sending-retry": Rule(ASSOCIATION, pk("sending"), method="post"),
    "mailing-templates": Rule(ASSOCIATION, post=False),
    "mailing-template-edit": Rule(ASSOCIATION, lambda w: {"key": "essai"}),
    # audit: the journal of accesses is the association admin's only
    "audit-list": Rule({ADMIN}, post=False),
    # CPOM actions (association staff; the Bilan is a document of the reports, readers see it there)
    "cpom-action-list": Rule(ASSOCIATION, post=False),
    "cpom-action-create": Rule(ASSOCIATION),
    "cpom-action-detail": Rule(ASSOCIATION, cpom_action, post=False),
    "cpom-action-edit": Rule(ASSOCIATION, cpom_action),
    "cpom-timesheet": Rule(ASSOCIATION),
    "cpom-staff-hours": Rule(ASSOCIATION, pk("person"), post=False),
    # pôle ressource: the request log (referents and staff), its report (also readers)
    "advice-list": Rule(ADVICE, post=False),
    "advice-create": Rule(ADVICE),
    "advice-edit": Rule(ADVICE, pk("advice")),
    "advice-person-lookup": Rule(ADVICE, query="?q=Martin", post=False),
    "advice-report": Rule(ADVICE_REPORT, lambda w: {"year": w.year}, post=False),
    "advice-report-download": Rule(ADVICE_REPORT, lambda w: {"year": w.year, "fmt": "json"}, post=False),
    # events (association staff: events belong to no pôle); the public pages show one event only
    "event-list": Rule(ASSOCIATION, post=False),
    "event-detail": Rule(ASSOCIATION, event_meeting, post=False),
    "event-settings": Rule(ASSOCIATION, event_meeting, method="post"),
    "event-add-registration": Rule(ASSOCIATION, event_meeting, method="post", check_allowed=False),
    "event-send-visio": Rule(ASSOCIATION, event_meeting, method="post"),
    "event-import": Rule(ASSOCIATION, event_meeting, method="post"),
    "event-resolve-line": Rule(ASSOCIATION, import_line, method="post"),
    "event-documents": Rule(ASSOCIATION, event_meeting, method="post"),
    "event-remind-documents": Rule(ASSOCIATION, event_meeting, method="post"),
    "event-media": Rule(ASSOCIATION, event_meeting, method="post"),
    "event-send-questionnaires": Rule(ASSOCIATION, event_meeting, method="post"),
    "questionnaire-paper": Rule(ASSOCIATION, event_meeting),
    "event-register": Rule(PUBLIC, event_key, post=False),
    "questionnaire-answer": Rule(PUBLIC, questionnaire_token, post=False),
    # scientific council, partners, conventions (association staff)
    "council": Rule(ASSOCIATION, post=False),
    "council-holding-create": Rule(ASSOCIATION),
    "council-holding-edit": Rule(ASSOCIATION, seat_holding),
    "partner-list": Rule(ASSOCIATION, post=False),
    "partner-action-create": Rule(ASSOCIATION),
    "partner-action-edit": Rule(ASSOCIATION, partner_action),
    "partner-engagement-add": Rule(ASSOCIATION),
    "convention-list": Rule(ASSOCIATION, post=False),
    "convention-create": Rule(ASSOCIATION),
    "convention-edit": Rule(ASSOCIATION, convention),
    "convention-document": Rule(ASSOCIATION, convention, post=False),
    # members (association staff)
    "membership-list": Rule(ASSOCIATION, post=False),
    "membership-create": Rule(ASSOCIATION),
    "membership-edit": Rule(ASSOCIATION, lambda w: {"pk": _membership(w).pk}),
    "member-renewals": Rule(ASSOCIATION, query="?annee=2025", post=False),
    "member-import": Rule(ASSOCIATION),
    "member-import-confirm": Rule(ASSOCIATION, lambda w: {"pk": _member_import(w).pk}),
    # newsletters (association staff; readers see the report's aggregated chapter)
    "newsletter-list": Rule(ASSOCIATION, post=False),
    "newsletter-create": Rule(ASSOCIATION),
    "newsletter-edit": Rule(ASSOCIATION, lambda w: {"pk": _send(w).pk}),
    "newsletter-import": Rule(ASSOCIATION),
    # resources: staff edit them; the public page and feeds (no login) show the published ones only
    "resource-list": Rule(ASSOCIATION, post=False),
    "resource-create": Rule(ASSOCIATION),
    "resource-edit": Rule(ASSOCIATION, lambda w: {"pk": _resource(w).pk}),
    "resources-public": Rule(PUBLIC, post=False),
    "resources-feed": Rule(PUBLIC, post=False),
    "resources-atom": Rule(PUBLIC, post=False),
    # reports (aggregated; a coordinator gets the reports of their pôles only)
    "report-index": Rule(EVERYONE, post=False),
    "report-year": Rule(EVERYONE, lambda w: {"year": w.year}, post=False),
    "report-year-pole": Rule(EVERYONE, lambda w: {"year": w.year, "pk": w.pole.pk}, scoped=True, post=False),
    "report-download": Rule(ASSOCIATION | {READER}, lambda w: {"year": w.year, "fmt": "json"}, post=False),
    "report-pole-download": Rule(
        EVERYONE, lambda w: {"year": w.year, "pk": w.pole.pk, "fmt": "json"}, scoped=True, post=False
    ),
    "report-comments": Rule(ASSOCIATION, lambda w: {"doc": "annual", "year": w.year}),
    # the same pages for any registered document (reports/documents.py), here the annual one by its key
    "report-doc-year": Rule(EVERYONE, lambda w: {"doc": "annual", "year": w.year}, post=False),
    "report-doc-year-pole": Rule(
        EVERYONE, lambda w: {"doc": "annual", "year": w.year, "pk": w.pole.pk}, scoped=True, post=False
    ),
    "report-doc-download": Rule(
        ASSOCIATION | {READER}, lambda w: {"doc": "annual", "year": w.year, "fmt": "json"}, post=False
    ),
    "report-doc-pole-download": Rule(
        EVERYONE, lambda w: {"doc": "annual", "year": w.year, "pk": w.pole.pk, "fmt": "json"}, scoped=True,
        post=False,
    ),
}


def _membership(w: World):
    from concerto.members.models import Membership

    return Membership.objects.filter(person=w.person).first()


def _member_import(w: World):
    from concerto.members.models import MemberImport

    return MemberImport.objects.get_or_create(
        file_name="adhesions.csv", defaults={
            "content": "Référence commande;Email payeur;Nom adhérent;Prénom adhérent\n1;x@example.org;Martin;Léa\n",
            "year": 2024, "default_category": label(ListKey.CATEGORIE_ADHERENT, "Pharmaciens")})[0]


def _send(w: World):
    from concerto.newsletters.models import Send

    return Send.objects.get_or_create(ref="NL-TEST", defaults={"date": dt.date(2024, 3, 1), "recipients": 10})[0]


def _resource(w: World):
    from concerto.resources.models import Resource

    return Resource.objects.get_or_create(
        ref="R-TEST", defaults={"title": "Fiche", "date": dt.date(2024, 3, 1),
                                "type": label(ListKey.TYPE_RESSOURCE, "Articles")})[0]


def _advice_request(person):
    from concerto.advice.models import AdviceRequest
    from concerto.members.models import Membership

    request = AdviceRequest.objects.create(date=dt.date(2024, 3, 4), person=person, notes="Question de posologie",
                                           requester=label(ListKey.DEMANDEUR_AVIS, "Pharmaciens"))
    request.natures.set([label(ListKey.NATURE_SOLLICITATION, "Conseils")])
    Membership.objects.create(year=2024, person=person, category=label(ListKey.CATEGORIE_ADHERENT, "Pharmaciens"),
                              member_class=Membership.MemberClass.FULL)
    return request


def _make_world(pole_name: str, code: str, structure_name: str) -> World:
    pole = PoleFactory(name=pole_name)
    meeting = MeetingFactory(pole=pole, date=dt.date(2024, 5, 14))
    patient = PatientFactory(pole=pole, code=code)
    situation = SituationFactory(meeting=meeting, patient=patient)
    person = PersonFactory()
    AttendanceFactory(meeting=meeting, person=person)
    invitation = SituationInvitationFactory(situation=situation, person=person)
    MeetingDocument.objects.create(meeting=meeting, kind="emargement", received_on=dt.date(2024, 5, 20),
                                   scan=b"%PDF-1.4 feuille", scan_name="emargement.pdf", scan_type="application/pdf")
    copil = MeetingFactory(pole=pole, type=label(ListKey.TYPE_REUNION, "comite_pilotage"))
    return World(
        pole=pole, meeting=meeting, copil=copil, situation=situation, patient=patient, person=person,
        invitation=invitation, structure=StructureFactory(name=structure_name),
        label=Label.objects.get(list=ListKey.DIFFICULTE, label="Logement"),
    )


@pytest.fixture
def worlds(db):
    a = _make_world("Calais", "Bruno M.", "CSAPA L'Envol")
    b = _make_world(POLE_B, SECRET_CODE_B, "CSAPA Le Relais")
    users = {
        ADMIN: UserFactory(username=ADMIN, role=Role.ADMIN),
        STAFF: UserFactory(username=STAFF, role=Role.STAFF),
        COORD: UserFactory(username=COORD, role=Role.COORDINATOR, poles=[a.pole]),
        READER: UserFactory(username=READER, role=Role.READER),
        REFERENT: UserFactory(username=REFERENT, role=Role.REFERENT, poles=[a.pole]),
        RESSOURCE: UserFactory(username=RESSOURCE, role=Role.ADVICE_REFERENT),
    }
    a.advice = _advice_request(a.person)
    a.job = ImportJob.objects.create(user=users[ADMIN], file_name="historique.xlsx", status=ImportJob.Status.FAILED)
    [a.sending] = send_email("essai", "equipe@example.org")
    a.statement = Statement.objects.create(ref="2024-001", start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30))
    a.fee = Fee.objects.create(meeting=a.meeting, person=a.person, amount=60, status=Fee.Status.SENT,
                               statement=a.statement)
    return a, b, users


def _all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin" or str(p.pattern).startswith("admin/"):
                    continue
                walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name:
                names.add(f"{namespace}:{p.name}" if namespace else p.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_url_is_in_the_matrix():
    missing = _all_url_names() - set(MATRIX)
    assert not missing, f"URL sans ligne dans la matrice d'accès : {sorted(missing)}"
    stale = set(MATRIX) - _all_url_names()
    assert not stale, f"Lignes de la matrice sans URL : {sorted(stale)}"


def _snapshot() -> tuple:
    """Counts and last change of the data a forbidden POST must leave alone."""
    from concerto.advice.models import AdviceRequest
    from concerto.directory.models import Person, Structure
    from concerto.mailing.models import EmailSending, EmailTemplate
    from concerto.meetings.models import Attendance, Meeting
    from concerto.members.models import Membership
    from concerto.newsletters.models import ColumnMapping, Send
    from concerto.poles.models import Pole
    from concerto.resources.models import Resource
    from concerto.situations.models import Patient, SituationInvitation

    models = [Pole, Person, Structure, Label, Meeting, Attendance, Patient, Situation, SituationInvitation,
              EmailSending, EmailTemplate, AdviceRequest, Membership, Send, ColumnMapping, Resource,
              MeetingDocument, Fee, Statement]
    return tuple(m.objects.count() for m in models) + (Situation.history.count(), Patient.history.count()) + (
        tuple(EmailTemplate.objects.order_by("key").values_list("subject", "body_text")),
        tuple(EmailSending.objects.order_by("pk").values_list("status", flat=True)), AdviceRequest.history.count(),
        tuple(Meeting.objects.order_by("pk").values_list("cancelled_on", "closed_on", "invitations_sent_at")),
        tuple(Fee.objects.order_by("pk").values_list("status", "amount")))


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access(name, worlds, client):
    rule = MATRIX[name]
    a, b, users = worlds
    sides = [("A", a), ("B", b)] if rule.scoped else [("A", a)]
    for role in ROLES:
        for side, world in sides:
            url = reverse(name, kwargs=rule.kwargs(world) if rule.kwargs else None) + rule.query
            client.logout()
            if role != ANON:
                client.force_login(users[role])
            allowed = role in rule.allowed and not (rule.scoped and role in POLE_SCOPED and side == "B")
            where = f"{role} sur {url} (pôle {side})"
            if allowed and not rule.check_allowed:
                continue
            before = _snapshot()
            response = getattr(client, rule.method)(url)
            if allowed:
                assert response.status_code in (200, 302), f"{where} : {response.status_code}, attendu 200"
                if role in POLE_SCOPED and response.status_code == 200:
                    content = response.content.decode()
                    assert SECRET_CODE_B not in content and POLE_B not in content, f"{where} montre le pôle B"
                if role in (READER, REFERENT) and response.status_code == 200:
                    content = response.content.decode()
                    assert "Bruno M." not in content and SECRET_CODE_B not in content, f"{where} montre un patient"
                continue
            if role == ANON:
                assert response.status_code == 302 and "/connexion/" in response["Location"], where
            else:
                assert response.status_code in (403, 404), f"{where} : {response.status_code}, attendu 403/404"
            assert _snapshot() == before, f"{rule.method.upper()} {where} a modifié des données"
            if rule.post and rule.method == "get":
                response = client.post(url, {})
                if role == ANON:
                    assert response.status_code == 302 and "/connexion/" in response["Location"], where
                else:
                    assert response.status_code in (403, 404), f"POST {where} : {response.status_code}"
                assert _snapshot() == before, f"POST {where} a modifié des données"
