"""What the higher floors read of attendance, in one place.

    rekap = rekap_bulan(Pegawai.objects.in_unit(opd), 2026, 3)      # one query
    r = rekap.get(p.pk, RekapKehadiran.kosong(p.pk))
    r.per_kode["TK"], r.tl[0] (days of TL1), r.psw[3] (days of PSW4)
    for tanggal, hari in r.hari.items(): hari.kode, hari.tl, hari.psw, hari.tampil

The close computes each day's deduction from `hari` (a day carries one TL band and one PSW band
besides its code) and the credit from the codes that count as work. For a set-based step in SQL
(the anomaly scan's "entries on a day of leave or absence"), join the table itself:
`Kehadiran._meta.db_table` on (pegawai_id, tanggal) with `kode IN KODE_TIDAK_HADIR`, or use
`Kehadiran.objects.tidak_hadir()`; `Kehadiran.objects.bulan(y, m).rekap()` gives the counts per
person as an SQL aggregate.

Only working days have a record; a working day without one has not been classified yet (no
import covers it, or it has not ended). Nothing here asks whether the month is closed.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from . import kehadiran as rules
from .jadwal import PegawaiSet, _pegawai_filter, rentang_bulan
from .models import Kehadiran

KODE = rules.KODE
KODE_IZIN = rules.KODE_IZIN
KODE_TIDAK_HADIR = rules.KODE_TIDAK_HADIR


@dataclass(frozen=True, slots=True)
class HariKehadiran:
    kode: str
    tl: int = 0
    psw: int = 0

    @property
    def tampil(self) -> str:
        return rules.kode_tampil(self.kode, self.tl, self.psw)


@dataclass(frozen=True)
class RekapKehadiran:
    """One person's attendance over a period: days per code (every code present, 0 if none),
    days per TL band and per PSW band (index 0 is band 1), and each recorded day."""

    pegawai_id: int
    per_kode: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KODE, 0))
    tl: tuple[int, int, int, int] = (0, 0, 0, 0)
    psw: tuple[int, int, int, int] = (0, 0, 0, 0)
    hari: dict[date, HariKehadiran] = field(default_factory=dict)

    @classmethod
    def kosong(cls, pegawai_id: int) -> "RekapKehadiran":
        return cls(pegawai_id)

    @property
    def jumlah_hari(self) -> int:
        return len(self.hari)

    def tanggal_dengan(self, kode: Iterable[str]) -> list[date]:
        """The dates carrying one of these codes, in order."""
        wanted = set(kode)
        return [d for d, h in self.hari.items() if h.kode in wanted]


def rekap(pegawai: PegawaiSet, mulai: date, selesai: date) -> dict[int, RekapKehadiran]:
    """Attendance of many people (ids or a queryset) between two dates, in one query. People
    without any record in the period are absent from the result."""
    rows = (
        Kehadiran.objects.filter(
            pegawai__in=_pegawai_filter(pegawai), tanggal__range=(mulai, selesai)
        )
        .order_by()  # each person's few days are put in order below, cheaper than a sort of all
        .values_list("pegawai_id", "tanggal", "kode", "tl", "psw")
    )
    # A month of 20,000 people is 440,000 rows but a few dozen distinct (kode, tl, psw): one
    # shared object each, and the counts made from the distinct days of each person.
    shared: dict[tuple[str, int, int], HariKehadiran] = {}
    days: dict[int, dict[date, HariKehadiran]] = defaultdict(dict)
    counts: dict[int, Counter] = defaultdict(Counter)
    for pegawai_id, tanggal, *key in rows.iterator(chunk_size=20_000):
        key = tuple(key)
        hari = shared.get(key)
        if hari is None:
            hari = shared[key] = HariKehadiran(*key)
        days[pegawai_id][tanggal] = hari
        counts[pegawai_id][key] += 1
    result: dict[int, RekapKehadiran] = {}
    for pegawai_id, hari in days.items():
        per_kode = dict.fromkeys(KODE, 0)
        tl, psw = [0] * 5, [0] * 5
        for (kode, day_tl, day_psw), n in counts[pegawai_id].items():
            per_kode[kode] += n
            tl[day_tl] += n
            psw[day_psw] += n
        result[pegawai_id] = RekapKehadiran(
            pegawai_id, per_kode, tuple(tl[1:]), tuple(psw[1:]), dict(sorted(hari.items()))
        )
    return result


def rekap_bulan(pegawai: PegawaiSet, tahun: int, bulan: int) -> dict[int, RekapKehadiran]:
    """A month's attendance per person, for thousands in one query."""
    return rekap(pegawai, *rentang_bulan(tahun, bulan))
