"""The activity catalog from the job analysis: the importer, the command and the upload screen."""

import io
from datetime import date, datetime

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aktivitas.katalog_impor import import_katalog
from aktivitas.models import Aktivitas
from pegawai.importer import ImportErrors
from pegawai.models import Jabatan, LogAksi
from tests import factories as f

pytestmark = pytest.mark.django_db

HEADER = [
    "NO", "KODE", "NAMA", "SATUAN", "MENIT", "KELOMPOK", "JENIS JABATAN", "JABATAN",
    "BERLAKU MULAI", "BERLAKU SAMPAI",
]  # fmt: skip


def row(kode: str, **values) -> dict:
    base = {
        "NO": "1",
        "KODE": kode,
        "NAMA": f"Aktivitas {kode}",
        "SATUAN": "dokumen",
        "MENIT": "30",
        "KELOMPOK": "utama",
        "JENIS JABATAN": "pelaksana",
        "JABATAN": "",
        "BERLAKU MULAI": "",
        "BERLAKU SAMPAI": "",
    }
    return base | values


def make_csv(rows, *, header=HEADER, delimiter=";", title=True) -> bytes:
    lines = ["KATALOG AKTIVITAS - HASIL ANJAB/ABK" + delimiter * (len(header) - 1)] if title else []
    lines.append(delimiter.join(header))
    for values in rows:
        cells = [values.get(column, "") for column in header]
        lines.append(delimiter.join(f'"{c}"' if delimiter in c or "\n" in c else c for c in cells))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def run(content, *, filename="katalog.csv", by=None):
    return import_katalog(io.BytesIO(content), filename=filename, by=by)


def errors_of(content, **options) -> list[tuple[int, str, str]]:
    with pytest.raises(ImportErrors) as caught:
        run(content, **options)
    return [(e.row, e.column, e.message) for e in caught.value.errors]


def catalog() -> list[dict]:
    return list(
        Aktivitas.objects.order_by("kode").values(
            "kode", "nama", "satuan", "menit_standar", "kelompok", "untuk_struktural",
            "untuk_fungsional", "untuk_pelaksana", "aktif_mulai", "aktif_selesai",
        )
    )  # fmt: skip


def jabatan_of(kode: str) -> set[str]:
    return set(Aktivitas.objects.get(kode=kode).jabatan.values_list("nama", flat=True))


# Good files -------------------------------------------------------------------------------------


def test_a_good_csv_creates_the_catalog_and_logs_who_imported_it(cast):
    content = make_csv(
        [
            row("UM-001", NAMA="Mengikuti rapat, koordinasi", MENIT="60", KELOMPOK="Tambahan",
                **{"JENIS JABATAN": "struktural, fungsional,pelaksana"}),
            row("PL-001", NAMA="Mengarsipkan surat", SATUAN="berkas", MENIT="10",
                **{"BERLAKU MULAI": "01-01-2026", "BERLAKU SAMPAI": "2026-12-31"}),
            row("JB-001", **{"JENIS JABATAN": "", "JABATAN": "Pengelola Data; Analis SDM"}),
        ]
    )  # fmt: skip
    result = run(content, by=cast.admin.user)
    assert (result.dibuat, result.diubah, result.tetap) == (3, 0, 0)
    rapat = Aktivitas.objects.get(kode="UM-001")
    assert (rapat.nama, rapat.menit_standar, rapat.kelompok) == (
        "Mengikuti rapat, koordinasi",
        60,
        "tambahan",
    )
    assert (rapat.untuk_struktural, rapat.untuk_fungsional, rapat.untuk_pelaksana) == (
        True,
        True,
        True,
    )
    arsip = Aktivitas.objects.get(kode="PL-001")
    assert (arsip.satuan, arsip.aktif_mulai, arsip.aktif_selesai) == (
        "berkas",
        date(2026, 1, 1),
        date(2026, 12, 31),
    )
    assert (arsip.untuk_struktural, arsip.untuk_pelaksana) == (False, True)
    assert jabatan_of("JB-001") == {"Pengelola Data", "Analis SDM"}
    log = LogAksi.objects.get(aksi="aktivitas.katalog_impor")
    assert log.pelaku == cast.admin.user
    assert log.data | {"kode_dibuat": sorted(log.data["kode_dibuat"])} == {
        "filename": "katalog.csv",
        "dibuat": 3,
        "diubah": 0,
        "tetap": 0,
        "kode_dibuat": ["JB-001", "PL-001", "UM-001"],
        "perubahan": {},
    }


def test_comma_separated_file_without_title_and_only_the_required_columns(cast):
    header = ["Kode Aktivitas", "Nama Aktivitas", "Satuan Hasil", "Waktu Standar", "Jenis Jabatan"]
    content = make_csv(
        [{"Kode Aktivitas": "A-1", "Nama Aktivitas": "Menyusun laporan, bulanan",
          "Satuan Hasil": "laporan", "Waktu Standar": "120", "Jenis Jabatan": "JFU"}],
        header=header, delimiter=",", title=False,
    )  # fmt: skip
    run(content)
    assert catalog() == [
        {
            "kode": "A-1", "nama": "Menyusun laporan, bulanan", "satuan": "laporan",
            "menit_standar": 120, "kelompok": "utama", "untuk_struktural": False,
            "untuk_fungsional": False, "untuk_pelaksana": True, "aktif_mulai": None,
            "aktif_selesai": None,
        }
    ]  # fmt: skip


def test_xlsx_with_numbers_and_dates_as_excel_keeps_them(cast, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Katalog aktivitas Dinas Contoh"])
    sheet.append(HEADER)
    sheet.append([1, "UM-002", "Apel pagi", "kegiatan", 30.0, "tambahan", "semua", None,
                  datetime(2026, 1, 1), None])  # fmt: skip
    sheet.append([2, 101, "Menginput data", "data", 5, "utama", "pelaksana", "Pengelola Data",
                  None, None])  # fmt: skip
    path = tmp_path / "katalog.xlsx"
    book.save(path)
    result = run(path.read_bytes(), filename="katalog.xlsx")
    assert result.dibuat == 2
    apel = Aktivitas.objects.get(kode="UM-002")
    assert (apel.menit_standar, apel.aktif_mulai, apel.untuk_struktural) == (
        30,
        date(2026, 1, 1),
        True,
    )
    assert Aktivitas.objects.get(kode="101").menit_standar == 5
    assert jabatan_of("101") == {"Pengelola Data"}


def test_rows_handed_over_as_dicts_go_the_same_way(cast):
    result = import_katalog(
        [{"kode": "X-1", "nama": "Rapat", "satuan": "kegiatan", "menit": 60,
          "jenis_jabatan": "struktural"}],
        by=None,
    )  # fmt: skip
    assert result.dibuat == 1
    assert Aktivitas.objects.get(kode="X-1").untuk_struktural


def test_a_position_name_with_a_comma_or_several_names_separated_by_commas(cast):
    f.jabatan("Kepala Dinas Komunikasi, Informatika dan Statistik", cast.opd_lain, kelas=14,
              jenis=Jabatan.Jenis.STRUKTURAL)  # fmt: skip
    run(
        make_csv(
            [
                row("A-1", **{"JENIS JABATAN": "",
                              "JABATAN": "Kepala Dinas Komunikasi, Informatika dan Statistik"}),
                row("A-2", **{"JENIS JABATAN": "", "JABATAN": "Pengelola Data, Analis SDM"}),
                row("A-3", **{"JENIS JABATAN": "", "JABATAN": "Pengelola Data\nAnalis SDM"}),
            ]
        )
    )  # fmt: skip
    assert jabatan_of("A-1") == {"Kepala Dinas Komunikasi, Informatika dan Statistik"}
    assert jabatan_of("A-2") == jabatan_of("A-3") == {"Pengelola Data", "Analis SDM"}


def test_an_ambiguous_position_is_named_with_its_unit_code(cast):
    f.jabatan("Pengelola Data", cast.opd_lain)
    errors = errors_of(make_csv([row("A-1", JABATAN="Pengelola Data")]))
    assert errors == [
        (
            3,
            "JABATAN",
            "Jabatan Pengelola Data ada di beberapa unit kerja (kode 1.01.01.01, 2.01); tulis "
            "kode unitnya dalam kurung siku, mis. Pengelola Data [1.01.01.01]",
        )
    ]
    run(make_csv([row("A-1", JABATAN="Pengelola Data [2.01]")]))
    jabatan = Aktivitas.objects.get(kode="A-1").jabatan.get()
    assert (jabatan.nama, jabatan.unit.kode) == ("Pengelola Data", "2.01")


# Bad rows ---------------------------------------------------------------------------------------


def test_every_bad_row_is_reported_with_its_row_and_column_and_nothing_is_saved(cast):
    Aktivitas.objects.create(
        kode="ADA-1", nama="Sudah ada", satuan="x", menit_standar=5, untuk_pelaksana=True
    )
    before = catalog()
    content = make_csv(
        [
            row("A-1"),  # good, row 3
            row("", NAMA=""),  # 4
            row("A-2", MENIT="0"),  # 5
            row("A-3", MENIT="1,5"),  # 6
            row("A-4", KELOMPOK="pokok"),  # 7
            row("A-5", **{"JENIS JABATAN": "fungsional, honorer"}),  # 8
            row("A-6", JABATAN="Juru Masak"),  # 9
            row("A-7", **{"BERLAKU MULAI": "31-02-2026"}),  # 10
            row("A-8", **{"BERLAKU MULAI": "01-06-2026", "BERLAKU SAMPAI": "01-05-2026"}),  # 11
            row("A-9", **{"JENIS JABATAN": ""}),  # 12
            row("A-1"),  # 13
            row("A-" + "9" * 30),  # 14
            row("A-10", SATUAN=""),  # 15
        ]
    )
    assert errors_of(content) == [
        (4, "KODE", "KODE wajib diisi"),
        (4, "NAMA", "NAMA wajib diisi"),
        (5, "MENIT", "MENIT harus bilangan bulat menit per satuan, paling sedikit 1; bukan 0"),
        (6, "MENIT", "MENIT harus bilangan bulat menit per satuan, paling sedikit 1; bukan 1,5"),
        (7, "KELOMPOK", "Kelompok pokok tidak dikenal; tulis utama atau tambahan"),
        (
            8,
            "JENIS JABATAN",
            "Jenis jabatan honorer tidak dikenal; tulis struktural, fungsional, pelaksana "
            "(dipisah koma) atau semua",
        ),
        (9, "JABATAN", "Jabatan Juru Masak tidak ditemukan"),
        (
            10,
            "BERLAKU MULAI",
            "Tanggal 31-02-2026 tidak dikenali; tulis dd-mm-yyyy atau yyyy-mm-dd",
        ),
        (11, "BERLAKU SAMPAI", "Berlaku sampai 01-05-2026 sebelum berlaku mulai 01-06-2026"),
        (
            12,
            "JENIS JABATAN",
            "Aktivitas A-9 tidak dapat dipakai siapa pun: isi JENIS JABATAN atau JABATAN",
        ),
        (13, "KODE", "Kode A-1 sudah dipakai di baris 3"),
        (14, "KODE", "KODE paling panjang 30 karakter"),
        (15, "SATUAN", "SATUAN wajib diisi"),
    ]
    assert catalog() == before
    assert not LogAksi.objects.filter(aksi="aktivitas.katalog_impor").exists()


def test_a_file_without_the_header_or_a_required_column(cast):
    assert errors_of(b"ID;JUDUL\n1;x\n") == [
        (
            0,
            "",
            "Baris header tidak ditemukan: tidak ada baris yang memuat kolom KODE dan NAMA. "
            "Kolom wajib: KODE, NAMA, SATUAN, MENIT.",
        )
    ]
    header = ["KODE", "NAMA", "SATUAN"]
    assert errors_of(make_csv([row("A-1")], header=header)) == [
        (2, "", "Kolom wajib tidak ada di baris header: MENIT.")
    ]
    assert errors_of(make_csv([], header=HEADER)) == [
        (0, "", "Berkas tidak berisi aktivitas di bawah baris header.")
    ]
    assert errors_of(b"bukan zip", filename="katalog.xlsx") == [
        (0, "", "Berkas XLSX tidak dapat dibuka; simpan ulang dari Excel.")
    ]


# Re-import and updates --------------------------------------------------------------------------


def test_reimporting_the_same_file_writes_nothing(cast):
    content = make_csv(
        [row("A-1", JABATAN="Pengelola Data"), row("A-2", **{"BERLAKU MULAI": "01-01-2026"})]
    )
    run(content)
    before, logs = catalog(), LogAksi.objects.count()
    with CaptureQueriesContext(connection) as queries:
        result = run(content)
    assert (result.dibuat, result.diubah, result.tetap) == (0, 0, 2)
    assert catalog() == before
    assert LogAksi.objects.count() == logs
    assert [q["sql"] for q in queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))] == []


def test_a_changed_row_updates_the_activity_by_code(cast):
    run(make_csv([row("A-1", JABATAN="Pengelola Data"), row("A-2")]))
    result = run(
        make_csv(
            [
                row("A-1", NAMA="Nama baru", MENIT="45", JABATAN="Analis SDM"),
                row("A-2"),
                row("A-3"),
            ]
        )
    )
    assert (result.dibuat, result.diubah, result.tetap) == (1, 1, 1)
    a1 = Aktivitas.objects.get(kode="A-1")
    assert (a1.nama, a1.menit_standar) == ("Nama baru", 45)
    assert jabatan_of("A-1") == {"Analis SDM"}
    log = LogAksi.objects.filter(aksi="aktivitas.katalog_impor").latest("id")
    analis = Jabatan.objects.get(nama="Analis SDM").pk
    pengelola = Jabatan.objects.get(nama="Pengelola Data").pk
    assert log.data["perubahan"] == {
        "A-1": {
            "nama": ["Aktivitas A-1", "Nama baru"],
            "menit_standar": [30, 45],
            "jabatan": [[pengelola], [analis]],
        }
    }


def test_an_absent_optional_column_leaves_the_field_alone_an_empty_cell_clears_it(cast):
    run(
        make_csv(
            [row("A-1", KELOMPOK="tambahan", JABATAN="Pengelola Data",
                 **{"BERLAKU SAMPAI": "31-12-2026"})]
        )
    )  # fmt: skip
    short = ["KODE", "NAMA", "SATUAN", "MENIT"]
    assert run(make_csv([row("A-1")], header=short)).tetap == 1
    a1 = Aktivitas.objects.get(kode="A-1")
    assert (a1.kelompok, a1.aktif_selesai, a1.untuk_pelaksana) == (
        "tambahan",
        date(2026, 12, 31),
        True,
    )
    assert jabatan_of("A-1") == {"Pengelola Data"}
    run(make_csv([row("A-1", KELOMPOK="", JABATAN="")]))
    a1.refresh_from_db()
    assert (a1.kelompok, a1.aktif_selesai, jabatan_of("A-1")) == ("utama", None, set())


def test_codes_missing_from_the_file_are_left_alone(cast):
    run(make_csv([row("A-1"), row("A-2")]))
    assert run(make_csv([row("A-2")])).tetap == 1
    assert Aktivitas.objects.filter(kode="A-1").exists()


# The command ------------------------------------------------------------------------------------


def test_command_imports_and_reports_in_indonesian(cast, tmp_path):
    path = tmp_path / "katalog.csv"
    path.write_bytes(make_csv([row("A-1"), row("A-2")]))
    out = io.StringIO()
    call_command("import_katalog", str(path), "--oleh", cast.admin.nip, stdout=out)
    assert "Impor katalog selesai: 2 aktivitas baru, 0 diperbarui, 0 tidak berubah." in (
        out.getvalue()
    )
    assert LogAksi.objects.get(aksi="aktivitas.katalog_impor").pelaku == cast.admin.user


def test_command_lists_every_problem_and_exits_non_zero(cast, tmp_path):
    path = tmp_path / "katalog.csv"
    path.write_bytes(make_csv([row("A-1", MENIT="x"), row("A-2", KELOMPOK="lain")]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="Tidak ada data yang disimpan: 2 masalah"):
        call_command("import_katalog", str(path), stderr=err)
    assert err.getvalue().splitlines() == [
        "baris 3, kolom MENIT: MENIT harus bilangan bulat menit per satuan, paling sedikit 1; "
        "bukan x",
        "baris 4, kolom KELOMPOK: Kelompok lain tidak dikenal; tulis utama atau tambahan",
    ]
    assert not Aktivitas.objects.exists()


# The upload screen ------------------------------------------------------------------------------

URL = reverse("aktivitas:katalog_import")


def upload(content: bytes, name="katalog.csv") -> dict:
    return {"berkas": SimpleUploadedFile(name, content, content_type="text/csv")}


def test_admin_uploads_a_good_file_and_sees_what_it_did(cast, login):
    response = login(cast.admin).post(URL, upload(make_csv([row("A-1")])), follow=True)
    assert response.redirect_chain == [(URL, 302)]
    assert "Impor katalog selesai: 1 aktivitas baru, 0 diperbarui, 0 tidak berubah." in (
        response.content.decode()
    )
    assert LogAksi.objects.get(aksi="aktivitas.katalog_impor").pelaku == cast.admin.user


def test_admin_sees_the_problems_in_a_table_and_nothing_is_saved(cast, login):
    response = login(cast.admin).post(URL, upload(make_csv([row("A-1"), row("A-2", MENIT="")])))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Tidak ada data yang disimpan: 1 masalah" in body
    assert "<td>4</td><td>MENIT</td><td>MENIT wajib diisi</td>" in body
    assert not Aktivitas.objects.exists()


def test_a_badly_broken_file_shows_the_first_problems_and_the_count(cast, login):
    content = make_csv([row(f"A-{i}", MENIT="x") for i in range(600)])
    response = login(cast.admin).post(URL, upload(content))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Menampilkan 500 dari 600 masalah" in body
    assert body.count("<tr><td>") == 500


def test_admin_sees_the_empty_form(cast, login):
    response = login(cast.admin).get(URL)
    assert response.status_code == 200
    assert 'type="file"' in response.content.decode()


def test_a_file_of_another_kind_is_refused_by_the_form(cast, login):
    response = login(cast.admin).post(URL, upload(b"x", name="katalog.pdf"))
    assert response.status_code == 200
    assert "Berkas harus berformat CSV atau XLSX." in response.content.decode()


def test_others_may_not_import(cast, login):
    response = login(cast.staf).post(URL, upload(make_csv([row("A-1")])))
    assert response.status_code == 403
    assert not Aktivitas.objects.exists()
    assert login(cast.atasan).get(URL).status_code == 403
    assert login(cast.penilai).get(URL).status_code == 403


def test_anonymous_is_sent_to_login(cast, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_wrong_method_is_refused(cast, login):
    assert login(cast.admin).put(URL).status_code == 405
    assert login(cast.admin).delete(URL).status_code == 405
