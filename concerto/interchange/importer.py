"""Import of an interchange file: check everything, then write everything or nothing.

Two phases. `analyse()` reads the file, checks every cell and every reference against the
file and the database, and classifies each row as created / updated / unchanged — without
writing. `import_file()` runs the analysis and, when there is no error, writes with bulk
operations in one transaction (a constant number of queries, whatever the size).

Rows are matched on their ids (`id_*`, pôle and structure names, the pair of ids of a
presence or an invitation): re-importing a file updates those rows and creates no
duplicate. Rows of the database absent from the file are left alone; a column missing
from a sheet leaves that field as it is on existing rows.

Version 2 tables (patients, engagements, organisateurs_pole, nomenclatures) are keyed by
several columns. Labels the file's `nomenclatures` table adds are usable by the other
tables of the same file: they get a temporary negative pk during the analysis, replaced by
the real one when written (they are written first).
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models, transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from concerto.meetings.models import INTERVISION, TYPES_WITH_POLE, Meeting
from concerto.nomenclatures.models import Label, ListKey, normalize_label
from concerto.situations.codes import clean_patient_code
from concerto.situations.models import Patient, Situation

from .labels import LabelIndex
from .reader import RawSheet, UnreadableFile, read_source, sheet_key
from .schema import (
    BOOL,
    CHOICE,
    DATE,
    DECIMAL,
    IMPORT_ORDER,
    INT,
    LABEL,
    LABELS,
    LINES,
    NOTICE_SHEET,
    PATIENT,
    PATIENT_CODE,
    REF,
    SAME_LIST_LABEL,
    TABLES,
    TABLES_BY_NAME,
    TEXT,
    TIME,
    Column,
    Table,
)

Progress = Callable[[int, str], None]
HISTORY_REASON = "Import"
NAME_KEYED = {"poles", "structures", "territoires"}  # matched ignoring case and accents, like labels
TRUE_WORDS = {"oui", "o", "1", "vrai", "true", "yes", "x"}
FALSE_WORDS = {"non", "n", "0", "faux", "false", "no"}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d")
TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%Hh%M", "%HH%M", "%Hh")


@dataclass
class Issue:
    """One error, located as the user sees it in their spreadsheet."""

    sheet: str
    row: int | None
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = [f"onglet {self.sheet}"] if self.sheet else []
        if self.row:
            where.append(f"ligne {self.row}")
        if self.column:
            where.append(f"colonne {self.column}")
        value = f" (valeur « {self.value} »)" if self.value != "" else ""
        return f"{', '.join(where)}{value} : {self.message}" if where else self.message

    def as_dict(self) -> dict:
        # Stored as JSON: PostgreSQL refuses \u0000 there, so a NUL is shown as a visible sign.
        return {"sheet": _json_text(self.sheet), "row": self.row, "column": _json_text(self.column),
                "value": _json_text(self.value), "message": _json_text(self.message)}


def _json_text(text: str) -> str:
    return text.replace("\x00", "\u2400")


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
    """The model field of a column; `action__title` follows the relation."""
    model = apps.get_model(table.model)
    *path, name = column.field.split("__")
    for step in path:
        model = model._meta.get_field(step).related_model
    return model._meta.get_field(name)


def handler_of(table: Table):
    """The module that analyses, writes and exports a table the generic code does not."""
    return importlib.import_module(table.handler) if table.handler else None


# Tables keyed by one id column (the others by several).
KEYED_TABLES = tuple(t.name for t in TABLES if t.key_field)


def _through(table: Table, column: Column) -> tuple[type[models.Model], str]:
    """The many-to-many table of a LABELS column and the name of its field towards the row."""
    model_field = _model_field(table, column)
    return model_field.remote_field.through, model_field.m2m_field_name()


def _choices(table: Table, column: Column) -> dict[str, str]:
    """A CHOICE column: matching key (French label or stored value) -> stored value."""
    choices = {}
    for value, text in _model_field(table, column).choices:
        choices[normalize_label(str(text))] = value
        choices[normalize_label(str(value))] = value
    return choices


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
        for name in KEYED_TABLES:
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
        # Tables keyed by several columns: key tuple (as the file writes it) -> object.
        self.composite: dict[str, dict[tuple, models.Model]] = {}
        for table in TABLES:
            if table.key_field or table.handler:  # a handler keeps its own (cpom_tables.State)
                continue
            if table.name == "nomenclatures":
                objs = self.labels.by_pk.values()
            else:
                objs = apps.get_model(table.model).objects.all().order_by()
            self.composite[table.name] = {self.key_of_object(table, o): o for o in objs}
        self.label_by_code = {(label.list, label.code): label for label in self.labels.by_pk.values() if label.code}
        # Multi-choice lists: (table, field) -> object pk -> label pks.
        self.m2m: dict[tuple[str, str], dict[int, set[int]]] = {}
        for table in TABLES:
            for column in table.columns:
                if column.kind != LABELS:
                    continue
                through, source = _through(table, column)
                current: dict[int, set[int]] = {}
                for pk, label_id in through.objects.values_list(f"{source}_id", "label_id"):
                    current.setdefault(pk, set()).add(label_id)
                self.m2m[(table.name, column.field)] = current

    def key_of_object(self, table: Table, obj: models.Model) -> tuple:
        key = []
        for name in table.key:
            column = table.column(name)
            if column.kind == REF:
                key.append(self.key_of[column.ref_table].get(getattr(obj, f"{column.field}_id")))
            elif column.kind == LABEL:  # the file's value is the label's pk (sieges_conseil.siege)
                key.append(getattr(obj, f"{column.field}_id"))
            elif table.name == "nomenclatures" and name == "libelle":
                key.append(normalize_label(obj.label))
            else:
                key.append(getattr(obj, column.field))
        return tuple(key)

    def get(self, table: str, key: str | None) -> models.Model | None:
        return None if key is None else self.objects[table].get(key)

    def situation_of(self, meeting_id: int, patient_id: int) -> str | None:
        """Id of the situation of this patient in this meeting, if Concerto has one."""
        if not hasattr(self, "_studied"):
            self._studied = {(s.meeting_id, s.patient_id): key for key, s in self.objects["situations"].items()}
        return self._studied.get((meeting_id, patient_id))


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
            if sheet.notice:
                self.result.warnings.append(f"Fichier « {sheet.name} » {sheet.notice}")
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
            if name == "nomenclatures":
                self._register_labels(parsed)
        self._check_references()

    def _register_labels(self, parsed: ParsedTable) -> None:
        """Make the file's new or renamed labels known to the tables parsed after this one."""
        temporary = 0
        for row in parsed.rows:
            existing = self.existing_object(parsed.table, row)
            list_key, text = row.values["liste"], row.values["libelle"]
            if existing is None:
                temporary -= 1
                pending = Label(pk=temporary, list=list_key, label=text, code=row.values.get("code", ""),
                                aliases="\n".join(_lines(row.values.get("autres_libelles", ""))))
                row.values["_temporary_pk"] = temporary
                self.db.labels.add(pending)
            else:
                self.db.labels.add(existing, text)

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
        elif table.name == "nomenclatures":
            key = (values.get("liste"), normalize_label(values.get("libelle") or ""))
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
        if column.kind == TIME:
            return parse_time(cell)
        if column.kind == INT:
            return parse_int(text, _model_field(table, column))
        if column.kind == LINES:
            return "\n".join(_lines(_as_text(text)))
        if column.kind == DECIMAL:
            return parse_number(text)
        if column.kind == CHOICE:
            if text == "":
                return ""
            choices = _choices(table, column)
            value = choices.get(normalize_label(_as_text(text)))
            if value is None:
                known = " · ".join(str(t) for _, t in _model_field(table, column).choices)
                raise ValidationError(f"Valeur inconnue. Valeurs possibles : {known}.")
            return value
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
        if column.kind in (PATIENT, PATIENT_CODE):
            return clean_patient_code(text) if text else ""
        if column.kind == SAME_LIST_LABEL:
            return text
        if table.name == "nomenclatures" and column.key == "liste" and text and text not in ListKey.values:
            raise ValidationError("Liste inconnue. Listes possibles : " + ", ".join(ListKey.values) + ".")
        # TEXT: check the model's length and format rules.
        model_field = _model_field(table, column)
        if model_field.max_length and len(text) > model_field.max_length:
            raise ValidationError(f"Texte trop long ({len(text)} caractères, {model_field.max_length} au plus).")
        if isinstance(model_field, models.EmailField) and text:
            try:
                validate_email(text)
            except ValidationError as error:
                raise ValidationError("Adresse e-mail invalide.") from error
        if isinstance(model_field, models.URLField) and text:
            try:
                URLValidator()(text)
            except ValidationError as error:
                raise ValidationError("Adresse web invalide (elle doit commencer par https://).") from error
        return text

    # -- references and rules across rows -----------------------------------------------------

    def _file_rows(self, name: str) -> dict:
        parsed = self.tables.get(name)
        return {row.key: row for row in parsed.rows} if parsed else {}

    def _check_references(self) -> None:
        self.file_rows = {name: self._file_rows(name) for name in KEYED_TABLES}
        labels = self.db.labels.by_pk
        for parsed in self.tables.values():
            if parsed.table.handler:
                continue
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
        if attendances:
            self._check_governance_seats(attendances)
        situations = self.tables.get("situations")
        studied: dict[tuple, int] = {}  # (meeting, patient code) -> row number in the file
        for row in situations.rows if situations else []:
            self._check_situation(situations, row)
            self._check_studied_once(situations, row, studied)
        self._check_territories()
        memberships = self.tables.get("adhesions")
        for row in memberships.rows if memberships else []:
            if "id_personne" in memberships.columns and "structure" in memberships.columns and (
                    bool(row.values.get("id_personne")) == bool(row.values.get("structure"))):
                self.error(memberships.sheet, row.number, "id_personne", row.values.get("id_personne") or "",
                           "Une adhésion est celle d'une personne (id_personne) ou d'une structure, l'une des deux.")
        labels_table = self.tables.get("nomenclatures")
        for row in labels_table.rows if labels_table else []:
            target = row.values.get("correspond_a")
            if not target:
                continue
            match = self.db.labels.match(row.values["liste"], target)
            if match is None:
                self.error(labels_table.sheet, row.number, "correspond_a", target,
                           self.db.labels.unknown_message(row.values["liste"], target))
            elif normalize_label(match.label) == row.key[1]:
                self.error(labels_table.sheet, row.number, "correspond_a", target,
                           "Un libellé ne peut pas correspondre à lui-même.")
            if row.values.get("debut") and row.values.get("fin") and row.values["fin"] < row.values["debut"]:
                self.error(labels_table.sheet, row.number, "fin", row.values["fin"],
                           f"La fin de validité est antérieure au début ({row.values['debut']}).")
        for module in {handler_of(p.table) for p in self.tables.values() if p.table.handler}:
            module.check(self)

    def _check_governance_seats(self, attendances) -> None:
        """Only full members sit on the Bureau and the CA (members.services): the file's presences too,
        with the memberships of the file and of Concerto."""
        from concerto.members.models import Membership
        from concerto.members.services import FULL_MEMBER_MEETING_CODES, associate_only

        labels = self.db.labels.by_pk
        classes: dict[tuple[str, int], set[str]] = {}
        for ref, year, cls in Membership.objects.filter(person__isnull=False).values_list(
                "person__ref", "year", "member_class"):
            classes.setdefault((_key("personnes", ref), year), set()).add(cls)
        memberships = self.tables.get("adhesions")
        for row in memberships.rows if memberships else []:
            if row.values.get("id_personne") and row.values.get("annee") and row.values.get("classe"):
                classes.setdefault((row.values["id_personne"], row.values["annee"]), set()).add(row.values["classe"])
        for row in attendances.rows:
            if not row.values.get("present"):
                continue
            type_pk, _, day = self.meeting_facts(row.values["id_reunion"])
            if type_pk is None or day is None or labels[type_pk].code not in FULL_MEMBER_MEETING_CODES:
                continue
            if associate_only(classes.get((row.values["id_personne"], day.year), ())):
                self.error(attendances.sheet, row.number, "present", "oui",
                           f"{row.values['id_personne']} est membre associé·e en {day.year} : ne peut pas siéger au "
                           f"{labels[type_pk].label} (réservé aux membres de plein exercice).")

    def _territory_facts(self, key: str) -> tuple[str | None, bool]:
        """(type, hors territoire) of a territory, from the file or else the database."""
        row = self.file_rows["territoires"].get(key)
        if row is not None:
            return row.values.get("type"), bool(row.values.get("hors_territoire"))
        territory = self.db.get("territoires", key)
        return (territory.kind, territory.out_of_area) if territory else (None, False)

    def _check_territories(self) -> None:
        """A CPTS column holds a CPTS territory (or the « hors département » entry); same for CLS."""
        for name in ("personnes", "structures", "sollicitations"):
            parsed = self.tables.get(name)
            for row in parsed.rows if parsed else []:
                for column, kind in (("territoire_cpts", "CPTS"), ("territoire_cls", "CLS")):
                    key = row.values.get(column)
                    if not key:
                        continue
                    found, out_of_area = self._territory_facts(key)
                    if found is not None and found != kind and not out_of_area:
                        self.error(parsed.sheet, row.number, column, key,
                                   f"Ce territoire est de type « {found} », pas {kind}.")

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

    def _check_studied_once(self, parsed: ParsedTable, row: Row, studied: dict) -> None:
        """A patient is studied once per Intervision (Situation's unique constraint), in the file
        and against Concerto's other situations."""
        values = row.values
        pair = (values["id_reunion"], values["code_patient"])
        if pair in studied:
            self.error(parsed.sheet, row.number, "code_patient", values["code_patient"],
                       f"Ce patient est déjà étudié dans cette Intervision (ligne {studied[pair]}).")
            return
        studied[pair] = row.number
        meeting = self.db.get("reunions", values["id_reunion"])
        _, pole_key, _ = self.meeting_facts(values["id_reunion"])
        pole = self.db.get("poles", pole_key)
        patient = self.db.patients.get((pole.pk, values["code_patient"])) if pole else None
        if meeting is None or patient is None:
            return
        other = self.db.situation_of(meeting.pk, patient.pk)
        if other is not None and other != row.key and other not in self.file_rows["situations"]:
            self.error(parsed.sheet, row.number, "code_patient", values["code_patient"],
                       f"Ce patient est déjà étudié dans cette Intervision (situation {other} de Concerto).")

    # -- created / updated / unchanged --------------------------------------------------------

    def current_value(self, table: Table, column: Column, obj: models.Model):
        if column.kind == REF:
            return self.db.key_of[column.ref_table].get(getattr(obj, f"{column.field}_id"))
        if column.kind in (LABEL, SAME_LIST_LABEL):
            return getattr(obj, f"{column.field}_id")
        if column.kind == LINES:
            return "\n".join(_lines(getattr(obj, column.field)))
        if column.kind == LABELS:
            return frozenset(self.db.m2m[(table.name, column.field)].get(obj.pk, ()))
        if column.kind == PATIENT:
            pole_id, code = self.db.patient_code.get(obj.patient_id, (None, None))
            return self.db.key_of["poles"].get(pole_id), code
        value = getattr(obj, column.field)
        return "" if value is None and column.kind == TEXT else value

    def existing_object(self, table: Table, row: Row) -> models.Model | None:
        if table.key_field:
            return self.db.get(table.name, row.key)
        if table.name == "nomenclatures" and row.values.get("code"):
            # A shipped label is known by its code, even renamed by the association.
            by_code = self.db.label_by_code.get((row.values["liste"], row.values["code"]))
            if by_code is not None:
                return by_code
        return self.db.composite[table.name].get(row.key)

    def _classify(self) -> None:
        self.new_patients: set[tuple[str, str]] = set()
        for table in TABLES:
            parsed = self.tables.get(table.name)
            if parsed is None:
                continue
            counts = self.result.counts.setdefault(table.name, Counts())
            if table.handler:
                handler_of(table).classify(self, parsed, counts)
                continue
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
            # Patients the file's patients table does not create itself.
            listed = set(self._file_rows("patients"))
            self.new_patients -= listed
            self.result.counts.setdefault("patients", Counts()).created += len(self.new_patients)

    def new_value(self, table: Table, column: Column, row: Row):
        value = row.values.get(column.key)
        if column.kind == PATIENT:
            return row.values["_pole"], value
        if column.kind == SAME_LIST_LABEL:
            match = self.db.labels.match(row.values["liste"], value) if value else None
            return match.pk if match is not None else None
        if value in (None, "") and column.kind == CHOICE:
            model_field = _model_field(table, column)
            return model_field.get_default() if model_field.has_default() else ""
        if value is None and column.kind in (BOOL, INT):
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


def parse_time(value) -> dt.time | None:
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    text = str(value).strip()
    if not text:
        return None
    for fmt in TIME_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).time()
        except ValueError:
            continue
    raise ValidationError("Heure invalide : attendu HH:MM (ex. 18:30).")


def parse_int(value, model_field: models.Field | None = None) -> int | None:
    text = str(value).strip()
    if not text:
        return None
    try:
        number = int(text)
    except ValueError:
        raise ValidationError("Nombre entier attendu.") from None
    if number < 0 or number > 32767:
        raise ValidationError("Nombre hors limites (de 0 à 32767).")
    return number


def _lines(text: str) -> list[str]:
    """Items of a one-per-line field, or of a « ; »-separated cell."""
    return [part.strip() for part in str(text or "").replace(";", "\n").splitlines() if part.strip()]


def parse_number(value, whole: bool = False) -> Decimal | int | None:
    """« 1 002 », « 16,7 », « 2.5 »: a number as spreadsheets and French users write it."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    text = str(value).strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace(",", ".")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise ValidationError("Nombre invalide" + (" : attendu un nombre entier." if whole else
                                                  " : attendu par ex. 12 ou 16,7.")) from error
    if not number.is_finite():
        raise ValidationError("Nombre invalide.")
    if whole:
        if number != number.to_integral_value():
            raise ValidationError("Nombre invalide : attendu un nombre entier.")
        return int(number)
    return number


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

    @functools.cached_property
    def label_ids(self) -> dict[int, int]:
        """Temporary (negative) pk of a label the file adds -> its pk once written."""
        return {}

    def label_pk(self, value: int | None) -> int | None:
        return self.label_ids.get(value, value) if value is not None and value < 0 else value

    @staticmethod
    def deferred(table: Table, column: Column) -> bool:
        """A reference to a row of the same table: set once that table's new rows exist."""
        return column.kind == SAME_LIST_LABEL or (column.kind == REF and column.ref_table == table.name)

    def assign(self, table: Table, obj: models.Model, row: Row, column_keys: list[str]) -> None:
        for key in column_keys:
            column = table.column(key)
            value = self.a.new_value(table, column, row)
            if column.kind == REF:
                setattr(obj, f"{column.field}_id", self.pk(column.ref_table, value))
            elif column.kind in (LABEL, SAME_LIST_LABEL):
                setattr(obj, f"{column.field}_id", self.label_pk(value))
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
            if parsed.table.handler:
                handler_of(parsed.table).write(self, parsed)
                continue
            if name == "situations":
                self.write_patients(parsed)
            self.write_table(parsed)
            if any(c.kind == LABELS for c in parsed.table.columns):
                self.write_lists(parsed)
        self.progress(100, "Terminé")

    def write_table(self, parsed: ParsedTable) -> None:
        table = parsed.table
        model = apps.get_model(table.model)
        history = hasattr(model, "history")
        to_create, to_update, fields = [], [], set()
        later = [c for c in parsed.columns if self.deferred(table, table.column(c))]
        for row in parsed.rows:
            if row.existing is None:
                obj = model()
                self.assign(table, obj, row, [c for c in parsed.columns if c not in later])
                to_create.append((row, obj))
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
            if "_temporary_pk" in row.values:
                self.label_ids[row.values["_temporary_pk"]] = obj.pk
            if table.name == "patients":
                self.db.patients[(obj.pole_id, obj.code)] = obj
        if later and created:
            for row, obj in to_create:
                self.assign(table, obj, row, later)
            model.objects.bulk_update(created, [table.column(c).field for c in later], batch_size=500)
        for row in parsed.rows:
            if row.changed:  # set on rows that existed before this import only
                self.assign(table, row.existing, row, row.changed)
                if isinstance(row.existing, Situation):
                    # A fiche open in a page meanwhile must not overwrite what the import wrote.
                    row.existing.version += 1
                    fields.add("version")
                to_update.append(row.existing)
                fields.update(table.column(c).field for c in row.changed if table.column(c).kind != LABELS)
        if to_update and history:
            # Also when only lists changed (no field): the history entry records the import.
            bulk_update_with_history(to_update, model, sorted(fields), batch_size=500,
                                     default_user=self.user, default_change_reason=HISTORY_REASON)
        elif to_update:
            model.objects.bulk_update(to_update, sorted(fields), batch_size=500)

    def write_patients(self, parsed: ParsedTable) -> None:
        new = []
        for pole_key, code in sorted(self.a.new_patients):
            if (self.pk("poles", pole_key), code) not in self.db.patients:
                new.append(Patient(pole_id=self.pk("poles", pole_key), code=code))
        created = bulk_create_with_history(new, Patient, batch_size=500, default_user=self.user,
                                           default_change_reason=HISTORY_REASON)
        for patient in created:
            self.db.patients[(patient.pole_id, patient.code)] = patient

    def write_lists(self, parsed: ParsedTable) -> None:
        """Set the multi-choice lists of the imported rows (only the differences are written)."""
        for key in parsed.columns:
            column = parsed.table.column(key)
            if column.kind != LABELS:
                continue
            through, source = _through(parsed.table, column)
            current = self.db.m2m[(parsed.table.name, column.field)]
            to_add, to_remove = [], []
            for row in parsed.rows:
                pk = row.existing.pk
                before = current.get(pk, set())
                wanted = {self.label_pk(label) for label in row.values[key]}
                to_add += [through(**{f"{source}_id": pk}, label_id=label) for label in sorted(wanted - before)]
                to_remove += [(pk, label) for label in before - wanted]
            through.objects.bulk_create(to_add, batch_size=500)
            by_label: dict[int, list[int]] = {}
            for pk, label in to_remove:
                by_label.setdefault(label, []).append(pk)
            for label, ids in by_label.items():
                for start in range(0, len(ids), 500):
                    through.objects.filter(label_id=label, **{f"{source}_id__in": ids[start:start + 500]}).delete()


# ---------------------------------------------------------------------------------------------
# Entry points


def analyse(path: str | Path, progress: Progress | None = None) -> tuple[Analysis | None, ImportResult]:
    """Read and check a file without writing anything."""
    try:
        sheets = read_source(path)
    except UnreadableFile as error:
        result = ImportResult()
        result.issues.append(Issue("", None, "", "", f"{Path(path).name} : {error}"))
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
