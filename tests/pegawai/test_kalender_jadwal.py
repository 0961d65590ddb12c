"""The one place the rest of the system asks (pegawai.jadwal), on the real database."""

from datetime import date, time
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from pegawai import jadwal
from pegawai.kalender import SUMBER_RAMADAN, SUMBER_ROSTER
from pegawai.models import (
    HariJadwal,
    HariLibur,
    Jabatan,
    JadwalPegawai,
    JenisShift,
    Kalender,
    Pegawai,
    ProfilJadwal,
    Ramadan,
    Roster,
    UnitKerja,
)
from pegawai.services_kalender import assign_jadwal, install_jadwal_bawaan, set_default_profil
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def bawaan(db):
    """The default profiles and shift types (seeded by migration; made again after a flush)."""
    install_jadwal_bawaan()
    profil = {p.kode: p for p in ProfilJadwal.objects.all()}
    return SimpleNamespace(
        kantor=profil["kantor-5-hari"],
        sekolah=profil["sekolah-6-hari"],
        guru=profil["guru"],
        shift=profil["shift-nakes"],
        kalender_pendidikan=Kalender.objects.get(nama="Kalender Pendidikan"),
        **{s.kode: s for s in JenisShift.objects.all()},
    )


@pytest.fixture
def mei_2026(db):
    """May 2026 as the SKB has it: three holidays and two days of cuti bersama on weekdays."""
    for day, nama, jenis in [
        (1, "Hari Buruh Internasional", HariLibur.Jenis.NASIONAL),
        (14, "Kenaikan Yesus Kristus", HariLibur.Jenis.NASIONAL),
        (15, "Cuti Bersama Kenaikan Yesus Kristus", HariLibur.Jenis.CUTI_BERSAMA),
        (27, "Hari Raya Idul Adha", HariLibur.Jenis.NASIONAL),
        (28, "Cuti Bersama Idul Adha", HariLibur.Jenis.CUTI_BERSAMA),
        (31, "Hari Raya Waisak", HariLibur.Jenis.NASIONAL),
    ]:
        HariLibur.objects.create(tanggal=date(2026, 5, day), nama=nama, jenis=jenis)


@pytest.fixture
def perawat(cast, bawaan):
    unit = f.unit("Puskesmas Contoh", "1.01.09", jenis=UnitKerja.Jenis.PUSKESMAS, induk=cast.opd)
    jab = f.jabatan("Perawat Terampil", unit, jenis=Jabatan.Jenis.FUNGSIONAL)
    p = f.pegawai("Perawat Satu", jab)
    JadwalPegawai.objects.create(pegawai=p, profil=bawaan.shift, mulai=date(2026, 1, 1))
    return p


def test_a_month_with_holidays_and_cuti_bersama(cast, bawaan, mei_2026):
    result = jadwal.ringkasan_bulan([cast.staf.pk], 2026, 5)[cast.staf.pk]
    # 21 weekdays in May 2026 less 1, 14, 15, 27 and 28 May.
    assert (result.hari_kerja, result.target_menit) == (16, 4800)


def test_a_staff_member_without_an_assignment_follows_the_default_profile(cast, bawaan):
    hari = jadwal.hari_kerja([cast.staf.pk], date(2026, 5, 4), date(2026, 5, 10))[cast.staf.pk]
    assert [d.day for d in hari] == [4, 5, 6, 7, 8]
    assert hari[date(2026, 5, 8)].istirahat == ((time(12), time(14)),)  # Friday prayer


def test_the_default_profile_is_data(cast, bawaan):
    set_default_profil(bawaan.sekolah, by=cast.admin.user)
    hari = jadwal.hari_kerja([cast.staf.pk], date(2026, 5, 4), date(2026, 5, 10))[cast.staf.pk]
    assert date(2026, 5, 9) in hari  # Saturday under the 6-day week
    assert not ProfilJadwal.objects.filter(pk=bawaan.kantor.pk, is_default=True).exists()


def test_ramadan_crossing_a_month_boundary(cast, bawaan):
    ramadan = Ramadan.objects.create(tahun=2026, mulai=date(2026, 2, 19), selesai=date(2026, 3, 19))
    HariJadwal.objects.bulk_create(
        HariJadwal(
            profil=bawaan.kantor,
            ramadan=ramadan,
            hari=hari,
            jam_mulai=time(8),
            jam_selesai=time(15),
            target_menit=240,
        )
        for hari in range(5)
    )
    summary = {
        month: jadwal.ringkasan_bulan([cast.staf.pk], 2026, month)[cast.staf.pk].target_menit
        for month in (2, 3, 4)
    }
    assert summary == {2: 13 * 300 + 7 * 240, 3: 8 * 300 + 14 * 240, 4: 22 * 300}
    hari = jadwal.hari_kerja_on(cast.staf.pk, date(2026, 3, 2))
    assert hari.sumber == SUMBER_RAMADAN and hari.selesai == time(15)


def test_a_night_shift_belongs_to_the_day_it_starts(perawat, bawaan):
    Roster.objects.create(
        pegawai=perawat, tanggal=date(2026, 5, 31), shift=bawaan.M, diubah_pada="2026-05-20T08:00Z"
    )
    malam = jadwal.hari_kerja_on(perawat.pk, date(2026, 5, 31))
    assert malam.shift == "M" and malam.target_menit == 600
    assert malam.selesai_pada.date() == date(2026, 6, 1)
    assert jadwal.hari_kerja_on(perawat.pk, date(2026, 6, 1)) is None
    assert jadwal.ringkasan_bulan([perawat.pk], 2026, 6)[perawat.pk].hari_kerja == 0


def test_a_roster_works_on_a_holiday(perawat, bawaan, mei_2026):
    for day, shift in [(1, bawaan.P), (2, bawaan.S), (27, bawaan.M)]:
        Roster.objects.create(
            pegawai=perawat,
            tanggal=date(2026, 5, day),
            shift=shift,
            diubah_pada="2026-04-20T08:00Z",
        )
    hari = jadwal.hari_kerja([perawat.pk], date(2026, 5, 1), date(2026, 5, 31))[perawat.pk]
    assert [d.day for d in hari] == [1, 2, 27]
    assert {h.sumber for h in hari.values()} == {SUMBER_ROSTER}
    summary = jadwal.ringkasan_bulan([perawat.pk], 2026, 5)[perawat.pk]
    assert (summary.hari_kerja, summary.target_menit) == (3, 300 + 300 + 600)


def test_a_six_day_school_week(cast, bawaan, mei_2026):
    JadwalPegawai.objects.create(pegawai=cast.staf, profil=bawaan.sekolah, mulai=date(2026, 1, 1))
    hari = jadwal.hari_kerja([cast.staf.pk], date(2026, 5, 1), date(2026, 5, 31))[cast.staf.pk]
    assert date(2026, 5, 2) in hari and date(2026, 5, 3) not in hari
    assert hari[date(2026, 5, 2)].target_menit == 250
    assert len(hari) == 26 - 5


def test_school_breaks_are_on_the_school_calendar_only(cast, bawaan):
    JadwalPegawai.objects.create(pegawai=cast.staf, profil=bawaan.guru, mulai=date(2026, 1, 1))
    for day in range(22, 28):
        HariLibur.objects.create(
            tanggal=date(2026, 6, day),
            nama="Libur semester",
            jenis=HariLibur.Jenis.KALENDER,
            kalender=bawaan.kalender_pendidikan,
        )
    summary = jadwal.ringkasan_bulan([cast.staf.pk, cast.atasan.pk], 2026, 6)
    assert summary[cast.staf.pk].hari_kerja == 26 - 6  # June 2026: 26 days Monday–Saturday
    assert summary[cast.staf.pk].target_menit == 20 * 250  # 24 × 45 + 420 over six days
    assert summary[cast.atasan.pk].hari_kerja == 22


def test_a_joiner_on_the_15th(cast, bawaan, mei_2026):
    baru = f.pegawai("Pegawai Baru", cast.jab_staf, mulai=date(2026, 5, 15))
    summary = jadwal.ringkasan_bulan([baru.pk], 2026, 5)[baru.pk]
    assert (summary.hari_kerja, summary.target_menit) == (8, 2400)
    assert summary.hari_kerja_jadwal == 16
    assert jadwal.ringkasan_bulan([baru.pk], 2026, 4) == {}  # not active yet


def test_a_schedule_change_mid_month(cast, bawaan, mei_2026):
    assign_jadwal(cast.staf, profil=bawaan.sekolah, mulai=date(2026, 1, 1), by=cast.admin.user)
    assign_jadwal(cast.staf, profil=bawaan.kantor, mulai=date(2026, 5, 18), by=cast.admin.user)
    hari = jadwal.hari_kerja([cast.staf.pk], date(2026, 5, 1), date(2026, 5, 31))[cast.staf.pk]
    assert date(2026, 5, 16) in hari  # a Saturday under the school week
    assert date(2026, 5, 23) not in hari  # a Saturday under the office week


def test_a_queryset_and_a_list_of_ids_give_the_same_answer(cast, bawaan, mei_2026):
    by_ids = jadwal.ringkasan_bulan(
        list(Pegawai.objects.in_unit(cast.opd).values_list("pk", flat=True)), 2026, 5
    )
    by_queryset = jadwal.ringkasan_bulan(Pegawai.objects.in_unit(cast.opd), 2026, 5)
    assert by_ids == by_queryset and len(by_ids) == 3


def test_queries_do_not_grow_with_the_number_of_staff(
    cast, bawaan, perawat, mei_2026, django_assert_num_queries
):
    def mixed_staff(n):
        for i in range(n):
            p = f.pegawai(f"Pegawai {i}", cast.jab_staf, login=False)
            profil = [bawaan.kantor, bawaan.sekolah, bawaan.guru, bawaan.shift][i % 4]
            JadwalPegawai.objects.create(pegawai=p, profil=profil, mulai=date(2026, 5, 1 + i % 20))
            if profil == bawaan.shift:
                Roster.objects.create(
                    pegawai=p,
                    tanggal=date(2026, 5, 25),
                    shift=bawaan.P,
                    diubah_pada="2026-05-01T00:00Z",
                )

    mixed_staff(4)
    with django_assert_num_queries(6):
        few = jadwal.ringkasan_bulan(Pegawai.objects.all(), 2026, 5)
    mixed_staff(40)
    with django_assert_num_queries(6):
        many = jadwal.ringkasan_bulan(Pegawai.objects.all(), 2026, 5)
    assert len(many) == len(few) + 40


def test_a_weekday_target_beyond_its_hours_is_refused(bawaan):
    row = HariJadwal(
        profil=bawaan.kantor, hari=6, jam_mulai=time(8), jam_selesai=time(12), target_menit=300
    )
    with pytest.raises(ValidationError, match="melebihi jam kerja hari itu \\(240 menit\\)"):
        row.full_clean()
    row.profil = bawaan.guru  # a teaching profile computes its own target
    row.full_clean()
