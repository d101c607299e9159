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
    """Fast path (streaming XML) first; openpyxl for any workbook the fast path does not understand."""
    try:
        return _read_xlsx_fast(source)
    except UnreadableFile:
        raise
    except Exception:
        return _read_xlsx_openpyxl(source)


def _read_xlsx_openpyxl(source) -> list[RawSheet]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors on a bad file
        raise UnreadableFile(f"Le classeur ne peut pas être lu ({error.__class__.__name__}).") from error
    try:
        return [_sheet(ws.title, ([_cell(v) for v in values] for values in ws.iter_rows(values_only=True)))
                for ws in workbook.worksheets]
    finally:
        workbook.close()


def _sheet(name: str, rows) -> RawSheet:
    """A sheet from its rows of cells: first non-empty row is the header; empty rows dropped."""
    sheet = RawSheet(name=name, header=[])
    header = None
    for number, cells in enumerate(rows, start=1):
        if _is_empty(cells):
            continue
        if header is None:
            header = [str(c) for c in cells]
            while header and header[-1] == "":
                header.pop()
            sheet.header = header
            continue
        while cells and cells[-1] == "":
            cells.pop()
        sheet.rows.append((number, cells))
    return sheet


# --- Streaming reader of the sheet XML (openpyxl parses inline strings very slowly) ---------

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _column_index(ref: str) -> int:
    index = 0
    for char in ref:
        if char.isdigit():
            break
        index = index * 26 + (ord(char.upper()) - 64)
    return index - 1


def _text_of(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{_NS}t"))


def _read_xlsx_fast(source) -> list[RawSheet]:
    from lxml import etree
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

    try:
        archive = zipfile.ZipFile(source)
    except zipfile.BadZipFile as error:
        raise UnreadableFile("Le classeur ne peut pas être lu (ce n'est pas un fichier .xlsx).") from error
    with archive:
        names = set(archive.namelist())
        workbook = etree.fromstring(archive.read("xl/workbook.xml"))
        pr = workbook.find(f"{_NS}workbookPr")
        epoch = CALENDAR_MAC_1904 if pr is not None and pr.get("date1904") in ("1", "true") else CALENDAR_WINDOWS_1900
        rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        shared: list[str] = []
        if "xl/sharedStrings.xml" in names:
            shared = [_text_of(si) for si in etree.fromstring(archive.read("xl/sharedStrings.xml"))]
        date_styles: set[int] = set()
        if "xl/styles.xml" in names:
            styles = etree.fromstring(archive.read("xl/styles.xml"))
            formats = dict(BUILTIN_FORMATS)
            for fmt in styles.iter(f"{_NS}numFmt"):
                formats[int(fmt.get("numFmtId"))] = fmt.get("formatCode")
            xfs = styles.find(f"{_NS}cellXfs")
            for index, xf in enumerate(xfs if xfs is not None else []):
                code = formats.get(int(xf.get("numFmtId", 0)))
                if code and is_date_format(code):
                    date_styles.add(index)
        sheets = []
        for element in workbook.iter(f"{_NS}sheet"):
            target = targets[element.get(f"{_REL_NS}id")]
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            sheets.append(_sheet(element.get("name"), _fast_rows(archive.open(path), shared, date_styles, epoch,
                                                                  from_excel)))
        return sheets


def _fast_rows(stream, shared, date_styles, epoch, from_excel):
    from lxml import etree

    expected = 1
    for _, row in etree.iterparse(stream, tag=f"{_NS}row"):
        number = int(row.get("r") or expected)
        while expected < number:  # rows absent from the XML are empty
            yield []
            expected += 1
        cells: list = []
        for c in row.iter(f"{_NS}c"):
            ref = c.get("r")
            position = _column_index(ref) if ref else len(cells)
            while len(cells) < position:
                cells.append("")
            kind = c.get("t", "n")
            v = c.find(f"{_NS}v")
            text = v.text if v is not None else None
            if kind == "s":
                value = shared[int(text)] if text is not None else ""
            elif kind == "inlineStr":
                inline = c.find(f"{_NS}is")
                value = _text_of(inline) if inline is not None else ""
            elif kind == "b":
                value = text == "1" if text is not None else None
            elif kind in ("str", "e", "d"):
                value = text
            elif text is None:
                value = None
            else:
                value = float(text)
                if int(c.get("s", 0)) in date_styles:
                    value = from_excel(value, epoch)
            cells.append(_cell(value))
        row.clear()
        expected = number + 1
        yield cells


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
