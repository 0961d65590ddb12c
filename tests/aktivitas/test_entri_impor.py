"""Entries from another e-Kinerja: the importer (file or Python rows), its two writers and the
command. The clock is conftest's: Wednesday 13 May 2026, 16:30 in Jakarta."""

import io
from datetime import date, datetime, time

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from aktivitas import entri_impor
from aktivitas.entri_impor import import_entri
from aktivitas.models import Entri, RiwayatEntri
from pegawai.importer import ImportErrors
from pegawai.models import LogAksi, Periode
from tests import factories as f

from .conftest import NOW, SABTU, SELASA, WIB, buat

pytestmark = pytest.mark.django_db

HEADER = [
    "NO", "NIP", "TANGGAL", "MULAI", "SELESAI", "KODE AKTIVITAS", "VOLUME", "URAIAN", "STATUS",
    "NIP PEMUTUS", "DIPUTUSKAN PADA",
]  # fmt: skip


@pytest.fixture
def row(cast, katalog):
    """One entry of the staf on Tuesday 12 May, approved by the kepala bidang the next morning."""

    def _row(**values) -> dict:
        base = {
            "NO": "1",
            "NIP": cast.staf.nip,
            "TANGGAL": "12-05-2026",
            "MULAI": "08:00",
            "SELESAI": "09:00",
            "KODE AKTIVITAS": "P-001",
            "VOLUME": "3",
            "URAIAN": "Mengarsipkan surat masuk",
            "STATUS": "disetujui",
            "NIP PEMUTUS": cast.atasan.nip,
            "DIPUTUSKAN PADA": "13-05-2026 09:15",
        }
        return base | values

    return _row


def make_csv(rows, *, header=HEADER, delimiter=";", title=True) -> bytes:
    lines = (
        ["EKSPOR ENTRI AKTIVITAS E-KINERJA LAMA" + delimiter * (len(header) - 1)] if title else []
    )
    lines.append(delimiter.join(header))
    for values in rows:
        cells = [values.get(column, "") for column in header]
        lines.append(delimiter.join(f'"{c}"' if delimiter in c else c for c in cells))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def run(content, *, filename="entri.csv", by=None, **options):
    return import_entri(io.BytesIO(content), filename=filename, by=by, now=NOW, **options)


def errors_of(content, **options) -> list[tuple[int, str, str]]:
    with pytest.raises(ImportErrors) as caught:
        run(content, **options)
    return [(e.row, e.column, e.message) for e in caught.value.errors]


def stored() -> list[dict]:
    return list(
        Entri.objects.order_by("pegawai", "tanggal", "mulai").values(
            *[f.attname for f in Entri._meta.concrete_fields if not f.primary_key]
        )
    )


# Good files -------------------------------------------------------------------------------------


def test_a_good_file_keeps_status_and_decider_and_marks_the_entries_imported(cast, katalog, row):
    content = make_csv(
        [
            row(),
            # 60 min × 2 is capped at the 90 minutes the entry spans
            row(MULAI="9:00", SELESAI="10.30", **{"KODE AKTIVITAS": "U-001", "VOLUME": "2",
                "STATUS": "Ditolak", "URAIAN": "Rapat, koordinasi"}),
            row(TANGGAL="2026-05-09", **{"STATUS": "diajukan", "NIP PEMUTUS": "",
                "DIPUTUSKAN PADA": ""}),  # a Saturday: outside the schedule
            row(TANGGAL="13-05-2026", **{"STATUS": "draf", "NIP PEMUTUS": "",
                "DIPUTUSKAN PADA": ""}),
            row(NIP=cast.atasan.nip, **{"KODE AKTIVITAS": "S-001", "VOLUME": "1",
                "NIP PEMUTUS": cast.kepala.nip}),
        ]
    )  # fmt: skip
    result = run(content, by=cast.admin.user)
    assert result.dibuat == 5 and result.pegawai == 2
    assert result.per_status == {"disetujui": 2, "ditolak": 1, "diajukan": 1, "draf": 1}
    assert (result.mulai, result.sampai) == (SABTU, date(2026, 5, 13))

    staf = list(Entri.objects.filter(pegawai=cast.staf).order_by("tanggal", "mulai"))
    sabtu, arsip, rapat, draf = staf
    assert {e.sumber for e in staf} == {Entri.Sumber.IMPOR}
    assert (arsip.status, arsip.diputuskan_oleh, arsip.diputuskan_pada) == (
        "disetujui",
        cast.atasan.user,
        datetime(2026, 5, 13, 9, 15, tzinfo=WIB),
    )
    assert (arsip.volume, arsip.menit_standar, arsip.menit, arsip.di_luar_jadwal) == (
        3,
        10,
        30,
        False,
    )
    assert (rapat.status, rapat.menit, rapat.uraian) == ("ditolak", 90, "Rapat, koordinasi")
    assert (rapat.mulai, rapat.selesai) == (time(9), time(10, 30))
    assert (sabtu.status, sabtu.diputuskan_oleh, sabtu.di_luar_jadwal) == ("diajukan", None, True)
    assert draf.status == "draf"
    assert {(e.dibuat_pada, e.diubah_pada) for e in staf} == {(NOW, NOW)}
    atasan = Entri.objects.get(pegawai=cast.atasan)
    assert (atasan.diputuskan_oleh, atasan.menit) == (cast.kepala.user, 60)

    # One decision, the import; the original ones stay on the entries.
    assert not RiwayatEntri.objects.exists()
    log = LogAksi.objects.get(aksi="aktivitas.entri_impor")
    assert (log.pelaku, log.waktu) == (cast.admin.user, NOW)
    assert log.data == {
        "filename": "entri.csv",
        "dibuat": 5,
        "per_status": {"disetujui": 2, "ditolak": 1, "diajukan": 1, "draf": 1},
        "pegawai": 2,
        "mulai": "2026-05-09",
        "sampai": "2026-05-13",
    }


def test_comma_separated_without_title_with_header_aliases_and_no_decider_columns(
    cast, katalog, row
):
    header = ["NIP", "Tgl", "Jam Mulai", "Jam Selesai", "Kode", "Jumlah", "Keterangan", "Status"]
    values = row(STATUS="diajukan", URAIAN="Arsip, surat")
    renamed = dict(zip(header, [values[c] for c in HEADER[1:9]], strict=True))
    run(make_csv([renamed], header=header, delimiter=",", title=False))
    entri = Entri.objects.get()
    assert (entri.status, entri.uraian, entri.diputuskan_oleh) == ("diajukan", "Arsip, surat", None)


def test_xlsx_with_excel_dates_times_and_numbers(cast, katalog, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Ekspor entri"])
    sheet.append(HEADER)
    sheet.append([1, cast.staf.nip, datetime(2026, 5, 12), time(8), time(9), "P-001", 2.0,
                  "Arsip", "DISETUJUI", cast.atasan.nip, datetime(2026, 5, 12, 16, 0)])  # fmt: skip
    # A time typed without a format is a fraction of a day: 0.375 is 09:00.
    sheet.append([2, cast.staf.nip, "12/05/2026", 0.375, 0.4375, "P-001", 1, "Arsip", "draft",
                  None, None])  # fmt: skip
    path = tmp_path / "entri.xlsx"
    book.save(path)
    run(path.read_bytes(), filename="entri.xlsx")
    first, second = Entri.objects.order_by("mulai")
    assert (first.volume, first.menit, first.diputuskan_pada) == (
        2,
        20,
        datetime(2026, 5, 12, 16, tzinfo=WIB),
    )
    assert (second.mulai, second.selesai, second.status) == (time(9), time(10, 30), "draf")


def test_a_nip_that_a_spreadsheet_turned_into_a_number_is_reported(cast, katalog, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append([1, int(cast.staf.nip), "12-05-2026", "08:00", "09:00", "P-001", 1,
                        "Arsip", "diajukan", None, None])  # fmt: skip
    path = tmp_path / "entri.xlsx"
    book.save(path)
    ((r, column, message),) = errors_of(path.read_bytes(), filename="entri.xlsx")
    assert (r, column) == (2, "NIP")
    assert message.startswith("NIP 1.99")
    assert "rusak oleh program spreadsheet" in message


def test_python_rows_as_tuples_or_dicts_go_the_same_way(cast, katalog):
    decided = datetime(2026, 5, 12, 15, tzinfo=WIB)
    tuples = [
        (cast.staf.nip, SELASA, time(8), time(9), "P-001", 1, "Arsip", "disetujui",
         cast.atasan.nip, decided),
        (cast.staf.nip, SELASA, time(9), time(10), "P-001", 1, "Arsip", "diajukan", "", None),
    ]  # fmt: skip
    assert import_entri(tuples, by=None, now=NOW).dibuat == 2
    dicts = [
        {"nip": cast.atasan.nip, "tanggal": SELASA, "mulai": time(8), "selesai": time(9),
         "kode": "S-001", "volume": 1, "uraian": "Konsep", "status": Entri.Status.DRAF},
    ]  # fmt: skip
    assert import_entri(dicts, by=None, now=NOW).dibuat == 1
    with pytest.raises(ImportErrors) as caught:
        import_entri([(*tuples[0][:5], 0, *tuples[0][6:])], by=None, now=NOW)
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "VOLUME")]


# Bad rows ---------------------------------------------------------------------------------------


def test_every_bad_row_is_reported_with_its_row_and_column_and_nothing_is_saved(cast, katalog, row):
    buat(cast.staf, katalog.arsip, tanggal=SELASA, mulai=(13, 0), selesai=(14, 0))
    Periode.objects.create(tahun=2026, bulan=3, status=Periode.Status.DITUTUP)
    tanpa_akun = f.pegawai("Tanpa Akun", cast.jab_staf, login=False)
    keluar = f.pegawai("Sudah Pensiun", cast.jab_staf, aktif_selesai=date(2026, 4, 30))
    before, logs = stored(), LogAksi.objects.count()
    content = make_csv(
        [
            row(),  # 3: good
            row(NIP="199001012015031999"),  # 4
            row(**{"KODE AKTIVITAS": "ZZ-9"}),  # 5
            row(TANGGAL="31-04-2026"),  # 6
            row(MULAI="8 pagi"),  # 7
            row(MULAI="10:00", SELESAI="10:00"),  # 8
            row(VOLUME="0"),  # 9
            row(STATUS="diterima"),  # 10
            row(MULAI="10:00", SELESAI="11:00", **{"NIP PEMUTUS": ""}),  # 11
            row(MULAI="08:30", SELESAI="09:30"),  # 12: overlaps row 3
            row(MULAI="13:30", SELESAI="14:30"),  # 13: overlaps the stored entry
            row(TANGGAL="16-03-2026", **{"DIPUTUSKAN PADA": "17-03-2026 08:00"}),  # 14
            row(TANGGAL="14-05-2026"),  # 15
            row(MULAI="15:00", SELESAI="16:00", **{"NIP PEMUTUS": tanpa_akun.nip}),  # 16
            row(NIP=keluar.nip),  # 17
            row(MULAI="16:00", SELESAI="17:00", URAIAN=""),  # 18
            row(MULAI="17:00", SELESAI="18:00", **{"DIPUTUSKAN PADA": ""}),  # 19
            row(MULAI="18:00", SELESAI="19:00", **{"DIPUTUSKAN PADA": "11-05-2026 10:00"}),  # 20
        ]
    )
    assert errors_of(content) == [
        (4, "NIP", "Pegawai dengan NIP 199001012015031999 tidak ada"),
        (5, "KODE AKTIVITAS", "Kode aktivitas ZZ-9 tidak ada di katalog"),
        (6, "TANGGAL", "Tanggal 31-04-2026 tidak dikenali; tulis dd-mm-yyyy atau yyyy-mm-dd"),
        (7, "MULAI", "Jam 8 pagi tidak dikenali; tulis jj:mm antara 00:00 dan 23:59, mis. 08:30"),
        (
            8,
            "SELESAI",
            "Jam selesai 10:00 harus setelah jam mulai 10:00 (entri tidak melewati tengah malam: "
            "pekerjaan setelah pukul 00:00 dicatat pada tanggal berikutnya)",
        ),
        (9, "VOLUME", "Volume harus bilangan bulat paling sedikit 1; bukan 0"),
        (
            10,
            "STATUS",
            "Status diterima tidak dikenal; tulis draf, diajukan, disetujui atau ditolak",
        ),
        (11, "NIP PEMUTUS", "NIP pemutus wajib diisi untuk entri yang disetujui"),
        (12, "MULAI", "Bertumpuk dengan baris 3 (08:00–09:00) milik pegawai yang sama"),
        (
            13,
            "MULAI",
            "Bertumpuk dengan entri yang sudah tersimpan pada 12-05-2026 13:00–14:00",
        ),
        (
            14,
            "TANGGAL",
            "Periode 03-2026 sudah ditutup; entri bulan itu tidak dapat ditambahkan",
        ),
        (15, "TANGGAL", "Tanggal 14-05-2026 belum tiba"),
        (16, "NIP PEMUTUS", f"Pemutus dengan NIP {tanpa_akun.nip} tidak punya akun"),
        (17, "TANGGAL", f"Pegawai {keluar.nip} tidak aktif pada 12-05-2026"),
        (18, "URAIAN", "Uraian wajib diisi"),
        (19, "DIPUTUSKAN PADA", "Waktu putusan wajib diisi untuk entri yang disetujui"),
        (
            20,
            "DIPUTUSKAN PADA",
            "Waktu putusan 11-05-2026 10:00 sebelum tanggal entri 12-05-2026",
        ),
    ]
    assert stored() == before
    assert LogAksi.objects.count() == logs


def test_overlaps_within_the_file_are_found_whatever_the_order_of_rows(cast, katalog, row):
    content = make_csv(
        [
            row(MULAI="10:00", SELESAI="12:00"),  # 3
            row(MULAI="08:00", SELESAI="09:00"),  # 4
            row(MULAI="09:00", SELESAI="10:00"),  # 5: touches both, overlaps neither
            row(MULAI="11:00", SELESAI="11:30"),  # 6: inside row 3
            row(NIP=cast.atasan.nip, MULAI="10:00", SELESAI="12:00",
                **{"KODE AKTIVITAS": "S-001", "NIP PEMUTUS": cast.kepala.nip}),  # 7: another person
        ]
    )  # fmt: skip
    assert errors_of(content) == [
        (6, "MULAI", "Bertumpuk dengan baris 3 (10:00–12:00) milik pegawai yang sama")
    ]


def test_a_file_without_the_header_or_with_a_column_missing(cast, katalog, row):
    assert errors_of(b"A;B\n1;2\n")[0][2].startswith(
        "Baris header tidak ditemukan: tidak ada baris yang memuat kolom NIP dan TANGGAL."
    )
    header = [c for c in HEADER if c != "VOLUME"]
    assert errors_of(make_csv([row()], header=header)) == [
        (2, "", "Kolom wajib tidak ada di baris header: VOLUME.")
    ]
    assert errors_of(make_csv([])) == [(0, "", "Berkas tidak berisi entri di bawah baris header.")]


def test_a_file_broken_throughout_reports_the_first_problems_and_the_rest_as_a_count(
    cast, katalog, row, monkeypatch
):
    monkeypatch.setattr(entri_impor, "MAX_ERRORS", 3)
    errors = errors_of(make_csv([row(VOLUME="x") for _ in range(5)]))
    assert [e[0] for e in errors] == [3, 4, 5, 0]
    assert errors[-1][2] == "Dan 2 masalah lain; perbaiki yang di atas dulu lalu impor lagi."


# The two writers --------------------------------------------------------------------------------


def test_the_generic_writer_stores_the_same_rows_as_copy(cast, katalog, row):
    """Batches of INSERT (SQLite, `make run`) and COPY (PostgreSQL) write identical entries."""
    content = make_csv(
        [
            row(),
            row(MULAI="09:00", SELESAI="10:30", **{"KODE AKTIVITAS": "U-001", "VOLUME": "2",
                "STATUS": "ditolak"}),
            row(TANGGAL="09-05-2026", **{"STATUS": "diajukan", "NIP PEMUTUS": "",
                "DIPUTUSKAN PADA": ""}),
            row(NIP=cast.atasan.nip, **{"KODE AKTIVITAS": "S-001", "NIP PEMUTUS": cast.kepala.nip}),
        ]
    )  # fmt: skip
    with transaction.atomic():
        run(content, cara="copy")
        by_copy = stored()
        transaction.set_rollback(True)
    assert not Entri.objects.exists()
    with CaptureQueriesContext(connection) as queries:
        run(content, cara="insert")
    assert stored() == by_copy
    assert len(by_copy) == 4
    # One executemany for all four rows (a batch holds INSERT_BATCH).
    assert sum('INSERT INTO "aktivitas_entri"' in q["sql"] for q in queries) == 1


def test_copy_writes_in_one_statement_and_reads_in_a_fixed_number_of_queries(cast, katalog, row):
    def entries(days):
        return [row(TANGGAL=f"{d:02d}-05-2026", MULAI=f"{h:02d}:00", SELESAI=f"{h:02d}:30",
                    **{"DIPUTUSKAN PADA": "13-05-2026 08:00"})
                for d in days for h in range(7, 17)]  # fmt: skip

    Periode.objects.create(tahun=2026, bulan=5)  # as the month's first write leaves it
    counts = []
    for days in ([4], range(5, 13)):
        with CaptureQueriesContext(connection) as queries:
            run(make_csv(entries(days)))
        counts.append(len(queries))
        statements = [q["sql"].split(" ", 1)[0] for q in queries]
        assert statements.count("COPY") == 1
        assert not [q for q in queries if q["sql"].startswith('INSERT INTO "aktivitas_entri"')]
    # NIPs, codes, closed months, stored entries, the schedules, the months' lock, the column
    # types, the COPY and the log row: the same for 10 rows as for 80.
    assert counts[0] == counts[1]
    assert Entri.objects.count() == 90


# The command ------------------------------------------------------------------------------------


def test_command_imports_and_reports_in_indonesian(cast, katalog, row, tmp_path, monkeypatch):
    monkeypatch.setattr(entri_impor.timezone, "now", lambda: NOW)
    path = tmp_path / "entri.csv"
    path.write_bytes(make_csv([row(), row(MULAI="09:00", SELESAI="10:00", STATUS="diajukan")]))
    out = io.StringIO()
    call_command("import_aktivitas", str(path), "--oleh", cast.admin.nip, stdout=out)
    assert (
        "Impor entri selesai: 2 entri dari 1 pegawai, tanggal 12-05-2026 s.d. 12-05-2026 "
        "(1 diajukan, 1 disetujui)" in out.getvalue()
    )
    assert LogAksi.objects.get(aksi="aktivitas.entri_impor").pelaku == cast.admin.user


def test_command_lists_every_problem_on_stderr_and_exits_non_zero(cast, katalog, row, tmp_path):
    path = tmp_path / "entri.csv"
    path.write_bytes(make_csv([row(VOLUME="0"), row(**{"KODE AKTIVITAS": "ZZ"})]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="Tidak ada data yang disimpan: 2 masalah"):
        call_command("import_aktivitas", str(path), stderr=err, stdout=io.StringIO())
    assert err.getvalue().splitlines() == [
        "baris 3, kolom VOLUME: Volume harus bilangan bulat paling sedikit 1; bukan 0",
        "baris 4, kolom KODE AKTIVITAS: Kode aktivitas ZZ tidak ada di katalog",
    ]
    assert not Entri.objects.exists()


def test_command_refuses_an_unknown_admin_or_a_missing_file(cast, katalog, tmp_path):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("import_aktivitas", str(tmp_path / "x.csv"), "--oleh", "123")
    with pytest.raises(CommandError, match="tidak dapat dibuka"):
        call_command("import_aktivitas", str(tmp_path / "tidak-ada.csv"))
