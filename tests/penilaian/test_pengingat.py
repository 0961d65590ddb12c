"""Scheduled reminders: who gets each kind, each sent once however often the job runs, through
the service, the management command and the Celery task, in a fixed number of queries."""

from datetime import date, datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aktivitas.models import Entri, PengaturanAktivitas
from pegawai.models import HariLibur, Periode
from penilaian.models import Notifikasi, PengalihanEntri, PengaturanPenilaian
from penilaian.services.pengingat import (
    remind_atasan,
    remind_batas_validasi,
    remind_pegawai,
    send_reminders,
)
from penilaian.tasks import send_reminders as send_reminders_task
from tests import factories as f
from tests.aktivitas.conftest import NOW, SELASA, WIB, Katalog, buat

pytestmark = pytest.mark.django_db
J = Notifikasi.Jenis
S = Entri.Status


def pagi(month, day, hour=7):
    return datetime(2026, month, day, hour, 0, tzinfo=WIB)


RABU = pagi(5, 13)  # Wednesday 13 May 2026, 07:00: the previous working day is Tuesday 12


@pytest.fixture
def katalog(cast):
    return Katalog(cast)


def penerima(jenis):
    return set(
        Notifikasi.objects.filter(jenis=jenis).values_list("penerima__pegawai__nama", flat=True)
    )


# Every cast member with a login (tests/conftest.py), by name.
SEMUA = {
    "Kepala Dinas Contoh",
    "Kabid Umum",
    "Staf Data",
    "Anggota Tim Penilai",
    "Bendahara",
    "Admin BKPSDM",
    "Orang Luar",
    "Kepala Badan Lain",
}


class TestHarian:
    def test_staff_with_nothing_on_their_previous_working_day(self, cast, katalog):
        buat(cast.staf, katalog.arsip, tanggal=SELASA)  # a draft counts as logged
        assert remind_pegawai(now=RABU) == len(SEMUA) - 1
        assert penerima(J.PENGINGAT_PEGAWAI) == SEMUA - {"Staf Data"}
        note = Notifikasi.objects.get(penerima=cast.atasan.user)
        assert note.judul == "Belum ada aktivitas tercatat pada Selasa, 12 Mei 2026"
        assert note.url == reverse("aktivitas:hari", args=[SELASA])
        assert note.kunci == "pengingat_pegawai:2026-05-12"

    def test_sent_once_per_day_missed(self, cast, katalog):
        first = remind_pegawai(now=RABU)
        assert first and remind_pegawai(now=pagi(5, 13, 12)) == 0
        # Thursday: Wednesday was missed too, a new reminder.
        assert remind_pegawai(now=pagi(5, 14)) == first
        assert Notifikasi.objects.count() == 2 * first

    def test_after_a_weekend_the_friday(self, cast, katalog):
        remind_pegawai(now=pagi(5, 18))  # Monday
        keys = set(Notifikasi.objects.values_list("kunci", flat=True))
        assert keys == {"pengingat_pegawai:2026-05-15"}
        # Saturday and Sunday runs had already said it: nothing new on Monday.
        Notifikasi.objects.all().delete()
        remind_pegawai(now=pagi(5, 16))
        assert remind_pegawai(now=pagi(5, 18)) == 0

    def test_a_holiday_is_not_a_working_day(self, cast, katalog):
        HariLibur.objects.create(tanggal=SELASA, nama="Libur", jenis=HariLibur.Jenis.NASIONAL)
        remind_pegawai(now=RABU)
        keys = set(Notifikasi.objects.values_list("kunci", flat=True))
        assert keys == {"pengingat_pegawai:2026-05-11"}

    def test_not_staff_without_login_or_no_longer_active(self, cast, katalog):
        f.pegawai("Tanpa Akun", cast.jab_staf, login=False)
        gone = f.pegawai("Sudah Pensiun", cast.jab_staf, aktif_selesai=date(2026, 5, 1))
        inactive = f.pegawai("Akun Nonaktif", cast.jab_staf)
        inactive.user.is_active = False
        inactive.user.save()
        remind_pegawai(now=RABU)
        assert penerima(J.PENGINGAT_PEGAWAI) == SEMUA
        assert not Notifikasi.objects.filter(penerima=gone.user).exists()

    def test_nothing_in_a_closed_month(self, cast, katalog):
        Periode.objects.create(tahun=2026, bulan=5, status=Periode.Status.DITUTUP)
        assert remind_pegawai(now=pagi(6, 1)) == 0  # Monday 1 June: Friday 29 May

    def test_nothing_when_only_today_may_be_logged(self, cast, katalog):
        PengaturanAktivitas.objects.create(pk=1, batas_hari_kerja_mundur=0)
        assert remind_pegawai(now=RABU) == 0

    def test_a_fixed_number_of_queries(self, cast, katalog):
        def count():
            Notifikasi.objects.all().delete()
            with CaptureQueriesContext(connection) as queries:
                assert remind_pegawai(now=RABU)
            return len(queries)

        few = count()
        for i in range(30):
            f.pegawai(f"Staf {i}", cast.jab_staf)
        assert count() == few


@pytest.fixture
def diajukan(cast, katalog):
    """Submitted on 12 and 13 May: two by the staff member, one by the kabid and one by the
    kepala; a draft and an approved one that wait for nobody."""
    entries = {
        "staf_1": buat(cast.staf, katalog.arsip, tanggal=SELASA, ajukan=True),
        "staf_2": buat(cast.staf, katalog.arsip, ajukan=True),
        "kabid": buat(cast.atasan, katalog.rapat, ajukan=True),
        "kepala": buat(cast.kepala, katalog.rapat, ajukan=True),
    }
    buat(cast.staf, katalog.rapat, mulai=(10, 0), selesai=(11, 0))
    approved = buat(cast.staf, katalog.rapat, mulai=(11, 0), selesai=(12, 0), ajukan=True)
    Entri.objects.filter(pk=approved.pk).update(status=S.DISETUJUI)
    return entries


SENIN = pagi(5, 18)  # Monday of the next week


class TestMingguan:
    def test_each_supervisor_their_count(self, cast, diajukan):
        assert remind_atasan(now=SENIN) == 3
        kabid = Notifikasi.objects.get(penerima=cast.atasan.user)
        assert kabid.jenis == J.PENGINGAT_ATASAN
        assert kabid.judul == "2 entri menunggu keputusan Anda"
        assert "dari 1 pegawai" in kabid.pesan and "Selasa, 12 Mei 2026" in kabid.pesan
        assert kabid.url == reverse("penilaian:antrian")
        assert kabid.kunci == "pengingat_atasan:2026-W21"
        kepala = Notifikasi.objects.get(penerima=cast.kepala.user)
        assert kepala.judul == "1 entri menunggu keputusan Anda"
        # The kepala has no supervisor: the review team decides and is reminded.
        tim = Notifikasi.objects.get(penerima=cast.penilai.user)
        assert tim.judul == "1 entri menunggu keputusan Anda"
        assert tim.url == reverse("penilaian:antrian_tim")

    def test_once_a_week(self, cast, diajukan):
        assert remind_atasan(now=SENIN) == 3
        assert remind_atasan(now=pagi(5, 21)) == 0
        assert remind_atasan(now=pagi(5, 25)) == 3

    def test_a_reassigned_entry_goes_to_whom_the_admin_named(self, cast, diajukan):
        PengalihanEntri.objects.create(
            entri=diajukan["staf_1"], ke=cast.kepala, oleh=cast.admin.user, pada=NOW, alasan="Cuti"
        )
        remind_atasan(now=SENIN)
        assert Notifikasi.objects.get(penerima=cast.atasan.user).judul.startswith("1 entri")
        assert Notifikasi.objects.get(penerima=cast.kepala.user).judul.startswith("2 entri")

    def test_a_supervisor_without_login_reminds_nobody_else(self, cast, diajukan):
        cast.atasan.user.is_active = False
        cast.atasan.user.save()
        remind_atasan(now=SENIN)
        assert not Notifikasi.objects.filter(penerima=cast.atasan.user).exists()
        assert Notifikasi.objects.get(penerima=cast.penilai.user).judul.startswith("1 entri")

    def test_not_past_the_deadline_nor_in_a_closed_month(self, cast, diajukan):
        # 6 June: May's deadline (5 June) has passed, its entries can no longer be decided.
        assert remind_atasan(now=pagi(6, 8)) == 0
        Periode.objects.filter(tahun=2026, bulan=5).update(status=Periode.Status.DITUTUP)
        assert remind_atasan(now=SENIN) == 0

    def test_a_fixed_number_of_queries(self, cast, katalog, diajukan):
        def count(when):
            with CaptureQueriesContext(connection) as queries:
                assert remind_atasan(now=when)
            return len(queries)

        few = count(SENIN)
        for i in range(10):
            jab = f.jabatan(f"Kasi {i}", cast.seksi, atasan=cast.jab_kabid, kelas=9)
            f.pegawai(f"Kasi {i}", jab)
            staf = f.pegawai(f"Staf {i}", f.jabatan(f"Staf {i}", cast.seksi, atasan=jab))
            buat(staf, katalog.arsip, ajukan=True)
        assert count(pagi(5, 25)) == few


class TestBatasValidasi:
    def test_from_two_days_before_the_deadline(self, cast, diajukan):
        assert remind_batas_validasi(now=pagi(6, 2)) == 0
        assert remind_batas_validasi(now=pagi(6, 3)) == 3
        note = Notifikasi.objects.get(penerima=cast.atasan.user)
        assert note.jenis == J.BATAS_VALIDASI
        assert note.judul == "Batas validasi Mei 2026: 5 Juni 2026"
        assert "2 entri Mei 2026 dari 1 pegawai" in note.pesan
        assert "tidak dihitung" in note.pesan
        assert note.kunci == "batas_validasi:2026-05"

    def test_once_a_month(self, cast, diajukan):
        assert remind_batas_validasi(now=pagi(6, 3)) == 3
        assert remind_batas_validasi(now=pagi(6, 4)) == 0
        assert remind_batas_validasi(now=pagi(6, 5)) == 0

    def test_a_late_start_still_reminds_until_the_day(self, cast, diajukan):
        assert remind_batas_validasi(now=pagi(6, 5)) == 3
        Notifikasi.objects.all().delete()
        assert remind_batas_validasi(now=pagi(6, 6)) == 0

    def test_only_last_months_entries(self, cast, katalog, diajukan):
        Entri.objects.filter(pk=diajukan["staf_2"].pk).update(tanggal=date(2026, 6, 1))
        remind_batas_validasi(now=pagi(6, 3))
        assert "1 entri Mei 2026" in Notifikasi.objects.get(penerima=cast.atasan.user).pesan

    def test_the_pemdas_deadline_and_policy(self, cast, diajukan):
        PengaturanPenilaian.objects.create(
            pk=1,
            batas_validasi_hari=10,
            kebijakan_lewat_batas=PengaturanPenilaian.Kebijakan.DISETUJUI_OTOMATIS,
        )
        assert remind_batas_validasi(now=pagi(6, 3)) == 0
        assert remind_batas_validasi(now=pagi(6, 8)) == 3
        note = Notifikasi.objects.get(penerima=cast.atasan.user)
        assert "10 Juni 2026" in note.judul and "disetujui otomatis" in note.pesan


class TestEntryPoints:
    def test_the_command_runs_the_service(self, cast, diajukan, monkeypatch, capsys):
        monkeypatch.setattr(timezone, "now", lambda: SENIN)
        call_command("kirim_pengingat", "mingguan")
        assert "Pengingat mingguan: 3 notifikasi dikirim." in capsys.readouterr().out
        call_command("kirim_pengingat", "mingguan")
        assert "Pengingat mingguan: 0 notifikasi dikirim." in capsys.readouterr().out

    def test_the_command_knows_its_kinds(self):
        with pytest.raises(CommandError, match="invalid choice"):
            call_command("kirim_pengingat", "bulanan")

    def test_the_task_runs_the_service(self, cast, diajukan, monkeypatch):
        # Called as a function: an eager run would leave Celery's "no result backend" cached
        # in this thread for the tests that use a real worker.
        monkeypatch.setattr(timezone, "now", lambda: SENIN)
        assert send_reminders_task("mingguan") == 3
        assert send_reminders_task("mingguan") == 0

    def test_an_unknown_kind_is_refused(self):
        with pytest.raises(ValueError, match="harian, mingguan, batas"):
            send_reminders("bulanan")
