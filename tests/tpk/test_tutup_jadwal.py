"""The daily job that closes last month, its settings, the management command, and both tasks
on a real Celery worker on Redis."""

import time
from datetime import datetime
from io import StringIO

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from pegawai.models import Periode
from pegawai.services_kalender import install_jadwal_bawaan
from tpk.defaults import create_default_aturan
from tpk.models import HasilTPK, PengaturanTPK, PenutupanPeriode
from tpk.penutupan import bulan_lalu, close_due_periode, close_periode, reopen_periode
from tpk.tasks import close_due_periode_task, close_periode_task

from . import bulan as b
from .bulan import tanpa_ekspor  # noqa: F401 (autouse)


@pytest.fixture
def siap(cast):
    create_default_aturan()
    b.juli()
    return cast


def at(day: int, hour: int = 2) -> datetime:
    return datetime(2026, 8, day, hour, tzinfo=b.WIB)


@pytest.mark.django_db
class TestDailyJob:
    def test_not_before_the_close_day(self, siap):
        assert close_due_periode(now=at(5, 23)) is None
        assert not Periode.objects.closed().exists()

    def test_from_the_close_day_last_month_is_closed_once(self, siap):
        run = close_due_periode(now=at(6))
        assert (run.periode.tahun, run.periode.bulan, run.oleh, run.revisi) == (2026, 7, None, 1)
        assert close_due_periode(now=at(7)) is None
        assert PenutupanPeriode.objects.count() == 1

    def test_the_close_day_is_the_pemdas_setting(self, siap):
        PengaturanTPK.objects.create(pk=1, tanggal_tutup=10)
        assert close_due_periode(now=at(9)) is None
        assert close_due_periode(now=at(10)).status == "selesai"

    def test_a_reopened_month_is_not_closed_again_by_the_schedule(self, siap):
        close_periode(2026, 7, by=None, now=at(6))
        reopen_periode(2026, 7, alasan="Koreksi", by=siap.admin.user, now=at(7))
        assert close_due_periode(now=at(8)) is None
        assert not Periode.objects.get(tahun=2026, bulan=7).is_ditutup

    def test_january_closes_december(self):
        assert bulan_lalu(datetime(2027, 1, 6).date()) == (2026, 12)

    def test_the_task_reports_a_refusal_instead_of_failing(self, siap, monkeypatch):
        close_periode(2026, 7, by=None, now=at(6))
        PengaturanTPK.objects.create(pk=1, tanggal_tutup=1)
        monkeypatch.setattr(timezone, "now", lambda: at(20))
        reopen_periode(2026, 7, alasan="Koreksi", by=siap.admin.user, now=at(7))
        # Called, not applied eagerly (see tests/penilaian/test_batas_validasi.py).
        assert close_due_periode_task() == ""
        close_periode(2026, 7, by=None, now=at(8))
        assert "sudah ditutup" in close_periode_task(2026, 7)


def test_the_beat_schedule_runs_the_job_daily_after_the_deadline_job():
    entry = settings.CELERY_BEAT_SCHEDULE["tutup-periode"]
    assert entry["task"] == "tpk.tasks.close_due_periode_task"
    assert entry["schedule"] == crontab(hour=2, minute=0)
    deadline = settings.CELERY_BEAT_SCHEDULE["terapkan-batas-validasi"]["schedule"]
    assert deadline.hour == {0}


@pytest.mark.django_db
class TestCommand:
    def test_closes_the_month_and_reports(self, siap):
        out = StringIO()
        call_command("tutup_periode", "2026-07", stdout=out)
        lines = out.getvalue().strip().splitlines()
        assert lines[0].startswith(
            "Periode Juli 2026 ditutup: revisi 1, 8 pegawai, jumlah netto Rp "
        )
        assert lines[1] == (
            "Peringatan: Dinas Contoh belum ditandatangani tim penilai (1 pegawai)."
        )
        assert PenutupanPeriode.objects.get().oleh is None

    def test_refusals_are_command_errors(self, siap):
        with pytest.raises(CommandError, match="Bulan tidak dikenali"):
            call_command("tutup_periode", "Juli")
        call_command("tutup_periode", "2026-07", stdout=StringIO())
        with pytest.raises(CommandError, match="sudah ditutup"):
            call_command("tutup_periode", "2026-07")


def test_the_daily_job_on_a_real_celery_worker(celery_worker_redis, cast):
    """The beat's job as the worker runs it: last month (by the real clock) gets closed, and the
    admin's task too, with the refusal of a second close as its result."""
    create_default_aturan()
    install_jadwal_bawaan()
    PengaturanTPK.objects.create(pk=1, tanggal_tutup=1)
    tahun, bulan = bulan_lalu(timezone.localdate())
    close_due_periode_task.delay()
    _wait_for(lambda: Periode.objects.closed().filter(tahun=tahun, bulan=bulan).exists())
    run = PenutupanPeriode.objects.get()
    assert (run.status, run.oleh, run.total) == ("selesai", None, 8)
    assert HasilTPK.objects.filter(penutupan=run).count() == 8

    reopen_periode(tahun, bulan, alasan="Koreksi", by=cast.admin.user)
    close_periode_task.delay(tahun, bulan, cast.admin.user.pk)
    _wait_for(lambda: PenutupanPeriode.objects.filter(revisi=2, status="selesai").exists())
    assert PenutupanPeriode.objects.get(revisi=2).oleh == cast.admin.user


def _wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the worker did not run the job"
        time.sleep(0.1)
