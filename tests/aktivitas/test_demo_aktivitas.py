"""The demo's catalog and entries: two months for every demo staff member, built through the
imports, and the same rows when the demo runs again.

The demo runs on Wednesday 13 May 2026 at 16:30: last month is April, and this month's last
three working days (for office staff) are Friday 8, Monday 11 and Tuesday 12 May."""

from collections import Counter, defaultdict
from datetime import date, datetime, time
from io import StringIO

import pytest
from django.db import connection, transaction
from django.utils.module_loading import autodiscover_modules

from aktivitas import demo as aktivitas_demo
from aktivitas.models import Aktivitas, Entri, RiwayatEntri
from aktivitas.services import create_entry
from pegawai import demo, jadwal
from pegawai.hierarki import Hierarki
from pegawai.models import LogAksi, Pegawai, Periode

from .conftest import WIB

NOW = datetime(2026, 5, 13, 16, 30, tzinfo=WIB)
TODAY = NOW.date()
APRIL = (date(2026, 4, 1), date(2026, 4, 30))
LOWER_FLOORS = ("pegawai", "aktivitas")


def build_lower_floors(now: datetime):
    """The demo with only the floors this module is about: the higher apps' steps (decisions,
    the close) change the entries it checks. Discovered first, so no import adds a step back."""
    autodiscover_modules("demo")
    every_step = list(demo._steps)
    demo._steps[:] = [f for f in every_step if f.__module__.split(".")[0] in LOWER_FLOORS]
    try:
        return demo.build(now=now, stdout=StringIO())
    finally:
        demo._steps[:] = every_step


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """The demo, built once for the module inside a transaction rolled back at its end; each
    test runs in a savepoint of its own on top of it (the demo takes seconds to build)."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo.step(aktivitas_demo.build_aktivitas)  # registered even if a test reset the steps
        cast = build_lower_floors(now=NOW)
        # Check the foreign keys of the build now, once: each test's teardown checks the
        # deferred constraints, and would otherwise check all the demo's rows again.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        yield cast
        transaction.set_rollback(True)


@pytest.fixture
def cast(built, db):
    return built


def snapshot() -> list[tuple]:
    fields = [f.attname for f in Entri._meta.concrete_fields if f.attname != "dibuat_pada"]
    return list(Entri.objects.order_by("pk").values_list(*fields))


def test_the_catalog_has_about_a_hundred_activities_for_office_teachers_and_health(cast):
    assert 95 <= Aktivitas.objects.count() <= 110
    guru = Aktivitas.objects.get(kode="GR-001")
    assert (guru.satuan, guru.menit_standar) == ("JP", 35)
    assert "Guru Kelas Ahli Pertama" in set(guru.jabatan.values_list("nama", flat=True))
    imunisasi = set(Aktivitas.objects.get(kode="KS-004").jabatan.values_list("nama", flat=True))
    assert imunisasi == {"Bidan Terampil", "Perawat Terampil", "Perawat Ahli Pertama"}
    audit = Aktivitas.objects.get(kode="AU-001").jabatan.values_list("unit__kode", flat=True)
    assert sorted(audit) == ["2.04.02", "2.04.03", "2.04.04"]
    assert Aktivitas.objects.filter(untuk_pelaksana=True).count() >= 25
    assert Aktivitas.objects.get(kode="PL-000").aktif_selesai == date(2023, 12, 31)


def test_every_staff_member_has_4_to_6_entries_on_every_working_day_of_last_month(cast):
    people = list(Pegawai.objects.values_list("pk", flat=True))
    days = jadwal.hari_kerja(people, *APRIL)
    per_day = Counter(
        Entri.objects.filter(tanggal__range=APRIL).values_list("pegawai_id", "tanggal")
    )
    expected = {(pk, d) for pk, hari in days.items() for d in hari}
    assert set(per_day) == expected
    assert set(per_day.values()) <= {4, 5, 6}
    assert len(expected) > 300 * 18  # office staff have 21 working days in April 2026
    # Teachers and health workers log their own profession's work.
    guru = Entri.objects.filter(pegawai__jabatan__nama="Guru Kelas Ahli Pertama")
    assert guru.filter(aktivitas__kode="GR-001").exists()
    bidan = Entri.objects.filter(pegawai__jabatan__nama="Bidan Terampil")
    assert bidan.filter(aktivitas__kode__startswith="KS-").count() > bidan.count() / 2


def test_last_month_is_mostly_approved_by_the_supervisor_with_a_few_rejections(cast):
    april = Entri.objects.filter(tanggal__range=APRIL)
    status = Counter(april.values_list("status", flat=True))
    assert status["disetujui"] > 0.9 * april.count()
    assert 0 < status["ditolak"] < 0.06 * april.count()
    atasan = Hierarki.on(TODAY).atasan_map()
    user_of = dict(Pegawai.objects.values_list("pk", "user_id"))
    decided = april.exclude(status="diajukan").values_list(
        "pegawai_id", "diputuskan_oleh_id", "diputuskan_pada", "tanggal"
    )
    for pegawai_id, decider, pada, tanggal in decided:
        assert decider == user_of[atasan[pegawai_id]]
        assert tanggal <= pada.astimezone(WIB).date() < TODAY
    # Only the heads without a supervisor still wait.
    waiting = set(april.filter(status="diajukan").values_list("pegawai_id", flat=True))
    assert waiting == {pk for pk, a in atasan.items() if a is None}


def test_this_month_waits_for_approval_on_the_last_three_working_days(cast):
    may = Entri.objects.filter(pegawai=cast.staf, tanggal__gte=date(2026, 5, 1))
    by_day = defaultdict(set)
    for tanggal, status in may.values_list("tanggal", "status"):
        by_day[tanggal].add(status)
    assert by_day.pop(TODAY) == {"draf"}
    for day in (date(2026, 5, 8), date(2026, 5, 11), date(2026, 5, 12)):
        assert by_day.pop(day) == {"diajukan"}
    assert by_day and all(s <= {"disetujui", "ditolak"} for s in by_day.values())
    assert may.filter(tanggal=TODAY).count() == 2
    assert not Entri.objects.filter(tanggal=TODAY).exclude(pegawai=cast.staf).exists()
    assert not Entri.objects.filter(tanggal__gt=TODAY).exists()


def test_the_demo_staf_has_entries_waiting_for_their_supervisor(cast):
    waiting = Entri.objects.filter(pegawai=cast.staf, status="diajukan")
    assert waiting.count() >= 12
    decided = Entri.objects.filter(pegawai=cast.staf, status="disetujui")
    assert set(decided.values_list("diputuskan_oleh", flat=True)) == {cast.atasan.user_id}


def test_entries_are_imported_with_minutes_inside_their_span_and_never_overlap(cast):
    entries = list(
        Entri.objects.order_by("pegawai", "tanggal", "mulai").values_list(
            "pegawai", "tanggal", "mulai", "selesai", "menit", "menit_standar", "volume", "sumber"
        )
    )
    assert {e[7] for e in entries} == {"impor"}
    previous = None
    for e in entries:
        span = (e[3].hour * 60 + e[3].minute) - (e[2].hour * 60 + e[2].minute)
        assert 0 < e[4] == min(span, e[5] * e[6])
        if previous and previous[:2] == e[:2]:
            assert previous[3] <= e[2]
        previous = e
    # One decision for the whole fill: the import's log row; no history row per entry.
    assert LogAksi.objects.filter(aksi="aktivitas.entri_impor").count() == 1
    assert not RiwayatEntri.objects.exists()


def test_running_again_gives_identical_rows_and_writes_nothing(cast):
    before, logs = snapshot(), LogAksi.objects.count()
    build_lower_floors(now=NOW.replace(hour=20))
    assert snapshot() == before
    assert LogAksi.objects.count() == logs


def test_a_rerun_keeps_what_was_logged_by_hand_and_resets_the_demo_entries(cast):
    arsip = Aktivitas.objects.get(kode="PL-004")
    by_hand = create_entry(
        cast.staf, tanggal=TODAY, mulai=time(7), selesai=time(7, 30), aktivitas=arsip, volume=1,
        uraian="Arsip pagi", by=cast.staf.user, now=NOW,
    )  # fmt: skip
    changed = Entri.objects.filter(pegawai=cast.staf, status="disetujui").first()
    Entri.objects.filter(pk=changed.pk).update(status="ditolak")
    before = snapshot()
    build_lower_floors(now=NOW)
    after = snapshot()
    assert Entri.objects.filter(pk=by_hand.pk).exists()
    assert not Entri.objects.filter(pk=changed.pk).exists()
    restored = Entri.objects.get(
        pegawai=cast.staf, tanggal=changed.tanggal, mulai=changed.mulai, status="disetujui"
    )
    assert len(after) == len(before)
    assert [r for r in after if r[0] != restored.pk] == [r for r in before if r[0] != changed.pk]


def test_a_closed_month_is_left_as_it_is(cast):
    Periode.objects.update_or_create(  # the demo's writes made the month's row
        tahun=2026, bulan=4, defaults={"status": Periode.Status.DITUTUP}
    )
    april = Entri.objects.filter(tanggal__range=APRIL).order_by("pk")
    before = list(april.values_list("pk", "status"))
    Entri.objects.filter(pk=before[0][0]).update(volume=99)  # would be reset in an open month
    build_lower_floors(now=NOW)
    assert list(april.values_list("pk", "status")) == before
    assert Entri.objects.get(pk=before[0][0]).volume == 99
