"""The anomaly scan: each kind of flag and its threshold, a whole month in a fixed number of
queries, reruns, scans limited to units, the command and the nightly task on a real worker."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core.management import CommandError, call_command

from aktivitas.models import Entri, RiwayatEntri
from pegawai.models import JadwalPegawai, ProfilJadwal
from penilaian.anomali import recent_months, scan_anomalies, scan_recent_months
from penilaian.exceptions import PenilaianError
from penilaian.models import FlagEntri, PemindaianAnomali, PengaturanPenilaian
from tests import factories as f
from tests.penilaian.test_tim import (
    BULAN,
    NOW,
    SABTU,
    SENIN,
    TAHUN,
    WIB,
    buat,
    make_kerja,
    make_tim,
    tutup,
)

Jenis = FlagEntri.Jenis
pytestmark = pytest.mark.django_db


@pytest.fixture
def tim(cast):
    return make_tim(cast)


@pytest.fixture
def kerja(db):
    return make_kerja()


def flags(jenis=None) -> dict[int, dict]:
    """entri id -> detail of the flags of one kind (or kind -> set of entry ids)."""
    if jenis is None:
        out: dict = {}
        for e, j in FlagEntri.objects.values_list("entri_id", "jenis"):
            out.setdefault(j, set()).add(e)
        return out
    return dict(FlagEntri.objects.filter(jenis=jenis).values_list("entri_id", "detail"))


def scan(**kwargs):
    return scan_anomalies(TAHUN, BULAN, now=NOW, **kwargs)


class TestMelebihiWaktu:
    def test_a_day_over_the_target_flags_each_of_its_entries(self, cast, tim, kerja):
        a = buat(cast.staf, SENIN, (8, 0), (11, 0), aktivitas=kerja)
        b = buat(cast.staf, SENIN, (11, 0), (13, 30), aktivitas=kerja)  # 180 + 150 = 330
        other_day = buat(cast.staf, SENIN + timedelta(days=1), (8, 0), (13, 0), aktivitas=kerja)
        counts = scan()
        found = flags(Jenis.MELEBIHI_WAKTU)
        assert set(found) == {a.pk, b.pk}
        assert found[a.pk] == {"menit": 330, "target": 300}
        assert counts[Jenis.MELEBIHI_WAKTU] == 2
        assert other_day.pk not in found  # exactly 300: not over

    def test_counted_minutes_are_what_counts(self, cast, tim, kerja):
        # Claimed 330, of which 60 were corrected away: 270 counted.
        buat(cast.staf, SENIN, (8, 0), (11, 0), aktivitas=kerja, menit_diakui=120)
        buat(cast.staf, SENIN, (11, 0), (13, 30), aktivitas=kerja)
        buat(cast.staf, SENIN, (14, 0), (16, 0), aktivitas=kerja, status=Entri.Status.DIAJUKAN)
        scan()
        assert not flags(Jenis.MELEBIHI_WAKTU)

    def test_the_target_is_the_persons_schedule(self, cast, tim, kerja):
        # Friday's target in the default office week is 300 too; a day off has no target,
        # so weekend work is left to the outside-hours flag.
        buat(cast.staf, SABTU, (8, 0), (15, 0), aktivitas=kerja)
        # A teacher's day: 1,500 minutes a week over six days, 250 on a Monday.
        guru = f.pegawai("Guru", cast.jab_staf)
        JadwalPegawai.objects.create(
            pegawai=guru, profil=ProfilJadwal.objects.get(kode="guru"), mulai=date(2026, 1, 1)
        )
        g = buat(guru, SENIN, (7, 30), (12, 0), aktivitas=kerja)  # 270 > 250
        scan()
        assert flags(Jenis.MELEBIHI_WAKTU) == {g.pk: {"menit": 270, "target": 250}}


class TestOtherKinds:
    def test_outside_the_schedules_hours(self, cast, tim, kerja):
        luar = buat(cast.staf, SABTU, aktivitas=kerja, di_luar_jadwal=True)
        buat(cast.staf, SENIN, aktivitas=kerja)
        scan()
        assert set(flags(Jenis.LUAR_JADWAL)) == {luar.pk}

    def test_on_a_day_of_leave_or_absence(self, cast, tim, kerja):
        cuti = buat(cast.staf, SENIN, aktivitas=kerja)
        tanpa_keterangan = buat(cast.staf, SENIN + timedelta(days=1), aktivitas=kerja)
        hadir = buat(cast.staf, SENIN + timedelta(days=2), aktivitas=kerja)
        terlambat = buat(cast.staf, SENIN + timedelta(days=3), aktivitas=kerja)
        f.kehadiran(cast.staf, SENIN, "CT", sumber="koreksi")
        f.kehadiran(cast.staf, SENIN + timedelta(days=1), "TK")
        f.kehadiran(cast.staf, SENIN + timedelta(days=2), "H")
        f.kehadiran(cast.staf, SENIN + timedelta(days=3), "H", tl=2)
        scan()
        found = flags(Jenis.TIDAK_HADIR)
        assert set(found) == {cuti.pk, tanpa_keterangan.pk}
        assert found[cuti.pk]["kode"] == "CT"
        assert hadir.pk not in found and terlambat.pk not in found

    def test_the_same_description_more_than_n_times(self, cast, tim, kerja):
        PengaturanPenilaian.objects.create(pk=1, batas_uraian_sama=3)
        same = [
            buat(cast.staf, SENIN + timedelta(days=i), aktivitas=kerja, uraian="Rapat koordinasi")
            for i in range(4)
        ]
        # Three times is not more than three; another text, or another person's use, does not
        # count with it.
        for i in range(3):
            buat(
                cast.staf,
                SENIN + timedelta(days=i),
                (9, 0),
                (10, 0),
                aktivitas=kerja,
                uraian="Rapat koordinasi bidang",
            )
        buat(cast.atasan, SENIN, aktivitas=kerja, uraian="Rapat koordinasi")
        scan()
        found = flags(Jenis.URAIAN_BERULANG)
        assert set(found) == {e.pk for e in same}
        assert found[same[0].pk] == {"kali": 4, "batas": 3}

    def test_made_long_after_its_date(self, cast, tim, kerja):
        def made(days, **kw):
            when = datetime.combine(SENIN + timedelta(days=days), time(8, 0), tzinfo=WIB)
            return buat(
                cast.staf, SENIN, (8 + days, 0), (9 + days, 0), aktivitas=kerja, dibuat=when, **kw
            )

        late = made(4)
        made(3)  # three days is the default limit: not more
        made(5, sumber=Entri.Sumber.IMPOR)  # imported: made elsewhere
        scan()
        assert flags(Jenis.TERLAMBAT_DIBUAT) == {late.pk: {"hari": 4, "batas": 3}}

    def test_late_is_counted_in_the_pemdas_time_zone(self, cast, tim, kerja):
        # 18:00 UTC on day 3 is 01:00 on day 4 in Jakarta.
        when = datetime.combine(SENIN + timedelta(days=3), time(18, 0), tzinfo=UTC)
        e = buat(cast.staf, SENIN, aktivitas=kerja, dibuat=when)
        scan()
        assert set(flags(Jenis.TERLAMBAT_DIBUAT)) == {e.pk}

    def test_a_burst_of_approvals_within_a_minute(self, cast, tim, kerja):
        PengaturanPenilaian.objects.create(pk=1, batas_persetujuan_kilat=3)
        start = datetime(2026, 4, 30, 10, 0, 0, tzinfo=WIB)

        def approved(day, seconds, by):
            e = buat(cast.staf, SENIN + timedelta(days=day), aktivitas=kerja, oleh=by)
            RiwayatEntri.objects.create(
                entri=e,
                oleh=by,
                pada=start + timedelta(seconds=seconds),
                dari_status=Entri.Status.DIAJUKAN,
                ke_status=Entri.Status.DISETUJUI,
            )
            return e

        burst = [approved(i, s, cast.atasan.user) for i, s in enumerate((0, 20, 40, 59))]
        slow = [approved(i + 7, 200 + 30 * i, cast.atasan.user) for i in range(3)]
        other = [approved(i + 14, i, cast.kepala.user) for i in range(3)]  # three: not more
        scan()
        found = flags(Jenis.PERSETUJUAN_KILAT)
        assert set(found) == {e.pk for e in burst}
        assert found[burst[0].pk] == {"jumlah": 4, "batas": 3, "oleh": "Kabid Umum"}
        assert not {e.pk for e in slow + other} & set(found)

    def test_only_approved_entries_are_flagged(self, cast, tim, kerja):
        statuses = (Entri.Status.DRAF, Entri.Status.DIAJUKAN, Entri.Status.DITOLAK)
        for hour, status in enumerate(statuses, start=8):
            buat(
                cast.staf,
                SABTU,
                (hour, 0),
                (hour + 1, 0),
                aktivitas=kerja,
                status=status,
                di_luar_jadwal=True,
                uraian="Sama",
                dibuat=datetime(2026, 4, 30, 8, 0, tzinfo=WIB),
            )
        PengaturanPenilaian.objects.create(pk=1, batas_uraian_sama=1)
        assert scan() == dict.fromkeys(Jenis.values, 0)


class TestTheScan:
    def test_a_rescan_writes_the_same_and_drops_what_no_longer_holds(self, cast, tim, kerja):
        luar = buat(cast.staf, SABTU, aktivitas=kerja, di_luar_jadwal=True)
        buat(cast.staf, SENIN, (8, 0), (14, 0), aktivitas=kerja)
        first = scan()
        assert scan() == first
        assert FlagEntri.objects.count() == 2
        Entri.objects.filter(pk=luar.pk).update(status=Entri.Status.DITOLAK)
        assert scan()[Jenis.LUAR_JADWAL] == 0
        assert set(flags()) == {Jenis.MELEBIHI_WAKTU}
        row = PemindaianAnomali.objects.get(tahun=TAHUN, bulan=BULAN)
        assert (row.pada, row.jumlah[Jenis.MELEBIHI_WAKTU]) == (NOW, 1)

    def test_a_scan_of_some_units_leaves_the_others_flags(self, cast, tim, kerja):
        staf = buat(cast.staf, SABTU, aktivitas=kerja, di_luar_jadwal=True)
        lain = f.pegawai("Orang Badan Lain", cast.penilai.jabatan)
        luar = buat(lain, SABTU, aktivitas=kerja, di_luar_jadwal=True)
        scan()
        Entri.objects.filter(pk__in=[staf.pk, luar.pk]).update(di_luar_jadwal=False)
        counts = scan(units=[cast.opd], by=cast.penilai.user)
        assert counts[Jenis.LUAR_JADWAL] == 0
        assert set(flags(Jenis.LUAR_JADWAL)) == {luar.pk}  # Badan Lain was not rescanned
        row = PemindaianAnomali.objects.get()
        assert (row.oleh, row.jumlah) == (cast.penilai.user, {Jenis.LUAR_JADWAL: 1})

    def test_other_months_are_left_alone(self, cast, tim, kerja):
        maret = buat(cast.staf, date(2026, 3, 7), aktivitas=kerja, di_luar_jadwal=True)
        scan_anomalies(2026, 3, now=NOW)
        buat(cast.staf, SABTU, aktivitas=kerja, di_luar_jadwal=True)
        scan()
        assert FlagEntri.objects.get(entri=maret).bulan == 3
        assert FlagEntri.objects.filter(tahun=TAHUN, bulan=BULAN).count() == 1

    def test_a_closed_month_is_not_rescanned(self, cast, tim):
        tutup()
        with pytest.raises(PenilaianError, match="sudah ditutup"):
            scan()
        assert not PemindaianAnomali.objects.exists()

    def test_a_month_that_is_not_one_is_refused(self, db):
        with pytest.raises(PenilaianError, match="tidak dikenal"):
            scan_anomalies(2026, 13)

    def test_the_number_of_queries_does_not_grow_with_the_staff(
        self, cast, tim, kerja, django_assert_num_queries
    ):
        def month_of(p):
            for i in range(5):
                day = SENIN + timedelta(days=i)
                buat(p, day, (8, 0), (12, 0), aktivitas=kerja, uraian="Sama")
                buat(p, day, (12, 0), (14, 0), aktivitas=kerja, di_luar_jadwal=True)

        month_of(cast.staf)
        with django_assert_num_queries(21) as small:
            scan()
        for n in range(5):
            month_of(f.pegawai(f"Staf {n}", cast.jab_staf))
        with django_assert_num_queries(21):
            counts = scan()
        assert counts[Jenis.MELEBIHI_WAKTU] == 60 and counts[Jenis.LUAR_JADWAL] == 30
        assert len(small.captured_queries) == 21


class TestScheduled:
    def test_recent_months_are_last_month_and_this_one(self):
        assert recent_months(NOW) == [(2026, 4), (2026, 5)]
        assert recent_months(datetime(2026, 1, 3, tzinfo=WIB)) == [(2025, 12), (2026, 1)]

    def test_the_nightly_scan_skips_a_closed_month(self, cast, tim, kerja):
        buat(cast.staf, SABTU, aktivitas=kerja, di_luar_jadwal=True)
        assert set(scan_recent_months(now=NOW)) == {(2026, 4), (2026, 5)}
        tutup()
        assert set(scan_recent_months(now=NOW)) == {(2026, 5)}

    def test_the_command_scans_a_month(self, cast, tim, kerja, capsys):
        buat(cast.staf, SABTU, aktivitas=kerja, di_luar_jadwal=True)
        call_command("pindai_anomali", "2026-04")
        out = capsys.readouterr().out
        assert "Anomali 2026-04: 1 tanda" in out and "Luar jam 1" in out
        call_command("pindai_anomali", "2026-04", "--unit", str(cast.opd_lain.pk))
        assert FlagEntri.objects.count() == 1

    def test_the_command_refuses_bad_input(self, cast, tim):
        with pytest.raises(CommandError, match="Bulan tidak dikenal"):
            call_command("pindai_anomali", "April")
        with pytest.raises(CommandError, match="Unit kerja tidak ditemukan"):
            call_command("pindai_anomali", "2026-04", "--unit", "999999")
        tutup()
        with pytest.raises(CommandError, match="sudah ditutup"):
            call_command("pindai_anomali", "2026-04")

    def test_the_command_without_a_month_is_the_nightly_scan(self, cast, tim, capsys):
        call_command("pindai_anomali")
        out = capsys.readouterr().out
        assert out.count("Anomali ") == 2


@pytest.mark.django_db(transaction=True)
def test_the_task_scans_on_a_real_worker(celery_worker_redis, cast, tim, kerja):
    from penilaian.tasks import scan_anomalies_month

    e = buat(cast.staf, SABTU, aktivitas=kerja, di_luar_jadwal=True)
    result = scan_anomalies_month.delay(TAHUN, BULAN, by_id=cast.penilai.user.pk)
    assert result.get(timeout=30)[Jenis.LUAR_JADWAL] == 1
    assert FlagEntri.objects.get().entri_id == e.pk
    assert PemindaianAnomali.objects.get().oleh == cast.penilai.user
