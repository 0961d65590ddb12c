"""Reading the tables of the catalog and entry imports: pure functions, no database.

The file itself is read by pegawai.simpeg (CSV or XLSX, UTF-8 or Windows-1252, title rows above
the header, the delimiter chosen by the columns it finds); here a header row is mapped to column
keys through aliases, and cells are parsed into times, dates, moments and whole numbers. Values
that are already Python objects (the demo and the benchmark hand rows over without a file) pass
through the same functions untouched, so both ways in are checked alike.
"""

import re
from collections.abc import Iterable
from datetime import date, datetime, time

from django.utils.translation import gettext as _

from pegawai.simpeg import FileError, cell_text, parse_date, read_table

__all__ = [
    "FileError",
    "Kolom",
    "cell_text",
    "parse_date",
    "parse_int",
    "parse_moment",
    "parse_time",
]


def header_text(value) -> str:
    """A header cell as compared with the aliases: case, dots, underscores and spaces aside."""
    return " ".join(str(value or "").replace(".", " ").replace("_", " ").split()).upper()


class Kolom:
    """The columns an import reads: key -> header aliases, the first alias being the name
    messages use. Each key, written as a header (nip_pemutus as NIP PEMUTUS), is an alias too,
    so rows handed over as dicts may use either."""

    def __init__(
        self,
        aliases: dict[str, tuple[str, ...]],
        *,
        required: Iterable[str],
        header: Iterable[str],
    ):
        self.aliases = aliases
        self.required = tuple(required)
        self.header = frozenset(header)  # the columns that make a row the header row
        self._by_alias = {header_text(a): key for key, names in aliases.items() for a in names}
        self._by_alias.update({header_text(key): key for key in aliases})

    def key(self, cell) -> str | None:
        return self._by_alias.get(header_text(cell))

    def name(self, key: str) -> str:
        return self.aliases[key][0]

    def find_header(self, rows: list[list]) -> int | None:
        """The index of the first row that names the header columns (title rows above it)."""
        for index, cells in enumerate(rows):
            if self.header <= {self.key(cell) for cell in cells}:
                return index
        return None

    def table(self, source, *, filename: str = "", encoding: str | None = None) -> list[list]:
        """The rows of a file (bytes, text or an open file) with its title rows, or of rows
        handed over in Python: dicts keyed by column (header or key), or sequences in the
        order of the columns. Python rows get a header row of their own, as line 1."""
        if hasattr(source, "read"):
            source = source.read()
        if isinstance(source, bytes | str):
            return read_table(source, filename=filename, encoding=encoding, header=self.find_header)
        rows = iter(source)
        first = next(rows, None)
        if first is None:
            return [[self.name(k) for k in self.aliases]]
        if isinstance(first, dict):
            header = list(first)
            table = [header, [first[k] for k in header]]
            table.extend([row.get(k) for k in header] for row in rows)
            return table
        return [[self.name(k) for k in self.aliases], first, *rows]

    def map_header(self, cells: list) -> tuple[dict[str, int], dict[str, str], list[str]]:
        """(key -> position, key -> header as written, problems) for a header row."""
        position: dict[str, int] = {}
        label: dict[str, str] = {}
        problems = []
        for index, cell in enumerate(cells):
            key = self.key(cell)
            if key is None:
                continue  # NO, NAMA PEGAWAI and the like: not read
            if key in position:
                problems.append(
                    _("Kolom %(a)s dan %(b)s berarti sama; hapus salah satu.")
                    % {"a": label[key], "b": cell_text(cell)}
                )
                continue
            position[key], label[key] = index, cell_text(cell)
        missing = [self.name(k) for k in self.required if k not in position]
        if missing:
            problems.append(
                _("Kolom wajib tidak ada di baris header: %(kolom)s.")
                % {"kolom": ", ".join(missing)}
            )
        return position, label, problems


def rows_below(table: list[list], header: int, position: dict[str, int]):
    """(line number as a spreadsheet shows it, {key: cell}) for each non-blank row under the
    header."""
    for index in range(header + 1, len(table)):
        cells = table[index]
        values = {k: cells[i] if i < len(cells) else None for k, i in position.items()}
        if any(cell_text(v) for v in values.values()):
            yield index + 1, values


# Cells -----------------------------------------------------------------------------------------

_JAM = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?$")
_MOMENT_FORMATS = (
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
)


def parse_time(value) -> time | None:
    """A time of day to the minute: a time, an XLSX time (a fraction of a day), or text such
    as 08:30, 8.30 or 08:30:00. None when empty; ValueError when not a time."""
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, float) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        if minutes < 24 * 60:
            return time(minutes // 60, minutes % 60)
        raise ValueError(value)
    text = cell_text(value)
    if not text:
        return None
    match = _JAM.match(text)
    if match is None:
        raise ValueError(text)
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        raise ValueError(text)
    return time(hour, minute)


def parse_moment(value) -> datetime | None:
    """A date with a time (naive, local): a datetime, a date (midnight), or text in a usual
    Indonesian or ISO form. None when empty; ValueError when not a moment."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    text = cell_text(value)
    if not text:
        return None
    for fmt in _MOMENT_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    day = parse_date(text)  # a date alone: the decision's day without its hour
    return datetime.combine(day, time())


def parse_int(value) -> int | None:
    """A whole number: an int, a whole float from XLSX, or digits. None when empty."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(value)
    text = cell_text(value)
    if not text:
        return None
    if text.lstrip("-").isdigit():
        return int(text)
    raise ValueError(text)


def split_list(text: str, separators: str) -> list[str]:
    """A cell holding several values: split on any of `separators`, blanks dropped."""
    parts = re.split("[" + re.escape(separators) + "]", text)
    return [" ".join(p.split()) for p in parts if p.strip()]
