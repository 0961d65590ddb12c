"""The demo's attendance: two months of machine scans through the import, one TK, one CT range
and one DL, the same rows on a second run. One build and one rerun: a build takes seconds."""

from datetime import date, datetime
from io import StringIO

import pytest
from django.db.models import F
from django.utils import timezone

from pegawai import demo
from pegawai.models import Izin, Kehadiran, LogAbsen, LogAksi, RiwayatKehadiran

NOW = datetime(2026, 5, 20, 10, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def build(db, monkeypatch):
    # The calendar and attendance steps only: other apps' months are not needed here.
    monkeypatch.setattr(demo, "_steps", [demo.build_kalender, demo.build_kehadiran])
    monkeypatch.setattr(demo, "autodiscover_modules", lambda *names: None)
    return lambda: demo.build(now=NOW, stdout=StringIO())


def snapshot():
    return (
        sorted(
            Kehadiran.objects.values_list("id", "pegawai", "tanggal", "kode", "tl", "psw", "sumber")
        ),
        LogAbsen.objects.count(),
        sorted(Izin.objects.values_list("id", "pegawai", "kode", "mulai", "selesai")),
        RiwayatKehadiran.objects.count(),
        LogAksi.objects.count(),
    )


def test_two_months_of_scans_with_a_tk_a_leave_and_a_duty_day_the_same_on_a_rerun(build):
    cast = build()
    days = Kehadiran.objects.all()
    assert not days.filter(tanggal__lt=date(2026, 4, 1)).exists()
    assert not days.filter(tanggal__gte=date(2026, 5, 20)).exists()  # today is not over
    assert days.filter(tanggal__month=4).count() > 250 * 15
    assert days.filter(tanggal__month=5).count() > 250 * 8
    mesin = days.filter(sumber="mesin")
    assert mesin.filter(kode="H", tl=0, psw=0).count() > 0.8 * mesin.count()
    assert mesin.filter(tl__gt=0).exists() and mesin.filter(psw__gt=0).exists()
    assert LogAksi.objects.filter(aksi="pegawai.kehadiran_impor_mesin").count() == 1

    tk = Kehadiran.objects.get(kode="TK")
    assert tk.pegawai == cast.staf and tk.tanggal.month == 4
    dl = Kehadiran.objects.get(kode="DL")
    assert dl.pegawai == cast.staf and dl.sumber == "izin"
    ct = Kehadiran.objects.filter(kode="CT")
    assert ct.count() == 3 and {k.pegawai.unit_id for k in ct} == {cast.staf.unit_id}
    assert Izin.objects.count() == 2

    # The puskesmas's night shifts end the next morning and belong to the day they start.
    night = Kehadiran.objects.filter(
        pegawai__roster__tanggal=F("tanggal"), pegawai__roster__shift__kode="M", kode="H"
    ).first()
    assert night is not None and timezone.localtime(night.jam_pulang).date() > night.tanggal

    before = snapshot()
    build()
    assert snapshot() == before
