"""Properties of every import with its database: staff (SIMPEG), the activity catalog, activity
entries from another e-Kinerja, the fingerprint machine's log and the daily attendance summary,
and their commands. Whatever file comes in, an import either succeeds or raises ImportErrors
listing its problems with row and column; when it refuses a file, not one row changed; and a file
that went in goes in again without changing anything (or, for entries, is refused whole).

Each test builds its setup once (the cast, schedules, a catalog, machine PINs) and runs every
example inside a savepoint that is rolled back, so each example starts from that same setup.
That is why the function_scoped_fixture health check is suppressed: the fixtures are meant to be
shared by the examples, and the savepoint keeps them unchanged."""

import io
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from aktivitas.entri_impor import HasilImporEntri, import_entri
from aktivitas.katalog_impor import HasilImporKatalog, import_katalog
from aktivitas.models import Aktivitas, Entri, RiwayatEntri
from pegawai.importer import ImportErrors, ImportResult, import_pegawai
from pegawai.kehadiran_impor import HasilImpor, import_kehadiran, import_kehadiran_harian
from pegawai.models import (
    Jabatan,
    Kehadiran,
    LogAbsen,
    LogAksi,
    Pegawai,
    Penugasan,
    Periode,
    RiwayatKehadiran,
    UnitKerja,
    User,
)
from pegawai.services_kalender import install_jadwal_bawaan
from tests import factories as f

from .berkas import attlog_rusak, baca_csv, berkas_tabel, rusak_byte
from .profil import contoh

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
SIMPEG = Path("/work/shared/data/simpeg-sample.csv")
ATTLOG = Path("/work/shared/data/attlog-sample.dat")


def db_settings(n: int):
    return settings(
        max_examples=contoh(n),
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@contextmanager
def savepoint():
    """One example: whatever it writes is rolled back when it ends."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def potret(models) -> dict:
    """Every row of the tables an import may write, to compare before and after."""
    return {m._meta.label: list(m.objects.order_by("pk").values_list()) for m in models}


def coba(run, tables):
    """Run one import: its result, or None when it refused the file with its problems listed
    (row, column, message) and nothing written. Any other exception fails the test."""
    before = potret(tables)
    try:
        result = run()
    except ImportErrors as exc:
        event("ditolak")
        assert exc.errors
        for error in exc.errors:
            assert isinstance(error.row, int) and error.row >= 0
            assert isinstance(error.column, str)
            assert isinstance(error.message, str) and error.message.strip()
        assert potret(tables) == before, "an import that reported errors wrote something"
        return None
    event("diterima")
    return result


# Staff (SIMPEG) ---------------------------------------------------------------------------------

TABEL_PEGAWAI = (Pegawai, UnitKerja, Jabatan, User, Penugasan, LogAksi)
# The shared sample with its two damaged NIPs repaired, so that unmutated it goes in, and a row
# for the cast's own Seksi Data.
SIMPEG_ROWS = baca_csv(
    SIMPEG.read_text(encoding="utf-8")
    .replace("1.99001E+17", "199001122015032001")
    .replace("19870230201001100", "198702202010011001")
)
SIMPEG_ROWS.append(
    ["7", "199102032015031007", "Staf Impor", "", "", "II/a", "PNS", "Pengelola Data",
     "Seksi Data", "107"]
)  # fmt: skip


@db_settings(40)
@given(berkas_tabel(SIMPEG_ROWS, nama="pegawai"))
@example(("pegawai.csv", "\n".join(";".join(r) for r in SIMPEG_ROWS).encode()))
def test_staff_import_succeeds_or_reports_and_writes_nothing(cast, berkas):
    filename, data = berkas
    with savepoint():
        run = lambda: import_pegawai(  # noqa: E731
            io.BytesIO(data), filename=filename, by=cast.admin.user, today=date(2026, 3, 20)
        )
        result = coba(run, TABEL_PEGAWAI)
        if result is not None:
            assert isinstance(result, ImportResult)
            after = potret(TABEL_PEGAWAI[:-1])
            logs = LogAksi.objects.count()
            again = run()
            assert (again.created, again.updated) == (0, 0)
            assert potret(TABEL_PEGAWAI[:-1]) == after
            # Unlike the other imports, every staff import is logged, changed or not
            # (tests/pegawai/test_import.py pins that).
            assert LogAksi.objects.count() == logs + 1


# The activity catalog -----------------------------------------------------------------------------

TABEL_KATALOG = (Aktivitas, Aktivitas.jabatan.through, LogAksi)
KATALOG_ROWS = [
    ["KATALOG AKTIVITAS - HASIL ANJAB/ABK"],
    ["NO", "KODE", "NAMA", "SATUAN", "MENIT", "KELOMPOK", "JENIS JABATAN", "JABATAN",
     "BERLAKU MULAI", "BERLAKU SAMPAI"],
    ["1", "A-001", "Menyusun laporan bulanan", "laporan", "60", "utama", "pelaksana", "",
     "01-01-2026", ""],
    ["2", "A-002", "Mengolah data kepegawaian", "dokumen", "45", "tambahan", "",
     "Pengelola Data", "", "31-12-2026"],
    ["3", "A-003", "Rapat koordinasi", "kegiatan", "90", "", "semua",
     "Kepala Dinas; Kepala Bidang Umum", "", ""],
    ["4", "P-001", "Mengarsipkan surat", "surat", "12", "utama", "pelaksana, fungsional",
     "", "", ""],
]  # fmt: skip


@pytest.fixture
def katalog(cast):
    """The catalog's one stored activity, which the sample file changes."""
    arsip = Aktivitas.objects.create(
        kode="P-001", nama="Mengarsipkan surat", satuan="surat", menit_standar=10,
        untuk_pelaksana=True,
    )  # fmt: skip
    arsip.jabatan.add(cast.jab_staf)
    return arsip


@db_settings(40)
@given(berkas_tabel(KATALOG_ROWS, nama="katalog"))
def test_catalog_import_succeeds_or_reports_and_writes_nothing(cast, katalog, berkas):
    filename, data = berkas
    with savepoint():
        run = lambda: import_katalog(io.BytesIO(data), filename=filename, by=cast.admin.user)  # noqa: E731
        result = coba(run, TABEL_KATALOG)
        if result is not None:
            assert isinstance(result, HasilImporKatalog)
            after = potret(TABEL_KATALOG)
            again = run()
            assert (again.dibuat, again.diubah) == (0, 0)
            assert potret(TABEL_KATALOG) == after


# Activity entries from another e-Kinerja -------------------------------------------------------

TABEL_ENTRI = (Entri, RiwayatEntri, LogAksi, Periode)
ENTRI_NOW = datetime(2026, 5, 13, 16, 30, tzinfo=WIB)  # Wednesday


@pytest.fixture
def entri_rows(cast):
    install_jadwal_bawaan()
    Aktivitas.objects.create(
        kode="P-001", nama="Mengarsipkan surat", satuan="surat", menit_standar=10,
        untuk_pelaksana=True,
    )  # fmt: skip
    Aktivitas.objects.create(
        kode="U-001", nama="Rapat koordinasi", satuan="kegiatan", menit_standar=60,
        untuk_struktural=True, untuk_fungsional=True, untuk_pelaksana=True,
    )  # fmt: skip
    staf, atasan = cast.staf.nip, cast.atasan.nip
    return [
        ["EKSPOR ENTRI AKTIVITAS E-KINERJA LAMA"],
        ["NO", "NIP", "TANGGAL", "MULAI", "SELESAI", "KODE AKTIVITAS", "VOLUME", "URAIAN",
         "STATUS", "NIP PEMUTUS", "DIPUTUSKAN PADA"],
        ["1", staf, "12-05-2026", "08:00", "09:00", "P-001", "3", "Mengarsipkan surat masuk",
         "disetujui", atasan, "13-05-2026 09:15"],
        ["2", staf, "11-05-2026", "13:00", "14:30", "U-001", "1", "Rapat data", "diajukan",
         "", ""],
        ["3", atasan, "12-05-2026", "10:00", "11:00", "U-001", "1", "Rapat bidang", "ditolak",
         cast.kepala.nip, "12-05-2026 15:00"],
        ["4", staf, "2026-05-08", "19:00", "21:00", "P-001", "2", "Lembur arsip", "draf", "", ""],
    ]  # fmt: skip


# A closed month in one example of four: the file is refused for it, the rest should go in.
SEKALI_SEKALI = st.integers(0, 3).map(lambda n: n == 0)


@db_settings(40)
@given(st.data(), SEKALI_SEKALI)
def test_entry_import_succeeds_or_reports_and_writes_nothing(cast, entri_rows, data, tutup_mei):
    filename, content = data.draw(berkas_tabel(entri_rows, nama="entri"), label="berkas")
    with savepoint():
        if tutup_mei:
            Periode.objects.create(tahun=2026, bulan=5, status=Periode.Status.DITUTUP)
        run = lambda: import_entri(  # noqa: E731
            io.BytesIO(content), filename=filename, by=cast.admin.user, now=ENTRI_NOW
        )
        result = coba(run, TABEL_ENTRI)
        if result is not None:
            assert isinstance(result, HasilImporEntri)
            assert Entri.objects.filter(sumber=Entri.Sumber.IMPOR).count() == result.dibuat
            # The same entries again overlap the ones just stored: refused whole.
            assert coba(run, TABEL_ENTRI) is None


# Attendance: the machine's log and the daily summary -------------------------------------------

TABEL_KEHADIRAN = (Kehadiran, LogAbsen, RiwayatKehadiran, LogAksi, Periode)
KEHADIRAN_NOW = datetime(2026, 3, 20, 9, tzinfo=WIB)  # a Friday, after the sample's two weeks


@pytest.fixture
def pin(cast):
    """The sample log's PINs 101–104 on the default office week (105 is nobody's)."""
    install_jadwal_bawaan()
    for p, nomor in ((cast.staf, "101"), (cast.atasan, "102")):
        p.pin_absen = nomor
        p.save(update_fields=["pin_absen"])
    f.pegawai("Pegawai 103", cast.jab_staf, pin_absen="103")
    f.pegawai("Pegawai 104", cast.jab_staf, pin_absen="104")


ATTLOG_TEXT = ATTLOG.read_text(encoding="utf-8")
BERKAS_MESIN = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=400).map(lambda t: t.encode("utf-8")),
    attlog_rusak(ATTLOG_TEXT).map(lambda t: t.encode("utf-8")),
    attlog_rusak(ATTLOG_TEXT).map(lambda t: t.encode("utf-8")),
    attlog_rusak(ATTLOG_TEXT).map(lambda t: t.encode("utf-16")),
    st.just(ATTLOG_TEXT.encode()).flatmap(rusak_byte),
)


@db_settings(30)
@given(
    BERKAS_MESIN,
    st.sampled_from([None, None, (2026, 3), (2026, 2)]),
    st.booleans(),
    SEKALI_SEKALI,
)
@example(ATTLOG_TEXT.encode(), None, False, False)
@example(b"      101\t0001-01-01 07:35:00\t1\t0\t0\t0\n", None, False, False)
def test_machine_log_import_succeeds_or_reports_and_writes_nothing(
    cast, pin, data, bulan, semua, tutup_maret
):
    with savepoint():
        if tutup_maret:
            Periode.objects.create(tahun=2026, bulan=3, status=Periode.Status.DITUTUP)
        run = lambda: import_kehadiran(  # noqa: E731
            data, filename="mesin.dat", by=cast.admin.user, bulan=bulan, semua=semua,
            now=KEHADIRAN_NOW,
        )  # fmt: skip
        result = coba(run, TABEL_KEHADIRAN)
        if result is not None:
            assert isinstance(result, HasilImpor)
            after = potret(TABEL_KEHADIRAN)
            again = run()
            assert (again.berubah, again.scan_baru) == (0, 0)
            assert potret(TABEL_KEHADIRAN) == after


@pytest.fixture
def harian_rows(cast, pin):
    staf, atasan = cast.staf.nip, cast.atasan.nip
    return [
        ["REKAP ABSENSI HARIAN MARET 2026"],
        ["NIP", "TANGGAL", "KODE"],
        [staf, "02-03-2026", "H"],
        [staf, "03-03-2026", "TL2+PSW1"],
        [staf, "2026-03-04", "TK"],
        [atasan, "02-03-2026", "dl"],
        [atasan, "03-03-2026", "PSW4"],
        ["199001012015031999", "02-03-2026", "H"],  # nobody's NIP: reported, skipped
    ]


@db_settings(40)
@given(st.data(), SEKALI_SEKALI)
def test_daily_summary_import_succeeds_or_reports_and_writes_nothing(
    cast, harian_rows, data, tutup_maret
):
    filename, content = data.draw(berkas_tabel(harian_rows, nama="rekap"), label="berkas")
    with savepoint():
        if tutup_maret:
            Periode.objects.create(tahun=2026, bulan=3, status=Periode.Status.DITUTUP)
        run = lambda: import_kehadiran_harian(  # noqa: E731
            content, filename=filename, by=cast.admin.user, now=KEHADIRAN_NOW
        )
        result = coba(run, TABEL_KEHADIRAN)
        if result is not None:
            assert isinstance(result, HasilImpor)
            after = potret(TABEL_KEHADIRAN)
            assert run().berubah == 0
            assert potret(TABEL_KEHADIRAN) == after


# The commands ------------------------------------------------------------------------------------

ENTRI_HEADER = ["NIP", "TANGGAL", "MULAI", "SELESAI", "KODE AKTIVITAS", "VOLUME", "URAIAN",
                "STATUS"]  # fmt: skip
PERINTAH = {
    "import_pegawai": ("import_pegawai", berkas_tabel(SIMPEG_ROWS, nama="pegawai")),
    "import_katalog": ("import_katalog", berkas_tabel(KATALOG_ROWS, nama="katalog")),
    "import_aktivitas": (
        "import_aktivitas",
        berkas_tabel(
            [
                ENTRI_HEADER,
                [
                    "198609262015051001",
                    "12-05-2026",
                    "08:00",
                    "09:00",
                    "P-001",
                    "1",
                    "Arsip",
                    "draf",
                ],
            ],
            nama="entri",
        ),  # fmt: skip
    ),
    "import_kehadiran harian": (
        "import_kehadiran",
        berkas_tabel(
            [["NIP", "TANGGAL", "KODE"], ["198609262015051001", "02-03-2026", "H"]], nama="rekap"
        ),
    ),  # fmt: skip
    "import_kehadiran mesin": ("import_kehadiran", BERKAS_MESIN.map(lambda b: ("mesin.dat", b))),
}


@pytest.mark.parametrize("kasus", sorted(PERINTAH))
def test_each_import_command_ends_in_success_or_a_command_error(cast, tmp_path, kasus):
    perintah, berkas = PERINTAH[kasus]

    @db_settings(10)
    @given(berkas)
    def run(berkas):
        filename, content = berkas
        path = tmp_path / filename
        path.write_bytes(content)
        with savepoint():
            try:
                call_command(perintah, str(path), stdout=io.StringIO(), stderr=io.StringIO())
            except CommandError as exc:
                assert str(exc)

    run()


def test_the_sample_log_imports_as_the_attendance_docs_say(cast, pin):
    """The setup the machine log property starts from is the one the docs describe."""
    result = import_kehadiran(
        ATTLOG_TEXT.encode(), filename="attlog.dat", by=None, now=KEHADIRAN_NOW
    )
    assert (result.mulai, result.sampai, result.pegawai, result.dibuat) == (
        date(2026, 3, 2),
        date(2026, 3, 13),
        4,
        40,
    )


def test_a_machine_log_from_a_clock_reset_to_year_one_is_refused_with_its_line(cast, pin):
    """Regression: a log whose scans all lie on 0001-01-01 (a machine's clock reset) made the
    import compute the day before 0001-01-01 and fail with OverflowError."""
    log = (
        b"      101\t0001-01-01 07:35:00\t1\t0\t0\t0\n      101\t0001-01-01 16:40:00\t1\t0\t0\t0\n"
    )
    with pytest.raises(ImportErrors) as caught:
        import_kehadiran(log, filename="mesin.dat", by=None, now=KEHADIRAN_NOW)
    assert [(e.row, e.column) for e in caught.value.errors] == [(1, "WAKTU (kolom 2)")]
    assert "sebelum tahun 2000" in caught.value.errors[0].message
    assert not Kehadiran.objects.exists() and not LogAbsen.objects.exists()


def _nul_di(rows: list[list[str]], baris: int, kolom: str) -> bytes:
    """The rows as a CSV with a NUL inside the cell of `kolom` on line `baris` (1-based)."""
    header = next(r for r in rows if kolom in r)
    rows = [list(r) for r in rows]
    rows[baris - 1][header.index(kolom)] += "\x00"
    return "\r\n".join(";".join(r) for r in rows).encode()


@pytest.mark.parametrize(
    ("impor", "rows", "baris", "kolom", "tables"),
    [
        ("pegawai", SIMPEG_ROWS, 4, "NAMA", TABEL_PEGAWAI),
        ("katalog", KATALOG_ROWS, 3, "KODE", TABEL_KATALOG),
        ("entri", None, 4, "URAIAN", TABEL_ENTRI),
    ],
)
def test_a_nul_in_a_cell_is_reported_with_its_line(
    cast, entri_rows, impor, rows, baris, kolom, tables
):
    """Regression: a NUL character reached PostgreSQL, which refuses it in text (a DataError
    and a traceback): in the catalog's KODE lookup, the entries' COPY, the staff's names."""
    content = _nul_di(rows or entri_rows, baris, kolom)
    run = {
        "pegawai": lambda: import_pegawai(io.BytesIO(content), filename="p.csv", by=None),
        "katalog": lambda: import_katalog(content, filename="k.csv", by=None),
        "entri": lambda: import_entri(content, filename="e.csv", by=None, now=ENTRI_NOW),
    }[impor]
    before = potret(tables)
    with pytest.raises(ImportErrors) as caught:
        run()
    assert [e.row for e in caught.value.errors] == [0]
    assert f"NUL di baris {baris}" in caught.value.errors[0].message
    assert potret(tables) == before
