"""The arithmetic of entries, without the database: minutes, overlap, the window of days an
entry may be made for, and whether an entry lies outside the person's working hours."""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from pegawai.kalender import HariKerja


def rentang_menit(mulai: time, selesai: time) -> int:
    """Minutes from start to end on one day; zero or less when the end is not after the start."""
    return (selesai.hour * 60 + selesai.minute) - (mulai.hour * 60 + mulai.minute)


def menit_entri(menit_standar: int, volume: int, mulai: time, selesai: time) -> int:
    """Standard minutes × volume, never more than the time the entry spans."""
    return max(0, min(menit_standar * volume, rentang_menit(mulai, selesai)))


def bertumpuk(a: tuple[time, time], b: tuple[time, time]) -> bool:
    """Whether two half-open spans [mulai, selesai) on one day share a minute."""
    return a[0] < b[1] and b[0] < a[1]


def batas_mundur(hari_ini: date, hari_kerja: Iterable[date], n: int) -> date:
    """The earliest date an entry may be made for today: the n-th working day before today.

    Every date from there to today is allowed, working day or not (overtime on a Saturday is
    flagged, not refused). Where the schedule has fewer than n working days in `hari_kerja`
    (someone on a roster without shifts), the last n calendar days are allowed instead.
    """
    if n <= 0:
        return hari_ini
    sebelumnya = sorted((d for d in hari_kerja if d < hari_ini), reverse=True)
    fallback = hari_ini - timedelta(days=n)
    if len(sebelumnya) < n:
        return fallback
    return min(sebelumnya[n - 1], fallback)


def hari_kerja_sebelumnya(tanggal: date, hari_kerja: Iterable[date]) -> date | None:
    """The last working day before `tanggal`, or None."""
    return max((d for d in hari_kerja if d < tanggal), default=None)


def di_luar_jadwal(
    tanggal: date,
    mulai: time,
    selesai: time,
    *,
    hari_ini: HariKerja | None,
    kemarin: HariKerja | None = None,
) -> bool:
    """Whether an entry lies (partly) outside the person's working hours.

    The hours are the day's own (which may run past midnight) and the part of the previous
    day's night shift that falls on this date; touching spans join, so 07:00–09:00 after a night
    shift until 08:00 and a morning shift from 08:00 is inside. Breaks count as working time:
    working through lunch is not suspicious. A day without working hours flags every entry.
    """
    spans = sorted((hk.mulai_pada, hk.selesai_pada) for hk in (kemarin, hari_ini) if hk is not None)
    merged: list[list[datetime]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    entry_start = datetime.combine(tanggal, mulai)
    entry_end = datetime.combine(tanggal, selesai)
    return not any(start <= entry_start and entry_end <= end for start, end in merged)
