"""Membership rules: the member class of a category, renewals, the governance seat rule, and the
HelloAsso import (match each payer to a known person, confirm the doubtful ones, create the others).

Pages, the interchange import, the meetings' attendance and the reports all call these functions.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from concerto.directory.models import Person
from concerto.nomenclatures.defaults import PLEIN_EXERCICE
from concerto.nomenclatures.models import Label, ListKey, normalize_label

from .models import MemberImport, Membership

# ---------------------------------------------------------------------------------------------
# Classes and renewals


def member_class_for(category: Label) -> str:
    """Libéraux (the categories grouped « Plein exercice ») are full members; everyone else,
    persons and organisations alike, is an associate member (B.13)."""
    return Membership.MemberClass.FULL if category.group == PLEIN_EXERCICE else Membership.MemberClass.ASSOCIATE


def members_of(year: int) -> QuerySet[Membership]:
    return Membership.objects.filter(year=year)


def not_renewed(year: int) -> QuerySet[Membership]:
    """Memberships of N-1 whose member (person or organisation) has none in N."""
    current = members_of(year)
    return (Membership.objects.filter(year=year - 1)
            .exclude(person__in=current.filter(person__isnull=False).values("person"))
            .exclude(structure__in=current.filter(structure__isnull=False).values("structure"))
            .select_related("person", "structure", "category"))


def renewal_recipients(year: int) -> list[tuple[Membership, str]]:
    """Who the renewal campaign of N goes to: last year's members who have not renewed, with the
    e-mail address to write to (empty when none is known: the list says so)."""
    out = []
    for m in not_renewed(year).order_by("person__last_name", "structure__name", "ref"):
        email = m.person.email if m.person_id else ""
        out.append((m, email))
    return out


# ---------------------------------------------------------------------------------------------
# Governance: only full members sit on the Bureau and the CA (B.2, B.13)

FULL_MEMBER_MEETING_CODES = frozenset({"bureau", "conseil_administration"})


def full_member_required(meeting_type: Label | None) -> bool:
    return bool(meeting_type and meeting_type.code in FULL_MEMBER_MEETING_CODES)


def associate_only(classes: Iterable[str]) -> bool:
    """A person whose memberships of a year are all associate ones (a full one wins)."""
    classes = set(classes)
    return bool(classes) and Membership.MemberClass.FULL not in classes


def associates_among(person_ids: Iterable[int], year: int) -> list[Person]:
    """People who are associate members in `year` and not full members (a person with both a full
    and an associate membership of the year counts as full)."""
    ids = set(person_ids)
    if not ids:
        return []
    rows = Membership.objects.filter(year=year, person_id__in=ids).values_list("person_id", "member_class")
    classes: dict[int, set[str]] = {}
    for pid, cls in rows:
        classes.setdefault(pid, set()).add(cls)
    associate_ids = [pid for pid, cls in classes.items() if associate_only(cls)]
    return list(Person.objects.filter(pk__in=associate_ids).order_by("last_name", "first_name"))


def check_governance_attendance(meeting, present_ids: Iterable[int]) -> None:
    """Refuse an associate member recorded present at (or as a member of) a Bureau or CA meeting.

    Raises ValidationError with one French message naming them; nothing is written by the caller.
    """
    if not full_member_required(getattr(meeting, "type", None)):
        return
    associates = associates_among(present_ids, meeting.date.year)
    if not associates:
        return
    names = ", ".join(f"{p.first_name} {p.last_name}".strip() for p in associates)
    kind = meeting.type.label
    raise ValidationError(
        f"{names} : membre{'s' if len(associates) > 1 else ''} associé{'s' if len(associates) > 1 else ''} "
        f"en {meeting.date.year}, ne peu{'vent' if len(associates) > 1 else 't'} pas siéger au {kind} "
        "(réservé aux membres de plein exercice, les libéraux). Décochez "
        f"{'ces personnes' if len(associates) > 1 else 'cette personne'} ou corrigez son adhésion."
    )


# ---------------------------------------------------------------------------------------------
# HelloAsso: the CSV export of a membership campaign (« Adhésions »)
#
# Column names of HelloAsso's export of a membership form's orders, as found in public code that
# reads these exports (see the final report): « Référence commande », « Date de la commande »,
# « Statut de la commande », « Nom adhérent », « Prénom adhérent », « Nom payeur », « Prénom payeur »,
# « Email payeur », « Tarif », « Montant tarif »; custom fields follow as extra columns (ignored).

HA_REF = "Référence commande"
HA_DATE = "Date de la commande"
HA_STATUS = "Statut de la commande"
HA_LAST = "Nom adhérent"
HA_FIRST = "Prénom adhérent"
HA_PAYER_LAST = "Nom payeur"
HA_PAYER_FIRST = "Prénom payeur"
HA_EMAIL = "Email payeur"
HA_TARIF = "Tarif"
HA_AMOUNT = "Montant tarif"
HA_REQUIRED = (HA_REF, HA_EMAIL)
HA_VALID_STATUSES = {"valide", "validee", "paye", "payee", ""}

# How a membership category becomes a participant category when the import creates a person.
PARTICIPANT_OF_CATEGORY = {
    "Médecins généralistes libéraux": "generalistes_liberaux",
    "Pharmaciens": "pharmaciens",
    "Infirmiers libéraux": "autres_liberaux",
    "Autres professionnels libéraux": "autres_liberaux",
    "Médecins spécialistes, salariés ou retraités": "generalistes_salaries",
    "Coordinateurs de DAC ou CPTS": "coordination",
}

SURE_EMAIL = "email"  # same e-mail address: the person, no question asked
NAME = "nom"  # same name, other or no e-mail: confirm
AMBIGUOUS = "plusieurs"  # several people of that name: choose
NEW = "nouveau"  # nobody of that e-mail or name: created
DUPLICATE = "doublon"  # the same payer again in the file: one membership per person and year
ALREADY = "deja"  # this order, or a membership of the year, is already recorded: nothing changes
SKIPPED = "ignore"  # refunded, cancelled… orders


class HelloAssoError(ValueError):
    """The file is not a HelloAsso membership export (French message)."""


@dataclass
class PlanRow:
    line: int
    ref: str
    last_name: str
    first_name: str
    email: str
    amount: Decimal | None
    paid_on: dt.date | None
    tarif: str
    category: Label
    status: str = NEW
    person: Person | None = None
    candidates: list[Person] = field(default_factory=list)
    note: str = ""

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email

    @property
    def doubtful(self) -> bool:
        return self.status in (NAME, AMBIGUOUS)


def decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise HelloAssoError("Le fichier n'est pas un texte lisible (UTF-8 ou Windows-1252).")


def read_csv(text: str) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a CSV export, « ; » or « , » separated (HelloAsso writes « ; »)."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip() for h in (reader.fieldnames or [])]
    rows = []
    for raw in reader:
        rows.append({(k or "").strip(): (v or "").strip() if isinstance(v, str) else "" for k, v in raw.items()})
    return header, rows


def parse_amount(text: str) -> Decimal | None:
    text = (text or "").replace("€", "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def parse_day(text: str) -> dt.date | None:
    text = (text or "").strip().split(" ")[0]
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _name_key(last: str, first: str) -> str:
    return normalize_label(f"{last} {first}").replace("-", " ")


def category_for_tarif(tarif: str, default: Label) -> Label:
    """The membership category whose label (or an alias) is the tarif's name, else the default."""
    key = normalize_label(tarif)
    if key:
        for lab in Label.objects.of(ListKey.CATEGORIE_ADHERENT):
            if key == normalize_label(lab.label) or key in {normalize_label(a) for a in lab.alias_list}:
                return lab
    return default


def analyse_helloasso(text: str, year: int, default_category: Label) -> list[PlanRow]:
    """What importing the export would do, row by row (nothing written)."""
    header, rows = read_csv(text)
    missing = [c for c in HA_REQUIRED if c not in header]
    if missing:
        raise HelloAssoError(
            "Ce fichier n'est pas un export des adhésions HelloAsso : colonne"
            f"{'s' if len(missing) > 1 else ''} absente{'s' if len(missing) > 1 else ''} "
            + ", ".join(f"« {c} »" for c in missing) + ". Colonnes lues : " + ", ".join(header[:12]) + "."
        )
    by_email: dict[str, list[Person]] = {}
    by_name: dict[str, list[Person]] = {}
    for p in Person.objects.only("pk", "last_name", "first_name", "email"):
        if p.email:
            by_email.setdefault(p.email.strip().lower(), []).append(p)
        by_name.setdefault(_name_key(p.last_name, p.first_name), []).append(p)
    known_refs = set(Membership.objects.exclude(external_ref="").values_list("external_ref", flat=True))
    members_of_year = set(Membership.objects.filter(year=year, person__isnull=False).values_list("person_id",
                                                                                                 flat=True))
    plan: list[PlanRow] = []
    seen: dict[str, PlanRow] = {}  # email or name key -> first row of that payer
    for number, row in enumerate(rows, start=2):
        last = row.get(HA_LAST) or row.get(HA_PAYER_LAST, "")
        first = row.get(HA_FIRST) or row.get(HA_PAYER_FIRST, "")
        email = row.get(HA_EMAIL, "").lower()
        p = PlanRow(line=number, ref=row.get(HA_REF, ""), last_name=last, first_name=first, email=email,
                    amount=parse_amount(row.get(HA_AMOUNT, "")), paid_on=parse_day(row.get(HA_DATE, "")),
                    tarif=row.get(HA_TARIF, ""), category=category_for_tarif(row.get(HA_TARIF, ""), default_category))
        plan.append(p)
        if normalize_label(row.get(HA_STATUS, "")) not in HA_VALID_STATUSES:
            p.status, p.note = SKIPPED, f"commande « {row.get(HA_STATUS)} »"
            continue
        if not p.ref and not email and not (last or first):
            p.status, p.note = SKIPPED, "ligne vide"
            continue
        if p.ref and external_ref(p.ref) in known_refs:
            p.status, p.note = ALREADY, "commande déjà importée"
            continue
        key = email or _name_key(last, first)
        if key in seen:
            p.status, p.note = DUPLICATE, f"même payeur que la ligne {seen[key].line}"
            p.person = seen[key].person
            continue
        seen[key] = p
        same_email = by_email.get(email, []) if email else []
        same_name = by_name.get(_name_key(last, first), []) if (last or first) else []
        if len(same_email) == 1:
            p.status, p.person = SURE_EMAIL, same_email[0]
        elif len(same_email) > 1:
            p.status, p.candidates = AMBIGUOUS, same_email
        elif len(same_name) == 1:
            p.status, p.person, p.candidates = NAME, same_name[0], same_name
        elif len(same_name) > 1:
            p.status, p.candidates = AMBIGUOUS, same_name
        else:
            p.status = NEW
        if p.person is not None and p.person.pk in members_of_year and p.status == SURE_EMAIL:
            p.status, p.note = ALREADY, f"déjà adhérent·e en {year}"
    return plan


def external_ref(order_ref: str) -> str:
    return f"HelloAsso {order_ref}".strip()


@transaction.atomic
def apply_helloasso(job: MemberImport, choices: dict[int, str], user=None) -> dict[str, int]:
    """Write the import: `choices` maps the line of each doubtful row to a person's pk or « new ».

    A doubtful row without a choice is refused (French message). Importing the same file again
    finds its orders (`external_ref`) and changes nothing.
    """
    plan = analyse_helloasso(job.content, job.year, job.default_category)
    missing = [r.line for r in plan if r.doubtful and not choices.get(r.line)]
    if missing:
        raise ValidationError("Choisissez la personne (ou « nouvelle personne ») pour la ligne"
                              f"{'s' if len(missing) > 1 else ''} " + ", ".join(map(str, missing)) + ".")
    counts = {"adhésions créées": 0, "personnes créées": 0, "déjà enregistrées": 0, "doublons": 0, "ignorées": 0}
    members_of_year = set(Membership.objects.filter(year=job.year, person__isnull=False)
                          .values_list("person_id", flat=True))
    made: dict[int, Person] = {}  # line -> person (for the duplicate rows that follow)
    for row in plan:
        if row.status in (ALREADY, SKIPPED):
            counts["déjà enregistrées" if row.status == ALREADY else "ignorées"] += 1
            continue
        if row.status == DUPLICATE:
            counts["doublons"] += 1
            continue
        person = row.person
        if row.doubtful:
            choice = choices[row.line]
            if choice == "new":
                person = None
            else:
                allowed = {c.pk for c in row.candidates} | ({row.person.pk} if row.person else set())
                if not choice.isdigit() or int(choice) not in allowed:
                    raise ValidationError(f"Ligne {row.line} : choix de personne invalide.")
                person = Person.objects.get(pk=int(choice))
        if person is None:
            code = PARTICIPANT_OF_CATEGORY.get(row.category.label, "autres")
            participant = (Label.objects.of(ListKey.CATEGORIE).filter(code=code).first()
                           or Label.objects.of(ListKey.CATEGORIE).get(code="autres"))
            person = Person.objects.create(last_name=row.last_name, first_name=row.first_name, email=row.email,
                                           category=participant)
            counts["personnes créées"] += 1
        made[row.line] = person
        if person.pk in members_of_year:
            counts["déjà enregistrées"] += 1
            continue
        members_of_year.add(person.pk)
        Membership.objects.create(
            year=job.year, person=person, category=row.category, member_class=member_class_for(row.category),
            amount=row.amount, paid_on=row.paid_on, channel=Membership.Channel.HELLOASSO,
            external_ref=external_ref(row.ref) if row.ref else "",
        )
        counts["adhésions créées"] += 1
    job.status = MemberImport.Status.DONE
    job.summary = counts
    job.created_by = job.created_by or user
    job.save(update_fields=["status", "summary", "created_by"])
    return counts


def membership_counts(year: int) -> dict:
    """Members of `year` per category (in the list's order, every category valid in N) and per class."""
    qs = members_of(year)
    categories = list(Label.objects.of(ListKey.CATEGORIE_ADHERENT).valid_in(year).order_by("position", "label"))
    per_category = {c.label: 0 for c in categories}
    per_class = {label: 0 for _, label in Membership.MemberClass.choices}
    classes = dict(Membership.MemberClass.choices)
    for cat, cls in qs.values_list("category__label", "member_class"):
        per_category[cat] = per_category.get(cat, 0) + 1
        per_class[classes[cls]] += 1
    members = qs.filter(Q(person__isnull=False)).values("person").distinct().count() + qs.filter(
        structure__isnull=False).values("structure").distinct().count()
    return {"par_categorie": per_category, "par_classe": per_class, "total": members}
