"""The demo's calendar step: holidays, Ramadan, teachers and a puskesmas on shifts."""

from datetime import date

import pytest

from pegawai import jadwal
from pegawai.demo import build_organisation
from pegawai.kalender_demo import build_kalender_demo
from pegawai.models import (
    AdminUnit,
    HariLibur,
    JadwalPegawai,
    LogAksi,
    Pegawai,
    Roster,
    UnitKerja,
)

pytestmark = pytest.mark.django_db


def run(cast):
    return build_kalender_demo(
        tahun=2026,
        sekolah=UnitKerja.objects.filter(jenis=UnitKerja.Jenis.SEKOLAH),
        puskesmas=UnitKerja.objects.filter(jenis=UnitKerja.Jenis.PUSKESMAS),
        by=cast.admin.user,
    )


def snapshot():
    return {
        model.__name__: model.objects.count()
        for model in (HariLibur, JadwalPegawai, Roster, AdminUnit, LogAksi)
    }


def test_the_demo_calendar_is_complete_and_runs_again_without_changes():
    cast = build_organisation(now=None)
    result = run(cast)
    assert result.ramadan.mulai < date(2026, 3, 1) < result.ramadan.selesai  # crosses a month
    assert HariLibur.objects.filter(jenis="cuti_bersama", tanggal__year=2026).exists()
    assert HariLibur.objects.filter(jenis="kalender", tanggal=date(2026, 6, 22)).exists()
    assert result.guru >= 5 and result.nakes >= 5 and len(result.admin_roster) == 1

    puskesmas = UnitKerja.objects.get(jenis=UnitKerja.Jenis.PUSKESMAS)
    kapus = Pegawai.objects.get(nip=result.admin_roster[0])
    assert list(AdminUnit.objects.units_of(kapus.user)) == [puskesmas]
    nakes = Pegawai.objects.filter(jadwal__profil__kode="shift-nakes")
    summary = jadwal.ringkasan_bulan(nakes, 2026, 11)
    assert summary and all(r.hari_kerja >= 15 for r in summary.values())
    # The administrative staff of the puskesmas keep the office week.
    assert Pegawai.objects.in_unit(puskesmas).filter(jadwal__isnull=True).count() >= 2

    teacher = Pegawai.objects.filter(jadwal__profil__kode="guru").first()
    ramadan_day = jadwal.hari_kerja_on(teacher.pk, date(2026, 3, 3))
    assert ramadan_day.sumber == "ramadan" and ramadan_day.target_menit == 250

    before = snapshot()
    again = run(cast)
    assert (again.hari_libur, again.guru, again.nakes, again.roster) == (0, 0, 0, 0)
    assert snapshot() == before
