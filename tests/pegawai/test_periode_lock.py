"""The month's lock (Periode.lock_months): what it returns, the rows it makes, the lock it takes,
and the race it closes: a change whose check ran while the close was running must not commit
into the month the close has just frozen.

The races run on committed data (transaction=True) with a connection per thread: one thread
stands in for the close (the Periode row FOR UPDATE, then `ditutup`, as tpk.penutupan does in its
one transaction), the other is a writer going through the real service at that moment."""

import threading
import time as time_module
from datetime import date, time

import pytest
from django.db import (
    DEFAULT_DB_ALIAS,
    OperationalError,
    connection,
    connections,
    transaction,
)
from django.db.transaction import TransactionManagementError

from aktivitas import services as aktivitas
from aktivitas.exceptions import AktivitasError
from aktivitas.models import Entri, RiwayatEntri
from pegawai.models import Pegawai, Periode
from penilaian.exceptions import PenilaianError
from penilaian.services import persetujuan
from tests.aktivitas.conftest import HARI_INI, NOW, SENIN, Katalog

pytestmark = pytest.mark.django_db

DITUTUP = Periode.Status.DITUTUP


def months() -> dict[tuple[int, int], str]:
    rows = Periode.objects.order_by("tahun", "bulan").values_list("tahun", "bulan", "status")
    return {(tahun, bulan): status for tahun, bulan, status in rows}


class TestLockMonths:
    def test_makes_the_missing_rows_open_and_returns_the_closed_months(
        self, db, django_assert_num_queries
    ):
        Periode.objects.create(tahun=2026, bulan=4, status=DITUTUP)
        with django_assert_num_queries(3):  # lock, make the missing, lock them too
            closed = Periode.lock_months(date(2026, 2, 27), date(2026, 5, 2))
        assert closed == {(2026, 4)}
        assert months() == {
            (2026, 2): "terbuka",
            (2026, 3): "terbuka",
            (2026, 4): "ditutup",
            (2026, 5): "terbuka",
        }
        with django_assert_num_queries(1):  # every row there: one statement
            assert Periode.lock_months(date(2026, 3, 1), date(2026, 4, 30)) == {(2026, 4)}
        assert not Periode.is_closed(date(2026, 3, 1))  # a made row reads as no row: open

    def test_months_across_a_year_and_a_single_day(self, db):
        Periode.objects.create(tahun=2027, bulan=1, status=DITUTUP)
        assert Periode.lock_months(date(2026, 11, 30), date(2027, 2, 1)) == {(2027, 1)}
        assert list(months()) == [(2026, 11), (2026, 12), (2027, 1), (2027, 2)]
        assert Periode.lock_months(date(2027, 1, 31), date(2027, 1, 31)) == {(2027, 1)}

    def test_years_the_table_does_not_hold_are_open_and_get_no_row(self, db):
        assert Periode.lock_months(date(1999, 12, 1), date(2000, 1, 31)) == set()
        assert list(months()) == [(2000, 1)]
        assert Periode.lock_months(date(1990, 1, 1), date(1990, 12, 31)) == set()

    @pytest.mark.django_db(transaction=True)
    def test_outside_a_transaction_it_is_refused(self):
        with pytest.raises(TransactionManagementError, match=r"inside transaction\.atomic\(\)"):
            Periode.lock_months(date(2026, 5, 1), date(2026, 5, 31))
        assert not Periode.objects.exists()

    @pytest.mark.django_db(transaction=True)
    def test_the_lock_keeps_a_close_out_but_not_another_writer(self):
        Periode.objects.create(tahun=2026, bulan=5)
        other = connections.create_connection(DEFAULT_DB_ALIAS)
        row = "SELECT 1 FROM pegawai_periode WHERE tahun = 2026 AND bulan = 5"
        try:
            with transaction.atomic():
                Periode.lock_months(date(2026, 5, 1), date(2026, 5, 31))
                with other.cursor() as cursor:
                    cursor.execute(f"{row} FOR KEY SHARE NOWAIT")  # another writer
                    assert cursor.fetchone() == (1,)
                    with pytest.raises(OperationalError, match="could not obtain lock"):
                        cursor.execute(f"{row} FOR UPDATE NOWAIT")  # the close
            with other.cursor() as cursor:  # committed: the close gets its lock
                cursor.execute(f"{row} FOR UPDATE NOWAIT")
        finally:
            other.close()

    def test_the_annotation_reads_the_status_of_the_rows_month(self, cast):
        Periode.objects.create(tahun=2026, bulan=4, status=DITUTUP)
        Pegawai.objects.filter(pk=cast.staf.pk).update(aktif_mulai=date(2026, 4, 9))
        Pegawai.objects.filter(pk=cast.atasan.pk).update(aktif_mulai=date(2026, 3, 2))
        status = dict(
            Pegawai.objects.filter(pk__in=[cast.staf.pk, cast.atasan.pk])
            .annotate(s=Periode.locked_status("aktif_mulai"))
            .values_list("pk", "s")
        )
        assert status == {cast.staf.pk: "ditutup", cast.atasan.pk: None}  # no row: None


# The race -------------------------------------------------------------------------------------


def _a_writer_waits_for_the_month() -> bool:
    """Another backend of this database waits for a row lock in a statement that locks a month."""
    with connection.cursor() as cursor:
        # Backend activity is read once per transaction unless the snapshot is dropped.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND wait_event_type = 'Lock' AND query LIKE %s",
            ["%FOR KEY SHARE%"],
        )
        return cursor.fetchone()[0] > 0


def close_may_while(write) -> dict:
    """Run `write` while a stand-in for the close holds May's row FOR UPDATE; the close sets the
    month ditutup and commits once the writer is seen waiting (or after 5 s).

    Returns the writer's outcome ("ok" or its message) and whether it was seen waiting."""
    periode = Periode.objects.get_or_create(tahun=2026, bulan=5)[0]  # the close's claim step
    locked, seen = threading.Event(), {}

    def close():
        try:
            with transaction.atomic():
                Periode.objects.select_for_update().get(pk=periode.pk)
                locked.set()
                deadline = time_module.monotonic() + 5
                while time_module.monotonic() < deadline and not _a_writer_waits_for_the_month():
                    time_module.sleep(0.02)
                seen["waited"] = _a_writer_waits_for_the_month()
                Periode.objects.filter(pk=periode.pk).update(status=DITUTUP)
        finally:
            connection.close()

    def writer():
        try:
            write()
            seen["result"] = "ok"
        except (AktivitasError, PenilaianError) as exc:
            seen["result"] = str(exc)
        finally:
            connection.close()

    closing = threading.Thread(target=close)
    closing.start()
    assert locked.wait(5)
    writing = threading.Thread(target=writer)
    writing.start()
    closing.join(15)
    writing.join(15)
    assert Periode.is_closed(date(2026, 5, 1))
    return seen


@pytest.mark.django_db(transaction=True)
def test_an_entry_made_during_the_close_waits_and_is_refused(cast):
    katalog = Katalog(cast)

    def create():
        aktivitas.create_entry(
            cast.staf,
            tanggal=HARI_INI,
            mulai=time(8),
            selesai=time(9),
            aktivitas=katalog.arsip,
            volume=1,
            uraian="Dikirim saat bulan ditutup",
            ajukan=True,
            by=cast.staf.user,
            now=NOW,
        )

    seen = close_may_while(create)
    assert seen == {
        "waited": True,
        "result": "Periode Mei 2026 sudah ditutup: entri bulan itu tidak dapat diubah lagi.",
    }
    assert not Entri.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_approval_during_the_close_waits_and_is_refused(cast):
    katalog = Katalog(cast)
    entri = aktivitas.create_entry(
        cast.staf,
        tanggal=SENIN,
        mulai=time(8),
        selesai=time(9),
        aktivitas=katalog.arsip,
        volume=1,
        uraian="Menunggu keputusan",
        ajukan=True,
        by=cast.staf.user,
        now=NOW,
    )

    seen = close_may_while(
        lambda: persetujuan.approve_entries([entri.pk], by=cast.atasan.user, now=NOW)
    )
    assert seen == {
        "waited": True,
        "result": "Periode Mei 2026 sudah ditutup: entri Senin, 11 Mei 2026 08:00–09:00 "
        "(Staf Data) tidak dapat diputuskan lagi.",
    }
    entri.refresh_from_db()
    assert (entri.status, entri.diputuskan_oleh) == ("diajukan", None)
    assert RiwayatEntri.objects.filter(entri=entri).count() == 1  # its creation only
