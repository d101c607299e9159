"""Newsletter rules: the indicators of C.22 (one place for the report, the pages and the tests) and
the import of a mailer's campaign-report export (Brevo, Mailchimp, or any other through a column
mapping saved for next time).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from concerto.members.services import decode, read_csv
from concerto.nomenclatures.models import normalize_label
from concerto.reports.numbers import ratio

from .models import ALL_CONTACTS, ColumnMapping, Send, SendCategory

# ---------------------------------------------------------------------------------------------
# Indicators (C.22)


def _rates(recipients: int, openers: int, clickers: int) -> dict:
    return {
        "taux_ouverture": ratio(openers, recipients),
        "taux_clic": ratio(clickers, recipients),
        "reactivite": ratio(clickers, openers),  # clickers / openers, never / recipients
    }


def indicators(sends: Iterable[Send]) -> dict:
    """Sends, total recipients, the mean over general sends only (« Tous les contacts »), rates."""
    sends = list(sends)
    general = [s for s in sends if s.is_general]
    recipients = sum(s.recipients for s in sends)
    openers = sum(s.openers for s in sends)
    clickers = sum(s.clickers for s in sends)
    general_recipients = sum(s.recipients for s in general)
    return {
        "envois": len(sends),
        "envois_generaux": len(general),
        "envois_territoriaux": len(sends) - len(general),
        "destinataires": recipients,
        "destinataires_generaux": general_recipients,
        "moyenne_destinataires_generales": ratio(general_recipients, len(general), 1),
        "ouvreurs": openers,
        "cliqueurs": clickers,
        **_rates(recipients, openers, clickers),
    }


def category_indicators(sends: Iterable[Send]) -> dict[str, dict]:
    """The same per recipient category, with the mean openers and clickers per send of the category."""
    out: dict[str, dict] = {}
    rows = SendCategory.objects.filter(send__in=[s.pk for s in sends]).order_by("category")
    for row in rows:
        c = out.setdefault(row.category, {"envois": 0, "destinataires": 0, "ouvreurs": 0, "cliqueurs": 0})
        c["envois"] += 1
        c["destinataires"] += row.recipients
        c["ouvreurs"] += row.openers
        c["cliqueurs"] += row.clickers
    for c in out.values():
        c.update(_rates(c["destinataires"], c["ouvreurs"], c["cliqueurs"]))
        c["moyenne_ouvreurs"] = ratio(c["ouvreurs"], c["envois"], 1)
        c["moyenne_cliqueurs"] = ratio(c["cliqueurs"], c["envois"], 1)
    return out


def year_indicators(year: int) -> dict:
    sends = list(Send.objects.of_year(year))
    return {**indicators(sends), "categories": category_indicators(sends)}


# ---------------------------------------------------------------------------------------------
# Import of a campaign-report export

# Concerto's fields, in the mapping form's order: (key, French label, required).
FIELDS = [
    ("date", "Date d'envoi", True),
    ("destinataires", "Destinataires", True),
    ("ouvreurs", "Ouvreurs (ouvertures uniques)", False),
    ("cliqueurs", "Cliqueurs (clics uniques)", False),
    ("sujet", "Sujet / objet", False),
    ("titre", "Nom de la campagne", False),
    ("audience", "Liste / audience", False),
    ("identifiant", "Identifiant de la campagne", False),
    ("categorie", "Catégorie de destinataires (une ligne par catégorie)", False),
]
FIELD_LABELS = {k: lab for k, lab, _ in FIELDS}
REQUIRED = [k for k, _, req in FIELDS if req]

# The exports Concerto reads without a mapping step. Mailchimp: the campaign reports export
# (« Title », « Subject », « List », « Send Date », « Total Recipients », « Successful Deliveries »,
# « Unique Opens », « Open Rate », « Unique Clicks », « Click Rate », … « Unique Id »).
# Brevo: the campaign statistics it documents (« sent », « delivered », « uniqueViews » = unique
# openings, « uniqueClicks », with the campaign's « name », « subject », « sentDate », « id »), and
# the French headings of its interface. Each field lists the headings accepted, first found wins.
PRESETS: dict[str, dict[str, list[str]]] = {
    "Mailchimp": {
        "date": ["Send Date"], "destinataires": ["Total Recipients"], "ouvreurs": ["Unique Opens"],
        "cliqueurs": ["Unique Clicks"], "sujet": ["Subject"], "titre": ["Title"], "audience": ["List"],
        "identifiant": ["Unique Id"],
    },
    "Brevo": {
        "date": ["sentDate", "Date d'envoi", "Envoyée le"], "destinataires": ["sent", "Envoyés", "Destinataires"],
        "ouvreurs": ["uniqueViews", "Ouvreurs uniques", "Ouvertures uniques", "Ouvreurs"],
        "cliqueurs": ["uniqueClicks", "Cliqueurs uniques", "Clics uniques", "Cliqueurs"],
        "sujet": ["subject", "Objet"], "titre": ["name", "Nom de la campagne", "Campagne"],
        "audience": ["Listes", "Liste", "recipients"], "identifiant": ["id", "ID", "Identifiant"],
    },
}


class ImportProblem(ValueError):
    """French message: what is wrong, and where."""


@dataclass
class Detected:
    mailer: str
    columns: dict[str, str]  # field -> heading in the file
    general: list[str] = field(default_factory=list)  # list names that mean « Tous les contacts »


def _norm(text: str) -> str:
    return normalize_label(text)


def detect(header: list[str]) -> Detected | None:
    """The known mailer (or saved mapping) whose headings this file carries, or None."""
    present = {_norm(h): h for h in header}
    for mapping in ColumnMapping.objects.all():
        cols = {k: v for k, v in mapping.columns.items() if not k.startswith("_") and v}
        if cols and all(_norm(v) in present for v in cols.values()) and all(k in cols for k in REQUIRED):
            return Detected(mapping.name, {k: present[_norm(v)] for k, v in cols.items()},
                            list(mapping.columns.get("_general", [])))
    for name, preset in PRESETS.items():
        cols = {}
        for key, names in preset.items():
            found = next((present[_norm(n)] for n in names if _norm(n) in present), None)
            if found:
                cols[key] = found
        if all(k in cols for k in REQUIRED) and ("ouvreurs" in cols or "cliqueurs" in cols):
            return Detected(name, cols)
    return None


def parse_count(text: str, where: str) -> int:
    raw = (text or "").strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if not raw:
        return 0
    if re.fullmatch(r"\d+[.,]0+", raw):
        raw = re.split(r"[.,]", raw)[0]
    raw = raw.replace(",", "").replace(".", "") if re.fullmatch(r"\d{1,3}([.,]\d{3})+", raw) else raw
    if not raw.isdigit():
        raise ImportProblem(f"{where} : « {text} » n'est pas un nombre entier.")
    return int(raw)


DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%d/%m/%Y %H:%M:%S",
                "%d/%m/%Y %H:%M", "%d/%m/%Y", "%b %d, %Y %I:%M %p", "%b %d, %Y %I:%M:%S %p", "%B %d, %Y",
                "%b %d, %Y", "%m/%d/%Y %I:%M %p")


def parse_send_date(text: str, where: str) -> dt.date:
    raw = (text or "").strip()
    # ISO stamps (Brevo: 2025-03-10T09:30:00.000+01:00): the day is what counts.
    raw = re.sub(r"\s*(UTC|GMT|[+-]\d{2}:?\d{2}|Z)$", "", raw).replace("T", " ") if raw else raw
    raw = re.sub(r"(\d{2}:\d{2}:\d{2})\.\d+", r"\1", raw)
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw, fmt.replace("T", " ")).date()
        except ValueError:
            continue
    raise ImportProblem(f"{where} : date d'envoi illisible « {text} » (attendu AAAA-MM-JJ ou JJ/MM/AAAA).")


@dataclass
class PlannedSend:
    ref: str
    date: dt.date
    subjects: list[str]
    audience: str
    recipients: int
    openers: int
    clickers: int
    categories: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    exists: bool = False


def plan_import(text: str, detected: Detected) -> list[PlannedSend]:
    """Sends the file describes (nothing written); every error found, each with its line."""
    _, rows = read_csv(text)
    cols = detected.columns
    general = {_norm(g) for g in detected.general}
    errors: list[str] = []
    sends: dict[str, PlannedSend] = {}
    for number, row in enumerate(rows, start=2):
        def get(key: str, row: dict = row) -> str:
            return row.get(cols[key], "").strip() if key in cols else ""

        if not any(v for v in row.values()):
            continue
        try:
            day = parse_send_date(get("date"), f"Ligne {number}, colonne « {cols['date']} »")
            counts = [parse_count(get(k), f"Ligne {number}, colonne « {cols.get(k, k)} »")
                      for k in ("destinataires", "ouvreurs", "cliqueurs")]
        except ImportProblem as problem:
            errors.append(str(problem))
            continue
        recipients, openers, clickers = counts
        if openers > recipients or clickers > recipients:
            errors.append(f"Ligne {number} : plus d'ouvreurs ou de cliqueurs ({openers} / {clickers}) que de "
                          f"destinataires ({recipients}).")
            continue
        subject = get("sujet") or get("titre")
        ident = get("identifiant")
        ref = f"{detected.mailer}:{ident}" if ident else f"{detected.mailer}:{day.isoformat()}:{_norm(subject)[:60]}"
        audience_text = get("audience")
        audience = ALL_CONTACTS if not audience_text or not cols.get("audience") or _norm(audience_text) in general \
            else audience_text
        category = get("categorie")
        send = sends.get(ref)
        if send is None:
            send = sends[ref] = PlannedSend(ref=ref[:80], date=day, subjects=[subject] if subject else [],
                                            audience=audience, recipients=0, openers=0, clickers=0)
        if category:
            send.categories[category] = (recipients, openers, clickers)
        else:
            send.recipients, send.openers, send.clickers = recipients, openers, clickers
    for send in sends.values():
        if not send.recipients and send.categories:
            # Only category rows: the send's figures are their sum.
            send.recipients = sum(c[0] for c in send.categories.values())
            send.openers = sum(c[1] for c in send.categories.values())
            send.clickers = sum(c[2] for c in send.categories.values())
    if errors:
        raise ImportProblem("\n".join(errors))
    if not sends:
        raise ImportProblem("Le fichier ne contient aucun envoi.")
    known = set(Send.objects.filter(ref__in=list(sends)).values_list("ref", flat=True))
    for send in sends.values():
        send.exists = send.ref in known
    return sorted(sends.values(), key=lambda s: (s.date, s.ref))


@transaction.atomic
def write_import(planned: list[PlannedSend], mailer: str) -> dict[str, int]:
    """Create the new sends, update the known ones (figures grow as late opens come in)."""
    counts = {"créés": 0, "mis à jour": 0, "inchangés": 0}
    for p in planned:
        values = {"date": p.date, "subjects": "\n".join(p.subjects), "audience": p.audience,
                  "recipients": p.recipients, "openers": p.openers, "clickers": p.clickers, "mailer": mailer}
        send = Send.objects.filter(ref=p.ref).first()
        if send is None:
            send = Send.objects.create(ref=p.ref, **values)
            counts["créés"] += 1
        else:
            changed = [k for k, v in values.items() if getattr(send, k) != v]
            if changed:
                for k in changed:
                    setattr(send, k, values[k])
                send.save(update_fields=changed)
                counts["mis à jour"] += 1
            else:
                counts["inchangés"] += 1
        for category, (r, o, c) in p.categories.items():
            SendCategory.objects.update_or_create(send=send, category=category,
                                                  defaults={"recipients": r, "openers": o, "clickers": c})
    return counts


def save_mapping(name: str, columns: dict[str, str], general: list[str]) -> ColumnMapping:
    """Remember a mailer's columns (the mapping step is not asked again for the same headings)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError("Donnez le nom du logiciel d'envoi pour retrouver cette correspondance.")
    missing = [FIELD_LABELS[k] for k in REQUIRED if not columns.get(k)]
    if missing:
        raise ValidationError("Choisissez la colonne de : " + ", ".join(missing) + ".")
    mapping, _ = ColumnMapping.objects.update_or_create(
        name=name, defaults={"columns": {**{k: v for k, v in columns.items() if v}, "_general": general}})
    return mapping


def read_upload(data: bytes) -> tuple[str, list[str]]:
    text = decode(data)
    header, _ = read_csv(text)
    if not header:
        raise ImportProblem("Le fichier est vide ou n'a pas de ligne d'en-tête.")
    return text, header
