"""The calendar configuration kept in memory (pegawai.jadwal_cache): fewer queries for the pages,
and every change seen on the next load, whichever way and from whichever process it came.

These tests commit (`transactional_db`), as requests do: inside a transaction the memory is not
used at all, which the last tests show.
"""

from datetime import date, time

import pytest
from django.db import connection, connections, transaction
from django.urls import reverse

from pegawai import jadwal, jadwal_cache
from pegawai.models import (
    HariJadwal,
    HariLibur,
    JenisShift,
    Pegawai,
    ProfilJadwal,
    Ramadan,
    Roster,
)
from pegawai.services_kalender import (
    assign_jadwal,
    create_hari_libur,
    install_jadwal_bawaan,
    set_default_profil,
)

SENIN = date(2026, 5, 4)
MINGGU_INI = (SENIN, date(2026, 5, 10))
# Queries of a load with the configuration in memory, and read, for office hours; a load with a
# shift profile among its staff reads their rosters too (one more).
MEMORY, READ = 1, 5
ROSTER = 1


@pytest.fixture(autouse=True)
def _fresh_process():
    jadwal_cache.forget()
    yield
    jadwal_cache.forget()


@pytest.fixture
def staf(transactional_db, cast):
    install_jadwal_bawaan()
    return cast.staf


def hari(pegawai) -> list[int]:
    return sorted(d.day for d in jadwal.hari_kerja([pegawai.pk], *MINGGU_INI)[pegawai.pk])


def load(django_assert_num_queries, pegawai, queries: int) -> list[int]:
    with django_assert_num_queries(queries):
        return hari(pegawai)


def test_the_second_load_takes_the_configuration_from_memory(staf, cast, django_assert_num_queries):
    assert load(django_assert_num_queries, staf, READ) == [4, 5, 6, 7, 8]
    assert load(django_assert_num_queries, staf, MEMORY) == [4, 5, 6, 7, 8]
    # Another period and other staff share it: it depends on neither.
    with django_assert_num_queries(MEMORY):
        jadwal.ringkasan_bulan([cast.atasan.pk, cast.kepala.pk], 2026, 3)


def test_a_holiday_added_edited_or_deleted_is_seen_on_the_next_load(
    staf, cast, django_assert_num_queries
):
    hari(staf)
    libur = create_hari_libur(tanggal=SENIN, nama="Libur daerah", jenis="daerah", by=None)
    assert load(django_assert_num_queries, staf, READ) == [5, 6, 7, 8]
    libur.tanggal = date(2026, 5, 5)
    libur.save()
    assert load(django_assert_num_queries, staf, READ) == [4, 6, 7, 8]
    libur.delete()
    assert load(django_assert_num_queries, staf, READ) == [4, 5, 6, 7, 8]
    assert load(django_assert_num_queries, staf, MEMORY) == [4, 5, 6, 7, 8]


def test_changes_that_send_no_signal_are_seen_too(staf, django_assert_num_queries):
    """Bulk inserts and updates (imports, the year's holidays, a migration) bypass signals."""
    hari(staf)
    HariLibur.objects.bulk_create([HariLibur(tanggal=SENIN, nama="Cuti bersama", jenis="daerah")])
    assert load(django_assert_num_queries, staf, READ) == [5, 6, 7, 8]
    kantor = ProfilJadwal.objects.get(is_default=True)
    HariJadwal.objects.filter(profil=kantor, hari=4).delete()
    assert hari(staf) == [5, 6, 7]
    HariJadwal.objects.filter(profil=kantor, hari=3).update(target_menit=240)
    assert jadwal.ringkasan([staf.pk], *MINGGU_INI)[staf.pk].target_menit == 300 + 300 + 240


def test_a_new_default_profile_and_a_ramadan_are_seen_on_the_next_load(
    staf, django_assert_num_queries
):
    hari(staf)
    sekolah = ProfilJadwal.objects.get(kode="sekolah-6-hari")
    set_default_profil(sekolah, by=None)
    assert hari(staf) == [4, 5, 6, 7, 8, 9]
    ramadan = Ramadan.objects.create(tahun=2026, mulai=date(2026, 5, 1), selesai=date(2026, 5, 5))
    HariJadwal.objects.create(
        profil=sekolah,
        ramadan=ramadan,
        hari=0,
        jam_mulai=time(8),
        jam_selesai=time(12),
        target_menit=200,
    )
    day = jadwal.hari_kerja_on(staf.pk, SENIN)
    assert (day.mulai, day.target_menit) == (time(8), 200)
    Ramadan.objects.filter(pk=ramadan.pk).update(selesai=date(2026, 5, 3))
    assert jadwal.hari_kerja_on(staf.pk, SENIN).target_menit == 250


def test_a_shift_type_changed_is_seen_on_the_next_load(staf, django_assert_num_queries):
    shift = ProfilJadwal.objects.get(kode="shift-nakes")
    assign_jadwal(staf, profil=shift, mulai=date(2026, 1, 1), by=None)
    pagi = JenisShift.objects.get(kode="P")
    Roster.objects.create(pegawai=staf, tanggal=SENIN, shift=pagi, diubah_pada="2026-05-01T00:00Z")
    assert jadwal.hari_kerja_on(staf.pk, SENIN).target_menit == 300
    pagi.target_menit = 270
    pagi.save()
    with django_assert_num_queries(READ + ROSTER):
        assert jadwal.hari_kerja_on(staf.pk, SENIN).target_menit == 270
    with django_assert_num_queries(MEMORY + ROSTER):
        assert jadwal.hari_kerja_on(staf.pk, SENIN).target_menit == 270


def test_a_change_made_by_another_process_is_seen(staf, django_assert_num_queries):
    """Another gunicorn worker, or another server: a second connection writes, this process's
    memory is told nothing."""
    hari(staf)
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {HariLibur._meta.db_table} (tanggal, nama, jenis, dari_paket) "  # noqa: S608
                "VALUES (%s, 'Libur daerah', 'daerah', false)",
                [SENIN],
            )
    finally:
        other.close()
    assert load(django_assert_num_queries, staf, READ) == [5, 6, 7, 8]


def test_a_fresh_process_reads_the_same_configuration(staf, django_assert_num_queries):
    HariLibur.objects.create(tanggal=SENIN, nama="Libur daerah", jenis="daerah")
    before = jadwal.Jadwal.load([staf.pk], *MINGGU_INI)
    jadwal_cache.forget()
    after = load(django_assert_num_queries, staf, READ)
    assert after == sorted(d.day for d in before.hari_kerja(staf.pk)) == [5, 6, 7, 8]
    assert load(django_assert_num_queries, staf, MEMORY) == after


def test_a_configuration_that_changed_while_it_was_read_is_not_kept(
    staf, django_assert_num_queries
):
    """The version the load started with no longer matches what was read: used once only."""
    stale = "0" * 32
    with django_assert_num_queries(4):
        jadwal_cache.read(stale)
    with django_assert_num_queries(4):
        jadwal_cache.read(stale)


def test_a_page_shows_a_new_holiday_on_the_very_next_request(staf, client, cast):
    client.force_login(cast.staf.user)
    url = reverse("aktivitas:hari", args=[SENIN])
    assert "Jam kerja 08:00–16:30" in client.get(url).content.decode()
    HariLibur.objects.create(tanggal=SENIN, nama="Libur daerah", jenis="daerah")
    assert "Bukan hari kerja" in client.get(url).content.decode()


def test_a_rolled_back_change_never_reaches_the_memory(staf, django_assert_num_queries):
    hari(staf)
    with pytest.raises(RuntimeError), transaction.atomic():
        HariLibur.objects.create(tanggal=SENIN, nama="Batal", jenis="daerah")
        assert load(django_assert_num_queries, staf, READ) == [5, 6, 7, 8]
        raise RuntimeError
    assert load(django_assert_num_queries, staf, MEMORY) == [4, 5, 6, 7, 8]


def test_inside_a_transaction_the_memory_serves_until_the_transaction_writes(
    staf, django_assert_num_queries
):
    """A service saving an entry runs in a transaction: it sees the committed configuration,
    the one in memory. Once it writes a holiday it sees a version of its own, and reads."""
    hari(staf)
    with transaction.atomic():
        assert connection.in_atomic_block
        assert load(django_assert_num_queries, staf, MEMORY) == [4, 5, 6, 7, 8]
        HariLibur.objects.create(tanggal=SENIN, nama="Libur daerah", jenis="daerah")
        assert load(django_assert_num_queries, staf, READ) == [5, 6, 7, 8]
        assert load(django_assert_num_queries, staf, READ) == [5, 6, 7, 8]  # never kept
    assert load(django_assert_num_queries, staf, READ) == [5, 6, 7, 8]  # committed: new
    assert load(django_assert_num_queries, staf, MEMORY) == [5, 6, 7, 8]


@pytest.mark.django_db
def test_the_db_fixtures_transaction_reads_it_every_time(cast, django_assert_num_queries):
    """Tests on the `db` fixture run in a transaction, where nothing is kept: their query
    counts stay those of a read."""
    install_jadwal_bawaan()
    assert load(django_assert_num_queries, cast.staf, READ) == [4, 5, 6, 7, 8]
    assert load(django_assert_num_queries, cast.staf, READ) == [4, 5, 6, 7, 8]


def test_every_write_raises_the_version_even_a_truncate(staf):
    """The version the memory is kept under comes from triggers on the five tables (migration
    pegawai 0008): raw SQL and TRUNCATE raise it like the ORM, and emptying the tables (as
    Django's flush does between tests) never brings an old number back."""
    first = jadwal_cache.sidik_now()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE pegawai_jenisshift SET nama = nama")
        second = jadwal_cache.sidik_now()
        cursor.execute("TRUNCATE pegawai_harilibur")
        third = jadwal_cache.sidik_now()
    assert int(first) < int(second) < int(third)


@pytest.mark.django_db
def test_the_hand_written_staff_query_agrees_with_the_orms(cast):
    """A page's own schedule (a few ids) is read by hand; a list of thousands or a queryset
    goes through the ORM. Same rows, same order: assignments ending, starting and overlapping
    the period, a person who left during it, and one who joined after it."""
    from pegawai.jadwal import _pegawai_filter, _staff_rows

    install_jadwal_bawaan()
    kantor = ProfilJadwal.objects.get(is_default=True)
    shift = ProfilJadwal.objects.get(kode="shift-nakes")
    assign_jadwal(cast.staf, profil=shift, mulai=date(2026, 5, 6), by=None)
    assign_jadwal(cast.atasan, profil=shift, mulai=date(2026, 4, 1), by=None)
    assign_jadwal(cast.atasan, profil=kantor, mulai=date(2026, 5, 20), by=None)
    cast.kepala.aktif_selesai = date(2026, 5, 7)
    cast.kepala.save()
    cast.orang_luar.aktif_mulai = date(2026, 6, 1)
    cast.orang_luar.save()
    ids = [p.pk for p in (cast.staf, cast.atasan, cast.kepala, cast.orang_luar, cast.admin)]
    for mulai, selesai in (MINGGU_INI, (date(2026, 5, 1), date(2026, 5, 31))):
        by_hand = _staff_rows(_pegawai_filter(ids), mulai, selesai, with_sidik=True)
        orm = list(_staff_rows(Pegawai.objects.filter(pk__in=ids), mulai, selesai, with_sidik=True))
        assert [tuple(r) for r in by_hand] == [tuple(r) for r in orm]
        assert cast.orang_luar.pk not in {r[0] for r in by_hand}
