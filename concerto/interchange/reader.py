"""Read an interchange file into raw sheets: an .xlsx workbook, a .zip or a folder of CSV files.

Files as people make them: CSV from a French Excel (`;`, Windows-1252), a UTF-8 BOM,
empty rows, spreadsheet date and number cells. No checking of the content here: the
importer checks every value against the schema.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from concerto.nomenclatures.models import normalize_label

from .schema import unescape_formula

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Bounds of what an import reads, so that no file can exhaust the server's memory.

    Far above any real association's history (bench: 10 years, ~15,000 rows), far below what
    a 2-core server with a few GB can hold in memory while checking (peak measured under
    500 MB at these bounds: interchange/tests/test_upload_bombs.py, bench/bench_upload_bombs.py).
    """

    uncompressed_bytes: int = 100 * MB  # all sheets / CSV files together, once decompressed
    part_bytes: int = 20 * MB  # each other part of a workbook (workbook.xml, styles.xml…)
    rows: int = 100_000  # per table
    columns: int = 200  # per row (the widest table has fewer than 50)
    cells: int = 1_000_000  # all tables together, empty cells in between included
    cell_chars: int = 32_767  # Excel's own bound for one cell
    line_chars: int = 1_000_000  # one CSV line


def limits() -> Limits:
    return Limits(**getattr(settings, "INTERCHANGE_READ_LIMITS", {}))


def _n(number: int) -> str:
    """A count written the French way (2 000 000)."""
    return f"{number:,}".replace(",", "\u202f")


def _mb(size: int) -> str:
    return f"{size / MB:.0f} Mo" if size >= MB else f"{size / 1024:.0f} Ko"


class UnreadableFile(Exception):
    """The file cannot be read at all (message in French)."""


@dataclass
class RawSheet:
    name: str  # as written in the file (sheet or CSV file name)
    header: list[str]
    rows: list[tuple[int, list]] = field(default_factory=list)  # (row number as the user sees it, cells)
    notice: str = ""  # e.g. the encoding a CSV file was converted from, shown as a warning


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


class _Budget:
    """Counts what a file makes the reader hold, and refuses it past the limits."""

    def __init__(self, bounds: Limits) -> None:
        self.limits = bounds
        self.cells = 0

    def row(self, where: str, rows_so_far: int, cells: list) -> None:
        bounds = self.limits
        if len(cells) > bounds.columns:
            raise UnreadableFile(f"{where} : {len(cells)} colonnes, au plus {bounds.columns} sont acceptées.")
        if rows_so_far >= bounds.rows:
            raise UnreadableFile(f"{where} : plus de {_n(bounds.rows)} lignes dans une table, refusé "
                                 "(découpez le fichier).")
        self.cells += len(cells)
        if self.cells > bounds.cells:
            raise UnreadableFile(f"{where} : le fichier dépasse {_n(bounds.cells)} cellules, refusé "
                                 "(découpez-le en plusieurs imports).")
        for position, cell in enumerate(cells):
            if isinstance(cell, str):
                if len(cell) > bounds.cell_chars:
                    raise UnreadableFile(f"{where}, colonne n° {position + 1} : cellule de {_n(len(cell))} "
                                         f"caractères, au plus {_n(bounds.cell_chars)}.")
                if "\x00" in cell:
                    raise UnreadableFile(f"{where}, colonne n° {position + 1} : la cellule contient un caractère "
                                         "nul (octet 0), refusé. Retirez-le du fichier (il provient souvent "
                                         "d'un export mal converti).")


# --- CSV: encodings ------------------------------------------------------------------------

# Letters of French text: the right decoding of a file shows them where they belong (a
# lowercase accent inside a word, a capital one at its start) and few odd signs.
_LOWER = set("àâäçéèêëîïôöùûüÿœæ")
_UPPER = set("ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŒÆ")
_SIGNS = set("«»’€°®©™")  # ® in « Tramadol® » (a newsletter subject)
_PLAIN = set("\t\r\n")


def _score(text: str) -> int:
    """How French a decoded run of text (with a letter of context each side) looks."""
    score = 0
    for index, c in enumerate(text):
        if c in _LOWER:
            score += 2
        elif c in _SIGNS:
            score += 1
        elif c in _UPPER:
            inside = index > 0 and text[index - 1].isalpha() and text[index + 1: index + 2].islower()
            score += -2 if inside else 1
        elif ord(c) >= 0x80 or (ord(c) < 0x20 and c not in _PLAIN):
            score -= 3
    return score


ENCODING_NAMES = {"cp1252": "Windows-1252 (Excel français)", "mac_roman": "Mac Roman (ancien Excel Mac)",
                  "utf-16": "UTF-16 (Excel « texte Unicode »)"}


_SUSPECT = re.compile(rb"[A-Za-z]?[\x00-\x08\x0b\x0c\x0e-\x1f\x80-\xff]+[A-Za-z]?")
_EIGHT_BIT = ("cp1252", "mac_roman")


class _Detector:
    """Fed the bytes of a CSV file chunk by chunk, tells its encoding (see detect_encoding)."""

    def __init__(self) -> None:
        self.sample = b""
        self.utf8 = codecs.getincrementaldecoder("utf-8")()
        self.utf8_ok = True
        self.scores = dict.fromkeys(_EIGHT_BIT, 0)

    def feed(self, chunk: bytes) -> None:
        if not self.sample:
            self.sample = chunk[:4000]
        if self.utf8_ok:
            try:
                self.utf8.decode(chunk)
            except UnicodeDecodeError:
                self.utf8_ok = False
        for run in _SUSPECT.findall(chunk):
            for codec in list(self.scores):
                try:
                    self.scores[codec] += _score(run.decode(codec))
                except UnicodeDecodeError:
                    del self.scores[codec]  # a byte this encoding does not have

    def utf16(self) -> str | None:
        head = self.sample
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        if len(head) >= 4 and head.count(0) >= len(head) // 3:
            # No BOM but every other byte zero: UTF-16 all the same.
            return "utf-16-le" if head[1::2].count(0) >= head[0::2].count(0) else "utf-16-be"
        return None

    def result(self) -> tuple[str, str]:
        if self.utf8_ok:
            try:
                self.utf8.decode(b"", final=True)
                return "utf-8-sig", ""
            except UnicodeDecodeError:
                pass
        if self.scores:
            # Windows-1252 wins a tie: French Excel writes it.
            score, codec = max((score, -_EIGHT_BIT.index(codec), codec) for codec, score in self.scores.items())[::2]
            if score > 0:
                return codec, _notice(codec)
        raise UnreadableFile("Encodage du fichier non reconnu (ni UTF-8, ni UTF-16, ni Windows-1252, ni Mac "
                             "Roman) : enregistrez-le depuis votre tableur en « CSV UTF-8 ».")


def detect_encoding(data: bytes) -> tuple[str, str]:
    """(Python codec, French notice or "") of the bytes of a CSV file; UnreadableFile when none fits.

    UTF-8 (with or without BOM) is read silently. UTF-16 (Excel's « texte Unicode », with its
    BOM, or recognised by its zero bytes) and the 8-bit encodings of Windows and old Macs
    (told apart by which gives French letters rather than odd signs) are converted with a
    notice, so that the user checks the accents; anything else is refused, never imported
    as mojibake.
    """
    detector = _Detector()
    detector.feed(data)
    return _detected(detector, lambda: None)


def _detected(detector: _Detector, feed_rest) -> tuple[str, str]:
    utf16 = detector.utf16()
    if utf16:
        return utf16, _notice("utf-16")
    feed_rest()
    return detector.result()


def _notice(codec: str) -> str:
    return (f"converti depuis l'encodage {ENCODING_NAMES[codec]} : vérifiez les accents dans l'aperçu. "
            "Pour l'éviter, enregistrez en « CSV UTF-8 ».")


def decode_csv(data: bytes) -> str:
    """The text of CSV bytes in whichever encoding detect_encoding finds."""
    codec, _ = detect_encoding(data)
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise UnreadableFile(f"Le fichier n'est pas lisible en {ENCODING_NAMES.get(codec, codec)} "
                             f"(octet n° {error.start + 1}).") from error


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


def _bounded_lines(stream, name: str, bounds: Limits):
    """Lines of a text stream, refusing any longer than the limit (a file without line ends)."""
    number = 0
    while True:
        line = stream.readline(bounds.line_chars + 1)
        if not line:
            return
        number += 1
        if len(line) > bounds.line_chars:
            raise UnreadableFile(f"Fichier {name}, ligne {number} : ligne de plus de {_n(bounds.line_chars)} "
                                 "caractères, refusée.")
        yield line


def read_csv_stream(name: str, open_binary, budget: _Budget | None = None) -> RawSheet:
    """One CSV file read as a stream; `open_binary()` opens it (called twice: detection, then reading).

    Each cell is read back without the apostrophe the exporter adds before a formula-like
    value (schema.escape_formula).
    """
    budget = budget or _Budget(limits())
    bounds = budget.limits
    with open_binary() as raw:
        codec, notice = _detect_streaming(raw)
    where_file = f"Fichier {name}"
    sheet = RawSheet(name=name, header=[], notice=notice)
    csv.field_size_limit(bounds.line_chars + 1)
    with open_binary() as raw:
        text = io.TextIOWrapper(raw, encoding=codec, newline="")
        lines = _bounded_lines(text, name, bounds)
        try:
            first = next(lines, "")
            delimiter = _sniff_delimiter(first.lstrip("\ufeff"))
            reader = csv.reader(_chain(first.lstrip("\ufeff"), lines), delimiter=delimiter)
            header: list[str] | None = None
            for record in reader:
                number = reader.line_num
                cells = [unescape_formula(c.strip()) for c in record]
                budget.row(f"{where_file}, ligne {number}", len(sheet.rows), cells)
                if header is None:
                    if _is_empty(cells):
                        continue
                    header = cells
                    sheet.header = header
                    continue
                if not _is_empty(cells):
                    sheet.rows.append((number, cells))
        except UnicodeDecodeError as error:
            raise UnreadableFile(f"{where_file} : octets illisibles en {ENCODING_NAMES.get(codec, codec)} "
                                 f"vers la ligne {len(sheet.rows) + 2}.") from error
        except csv.Error as error:
            raise UnreadableFile(f"{where_file}, ligne {reader.line_num} : CSV mal formé ({error}).") from error
    return sheet


def _chain(first: str, rest):
    if first:
        yield first
    yield from rest


def _detect_streaming(raw) -> tuple[str, str]:
    """detect_encoding over a binary stream, read in chunks (the whole file: a byte that is not
    UTF-8 may come late)."""
    detector = _Detector()
    detector.feed(raw.read(MB))

    def feed_rest() -> None:
        while chunk := raw.read(MB):
            detector.feed(chunk)

    return _detected(detector, feed_rest)


def read_csv_text(name: str, text: str) -> RawSheet:
    """A CSV file already decoded (tests, small files)."""
    data = text.encode("utf-8")
    return read_csv_stream(name, lambda: io.BytesIO(data))


def read_xlsx(source) -> list[RawSheet]:
    """Fast path (streaming XML) first; openpyxl for any workbook the fast path does not understand.

    Both read within the limits: the parts' sizes once decompressed are checked before any is
    read, rows and cells are counted as they are parsed.
    """
    archive = _open_workbook_archive(source)
    with archive:
        _check_workbook_sizes(archive, limits())
    try:
        return _read_xlsx_fast(source)
    except UnreadableFile:
        raise
    except Exception:
        return _read_xlsx_openpyxl(source)


def _open_workbook_archive(source) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        raise UnreadableFile("Le classeur ne peut pas être lu (ce n'est pas un fichier .xlsx).") from error


def _check_workbook_sizes(archive: zipfile.ZipFile, bounds: Limits) -> None:
    """Refuse a workbook whose parts are too big once decompressed (a « zip bomb »)."""
    total = 0
    for info in archive.infolist():
        name = info.filename
        if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml":
            total += info.file_size
            if total > bounds.uncompressed_bytes:
                raise UnreadableFile(
                    f"Classeur trop volumineux une fois décompressé (partie « {name} » : {_mb(info.file_size)}) : "
                    f"au plus {_mb(bounds.uncompressed_bytes)} de feuilles et de textes."
                )
        elif info.file_size > bounds.part_bytes:
            raise UnreadableFile(f"Classeur refusé : sa partie « {name} » fait {_mb(info.file_size)} une fois "
                                 f"décompressée (au plus {_mb(bounds.part_bytes)}).")


def _read_xlsx_openpyxl(source) -> list[RawSheet]:
    from openpyxl import load_workbook

    budget = _Budget(limits())
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors on a bad file
        raise UnreadableFile(f"Le classeur ne peut pas être lu ({error.__class__.__name__}).") from error
    try:
        sheets = []
        for ws in workbook.worksheets:
            # The declared dimension first: openpyxl would pad every row up to it.
            if (ws.max_column or 0) > budget.limits.columns or (ws.max_row or 0) > 1_048_576:
                raise UnreadableFile(f"Onglet {ws.title} : dimensions {ws.max_row} lignes × {ws.max_column} "
                                     f"colonnes, au plus {budget.limits.columns} colonnes.")
            rows = ((number, [_cell(v) for v in values])
                    for number, values in enumerate(ws.iter_rows(values_only=True), start=1))
            sheets.append(_sheet(ws.title, rows, budget))
        return sheets
    except UnreadableFile:
        raise
    except Exception as error:
        raise UnreadableFile(f"Le classeur ne peut pas être lu ({error.__class__.__name__}).") from error
    finally:
        workbook.close()


def _sheet(name: str, rows, budget: _Budget) -> RawSheet:
    """A sheet from its (number, cells) rows: first non-empty row is the header; empty rows dropped."""
    sheet = RawSheet(name=name, header=[])
    header = None
    for number, cells in rows:
        if _is_empty(cells):
            continue
        while cells and cells[-1] == "":
            cells.pop()
        budget.row(f"Onglet {name}, ligne {number}", len(sheet.rows), cells)
        if header is None:
            header = [str(c) for c in cells]
            sheet.header = header
            continue
        sheet.rows.append((number, cells))
    return sheet


# --- Streaming reader of the sheet XML (openpyxl parses inline strings very slowly) ---------

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MAX_EXCEL_ROW = 1_048_576


def _column_index(ref: str) -> int:
    """0-based column of a cell reference (« C12 » → 2); letters beyond Excel's XFD are refused."""
    index = 0
    for position, char in enumerate(ref):
        if char.isdigit():
            break
        if position >= 3 or not ("A" <= char.upper() <= "Z"):
            return -1
        index = index * 26 + (ord(char.upper()) - 64)
    return index - 1


def _text_of(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{_NS}t"))


def _read_xlsx_fast(source) -> list[RawSheet]:
    from lxml import etree
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

    budget = _Budget(limits())
    archive = _open_workbook_archive(source)
    with archive:
        _check_workbook_sizes(archive, budget.limits)
        names = set(archive.namelist())
        workbook = etree.fromstring(archive.read("xl/workbook.xml"))
        pr = workbook.find(f"{_NS}workbookPr")
        epoch = CALENDAR_MAC_1904 if pr is not None and pr.get("date1904") in ("1", "true") else CALENDAR_WINDOWS_1900
        rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        shared: list[str] = []
        if "xl/sharedStrings.xml" in names:
            _count_shared_strings(archive.open("xl/sharedStrings.xml"), budget.limits)
            shared = _shared_strings(archive.open("xl/sharedStrings.xml"), budget)
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
            name = element.get("name")
            rows = _fast_rows(archive.open(path), name, shared, date_styles, epoch, from_excel, budget.limits)
            sheets.append(_sheet(name, rows, budget))
        return sheets


def _count_shared_strings(stream, bounds: Limits) -> None:
    """Refuse too many shared strings before parsing any (counting bytes is fast, parsing is not)."""
    count, tail = 0, b""
    while chunk := stream.read(MB):
        data = tail + chunk
        count += data.count(b"<si>") + data.count(b"<si ")
        tail = data[-3:]
        count -= tail.count(b"<si>") + tail.count(b"<si ")  # counted again with the next chunk
        if count > bounds.cells:
            raise UnreadableFile(f"Classeur refusé : plus de {_n(bounds.cells)} textes partagés (sharedStrings).")


def _shared_strings(stream, budget: _Budget) -> list[str]:
    """The workbook's shared strings, streamed and counted (a huge table is refused, not loaded)."""
    from lxml import etree

    shared: list[str] = []
    bound = budget.limits.cells
    for _, si in etree.iterparse(stream, tag=f"{_NS}si"):
        if len(shared) >= bound:
            raise UnreadableFile(f"Classeur refusé : plus de {_n(bound)} textes partagés (sharedStrings).")
        shared.append(_text_of(si))
        si.clear()
        while si.getprevious() is not None:  # free the siblings already read
            del si.getparent()[0]
    return shared


def _fast_rows(stream, sheet_name, shared, date_styles, epoch, from_excel, bounds: Limits):
    from lxml import etree

    expected = 1
    for _, row in etree.iterparse(stream, tag=f"{_NS}row"):
        number = int(row.get("r") or expected)
        if number < 1 or number > MAX_EXCEL_ROW:
            raise UnreadableFile(f"Onglet {sheet_name} : numéro de ligne {number} hors des limites d'un classeur.")
        cells: list = []
        for c in row.iter(f"{_NS}c"):
            ref = c.get("r")
            position = _column_index(ref) if ref else len(cells)
            if position < 0 or position >= bounds.columns:
                shown = (ref or "")[:20]
                raise UnreadableFile(f"Onglet {sheet_name}, ligne {number} : cellule « {shown} » hors limites "
                                     f"(au plus {bounds.columns} colonnes).")
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
        while row.getprevious() is not None:
            del row.getparent()[0]
        expected = number + 1
        yield number, cells


def _csv_members(archive: zipfile.ZipFile, bounds: Limits) -> list[zipfile.ZipInfo]:
    members = [i for i in archive.infolist() if not i.is_dir() and i.filename.lower().endswith(".csv")]
    total = 0
    for info in members:
        total += info.file_size
        if total > bounds.uncompressed_bytes:
            raise UnreadableFile(f"L'archive est trop volumineuse une fois décompressée (« {info.filename} » : "
                                 f"{_mb(info.file_size)}) : au plus {_mb(bounds.uncompressed_bytes)} de fichiers CSV.")
    return [i for i in members if not Path(i.filename).name.startswith((".", "__"))]


def read_zip(path: Path) -> list[RawSheet]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise UnreadableFile("L'archive .zip ne peut pas être lue.") from error
    budget = _Budget(limits())
    with archive:
        members = _csv_members(archive, budget.limits)
        try:
            return [read_csv_stream(Path(i.filename).stem, lambda i=i: archive.open(i), budget) for i in members]
        except zipfile.BadZipFile as error:
            raise UnreadableFile(f"L'archive .zip est abîmée ({error}).") from error


def _check_file_size(paths: list[Path], bounds: Limits) -> None:
    total = 0
    for path in paths:
        total += path.stat().st_size
        if total > bounds.uncompressed_bytes:
            raise UnreadableFile(f"Fichiers CSV trop volumineux (« {path.name} ») : au plus "
                                 f"{_mb(bounds.uncompressed_bytes)} en tout.")


def read_source(path: str | Path) -> list[RawSheet]:
    """The sheets of an .xlsx, a .zip of CSV files, a folder of CSV files or one CSV file."""
    path = Path(path)
    budget = _Budget(limits())
    if path.is_dir():
        files = sorted(path.glob("*.csv"))
        _check_file_size(files, budget.limits)
        return [read_csv_stream(p.stem, lambda p=p: p.open("rb"), budget) for p in files]
    if not path.exists():
        raise UnreadableFile(f"Fichier introuvable : {path}")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    if suffix == ".zip":
        return read_zip(path)
    if suffix == ".csv":
        _check_file_size([path], budget.limits)
        return [read_csv_stream(path.stem, lambda: path.open("rb"), budget)]
    raise UnreadableFile(
        f"Format non reconnu « {path.suffix or path.name} » : déposez un classeur .xlsx, "
        "une archive .zip de fichiers CSV ou un fichier .csv."
    )
