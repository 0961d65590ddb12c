"""The calendar configuration every schedule reads, kept in memory between requests.

Schedule profiles with their weekday rows, Ramadan hours, holidays and shift types change a few
times a year, yet every page that shows working days needs them: four queries a request. Each
process keeps the last configuration it read, under the configuration's version number
(`SIDIK`), which `Jadwal.load` reads within the query it makes anyway. The database raises the
number on every statement that writes one of those five tables (triggers, migration
pegawai 0008), whatever makes the change (a service, the admin, a bulk insert, a migration,
another process or server), so the next request reads the configuration again: nothing to
signal, no shared cache to configure, and a rolled-back change never reaches the memory.

Inside a transaction (a service saving an entry, the monthly close, an import, each test on the
`db` fixture) the copy serves when the transaction sees its version: it then sees the same rows.
A transaction that wrote to those tables sees a version of its own and reads them as it sees
them; what a transaction reads is never kept, since it may still roll back.
"""

import bisect
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from types import MappingProxyType

from django.db import connection
from django.db.models.expressions import RawSQL

from . import kalender
from .models import HariJadwal, HariLibur, JenisShift, ProfilJadwal

# The version number, as text. It replaced a SHA-256 of every row of the five tables, which
# PostgreSQL planned and computed on each page load (1–1.5 ms, as much as the rest of the load).
SIDIK_SQL = "(SELECT n::text FROM pegawai_jadwal_versi)"
SIDIK = RawSQL(SIDIK_SQL, ())  # noqa: S611 (no parameter: table names from the models)


@dataclass(frozen=True)
class Libur:
    tanggal: date
    nama: str
    jenis: str
    kalender_id: int | None


@dataclass(frozen=True)
class Konfigurasi:
    """Profiles, Ramadan ranges, holidays and shift types, whatever the period.

    Shared by the requests of a process: read only.
    """

    profil: MappingProxyType  # id -> kalender.Profil
    default_profil_id: int | None
    ramadan: tuple[kalender.RentangRamadan, ...]  # those with hours of their own, by id
    libur: tuple[Libur, ...]  # by date; on one date a calendar's own day off comes first
    shift: MappingProxyType  # id -> kalender.Shift

    def libur_antara(self, mulai: date, selesai: date) -> list[Libur]:
        dates = self._tanggal_libur
        start = bisect.bisect_left(dates, mulai)
        return list(self.libur[start : bisect.bisect_right(dates, selesai, lo=start)])

    @cached_property
    def _tanggal_libur(self) -> list[date]:
        return [item.tanggal for item in self.libur]

    def ramadan_antara(self, mulai: date, selesai: date) -> list[kalender.RentangRamadan]:
        return [r for r in self.ramadan if r.mulai <= selesai and r.selesai >= mulai]


def is_usable() -> bool:
    """Whether a load may use the copy in memory: on PostgreSQL, whose triggers keep the
    version (SQLite, `make run`'s embedded database, reads the configuration every time)."""
    return connection.vendor == "postgresql"


def read(sidik: str | None = None) -> Konfigurasi:
    """The configuration whose version `Jadwal.load` just read; None reads the database.

    A miss reads the four tables and keeps the result when the version, taken again with the
    last of those queries, still matches: a change committed in between would otherwise be
    kept under the version of what came before it.
    """
    global _memo
    if sidik is None:
        return _load(with_sidik=False)[0]
    memo = _memo
    if memo is not None and memo[0] == sidik:
        return memo[1]
    konfigurasi, sidik_after = _load(with_sidik=True)
    if sidik_after == sidik and not connection.in_atomic_block:
        _memo = (sidik, konfigurasi)
    return konfigurasi


def sidik_now() -> str:
    """The version alone, for a load whose own query returned no row to carry it."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {SIDIK_SQL}")  # noqa: S608 (no input in it)
        return cursor.fetchone()[0]


def forget() -> None:
    """Drop this process's copy (a test's way to start as a fresh process)."""
    global _memo
    _memo = None


_memo: tuple[str, Konfigurasi] | None = None


def _load(*, with_sidik: bool) -> tuple[Konfigurasi, str | None]:
    """Read the configuration in four queries; with `with_sidik`, the version too."""
    # Weekday rows of every profile, normal and of each Ramadan, with the Ramadan's dates joined
    # in: a Ramadan without hours changes nothing.
    weeks: dict[int, dict[int, kalender.JamHari]] = defaultdict(dict)
    ramadan_weeks: dict[int, dict[int, dict[int, kalender.JamHari]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    ramadan_ranges: dict[int, tuple[date, date]] = {}
    rows = HariJadwal.objects.values_list(
        "profil_id",
        "ramadan_id",
        "ramadan__mulai",
        "ramadan__selesai",
        "hari",
        "jam_mulai",
        "jam_selesai",
        "istirahat_mulai",
        "istirahat_selesai",
        "target_menit",
    )
    for profil_id, ramadan_id, r_mulai, r_selesai, hari, *jam in rows:
        if ramadan_id:
            ramadan_ranges[ramadan_id] = (r_mulai, r_selesai)
            ramadan_weeks[profil_id][ramadan_id][hari] = kalender.JamHari(*jam)
        else:
            weeks[profil_id][hari] = kalender.JamHari(*jam)

    # PostgreSQL sorts an empty calendar last: the general holiday of a date after any
    # calendar's own day off on it.
    libur = tuple(
        Libur(*row)
        for row in HariLibur.objects.order_by("tanggal", "kalender_id").values_list(
            "tanggal", "nama", "jenis", "kalender_id"
        )
    )

    shift = {
        pk: kalender.Shift(pk, kode, jam_mulai, jam_selesai, target, istirahat, nama)
        for pk, kode, jam_mulai, jam_selesai, target, istirahat, nama in (
            JenisShift.objects.values_list(
                "id",
                "kode",
                "jam_mulai",
                "jam_selesai",
                "target_menit",
                "istirahat_menit",
                "nama",
            )
        )
    }

    profil = {}
    default_id = None
    sidik = None
    fields = [
        "id",
        "jenis",
        "kalender_id",
        "is_default",
        "jam_mengajar_per_minggu",
        "menit_per_jam_pelajaran",
        "menit_tugas_tambahan_per_minggu",
        "nama",
    ]
    profiles = ProfilJadwal.objects.all()
    if with_sidik:
        profiles, fields = profiles.annotate(sidik=SIDIK), [*fields, "sidik"]
    for row in profiles.values_list(*fields):
        pk, jenis, kalender_id, is_default, jam, menit_jam, tugas, nama = row[:8]
        if with_sidik:
            sidik = row[8]
        mengajar = None
        if jenis == ProfilJadwal.Jenis.MENGAJAR:
            mengajar = kalender.Mengajar(jam or 0, menit_jam or 0, tugas or 0)
        profil[pk] = kalender.Profil(
            id=pk,
            jenis=jenis,
            minggu=weeks.get(pk, {}),
            ramadan={rid: dict(week) for rid, week in ramadan_weeks.get(pk, {}).items()},
            kalender_id=kalender_id,
            mengajar=mengajar,
            nama=nama,
        )
        if is_default:
            default_id = pk

    konfigurasi = Konfigurasi(
        profil=MappingProxyType(profil),
        default_profil_id=default_id,
        ramadan=tuple(
            kalender.RentangRamadan(pk, start, end)
            for pk, (start, end) in sorted(ramadan_ranges.items())
        ),
        libur=libur,
        shift=MappingProxyType(shift),
    )
    return konfigurasi, sidik
