"""State changes of calendars and schedules: holidays, assignments, rosters and their import."""

import io
from datetime import date, time

import pytest
from django.core.management import CommandError, call_command

from pegawai.exceptions import KepegawaianError
from pegawai.importer import ImportErrors
from pegawai.models import (
    AdminUnit,
    HariJadwal,
    HariLibur,
    JadwalPegawai,
    JenisShift,
    LogAksi,
    Periode,
    ProfilJadwal,
    Ramadan,
    Roster,
)
from pegawai.services_kalender import (
    assign_jadwal,
    assign_jadwal_bulk,
    copy_jam_ramadan,
    create_hari_libur,
    delete_hari_libur,
    grant_admin_unit,
    import_roster,
    install_jadwal_bawaan,
    prefill_hari_libur,
    revoke_admin_unit,
    set_default_profil,
    set_roster,
    update_hari_libur,
)
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def shift(db):
    install_jadwal_bawaan()
    return {s.kode: s for s in JenisShift.objects.all()} | {
        "profil": ProfilJadwal.objects.get(kode="shift-nakes")
    }


@pytest.fixture
def puskesmas(cast, shift):
    return f.puskesmas(cast.opd, atasan=cast.jab_kepala)


def actions(name):
    return list(LogAksi.objects.filter(aksi=name))


class TestHolidays:
    def test_prefill_adds_national_holidays_and_cuti_bersama_once(self, cast):
        n = prefill_hari_libur(2026, by=cast.admin.user)
        rows = {h.tanggal: h for h in HariLibur.objects.filter(tanggal__year=2026)}
        assert n == len(rows) >= 20
        assert rows[date(2026, 8, 17)].jenis == HariLibur.Jenis.NASIONAL
        assert rows[date(2026, 3, 20)].jenis == HariLibur.Jenis.CUTI_BERSAMA
        assert all(h.dari_paket for h in rows.values())
        [log] = actions("pegawai.hari_libur_isi")
        assert log.pelaku == cast.admin.user and log.data["tahun"] == 2026
        with pytest.raises(KepegawaianError, match="sudah pernah diisi"):
            prefill_hari_libur(2026, by=cast.admin.user)

    def test_prefill_keeps_what_the_admin_entered_before(self, cast):
        create_hari_libur(
            tanggal=date(2026, 8, 17),
            nama="HUT RI ke-81",
            jenis=HariLibur.Jenis.NASIONAL,
            by=cast.admin.user,
        )
        prefill_hari_libur(2026, by=cast.admin.user)
        assert HariLibur.objects.get(tanggal=date(2026, 8, 17)).nama == "HUT RI ke-81"

    def test_the_command_prefills_and_refuses_a_second_time_in_indonesian(self, db):
        out = io.StringIO()
        call_command("isi_hari_libur", "2027", stdout=out)
        assert "hari libur nasional dan cuti bersama 2027 ditambahkan" in out.getvalue()
        with pytest.raises(CommandError, match="sudah pernah diisi otomatis"):
            call_command("isi_hari_libur", "2027")

    def test_a_date_is_a_holiday_once_per_calendar(self, cast, shift):
        by = cast.admin.user
        create_hari_libur(tanggal=date(2026, 4, 22), nama="Hari Jadi Kota", jenis="daerah", by=by)
        with pytest.raises(KepegawaianError, match="22-04-2026 sudah menjadi hari libur"):
            create_hari_libur(tanggal=date(2026, 4, 22), nama="Lagi", jenis="daerah", by=by)
        sekolah = ProfilJadwal.objects.get(kode="guru").kalender
        create_hari_libur(
            tanggal=date(2026, 4, 22),
            nama="Libur sekolah",
            jenis="kalender",
            kalender=sekolah,
            by=by,
        )
        with pytest.raises(KepegawaianError, match="harus memilih kalender"):
            create_hari_libur(tanggal=date(2026, 4, 23), nama="X", jenis="kalender", by=by)

    def test_corrections_and_deletions_are_logged_with_before_and_after(self, cast):
        by = cast.admin.user
        libur = create_hari_libur(
            tanggal=date(2026, 3, 20), nama="Idul Fitri", jenis="nasional", by=by
        )
        update_hari_libur(
            libur,
            tanggal=date(2026, 3, 21),
            nama="Idul Fitri 1447 H",
            jenis="nasional",
            alasan="SKB 3 menteri",
            by=by,
        )
        [log] = actions("pegawai.hari_libur_ubah")
        assert log.data["dari"]["tanggal"] == "2026-03-20"
        assert log.data["ke"]["tanggal"] == "2026-03-21" and log.alasan == "SKB 3 menteri"
        delete_hari_libur(libur, alasan="salah input", by=by)
        assert not HariLibur.objects.exists()
        assert actions("pegawai.hari_libur_hapus")[0].data["nama"] == "Idul Fitri 1447 H"
        with pytest.raises(KepegawaianError, match="sudah dihapus"):
            delete_hari_libur(libur, by=by)


class TestProfiles:
    def test_the_defaults_are_installed_once(self, db):
        install_jadwal_bawaan()
        assert install_jadwal_bawaan() == 0
        assert ProfilJadwal.objects.filter(is_default=True).count() == 1
        assert set(JenisShift.objects.values_list("kode", flat=True)) >= {"P", "S", "M"}

    def test_only_a_fixed_profile_can_be_the_default(self, cast, shift):
        with pytest.raises(KepegawaianError, match="jam kerja tetap"):
            set_default_profil(shift["profil"], by=cast.admin.user)
        sekolah = ProfilJadwal.objects.get(kode="sekolah-6-hari")
        set_default_profil(sekolah, by=cast.admin.user)
        assert list(ProfilJadwal.objects.filter(is_default=True)) == [sekolah]
        assert actions("pegawai.profil_bawaan")[0].objek_id == sekolah.pk

    def test_ramadan_hours_are_copied_from_the_previous_year(self, cast, shift):
        kantor = ProfilJadwal.objects.get(kode="kantor-5-hari")
        lalu = Ramadan.objects.create(tahun=2025, mulai=date(2025, 3, 1), selesai=date(2025, 3, 30))
        HariJadwal.objects.create(
            profil=kantor,
            ramadan=lalu,
            hari=0,
            jam_mulai=time(8),
            jam_selesai=time(15),
            target_menit=240,
        )
        baru = Ramadan.objects.create(
            tahun=2026, mulai=date(2026, 2, 19), selesai=date(2026, 3, 19)
        )
        assert copy_jam_ramadan(baru, by=cast.admin.user) == 1
        assert copy_jam_ramadan(baru, by=cast.admin.user) == 0  # nothing left to copy
        with pytest.raises(KepegawaianError, match="Belum ada jam Ramadan"):
            copy_jam_ramadan(lalu, by=cast.admin.user)


class TestAssignments:
    def test_a_new_assignment_ends_the_running_one_the_day_before(self, cast, shift):
        by = cast.admin.user
        first = assign_jadwal(cast.staf, profil=shift["profil"], mulai=date(2026, 1, 1), by=by)
        guru = ProfilJadwal.objects.get(kode="guru")
        second = assign_jadwal(
            cast.staf, profil=guru, mulai=date(2026, 5, 15), jam_mengajar=18, dasar="SK 12", by=by
        )
        first.refresh_from_db()
        assert first.selesai == date(2026, 5, 14)
        assert second.selesai is None and second.jam_mengajar_per_minggu == 18
        log = actions("pegawai.jadwal")[0]
        assert log.alasan == "SK 12" and log.data["pegawai"] == [cast.staf.nip]

    def test_refuses_to_start_before_a_later_assignment(self, cast, shift):
        by = cast.admin.user
        assign_jadwal(cast.staf, profil=shift["profil"], mulai=date(2026, 5, 1), by=by)
        with pytest.raises(KepegawaianError, match="sudah punya jadwal yang dimulai 01-05-2026"):
            assign_jadwal(cast.staf, profil=shift["profil"], mulai=date(2026, 4, 1), by=by)

    def test_teaching_hours_only_for_a_teaching_profile(self, cast, shift):
        with pytest.raises(KepegawaianError, match="hanya untuk profil mengajar"):
            assign_jadwal(
                cast.staf, profil=shift["profil"], mulai=date(2026, 5, 1), jam_mengajar=24, by=None
            )

    def test_bulk_assignment_is_set_based(self, cast, shift, django_assert_max_num_queries):
        ids = [f.pegawai(f"Guru {i}", cast.jab_staf, login=False).pk for i in range(30)]
        guru = ProfilJadwal.objects.get(kode="guru")
        with django_assert_max_num_queries(8):
            created = assign_jadwal_bulk(ids, profil=guru, mulai=date(2026, 7, 1), by=None)
        assert len(created) == 30 and len(actions("pegawai.jadwal")) == 1


class TestRosterEdits:
    def test_sets_changes_and_clears_shifts_with_one_log_row(self, cast, puskesmas, shift):
        a, b = puskesmas.nakes
        by = cast.admin.user
        result = set_roster(
            puskesmas.unit,
            {(a.pk, date(2026, 5, 1)): shift["P"].pk, (b.pk, date(2026, 5, 1)): shift["M"].pk},
            by=by,
        )
        assert (result.dibuat, result.diubah, result.dihapus) == (2, 0, 0)
        result = set_roster(
            puskesmas.unit,
            {
                (a.pk, date(2026, 5, 1)): shift["S"].pk,
                (b.pk, date(2026, 5, 1)): None,
                (a.pk, date(2026, 5, 2)): None,  # was already off
            },
            by=by,
        )
        assert (result.dibuat, result.diubah, result.dihapus) == (0, 1, 1)
        assert list(Roster.objects.values_list("pegawai", "shift__kode")) == [(a.pk, "S")]
        last = actions("pegawai.roster_ubah")[0]
        assert sorted(last.data["perubahan"]) == sorted(
            [[a.nip, "2026-05-01", "P", "S"], [b.nip, "2026-05-01", "M", ""]]
        )

    def test_refuses_staff_outside_the_unit_and_staff_not_on_shifts(self, cast, puskesmas, shift):
        a = puskesmas.nakes[0]
        with pytest.raises(KepegawaianError) as caught:
            set_roster(
                puskesmas.unit,
                {
                    (a.pk, date(2026, 5, 1)): shift["P"].pk,
                    (cast.staf.pk, date(2026, 5, 1)): shift["P"].pk,
                },
                by=cast.admin.user,
            )
        assert "tidak terdaftar di Puskesmas Contoh" in str(caught.value)
        assert not Roster.objects.exists()
        office = f.pegawai("Petugas TU", puskesmas.jab_kapus)
        with pytest.raises(KepegawaianError, match="tidak memakai jadwal shift"):
            set_roster(puskesmas.unit, {(office.pk, date(2026, 5, 1)): shift["P"].pk}, by=None)

    def test_refuses_days_before_the_person_joined(self, cast, puskesmas, shift):
        baru = f.pegawai("Perawat Baru", puskesmas.nakes[0].jabatan, mulai=date(2026, 5, 15))
        JadwalPegawai.objects.create(pegawai=baru, profil=shift["profil"], mulai=date(2026, 5, 15))
        with pytest.raises(KepegawaianError, match="tidak aktif pada 14-05-2026"):
            set_roster(puskesmas.unit, {(baru.pk, date(2026, 5, 14)): shift["P"].pk}, by=None)


class TestAdminUnit:
    def test_grants_cover_the_unit_and_its_sub_units(self, cast):
        grant = grant_admin_unit(cast.atasan.user, unit=cast.bidang, by=cast.admin.user)
        units = set(AdminUnit.objects.units_of(cast.atasan.user))
        assert units == {cast.bidang, cast.seksi}
        with pytest.raises(KepegawaianError, match="sudah menjadi admin roster"):
            grant_admin_unit(cast.atasan.user, unit=cast.bidang, by=cast.admin.user)
        revoke_admin_unit(grant, by=cast.admin.user)
        assert not AdminUnit.objects.units_of(cast.atasan.user).exists()
        assert [log.aksi for log in LogAksi.objects.order_by("id")][-2:] == [
            "pegawai.admin_unit_beri",
            "pegawai.admin_unit_cabut",
        ]


def csv_file(*lines, delimiter=";"):
    return io.BytesIO("\r\n".join(delimiter.join(line) for line in lines).encode())


class TestRosterImport:
    def test_imports_a_month_in_both_date_formats(self, cast, puskesmas, shift):
        a, b = puskesmas.nakes
        result = import_roster(
            csv_file(
                ["ROSTER PUSKESMAS CONTOH MEI 2026", "", ""],
                ["NIP", "TANGGAL", "SHIFT"],
                [a.nip, "01-05-2026", "P"],
                [a.nip, "2026-05-02", "m"],
                [f"'{b.nip}", "01/05/2026", "S"],
                [b.nip, "02-05-2026", "L"],
            ),
            filename="roster.csv",
            unit=puskesmas.unit,
            by=cast.admin.user,
        )
        assert (result.dibuat, result.diubah, result.dihapus) == (3, 0, 0)
        assert dict(Roster.objects.filter(pegawai=a).values_list("tanggal", "shift__kode")) == {
            date(2026, 5, 1): "P",
            date(2026, 5, 2): "M",
        }
        log = actions("pegawai.roster_ubah")[0]
        assert log.data["sumber"] == "impor" and log.data["berkas"] == "roster.csv"

    def test_a_bad_row_writes_nothing_and_names_row_and_column(self, cast, puskesmas, shift):
        a, b = puskesmas.nakes
        Roster.objects.create(
            pegawai=a, tanggal=date(2026, 5, 3), shift=shift["P"], diubah_pada="2026-04-01T00:00Z"
        )
        before = list(Roster.objects.values_list("pegawai", "tanggal", "shift"))
        with pytest.raises(ImportErrors) as caught:
            import_roster(
                csv_file(
                    ["NIP", "TANGGAL", "SHIFT"],
                    [a.nip, "01-05-2026", "P"],
                    [a.nip, "03-05-2026", ""],
                    [b.nip, "31-02-2026", "P"],
                    [b.nip, "04-05-2026", "X"],
                    ["1.98609E+17", "04-05-2026", "P"],
                    [a.nip, "01-05-2026", "S"],
                    delimiter=",",
                ),
                filename="roster.csv",
                unit=puskesmas.unit,
                by=cast.admin.user,
            )
        errors = [(e.row, e.column) for e in caught.value.errors]
        assert errors == [(4, "TANGGAL"), (5, "SHIFT"), (6, "NIP"), (7, "TANGGAL")]
        messages = [e.message for e in caught.value.errors]
        assert "tulis dd-mm-yyyy atau yyyy-mm-dd" in messages[0]
        assert "Kode shift 'X' tidak dikenal; pilihan: M, P, S" in messages[1]
        assert "angka ilmiah" in messages[2]
        assert "sudah ada di baris 2" in messages[3]
        assert list(Roster.objects.values_list("pegawai", "tanggal", "shift")) == before
        assert not actions("pegawai.roster_ubah")

    def test_only_staff_of_the_unit_on_shifts_while_active(self, cast, puskesmas, shift):
        a = puskesmas.nakes[0]
        office = f.pegawai("Petugas TU", puskesmas.jab_kapus)
        with pytest.raises(ImportErrors) as caught:
            import_roster(
                csv_file(
                    ["NIP", "TANGGAL", "SHIFT"],
                    [a.nip, "01-05-2026", "P"],
                    [cast.staf.nip, "01-05-2026", "P"],
                    ["199912312020121001", "01-05-2026", "P"],
                    [office.nip, "01-05-2026", "P"],
                    [a.nip, "31-12-2025", "P"],
                ),
                filename="roster.csv",
                unit=puskesmas.unit,
                by=cast.admin.user,
            )
        assert [(e.row, e.column) for e in caught.value.errors] == [
            (3, "NIP"),
            (4, "NIP"),
            (5, "TANGGAL"),
            (6, "TANGGAL"),
        ]
        assert "tidak terdaftar di Puskesmas Contoh" in caught.value.errors[0].message
        assert "tidak memakai jadwal shift" in caught.value.errors[2].message
        assert not Roster.objects.exists()

    def test_a_file_without_the_columns_is_refused_as_a_whole(self, cast, puskesmas):
        with pytest.raises(ImportErrors) as caught:
            import_roster(
                csv_file(["NAMA", "TGL"], ["x", "y"]),
                filename="roster.csv",
                unit=puskesmas.unit,
                by=None,
            )
        [error] = caught.value.errors
        assert error.row == 0 and "NIP, TANGGAL dan SHIFT" in error.message


def test_a_mistyped_year_is_refused_before_loading_decades(cast, puskesmas, shift):
    a = puskesmas.nakes[0]
    with pytest.raises(ImportErrors) as caught:
        import_roster(
            csv_file(
                ["NIP", "TANGGAL", "SHIFT"], [a.nip, "01-05-2026", "P"], [a.nip, "01-05-2062", "P"]
            ),
            filename="roster.csv",
            unit=puskesmas.unit,
            by=None,
        )
    [error] = caught.value.errors
    assert error.column == "TANGGAL" and "paling banyak mencakup satu tahun" in error.message


class TestClosedMonth:
    """April 2026 is closed: a holiday or roster change that would alter one of its days is
    refused with the month named, all or nothing; what alters no day of it goes through."""

    @pytest.fixture(autouse=True)
    def april_ditutup(self, db):
        Periode.objects.create(tahun=2026, bulan=4, status=Periode.Status.DITUTUP)

    LIBUR = "Periode April 2026 sudah ditutup: hari libur bulan itu tidak dapat diubah lagi."
    ROSTER = "Periode April 2026 sudah ditutup: roster bulan itu tidak dapat diubah lagi."

    def test_holidays_do_not_come_go_or_move_in_a_closed_month(self, cast):
        by, daerah = cast.admin.user, HariLibur.Jenis.DAERAH
        with pytest.raises(KepegawaianError, match=self.LIBUR):
            create_hari_libur(tanggal=date(2026, 4, 10), nama="Baru", jenis=daerah, by=by)
        april = HariLibur.objects.create(tanggal=date(2026, 4, 10), nama="Lama", jenis=daerah)
        mei = create_hari_libur(tanggal=date(2026, 5, 20), nama="Mei", jenis=daerah, by=by)
        with pytest.raises(KepegawaianError, match=self.LIBUR):  # out of April
            update_hari_libur(april, tanggal=date(2026, 5, 21), nama="Lama", jenis=daerah, by=by)
        with pytest.raises(KepegawaianError, match=self.LIBUR):  # into April
            update_hari_libur(mei, tanggal=date(2026, 4, 21), nama="Mei", jenis=daerah, by=by)
        with pytest.raises(KepegawaianError, match=self.LIBUR):
            delete_hari_libur(april, by=by)
        assert set(HariLibur.objects.values_list("tanggal", "nama")) == {
            (date(2026, 4, 10), "Lama"),
            (date(2026, 5, 20), "Mei"),
        }
        # A new name changes no day: allowed.
        update_hari_libur(april, tanggal=date(2026, 4, 10), nama="Nama baku", jenis=daerah, by=by)
        assert HariLibur.objects.get(pk=april.pk).nama == "Nama baku"

    def test_a_roster_edit_touching_a_closed_month_changes_nothing(self, cast, puskesmas, shift):
        a = puskesmas.nakes[0]
        Roster.objects.create(
            pegawai=a, tanggal=date(2026, 4, 30), shift=shift["M"], diubah_pada="2026-04-01T00:00Z"
        )
        for april in (shift["P"].pk, None):  # changed, or cleared
            with pytest.raises(KepegawaianError, match=self.ROSTER):
                set_roster(
                    puskesmas.unit,
                    {(a.pk, date(2026, 4, 30)): april, (a.pk, date(2026, 5, 1)): shift["P"].pk},
                    by=None,
                )
        assert list(Roster.objects.values_list("tanggal", "shift__kode")) == [
            (date(2026, 4, 30), "M")
        ]
        # April's day as it is, with May's change: nothing of April changes, so it is saved.
        result = set_roster(
            puskesmas.unit,
            {(a.pk, date(2026, 4, 30)): shift["M"].pk, (a.pk, date(2026, 5, 1)): shift["P"].pk},
            by=None,
        )
        assert (result.dibuat, result.diubah, result.dihapus) == (1, 0, 0)

    def test_a_roster_import_names_the_lines_of_the_closed_month(self, cast, puskesmas, shift):
        a, b = puskesmas.nakes
        with pytest.raises(ImportErrors) as caught:
            import_roster(
                csv_file(
                    ["NIP", "TANGGAL", "SHIFT"],
                    [a.nip, "29-04-2026", "P"],
                    [a.nip, "30-04-2026", "L"],  # off, as it already is: not a change
                    [b.nip, "01-05-2026", "P"],
                    [b.nip, "30-04-2026", "S"],
                ),
                filename="roster.csv",
                unit=puskesmas.unit,
                by=None,
            )
        assert [(e.row, e.column, e.message) for e in caught.value.errors] == [
            (2, "TANGGAL", self.ROSTER),
            (5, "TANGGAL", self.ROSTER),
        ]
        assert not Roster.objects.exists() and not actions("pegawai.roster_ubah")
