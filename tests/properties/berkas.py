"""Hypothesis strategies for the files people hand the imports: random bytes and text, and real
files (the shared samples, the tests' own) with cells, rows and columns damaged, in another
delimiter or encoding, with a BOM, truncated, as XLSX with typed cells, or as a broken XLSX."""

import csv
import io
import zipfile
from datetime import datetime

import openpyxl
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# Larger than the csv module's field limit (131.072 characters).
SEL_RAKSASA = "x" * 140_000

# Cells that have broken an import somewhere, or nearly: spreadsheet damage, numbers too big,
# dates that do not exist or lie at the ends of the calendar, codes one step off, separators
# and quotes inside a cell, NUL, other digits than 0–9.
SEL_ANEH = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "-1",
            "1.98609E+17",
            "1,98609E+17",
            "198609262015051001",
            "19860926201505100",
            "1986092620150510011",
            "9" * 40,
            "1e400",
            "NaN",
            "inf",
            "-0",
            "٣٢",
            "²",
            "１２",
            "31-02-2026",
            "2026-13-01",
            "01-01-0001",
            "0001-01-01",
            "31-12-9999",
            "9999-12-31 23:59",
            "0001-01-01 00:00",
            "2026-03-02 25:00",
            "2026-03-02T08:00+07:00",
            "00:00",
            "24:00",
            "23:59",
            "8.30",
            "-08:00",
            "TL1+PSW2",
            "TL5",
            "TL1+TL2",
            "H",
            "tk",
            "disetujui",
            "draft",
            "III/b",
            "V/a",
            "IX",
            "PPPK",
            "\x00",
            "a\x00b",
            "'",
            '"',
            '";"',
            "\r\n",
            "\n",
            "\r",
            ";",
            ",",
            "\t",
            "=SUM(A1)",
            "x" * 400,
            "Ünïcødé ✓ 𝔘",
            "\ufeff",
            "\u2028",
        ]
    ),  # fmt: skip
    st.text(max_size=25),
    st.integers(-(10**25), 10**25).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)


def baca_csv(text: str, delimiter: str = ";") -> list[list[str]]:
    return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


@st.composite
def tabel_rusak(draw, base: list[list[str]], *, paling_banyak: int = 4) -> list[list[str]]:
    """The rows of `base` after up to `paling_banyak` kinds of damage."""
    rows = [list(r) for r in base]
    for _ in range(draw(st.integers(0, paling_banyak))):
        op = draw(
            st.sampled_from(
                ("sel", "sel", "sel", "kolom", "baris", "ganda", "acak", "tukar", "pendek", "judul")
            )
        )
        if not rows:
            rows.append([])
        i = draw(st.integers(0, len(rows) - 1))
        width = max(len(r) for r in rows) or 1
        j = draw(st.integers(0, width - 1))
        if op == "sel":
            rows[i] += [""] * (j + 1 - len(rows[i]))
            rows[i][j] = draw(SEL_ANEH)
        elif op == "kolom":  # a column missing
            for r in rows:
                del r[j : j + 1]
        elif op == "baris":
            del rows[i]
        elif op == "ganda":
            rows.insert(i, list(rows[i]))
        elif op == "acak":
            rows.insert(i, draw(st.lists(SEL_ANEH, max_size=width + 2)))
        elif op == "tukar":
            a, b = draw(st.integers(0, len(rows) - 1)), draw(st.integers(0, width - 1))
            rows[i] += [""] * (j + 1 - len(rows[i]))
            rows[a] += [""] * (b + 1 - len(rows[a]))
            rows[i][j], rows[a][b] = rows[a][b], rows[i][j]
        elif op == "pendek":
            rows[i] = rows[i][:j]
        else:
            rows.insert(0, [draw(SEL_ANEH)])
    if paling_banyak > 1 and draw(st.integers(0, 30)) == 0:
        i = draw(st.integers(0, len(rows))) if rows else 0
        rows.insert(i, [SEL_RAKSASA, "NIP", "NAMA", "KODE", "TANGGAL"])
    return rows


@st.composite
def sebagai_csv_wajar(draw, rows: list[list[str]]) -> bytes:
    """The rows as Excel or SIMPEG saves a CSV: semicolons or commas, UTF-8 (with or without a
    BOM) or Windows-1252, quoted where needed."""
    delimiter = draw(st.sampled_from((";", ",")))
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    encoding = draw(st.sampled_from(("utf-8", "utf-8-sig", "cp1252")))
    return out.getvalue().encode(encoding, errors="replace")


@st.composite
def sebagai_csv(draw, rows: list[list[str]]) -> bytes:
    """The rows as a CSV file as some program would save it, sometimes damaged after saving."""
    delimiter = draw(st.sampled_from((";", ",", "\t", "|")))
    newline = draw(st.sampled_from(("\r\n", "\n", "\r")))
    if draw(st.booleans()):
        out = io.StringIO(newline="")
        csv.writer(out, delimiter=delimiter, lineterminator=newline).writerows(rows)
        text = out.getvalue()
    else:  # joined by hand, quotes and all
        text = newline.join(delimiter.join(r) for r in rows) + newline
    encoding = draw(st.sampled_from(("utf-8", "utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16")))
    data = text.encode(encoding, errors="replace")
    return draw(rusak_byte(data))


@st.composite
def rusak_byte(draw, data: bytes, *, selalu: bool = False) -> bytes:
    """Sometimes (`selalu`: always) cut the file short, or put random bytes into it."""
    hows = ("potong", "sisip", "ganti") if selalu else ("utuh",) * 3 + ("potong", "sisip", "ganti")
    how = draw(st.sampled_from(hows))
    if how == "utuh" or not data:
        return data
    # A position drawn independently of the length: a workbook saved twice differs in its
    # timestamps, and a draw bounded by its length would make Hypothesis see a flaky strategy.
    i = draw(st.integers(0, 2**20)) % len(data)
    if how == "potong":
        return data[:i]
    noise = draw(st.binary(min_size=1, max_size=8))
    if how == "sisip":
        return data[:i] + noise + data[i:]
    return data[:i] + noise + data[i + len(noise) :]


def _typed(cell: str):
    """What a spreadsheet makes of a cell: numbers become numbers, ISO dates become dates."""
    text = ILLEGAL_CHARACTERS_RE.sub("", cell)
    if text.isascii() and text.isdigit() and len(text) < 30:
        number = int(text)
        return float(number) if number > 10**15 else number  # an 18-digit NIP becomes a float
    try:
        moment = datetime.fromisoformat(text) if len(text) >= 10 else None
    except ValueError:
        moment = None
    # Before 1900, or with a time zone, a spreadsheet keeps it as text (openpyxl refuses both).
    ok = moment is not None and moment.year >= 1900 and moment.tzinfo is None
    return moment if ok else text


@st.composite
def sebagai_xlsx(draw, rows: list[list[str]]) -> bytes:
    typed = draw(st.booleans())
    book = openpyxl.Workbook()
    sheet = book.active
    for r in rows:
        sheet.append([_typed(c) if typed else ILLEGAL_CHARACTERS_RE.sub("", c) for c in r])
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    if draw(st.integers(0, 3)) == 0:
        data = draw(xlsx_rusak(data))
    return data


@st.composite
def xlsx_rusak(draw, data: bytes) -> bytes:
    """A workbook whose zip is fine but one of its XML parts is cut short or garbled (a crashed
    save, a sync client's half-written file), or whose zip bytes are damaged."""
    if draw(st.booleans()):
        return draw(rusak_byte(data, selalu=True))
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    target = draw(st.sampled_from(names))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in names:
            content = source.read(name)
            if name == target:
                content = draw(rusak_byte(content, selalu=True))
            z.writestr(name, content)
    return out.getvalue()


def berkas_tabel(base: list[list[str]], *, nama: str = "berkas"):
    """(filename, bytes) of a table file: random bytes or text; `base` with a cell or a row
    wrong, saved as people save CSV (often, so that some files go in and the success path is
    exercised too); `base` badly damaged, saved any which way; or as XLSX, whole or broken.
    The name says CSV or XLSX, as the upload screen and the commands decide."""
    ringan = tabel_rusak(base, paling_banyak=1)
    berat = tabel_rusak(base)
    csv_ringan = ringan.flatmap(sebagai_csv_wajar).map(lambda b: (f"{nama}.csv", b))
    return st.one_of(
        st.binary(max_size=600).map(lambda b: (f"{nama}.csv", b)),
        st.text(max_size=600).map(lambda t: (f"{nama}.csv", t.encode("utf-8"))),
        csv_ringan,
        csv_ringan,
        csv_ringan,
        berat.flatmap(sebagai_csv).map(lambda b: (f"{nama}.csv", b)),
        berat.flatmap(sebagai_csv).map(lambda b: (f"{nama}.csv", b)),
        st.one_of(ringan, berat).flatmap(sebagai_xlsx).map(lambda b: (f"{nama}.xlsx", b)),
    )


@st.composite
def attlog_rusak(draw, text: str) -> str:
    """A machine log (one scan a line, tab separated) with up to five lines damaged: a column
    replaced, dropped or added, tabs turned into spaces, a line of random text."""
    out = text.splitlines()
    cell = st.one_of(SEL_ANEH, st.sampled_from(["101", "2026-03-02 07:35:00", "1", "0"]))
    for _ in range(draw(st.integers(0, 5))):
        i = draw(st.integers(0, len(out) - 1))
        parts = out[i].split("\t")
        j = draw(st.integers(0, len(parts)))
        op = draw(st.sampled_from(("sel", "sel", "hapus", "sisip", "spasi", "baris")))
        if op == "sel" and j < len(parts):
            parts[j] = draw(cell)
        elif op == "hapus":
            del parts[j : j + 1]
        elif op == "sisip":
            parts.insert(j, draw(cell))
        elif op == "spasi":
            out[i] = out[i].replace("\t", " " * draw(st.integers(1, 3)))
            continue
        else:
            out.insert(i, draw(st.text(max_size=40)))
            continue
        out[i] = "\t".join(parts)
    return draw(st.sampled_from(("\n", "\r\n", "\r"))).join(out)
