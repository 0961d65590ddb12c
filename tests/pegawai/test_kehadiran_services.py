"""Attendance imports, leave ranges, corrections and the query the other apps read."""

from datetime import date, datetime, time
from pathlib import Path

import pytest
from django.utils import timezone

from pegawai import kehadiran_query
from pegawai.exceptions import KepegawaianError
from pegawai.importer import ImportErrors
from pegawai.kehadiran_impor import import_kehadiran, import_kehadiran_harian
from pegawai.models import (
    HariLibur,
    Izin,
    Kehadiran,
    LogAbsen,
    LogAksi,
    Periode,
    RiwayatKehadiran,
    Roster,
)
from pegawai.services_kalender import install_jadwal_bawaan
from pegawai.services_kehadiran import (
    cancel_izin,
    correct_kehadiran,
    create_izin,
    withdraw_koreksi,
)
from tests import factories as f

pytestmark = pytest.mark.django_db
SAMPLE = Path("/work/shared/data/attlog-sample.dat")
TZ = timezone.get_current_timezone()
NOW = datetime(2026, 3, 20, 9, tzinfo=TZ)  # a Friday, after the sample's two weeks


def log(*lines: tuple[str, str]) -> str:
    """A machine log in the sample's format from (PIN, "YYYY-MM-DD HH:MM[:SS]") pairs."""
    return "\n".join(f"{pin:>9}\t{waktu}\t1\t0\t0\t0" for pin, waktu in lines) + "\n"


def day(p, tanggal: str) -> Kehadiran | None:
    return Kehadiran.objects.filter(pegawai=p, tanggal=date.fromisoformat(tanggal)).first()


def codes(p) -> dict[str, str]:
    return {
        f"{k.tanggal:%m-%d}": k.tampil
        for k in Kehadiran.objects.filter(pegawai=p).order_by("tanggal")
    }


@pytest.fixture
def staff(cast):
    """The sample file's PINs 101–104 on the default office week (PIN 105 is nobody's)."""
    install_jadwal_bawaan()
    people = {"101": cast.staf, "102": cast.atasan}
    for p in people.values():
        p.pin_absen = next(pin for pin, q in people.items() if q is p)
        p.save(update_fields=["pin_absen"])
    people["103"] = f.pegawai("Pegawai 103", cast.jab_staf, pin_absen="103")
    people["104"] = f.pegawai("Pegawai 104", cast.jab_staf, pin_absen="104")
    return people


def import_sample(by, **kwargs):
    return import_kehadiran(SAMPLE.read_bytes(), filename=SAMPLE.name, by=by, now=NOW, **kwargs)


class TestImportMesin:
    def test_the_sample_file_is_classified_per_working_day(self, cast, staff):
        result = import_sample(cast.admin.user)
        assert (result.mulai, result.sampai) == (date(2026, 3, 2), date(2026, 3, 13))
        assert result.pegawai == 4
        assert result.dibuat == 40  # 4 people × 10 working days
        assert result.scan_baru == 85  # 106 lines less PIN 105's 21
        p103 = codes(staff["103"])
        assert p103["03-02"] == "TL2"  # 08:45 for 08:00
        assert p103["03-06"] == "TL2 PSW1"  # Friday 08:49, left 16:31 for 17:00
        assert p103["03-13"] == "PSW2"  # Friday, left 16:20
        p101 = codes(staff["101"])
        assert p101["03-04"] == "PSW1"  # left 16:14 for 16:30
        assert p101["03-13"] == "PSW2"  # Friday, left 16:29: 31 minutes early
        k = day(staff["103"], "2026-03-02")
        assert timezone.localtime(k.jam_masuk).time() == time(8, 45)
        assert (k.menit_terlambat, k.menit_pulang_cepat, k.sumber) == (45, 0, "mesin")
        assert not Kehadiran.objects.filter(tanggal__week_day__in=[1, 7]).exists()

    def test_unknown_pins_are_reported_with_their_lines_and_logged(self, cast, staff):
        result = import_sample(cast.admin.user)
        (warning,) = result.peringatan
        assert warning.row == 2 and warning.column == "PIN (kolom 1)"
        assert "PIN 105" in warning.message and "21 scan dilewati" in warning.message
        assert "baris 2, 9, 13" in warning.message
        entry = LogAksi.objects.get(aksi="pegawai.kehadiran_impor_mesin")
        assert entry.pelaku == cast.admin.user
        assert entry.data["peringatan"][0][0] == 2 and "105" in entry.data["peringatan"][0][1]
        assert entry.data["berkas"] == SAMPLE.name and entry.data["dibuat"] == 40

    def test_importing_the_same_file_again_changes_nothing(self, cast, staff):
        import_sample(cast.admin.user)
        before = sorted(
            Kehadiran.objects.values_list(
                "id", "pegawai", "tanggal", "kode", "tl", "psw", "diubah_pada"
            )
        )
        again = import_sample(cast.admin.user)
        assert (again.dibuat, again.diubah, again.dihapus, again.scan_baru) == (0, 0, 0, 0)
        after = sorted(
            Kehadiran.objects.values_list(
                "id", "pegawai", "tanggal", "kode", "tl", "psw", "diubah_pada"
            )
        )
        assert after == before
        assert LogAbsen.objects.count() == 85
        assert LogAksi.objects.filter(aksi="pegawai.kehadiran_impor_mesin").count() == 1

    def test_duplicate_lines_are_stored_once(self, cast, staff):
        text = log(
            ("101", "2026-03-02 07:50:00"),
            ("101", "2026-03-02 07:50:00"),
            ("101", "2026-03-02 16:40"),
        )
        result = import_kehadiran(text, by=None, now=NOW)
        assert result.scan_baru == 2
        assert day(staff["101"], "2026-03-02").tampil == "H"

    def test_bad_lines_are_reported_by_row_and_column_and_nothing_is_saved(self, cast, staff):
        text = (
            log(("101", "2026-03-02 07:50:00"))
            + "  10 1\t2026-03-02 08:00:00\t1\t0\t0\t0\n"
            + "   102\t02-03-2026 08:00\t1\t0\t0\t0\n"
            + "   102\t2026-03-02 08:00:00\tx\t0\t0\t0\n"
            + "\n"
            + "   103\t2026-04-30 08:00:00\t1\t0\t0\t0\n"
        )
        with pytest.raises(ImportErrors) as exc:
            import_kehadiran(text, by=None, now=NOW)
        found = [(e.row, e.column) for e in exc.value.errors]
        assert found == [
            (2, "PIN (kolom 1)"),
            (3, "WAKTU (kolom 2)"),
            (4, "VERIFIKASI (kolom 3)"),
            (6, "WAKTU (kolom 2)"),
        ]
        assert "belum tiba" in exc.value.errors[-1].message
        assert not LogAbsen.objects.exists() and not Kehadiran.objects.exists()

    def test_an_empty_file_is_refused(self, cast, staff):
        with pytest.raises(ImportErrors, match="1 kesalahan"):
            import_kehadiran("\n\n", by=None, now=NOW)

    def test_a_working_day_without_any_scan_is_tk(self, cast, staff):
        text = log(
            ("101", "2026-03-02 07:50"), ("101", "2026-03-02 16:35"),
            ("101", "2026-03-04 07:50"), ("101", "2026-03-04 16:35"),
        )  # fmt: skip
        import_kehadiran(text, by=None, now=NOW)
        assert codes(staff["101"]) == {"03-02": "H", "03-03": "TK", "03-04": "H"}

    def test_no_check_in_is_tl4_and_no_check_out_psw4(self, cast, staff):
        text = log(
            ("101", "2026-03-02 16:35"), ("101", "2026-03-03 07:55"),
            ("101", "2026-03-04 07:55"), ("101", "2026-03-04 16:30"),
        )  # fmt: skip
        import_kehadiran(text, by=None, now=NOW)
        assert codes(staff["101"]) == {"03-02": "TL4", "03-03": "PSW4", "03-04": "H"}

    def test_holidays_and_weekends_get_no_record(self, cast, staff):
        HariLibur.objects.create(tanggal=date(2026, 3, 3), nama="Libur daerah", jenis="daerah")
        text = log(
            *[("101", f"2026-03-0{d} 08:00") for d in (2, 3, 4, 7)], ("101", "2026-03-04 16:40")
        )
        import_kehadiran(text, by=None, now=NOW)
        # The file's period runs to the 7th: Thursday and Friday are working days without scans.
        assert codes(staff["101"]) == {"03-02": "PSW4", "03-04": "H", "03-05": "TK", "03-06": "TK"}

    def test_a_day_not_over_yet_is_left_for_later(self, cast, staff):
        text = log(
            ("101", "2026-03-02 07:50"), ("101", "2026-03-02 16:40"), ("101", "2026-03-03 07:50")
        )
        noon = datetime(2026, 3, 3, 12, tzinfo=TZ)
        import_kehadiran(text, by=None, now=noon)
        assert codes(staff["101"]) == {"03-02": "H"}  # not PSW4 while still at work
        text += log(("101", "2026-03-03 16:45"))
        import_kehadiran(text, by=None, now=datetime(2026, 3, 4, 9, tzinfo=TZ))
        assert codes(staff["101"]) == {"03-02": "H", "03-03": "H"}

    def test_a_file_exported_at_noon_is_completed_by_the_next(self, cast, staff):
        # Imported days later: Tuesday has ended, with the scans the file has.
        text = log(
            ("101", "2026-03-02 07:50"), ("101", "2026-03-02 16:40"), ("101", "2026-03-03 07:50")
        )
        import_kehadiran(text, by=None, now=NOW)
        assert codes(staff["101"]) == {"03-02": "H", "03-03": "PSW4"}
        text += log(("101", "2026-03-03 16:31"))
        import_kehadiran(text, by=None, now=NOW)
        assert codes(staff["101"]) == {"03-02": "H", "03-03": "H"}

    def test_a_second_machine_completes_a_day(self, cast, staff):
        import_kehadiran(
            log(("101", "2026-03-02 07:50"), ("102", "2026-03-02 16:45")), by=None, now=NOW
        )
        assert day(staff["101"], "2026-03-02").tampil == "PSW4"
        other = import_kehadiran(
            log(("101", "2026-03-02 16:40"), ("102", "2026-03-02 07:58")), by=None, now=NOW
        )
        assert other.diubah == 2
        assert day(staff["101"], "2026-03-02").tampil == "H"
        assert day(staff["102"], "2026-03-02").tampil == "H"

    def test_a_unit_makes_its_absent_staff_tk(self, cast, staff):
        absent = f.pegawai("Tidak Pernah Absen", cast.jab_staf, pin_absen="999")
        no_pin = f.pegawai("Tanpa Mesin", cast.jab_staf)
        text = log(("101", "2026-03-02 07:50"), ("101", "2026-03-02 16:40"))
        import_kehadiran(text, by=None, now=NOW)
        assert codes(absent) == {}
        import_kehadiran(text, by=None, now=NOW, units=[cast.seksi])
        assert codes(absent) == {"03-02": "TK"}
        assert codes(no_pin) == {}  # no machine, no TK
        assert codes(staff["103"]) == {"03-02": "TK"}  # same seksi, has a PIN
        assert codes(staff["102"]) == {}  # the kabid sits in the bidang, above the seksi

    def test_a_month_leaves_out_scans_outside_it(self, cast, staff):
        text = log(
            ("101", "2026-02-27 07:50"), ("101", "2026-03-02 07:50"), ("101", "2026-03-02 16:40"),
        )  # fmt: skip
        result = import_kehadiran(text, by=None, now=NOW, bulan=(2026, 3))
        assert result.di_luar_bulan == 1 and (result.mulai, result.sampai) == (
            date(2026, 3, 1),
            date(2026, 3, 31),
        )
        assert LogAbsen.objects.count() == 2
        # The month is the period: every working day of March that has ended by now (the 20th,
        # 09:00) is classified, TK where nothing was scanned.
        c = codes(staff["101"])
        assert c.pop("03-02") == "H"
        assert set(c.values()) == {"TK"} and len(c) == 13 and max(c) == "03-19"

    def test_a_file_spanning_years_must_be_imported_per_month(self, cast, staff):
        text = log(("101", "2000-01-01 00:00"), ("101", "2026-03-02 07:50"))
        with pytest.raises(ImportErrors, match="1 kesalahan") as exc:
            import_kehadiran(text, by=None, now=NOW)
        assert "impor per bulan" in exc.value.errors[0].message

    def test_a_closed_month_refuses_its_scans(self, cast, staff):
        Periode.objects.create(tahun=2026, bulan=3, status=Periode.Status.DITUTUP)
        with pytest.raises(ImportErrors) as exc:
            import_sample(cast.admin.user)
        assert len(exc.value.errors) == 106
        assert "Periode Maret 2026 sudah ditutup" in exc.value.errors[0].message
        assert not LogAbsen.objects.exists()

    def test_the_night_shift_belongs_to_the_day_it_starts(self, cast):
        pkm = f.puskesmas(cast.opd, atasan=cast.jab_kepala)
        nurse = pkm.nakes[0]
        nurse.pin_absen = "501"
        nurse.save(update_fields=["pin_absen"])
        for d, shift in ((9, pkm.M), (11, pkm.P)):
            Roster.objects.create(
                pegawai=nurse, tanggal=date(2026, 3, d), shift=shift, diubah_pada=NOW
            )
        first = log(("501", "2026-03-09 19:52"))
        import_kehadiran(first, by=None, now=NOW)
        assert codes(nurse) == {"03-09": "PSW4"}  # the morning scan is in the next file
        second = log(
            ("501", "2026-03-10 08:04"), ("501", "2026-03-11 07:58"), ("501", "2026-03-11 14:03")
        )
        import_kehadiran(second, by=None, now=NOW)
        assert codes(nurse) == {"03-09": "H", "03-11": "H"}
        k = day(nurse, "2026-03-09")
        assert timezone.localtime(k.jam_pulang) == datetime(2026, 3, 10, 8, 4, tzinfo=TZ)


class TestImportHarian:
    CSV = "NIP;TANGGAL;KODE\n{a};02-03-2026;H\n{a};03-03-2026;TL2+PSW1\n{b};02-03-2026;dl\n"

    def test_codes_are_written_as_the_file_says(self, cast, staff):
        text = self.CSV.format(a=cast.staf.nip, b=cast.atasan.nip)
        result = import_kehadiran_harian(text, filename="rekap.csv", by=cast.admin.user, now=NOW)
        assert (result.dibuat, result.pegawai) == (3, 2)
        assert codes(cast.staf) == {"03-02": "H", "03-03": "TL2 PSW1"}
        assert day(cast.atasan, "2026-03-02").kode == "DL"
        assert day(cast.staf, "2026-03-02").sumber == "harian"
        again = import_kehadiran_harian(text, filename="rekap.csv", by=cast.admin.user, now=NOW)
        assert again.berubah == 0
        assert LogAksi.objects.filter(aksi="pegawai.kehadiran_impor_harian").count() == 1

    def test_a_machine_import_does_not_overwrite_the_summary(self, cast, staff):
        import_kehadiran_harian(
            self.CSV.format(a=cast.staf.nip, b=cast.atasan.nip), filename="r.csv", by=None, now=NOW
        )
        import_kehadiran(
            log(("101", "2026-03-02 09:00"), ("101", "2026-03-02 16:40")), by=None, now=NOW
        )
        assert day(cast.staf, "2026-03-02").tampil == "H"

    def test_unknown_nips_and_non_working_days_are_reported_and_skipped(self, cast, staff):
        text = (
            "NIP,TANGGAL,KODE\n"
            f"{cast.staf.nip},2026-03-02,H\n"
            "199001012015031999,2026-03-02,H\n"
            f"{cast.staf.nip},2026-03-07,H\n"
        )
        result = import_kehadiran_harian(text, filename="r.csv", by=None, now=NOW)
        assert [(w.row, w.column) for w in result.peringatan] == [(3, "NIP"), (4, "TANGGAL")]
        assert "199001012015031999" in result.peringatan[0].message
        assert "bukan hari kerja" in result.peringatan[1].message
        assert codes(cast.staf) == {"03-02": "H"}

    def test_errors_come_with_row_and_column(self, cast, staff):
        text = (
            "Rekap absensi Maret\n"
            "NIP;TANGGAL;KODE\n"
            f"{cast.staf.nip};32-03-2026;H\n"
            "1.98609E+17;02-03-2026;H\n"
            f"{cast.staf.nip};02-03-2026;TL5\n"
            f"{cast.staf.nip};03-03-2026;H\n"
            f"{cast.staf.nip};03-03-2026;TK\n"
            f"{cast.staf.nip};30-04-2026;H\n"
        )
        with pytest.raises(ImportErrors) as exc:
            import_kehadiran_harian(text, filename="r.csv", by=None, now=NOW)
        assert [(e.row, e.column) for e in exc.value.errors] == [
            (3, "TANGGAL"), (4, "NIP"), (5, "KODE"), (7, "TANGGAL"), (8, "TANGGAL"),
        ]  # fmt: skip
        assert "baris 6" in exc.value.errors[3].message
        assert not Kehadiran.objects.exists()

    def test_a_closed_month_is_refused(self, cast, staff):
        Periode.objects.create(tahun=2026, bulan=3, status=Periode.Status.DITUTUP)
        with pytest.raises(ImportErrors, match="1 kesalahan") as exc:
            import_kehadiran_harian(
                f"NIP;TANGGAL;KODE\n{cast.staf.nip};02-03-2026;H\n",
                filename="r.csv",
                by=None,
                now=NOW,
            )
        assert "sudah ditutup" in exc.value.errors[0].message


@pytest.fixture
def imported(cast, staff):
    """Monday 2 – Friday 6 March: the staf on time every day, except no scan on Wednesday."""
    lines = []
    for d in (2, 3, 5, 6):
        lines += [("101", f"2026-03-0{d} 07:50"), ("101", f"2026-03-0{d} 17:05")]
    import_kehadiran(log(*lines), by=None, now=NOW)
    return cast.staf


class TestIzin:
    def test_leave_takes_every_working_day_of_its_range(self, cast, imported):
        hasil = create_izin(
            imported, kode="CT", mulai=date(2026, 3, 4), selesai=date(2026, 3, 9),
            alasan="Cuti tahunan", dasar="800/12/2026", by=cast.admin.user, now=NOW,
        )  # fmt: skip
        assert hasil.hari == 4  # Wed, Thu, Fri and Mon; not the weekend
        assert codes(imported) == {
            "03-02": "H",
            "03-03": "H",
            "03-04": "CT",
            "03-05": "CT",
            "03-06": "CT",
            "03-09": "CT",
        }
        k = day(imported, "2026-03-05")
        assert (k.sumber, k.izin, k.tl, k.psw) == ("izin", hasil.izin, 0, 0)
        assert k.jam_masuk is not None  # the scans stay for information
        riwayat = RiwayatKehadiran.objects.filter(izin=hasil.izin).order_by("tanggal")
        assert [(r.tanggal.day, r.dari_tampil, r.ke_tampil, r.oleh) for r in riwayat] == [
            (4, "TK", "CT", cast.admin.user),
            (5, "H", "CT", cast.admin.user),
            (6, "H", "CT", cast.admin.user),
            (9, "", "CT", cast.admin.user),
        ]
        assert LogAksi.objects.get(aksi="pegawai.izin_catat").alasan == "Cuti tahunan"

    def test_leave_wins_over_a_later_machine_import(self, cast, imported):
        create_izin(
            imported,
            kode="DL",
            mulai=date(2026, 3, 5),
            selesai=date(2026, 3, 5),
            alasan="Rapat",
            by=None,
            now=NOW,
        )
        import_kehadiran(
            log(("101", "2026-03-05 09:30"), ("101", "2026-03-05 11:00")), by=None, now=NOW
        )
        assert day(imported, "2026-03-05").tampil == "DL"

    def test_a_corrected_day_keeps_its_correction(self, cast, imported):
        correct_kehadiran(
            imported, date(2026, 3, 4), kode="H", alasan="Mesin rusak", by=None, now=NOW
        )
        hasil = create_izin(
            imported,
            kode="CS",
            mulai=date(2026, 3, 3),
            selesai=date(2026, 3, 5),
            alasan="Sakit",
            by=None,
            now=NOW,
        )
        assert hasil.dikoreksi == [date(2026, 3, 4)] and hasil.hari == 2
        assert codes(imported)["03-04"] == "H"

    def test_overlapping_leave_is_refused(self, cast, imported):
        create_izin(
            imported,
            kode="CT",
            mulai=date(2026, 3, 4),
            selesai=date(2026, 3, 6),
            alasan="a",
            by=None,
            now=NOW,
        )
        with pytest.raises(KepegawaianError, match="bertumpuk"):
            create_izin(
                imported,
                kode="DL",
                mulai=date(2026, 3, 6),
                selesai=date(2026, 3, 6),
                alasan="b",
                by=None,
                now=NOW,
            )

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"alasan": "  "}, "Alasan wajib"),
            ({"kode": "TK"}, "tidak dikenal"),
            ({"mulai": date(2026, 3, 7), "selesai": date(2026, 3, 8)}, "Tidak ada hari kerja"),
            ({"selesai": date(2026, 3, 1)}, "sebelum tanggal mulai"),
        ],
    )
    def test_refusals(self, cast, imported, kwargs, message):
        args = {"kode": "CT", "mulai": date(2026, 3, 2), "selesai": date(2026, 3, 3), "alasan": "x"}
        with pytest.raises(KepegawaianError, match=message):
            create_izin(imported, **(args | kwargs), by=None, now=NOW)
        assert not Izin.objects.exists()

    def test_leave_ahead_of_time_is_recorded_for_future_days(self, cast, imported):
        create_izin(
            imported,
            kode="CT",
            mulai=date(2026, 3, 23),
            selesai=date(2026, 3, 24),
            alasan="x",
            by=None,
            now=NOW,
        )
        assert codes(imported)["03-23"] == "CT"

    def test_cancelled_leave_gives_the_days_back_to_the_machine(self, cast, imported):
        hasil = create_izin(
            imported,
            kode="CT",
            mulai=date(2026, 3, 4),
            selesai=date(2026, 3, 23),
            alasan="a",
            by=None,
            now=NOW,
        )
        perubahan = cancel_izin(hasil.izin, alasan="Salah input", by=cast.admin.user, now=NOW)
        c = codes(imported)
        assert (c["03-04"], c["03-05"], c["03-06"]) == ("TK", "H", "H")
        assert c["03-09"] == "TK"  # ended, nothing scanned
        assert "03-23" not in c  # not come yet
        izin = Izin.objects.get()
        assert (izin.is_aktif, izin.alasan_batal, izin.dibatalkan_oleh) == (
            False,
            "Salah input",
            cast.admin.user,
        )
        assert perubahan.total == RiwayatKehadiran.objects.filter(aksi="izin_batal").count() > 0
        with pytest.raises(KepegawaianError, match="sudah dibatalkan"):
            cancel_izin(izin, alasan="lagi", by=None, now=NOW)

    def test_cancelled_leave_gives_a_summary_day_back(self, cast, staff):
        import_kehadiran_harian(
            f"NIP;TANGGAL;KODE\n{cast.staf.nip};02-03-2026;TL1\n",
            filename="r.csv",
            by=None,
            now=NOW,
        )
        hasil = create_izin(
            cast.staf,
            kode="I",
            mulai=date(2026, 3, 2),
            selesai=date(2026, 3, 2),
            alasan="a",
            by=None,
            now=NOW,
        )
        assert day(cast.staf, "2026-03-02").tampil == "I"
        cancel_izin(hasil.izin, alasan="b", by=None, now=NOW)
        k = day(cast.staf, "2026-03-02")
        assert (k.tampil, k.sumber) == ("TL1", "harian")

    def test_a_closed_month_is_refused(self, cast, imported):
        hasil = create_izin(
            imported,
            kode="CT",
            mulai=date(2026, 3, 4),
            selesai=date(2026, 3, 4),
            alasan="a",
            by=None,
            now=NOW,
        )
        # The writes above made the month's row (Periode.lock_months); the close sets it.
        Periode.objects.filter(tahun=2026, bulan=3).update(status=Periode.Status.DITUTUP)
        with pytest.raises(KepegawaianError, match="Periode Maret 2026 sudah ditutup"):
            create_izin(
                imported,
                kode="CT",
                mulai=date(2026, 3, 30),
                selesai=date(2026, 4, 2),
                alasan="a",
                by=None,
                now=NOW,
            )
        with pytest.raises(KepegawaianError, match="sudah ditutup"):
            cancel_izin(hasil.izin, alasan="b", by=None, now=NOW)
        assert Izin.objects.get().is_aktif


class TestKoreksi:
    def test_a_correction_is_recorded_and_outlives_imports(self, cast, imported):
        k = correct_kehadiran(
            imported,
            date(2026, 3, 4),
            kode="H",
            tl=1,
            alasan="Mesin mati pagi itu",
            by=cast.admin.user,
            now=NOW,
        )
        assert (k.tampil, k.sumber, k.diubah_oleh) == ("TL1", "koreksi", cast.admin.user)
        r = RiwayatKehadiran.objects.get()
        assert (r.aksi, r.dari_tampil, r.ke_tampil, r.alasan, r.oleh) == (
            "koreksi",
            "TK",
            "TL1",
            "Mesin mati pagi itu",
            cast.admin.user,
        )
        import_kehadiran(log(("101", "2026-03-04 10:00")), by=None, now=NOW)
        assert day(imported, "2026-03-04").tampil == "TL1"
        assert LogAksi.objects.filter(aksi="pegawai.kehadiran_koreksi").count() == 1

    def test_withdrawing_gives_the_day_back_to_the_machine(self, cast, imported):
        correct_kehadiran(imported, date(2026, 3, 4), kode="CS", alasan="a", by=None, now=NOW)
        k = withdraw_koreksi(
            imported, date(2026, 3, 4), alasan="keliru", by=cast.admin.user, now=NOW
        )
        assert (k.tampil, k.sumber) == ("TK", "mesin")
        last = RiwayatKehadiran.objects.latest("id")
        assert (last.aksi, last.dari_tampil, last.ke_tampil) == ("koreksi_batal", "CS", "TK")
        with pytest.raises(KepegawaianError, match="tidak sedang dikoreksi"):
            withdraw_koreksi(imported, date(2026, 3, 4), alasan="x", by=None, now=NOW)

    @pytest.mark.parametrize(
        ("tanggal", "kwargs", "message"),
        [
            (date(2026, 3, 4), {"kode": "TK"}, "sudah tercatat"),
            (date(2026, 3, 4), {"kode": "H", "alasan": ""}, "Alasan wajib"),
            (date(2026, 3, 4), {"kode": "CT", "tl": 1}, "hanya untuk hari hadir"),
            (date(2026, 3, 7), {"kode": "H"}, "bukan hari kerja"),
            (date(2026, 3, 23), {"kode": "H"}, "belum tiba"),
        ],
    )
    def test_refusals(self, cast, imported, tanggal, kwargs, message):
        with pytest.raises(KepegawaianError, match=message):
            correct_kehadiran(imported, tanggal, **({"alasan": "x"} | kwargs), by=None, now=NOW)
        assert not RiwayatKehadiran.objects.exists()

    def test_a_closed_month_is_refused(self, cast, imported):
        Periode.objects.filter(tahun=2026, bulan=3).update(status=Periode.Status.DITUTUP)
        with pytest.raises(KepegawaianError, match="sudah ditutup"):
            correct_kehadiran(imported, date(2026, 3, 4), kode="H", alasan="x", by=None, now=NOW)
        assert day(imported, "2026-03-04").tampil == "TK"


class TestQuery:
    def test_a_month_for_many_people_in_one_query(self, cast, staff, django_assert_num_queries):
        import_sample(cast.admin.user)
        create_izin(
            staff["104"],
            kode="CT",
            mulai=date(2026, 3, 12),
            selesai=date(2026, 3, 13),
            alasan="x",
            by=None,
            now=NOW,
        )
        ids = [p.pk for p in staff.values()]
        with django_assert_num_queries(1):
            rekap = kehadiran_query.rekap_bulan(ids, 2026, 3)
        r103 = rekap[staff["103"].pk]
        assert r103.per_kode["H"] == 10 and r103.per_kode["TK"] == 0
        assert r103.tl == (0, 5, 0, 0) and r103.psw == (1, 1, 0, 0)
        assert r103.hari[date(2026, 3, 6)] == kehadiran_query.HariKehadiran("H", 2, 1)
        r104 = rekap[staff["104"].pk]
        assert (r104.per_kode["CT"], r104.per_kode["TK"]) == (2, 1)  # no scan on the 5th
        assert r104.tanggal_dengan(kehadiran_query.KODE_TIDAK_HADIR) == [
            date(2026, 3, 5),
            date(2026, 3, 12),
            date(2026, 3, 13),
        ]
        assert kehadiran_query.rekap_bulan(ids, 2026, 4) == {}
        assert kehadiran_query.RekapKehadiran.kosong(1).per_kode["TK"] == 0

    def test_a_queryset_of_staff_and_the_sql_aggregate_agree(self, cast, staff):
        from pegawai.models import Pegawai

        import_sample(cast.admin.user)
        rekap = kehadiran_query.rekap_bulan(Pegawai.objects.in_unit(cast.opd), 2026, 3)
        counts = {row["pegawai_id"]: row for row in Kehadiran.objects.bulan(2026, 3).rekap()}
        assert set(rekap) == set(counts) == {p.pk for p in staff.values()}
        for pk, r in rekap.items():
            assert counts[pk]["h"] == r.per_kode["H"]
            assert (counts[pk]["tl1"], counts[pk]["tl2"], counts[pk]["psw4"]) == (
                r.tl[0],
                r.tl[1],
                r.psw[3],
            )
        absent = Kehadiran.objects.tidak_hadir().values_list("pegawai", "tanggal")
        assert list(absent) == [(staff["104"].pk, date(2026, 3, 5))]

    def test_rows_made_by_the_test_factory_read_the_same(self, cast):
        f.kehadiran(cast.staf, date(2026, 3, 2), tl=2, psw=1)
        f.kehadiran(cast.staf, date(2026, 3, 3), "TK")
        r = kehadiran_query.rekap_bulan([cast.staf.pk], 2026, 3)[cast.staf.pk]
        assert (r.per_kode["H"], r.per_kode["TK"], r.tl, r.psw) == (
            1,
            1,
            (0, 1, 0, 0),
            (1, 0, 0, 0),
        )
