"""The one place to ask: is this a working day for this person, with which hours and target?

Logging, approval, attendance and the TPK all ask here, for one person or for thousands at
once. `Jadwal.load` reads everything a period needs in six queries, whatever the number of
staff: profiles, their weekday rows, Ramadan ranges, holidays, shift types, the staff's active
dates, their assignments and their rosters; in one or two (rosters, when a profile works in
shifts) outside a transaction once the process holds the calendar configuration
(`pegawai.jadwal_cache`). The rules themselves are in
`pegawai.kalender`.

    hari_kerja([p.pk], date(2026, 3, 1), date(2026, 3, 31))[p.pk][date(2026, 3, 2)]
    ringkasan_bulan(Pegawai.objects.in_unit(opd), 2026, 3)[p.pk].target_menit
"""

import calendar
import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import FilteredRelation, Q, QuerySet
from django.db.models.expressions import RawSQL

from . import jadwal_cache, kalender
from .jadwal_cache import Libur
from .kalender import HariKerja, KalenderKerja, Penjadwalan, Ringkasan, Segmen
from .models import Pegawai, Roster

PegawaiSet = QuerySet | Iterable[int]
# Above this many ids, PostgreSQL gets them as one array parameter instead of an IN list with a
# parameter each: 20,000 ids in three IN lists cost over a second to send and plan.
_ARRAY_FROM = 500


def _pegawai_filter(pegawai: PegawaiSet):
    """What `pk__in` / `pegawai__in` compare with: a subquery, a list, or one array."""
    if isinstance(pegawai, QuerySet):
        return pegawai.values("pk")
    ids = list(pegawai)
    if len(ids) >= _ARRAY_FROM and connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", (ids,))  # noqa: S611 (one parameter)
    return ids


def _staff_rows(pegawai_filter, mulai: date, selesai: date, *, with_sidik: bool):
    """The staff active in the period with their schedule assignments overlapping it, one row
    per assignment (or one without), and the configuration's version last when asked."""
    if with_sidik and isinstance(pegawai_filter, list):
        # A few ids on PostgreSQL (a page's own schedule): the same statement by hand, since
        # building and compiling the ORM's took longer than running it.
        with connection.cursor() as cursor:
            cursor.execute(
                _staff_sql(), {"ids": pegawai_filter, "mulai": mulai, "selesai": selesai}
            )
            return cursor.fetchall()
    in_period = FilteredRelation(
        "jadwal",
        condition=(Q(jadwal__selesai__isnull=True) | Q(jadwal__selesai__gte=mulai))
        & Q(jadwal__mulai__lte=selesai),
    )
    fields = [
        "pk",
        "aktif_mulai",
        "aktif_selesai",
        "j__profil_id",
        "j__mulai",
        "j__selesai",
        "j__jam_mengajar_per_minggu",
        "j__menit_tugas_tambahan_per_minggu",
    ]
    staff = (
        Pegawai.objects.filter(
            Q(aktif_selesai__isnull=True) | Q(aktif_selesai__gte=mulai),
            pk__in=pegawai_filter,
            aktif_mulai__lte=selesai,
        )
        .annotate(j=in_period)
        .order_by("pk", "j__mulai", "j__id")
    )
    if with_sidik:
        staff, fields = staff.annotate(sidik=jadwal_cache.SIDIK), [*fields, "sidik"]
    return staff.values_list(*fields)


@functools.cache
def _staff_sql() -> str:
    """`_staff_rows`' statement for a list of ids on PostgreSQL, with the configuration's
    version (tests/pegawai/test_jadwal_cache.py holds it to the ORM's answer)."""
    from .models import JadwalPegawai

    peg, jp = Pegawai._meta.db_table, JadwalPegawai._meta.db_table
    return (
        "SELECT p.id, p.aktif_mulai, p.aktif_selesai, j.profil_id, j.mulai, j.selesai,"  # noqa: S608 (table names only)
        f" j.jam_mengajar_per_minggu, j.menit_tugas_tambahan_per_minggu, {jadwal_cache.SIDIK_SQL}"
        f" FROM {peg} p LEFT JOIN {jp} j ON j.pegawai_id = p.id"
        " AND (j.selesai IS NULL OR j.selesai >= %(mulai)s) AND j.mulai <= %(selesai)s"
        " WHERE p.id = ANY(%(ids)s)"
        " AND (p.aktif_selesai IS NULL OR p.aktif_selesai >= %(mulai)s)"
        " AND p.aktif_mulai <= %(selesai)s"
        " ORDER BY p.id, j.mulai, j.id"
    )


def rentang_bulan(tahun: int, bulan: int) -> tuple[date, date]:
    return date(tahun, bulan, 1), date(tahun, bulan, calendar.monthrange(tahun, bulan)[1])


@dataclass
class Jadwal:
    """Everything about the schedules of a set of staff over a period, loaded at once."""

    mulai: date
    selesai: date
    kalender: KalenderKerja
    aktif: dict[int, tuple[date, date | None]]
    penjadwalan: dict[int, list[Penjadwalan]]
    roster: dict[int, dict[date, int]]
    libur: list[Libur]
    profil: Mapping[int, kalender.Profil]  # shared with other loads: read only
    shift: Mapping[int, kalender.Shift]
    _segmen: dict[int, list[Segmen]] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, pegawai: PegawaiSet, mulai: date, selesai: date) -> "Jadwal":
        """Load the period for these staff (ids or a queryset): one query when the calendar
        configuration is in memory (pegawai.jadwal_cache), a second for rosters when one of the
        profiles works in shifts, five more when the configuration is read."""
        pegawai_filter = _pegawai_filter(pegawai)
        in_memory = jadwal_cache.is_usable()

        # The staff's active dates with their assignments overlapping the period, in one query;
        # each row also carries the configuration's version when the memory may be used.
        aktif: dict[int, tuple[date, date | None]] = {}
        penjadwalan: dict[int, list[Penjadwalan]] = defaultdict(list)
        rows = _staff_rows(pegawai_filter, mulai, selesai, with_sidik=in_memory)
        sidik = None
        for pegawai_id, start, end, profil_id, *rest in rows:
            if in_memory:
                sidik = rest.pop()
            aktif[pegawai_id] = (start, end)
            if profil_id is not None:
                penjadwalan[pegawai_id].append(Penjadwalan(profil_id, *rest))
        if in_memory and sidik is None:
            sidik = jadwal_cache.sidik_now()

        konfigurasi = jadwal_cache.read(sidik)
        roster: dict[int, dict[date, int]] = defaultdict(dict)
        # Rosters only decide days under a shift profile: most loads (an office worker's day
        # page) have none, and skip the query. Gaps between assignments fall to the default.
        profil_ids = {p.profil_id for runs in penjadwalan.values() for p in runs}
        profil_ids.add(konfigurasi.default_profil_id)
        if any(
            (profil := konfigurasi.profil.get(profil_id)) is not None
            and profil.jenis == kalender.SHIFT
            for profil_id in profil_ids
        ):
            for pegawai_id, tanggal, shift_id in Roster.objects.filter(
                pegawai__in=pegawai_filter, tanggal__range=(mulai, selesai)
            ).values_list("pegawai_id", "tanggal", "shift_id"):
                roster[pegawai_id][tanggal] = shift_id

        libur = konfigurasi.libur_antara(mulai, selesai)
        libur_kalender: dict[int, set[date]] = defaultdict(set)
        for item in libur:
            if item.kalender_id is not None:
                libur_kalender[item.kalender_id].add(item.tanggal)
        return cls(
            mulai=mulai,
            selesai=selesai,
            kalender=KalenderKerja(
                mulai=mulai,
                selesai=selesai,
                profil=konfigurasi.profil,
                default_profil_id=konfigurasi.default_profil_id,
                libur=[item.tanggal for item in libur if item.kalender_id is None],
                libur_kalender=libur_kalender,
                ramadan=konfigurasi.ramadan_antara(mulai, selesai),
                shift=konfigurasi.shift,
            ),
            aktif=aktif,
            penjadwalan=penjadwalan,
            roster=roster,
            libur=libur,
            profil=konfigurasi.profil,
            shift=konfigurasi.shift,
        )

    @classmethod
    def load_bulan(cls, pegawai: PegawaiSet, tahun: int, bulan: int) -> "Jadwal":
        return cls.load(pegawai, *rentang_bulan(tahun, bulan))

    @property
    def pegawai_ids(self) -> list[int]:
        """The staff active at some point of the period, as loaded."""
        return list(self.aktif)

    def segmen(self, pegawai_id: int) -> list[Segmen]:
        """The person's profile runs over the whole period, active or not."""
        runs = self._segmen.get(pegawai_id)
        if runs is None:
            runs = self._segmen[pegawai_id] = self.kalender.segmen_for(
                self.penjadwalan.get(pegawai_id, ())
            )
        return runs

    def profil_on(self, pegawai_id: int, tanggal: date) -> kalender.Profil | None:
        for run in self.segmen(pegawai_id):
            if run.mulai <= tanggal <= run.selesai:
                return self.profil[run.profil_id]
        return None

    def is_aktif(self, pegawai_id: int, tanggal: date) -> bool:
        start, end = self.aktif.get(pegawai_id, (None, None))
        return start is not None and start <= tanggal and (end is None or tanggal <= end)

    def is_shift_on(self, pegawai_id: int, tanggal: date) -> bool:
        """True when the roster decides this person's day (active, under a shift profile)."""
        profil = self.profil_on(pegawai_id, tanggal)
        return (
            profil is not None
            and profil.jenis == kalender.SHIFT
            and self.is_aktif(pegawai_id, tanggal)
        )

    def hari_kerja(self, pegawai_id: int) -> dict[date, HariKerja]:
        """The person's working days in the period; empty for someone not active in it."""
        if pegawai_id not in self.aktif:
            return {}
        start, end = self.aktif[pegawai_id]
        return self.kalender.hari_kerja_for(
            self.penjadwalan.get(pegawai_id, ()),
            aktif_mulai=start,
            aktif_selesai=end,
            roster=self.roster.get(pegawai_id),
        )

    def ringkasan(self, pegawai_id: int) -> Ringkasan:
        if pegawai_id not in self.aktif:
            return Ringkasan()
        start, end = self.aktif[pegawai_id]
        roster = self.roster.get(pegawai_id)
        return self.kalender.ringkasan_for(
            self.penjadwalan.get(pegawai_id, ()),
            aktif_mulai=start,
            aktif_selesai=end,
            roster=roster.items() if roster else (),
        )

    def libur_for(self, pegawai_id: int) -> dict[date, Libur]:
        """Holidays that concern the person: the general ones and their profiles' calendars."""
        kalender_ids = {
            self.profil[run.profil_id].kalender_id for run in self.segmen(pegawai_id)
        } - {None}
        return {
            item.tanggal: item
            for item in self.libur
            if item.kalender_id is None or item.kalender_id in kalender_ids
        }


def hari_kerja(pegawai: PegawaiSet, mulai: date, selesai: date) -> dict[int, dict[date, HariKerja]]:
    """Each active person's working days between two dates (inclusive), for many at once."""
    jadwal = Jadwal.load(pegawai, mulai, selesai)
    return {pk: jadwal.hari_kerja(pk) for pk in jadwal.aktif}


def hari_kerja_on(pegawai_id: int, tanggal: date) -> HariKerja | None:
    """The person's working day on a date, or None when it is not one."""
    return hari_kerja([pegawai_id], tanggal, tanggal).get(pegawai_id, {}).get(tanggal)


def ringkasan(pegawai: PegawaiSet, mulai: date, selesai: date) -> dict[int, Ringkasan]:
    """Working days and target minutes per person (active at some point of the period)."""
    jadwal = Jadwal.load(pegawai, mulai, selesai)
    return {pk: jadwal.ringkasan(pk) for pk in jadwal.aktif}


def ringkasan_bulan(pegawai: PegawaiSet, tahun: int, bulan: int) -> dict[int, Ringkasan]:
    """A month's working days and target minutes per person, for thousands in six queries."""
    return ringkasan(pegawai, *rentang_bulan(tahun, bulan))
