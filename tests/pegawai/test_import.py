"""Staff import from SIMPEG exports: the command, the upload screen and the importer behind both."""

import io
import shutil
import zipfile
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pegawai.hierarki import Hierarki
from pegawai.importer import ImportErrors, import_pegawai
from pegawai.models import Jabatan, LogAksi, Pegawai, Penugasan, UnitKerja, User

SAMPLE = Path("/work/shared/data/simpeg-sample.csv")
TODAY = date(2025, 5, 12)
TITLE = "DAFTAR PEGAWAI - EKSPOR SIMPEG"
HEADER = ["NO", "NIP", "NAMA", "GOL", "JENIS ASN", "JABATAN", "UNIT KERJA", "PIN ABSEN"]


def nip(seq: int, *, sex: int = 1, lahir: str = "19910203") -> str:
    # Another birth date than tests.factories uses, so these never collide with the cast.
    return f"{lahir}201503{sex}{seq:03d}"


def row(seq: int, **values) -> dict:
    """One staff row in the cast's Seksi Data, with whatever a test changes."""
    base = {
        "NO": str(seq),
        "NIP": nip(seq),
        "NAMA": f"Pegawai Impor {seq}",
        "GOL": "III/a",
        "JENIS ASN": "PNS",
        "JABATAN": "Pengelola Data",
        "UNIT KERJA": "Seksi Data",
        "PIN ABSEN": str(900 + seq),
    }
    return base | values


def make_csv(rows, *, header=HEADER, delimiter=";", title=True, encoding="utf-8") -> bytes:
    lines = [TITLE + delimiter * (len(header) - 1)] if title else []
    lines.append(delimiter.join(header))
    for values in rows:
        cells = [values.get(column, "") for column in header]
        lines.append(delimiter.join(f'"{c}"' if delimiter in c else c for c in cells))
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def run(content: bytes, *, filename="pegawai.csv", by=None, today=TODAY, **options):
    return import_pegawai(io.BytesIO(content), filename=filename, by=by, today=today, **options)


def errors_of(content: bytes, **options) -> list[tuple[int, str, str]]:
    with pytest.raises(ImportErrors) as caught:
        run(content, **options)
    return [(e.row, e.column, e.message) for e in caught.value.errors]


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Pegawai, UnitKerja, Jabatan, User, Penugasan, LogAksi)
    }


def fixed_sample(tmp_path) -> Path:
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("1.99001E+17", "199001122015032001")
    text = text.replace("19870230201001100", "198702202010011001")
    path = tmp_path / "simpeg-fixed.csv"
    path.write_text(text, encoding="utf-8")
    return path


# The shared sample and good files -----------------------------------------------------------------


def test_shared_sample_reports_the_damaged_and_the_17_digit_nip_and_writes_nothing(cast, tmp_path):
    path = tmp_path / "simpeg-sample.csv"
    shutil.copy(SAMPLE, path)
    before = counts()
    errors = errors_of(path.read_bytes(), filename=path.name)
    assert [(r, c) for r, c, _m in errors] == [(6, "NIP"), (8, "NIP")]
    assert "1.99001E+17 rusak oleh program spreadsheet" in errors[0][2]
    assert "18 digit" in errors[1][2] and "17 digit" in errors[1][2]
    assert counts() == before


def test_fixed_sample_imports_everyone_with_logins_positions_and_new_units(cast, tmp_path):
    admin = cast.admin.user
    result = run(fixed_sample(tmp_path).read_bytes(), filename="simpeg-fixed.csv", by=admin)
    assert (result.created, result.updated, result.unchanged) == (6, 0, 0)
    assert result.units_created == 4 and result.jabatan_created == 6

    rizki = Pegawai.objects.select_related("user", "jabatan__unit").get(nip="198609262015051001")
    assert (rizki.nama, rizki.gelar_belakang, rizki.golongan) == (
        "Muhammad Rizki",
        "S.Kom",
        "III/b",
    )
    assert rizki.pin_absen == "101" and rizki.aktif_mulai == TODAY
    assert rizki.user.username == rizki.nip and not rizki.user.has_usable_password()
    assert rizki.jabatan.nama == "Pranata Komputer Ahli Pertama"
    assert rizki.jabatan.kelas == 1 and rizki.jabatan.jenis == Jabatan.Jenis.PELAKSANA
    assert rizki.unit == rizki.jabatan.unit
    assert rizki.unit.nama == "Dinas Komunikasi, Informatika dan Statistik"
    assert rizki.unit.jenis == UnitKerja.Jenis.OPD and rizki.unit.kode.startswith("IMP-")
    (penugasan,) = rizki.penugasan.all()
    assert (penugasan.jabatan, penugasan.jenis, penugasan.mulai, penugasan.selesai) == (
        rizki.jabatan,
        Penugasan.Jenis.DEFINITIF,
        TODAY,
        None,
    )
    assert penugasan.dibuat_oleh == admin
    guru = Pegawai.objects.get(nip="199505172022212003")
    assert (guru.jenis_asn, guru.golongan, guru.unit.jenis) == ("PPPK", "IX", "sekolah")
    assert Pegawai.objects.get(nip="199001122015032001").unit.jenis == "puskesmas"
    log = LogAksi.objects.get(aksi="pegawai.import")
    assert log.pelaku == admin
    assert log.data == {
        "filename": "simpeg-fixed.csv",
        "created": 6,
        "updated": 0,
        "unchanged": 0,
        "units_created": 4,
        "jabatan_created": 6,
    }


def test_comma_separated_utf8_with_bom_and_quoted_commas(cast):
    content = make_csv(
        [
            row(1, **{"UNIT KERJA": "Dinas Komunikasi, Informatika dan Statistik"}),
            row(2, NAMA="Cut Nyak Dhien", GOL="ii/c"),
        ],
        delimiter=",",
        title=False,
        encoding="utf-8-sig",
    )
    assert run(content).created == 2
    assert (
        Pegawai.objects.get(nip=nip(1)).unit.nama == "Dinas Komunikasi, Informatika dan Statistik"
    )
    assert Pegawai.objects.get(nip=nip(2)).golongan == "II/c"


def test_windows_1252_file_keeps_accented_names(cast):
    content = make_csv([row(1, NAMA="Zulfikar Ä"), row(2, NAMA="André Sitepu")], encoding="cp1252")
    assert run(content).created == 2
    assert Pegawai.objects.get(nip=nip(1)).nama == "Zulfikar Ä"
    assert Pegawai.objects.get(nip=nip(2)).nama == "André Sitepu"


def test_tab_separated_file_and_encoding_override(cast):
    content = make_csv([row(1, NAMA="Teuku Ré")], delimiter="\t", title=False, encoding="latin-1")
    assert run(content, encoding="latin-1").created == 1
    assert Pegawai.objects.get(nip=nip(1)).nama == "Teuku Ré"


def test_existing_unit_and_position_are_matched_by_name_ignoring_case_and_spacing(cast):
    content = make_csv([row(1, JABATAN="pengelola  data", **{"UNIT KERJA": "SEKSI DATA"})])
    result = run(content)
    assert (result.units_created, result.jabatan_created) == (0, 0)
    assert Pegawai.objects.get(nip=nip(1)).jabatan == cast.jab_staf


def xlsx(tmp_path, rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for cells in rows:
        sheet.append(cells)
    path = tmp_path / "simpeg.xlsx"
    book.save(path)
    return path.read_bytes()


def exact_number(content: bytes, placeholder: int, digits: str) -> bytes:
    """Store a number the way a server-side writer does: all 18 digits, as openpyxl (and Excel)
    cannot, since they keep 15 significant digits and write 1.99...e+17."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(f"<v>{placeholder}</v>".encode(), f"<v>{digits}</v>".encode())
            target.writestr(item, data)
    return out.getvalue()


def test_xlsx_with_title_row_numeric_nip_pin_and_date_cells(cast, tmp_path):
    content = xlsx(
        tmp_path,
        [
            [TITLE],
            [],
            [*HEADER, "TMT", "KELAS"],
            [1, 424242, "Nurul Hidayati", "IV/a", "PNS", "Pengelola Data", "Seksi Data", 101,
             date(2019, 3, 1), 6],
            [2, "'" + nip(2), "Rahmah", "III/a", "PNS", "Pengelola Data", "Seksi Data", None,
             "01-02-2021", None],
        ],
    )  # fmt: skip
    content = exact_number(content, 424242, nip(1))
    assert run(content, filename="simpeg.xlsx").created == 2
    nurul = Pegawai.objects.get(nip=nip(1))
    assert (nurul.pin_absen, nurul.aktif_mulai) == ("101", date(2019, 3, 1))
    assert nurul.penugasan.get().mulai == date(2019, 3, 1)
    assert Pegawai.objects.get(nip=nip(2)).aktif_mulai == date(2021, 2, 1)


def test_xlsx_float_nip_is_reported_damaged_with_its_row_and_never_rounded(cast, tmp_path):
    content = xlsx(
        tmp_path,
        [
            [TITLE],
            HEADER,
            [1, nip(1), "Baik", "III/a", "PNS", "Pengelola Data", "Seksi Data", None],
            [2, 1.98609262015051e17, "Rusak", "III/a", "PNS", "Pengelola Data", "Seksi Data", None],
        ],
    )
    before = counts()
    ((r, column, message),) = errors_of(content, filename="simpeg.xlsx")
    assert (r, column) == (4, "NIP")
    assert "1.98609262015051e+17 rusak oleh program spreadsheet" in message
    assert counts() == before
    assert not Pegawai.objects.filter(nip__startswith="19860926201505").exists()


# Bad rows ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "column", "fragment"),
    [
        ({"NIP": "1.98609E+17"}, "NIP", "1.98609E+17 rusak oleh program spreadsheet"),
        ({"NIP": "19860926201505100"}, "NIP", "harus 18 digit"),
        ({"NIP": "198602302015051001"}, "NIP", "30-02-1986 tidak ada di kalender"),
        ({"NIP": "198609262015053001"}, "NIP", "digit ke-15 (jenis kelamin) harus 1 atau 2"),
        ({"GOL": "IX"}, "GOL", "Golongan IX tidak berlaku untuk PNS"),
        (
            {"JENIS ASN": "PPPK", "NIP": "199505172022212003"},
            "GOL",
            "III/a tidak berlaku untuk PPPK",
        ),
        ({"GOL": "III/z"}, "GOL", "Golongan III/z tidak dikenal"),
        ({"JENIS ASN": "Honorer"}, "JENIS ASN", "Jenis ASN Honorer tidak dikenal"),
        ({"NAMA": ""}, "NAMA", "NAMA wajib diisi"),
        ({"JABATAN": " "}, "JABATAN", "JABATAN wajib diisi"),
        ({"PIN ABSEN": "1,23E+05"}, "PIN ABSEN", "rusak oleh program spreadsheet"),
    ],
)
def test_a_bad_row_is_reported_with_its_row_and_column_and_nothing_is_written(
    cast, values, column, fragment
):
    before = counts()
    content = make_csv([row(1), row(2, **values), row(3)])
    ((r, c, message),) = errors_of(content)
    assert (r, c) == (4, column)  # title row, header, a good row, then this one
    assert fragment in message
    assert counts() == before


def test_column_is_named_as_written_in_the_file(cast):
    header = ["nip", "Nama Pegawai", "Golongan", "Status", "Nama Jabatan", "Unit"]
    content = make_csv(
        [{"nip": nip(1), "Nama Pegawai": "A", "Golongan": "X", "Status": "PNS",
          "Nama Jabatan": "Pengelola Data", "Unit": "Seksi Data"}],
        header=header,
    )  # fmt: skip
    assert errors_of(content) == [
        (3, "Golongan", "Golongan X tidak berlaku untuk PNS; golongan PNS dan CPNS I/a sampai IV/e")
    ]


def test_missing_required_column_is_a_single_clear_error(cast):
    header = [h for h in HEADER if h not in ("GOL", "UNIT KERJA")]
    content = make_csv([row(seq) for seq in range(1, 6)], header=header)
    assert errors_of(content) == [
        (2, "", "Kolom wajib tidak ada di baris header: GOL, UNIT KERJA.")
    ]


def test_file_without_a_header_row_is_a_single_error(cast):
    ((r, column, message),) = errors_of(b"nama;golongan\nBudi;III/a\n")
    assert (r, column) == (0, "")
    assert message.startswith("Baris header tidak ditemukan")


def test_duplicate_nip_is_reported_on_the_second_row(cast):
    content = make_csv([row(1), row(2), row(3, NIP=nip(1))])
    assert errors_of(content) == [(5, "NIP", f"NIP {nip(1)} sudah ada di baris 3")]


def test_pin_used_twice_in_the_file_is_reported_on_the_second_row(cast):
    content = make_csv([row(1, **{"PIN ABSEN": "77"}), row(2, **{"PIN ABSEN": "77"})])
    assert errors_of(content) == [(4, "PIN ABSEN", "PIN absen 77 sudah dipakai di baris 3")]


def test_pin_held_by_another_staff_member_is_refused(cast):
    Pegawai.objects.filter(pk=cast.kepala.pk).update(pin_absen="55")
    content = make_csv([row(1, **{"PIN ABSEN": "55"})])
    ((r, column, message),) = errors_of(content)
    assert (r, column) == (3, "PIN ABSEN")
    assert f"PIN absen 55 sudah dipakai Kepala Dinas Contoh (NIP {cast.kepala.nip})" == message


def test_pins_swapped_between_two_staff_members_in_the_file_are_fine(cast):
    run(make_csv([row(1, **{"PIN ABSEN": "11"}), row(2, **{"PIN ABSEN": "22"})]))
    result = run(make_csv([row(1, **{"PIN ABSEN": "22"}), row(2, **{"PIN ABSEN": "11"})]))
    assert result.updated == 2
    assert Pegawai.objects.get(nip=nip(1)).pin_absen == "22"
    assert Pegawai.objects.get(nip=nip(2)).pin_absen == "11"


def test_every_problem_of_every_row_is_listed_in_file_order(cast):
    content = make_csv(
        [row(1, NAMA="", GOL="IX"), row(2), row(3, NIP="123", **{"JENIS ASN": "TNI"})]
    )
    assert [(r, c) for r, c, _m in errors_of(content)] == [
        (3, "NAMA"),
        (3, "GOL"),
        (5, "NIP"),
        (5, "JENIS ASN"),
    ]


def test_blank_lines_and_a_footer_are_skipped_but_keep_row_numbers(cast):
    content = make_csv([row(1), {}, row(2, NAMA="")]) + b"Jumlah: 2;;;;;;;\r\n"
    assert errors_of(content) == [(5, "NAMA", "NAMA wajib diisi")]


def test_two_headers_meaning_the_same_column_are_refused(cast):
    content = make_csv([row(1) | {"GOLONGAN": "III/a"}], header=[*HEADER, "GOLONGAN"])
    assert errors_of(content) == [(2, "", "Kolom GOL dan GOLONGAN berarti sama; hapus salah satu.")]


def test_old_xls_and_unreadable_xlsx_are_single_errors(cast):
    assert errors_of(b"\xd0\xcf\x11\xe0", filename="simpeg.xls")[0][2].startswith(
        "Format .xls lama tidak didukung"
    )
    assert errors_of(b"bukan zip", filename="simpeg.xlsx") == [
        (0, "", "Berkas XLSX tidak dapat dibuka; simpan ulang dari Excel.")
    ]


def test_wrong_encoding_override_is_a_single_error(cast):
    content = make_csv([row(1, NAMA="Zulfikar Ä")], encoding="cp1252")
    ((r, column, message),) = errors_of(content, encoding="utf-8")
    assert (r, column) == (0, "")
    assert "tidak dapat dibaca sebagai utf-8" in message


def test_email_goes_to_the_login_and_a_bad_one_is_refused(cast):
    header = [*HEADER, "EMAIL"]
    run(make_csv([row(1, EMAIL="rizki@example.id")], header=header))
    assert User.objects.get(username=nip(1)).email == "rizki@example.id"
    assert run(make_csv([row(1, EMAIL="baru@example.id")], header=header)).updated == 1
    assert User.objects.get(username=nip(1)).email == "baru@example.id"
    assert errors_of(make_csv([row(1, EMAIL="bukan-email")], header=header)) == [
        (3, "EMAIL", "bukan-email bukan alamat email")
    ]


def test_login_made_by_hand_before_the_import_is_reused(cast):
    user = User.objects.create_user(username=nip(1), password="rahasia-uji-123")
    assert run(make_csv([row(1)])).created == 1
    assert Pegawai.objects.get(nip=nip(1)).user == user
    assert User.objects.get(pk=user.pk).has_usable_password()


def test_login_named_after_the_nip_but_held_by_someone_else_is_refused(cast):
    User.objects.filter(pk=cast.orang_luar.user_id).update(username=nip(1))
    assert errors_of(make_csv([row(1)])) == [
        (3, "NIP", f"Akun dengan nama pengguna {nip(1)} sudah dipakai pegawai lain")
    ]


# Re-import and updates ----------------------------------------------------------------------------


def test_reimporting_the_same_file_changes_nothing(cast, tmp_path):
    content = fixed_sample(tmp_path).read_bytes()
    run(content)
    before = counts()
    stored = list(Pegawai.objects.order_by("pk").values())
    with CaptureQueriesContext(connection) as queries:
        result = run(content)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 6)
    assert (result.units_created, result.jabatan_created) == (0, 0)
    assert list(Pegawai.objects.order_by("pk").values()) == stored
    assert counts() == before | {"LogAksi": before["LogAksi"] + 1}
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].startswith(("INSERT", "UPDATE", "DELETE")) and "pegawai_logaksi" not in q["sql"]
    ]
    assert writes == []


def test_changed_row_updates_the_staff_member_by_nip(cast):
    run(make_csv([row(1), row(2)]))
    result = run(make_csv([row(1, GOL="III/b", NAMA="Nama Baru"), row(2)]))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    p = Pegawai.objects.get(nip=nip(1))
    assert (p.golongan, p.nama) == ("III/b", "Nama Baru")
    assert p.penugasan.count() == 1


def test_existing_staff_member_from_the_cast_is_updated_not_duplicated(cast):
    content = make_csv(
        [row(1, NIP=cast.staf.nip, NAMA="Staf Data", GOL="III/a", **{"PIN ABSEN": ""})]
    )
    result = run(content)
    assert (result.created, result.updated) == (0, 1)
    cast.staf.refresh_from_db()
    assert cast.staf.golongan == "III/a"
    assert User.objects.filter(username=cast.staf.nip).count() == 1


def test_jabatan_move_closes_the_old_penugasan_and_opens_a_new_one(cast):
    header = [*HEADER, "TMT"]
    run(make_csv([row(1, TMT="01-01-2020")], header=header))
    moved = make_csv(
        [row(1, TMT="2025-03-01", JABATAN="Analis SDM", **{"UNIT KERJA": "Badan Lain"})],
        header=header,
    )
    result = run(moved)
    assert (result.created, result.updated, result.jabatan_created) == (0, 1, 0)
    p = Pegawai.objects.get(nip=nip(1))
    assert (p.jabatan.nama, p.unit, p.aktif_mulai) == (
        "Analis SDM",
        cast.opd_lain,
        date(2020, 1, 1),
    )
    old, new = p.penugasan.order_by("mulai")
    assert (old.jabatan, old.mulai, old.selesai) == (
        cast.jab_staf,
        date(2020, 1, 1),
        date(2025, 2, 28),
    )
    assert (new.jabatan.nama, new.mulai, new.selesai) == ("Analis SDM", date(2025, 3, 1), None)
    assert run(moved).unchanged == 1


def test_jabatan_move_without_tmt_starts_on_the_import_date(cast):
    content = make_csv(
        [row(1, NIP=cast.staf.nip, NAMA="Staf Data", GOL="II/c", JABATAN="Analis Data Baru")]
    )
    result = run(content)
    assert (result.updated, result.jabatan_created) == (1, 1)
    old, new = cast.staf.penugasan.order_by("mulai")
    assert old.selesai == TODAY - timedelta(days=1)
    assert (new.jabatan.nama, new.jabatan.unit, new.mulai) == (
        "Analis Data Baru",
        cast.seksi,
        TODAY,
    )


def test_jabatan_move_not_after_the_current_position_is_refused(cast):
    header = [*HEADER, "TMT"]
    run(make_csv([row(1, TMT="01-01-2024")], header=header))
    before = counts()
    content = make_csv([row(1, TMT="01-01-2024", JABATAN="Analis Baru")], header=header)
    ((r, column, message),) = errors_of(content)
    assert (r, column) == (3, "TMT")
    assert "penugasan definitif terakhir dimulai 01-01-2024" in message
    assert counts() == before


def test_jabatan_move_before_the_staff_member_was_active_is_refused(cast):
    Penugasan.objects.filter(pegawai=cast.staf).update(mulai=date(2024, 6, 1))
    Pegawai.objects.filter(pk=cast.staf.pk).update(aktif_mulai=date(2024, 6, 1))
    content = make_csv(
        [row(1, NIP=cast.staf.nip, JABATAN="Analis Baru", TMT="01-01-2024")],
        header=[*HEADER, "TMT"],
    )
    errors = errors_of(content)
    assert errors[0] == (
        3,
        "TMT",
        "Jabatan baru mulai 01-01-2024, sebelum pegawai aktif (01-06-2024)",
    )


def test_bad_tmt_is_reported(cast):
    content = make_csv([row(1, TMT="31-02-2024")], header=[*HEADER, "TMT"])
    assert errors_of(content) == [
        (3, "TMT", "31-02-2024 bukan tanggal; tulis dd-mm-yyyy atau yyyy-mm-dd")
    ]


def test_absent_optional_column_leaves_the_field_alone(cast):
    run(make_csv([row(1, **{"PIN ABSEN": "31"})]))
    header = [h for h in HEADER if h != "PIN ABSEN"]
    assert run(make_csv([row(1)], header=header)).unchanged == 1
    assert Pegawai.objects.get(nip=nip(1)).pin_absen == "31"


# Units and positions ------------------------------------------------------------------------------

ORG_HEADER = [
    "NIP", "NAMA", "GOL", "JENIS ASN", "JABATAN", "JENIS JABATAN", "ESELON", "KELAS",
    "ATASAN JABATAN", "UNIT KERJA", "UNIT INDUK", "KODE UNIT",
]  # fmt: skip


def org_row(seq, jabatan, unit, **values):
    return {"NIP": nip(seq), "NAMA": f"P{seq}", "GOL": "III/a", "JENIS ASN": "PNS",
            "JABATAN": jabatan, "UNIT KERJA": unit} | values  # fmt: skip


def test_units_and_positions_are_created_with_their_tree_so_supervisors_resolve(cast):
    content = make_csv(
        [
            # The seksi comes before the bidang that is its parent: order does not matter.
            org_row(3, "Pengelola Keuangan", "Subbagian Keuangan", KELAS="6",
                    **{"ATASAN JABATAN": "Kepala Dinas", "UNIT INDUK": "Sekretariat"}),
            org_row(1, "Kepala Dinas", "Dinas Pangan", KELAS="14",
                    **{"JENIS JABATAN": "Struktural", "ESELON": "II.b"}),
            org_row(2, "Sekretaris", "Sekretariat", KELAS="11",
                    **{"JENIS JABATAN": "struktural", "ESELON": "III/a",
                       "ATASAN JABATAN": "Kepala Dinas", "UNIT INDUK": "Dinas Pangan"}),
            org_row(4, "Pengelola Keuangan", "Subbagian Keuangan",
                    **{"UNIT INDUK": "Sekretariat"}),
        ],
        header=ORG_HEADER,
    )  # fmt: skip
    result = run(content)
    assert (result.created, result.units_created, result.jabatan_created) == (4, 3, 3)
    dinas = UnitKerja.objects.get(nama="Dinas Pangan")
    sekretariat = UnitKerja.objects.get(nama="Sekretariat")
    subbag = UnitKerja.objects.get(nama="Subbagian Keuangan")
    assert (dinas.induk, dinas.jenis) == (None, "opd")
    assert (sekretariat.induk, sekretariat.jenis) == (dinas, "bidang")
    assert (subbag.induk, subbag.jenis) == (sekretariat, "seksi")
    kepala = Jabatan.objects.get(nama="Kepala Dinas", unit=dinas)
    sekretaris = Jabatan.objects.get(nama="Sekretaris")
    staf = Jabatan.objects.get(nama="Pengelola Keuangan")
    assert (kepala.jenis, kepala.eselon, kepala.kelas, kepala.atasan) == (
        "struktural",
        "II.b",
        14,
        None,
    )
    assert (sekretaris.eselon, sekretaris.atasan) == ("III.a", kepala)
    assert (staf.kelas, staf.atasan) == (6, kepala)
    hier = Hierarki.on(TODAY)
    by_nip = dict(Pegawai.objects.values_list("nip", "pk"))
    assert hier.atasan_of(by_nip[nip(3)]) == by_nip[nip(1)]
    assert hier.atasan_of(by_nip[nip(2)]) == by_nip[nip(1)]
    assert run(content).unchanged == 4


def test_existing_position_takes_the_class_and_supervisor_the_file_gives(cast):
    content = make_csv(
        [org_row(1, "Pengelola Data", "Seksi Data", KELAS="8", **{"ATASAN JABATAN": "Kepala Bidang Umum"})],
        header=ORG_HEADER,
    )  # fmt: skip
    assert run(content).jabatan_created == 0
    cast.jab_staf.refresh_from_db()
    assert (cast.jab_staf.kelas, cast.jab_staf.atasan) == (8, cast.jab_kabid)


def test_unit_known_by_kode_is_matched_by_kode(cast):
    content = make_csv(
        [org_row(1, "Analis", "Bidang Umum", **{"KODE UNIT": "1.01.01"})], header=ORG_HEADER
    )
    assert run(content).units_created == 0
    assert Pegawai.objects.get(nip=nip(1)).unit == cast.bidang


def test_kode_of_another_unit_is_refused(cast):
    content = make_csv(
        [org_row(1, "Analis", "Bidang Keuangan", **{"KODE UNIT": "1.01.01"})], header=ORG_HEADER
    )
    assert errors_of(content) == [
        (3, "KODE UNIT", "Kode unit 1.01.01 adalah milik Bidang Umum, bukan Bidang Keuangan")
    ]


def test_unit_name_shared_by_two_units_asks_for_kode_unit(cast):
    f_bidang = UnitKerja.objects.create(
        nama="Seksi Data", kode="2.01.01", jenis="seksi", induk=cast.opd_lain
    )
    content = make_csv([org_row(1, "Analis", "Seksi Data")], header=ORG_HEADER)
    ((r, column, message),) = errors_of(content)
    assert (r, column) == (3, "UNIT KERJA")
    assert "Ada 2 unit bernama Seksi Data (1.01.01.01, 2.01.01)" in message
    assert "KODE UNIT" in message
    content = make_csv(
        [org_row(1, "Analis", "Seksi Data", **{"KODE UNIT": "2.01.01"})], header=ORG_HEADER
    )
    run(content)
    assert Pegawai.objects.get(nip=nip(1)).unit == f_bidang


def test_unknown_atasan_jabatan_is_reported(cast):
    content = make_csv(
        [org_row(1, "Analis", "Seksi Data", **{"ATASAN JABATAN": "Kepala Seksi Hilang"})],
        header=ORG_HEADER,
    )
    assert errors_of(content) == [
        (
            3,
            "ATASAN JABATAN",
            "Jabatan atasan Kepala Seksi Hilang tidak ada di Seksi Data atau unit induknya",
        )
    ]


def test_structural_position_needs_an_eselon(cast):
    content = make_csv(
        [org_row(1, "Kepala Seksi Baru", "Seksi Data", **{"JENIS JABATAN": "struktural"})],
        header=ORG_HEADER,
    )
    assert errors_of(content) == [
        (3, "ESELON", "Jabatan struktural Kepala Seksi Baru wajib punya eselon; isi kolom ESELON")
    ]


def test_rows_that_disagree_about_a_position_are_reported(cast):
    content = make_csv(
        [org_row(1, "Analis", "Seksi Data", KELAS="7"), org_row(2, "Analis", "Seksi Data", KELAS="9")],
        header=ORG_HEADER,
    )  # fmt: skip
    assert errors_of(content) == [
        (4, "KELAS", "Jabatan Analis di Seksi Data sudah diberi 7 di baris 3")
    ]


def test_kode_unit_induk_picks_the_parent_when_unit_names_repeat(cast):
    header = [*ORG_HEADER, "KODE UNIT INDUK"]
    rows = []
    for seq, (opd, kode) in enumerate([("Dinas A", "9.01"), ("Dinas B", "9.02")], start=1):
        rows.append(
            org_row(
                seq,
                "Kepala " + opd,
                opd,
                **{"KODE UNIT": kode, "JENIS JABATAN": "struktural", "ESELON": "II.b"},
            )
        )
        rows.append(
            org_row(
                seq + 10,
                "Sekretaris",
                "Sekretariat",
                **{
                    "KODE UNIT": kode + ".01",
                    "KODE UNIT INDUK": kode,
                    "JENIS JABATAN": "struktural",
                    "ESELON": "III.a",
                    "ATASAN JABATAN": "Kepala " + opd,
                },
            )
        )
        rows.append(
            org_row(
                seq + 20,
                "Pengadministrasi Umum",
                "Subbagian Umum",
                **{
                    "KODE UNIT": kode + ".01.01",
                    "KODE UNIT INDUK": kode + ".01",
                    "ATASAN JABATAN": "Sekretaris",
                },
            )
        )
    result = run(make_csv(rows, header=header))
    assert (result.created, result.units_created, result.jabatan_created) == (6, 6, 6)
    subbag = UnitKerja.objects.get(kode="9.02.01.01")
    assert (subbag.induk.kode, subbag.induk.induk.nama) == ("9.02.01", "Dinas B")
    hier = Hierarki.on(TODAY)
    by_nip = dict(Pegawai.objects.values_list("nip", "pk"))
    assert hier.atasan_of(by_nip[nip(22)]) == by_nip[nip(12)]
    assert hier.atasan_of(by_nip[nip(12)]) == by_nip[nip(2)]


def test_units_that_are_each_others_parent_are_refused(cast):
    content = make_csv(
        [
            org_row(1, "Analis", "Unit A", **{"UNIT INDUK": "Unit B"}),
            org_row(2, "Analis", "Unit B", **{"UNIT INDUK": "Unit A"}),
        ],
        header=ORG_HEADER,
    )
    errors = errors_of(content)
    assert [(r, c) for r, c, _m in errors] == [(3, "UNIT INDUK"), (4, "UNIT INDUK")]
    assert "melingkar" in errors[0][2]


def test_positions_that_supervise_each_other_are_refused(cast):
    content = make_csv(
        [
            org_row(1, "Analis A", "Seksi Data", **{"ATASAN JABATAN": "Analis B"}),
            org_row(2, "Analis B", "Seksi Data", **{"ATASAN JABATAN": "Analis A"}),
        ],
        header=ORG_HEADER,
    )
    assert errors_of(content) == [
        (3, "ATASAN JABATAN", "Atasan jabatan Analis A melingkar kembali ke dirinya sendiri"),
        (4, "ATASAN JABATAN", "Atasan jabatan Analis B melingkar kembali ke dirinya sendiri"),
    ]


def test_eselon_on_a_non_structural_position_is_refused(cast):
    content = make_csv(
        [org_row(1, "Analis", "Seksi Data", ESELON="IV.a", **{"JENIS JABATAN": "fungsional"})],
        header=ORG_HEADER,
    )
    assert errors_of(content) == [
        (3, "ESELON", "Eselon hanya untuk jabatan struktural; Analis adalah jabatan fungsional")
    ]


# Queries ----------------------------------------------------------------------------------------


def test_import_uses_the_same_number_of_queries_for_10_or_100_rows(cast):
    def queries_for(rows: int, offset: int) -> int:
        content = make_csv([row(offset + i) for i in range(1, rows + 1)])
        with CaptureQueriesContext(connection) as queries:
            assert run(content).created == rows
        return len(queries)

    small = queries_for(10, 0)
    assert queries_for(100, 100) == small
    assert small <= 20


# The command ------------------------------------------------------------------------------------


def test_command_imports_and_reports_in_indonesian(cast, tmp_path):
    out = io.StringIO()
    call_command(
        "import_pegawai", str(fixed_sample(tmp_path)), "--oleh", cast.admin.nip, stdout=out
    )
    assert "Impor selesai: 6 pegawai baru, 0 diperbarui, 0 tidak berubah" in out.getvalue()
    assert "belum punya kata sandi" in out.getvalue()
    assert LogAksi.objects.get(aksi="pegawai.import").pelaku == cast.admin.user


def test_command_lists_every_problem_and_exits_non_zero(cast, tmp_path):
    path = tmp_path / "simpeg-sample.csv"
    shutil.copy(SAMPLE, path)
    err = io.StringIO()
    with pytest.raises(CommandError, match="Tidak ada data yang disimpan: 2 masalah"):
        call_command("import_pegawai", str(path), stderr=err)
    lines = err.getvalue().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("baris 6, kolom NIP: NIP 1.99001E+17 rusak oleh program spreadsheet")
    assert lines[1].startswith("baris 8, kolom NIP: NIP harus 18 digit")
    assert not LogAksi.objects.filter(aksi="pegawai.import").exists()


def test_command_encoding_override(cast, tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes(make_csv([row(1, NAMA="Mañana")], encoding="latin-1"))
    call_command("import_pegawai", str(path), "--encoding", "latin-1", stdout=io.StringIO())
    assert Pegawai.objects.get(nip=nip(1)).nama == "Mañana"


def test_command_refuses_an_unknown_admin(cast, tmp_path):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("import_pegawai", str(fixed_sample(tmp_path)), "--oleh", "123")
    assert not Pegawai.objects.filter(nama="Muhammad Rizki").exists()


# The upload screen --------------------------------------------------------------------------------

URL = reverse("pegawai:import")


def upload(name: str, content: bytes) -> dict:
    return {"berkas": SimpleUploadedFile(name, content, content_type="text/csv")}


def test_admin_uploads_a_good_file_and_is_sent_to_the_list(cast, login, tmp_path):
    client = login(cast.admin)
    response = client.post(
        URL, upload("simpeg.csv", fixed_sample(tmp_path).read_bytes()), follow=True
    )
    assert response.redirect_chain == [(reverse("pegawai:list"), 302)]
    page = response.content.decode()
    assert "Impor selesai: 6 pegawai baru, 0 diperbarui, 0 tidak berubah;" in page
    assert "belum punya kata sandi" in page
    assert LogAksi.objects.get(aksi="pegawai.import").pelaku == cast.admin.user


def test_admin_sees_the_problems_in_a_table_and_nothing_is_saved(cast, login):
    before = counts()
    response = login(cast.admin).post(URL, upload("simpeg.csv", SAMPLE.read_bytes()))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Tidak ada data yang disimpan: 2 masalah" in body
    assert "<td>6</td>" in body and "<td>8</td>" in body
    assert "NIP 1.99001E+17 rusak oleh program spreadsheet" in body
    assert "NIP harus 18 digit, 19870230201001100 berisi 17 digit" in body
    assert counts() == before


def test_admin_sees_the_empty_form(cast, login):
    response = login(cast.admin).get(URL)
    assert response.status_code == 200
    assert 'type="file"' in response.content.decode()


def test_staff_may_not_import(cast, login):
    response = login(cast.staf).post(URL, upload("simpeg.csv", make_csv([row(1)])))
    assert response.status_code == 403
    assert not Pegawai.objects.filter(nip=nip(1)).exists()
    assert login(cast.orang_luar).get(URL).status_code == 403


def test_anonymous_is_sent_to_login(cast, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_wrong_method_is_refused(cast, login):
    assert login(cast.admin).put(URL).status_code == 405


def test_upload_of_a_badly_broken_file_shows_the_first_problems_and_the_count(cast, login):
    header = "NIP;NAMA;GOL;JENIS ASN;JABATAN;UNIT KERJA\n"
    rows = "".join(f"12345;Orang {i};III/a;PNS;Staf;Dinas Contoh\n" for i in range(600))
    response = login(cast.admin).post(URL, upload("rusak.csv", (header + rows).encode()))
    assert response.status_code == 400
    assert len(response.context["errors"]) == 500
    count = response.context["error_count"]
    assert count >= 600  # every row has a bad NIP
    assert f"Menampilkan 500 dari {count} masalah" in response.content.decode()
