"""Demo audience of the association: members of the last complete year and the one before (the
seed's 2025 categories, B.13), a few renewals of the current year through HelloAsso, the 13
newsletter sends of B.14 (and 14 the year before), and the resources library as C.23 counts it.
Deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from concerto.directory.models import Person
from concerto.meetings.models import Attendance
from concerto.members.models import Membership
from concerto.newsletters.models import ALL_CONTACTS, ColumnMapping, Send, SendCategory
from concerto.nomenclatures.models import Label, ListKey
from concerto.resources.models import PublicHit, Resource

# Members of the seed year per category (B.13: 14 + 5 + 8 + 1 + 4 + 1) and of the year before.
MEMBERS = {
    "Médecins généralistes libéraux": (14, 18),
    "Médecins spécialistes, salariés ou retraités": (5, 6),
    "Pharmaciens": (8, 14),
    "Infirmiers libéraux": (1, 0),
    "Coordinateurs de DAC ou CPTS": (4, 3),
    "Patient expert": (1, 1),
}
# Which participants may hold each category (participant category codes).
HOLDERS = {
    "Médecins généralistes libéraux": ("generalistes_liberaux",),
    "Médecins spécialistes, salariés ou retraités": ("specialistes", "generalistes_salaries"),
    "Pharmaciens": ("pharmaciens",),
    "Infirmiers libéraux": ("autres_liberaux", "infirmiers"),
    "Coordinateurs de DAC ou CPTS": ("coordination",),
    "Patient expert": ("autres", "patients"),
}
FULL = {"Médecins généralistes libéraux", "Pharmaciens", "Infirmiers libéraux"}

# The seed's 2025 sends (B.14): (month, subjects, audience, recipients).
SENDS = [
    (1, ["Demande d'adhésion"], ALL_CONTACTS, 1794),
    (2, ["Troubles cognitifs liés à l'alcool"], "Contacts picards", 84),
    (3, ["Jeux de hasard et d'argent", "Tramadol®", "Webinaire prégabaline", "Adhésion"], ALL_CONTACTS, 1795),
    (4, ["Prégabaline", "Addictovigilance CHRU Lille", "Adhésion"], ALL_CONTACTS, 2036),
    (5, ["Repérage précoce", "Kit MILDECA", "Fiches SFA", "Adhésion"], ALL_CONTACTS, 2020),
    (6, ["Toxiques urinaires", "Webinaire « Psychotropes remèdes ou poisons ? »", "Addicto'Repère",
         "Mois sans tabac", "Adhésion"], ALL_CONTACTS, 2017),
    (7, ["Estivale", "Canicule", "Adhésion"], ALL_CONTACTS, 2013),
    (9, ["Analyses urinaires (suite)", "Webinaire", "Addicto'Repère", "Adhésion"], ALL_CONTACTS, 2128),
    (10, ["Outils pour les pharmaciens", "Webinaires", "Assemblée générale", "Adhésion"], ALL_CONTACTS, 2135),
    (10, ["Soirée CPTS ASNO"], "Contacts du territoire", 64),
    (11, ["Santé mentale des aînés (EPSM Flandres)", "Adhésion"], "Contacts du territoire", 89),
    (11, ["Tribune festivités alcoolisées", "ALD", "Webinaire jeux", "Retour AG", "Adhésion"], ALL_CONTACTS, 2133),
    (12, ["Vœux", "Fêtes", "Bilan 2025", "Locaux", "Adhésion 2026"], ALL_CONTACTS, 2131),
]
# The year before: 14 sends, 12 general ones averaging 1647 recipients (« +373 » in 2025).
PREVIOUS_GENERAL = [1580, 1602, 1611, 1625, 1634, 1640, 1652, 1660, 1668, 1677, 1691, 1724]
CATEGORIES = [("Généralistes libéraux", 0.38, 0.09), ("Pharmaciens", 0.22, 0.115),
              ("Responsables de la coordination locale", None, 0.18)]

# Resources per type: (seed year, year before, created by the association in the seed year).
RESOURCES = {
    "Articles": (13, 21, 8), "Références scientifiques": (25, 54, 0), "Outils pratiques": (12, 112, 12),
    "Vidéos": (9, 28, 9), "Liens": (20, 76, 0),
}
REFERENCE_THEMES = [  # the seed's 25 references: 8 + 3 + 7 + 2 + 5
    ("Médicaments détournés de leur usage", "Gabapentinoïdes - prégabaline, gabapentine", 8),
    ("Médicaments détournés de leur usage", "Falsification d'ordonnances", 3),
    ("Addictions comportementales (sans substance)", "Jeux d'argent et de hasard", 7),
    ("Autres thématiques addictives", "Repérage précoce en addictologie", 2),
    ("Autres thématiques addictives", "AHD en addictologie", 5),
]
TITLES = {
    "Articles": ["Les focus : {}", "Tribune : {}", "Fiche pratique : {}"],
    "Références scientifiques": ["Référence : {}", "Article republié : {}"],
    "Outils pratiques": ["Outil face au patient : {}", "Addicto'Repère — {}", "Réglette : {}"],
    "Vidéos": ["Webinaire enregistré : {}", "Vidéo : {}"],
    "Liens": ["Structure d'accompagnement : {}", "Application : {}"],
}
SUBJECTS = ["alcool et grossesse", "prégabaline", "jeux d'argent", "tramadol", "repérage précoce", "sevrage",
            "protoxyde d'azote", "cannabis", "benzodiazépines", "sujets âgés", "opioïdes", "tabac", "écrans",
            "méthode C.O.N.T.A.C.T.", "stress post-traumatique", "maternité"]
THEMES = ["Alcool", "Médicaments détournés de leur usage", "Addictions comportementales (sans substance)",
          "Autres substances", "Autres thématiques addictives"]


def wipe() -> None:
    for model in (SendCategory, Send, ColumnMapping, Resource, PublicHit):
        model.objects.all().delete()
    Membership.objects.all().delete()
    Membership.history.all().delete()


def _labels(list_key: str) -> dict[str, Label]:
    return {lab.label: lab for lab in Label.objects.of(list_key)}


def build_members(rng: random.Random, year: int, today: dt.date) -> int:
    categories = _labels(ListKey.CATEGORIE_ADHERENT)
    people = list(Person.objects.exclude(ref__startswith="HEM-").select_related("category").order_by("ref"))
    # Who sits on the Bureau or the CA: the liberal ones are full members first; the others never
    # get an associate membership (an associate cannot sit there).
    board_ids = set(Attendance.objects.filter(meeting__type__code__in=("bureau", "conseil_administration"))
                    .values_list("person_id", flat=True))
    by_code: dict[str, list[Person]] = {}
    for p in people:
        by_code.setdefault(p.category.code, []).append(p)
    for pool in by_code.values():
        rng.shuffle(pool)
        pool.sort(key=lambda p: p.pk not in board_ids)  # board members first
    rows: list[Membership] = []
    used: set[int] = set()
    chosen_of: dict[str, list[Person]] = {}
    for label, (n, n_1) in MEMBERS.items():
        pool = [p for code in HOLDERS[label] for p in by_code.get(code, [])
                if p.pk not in used and (label in FULL or p.pk not in board_ids)]
        chosen = pool[:max(n, n_1)]
        used.update(p.pk for p in chosen)
        chosen_of[label] = chosen
    serial = 0
    for label, (n, n_1) in MEMBERS.items():
        chosen = chosen_of[label]
        cls = Membership.MemberClass.FULL if label in FULL else Membership.MemberClass.ASSOCIATE
        # Some of N-1's members renew in N, the others are on the renewal list.
        for y, members in ((year, chosen[:n]), (year - 1, chosen[len(chosen) - n_1:] if n_1 else [])):
            for person in members:
                serial += 1
                helloasso = y >= 2025 and serial % 4 != 0
                day = dt.date(y, 1, 10) + dt.timedelta(days=rng.randint(0, 300))
                rows.append(Membership(
                    ref=f"GA-{y}-{serial:03d}", year=y, person=person, category=categories[label], member_class=cls,
                    amount=Decimal(30 if cls == Membership.MemberClass.FULL else 15), paid_on=day,
                    channel=Membership.Channel.HELLOASSO if helloasso else rng.choice(
                        [Membership.Channel.CHEQUE, Membership.Channel.TRANSFER]),
                    external_ref=f"HelloAsso {100000 + serial}" if helloasso else "",
                ))
    # The current year's campaign (« adhesion-{today.year} ») has begun: a few have renewed.
    renewing = [m for m in rows if m.year == year][:6]
    for k, m in enumerate(renewing):
        day = min(today, dt.date(today.year, 1, 5) + dt.timedelta(days=9 * k))
        if day.year != today.year:
            break
        serial += 1
        rows.append(Membership(ref=f"GA-{today.year}-{serial:03d}", year=today.year, person=m.person,
                               category=m.category, member_class=m.member_class, amount=m.amount, paid_on=day,
                               channel=Membership.Channel.HELLOASSO, external_ref=f"HelloAsso {100000 + serial}"))
    created = Membership.objects.bulk_create(rows)
    Membership.history.bulk_history_create(created)
    return len(created)


def build_sends(year: int) -> int:
    sends, categories = [], []
    for n, (month, subjects, audience, recipients) in enumerate(SENDS):
        general = audience == ALL_CONTACTS
        openers = round(recipients * (0.11 if general else 0.21))
        clickers = round(openers * (0.18 if general else 0.25))
        sends.append(Send(ref=f"NL-{year}-{n + 1:02d}", date=dt.date(year, month, 8 + 2 * (n % 5)),
                          subjects="\n".join(subjects), audience=audience, recipients=recipients, openers=openers,
                          clickers=clickers, mailer="Brevo"))
    previous = [*PREVIOUS_GENERAL[:6], 71, *PREVIOUS_GENERAL[6:], 58]
    for n, recipients in enumerate(previous):
        general = recipients > 100
        openers = round(recipients * (0.21 if general else 0.3))
        sends.append(Send(ref=f"NL-{year - 1}-{n + 1:02d}", date=dt.date(year - 1, 1 + n * 11 // 14, 12),
                          subjects="Actualités de l'association" if general else "Rencontre du territoire",
                          audience=ALL_CONTACTS if general else "Contacts du territoire", recipients=recipients,
                          openers=openers, clickers=round(openers * 0.11), mailer="Brevo"))
    Send.objects.bulk_create(sends)
    for send in Send.objects.filter(audience=ALL_CONTACTS):
        for name, share, open_rate in CATEGORIES:
            r = round(send.recipients * share) if share else 100
            o = round(r * open_rate) if share else 18
            categories.append(SendCategory(send=send, category=name, recipients=r, openers=o,
                                           clickers=round(o * 0.22) if share else 5))
    SendCategory.objects.bulk_create(categories)
    # A mailer Concerto does not know, its columns mapped once by staff.
    ColumnMapping.objects.create(name="Sarbacane", columns={
        "date": "Date d'envoi", "destinataires": "Contacts ciblés", "ouvreurs": "Ouvreurs uniques",
        "cliqueurs": "Cliqueurs uniques", "sujet": "Objet", "_general": ["Tous mes contacts"]})
    return len(sends)


def build_resources(rng: random.Random, year: int) -> int:
    types, themes = _labels(ListKey.TYPE_RESSOURCE), _labels(ListKey.THEMATIQUE_RESSOURCE)
    rows = []
    for type_label, (n, n_1, own) in RESOURCES.items():
        for y, count in ((year, n), (year - 1, n_1)):
            plan = []
            if type_label == "Références scientifiques" and y == year:
                plan = [(t, sub) for t, sub, k in REFERENCE_THEMES for _ in range(k)]
            for i in range(count):
                theme, sub = plan[i] if i < len(plan) else (THEMES[(i * 7 + len(type_label)) % len(THEMES)], "")
                subject = SUBJECTS[(i * 5 + y) % len(SUBJECTS)]
                title = TITLES[type_label][i % len(TITLES[type_label])].format(subject)
                by_association = i < own if y == year else (type_label in ("Outils pratiques", "Vidéos") or i % 3 == 0)
                rows.append(Resource(
                    ref=f"RES-{y}-{type_label[:3].upper()}-{i + 1:03d}", title=f"{title} ({i + 1})",
                    type=types[type_label], theme=themes[theme], sub_theme=sub,
                    date=dt.date(y, 1, 1) + dt.timedelta(days=rng.randint(0, 360)),
                    author="Médecin ressource" if by_association and type_label == "Articles" else (
                        "Généralistes et Addictions" if by_association else "Source externe"),
                    created_by_association=by_association,
                    formats="Affiche A4/A3, réglette" if type_label == "Outils pratiques" else "",
                    url=f"https://www.exemple-association.fr/ressources/{y}/{type_label[:3].lower()}-{i + 1}",
                ))
    # Two drafts, not published: never on the public page or in the feed.
    rows.append(Resource(ref=f"RES-{year + 1}-BROUILLON-1", title="Guide Addicto'Repère (brouillon)",
                         type=types["Outils pratiques"], theme=themes["Alcool"], date=dt.date(year, 12, 20),
                         created_by_association=True, published=False))
    rows.append(Resource(ref=f"RES-{year + 1}-BROUILLON-2", title="Webinaire des aînés (montage en cours)",
                         type=types["Vidéos"], date=dt.date(year, 12, 22), published=False))
    Resource.objects.bulk_create(rows)
    return len(rows)


def build_audience_demo(seed: int, today: dt.date) -> dict[str, int]:
    rng = random.Random(seed + 16)
    year = today.year - 1
    return {
        "adhésions de l'association": build_members(rng, year, today),
        "envois de newsletter": build_sends(year),
        "ressources": build_resources(rng, year),
    }
