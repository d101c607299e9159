"""Demo rencontres interprofessionnelles: the seed's year of 5 Agor'Add and 7 webinars (seed 001,
2025, seed-spec C.21) for the demo's last complete year, with registrations, presences,
questionnaire answers, documents expected from the co-organising CPTS and replay views.

Agor'Add: 61 participants over the 4 whose attendance sheet came back (November's never did);
20 evaluation documents. Webinars: registrations, a little over half of them attend (52 %),
29 % of participants answer the questionnaire. Deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import random

from concerto.directory.models import Person, Structure
from concerto.events.models import Event, ExpectedDocument, MediaView, Registration
from concerto.meetings.models import Attendance, Meeting
from concerto.nomenclatures.models import Label, ListKey
from concerto.questionnaires.models import Answer, Question
from concerto.questionnaires.services import default_questionnaire, questions_of

AGORADD = [  # month, day, co-organising CPTS, theme, participants (None: no sheet came back)
    (3, 13, "CPTS Beaumont Artois", "Sevrage ambulatoire alcool", 16),
    (7, 3, "CPTS Beaumont Artois", "Régulation de la consommation", 14),
    (9, 18, "CPTS Beaumont Artois", "Usage et mésusage du protoxyde d'azote", 15),
    (11, 13, "CPTS ASNO", "Aborder les addictions en médecine de ville", None),
    (12, 4, "CPTS Beaumont Artois", "Cannabinoïdes de synthèse", 16),
]
AGORADD_ANSWERS = [6, 5, 5, 0, 4]  # 20 evaluation documents (33 % of 61)
WEBINARS = [  # month, day, theme, co-organiser, registrants, participants, YouTube, Calaméo views
    (2, 11, "Trouble lié à l'usage de la prégabaline", None, 40, 21, 70, None),
    (5, 20, "Remède ou poison, l'histoire des psychotropes du XIXème à nos jours", None, 46, 24, 94, None),
    (10, 14, "Par-delà l'abstinence", None, 44, 23, 70, None),
    (3, 18, "(Faut-il) Interroger les conduites addictives chez les aînés", "DAC du Ferrain", 52, 27, 64, 40),
    (4, 15, "(Quand et à qui) Faire appel pour accompagner les aînés en situation de conduite addictive",
     "DAC du Ferrain", 36, 19, 13, 80),
    (6, 10, "(Comment) accompagner les conduites addictives chez les aînés", "DAC du Ferrain", 42, 22, 28, 31),
    (9, 23, "(Pourquoi) les aînés consomment", "DAC du Ferrain", 44, 22, 52, 17),
]  # 304 registrants, 158 participants (52 %); 46 answers (29 %)
WEBINAR_ANSWERS = [6, 7, 7, 8, 5, 7, 6]
# Answer weights per question (seed-spec C.21 shares, approximately).
SCALE_WEIGHTS = {
    "contenus": [69, 31, 0, 0, 0], "comprehension": [88, 9, 3, 0, 0], "partage": [76, 22, 2, 0, 0],
    "supports": [69, 28, 3, 0, 0], "organisation": [84, 5, 8, 3, 0],
}
YES_NO_WEIGHTS = [94, 0, 6]
COMMENTS = ["Très clair, merci.", "Un diaporama plus complet aiderait.", "Plus de cas pratiques.",
            "Un webinaire plus long permettrait de parler moins vite.", "Rien à ajouter, excellent."]


def _structure(name: str, type_code: str = "CPTS") -> Structure:
    structure = Structure.objects.filter(name=name).first()
    if structure is None:
        kind = Label.objects.filter(list=ListKey.TYPE_STRUCTURE, label=type_code).first() or \
            Label.objects.filter(list=ListKey.TYPE_STRUCTURE).first()
        structure = Structure.objects.create(name=name, type=kind, commune="")
    return structure


def _value(rng: random.Random, question: Question, scale: list[str]) -> str | None:
    if question.kind == Question.Kind.SCALE:
        return rng.choices(scale, weights=SCALE_WEIGHTS.get(question.code, [60, 30, 10, 0, 0]))[0]
    if question.kind == Question.Kind.YES_NO:
        return rng.choices(["Oui", "Non", "Ne sait pas"], weights=YES_NO_WEIGHTS)[0]
    return rng.choice(COMMENTS) if rng.random() < 0.4 else None


def _answers(rng, meeting: Meeting, n: int, registrations: list[Registration], questions, scale, source) -> int:
    rows = []
    for i in range(n):
        registration = registrations[i] if i < len(registrations) else None
        ref = f"REP-{meeting.ref}-{i + 1:02d}"
        for question in questions:
            value = _value(rng, question, scale)
            if value is not None:
                rows.append(Answer(response_ref=ref, meeting=meeting, registration=registration, question=question,
                                   value=value, source=source, answered_on=meeting.date + dt.timedelta(days=1)))
    Answer.objects.bulk_create(rows)  # no history rows: the demo's answers were never edited
    return n


def wipe() -> None:
    for model in (Answer, MediaView, ExpectedDocument, Registration, Event):
        model.objects.all().delete()


def build_events_demo(seed: int, today: dt.date) -> dict[str, int]:
    """The last complete year's events (and registrations on next month's webinar, if any)."""
    rng = random.Random(seed * 17 + 3)
    year = today.year - 1
    questionnaire = default_questionnaire()
    questions = questions_of(questionnaire)
    scale = list(Label.objects.filter(list=ListKey.ECHELLE_SATISFACTION).order_by("position")
                 .values_list("label", flat=True))
    people = list(Person.objects.exclude(category__code="patients").exclude(email="")
                  .select_related("category", "structure").order_by("pk"))
    if len(people) < 60:
        return {}
    liberaux = [p for p in people if p.category.group == "Libéraux"]
    others = [p for p in people if p.category.group != "Libéraux"]
    agoradd, webinaire = (Label.objects.get(list=ListKey.TYPE_REUNION, code=c) for c in ("agoradd", "webinaire"))
    presentiel, visio = (Label.objects.get(list=ListKey.MODALITE, code=c) for c in ("presentiel", "visio"))
    animator = Person.objects.filter(category__code="generalistes_liberaux").order_by("pk").first()
    counts = {"événements": 0, "inscriptions": 0, "réponses aux questionnaires": 0}
    documents: list[ExpectedDocument] = []
    views: list[MediaView] = []
    for i, ((month, day, cpts, theme, n), n_answers) in enumerate(zip(AGORADD, AGORADD_ANSWERS, strict=True)):
        structure = _structure(cpts)
        meeting = Meeting.objects.create(ref=f"R-AGORADD-{year}-{i + 1}", type=agoradd, date=dt.date(year, month, day),
                                         modality=presentiel,
                                         start_time=dt.time(19, 0), end_time=dt.time(21, 30), theme=theme,
                                         lieu=f"Locaux de la {cpts}", organiser=structure, animateur=animator)
        Event.objects.create(meeting=meeting, co_organiser=structure, capacity=20, registration_open=False)
        counts["événements"] += 1
        # 7 libéraux per documented Agor'Add (46 % « soins de ville »), the rest coordination and others.
        attendees = (rng.sample(liberaux, 7) + rng.sample(others, n - 7)) if n else []
        Attendance.objects.bulk_create([Attendance(meeting=meeting, person=p, present=True) for p in attendees])
        documents.append(ExpectedDocument(meeting=meeting, kind=ExpectedDocument.Kind.SIGN_IN, expected=1,
                                        received=1 if n else 0, received_on=meeting.date + dt.timedelta(days=10)
                                        if n else None,
                                        reminded_on=None if n else meeting.date + dt.timedelta(days=21)))
        documents.append(ExpectedDocument(meeting=meeting, kind=ExpectedDocument.Kind.QUESTIONNAIRES,
                                        expected=n or 1, received=n_answers,
                                        received_on=meeting.date + dt.timedelta(days=10) if n_answers else None,
                                        reminded_on=None if n else meeting.date + dt.timedelta(days=21)))
        counts["réponses aux questionnaires"] += _answers(rng, meeting, n_answers, [], questions, scale,
                                                          Answer.Source.PAPER)
    for i, ((month, day, theme, partner, n_reg, n_part, youtube, calameo), n_answers) in enumerate(zip(
            WEBINARS, WEBINAR_ANSWERS, strict=True)):
        structure = _structure(partner, "DAC") if partner else None
        meeting = Meeting.objects.create(ref=f"R-WEBINAIRE-{year}-{i + 1}", type=webinaire,
                                         date=dt.date(year, month, day), modality=visio,
                                         start_time=dt.time(12, 30), end_time=dt.time(13, 30), theme=theme,
                                         organiser=structure, animateur=animator)
        Event.objects.create(meeting=meeting, co_organiser=structure, registration_open=False,
                             recording_url="https://www.youtube.com/@GeneralistesetAddictionsHdF")
        counts["événements"] += 1
        registrants = rng.sample(people, n_reg)
        registrations = [Registration(
            meeting=meeting, person=p, last_name=p.last_name, first_name=p.first_name, email=p.email,
            structure_name=p.structure.name if p.structure_id else "", fonction=p.profession, category=p.category,
            consent_contact=rng.random() < 0.6, source=Registration.Source.PUBLIC,
            ref=f"INS-{meeting.ref}-{i + 1:03d}") for i, p in enumerate(registrants)]
        # One registration hides two people behind one screen (the seed's shared screens).
        present = registrations[: n_part - 1]
        present[0].extra_people = 1
        Registration.objects.bulk_create(registrations)
        Attendance.objects.bulk_create([Attendance(meeting=meeting, person=r.person, present=True, remote=True)
                                        for r in present])
        counts["inscriptions"] += len(registrations)
        counts["réponses aux questionnaires"] += _answers(rng, meeting, n_answers, present, questions, scale,
                                                          Answer.Source.ONLINE)
        observed = dt.date(year + 1, 1, 31)
        views.append(MediaView(meeting=meeting, platform=MediaView.Platform.YOUTUBE, views=youtube,
                               observed_on=observed))
        if calameo:
            views.append(MediaView(meeting=meeting, platform=MediaView.Platform.CALAMEO, views=calameo,
                                   observed_on=observed))
    for model, rows in ((ExpectedDocument, documents), (MediaView, views)):
        model.objects.bulk_create(rows)
        model.history.bulk_history_create(rows)
    # An upcoming webinar open to registration (the public page of the demo).
    upcoming = Meeting.objects.create(ref=f"R-WEBINAIRE-{today.year}-A", type=webinaire,
                                      date=today + dt.timedelta(days=20), modality=visio,
                                      start_time=dt.time(12, 30), end_time=dt.time(13, 30),
                                      theme="Addiction aux jeux de hasard et d'argent", animateur=animator)
    Event.objects.create(meeting=upcoming, capacity=100)
    upcoming_regs = [Registration(meeting=upcoming, person=p, last_name=p.last_name, first_name=p.first_name,
                                  email=p.email, category=p.category, source=Registration.Source.PUBLIC,
                                  consent_contact=True, ref=f"INS-{upcoming.ref}-{i + 1:03d}")
                     for i, p in enumerate(rng.sample(people, 12))]
    Registration.objects.bulk_create(upcoming_regs)
    Registration.history.bulk_history_create(upcoming_regs)  # the upcoming webinar's, as typed on the page
    counts["événements"] += 1
    return counts
