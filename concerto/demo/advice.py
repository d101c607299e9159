"""A pôle ressource year like Héméra's (seed 003, report 2023): territories, members, requests.

`build_pole_ressource(year)` creates the Dijon territories, the 266 members of `year` (and
the 252 of `year - 1`, the same people mostly) and the 69 requests of `year` (48 in
`year - 1`) so that tables 1–3 and 5–8 of the report are exactly the seed's (seed-spec
C.25); tables 4, 9 and 10 follow from the same requests (E.47–48). The tests assert those
tables on it; the demo calls it for its last complete year.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter

from simple_history.utils import bulk_create_with_history

from concerto.demo import data
from concerto.directory.models import Person, Territory
from concerto.nomenclatures.models import Label, ListKey

CPTS = ["Centre 21", "Sud Côte d'Or", "Auxois Morvan", "21/52", "Pays d'Or", "Chatillonnais"]
CLS = ["Dijon Métropole", "Pays Beaunois", "Pays Auxois Morvan", "Pays Seine & Tilles",
       "Pays Val De Saône Vingeanne", "Pays Châtillonnais"]
OUT = "Hors 21"
# Columns of the requests tables (6, 7): no Châtillonnais column there, as in the seed.
REQ_CPTS = ["Centre 21", "Sud Côte d'Or", "Auxois Morvan", "21/52", "Pays d'Or", OUT]
REQ_CLS = ["Dijon Métropole", "Pays Beaunois", "Pays Auxois Morvan", "Pays Seine & Tilles",
           "Pays Val De Saône Vingeanne", OUT]

# Tableau 1 and 2: members per profession over CPTS + [Hors 21] and CLS + [Hors 21].
MEMBERS_CPTS = {
    "Médecins généralistes": [77, 17, 9, 8, 8, 4, 5],
    "Médecins du travail": [6, 1, 0, 1, 0, 0, 0],
    "Directeurs structures": [2, 0, 0, 0, 0, 0, 0],
    "Psychiatres": [4, 0, 0, 0, 0, 0, 0],
    "Diététiciens": [0, 0, 0, 0, 0, 0, 0],
    "Educateurs": [3, 1, 0, 0, 0, 0, 0],
    "Pharmaciens": [42, 12, 3, 7, 8, 4, 3],
    "Préparateurs": [4, 0, 0, 0, 2, 0, 0],
    "Kinésithérapeutes": [0, 0, 0, 0, 0, 0, 1],
    "Infirmiers": [12, 3, 0, 0, 0, 1, 1],
    "Psychothérapeutes": [4, 0, 0, 0, 0, 0, 0],
    "Psychologues": [9, 2, 0, 0, 0, 1, 1],
}
MEMBERS_CLS = {
    "Médecins généralistes": [76, 19, 10, 6, 8, 5, 4],
    "Médecins du travail": [6, 1, 0, 1, 0, 0, 0],
    "Directeurs structures": [2, 0, 0, 0, 0, 0, 0],
    "Psychiatres": [4, 0, 0, 0, 0, 0, 0],
    "Diététiciens": [0, 0, 0, 0, 0, 0, 0],
    "Educateurs": [3, 1, 0, 0, 0, 0, 0],
    "Pharmaciens": [43, 12, 4, 6, 7, 4, 3],
    "Préparateurs": [3, 0, 1, 0, 2, 0, 0],
    "Kinésithérapeutes": [0, 0, 0, 0, 0, 0, 1],
    "Infirmiers": [12, 3, 0, 0, 0, 1, 1],
    "Psychothérapeutes": [4, 0, 0, 0, 0, 0, 0],
    "Psychologues": [8, 2, 1, 0, 0, 1, 1],
}
# Members of N-1 per profession (252; « 122 médecins généralistes, 76 pharmaciens »).
MEMBERS_PREVIOUS = {
    "Médecins généralistes": 122, "Médecins du travail": 8, "Directeurs structures": 2, "Psychiatres": 4,
    "Diététiciens": 0, "Educateurs": 4, "Pharmaciens": 76, "Préparateurs": 5, "Kinésithérapeutes": 1,
    "Infirmiers": 15, "Psychothérapeutes": 4, "Psychologues": 11,
}
CATEGORY_OF = {"Médecins généralistes": "Médecins généralistes libéraux", "Pharmaciens": "Pharmaciens",
               "Infirmiers": "Infirmiers libéraux", "Kinésithérapeutes": "Autres professionnels libéraux"}
PARTICIPANT_CATEGORY = {"Médecins généralistes": "Généralistes libéraux", "Pharmaciens": "Pharmaciens",
                        "Infirmiers": "Infirmiers", "Psychologues": "Psychologues",
                        "Psychiatres": "Spécialistes", "Médecins du travail": "Spécialistes",
                        "Kinésithérapeutes": "Autres libéraux", "Educateurs": "Travailleurs sociaux"}

NATURES = ["Cas Complexe - CP", "Conseils", "Demande de prise en charge", "Passage en relais ou ville",
           "Parcours de soins", "Autres"]
TOOLS = ["Consultation téléphonique d'assistance", "Téléconsultation d'assistance",
         "Entretien téléphonique de conseil", "Télé-expertise", "CP", "TéléCP", "Autres"]
# Per professional requester: requests by CPTS (table 6), by CLS (table 7), natures (table 3),
# responses (table 8).
PROFESSIONALS = {
    "Médecins Généralistes": ([8, 1, 1, 0, 0, 0], [8, 1, 1, 0, 0, 0], [1, 7, 3, 0, 1, 0], [3, 0, 6, 0, 1, 0, 0]),
    "MG MSP": ([0, 0, 1, 0, 0, 0], [0, 0, 1, 0, 0, 0], [0, 1, 1, 0, 0, 0], [0, 0, 1, 0, 0, 0, 0]),
    "Médecins Psychiatres": ([1, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0], [0, 1, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0, 0]),
    "Pharmaciens": ([17, 1, 0, 1, 1, 3], [18, 1, 0, 1, 0, 3], [1, 13, 0, 0, 10, 1], [8, 0, 15, 0, 0, 0, 0]),
    "CHU/CHS": ([0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 1], [0, 1, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0, 0]),
    "CSAPA/CAARUD/...": ([9, 0, 0, 0, 0, 0], [9, 0, 0, 0, 0, 0], [1, 5, 1, 0, 1, 1], [1, 0, 8, 0, 0, 0, 0]),
    "Structures Sociales": ([2, 0, 1, 0, 0, 0], [2, 0, 1, 0, 0, 0], [0, 2, 2, 0, 0, 1], [0, 0, 3, 0, 0, 0, 0]),
    "Psychologues": ([0] * 6, [0] * 6, [0] * 6, [0] * 7),
    "Autres": ([2, 0, 0, 0, 0, 0], [2, 0, 0, 0, 0, 0], [0, 2, 1, 0, 0, 1], [0, 0, 2, 0, 0, 0, 0]),
}
# Patients and entourage: table 5 (natures by CPTS) holds too, so their natures are given per
# (requester, CPTS) cell; every answer was a « Entretien téléphonique de conseil ».
PATIENTS = {
    "Patients": ([10, 0, 0, 1, 1, 2], [10, 0, 0, 1, 1, 2], {
        "Centre 21": [1, 2, 7, 0, 2, 1], "21/52": [0, 0, 1, 0, 0, 0], "Pays d'Or": [0, 0, 1, 0, 0, 0],
        OUT: [0, 2, 0, 0, 1, 0]}),
    "Familles / Entourage": ([4, 0, 0, 1, 0, 0], [4, 0, 0, 1, 0, 0], {
        "Centre 21": [0, 4, 3, 0, 1, 0], "21/52": [0, 1, 0, 0, 0, 0]}),
}
REFERENT_OF = {"Pharmaciens": "Pharmacien", "Structures Sociales": "Travailleur social",
               "Familles / Entourage": "Psychologue", "Patients": "Travailleur social"}
ORIENTATIONS = ["CSAPA", "Médecin généraliste", "Addictologue libéral", "CJC", "DAC", "Psychiatre",
                "Espace France Services", "CPTS", "Centre antidouleur", "MG MSP"]
# Mission II: the DAC's case coordinators (not in tables 3–10).
DAC_CPTS = ["Centre 21"] * 4 + ["Auxois Morvan", "Pays d'Or"]
DAC_TOOLS = ["Conseil / expertise", "Evaluation sanitaire et sociale de la situation et des besoins du patient"]


def territories() -> dict[str, Territory]:
    """The Dijon territories (get or create): CPTS, CLS, then « Hors 21 »."""
    out = {}
    for kind, names in ((Territory.Kind.CPTS, CPTS), (Territory.Kind.CLS, CLS)):
        for position, name in enumerate(names, start=1):
            out[name], _ = Territory.objects.get_or_create(name=name, defaults={"kind": kind, "position": position})
    out[OUT], _ = Territory.objects.get_or_create(
        name=OUT, defaults={"kind": Territory.Kind.DEPARTEMENT, "position": 99, "out_of_area": True})
    return out


def _pair(left: list[int], right: list[int]) -> list[tuple[int, int]]:
    """Northwest-corner pairing of two margins with the same sum: (left index, right index) per unit."""
    a = list(itertools.chain.from_iterable([i] * n for i, n in enumerate(left)))
    b = list(itertools.chain.from_iterable([j] * n for j, n in enumerate(right)))
    assert len(a) == len(b), (left, right)
    return list(zip(a, b, strict=True))


def _spread(counts: list[int], names: list[str], n: int) -> list[list[str]]:
    """Deal labels to n requests so that each gets at least one and none gets a label twice:
    the most used first, round robin (needs every count ≤ n and their sum ≥ n)."""
    tokens = [name for name, c in sorted(zip(names, counts, strict=True), key=lambda x: -x[1]) for _ in range(c)]
    out: list[list[str]] = [[] for _ in range(n)]
    for i, token in enumerate(tokens):
        out[i % n].append(token)
    assert all(out) and all(len(set(x)) == len(x) for x in out), (counts, n)
    return out


def _labels(list_key: str) -> dict[str, Label]:
    return {lab.label: lab for lab in Label.objects.of(list_key)}


def request_specs() -> list[dict]:
    """The 69 requests of the seed year as plain dicts (requester, cpts, cls, natures, responses)."""
    specs = []
    for requester, (cpts, cls, natures, tools) in PROFESSIONALS.items():
        places = _pair(cpts, cls)
        dealt = _spread(natures, NATURES, len(places))
        answers = [TOOLS[i] for i, c in enumerate(tools) for _ in range(c)]
        for (i, j), nat, tool in zip(places, dealt, answers, strict=True):
            specs.append({"requester": requester, "cpts": REQ_CPTS[i], "cls": REQ_CLS[j], "natures": nat,
                          "responses": [tool]})
    for requester, (cpts, cls, natures_by_cpts) in PATIENTS.items():
        places = _pair(cpts, cls)
        by_cpts: dict[int, list[int]] = {}
        for i, j in places:
            by_cpts.setdefault(i, []).append(j)
        for i, cls_indexes in by_cpts.items():
            dealt = _spread(natures_by_cpts[REQ_CPTS[i]], NATURES, len(cls_indexes))
            for j, nat in zip(cls_indexes, dealt, strict=True):
                specs.append({"requester": requester, "cpts": REQ_CPTS[i], "cls": REQ_CLS[j], "natures": nat,
                              "responses": ["Entretien téléphonique de conseil"]})
    return specs


def build_pole_ressource(year: int, *, people: bool = True, previous: bool = True,
                         recorded_by=None) -> dict[str, int]:
    """Territories, members of `year` (and `year - 1`), requests of `year` (and `year - 1`)."""
    from concerto.advice.models import AdviceRequest
    from concerto.members.models import Membership

    places = territories()
    professions = _labels(ListKey.PROFESSION_ADHERENT)
    categories = _labels(ListKey.CATEGORIE_ADHERENT)
    participant = _labels(ListKey.CATEGORIE)
    members: list[Person] = []
    memberships: list[Membership] = []
    by_profession: dict[str, list[Person]] = {}
    serial = itertools.count(1)
    for profession, cpts_counts in MEMBERS_CPTS.items():
        cpts_names, cls_names = [*CPTS, OUT], [*CLS, OUT]
        for i, j in _pair(cpts_counts, MEMBERS_CLS[profession]):
            n = next(serial)
            first_names = data.FIRST_NAMES_F + data.FIRST_NAMES_M
            person = Person(
                ref=f"HEM-{n:04d}", last_name=data.LAST_NAMES[(n * 7) % len(data.LAST_NAMES)],
                first_name=first_names[(n * 11) % len(first_names)],
                category=participant[PARTICIPANT_CATEGORY.get(profession, "Autres")],
                profession=profession, member_profession=professions[profession],
                territory_cpts=places[cpts_names[i]], territory_cls=places[cls_names[j]],
                email=f"adherent{n:03d}@demo-hemera.test",
            )
            members.append(person)
            by_profession.setdefault(profession, []).append(person)
    Person.objects.bulk_create(members)
    for profession, people_of in by_profession.items():
        category = categories[CATEGORY_OF.get(profession, "Professionnels non libéraux")]
        member_class = (Membership.MemberClass.FULL if category.group == "Plein exercice"
                        else Membership.MemberClass.ASSOCIATE)
        years = [(year, people_of)]
        if previous:
            years.append((year - 1, people_of[:MEMBERS_PREVIOUS[profession]]))
        for y, chosen in years:
            for k, person in enumerate(chosen):
                memberships.append(Membership(
                    ref=f"AD-{y}-{person.ref}", year=y, person=person, category=category, member_class=member_class,
                    amount=30 if member_class == Membership.MemberClass.FULL else 15,
                    paid_on=dt.date(y, 1 + k % 6, 1 + k % 27),
                    channel=Membership.Channel.WEBSITE if k % 5 else Membership.Channel.CHEQUE,
                ))
    Membership.objects.bulk_create(memberships)

    requesters = _labels(ListKey.DEMANDEUR_AVIS)
    natures, tools = _labels(ListKey.NATURE_SOLLICITATION), _labels(ListKey.OUTIL_REPONSE)
    modes, referents = _labels(ListKey.MODE_SOLLICITATION), _labels(ListKey.REFERENT_POLE)
    orientations = _labels(ListKey.ORIENTATION)
    specs = request_specs()
    pool = {(p.territory_cpts.name, p.territory_cls.name): p for p in members} if people else {}
    plans = [(year, s) for s in specs]
    if previous:
        # N-1: 48 requests, 26 of them from professionals.
        pros = [s for s in specs if s["requester"] in PROFESSIONALS][:26]
        patients = [s for s in specs if s["requester"] in PATIENTS]
        plans += [(year - 1, s) for s in pros + (patients * 2)[:22]]
    requests, lists = [], []
    for n, (y, spec) in enumerate(plans):
        day = dt.date(y, 1, 2) + dt.timedelta(days=(n * 5) % 360)
        professional = spec["requester"] in PROFESSIONALS
        requests.append(AdviceRequest(
            ref=f"SOL-{y}-{n:03d}", date=day, requester=requesters[spec["requester"]],
            mode=modes["Mail" if spec["requester"] == "CHU/CHS" else "Téléphone"],
            territory_cpts=places[spec["cpts"]], territory_cls=places[spec["cls"]],
            referent=referents[REFERENT_OF.get(spec["requester"], "Médecin")],
            person=pool.get((spec["cpts"], spec["cls"])) if professional else None,
            follow_up_on=(day + dt.timedelta(days=14)
                          if spec["responses"] == ["Consultation téléphonique d'assistance"] and n % 3 == 0 else None),
            recorded_by=recorded_by,
        ))
        lists.append(([natures[x] for x in spec["natures"]], [tools[x] for x in spec["responses"]],
                      [orientations[ORIENTATIONS[n % len(ORIENTATIONS)]]]))
    for n, cpts in enumerate(DAC_CPTS):
        requests.append(AdviceRequest(
            ref=f"DAC-{year}-{n:02d}", date=dt.date(year, 3 + n, 10), requester=requesters["Autres"],
            mode=modes["Mail"], mission=AdviceRequest.Mission.DAC, territory_cpts=places[cpts],
            referent=referents["Médecin"], recorded_by=recorded_by,
        ))
        lists.append(([natures["Cas Complexe - CP"]], [tools[t] for t in DAC_TOOLS], []))
    # Bulk writes (a handful of queries): the history keeps one creation entry per request.
    requests = bulk_create_with_history(requests, AdviceRequest, default_user=recorded_by,
                                        default_change_reason="Données de démonstration")
    for index, name in enumerate(("natures", "responses", "orientations")):
        through = AdviceRequest._meta.get_field(name).remote_field.through
        through.objects.bulk_create([through(advicerequest_id=r.pk, label_id=lab.pk)
                                     for r, chosen in zip(requests, lists, strict=True) for lab in chosen[index]])
    created = Counter(r.date.year for r in requests if r.mission != AdviceRequest.Mission.DAC)
    return {"territoires": len(places), "adhérents (personnes)": len(members),
            **{f"adhésions {y}": c for y, c in sorted(Counter(m.year for m in memberships).items())},
            **{f"sollicitations {y}": c for y, c in sorted(created.items())},
            "sollicitations appui au DAC": len(DAC_CPTS)}


# Training sessions and territorial meetings of the seed year (C.25): (month, day, theme, place,
# organiser, modality code, participants).
FORMATIONS = [
    (1, 12, "Faculté de pharmacie (6e année), groupe 1", "Dijon", "", "presentiel", 20),
    (4, 28, "Faculté de pharmacie (6e année), groupe 2", "Dijon", "", "presentiel", 19),
    (4, 28, "IRTESS : Moniteurs Éducateurs", "Dijon", "", "presentiel", 30),
    (10, 13, "IRTESS : D.E. Éducateurs Techniques Spécialisés 2e année", "Dijon", "", "presentiel", 18),
    (12, 12, "IRTESS : D.E. Éducateurs Spécialisés 3e année", "Dijon", "", "presentiel", 71),
    (5, 24, "Lycée Simone Weil : D.E. Conseillers en Économie Sociale et Familiale", "Dijon", "", "presentiel", 18),
]
RENCONTRES = [
    (9, 14, "Conférence « Accès aux soins »", "Dijon", "CPTS Centre 21", "presentiel", 10),
    (11, 29, "« QUESACO »", "Dijon", "CPTS Centre 21", "presentiel", 30),
    (12, 12, "Rencontre de la pause déjeuner", "Is-sur-Tille", "CPTS / CLS Seine-et-Tille", "mixte", 15),
    (11, 22, "Rencontre territoriale", "Venarey-les-Laumes", "CPTS / CLS Auxois-Morvan", "presentiel", 33),
]


def wipe_pole_ressource() -> None:
    """Remove what build_pole_ressource made (before the demo's people are deleted)."""
    from django.apps import apps

    from concerto.advice.models import AdviceRequest
    from concerto.members.models import Membership

    AdviceRequest.objects.all().delete()
    for model in apps.get_app_config("advice").get_models():
        if model.__name__.startswith("Historical"):
            model.objects.all().delete()
    Membership.objects.all().delete()


def _meetings(year: int, members: list[Person]) -> int:
    from concerto.directory.models import Structure
    from concerto.meetings.models import Attendance, Meeting

    # A pôle ressource brings its own meeting types (nomenclatures.md v2): not shipped defaults.
    types = {}
    for code, label in (("formation", "Formation"), ("rencontre_territoriale", "Rencontre territoriale")):
        types[code], _ = Label.objects.get_or_create(
            list=ListKey.TYPE_REUNION, code=code,
            defaults={"label": label, "position": Label.objects.of(ListKey.TYPE_REUNION).count() + 1})
    modalities = {lab.code: lab for lab in Label.objects.of(ListKey.MODALITE)}
    cpts_type = Label.objects.of(ListKey.TYPE_STRUCTURE).filter(code="cpts").first()
    meetings, attendances = [], []
    for code, rows in (("formation", FORMATIONS), ("rencontre_territoriale", RENCONTRES)):
        for n, (month, day, theme, place, organiser, modality, present) in enumerate(rows):
            structure = None
            if organiser and cpts_type:
                structure, _ = Structure.objects.get_or_create(name=organiser, defaults={"type": cpts_type})
            meeting = Meeting.objects.create(
                ref=f"PR-{year}-{code[:4].upper()}-{n}", type=types[code], date=dt.date(year, month, day),
                modality=modalities[modality], lieu=place, theme=theme, organiser=structure)
            meetings.append(meeting)
            attendances += [Attendance(meeting=meeting, person=p, present=True) for p in members[:present]]
    Attendance.objects.bulk_create(attendances)
    return len(meetings)


def build_demo_pole_ressource(today: dt.date) -> dict[str, int]:
    """The demo's pôle ressource: its last complete year as Héméra's 2023, with the year before,
    a few requests of the current year, its trainings and territorial meetings, and the
    referent's login (« ressource », password « concerto »)."""
    from concerto.accounts.models import Role, User
    from concerto.advice.models import AdviceRequest
    from concerto.demo.generator import _demo_password_hash

    referent = User.objects.filter(username="ressource").first()
    if referent is None:
        referent = User(username="ressource", role=Role.ADVICE_REFERENT, first_name="Camille", last_name="Perrot",
                        email="ressource@demo-concerto.test")
        referent.password = _demo_password_hash()
        referent.save()
    year = today.year - 1
    counts = build_pole_ressource(year, recorded_by=referent)
    members = list(Person.objects.filter(ref__startswith="HEM-").order_by("ref"))
    counts["formations et rencontres territoriales"] = _meetings(year, members)
    # This year's first requests, so that the log is not empty today.
    requesters, natures = _labels(ListKey.DEMANDEUR_AVIS), _labels(ListKey.NATURE_SOLLICITATION)
    tools, places = _labels(ListKey.OUTIL_REPONSE), {t.name: t for t in Territory.objects.all()}
    orientations = _labels(ListKey.ORIENTATION)
    for n, spec in enumerate(request_specs()[::9]):
        day = today - dt.timedelta(days=3 + 11 * n)
        if day.year != today.year:
            break
        request = AdviceRequest.objects.create(
            ref=f"SOL-{today.year}-{n:03d}", date=day, requester=requesters[spec["requester"]],
            territory_cpts=places[spec["cpts"]], territory_cls=places[spec["cls"]], recorded_by=referent)
        request.natures.set([natures[x] for x in spec["natures"]])
        request.responses.set([tools[x] for x in spec["responses"]])
        request.orientations.set([orientations[ORIENTATIONS[n % len(ORIENTATIONS)]]])
        counts[f"sollicitations {today.year}"] = n + 1
    return counts
