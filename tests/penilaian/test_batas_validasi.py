"""The validation deadline: what happens to April's entries still undecided after 5 May, under
either policy; reruns; the management command; and the job on a real Celery worker."""

import time
from datetime import date, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from aktivitas.models import Entri, RiwayatEntri
from pegawai.models import Periode
from penilaian.exceptions import PenilaianError
from penilaian.models import EntriLewatBatas, PengalihanEntri, PengaturanPenilaian
from penilaian.services.persetujuan import (
    apply_due_validation_deadline,
    apply_validation_deadline,
    approve_entries,
    bulan_jatuh_tempo,
)
from penilaian.tasks import apply_validation_deadline_task
from tests import factories as f
from tests.aktivitas.conftest import NOW, WIB

from .test_persetujuan import entri, fresh

APRIL = date(2026, 4, 28)
SESUDAH = datetime(2026, 5, 6, 0, 15, tzinfo=WIB)  # the morning after the deadline


def otomatis():
    PengaturanPenilaian.objects.create(
        pk=1, kebijakan_lewat_batas=PengaturanPenilaian.Kebijakan.DISETUJUI_OTOMATIS
    )


@pytest.mark.django_db
class TestTidakDihitung:
    def test_undecided_entries_stay_submitted_marked_and_the_late_decider_named(self, cast):
        late = entri(cast.staf, tanggal=APRIL, jam=8)
        top = entri(cast.kepala, tanggal=APRIL, jam=8)
        moved = entri(cast.staf, tanggal=APRIL, jam=10)
        PengalihanEntri.objects.create(
            entri=moved, ke=cast.orang_luar, oleh=cast.admin.user, pada=NOW, alasan="Cuti"
        )
        approved = entri(cast.staf, tanggal=APRIL, jam=13, status="disetujui")
        draft = entri(cast.staf, tanggal=APRIL, jam=14, status="draf")
        may = entri(cast.staf, tanggal=date(2026, 5, 4))
        result = apply_validation_deadline(2026, 4, now=SESUDAH)
        assert (result.jumlah, result.batas, result.kebijakan) == (
            3,
            date(2026, 5, 5),
            "tidak_dihitung",
        )
        rows = {r.entri_id: r for r in EntriLewatBatas.objects.all()}
        assert set(rows) == {late.pk, top.pk, moved.pk}
        assert rows[late.pk].atasan == cast.atasan
        assert rows[top.pk].atasan is None  # the review team should have decided
        assert rows[moved.pk].atasan == cast.orang_luar
        assert (rows[late.pk].pegawai, rows[late.pk].tanggal, rows[late.pk].menit) == (
            cast.staf,
            APRIL,
            60,
        )
        for e in (late, top, moved):
            assert fresh(e).status == "diajukan"  # it does not count: TPK counts approved
            history = RiwayatEntri.objects.get(entri=e)
            assert (history.oleh, history.dari_status, history.ke_status) == (
                None,
                "diajukan",
                "diajukan",
            )
            assert history.catatan == (
                "Tidak dihitung: belum diputuskan sampai batas validasi 5 Mei 2026."
            )
        for e in (approved, draft, may):
            assert not hasattr(fresh(e), "lewat_batas")
        assert RiwayatEntri.objects.count() == 3

    def test_a_rerun_changes_nothing(self, cast):
        entri(cast.staf, tanggal=APRIL)
        apply_validation_deadline(2026, 4, now=SESUDAH)
        again = apply_validation_deadline(2026, 4, now=datetime(2026, 5, 7, tzinfo=WIB))
        assert again.jumlah == 0
        assert EntriLewatBatas.objects.count() == RiwayatEntri.objects.count() == 1

    def test_a_late_entry_can_no_longer_be_decided(self, cast):
        e = entri(cast.staf, tanggal=APRIL)
        apply_validation_deadline(2026, 4, now=SESUDAH)
        with pytest.raises(PenilaianError, match="Batas validasi entri April 2026 sudah lewat"):
            approve_entries([e.pk], by=cast.atasan.user, now=SESUDAH)

    def test_the_supervisor_on_the_deadline_day_is_the_late_one(self, cast):
        plt = f.pegawai("Plt Kasi Data", f.jabatan("Analis Data", cast.seksi, atasan=cast.jab_kasi))
        f.acting(plt, cast.jab_kasi, mulai=date(2026, 4, 1), selesai=date(2026, 5, 5))
        entri(cast.staf, tanggal=APRIL)
        apply_validation_deadline(2026, 4, now=datetime(2026, 5, 20, tzinfo=WIB))
        assert EntriLewatBatas.objects.get().atasan == plt


@pytest.mark.django_db
class TestDisetujuiOtomatis:
    def test_undecided_entries_are_approved_by_the_system(self, cast):
        otomatis()
        e = entri(cast.staf, tanggal=APRIL, menit=50)
        result = apply_validation_deadline(2026, 4, now=SESUDAH)
        assert result.jumlah == 1
        e = fresh(e)
        assert (e.status, e.diputuskan_oleh, e.diputuskan_pada, e.menit_dihitung) == (
            "disetujui",
            None,
            SESUDAH,
            50,
        )
        history = RiwayatEntri.objects.get(entri=e)
        assert (history.oleh, history.ke_status, history.catatan) == (
            None,
            "disetujui",
            "Disetujui otomatis: batas validasi 5 Mei 2026 lewat.",
        )
        row = EntriLewatBatas.objects.get()
        assert (row.kebijakan, row.atasan) == ("disetujui_otomatis", cast.atasan)
        assert apply_validation_deadline(2026, 4, now=SESUDAH).jumlah == 0
        assert RiwayatEntri.objects.count() == 1


@pytest.mark.django_db
class TestWhenItApplies:
    def test_not_before_the_deadline_has_passed(self, cast):
        entri(cast.staf, tanggal=APRIL)
        on_the_fifth = datetime(2026, 5, 5, 23, 59, tzinfo=WIB)
        with pytest.raises(PenilaianError, match="Batas validasi April 2026 adalah 5 Mei 2026"):
            apply_validation_deadline(2026, 4, now=on_the_fifth)
        assert not EntriLewatBatas.objects.exists()

    def test_the_deadline_day_is_the_pemdas_setting(self, cast):
        PengaturanPenilaian.objects.create(pk=1, batas_validasi_hari=10)
        entri(cast.staf, tanggal=APRIL)
        with pytest.raises(PenilaianError):
            apply_validation_deadline(2026, 4, now=SESUDAH)
        assert apply_validation_deadline(2026, 4, now=datetime(2026, 5, 11, tzinfo=WIB)).jumlah == 1

    def test_a_closed_month_is_left_alone(self, cast):
        entri(cast.staf, tanggal=APRIL)
        Periode.objects.create(tahun=2026, bulan=4, status="ditutup")
        result = apply_validation_deadline(2026, 4, now=SESUDAH)
        assert result.ditutup and result.jumlah == 0
        assert not EntriLewatBatas.objects.exists()

    def test_the_month_due(self, db):
        pengaturan = PengaturanPenilaian.current()
        assert bulan_jatuh_tempo(datetime(2026, 5, 5, 23, tzinfo=WIB), pengaturan) is None
        assert bulan_jatuh_tempo(SESUDAH, pengaturan) == (2026, 4)
        assert bulan_jatuh_tempo(datetime(2026, 5, 31, tzinfo=WIB), pengaturan) == (2026, 4)
        assert bulan_jatuh_tempo(datetime(2027, 1, 6, tzinfo=WIB), pengaturan) == (2026, 12)

    def test_the_daily_job_applies_the_month_due(self, cast):
        entri(cast.staf, tanggal=APRIL)
        assert apply_due_validation_deadline(now=datetime(2026, 5, 5, tzinfo=WIB)) is None
        assert apply_due_validation_deadline(now=SESUDAH).jumlah == 1
        assert apply_due_validation_deadline(now=datetime(2026, 5, 7, tzinfo=WIB)).jumlah == 0


@pytest.mark.django_db
class TestCommand:
    def test_a_given_month(self, cast):
        entri(cast.staf, tanggal=APRIL)
        out = StringIO()
        call_command("terapkan_batas_validasi", "--bulan", "2026-04", stdout=out)
        assert out.getvalue().strip() == (
            "April 2026 (batas 5 Mei 2026, kebijakan: Tidak dihitung): 1 entri diproses."
        )
        assert EntriLewatBatas.objects.count() == 1

    def test_the_month_due_by_default(self, cast, monkeypatch):
        entri(cast.staf, tanggal=APRIL)
        monkeypatch.setattr(timezone, "now", lambda: SESUDAH)
        out = StringIO()
        call_command("terapkan_batas_validasi", stdout=out)
        assert "April 2026" in out.getvalue() and EntriLewatBatas.objects.count() == 1
        monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 6, 3, tzinfo=WIB))
        out = StringIO()
        call_command("terapkan_batas_validasi", stdout=out)
        assert out.getvalue().strip() == "Belum ada bulan yang batas validasinya baru lewat."

    def test_refusals_are_command_errors(self, cast):
        with pytest.raises(CommandError, match="Bulan tidak dikenali"):
            call_command("terapkan_batas_validasi", "--bulan", "April")
        future = timezone.localdate() + timezone.timedelta(days=40)
        with pytest.raises(CommandError, match="belum lewat"):
            call_command("terapkan_batas_validasi", "--bulan", f"{future:%Y-%m}")

    def test_a_closed_month_is_reported(self, cast):
        Periode.objects.create(tahun=2026, bulan=4, status="ditutup")
        out = StringIO()
        call_command("terapkan_batas_validasi", "--bulan", "2026-04", stdout=out)
        assert out.getvalue().strip() == "Periode April 2026 sudah ditutup; tidak ada yang diubah."


@pytest.mark.django_db
def test_the_task_without_a_month_applies_the_one_due(cast, monkeypatch):
    entri(cast.staf, tanggal=APRIL)
    monkeypatch.setattr(timezone, "now", lambda: SESUDAH)
    # Called, not applied eagerly: an eager result would cache Celery's disabled result backend
    # in this process, and the real-worker tests after it could not read their results.
    assert apply_validation_deadline_task() == 1


def test_the_deadline_job_on_a_real_celery_worker(celery_worker_redis, cast):
    """The beat's daily job as the worker runs it: committed data in, committed rows out.

    Watched in the database rather than through the task's result: an eager task run earlier
    in this test process leaves Celery's disabled result backend cached on the app, and the
    worker thread shares it."""
    e = entri(cast.staf, tanggal=APRIL)
    march = entri(cast.staf, tanggal=date(2026, 3, 30))
    apply_validation_deadline_task.delay(2026, 4)
    _wait_for(lambda: EntriLewatBatas.objects.filter(entri=e).exists())
    assert Entri.objects.get(pk=e.pk).lewat_batas.atasan == cast.atasan
    # A rerun, then March: the worker takes one task at a time, so once March is done the
    # rerun is too, and it changed nothing.
    apply_validation_deadline_task.delay(2026, 4)
    apply_validation_deadline_task.delay(2026, 3)
    _wait_for(lambda: EntriLewatBatas.objects.filter(entri=march).exists())
    assert EntriLewatBatas.objects.filter(tahun=2026, bulan=4).count() == 1
    assert RiwayatEntri.objects.filter(entri=e).count() == 1


def _wait_for(condition, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the worker did not run the job"
        time.sleep(0.05)
