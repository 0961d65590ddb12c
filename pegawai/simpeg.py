"""Reading SIMPEG staff exports (CSV or XLSX): pure functions, no database.

A file comes back as its rows of cell values, title rows and all; the header row is the first
that names both NIP and NAMA, and header aliases map each column to a key of COLUMNS. Cells are
normalised here (text, names, NIPs, numbers kept as text, dates, golongan spelling); whether the
values fit the database is checked by importer.py.
"""

import csv
import io
import re
from datetime import date, datetime

from django.utils.translation import gettext as _

# Reading ---------------------------------------------------------------------------------------

COLUMNS = {  # key: header aliases; the first is what messages call the column when it is absent
    "nip": ("NIP", "NIP BARU", "NI PPPK", "NIP/NI PPPK"),
    "nama": ("NAMA", "NAMA PEGAWAI", "NAMA LENGKAP"),
    "gelar_depan": ("GELAR DEPAN",),
    "gelar_belakang": ("GELAR BELAKANG",),
    "golongan": ("GOL", "GOLONGAN", "GOL/RUANG", "GOLONGAN/RUANG", "GOL RUANG"),
    "jenis_asn": ("JENIS ASN", "STATUS", "STATUS ASN", "STATUS PEGAWAI", "JENIS PEGAWAI"),
    "jabatan": ("JABATAN", "NAMA JABATAN"),
    "unit": ("UNIT KERJA", "UNIT", "UNOR", "NAMA UNIT KERJA"),
    "pin_absen": ("PIN ABSEN", "PIN", "PIN MESIN ABSEN", "ID ABSEN"),
    "kelas": ("KELAS", "KELAS JABATAN"),
    "jenis_jabatan": ("JENIS JABATAN",),
    "eselon": ("ESELON",),
    "kode_unit": ("KODE UNIT", "KODE UNIT KERJA", "KODE UNOR"),
    "unit_induk": ("UNIT INDUK", "INDUK UNIT"),
    "kode_unit_induk": ("KODE UNIT INDUK", "KODE INDUK"),
    "atasan_jabatan": ("ATASAN JABATAN", "JABATAN ATASAN"),
    "tmt": ("TMT", "AKTIF MULAI", "TMT AKTIF"),
    "npwp": ("NPWP",),
    "bank": ("BANK", "NAMA BANK"),
    "nomor_rekening": ("NO REKENING", "NOMOR REKENING", "REKENING", "NO REK"),
    "email": ("EMAIL", "E-MAIL", "SUREL"),
}
REQUIRED = ("nip", "nama", "golongan", "jenis_asn", "jabatan", "unit")
_DELIMITERS = (";", ",", "\t")
_SCIENTIFIC = re.compile(r"^\d(?:[.,]\d+)?[eE][+-]?\d+$")


def _header_text(value) -> str:
    return " ".join(str(value or "").replace(".", " ").replace("_", " ").split()).upper()


_ALIASES = {_header_text(alias): key for key, aliases in COLUMNS.items() for alias in aliases}


def column_key(cell) -> str | None:
    """The COLUMNS key a header cell names, or None for columns the import does not read."""
    return _ALIASES.get(_header_text(cell))


class FileError(Exception):
    """The file as a whole cannot be read."""


def read_table(
    data: bytes | str, *, filename: str, encoding: str | None, header=None
) -> list[list]:
    """The file's rows as lists of cell values, title rows and all.

    `header` finds the header row in a list of rows (default: find_header, the staff export's);
    other imports pass their own so that the CSV delimiter is chosen by their columns.
    """
    name = filename.lower()
    if name.endswith(".xls"):
        raise FileError(_("Format .xls lama tidak didukung; simpan ulang sebagai .xlsx atau CSV."))
    if isinstance(data, bytes) and (name.endswith(".xlsx") or data[:4] == b"PK\x03\x04"):
        return _read_xlsx(data)
    text = data if isinstance(data, str) else _decode(data, encoding)
    return _read_csv(text, header or find_header)


def _decode(data: bytes, encoding: str | None) -> str:
    # SIMPEG exports are UTF-8 (often with a BOM); Excel on Windows saves CSV as Windows-1252.
    for candidate in [encoding] if encoding else ["utf-8-sig", "cp1252"]:
        try:
            return data.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
    raise FileError(
        _("Berkas tidak dapat dibaca sebagai %(enc)s; simpan ulang sebagai CSV UTF-8.")
        % {"enc": encoding or "UTF-8 / Windows-1252"}
    )


def _read_csv(text: str, header) -> list[list]:
    if "\x00" in text:  # PostgreSQL text cannot hold NUL: refused here, not by the write
        baris = len(text[: text.index("\x00") + 1].splitlines())
        raise FileError(
            _("Berkas memuat karakter NUL di baris %(baris)d; simpan ulang sebagai CSV UTF-8.")
            % {"baris": baris}
        )
    # The delimiter is the one that turns some early row into a header (for staff: with NIP and
    # NAMA); counting characters alone is fooled by commas inside unit names.
    head = "\n".join(text.splitlines()[:50])
    try:  # a cell over the csv module's field limit breaks the first 50 lines too
        delimiter = next(
            (
                d
                for d in _DELIMITERS
                if header(list(csv.reader(io.StringIO(head), delimiter=d))) is not None
            ),
            max(_DELIMITERS, key=head.count),
        )
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise FileError(_("Berkas CSV rusak: %(err)s") % {"err": exc}) from None


def _read_xlsx(data: bytes) -> list[list]:
    import openpyxl

    # openpyxl reports a damaged workbook with whatever its reader trips on: BadZipFile,
    # zlib.error, an XML ParseError, KeyError, TypeError, IndexError (no sheet),
    # NotImplementedError (a zip flag), ... Each means the same to the person who uploaded it.
    # Read-only mode parses a sheet while its rows are read, so that is inside the try too.
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.active or book.worksheets[0]
            return [list(row) for row in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
    except Exception:
        raise FileError(_("Berkas XLSX tidak dapat dibuka; simpan ulang dari Excel.")) from None


def find_header(rows: list[list]) -> int | None:
    """The index of the first row that names both NIP and NAMA, below any title rows."""
    for index, cells in enumerate(rows):
        keys = {column_key(cell) for cell in cells}
        if "nip" in keys and "nama" in keys:
            return index
    return None


# Cell values ------------------------------------------------------------------------------------

_JENIS_ASN = {"PNS": "PNS", "CPNS": "CPNS", "PPPK": "PPPK", "P3K": "PPPK"}
_GOLONGAN_PARTS = re.compile(r"^([IVX]+)\s*[/\-. ]?\s*([A-E])$")
_DATE_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d")


def cell_text(value) -> str:
    """A cell as text, whitespace normalised; whole-number floats from XLSX without the .0."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(str(value).split())


def name_key(text: str) -> str:
    """How names are compared: case and spacing do not matter."""
    return " ".join(text.split()).casefold()


def nip_text(value) -> str:
    # str() of a float never rounds: 1.98609262015051e+17 stays visibly damaged.
    return "" if value is None else str(value)


def identifier(value) -> str:
    """A number kept as text (PIN, NPWP, account): refused once a spreadsheet made it a float."""
    text = cell_text(value).lstrip("'").strip()
    if _SCIENTIFIC.match(text):
        raise ValueError(
            _(
                "%(nilai)s rusak oleh program spreadsheet (ditulis sebagai angka ilmiah, digit "
                "terakhir hilang); ekspor ulang kolom ini sebagai teks"
            )
            % {"nilai": text}
        )
    return text


def parse_jenis_asn(text: str) -> str | None:
    """PNS, CPNS or PPPK however the cell spells it (P3K, P.P.P.K); None when unknown."""
    return _JENIS_ASN.get(text.upper().replace(" ", "").replace(".", ""))


def golongan_key(text: str) -> str:
    """A golongan as the upper-case choice it names: III b, III-B and iii/b are all III/B."""
    text = text.upper().strip()
    parts = _GOLONGAN_PARTS.match(text)
    if parts:
        text = f"{parts[1]}/{parts[2]}"
    return text.replace(" ", "")


def parse_date(value) -> date | None:
    """A date cell (XLSX date, or text in a usual Indonesian or ISO form); ValueError if not."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value).split(" ")[0]
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)
