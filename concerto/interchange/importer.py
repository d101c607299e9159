"""Import of an interchange file: check everything, then write everything or nothing.

Two phases. `analyse()` reads the file, checks every cell and every reference against the
file and the database, and classifies each row as created / updated / unchanged — without
writing. `import_file()` runs the analysis and, when there is no error, writes with bulk
operations in one transaction (a constant number of queries, whatever the size).

Rows are matched on their ids (`id_*`, pôle and structure names, the pair of ids of a
presence or an invitation): re-importing a file updates those rows and creates no
duplicate. Rows of the database absent from the file are left alone. Model fields outside
the format (meeting times, notes, consent details…) are never touched; a column missing
from a sheet leaves that field as it is on existing rows.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from concerto.meetings.models import INTERVISION, TYPES_WITH_POLE, Meeting
from concerto.nomenclatures.models import normalize_label
from concerto.situations.codes import clean_patient_code
from concerto.situations.models import Patient, Situation

from .labels import LabelIndex
from .reader import RawSheet, UnreadableFile, read_source, sheet_key
from .schema import (
    BOOL,
    DATE,
    IMPORT_ORDER,
    LABEL,
    LABELS,
    NOTICE_SHEET,
    PATIENT,
    REF,
    TABLES,
    TABLES_BY_NAME,
    TEXT,
    Column,
    Table,
)

Progress = Callable[[int, str], None]
HISTORY_REASON = "Import"
NAME_KEYED = {"poles", "structures"}  # matched ignoring case and accents, like labels
TRUE_WORDS = {"oui", "o", "1", "vrai", "true", "yes", "x"}
FALSE_WORDS = {"non", "n", "0", "faux", "false", "no"}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d")


@dataclass
class Issue:
    """One error, located as the user sees it in their spreadsheet."""

    sheet: str
    row: int | None
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = [f"onglet {self.sheet}"]
        if self.row:
            where.append(f"ligne {self.row}")
        if self.column:
            where.append(f"colonne {self.column}")
        value = f" (valeur « {self.value} »)" if self.value != "" else ""
        return f"{', '.join(where)}{value} : {self.message}"

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "value": self.value,
                "message": self.message}


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class ImportResult:
    counts: dict[str, Counts] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.issues

    def counts_dict(self) -> dict[str, dict[str, int]]:
        return {name: vars(c).copy() for name, c in self.counts.items()}


@dataclass
class Row:
    number: int
    values: dict  # column key -> parsed value (REF: normalised key; LABEL: pk; LABELS: frozenset of pks)
    key: object = None
    existing: models.Model | None = None
    changed: list[str] = field(default_factory=list)


@dataclass
class ParsedTable:
    table: Table
    sheet: str  # name as in the file
    columns: list[str]  # columns present in the file
    rows: list[Row] = field(default_factory=list)


@functools.cache
def _model_field(table: Table, column: Column) -> models.Field:
    return apps.get_model(table.model)._meta.get_field(column.field)


def _key(table_name: str, text: str) -> str:
    text = str(text).strip()
    return normalize_label(text) if table_name in NAME_KEYED else text


def _as_text(value) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


class Database:
    """What the database already holds, in memory: ids to objects and back (a few queries)."""

    def __init__(self) -> None:
        self.labels = LabelIndex()
        self.objects: dict[str, dict[str, models.Model]] = {}
        self.key_of: dict[str, dict[int, str]] = {}
        for name in ("structures", "personnes", "poles", "reunions", "situations"):
            table = TABLES_BY_NAME[name]
            model = apps.get_model(table.model)
            objs = {}
            keys = {}
            for obj in model.objects.all().order_by():
                key = _key(name, getattr(obj, table.key_field))
                objs[key] = obj
                keys[obj.pk] = key
                if name == "poles":
                    for alias in obj.aliases.splitlines():
                        if alias.strip():
                            objs.setdefault(_key(name, alias), obj)
            self.objects[name] = objs
            self.key_of[name] = keys
        self.patients: dict[tuple[int, str], Patient] = {
            (p.pole_id, p.code): p for p in Patient.objects.all().order_by()
        }
        self.patient_code = {p.pk: (p.pole_id, p.code) for p in self.patients.values()}
        self.pairs: dict[str, dict[tuple[int, int], models.Model]] = {}
        for name, first in (("presences", "meeting_id"), ("invitations_situation", "situation_id")):
            model = apps.get_model(TABLES_BY_NAME[name].model)
            self.pairs[name] = {(getattr(o, first), o.person_id): o for o in model.objects.all().order_by()}
        self.m2m: dict[str, dict[int, set[int]]] = {}
        for column in TABLES_BY_NAME["situations"].columns:
            if column.kind == LABELS:
                through = Situation._meta.get_field(column.field).remote_field.through
                current: dict[int, set[int]] = {}
                for situation_id, label_id in through.objects.values_list("situation_id", "label_id"):
                    current.setdefault(situation_id, set()).add(label_id)
                self.m2m[column.field] = current

    def get(self, table: str, key: str | None) -> models.Model | None:
        return None if key is None else self.objects[table].get(key)


# ---------------------------------------------------------------------------------------------
# Analysis


class Analysis:
    def __init__(self, sheets: list[RawSheet], progress: Progress | None = None) -> None:
        self.progress = progress or (lambda pct, msg: None)
        self.result = ImportResult()
        self.tables: dict[str, ParsedTable] = {}
        self.broken_keys: dict[str, set] = {}
        self.db = Database()
        self._map_sheets(sheets)
        self._parse_all()
        if self.result.ok:
            self._classify()

    def error(self, sheet: str, row: int | None, column: str, value, message: str) -> None:
        self.result.issues.append(Issue(sheet, row, column, _as_text(value), message))

    # -- sheets and headers ------------------------------------------------------------------

    def _map_sheets(self, sheets: list[RawSheet]) -> None:
        known = {sheet_key(t.name): t for t in TABLES}
        for sheet in sheets:
            key = sheet_key(sheet.name)
            if key == NOTICE_SHEET:
                continue
            table = known.get(key)
            if table is None:
                self.result.warnings.append(
                    f"Onglet « {sheet.name} » ignoré : ce n'est pas une table du format d'échange."
                )
                continue
            if table.name in self.tables:
                self.error(sheet.name, None, "", "", f"La table {table.name} figure deux fois dans le fichier.")
                continue
            columns = self._check_header(table, sheet)
            parsed = ParsedTable(table, sheet.name, [c for c in columns if c])
            parsed.raw = (sheet, columns)
            self.tables[table.name] = parsed
        if not self.tables and not self.result.issues:
            self.error("", None, "", "", "Aucune table du format d'échange n'a été trouvée dans le fichier "
                       "(onglets ou fichiers attendus : " + ", ".join(t.name for t in TABLES) + ").")

    def _check_header(self, table: Table, sheet: RawSheet) -> list[str | None]:
        """Column key of each position of the header (None for an empty header cell)."""
        known = {sheet_key(k): k for k in table.column_keys}
        columns: list[str | None] = []
        for header in sheet.header:
            text = str(header).strip()
            if not text:
                columns.append(None)
                continue
            key = known.get(sheet_key(text))
            if key is None:
                close = difflib.get_close_matches(text.lower(), table.column_keys, n=2, cutoff=0.6)
                hint = (" Vouliez-vous dire " + " ou ".join(f"« {c} »" for c in close) + " ?") if close else ""
                self.error(sheet.name, 1, text, text,
                           f"Colonne inconnue, refusée pour ne perdre aucune donnée.{hint} Colonnes "
                           f"possibles : {', '.join(table.column_keys)}.")
            elif key in columns:
                self.error(sheet.name, 1, text, text, "Colonne en double.")
                key = None
            columns.append(key)
        for column in table.columns:
            if column.required and column.key not in columns:
                self.error(sheet.name, 1, column.key, "", "Colonne obligatoire absente.")
        return columns

    # -- values -------------------------------------------------------------------------------

    def _parse_all(self) -> None:
        total = sum(len(p.raw[0].rows) for p in self.tables.values()) or 1
        done = 0
        for name in IMPORT_ORDER:
            parsed = self.tables.get(name)
            if parsed is None:
                continue
            self.progress(int(40 * done / total), f"Vérification : {name}")
            sheet, columns = parsed.raw
            seen: dict[object, int] = {}
            for index, (number, cells) in enumerate(sheet.rows):
                if index and index % 2000 == 0:
                    self.progress(int(40 * (done + index) / total), f"Vérification : {name}")
                row = self._parse_row(parsed, number, cells, columns)
                if row is None:
                    continue
                if row.key is not None:
                    if row.key in seen:
                        self.error(parsed.sheet, number, ", ".join(parsed.table.key), _as_text(row.key[0])
                                   if isinstance(row.key, tuple) else row.key,
                                   f"Identifiant en double : déjà utilisé ligne {seen[row.key]}.")
                        continue
                    seen[row.key] = number
                parsed.rows.append(row)
            done += len(sheet.rows)
            del parsed.raw
        self._check_references()

    def _parse_row(self, parsed: ParsedTable, number: int, cells: list, columns: list) -> Row | None:
        table = parsed.table
        values: dict = {}
        ok = True
        for position in range(len(columns), len(cells)):
            if cells[position] != "":
                self.error(parsed.sheet, number, f"n° {position + 1}", cells[position],
                           "Valeur hors des colonnes de l'en-tête.")
                ok = False
        for position, column_key in enumerate(columns):
            if column_key is None:
                continue
            cell = cells[position] if position < len(cells) else ""
            column = table.column(column_key)
            try:
                value = self._parse_value(table, column, cell)
            except ValidationError as error:
                self.error(parsed.sheet, number, column.key, cell, " ".join(error.messages))
                ok = False
                continue
            if column.required and value in (None, "", frozenset()):
                self.error(parsed.sheet, number, column.key, "", "Valeur obligatoire manquante.")
                ok = False
            values[column_key] = value
        if table.key_field:
            key = _key(table.name, values[table.key[0]]) if values.get(table.key[0]) else None
        else:
            key = tuple(values.get(k) for k in table.key)
        if not ok:
            # Known id anyway: rows referring to it must not get a second, misleading error.
            if key is not None:
                self.broken_keys.setdefault(table.name, set()).add(key)
            return None
        return Row(number, values, key)

    def _parse_value(self, table: Table, column: Column, cell):
        text = cell if isinstance(cell, dt.date) else str(cell).strip()
        if column.kind == DATE:
            return parse_date(text)
        if column.kind == BOOL:
            return parse_bool(text)
        if column.kind == LABEL:
            if text == "":
                return None
            label = self.db.labels.match(column.list_key, text)
            if label is None:
                raise ValidationError(self.db.labels.unknown_message(column.list_key, text))
            return label.pk
        if column.kind == LABELS:
            pks = set()
            for part in _as_text(text).split(";"):
                if not part.strip():
                    continue
                label = self.db.labels.match(column.list_key, part)
                if label is None:
                    raise ValidationError(f"« {part.strip()} » : "
                                          + self.db.labels.unknown_message(column.list_key, part))
                pks.add(label.pk)
            return frozenset(pks)
        text = _as_text(text)
        if column.kind == REF:
            return _key(column.ref_table, text) if text else None
        if column.kind == PATIENT:
            return clean_patient_code(text) if text else ""
        # TEXT: check the model's length and format rules.
        model_field = _model_field(table, column)
        if model_field.max_length and len(text) > model_field.max_length:
            raise ValidationError(f"Texte trop long ({len(text)} caractères, {model_field.max_length} au plus).")
        if isinstance(model_field, models.EmailField) and text:
            try:
                validate_email(text)
            except ValidationError as error:
                raise ValidationError("Adresse e-mail invalide.") from error
        return text

    # -- references and rules across rows -----------------------------------------------------

    def _file_rows(self, name: str) -> dict:
        parsed = self.tables.get(name)
        return {row.key: row for row in parsed.rows} if parsed else {}

    def _check_references(self) -> None:
        self.file_rows = {name: self._file_rows(name) for name in ("structures", "personnes", "poles",
                                                                    "reunions", "situations")}
        labels = self.db.labels.by_pk
        for parsed in self.tables.values():
            for row in parsed.rows:
                for column in parsed.table.columns:
                    if column.kind != REF or row.values.get(column.key) is None:
                        continue
                    key = row.values[column.key]
                    if (key not in self.file_rows[column.ref_table]
                            and key not in self.broken_keys.get(column.ref_table, ())
                            and self.db.get(column.ref_table, key) is None):
                        self.error(parsed.sheet, row.number, column.key, key,
                                   f"Référence inconnue : ni dans la table {column.ref_table} du fichier, "
                                   "ni dans Concerto.")
        meetings = self.tables.get("reunions")
        for row in meetings.rows if meetings else []:
            type_label = labels[row.values["type"]]
            if type_label.code in TYPES_WITH_POLE and "pole" in meetings.columns and not row.values.get("pole"):
                self.error(meetings.sheet, row.number, "pole", "",
                           f"Le pôle est obligatoire pour une réunion de type « {type_label.label} ».")
        attendances = self.tables.get("presences")
        for row in attendances.rows if attendances else []:
            if row.values.get("camera") and not row.values.get("a_distance"):
                self.error(attendances.sheet, row.number, "camera", "oui",
                           "La caméra ne peut être indiquée allumée que pour une participation à distance "
                           "(a_distance = oui).")
        situations = self.tables.get("situations")
        for row in situations.rows if situations else []:
            self._check_situation(situations, row)

    def meeting_facts(self, key: str) -> tuple[int | None, str | None, dt.date | None]:
        """(type label pk, pôle key, date) of a meeting, from the file or else the database."""
        row = self.file_rows["reunions"].get(key)
        if row is not None:
            pole = row.values.get("pole")
            if "pole" not in self.tables["reunions"].columns:
                existing = self.db.get("reunions", key)
                pole = self.db.key_of["poles"].get(existing.pole_id) if existing else None
            return row.values["type"], pole, row.values["date"]
        meeting = self.db.get("reunions", key)
        if meeting is None:
            return None, None, None
        return meeting.type_id, self.db.key_of["poles"].get(meeting.pole_id), meeting.date

    def _check_situation(self, parsed: ParsedTable, row: Row) -> None:
        values = row.values
        type_pk, pole_key, date = self.meeting_facts(values["id_reunion"])
        if type_pk is not None:
            label = self.db.labels.by_pk[type_pk]
            if label.code != INTERVISION:
                self.error(parsed.sheet, row.number, "id_reunion", values["id_reunion"],
                           f"Une situation patient ne peut être étudiée qu'en Intervision ; cette réunion est "
                           f"de type « {label.label} ».")
            elif pole_key is None:
                self.error(parsed.sheet, row.number, "id_reunion", values["id_reunion"],
                           "Cette Intervision n'a pas de pôle : le patient ne peut pas y être rattaché.")
        if values.get("nouvelle_intervision") is False and values.get("delai_nouvelle_intervision"):
            self.error(parsed.sheet, row.number, "delai_nouvelle_intervision",
                       self.db.labels.by_pk[values["delai_nouvelle_intervision"]].label,
                       "Un délai n'a de sens que si une nouvelle Intervision est prévue.")
        pole = self.db.get("poles", pole_key)
        patient = self.db.patients.get((pole.pk, values["code_patient"])) if pole else None
        if (patient and patient.consent_withdrawn_on and date and date >= patient.consent_withdrawn_on
                and self.db.get("situations", row.key) is None):
            self.error(parsed.sheet, row.number, "code_patient", values["code_patient"],
                       f"Le patient a retiré son accord le {patient.consent_withdrawn_on:%d/%m/%Y} : aucune "
                       "nouvelle situation ne peut être étudiée.")

    # -- created / updated / unchanged --------------------------------------------------------

    def current_value(self, table: Table, column: Column, obj: models.Model):
        if column.kind == REF:
            return self.db.key_of[column.ref_table].get(getattr(obj, f"{column.field}_id"))
        if column.kind == LABEL:
            return getattr(obj, f"{column.field}_id")
        if column.kind == LABELS:
            return frozenset(self.db.m2m[column.field].get(obj.pk, ()))
        if column.kind == PATIENT:
            pole_id, code = self.db.patient_code.get(obj.patient_id, (None, None))
            return self.db.key_of["poles"].get(pole_id), code
        value = getattr(obj, column.field)
        return "" if value is None and column.kind == TEXT else value

    def existing_object(self, table: Table, row: Row) -> models.Model | None:
        if table.key_field:
            return self.db.get(table.name, row.key)
        first_table = "reunions" if table.name == "presences" else "situations"
        first = self.db.get(first_table, row.key[0])
        person = self.db.get("personnes", row.key[1])
        if first is None or person is None:
            return None
        return self.db.pairs[table.name].get((first.pk, person.pk))

    def _classify(self) -> None:
        self.new_patients: set[tuple[str, str]] = set()
        for table in TABLES:
            parsed = self.tables.get(table.name)
            if parsed is None:
                continue
            counts = self.result.counts.setdefault(table.name, Counts())
            compared = [table.column(c) for c in parsed.columns if c not in table.key]
            for row in parsed.rows:
                row.existing = self.existing_object(table, row)
                if table.name == "situations":
                    self._note_patient(row)
                if row.existing is None:
                    counts.created += 1
                    continue
                row.changed = [
                    c.key for c in compared
                    if self.current_value(table, c, row.existing) != self.new_value(table, c, row)
                ]
                if row.changed:
                    counts.updated += 1
                else:
                    counts.unchanged += 1
        if "situations" in self.tables:
            self.result.counts["patients"] = Counts(created=len(self.new_patients))

    def new_value(self, table: Table, column: Column, row: Row):
        value = row.values.get(column.key)
        if column.kind == PATIENT:
            return row.values["_pole"], value
        if value is None and column.kind == BOOL:
            model_field = _model_field(table, column)
            if not model_field.null:
                return model_field.get_default()
        return value

    def _note_patient(self, row: Row) -> None:
        _, pole_key, _ = self.meeting_facts(row.values["id_reunion"])
        row.values["_pole"] = pole_key
        pole = self.db.get("poles", pole_key)
        if pole is None or (pole.pk, row.values["code_patient"]) not in self.db.patients:
            self.new_patients.add((pole_key, row.values["code_patient"]))


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    candidate = text.split(" ")[0].split("T")[0]  # "12/03/2024 00:00:00" from a spreadsheet
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(candidate, fmt).date()
        except ValueError:
            continue
    raise ValidationError("Date invalide : attendu AAAA-MM-JJ (ou JJ/MM/AAAA).")


def parse_bool(value) -> bool | None:
    text = str(value).strip().lower()
    if not text:
        return None
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValidationError("Valeur invalide : attendu oui ou non.")


# ---------------------------------------------------------------------------------------------
# Writing


class Writer:
    def __init__(self, analysis: Analysis, user=None, progress: Progress | None = None) -> None:
        self.a = analysis
        self.db = analysis.db
        self.user = user if getattr(user, "pk", None) else None
        self.progress = progress or (lambda pct, msg: None)

    def creation_date(self, obj: models.Model) -> dt.date:
        """New meetings and situations are created in date order (other rows keep the file's),
        so that their ids grow with time as in a database filled meeting after meeting: the
        report reads ranges of ids (reports.passes.id_bounds)."""
        if isinstance(obj, Meeting):
            return obj.date or dt.date.min
        if isinstance(obj, Situation):
            meeting = self.meetings_by_pk.get(obj.meeting_id)
            return meeting.date if meeting is not None else dt.date.min
        return dt.date.min

    @functools.cached_property
    def meetings_by_pk(self) -> dict[int, Meeting]:
        # Read once the meetings are written (they come before the situations).
        return {m.pk: m for m in self.db.objects["reunions"].values()}

    def pk(self, table: str, key: str | None) -> int | None:
        obj = self.db.get(table, key)
        return obj.pk if obj is not None else None

    def assign(self, table: Table, obj: models.Model, row: Row, column_keys: list[str]) -> None:
        for key in column_keys:
            column = table.column(key)
            value = self.a.new_value(table, column, row)
            if column.kind == REF:
                setattr(obj, f"{column.field}_id", self.pk(column.ref_table, value))
            elif column.kind == LABEL:
                setattr(obj, f"{column.field}_id", value)
            elif column.kind == PATIENT:
                pole_key, code = value
                obj.patient_id = self.db.patients[(self.pk("poles", pole_key), code)].pk
            elif column.kind != LABELS:
                setattr(obj, column.field, value)

    def write(self) -> None:
        steps = [n for n in IMPORT_ORDER if n in self.a.tables]
        for index, name in enumerate(steps):
            self.progress(50 + int(50 * index / len(steps)), f"Écriture : {name}")
            parsed = self.a.tables[name]
            if name == "situations":
                self.write_patients(parsed)
            self.write_table(parsed)
            if name == "situations":
                self.write_lists(parsed)
        self.progress(100, "Terminé")

    def write_table(self, parsed: ParsedTable) -> None:
        table = parsed.table
        model = apps.get_model(table.model)
        history = hasattr(model, "history")
        to_create, to_update, fields = [], [], set()
        for row in parsed.rows:
            if row.existing is None:
                obj = model()
                self.assign(table, obj, row, parsed.columns)
                to_create.append((row, obj))
            elif row.changed:
                self.assign(table, row.existing, row, row.changed)
                to_update.append(row.existing)
                fields.update(table.column(c).field for c in row.changed if table.column(c).kind != LABELS)
        to_create.sort(key=lambda pair: self.creation_date(pair[1]))
        objs = [obj for _, obj in to_create]
        if history:
            created = bulk_create_with_history(objs, model, batch_size=500, default_user=self.user,
                                               default_change_reason=HISTORY_REASON)
        else:
            created = model.objects.bulk_create(objs, batch_size=500)
        for (row, _), obj in zip(to_create, created, strict=True):
            row.existing = obj
            if table.key_field:
                self.db.objects[table.name][row.key] = obj
                self.db.key_of[table.name][obj.pk] = row.key
        if to_update and history:
            # Also when only lists changed (no field): the history entry records the import.
            bulk_update_with_history(to_update, model, sorted(fields), batch_size=500,
                                     default_user=self.user, default_change_reason=HISTORY_REASON)
        elif to_update:
            model.objects.bulk_update(to_update, sorted(fields), batch_size=500)

    def write_patients(self, parsed: ParsedTable) -> None:
        new = []
        for pole_key, code in sorted(self.a.new_patients):
            new.append(Patient(pole_id=self.pk("poles", pole_key), code=code))
        created = bulk_create_with_history(new, Patient, batch_size=500, default_user=self.user,
                                           default_change_reason=HISTORY_REASON)
        for patient in created:
            self.db.patients[(patient.pole_id, patient.code)] = patient

    def write_lists(self, parsed: ParsedTable) -> None:
        """Set the multi-choice lists of the imported situations (only the differences are written)."""
        for key in parsed.columns:
            column = parsed.table.column(key)
            if column.kind != LABELS:
                continue
            through = Situation._meta.get_field(column.field).remote_field.through
            current = self.db.m2m[column.field]
            to_add, to_remove = [], []
            for row in parsed.rows:
                pk = row.existing.pk
                before = current.get(pk, set())
                wanted = row.values[key]
                to_add += [through(situation_id=pk, label_id=label) for label in sorted(wanted - before)]
                to_remove += [(pk, label) for label in before - wanted]
            through.objects.bulk_create(to_add, batch_size=500)
            by_label: dict[int, list[int]] = {}
            for pk, label in to_remove:
                by_label.setdefault(label, []).append(pk)
            for label, situation_ids in by_label.items():
                for start in range(0, len(situation_ids), 500):
                    through.objects.filter(label_id=label, situation_id__in=situation_ids[start:start + 500]).delete()


# ---------------------------------------------------------------------------------------------
# Entry points


def analyse(path: str | Path, progress: Progress | None = None) -> tuple[Analysis | None, ImportResult]:
    """Read and check a file without writing anything."""
    try:
        sheets = read_source(path)
    except UnreadableFile as error:
        result = ImportResult()
        result.issues.append(Issue(Path(path).name, None, "", "", str(error)))
        return None, result
    analysis = Analysis(sheets, progress)
    return analysis, analysis.result


def import_file(path: str | Path, *, dry_run: bool = False, user=None,
                progress: Progress | None = None) -> ImportResult:
    """Check the file and, unless dry_run or any error, write it all in one transaction.

    The check runs outside the transaction so that other users are not held up while a large
    file is read; a conflicting concurrent write (e.g. the same new id) then makes the
    transaction fail as a whole, and nothing is written.
    """
    analysis, result = analyse(path, progress)
    if dry_run or not result.ok:
        return result
    with transaction.atomic():
        Writer(analysis, user, progress).write()
    result.written = True
    return result
