"""Safe to repeat and to crash: two closes at once, a close that fails half-way and its rerun,
a worker that died leaving its run behind, and progress that others see while the results stay
invisible until the one commit. These run on committed data (transaction=True), as in
production, with more than one database connection."""

import threading
import time

import pytest
from django.db import DEFAULT_DB_ALIAS, close_old_connections, connections

from pegawai.models import LogAksi, Periode
from tpk import penutupan
from tpk.defaults import create_default_aturan
from tpk.exceptions import TPKError
from tpk.models import HasilTPK, PenutupanPeriode
from tpk.penutupan import close_periode

from . import bulan as b
from .bulan import tanpa_ekspor  # noqa: F401 (autouse)

pytestmark = pytest.mark.django_db(transaction=True)

EXCLUDED = {"id", "penutupan"}


@pytest.fixture
def juli(cast):
    create_default_aturan()
    b.juli()
    for i in range(10):
        p = b.analis(cast, f"Analis {i}")
        b.setujui(p, dict.fromkeys(b.hari_kerja()[: 10 + i], 270 + i), atasan=cast.atasan)
    days = b.hari_kerja()
    b.impor_kehadiran(
        [(cast.staf, days[0], "TL3"), (cast.staf, days[1], "CT"), (cast.kepala, days[2], "TK")],
        admin=cast.admin,
    )
    return cast


def tutup(cast):
    return close_periode(2026, 7, by=cast.admin.user, now=b.NOW)


def rows() -> dict[int, dict]:
    fields = [f.attname for f in HasilTPK._meta.concrete_fields if f.name not in EXCLUDED]
    return {r["pegawai_id"]: r for r in HasilTPK.objects.values(*fields)}


def forget_the_close() -> None:
    """Back to before any close, as a fresh database would be (test set-up only)."""
    HasilTPK.objects.all().delete()
    PenutupanPeriode.objects.all().delete()
    LogAksi.objects.filter(aksi="tpk.tutup").delete()
    Periode.objects.update(status="terbuka", ditutup_oleh=None, ditutup_pada=None)


def other_connection():
    return connections.create_connection(DEFAULT_DB_ALIAS)


def test_two_closes_at_once_one_does_the_work(juli, monkeypatch):
    loaded = penutupan.load

    def slow_load(*args):
        time.sleep(0.5)  # long enough for the other close to arrive while this one runs
        return loaded(*args)

    monkeypatch.setattr(penutupan, "load", slow_load)
    barrier = threading.Barrier(2)
    results: list = []

    def run():
        try:
            barrier.wait()
            results.append(tutup(juli))
        except TPKError as exc:
            results.append(exc)
        finally:
            close_old_connections()
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    done = [r for r in results if isinstance(r, PenutupanPeriode)]
    refused = [r for r in results if isinstance(r, TPKError)]
    assert len(done) == len(refused) == 1
    assert str(refused[0]) == (
        "Penutupan periode Juli 2026 sedang berjalan. Tunggu sampai selesai, lalu muat ulang "
        "halaman ini."
    )
    assert PenutupanPeriode.objects.get().status == "selesai"
    assert HasilTPK.objects.count() == done[0].total == 18


def test_a_close_that_fails_half_way_leaves_nothing_and_a_rerun_gives_identical_rows(
    juli, monkeypatch
):
    tutup(juli)
    clean = rows()
    forget_the_close()

    monkeypatch.setattr(penutupan, "BATCH", 4)  # several batches are written before the failure
    masukan_for = penutupan.masukan_for
    calls = []

    def crash_on_the_ninth(*args):
        calls.append(1)
        if len(calls) == 9:
            raise RuntimeError("worker dihentikan")
        return masukan_for(*args)

    monkeypatch.setattr(penutupan, "masukan_for", crash_on_the_ninth)
    with pytest.raises(RuntimeError):
        tutup(juli)
    failed = PenutupanPeriode.objects.get()
    assert (failed.status, failed.pesan_galat) == ("gagal", "RuntimeError: worker dihentikan")
    assert not HasilTPK.objects.exists()
    assert not Periode.objects.get(tahun=2026, bulan=7).is_ditutup
    assert not LogAksi.objects.filter(aksi="tpk.tutup").exists()

    monkeypatch.setattr(penutupan, "masukan_for", masukan_for)
    run = tutup(juli)
    assert (run.status, run.revisi) == ("selesai", 1)
    again = rows()
    assert set(again) == set(clean)
    for pegawai_id, fields in clean.items():
        assert again[pegawai_id] == fields


def test_a_run_left_by_a_dead_worker_is_marked_failed_by_the_next_close(juli):
    periode = Periode.objects.get(tahun=2026, bulan=7)  # made by July's writes (lock_months)
    dead = PenutupanPeriode.objects.create(
        periode=periode, revisi=1, mulai_pada=b.NOW, diperbarui_pada=b.NOW, total=18, diproses=8
    )
    run = tutup(juli)
    dead.refresh_from_db()
    assert (dead.status, dead.selesai_pada) == ("gagal", b.NOW)
    assert "proses penutupan mati" in dead.pesan_galat
    assert (run.status, run.revisi) == ("selesai", 1)


def test_progress_is_visible_while_the_results_are_not(juli, monkeypatch):
    monkeypatch.setattr(penutupan, "BATCH", 5)
    report = penutupan._Progres.__call__
    watcher = other_connection()
    seen = []

    def watch(self, diproses):
        report(self, diproses)
        with watcher.cursor() as cursor:
            cursor.execute(
                "SELECT r.status, r.total, r.diproses, p.status,"
                " (SELECT count(*) FROM tpk_hasiltpk h WHERE h.periode_id = p.id)"
                " FROM tpk_penutupanperiode r JOIN pegawai_periode p ON p.id = r.periode_id"
                " WHERE r.id = %s",
                [self.run.pk],
            )
            seen.append(cursor.fetchone())

    monkeypatch.setattr(penutupan._Progres, "__call__", watch)
    try:
        tutup(juli)
    finally:
        watcher.close()
    assert seen == [("berjalan", 18, n, "terbuka", 0) for n in (0, 5, 10, 15, 18)]
    run = PenutupanPeriode.objects.get()
    assert (run.status, run.diproses, run.persen_progres) == ("selesai", 18, 100)
