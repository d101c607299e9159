"""Read an interchange file into raw sheets: an .xlsx workbook, a .zip or a folder of CSV files.

Files as people make them: CSV from a French Excel (`;`, Windows-1252), a UTF-8 BOM,
empty rows, spreadsheet date and number cells. No checking of the content here: the
importer checks every value against the schema.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from concerto.nomenclatures.models import normalize_label

# Refuse absurd archives before reading them into memory.
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024


class UnreadableFile(Exception):
    """The file cannot be read at all (message in French)."""


@dataclass
class RawSheet:
    name: str  # as written in the file (sheet or CSV file name)
    header: list[str]
    rows: list[tuple[int, list]] = field(default_factory=list)  # (row number as the user sees it, cells)


def sheet_key(name: str) -> str:
    """Matching key of a sheet or column name: case, accents and spaces ignored."""
    return normalize_label(name).replace(" ", "_").replace("-", "_")


def _cell(value):
    """A spreadsheet cell as text, or a date for date cells."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else value
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    return str(value).strip()


def _is_empty(cells: list) -> bool:
    return all(c == "" for c in cells)


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as French Excel writes it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


def read_csv_text(name: str, text: str) -> RawSheet:
    lines = text.splitlines()
    delimiter = _sniff_delimiter(lines[0] if lines else "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    sheet = RawSheet(name=name, header=[])
    for number, record in enumerate(reader, start=1):
        cells = [c.strip() for c in record]
        if header is None:
            if _is_empty(cells):
                continue
            header = cells
            sheet.header = header
            continue
        if not _is_empty(cells):
            sheet.rows.append((number, cells))
    return sheet


def read_xlsx(source) -> list[RawSheet]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors on a bad file
        raise UnreadableFile(f"Le classeur ne peut pas être lu ({error.__class__.__name__}).") from error
    sheets = []
    try:
        for ws in workbook.worksheets:
            sheet = RawSheet(name=ws.title, header=[])
            header = None
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                cells = [_cell(v) for v in values]
                if header is None:
                    if _is_empty(cells):
                        continue
                    header = [str(c) for c in cells]
                    while header and header[-1] == "":
                        header.pop()
                    sheet.header = header
                    continue
                if not _is_empty(cells):
                    sheet.rows.append((number, cells))
            sheets.append(sheet)
    finally:
        workbook.close()
    return sheets


def read_zip(path: Path) -> list[RawSheet]:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise UnreadableFile("L'archive .zip ne peut pas être lue.") from error
    with archive:
        members = [i for i in archive.infolist() if not i.is_dir() and i.filename.lower().endswith(".csv")]
        if sum(i.file_size for i in members) > MAX_UNCOMPRESSED_BYTES:
            raise UnreadableFile("L'archive est trop volumineuse une fois décompressée.")
        members = [i for i in members if not Path(i.filename).name.startswith((".", "__"))]
        return [read_csv_text(Path(i.filename).stem, decode_csv(archive.read(i))) for i in members]


def read_source(path: str | Path) -> list[RawSheet]:
    """The sheets of an .xlsx, a .zip of CSV files, a folder of CSV files or one CSV file."""
    path = Path(path)
    if path.is_dir():
        return [read_csv_text(p.stem, decode_csv(p.read_bytes())) for p in sorted(path.glob("*.csv"))]
    if not path.exists():
        raise UnreadableFile(f"Fichier introuvable : {path}")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    if suffix == ".zip":
        return read_zip(path)
    if suffix == ".csv":
        return [read_csv_text(path.stem, decode_csv(path.read_bytes()))]
    raise UnreadableFile(
        f"Format non reconnu « {path.suffix or path.name} » : déposez un classeur .xlsx, "
        "une archive .zip de fichiers CSV ou un fichier .csv."
    )
