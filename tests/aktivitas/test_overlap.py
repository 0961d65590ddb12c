"""No two entries of a person overlap, held by PostgreSQL too: two tabs submitting at the same
moment cannot both pass the services' check."""

import threading
from datetime import time

import pytest
from django.db import IntegrityError, connection, transaction

from aktivitas import services
from aktivitas.exceptions import AktivitasError
from aktivitas.models import Entri
from pegawai.models import Periode

from .conftest import HARI_INI, NOW, buat


def test_the_database_refuses_an_overlap_whatever_the_status(cast, katalog):
    entri = buat(cast.staf, katalog.arsip, mulai=(8, 0), selesai=(9, 0))
    Entri.objects.filter(pk=entri.pk).update(status=Entri.Status.DITOLAK)
    clone = Entri.objects.get(pk=entri.pk)
    clone.pk = None
    clone.mulai, clone.selesai = time(8, 59), time(9, 30)
    with pytest.raises(IntegrityError, match=services.OVERLAP_CONSTRAINT), transaction.atomic():
        clone.save()
    clone.mulai = time(9, 0)  # touching is fine: the range is half open
    clone.save()


def test_an_overlap_the_check_missed_gets_the_rules_message(cast, katalog, monkeypatch):
    buat(cast.staf, katalog.arsip, mulai=(8, 0), selesai=(9, 0))
    monkeypatch.setattr(services, "_check_overlap", lambda *args, **kwargs: None)
    with pytest.raises(
        AktivitasError, match="Waktu 08:30–09:30 bertabrakan dengan entri Anda yang lain"
    ):
        buat(cast.staf, katalog.rapat, mulai=(8, 30), selesai=(9, 30))
    assert Entri.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submits_one_wins_the_other_gets_the_message(cast, katalog, monkeypatch):
    # Both requests pass the friendly check before either writes: the race the constraint is for.
    # The month has its row (as after its first entry): making it would queue the second request
    # behind the first before the check (Periode.lock_months).
    Periode.objects.create(tahun=2026, bulan=5)
    barrier = threading.Barrier(2, timeout=10)
    check = services._check_overlap

    def check_then_wait(*args, **kwargs):
        check(*args, **kwargs)
        barrier.wait()

    monkeypatch.setattr(services, "_check_overlap", check_then_wait)
    results = []

    def submit(aktivitas, mulai, selesai):
        try:
            entri = services.create_entry(
                cast.staf,
                tanggal=HARI_INI,
                mulai=mulai,
                selesai=selesai,
                aktivitas=aktivitas,
                volume=1,
                uraian="Dari dua tab",
                ajukan=True,
                by=cast.staf.user,
                now=NOW,
            )
            results.append(entri)
        except AktivitasError as exc:
            results.append(exc)
        finally:
            connection.close()

    tabs = [
        threading.Thread(target=submit, args=(katalog.arsip, time(8), time(9))),
        threading.Thread(target=submit, args=(katalog.rapat, time(8, 30), time(9, 30))),
    ]
    for tab in tabs:
        tab.start()
    for tab in tabs:
        tab.join(timeout=30)
    won = [r for r in results if isinstance(r, Entri)]
    lost = [r for r in results if isinstance(r, AktivitasError)]
    assert len(won) == 1 and len(lost) == 1, results
    assert "bertabrakan dengan entri Anda yang lain" in str(lost[0])
    assert Entri.objects.count() == 1
    assert Entri.objects.get().riwayat.count() == 1
