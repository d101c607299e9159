"""Hostile upload files, small on disk, built on the fly (tests and bench/bench_upload_bombs.py).

Each returns the path written. Sizes are chosen beyond interchange.reader.Limits.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

MB = 1024 * 1024
PERSON_LINE = b"P-0001,Durand,Claire,Pharmaciens,,,,,,\r\n"
PERSON_HEADER = (b"id_personne,nom,prenom,categorie,profession,structure,email,telephone,premiere_participation,"
                 b"fonction_coordination\r\n")


def _repeat(line: bytes, size: int) -> Iterator[bytes]:
    chunk = line * (MB // len(line))
    written = 0
    while written < size:
        yield chunk
        written += len(chunk)


def _zip_member(archive: zipfile.ZipFile, name: str, chunks) -> None:
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=True) as member:
        for chunk in chunks:
            member.write(chunk)


def zip_of_huge_csv(path: Path, size: int = 150 * MB) -> Path:
    """The probe's first bomb: under 1 MB of .zip holding a CSV of 150 MB (the probe's: 290 MB)."""
    with zipfile.ZipFile(path, "w", compresslevel=9) as archive:
        _zip_member(archive, "personnes.csv", [PERSON_HEADER, *_repeat(PERSON_LINE, size)])
    return path


def zip_of_many_rows(path: Path, size: int = 8 * MB) -> Path:
    """Within the size bound, but millions of rows: refused while streaming, at the row bound."""
    with zipfile.ZipFile(path, "w", compresslevel=9) as archive:
        _zip_member(archive, "presences.csv", [b"id_reunion,id_personne,present\r\n",
                                              *_repeat(b"R1,P1,oui\r\n", size)])
    return path


def csv_single_line(path: Path, size: int = 4 * MB) -> Path:
    """A CSV file with no line end: one line of MB."""
    with path.open("wb") as out:
        out.write(b"structure,type\r\n")
        for chunk in _repeat(b"x", size):
            out.write(chunk)
    return path


_CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                  b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                  b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
                  b'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                  b'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
                  b'"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override '
                  b'PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                  b'spreadsheetml.sharedStrings+xml"/></Types>')
_ROOT_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
              b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
              b'2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
             b'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
             b'<sheets><sheet name="personnes" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                  b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                  b'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship '
                  b'Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"'
                  b' Target="sharedStrings.xml"/></Relationships>')
_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _workbook(path: Path, sheet: Callable[[], Iterator[bytes]], strings: Callable[[], Iterator[bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", compresslevel=9) as archive:
        for name, data in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _ROOT_RELS),
                           ("xl/workbook.xml", _WORKBOOK), ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)):
            archive.writestr(name, data)
        _zip_member(archive, "xl/worksheets/sheet1.xml", sheet())
        _zip_member(archive, "xl/sharedStrings.xml", strings())
    return path


def _header_sheet(extra: bytes = b"") -> Iterator[bytes]:
    yield (b'<?xml version="1.0" encoding="UTF-8"?><worksheet ' + _NS + b'><sheetData>'
           b'<row r="1"><c r="A1" t="inlineStr"><is><t>id_personne</t></is></c>'
           b'<c r="B1" t="inlineStr"><is><t>categorie</t></is></c></row>' + extra + b'</sheetData></worksheet>')


def _strings(size: int) -> Iterator[bytes]:
    yield b'<?xml version="1.0" encoding="UTF-8"?><sst ' + _NS + b'>'
    yield from _repeat(b"<si><t>Pharmaciens</t></si>", size)
    yield b"</sst>"


def xlsx_huge_shared_strings(path: Path, size: int = 150 * MB) -> Path:
    """The probe's second bomb: a small workbook whose sharedStrings part is 150 MB."""
    return _workbook(path, _header_sheet, lambda: _strings(size))


def xlsx_many_shared_strings(path: Path, size: int = 32 * MB) -> Path:
    """Within the size bound, but millions of shared strings: refused while streaming, at the cell bound."""
    return _workbook(path, _header_sheet, lambda: _strings(size))


def xlsx_far_cell(path: Path, ref: bytes = b"ZZZZZZZZ2") -> Path:
    """The probe's third bomb: one cell at a column reference no sheet has."""
    cell = b'<row r="2"><c r="' + ref + b'" t="inlineStr"><is><t>x</t></is></c></row>'
    return _workbook(path, lambda: _header_sheet(cell), lambda: iter([b'<sst ' + _NS + b'/>']))


def xlsx_far_row(path: Path) -> Path:
    """A row number beyond any sheet's (a billion empty rows before it)."""
    cell = b'<row r="1000000000"><c r="A1000000000" t="inlineStr"><is><t>x</t></is></c></row>'
    return _workbook(path, lambda: _header_sheet(cell), lambda: iter([b'<sst ' + _NS + b'/>']))


BOMBS: dict[str, tuple[Callable[[Path], Path], str]] = {
    # name: (builder, file name)
    "zip-of-huge-csv": (zip_of_huge_csv, "bombe.zip"),
    "zip-of-many-rows": (zip_of_many_rows, "lignes.zip"),
    "csv-one-long-line": (csv_single_line, "structures.csv"),
    "xlsx-huge-sharedStrings": (xlsx_huge_shared_strings, "partage.xlsx"),
    "xlsx-many-sharedStrings": (xlsx_many_shared_strings, "textes.xlsx"),
    "xlsx-cell-ZZZZZZZZ2": (xlsx_far_cell, "colonne.xlsx"),
    "xlsx-row-1e9": (xlsx_far_row, "ligne.xlsx"),
}


def sizes(path: Path) -> tuple[int, int]:
    """(bytes on disk, bytes once decompressed) of a file."""
    if path.suffix in (".zip", ".xlsx"):
        with zipfile.ZipFile(path) as archive:
            return path.stat().st_size, sum(i.file_size for i in archive.infolist())
    return path.stat().st_size, path.stat().st_size

