"""Properties of the import parsers without a database: whatever the bytes, reading a file either
gives its rows or raises the one error type that the imports turn into a message; the line
readers of the attendance imports never raise at all, they collect errors with line and column.
The database half (nothing written when an import refuses a file) is test_import_properties.py."""

import io
import re
import zipfile
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from aktivitas import entri_impor, katalog_impor
from aktivitas.tabel_impor import parse_int, parse_moment, parse_time
from pegawai import kehadiran as rules
from pegawai.kehadiran_impor import Kesalahan, baca_attlog, baca_harian, decode
from pegawai.simpeg import FileError, find_header, parse_date, read_table

from .berkas import SEL_ANEH, attlog_rusak, baca_csv, berkas_tabel, rusak_byte, sebagai_xlsx
from .profil import contoh

SIMPEG = Path("/work/shared/data/simpeg-sample.csv")
ATTLOG = Path("/work/shared/data/attlog-sample.dat")
NOW = datetime(2026, 3, 20, 9)
SIMPEG_ROWS = baca_csv(SIMPEG.read_text(encoding="utf-8"))
KATALOG_ROWS = [
    ["KODE", "NAMA", "SATUAN", "MENIT", "KELOMPOK", "JENIS JABATAN", "JABATAN", "BERLAKU MULAI"],
    ["A-001", "Menyusun laporan", "laporan", "60", "utama", "pelaksana", "", "01-01-2026"],
    ["A-002", "Mengolah data", "dokumen", "45", "tambahan", "", "Pengelola Data", ""],
]
ENTRI_ROWS = [
    ["NIP", "TANGGAL", "MULAI", "SELESAI", "KODE AKTIVITAS", "VOLUME", "URAIAN", "STATUS"],
    ["198609262015051001", "12-05-2026", "08:00", "09:00", "P-001", "3", "Mengarsipkan", "draf"],
]
HARIAN_ROWS = [
    ["Rekap absensi Maret"],
    ["NIP", "TANGGAL", "KODE"],
    ["198609262015051001", "02-03-2026", "H"],
    ["198609262015051001", "2026-03-03", "TL1+PSW2"],
    ["197203151998032004", "02-03-2026", "dl"],
]

# Cells as XLSX hands them over, besides text.
NILAI_SEL = st.one_of(
    SEL_ANEH,
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.decimals(),
    st.dates(),
    st.datetimes(),
    st.times(),
)


def assert_rows(table):
    assert isinstance(table, list) and all(isinstance(r, list) for r in table)


@settings(max_examples=contoh(200))
@given(berkas_tabel(SIMPEG_ROWS), st.sampled_from([None, None, "cp1252", "utf-16", "rot13"]))
def test_reading_any_file_gives_rows_or_a_file_error(berkas, encoding):
    filename, data = berkas
    try:
        table = read_table(data, filename=filename, encoding=encoding)
    except FileError as exc:
        assert str(exc)
    else:
        assert_rows(table)
        find_header(table)


@settings(max_examples=contoh(100))
@given(st.sampled_from([SIMPEG_ROWS, KATALOG_ROWS, HARIAN_ROWS]).flatmap(sebagai_xlsx))
def test_any_workbook_however_broken_gives_rows_or_a_file_error(data):
    try:
        assert_rows(read_table(data, filename="berkas.xlsx", encoding=None))
    except FileError as exc:
        assert str(exc)


@settings(max_examples=contoh(100))
@given(st.sampled_from([KATALOG_ROWS, ENTRI_ROWS]).flatmap(berkas_tabel))
def test_catalog_and_entry_tables_give_rows_or_a_file_error(berkas):
    filename, data = berkas
    for kolom in (katalog_impor.KOLOM, entri_impor.KOLOM):
        try:
            assert_rows(kolom.table(data, filename=filename))
        except FileError as exc:
            assert str(exc)


ATTLOG_TEKS = st.one_of(st.text(max_size=400), attlog_rusak(ATTLOG.read_text(encoding="utf-8")))


@settings(max_examples=contoh(300))
@given(ATTLOG_TEKS)
@example("      101\t0001-01-01 00:00:00\t1\t0")
@example("101\t2026-03-02 07:35:00+07:00")
def test_the_machine_log_reader_never_raises_and_names_each_bad_line(text):
    errors = Kesalahan()
    scans, lines = baca_attlog(text, now=NOW, errors=errors)
    count = len(text.splitlines())
    assert lines <= count and len(scans) <= lines
    for error in errors.sorted():
        assert 0 <= error.row <= count and error.message
    for scan in scans:
        assert scan.pin.isalnum() and scan.waktu.tzinfo is None and scan.waktu.microsecond == 0


@settings(max_examples=contoh(200))
@given(st.binary(max_size=400).flatmap(lambda b: st.just(b) | rusak_byte(b)))
def test_decoding_a_machine_log_gives_text_or_a_file_error(data):
    for encoding in (None, "cp1252", "utf-16", "ascii"):
        try:
            assert isinstance(decode(data, encoding), str)
        except FileError as exc:
            assert str(exc)


@settings(max_examples=contoh(150))
@given(berkas_tabel(HARIAN_ROWS, nama="rekap"))
def test_the_daily_summary_reader_never_raises_and_names_each_bad_row(berkas):
    filename, data = berkas
    errors = Kesalahan()
    rows, count = baca_harian(data, filename=filename, today=NOW.date(), errors=errors)
    assert len(rows) <= count
    for error in errors.sorted():
        assert error.row >= 0 and isinstance(error.column, str) and error.message
    for r in rows:
        assert len(r.nip) == 18 and r.tanggal <= NOW.date()
        assert r.kode in rules.KODE and 0 <= r.tl <= 4 and 0 <= r.psw <= 4


@settings(max_examples=contoh(500))
@given(NILAI_SEL)
def test_cell_parsers_raise_nothing_but_value_error(value):
    for parse in (parse_date, parse_time, parse_moment, parse_int):
        try:
            parsed = parse(value)
        except ValueError:
            continue
        assert parsed is None or isinstance(parsed, date | time | datetime | int)
    if isinstance(value, str):
        try:
            kode, tl, psw = rules.parse_kode(value)
        except ValueError:
            pass
        else:
            assert kode in rules.KODE and 0 <= tl <= 4 and 0 <= psw <= 4


@pytest.mark.parametrize("nama", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/styles.xml"])
def test_a_workbook_with_a_truncated_part_is_a_file_error(nama):
    """Regression: openpyxl reads a read-only sheet lazily, so a part cut short raised
    ElementTree's ParseError from iter_rows, outside the try that turns errors into FileError."""
    data = _xlsx([["NIP", "NAMA"], ["198609262015051001", "Muhammad Rizki"]])
    data = _replace_member(data, nama, lambda content: content[:100])
    with pytest.raises(FileError):
        read_table(data, filename="pegawai.xlsx", encoding=None)


@pytest.mark.parametrize("nama", ["docProps/core.xml", "xl/worksheets/sheet1.xml"])
def test_a_workbook_with_a_garbled_compressed_part_is_a_file_error(nama):
    """Regression: a damaged deflate stream (a half-copied file) raised zlib.error, which the
    reader did not expect from openpyxl."""
    data = bytearray(_xlsx([["NIP", "NAMA"], ["198609262015051001", "Muhammad Rizki"]]))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(nama)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start : start + 4] = b"\xff" * 4
    with pytest.raises(FileError):
        read_table(bytes(data), filename="pegawai.xlsx", encoding=None)


def test_a_workbook_without_a_sheet_is_a_file_error():
    """Regression: book.worksheets[0] raised IndexError for a workbook that lists no sheet."""
    data = _replace_member(
        _xlsx([["NIP", "NAMA"]]),
        "xl/workbook.xml",
        lambda content: re.sub(rb"<sheet [^>]*/>", b"", content),
    )
    with pytest.raises(FileError):
        read_table(data, filename="pegawai.xlsx", encoding=None)


def test_a_cell_longer_than_the_csv_field_limit_is_a_file_error():
    """Regression: the delimiter was chosen by parsing the first 50 lines outside the try that
    turns csv.Error into FileError; a cell over 131.072 characters escaped as a traceback."""
    data = b"NIP;NAMA\n" + b"x" * 140_000 + b";Muhammad Rizki\n"
    with pytest.raises(FileError):
        read_table(data, filename="pegawai.csv", encoding=None)


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for r in rows:
        book.active.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _replace_member(data: bytes, name: str, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for member in source.namelist():
            content = source.read(member)
            z.writestr(member, change(content) if member == name else content)
    return out.getvalue()
