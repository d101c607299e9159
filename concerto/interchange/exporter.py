"""Export of the association in the interchange format, and the empty template workbook.

The output is deterministic (rows sorted by id, lists by label order, fixed timestamps in
.zip archives), so that export → import → export gives the same file content.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps

from concerto.meetings.models import Meeting
from concerto.poles.models import Pole
from concerto.situations.models import Patient, Situation

from .labels import current_labels
from .schema import (
    BOOL,
    CHOICE,
    DATE,
    DECIMAL,
    FORMULA_STARTS,
    INT,
    LABEL,
    LABELS,
    LINES,
    LIST_SEPARATOR,
    NOTICE_SHEET,
    TABLES,
    TIME,
    Table,
    escape_formula,
)

ZIP_DATE = (2000, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Dialect:
    """How values and CSV files are written."""

    delimiter: str = ","
    encoding: str = "utf-8"
    date_format: str = "%Y-%m-%d"


STANDARD = Dialect()
# What a French Excel writes with "CSV (séparateur : point-virgule)".
FRENCH_EXCEL = Dialect(delimiter=";", encoding="cp1252", date_format="%d/%m/%Y")


def _order(table: Table) -> list[str]:
    return [table.column(k).export_lookup for k in table.key]


def _queryset(table: Table, user=None):
    model = apps.get_model(table.model)
    qs = model.objects.all()
    if user is None:
        return qs
    # Scope is a queryset: the export shows what the user may see.
    if table.name == "poles":
        return Pole.objects.for_user(user)
    if table.name == "reunions":
        return Meeting.objects.for_user(user)
    if table.name in ("presences", "indemnisations"):
        return qs.filter(meeting__in=Meeting.objects.for_user(user))
    if table.name == "situations":
        return Situation.objects.for_user(user)
    if table.name == "invitations_situation":
        return qs.filter(situation__in=Situation.objects.for_user(user))
    if table.name == "patients":
        return Patient.objects.for_user(user)
    if table.name in ("engagements", "organisateurs_pole"):
        return qs.filter(pole__in=Pole.objects.for_user(user))
    if hasattr(qs, "for_user"):  # memberships, the pôle ressource's requests
        return qs.for_user(user)
    return qs


def _format(kind: str, value, dialect: Dialect) -> str:
    if value is None or value == "":
        return ""
    if kind == DATE:
        return value.strftime(dialect.date_format)
    if kind == BOOL:
        return "oui" if value else "non"
    if kind == TIME:
        return value.strftime("%H:%M")
    if kind == LINES:
        return LIST_SEPARATOR.join(line.strip() for line in value.splitlines() if line.strip())
    if kind == DECIMAL:
        return format_number(value)
    return str(value)


def format_number(value) -> str:
    """A number without trailing zeros: 774, 16.7 (the import also reads « 16,7 »)."""
    from decimal import Decimal

    number = Decimal(str(value))
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return f"{number.normalize():f}"


def _lists(table: Table) -> dict[str, dict[int, str]]:
    """For each multi-choice column: object pk -> labels joined in the nomenclature's order."""
    model = apps.get_model(table.model)
    result = {}
    for column in table.columns:
        if column.kind != LABELS:
            continue
        model_field = model._meta.get_field(column.field)
        through = model_field.remote_field.through
        chosen: dict[int, list[tuple[int, str]]] = {}
        for pk, position, text in through.objects.values_list(f"{model_field.m2m_field_name()}_id",
                                                              "label__position", "label__label"):
            chosen.setdefault(pk, []).append((position, text))
        result[column.key] = {pk: LIST_SEPARATOR.join(t for _, t in sorted(items)) for pk, items in chosen.items()}
    return result


def export_rows(table: Table, user=None, dialect: Dialect = STANDARD) -> list[list[str]]:
    """The rows of one table as text, sorted by id."""
    if table.handler:
        from .importer import handler_of

        return handler_of(table).export_rows(table, user, lambda kind, value: _format(kind, value, dialect))
    lists = _lists(table)
    model = apps.get_model(table.model)
    choices = {c.key: dict(model._meta.get_field(c.field).choices) for c in table.columns if c.kind == CHOICE}
    lookups = ["pk"] + [c.export_lookup for c in table.columns if c.kind != LABELS]
    rows = []
    for values in _queryset(table, user).order_by(*_order(table)).values_list(*lookups):
        pk, rest = values[0], iter(values[1:])
        row = []
        for column in table.columns:
            if column.kind == LABELS:
                row.append(lists[column.key].get(pk, ""))
            elif column.kind == CHOICE:
                value = next(rest)
                row.append(str(choices[column.key].get(value, value)) if value else "")
            else:
                row.append(_format(column.kind, next(rest), dialect))
        rows.append(row)
    return rows


def export_tables(user=None, dialect: Dialect = STANDARD) -> dict[str, tuple[list[str], list[list[str]]]]:
    return {t.name: (t.column_keys, export_rows(t, user, dialect)) for t in TABLES}


def _csv_bytes(header: list[str], rows: list[list[str]], dialect: Dialect) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=dialect.delimiter, lineterminator="\r\n")
    writer.writerow(header)
    # A value like « =HYPERLINK(…) » must not become a live formula in the user's spreadsheet.
    writer.writerows([escape_formula(v) for v in row] for row in rows)
    return buffer.getvalue().encode(dialect.encoding, errors="replace")


def write_zip(target, user=None, dialect: Dialect = STANDARD) -> None:
    """A .zip of <table>.csv files (target: a path or a binary stream)."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, (header, rows) in export_tables(user, dialect).items():
            info = zipfile.ZipInfo(f"{name}.csv", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, _csv_bytes(header, rows, dialect))


def write_folder(folder: Path, user=None, dialect: Dialect = STANDARD) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (header, rows) in export_tables(user, dialect).items():
        (folder / f"{name}.csv").write_bytes(_csv_bytes(header, rows, dialect))


def _workbook():
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    # Fixed document dates: the same data gives the same workbook properties.
    workbook.properties.created = dt.datetime(2000, 1, 1)
    workbook.properties.creator = "Concerto"
    return workbook


def _header_cells(ws, header: list[str]):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cells = []
    for text in header:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def write_xlsx(target, user=None) -> None:
    """One workbook, one sheet per table; every value written as text (ids like « 02 » stay as they are)."""
    workbook = _workbook()
    for name, (header, rows) in export_tables(user).items():
        ws = workbook.create_sheet(name)
        ws.freeze_panes = "A2"
        ws.append(_header_cells(ws, header))
        for row in rows:
            ws.append([text_cell(ws, v) for v in row])
    workbook.save(target)


def text_cell(ws, value):
    """A write-only cell holding `value` as text, never a formula.

    openpyxl turns a string starting with « = » into a formula: such values (and the other
    OWASP formula starts) become string cells marked « quote prefix », as Excel itself stores
    a value typed after an apostrophe, so that they read back unchanged.
    """
    if value == "" or value is None:
        return None
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def export_to_path(path: str | Path, user=None, french_excel: bool = False) -> Path:
    """Export by the suffix: .xlsx workbook, .zip of CSV files, or a folder of CSV files."""
    path = Path(path)
    dialect = FRENCH_EXCEL if french_excel else STANDARD
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        if french_excel:
            raise ValueError("Le format Excel français ne concerne que les fichiers CSV (.zip ou dossier).")
        write_xlsx(path, user)
    elif suffix == ".zip":
        write_zip(path, user, dialect)
    elif not suffix:
        write_folder(path, user, dialect)
    else:
        raise ValueError(f"Suffixe non reconnu « {suffix} » : .xlsx, .zip ou un dossier.")
    return path


# ---------------------------------------------------------------------------------------------
# Template workbook

NOTICE_INTRO = [
    "Modèle d'import Concerto — format d'échange, version 2",
    "",
    "Remplissez un onglet par table (poles, structures, personnes, reunions, presences, situations, "
    "invitations_situation ; en version 2 aussi patients, engagements, organisateurs_pole, nomenclatures, "
    "les actions CPOM : actions, heures_action, indicateurs_action, evaluations_action, enquetes_action, "
    "et adhesions, envois_newsletter, envois_newsletter_categories, ressources), "
    "ou seulement celles que vous avez : une table absente laisse les données de Concerto telles quelles. "
    "La première ligne de chaque onglet contient les noms de colonnes : ne les "
    "modifiez pas. Une colonne inconnue est refusée (une faute de frappe ne doit pas faire perdre de données) ; "
    "une colonne facultative peut être supprimée. Cet onglet « notice » est ignoré à l'import.",
    "Dates : AAAA-MM-JJ (ex. 2025-03-14) ; JJ/MM/AAAA et les cellules de type date sont aussi acceptées. "
    "Heures : HH:MM (ex. 18:30).",
    "Oui / non : « oui » ou « non » (o/n, 1/0, vrai/faux acceptés). Cellule vide = inconnu.",
    "Listes (choix multiples) : libellés séparés par « ; », dans n'importe quel ordre.",
    "Libellés : ceux des nomenclatures, listés ci-dessous ; majuscules, accents et espaces autour sont ignorés.",
    "Identifiants (id_personne, id_reunion, id_situation) : texte libre, unique dans sa table, stable d'un "
    "export à l'autre. Réimporter un fichier met à jour les lignes de même identifiant, sans doublon.",
    "Patients : uniquement un pseudonyme (prénom + initiale, ou un code) ; un nom complet est refusé.",
    "L'import est tout ou rien : à la moindre erreur rien n'est enregistré, et toutes les erreurs sont "
    "listées avec leur onglet, leur ligne et leur colonne.",
]


def _allowed(column, year: int) -> str:
    if column.kind in (LABEL, LABELS):
        return " · ".join(current_labels(column.list_key, year))
    if column.kind == BOOL:
        return "oui / non"
    if column.kind == DATE:
        return "AAAA-MM-JJ"
    if column.kind in (INT, DECIMAL):
        return "nombre"
    return ""


def write_template(target, year: int | None = None) -> None:
    """An empty workbook with a French notice listing each column and the labels of `year`."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    year = year or dt.date.today().year
    workbook = _workbook()
    notice = workbook.create_sheet(NOTICE_SHEET)
    for index, line in enumerate(NOTICE_INTRO):
        cell = WriteOnlyCell(notice, value=line)
        if index == 0:
            cell.font = Font(bold=True, size=14)
        notice.append([cell])
    for table in TABLES:
        notice.append([])
        title = WriteOnlyCell(notice, value=f"Onglet {table.name} — {table.title}")
        title.font = Font(bold=True, size=12)
        notice.append([title, table.help])
        notice.append(_header_cells(notice, ["colonne", "obligatoire", "signification",
                                             f"valeurs permises en {year}"]))
        for column in table.columns:
            required = "oui" if column.required else "non"
            if table.name == "reunions" and column.key == "pole":
                required = "pour Intervision et Comité de pilotage"
            notice.append([column.key, required, column.help, _allowed(column, year)])
    for table in TABLES:
        ws = workbook.create_sheet(table.name)
        ws.freeze_panes = "A2"
        ws.append(_header_cells(ws, table.column_keys))
    workbook.save(target)
