"""Attendance classification, computed without the database (domain.md, "Kehadiran").

`services_kehadiran` loads a person's working days (pegawai.jadwal), their stored machine scans
and their leave, and hands them here; everything below is plain Python on naive local times
(the pemda's time zone), unit-tested without a database.

The rules:

- Only working days of the person's schedule are classified; other days get no record.
- Each working day owns a window of scans: from JENDELA_SEBELUM before the start to
  JENDELA_SESUDAH after the end (the end of a night shift is the next morning: the shift belongs
  to the day it starts). Where the windows of two consecutive working days would overlap (a night
  shift followed by a morning shift), the boundary is the middle between the first day's end and
  the second day's start; a scan exactly on the boundary belongs to the later day. Scans outside
  every window are ignored.
- Scans less than DUPLIKAT apart are one scan (a finger pressed twice).
- The middle of the working hours splits a day's scans: the first scan before the middle is the
  check-in, the last scan from the middle on is the check-out. The machine's in/out key is
  ignored: people forget to press it, and the time tells the truth. A break needs no scan.
- Minutes are counted on the clock face: seconds are dropped, so 08:00:59 is on time for 08:00
  and 16:29:30 leaves one minute early from 16:30.
- Bands (late for TL, leaving early for PSW): 0 minutes none, 1–30 band 1, 31–60 band 2,
  61–90 band 3, 91 or more band 4. No check-in is TL4, no check-out is PSW4.
- A working day without a single scan is TK (tanpa keterangan), unless leave covers it.
- Leave and duty (DL, CT, CS, CM, CAP, I) take precedence over scans: the day carries the leave
  code, no band, and the scan times are kept for information.
"""

import re
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .kalender import HariKerja

H = "H"
TK = "TK"
DL, CT, CS, CM, CAP, IZIN = "DL", "CT", "CS", "CM", "CAP", "I"
KODE_IZIN = (DL, CT, CS, CM, CAP, IZIN)
KODE = (H, TK, *KODE_IZIN)
# Codes of a day on which the person was not at work (the review team's "entries on a day of
# leave or absence"); H with bands was at work.
KODE_TIDAK_HADIR = (TK, *KODE_IZIN)
BAND = (1, 2, 3, 4)

JENDELA_SEBELUM = timedelta(hours=4)
JENDELA_SESUDAH = timedelta(hours=6)
DUPLIKAT = timedelta(seconds=60)
_BATAS_BAND = (30, 60, 90)  # upper bound of bands 1, 2 and 3; beyond: band 4


def band(menit: int) -> int:
    """The band of minutes late or early: 0, or 1–4."""
    if menit <= 0:
        return 0
    for i, batas in enumerate(_BATAS_BAND, start=1):
        if menit <= batas:
            return i
    return 4


def kode_tampil(kode: str, tl: int = 0, psw: int = 0) -> str:
    """The code as people write it: "H", "TL2", "PSW1", "TL1 PSW3", "TK", "CT"."""
    if kode != H or not (tl or psw):
        return kode
    return " ".join(part for part in (tl and f"TL{tl}", psw and f"PSW{psw}") if part)


_TOKEN = re.compile(r"^(TL|PSW)([1-4])$")
_SEPARATOR = re.compile(r"[\s+/&;,]+")


def parse_kode(text: str) -> tuple[str, int, int]:
    """A day's code as a summary export writes it ("H", "TL2", "TL1+PSW3", "CT") as
    (kode, tl, psw); ValueError when it is none."""
    tokens = [t for t in _SEPARATOR.split(text.strip().upper()) if t]
    if len(tokens) == 1 and tokens[0] in KODE:
        return tokens[0], 0, 0
    tl = psw = 0
    for token in tokens:
        match = _TOKEN.match(token)
        if match is None:
            raise ValueError(text)
        if match[1] == "TL" and not tl:
            tl = int(match[2])
        elif match[1] == "PSW" and not psw:
            psw = int(match[2])
        else:
            raise ValueError(text)  # two TL or two PSW on one day
    if not tokens:
        raise ValueError(text)
    return H, tl, psw


@dataclass(frozen=True, slots=True)
class Hasil:
    """A classified working day. Times are naive local datetimes."""

    kode: str
    tl: int = 0
    psw: int = 0
    jam_masuk: datetime | None = None
    jam_pulang: datetime | None = None
    menit_terlambat: int = 0
    menit_pulang_cepat: int = 0

    @property
    def tampil(self) -> str:
        return kode_tampil(self.kode, self.tl, self.psw)

    def dengan_izin(self, kode: str) -> "Hasil":
        """The day under leave: the leave's code, no band, the scan times kept."""
        return Hasil(kode, 0, 0, self.jam_masuk, self.jam_pulang, 0, 0)


def jendela(hari: Iterable[HariKerja]) -> dict[date, tuple[datetime, datetime]]:
    """Each working day's scan window [from, to), cut between overlapping neighbours."""
    days = sorted(hari, key=lambda h: h.tanggal)
    windows: dict[date, tuple[datetime, datetime]] = {}
    previous: HariKerja | None = None
    for h in days:
        start, end = h.mulai_pada - JENDELA_SEBELUM, h.selesai_pada + JENDELA_SESUDAH
        if previous is not None:
            prev_start, prev_end = windows[previous.tanggal]
            if prev_end > start:
                # The middle of the gap between the two days' hours (or of their overlap).
                cut = previous.selesai_pada + (h.mulai_pada - previous.selesai_pada) / 2
                cut = min(max(cut, prev_start), end)
                windows[previous.tanggal] = (prev_start, cut)
                start = cut
        windows[h.tanggal] = (start, end)
        previous = h
    return windows


def rapikan(scans: Iterable[datetime]) -> list[datetime]:
    """Scans in time order, each less than DUPLIKAT after the one kept before it dropped."""
    kept: list[datetime] = []
    for scan in sorted(scans):
        if not kept or scan - kept[-1] >= DUPLIKAT:
            kept.append(scan)
    return kept


def bagi_scan(
    windows: Mapping[date, tuple[datetime, datetime]], scans: Sequence[datetime]
) -> dict[date, list[datetime]]:
    """The sorted scans that fall in each day's window."""
    result: dict[date, list[datetime]] = {}
    for tanggal, (start, end) in windows.items():
        i = bisect_left(scans, start)
        j = bisect_left(scans, end, lo=i)
        if j > i:
            result[tanggal] = list(scans[i:j])
    return result


def klasifikasi(hari: HariKerja, scans: Sequence[datetime]) -> Hasil:
    """One working day from the scans of its window (sorted, duplicates dropped)."""
    return klasifikasi_jam(hari.mulai_pada, hari.selesai_pada, scans)


def klasifikasi_jam(mulai: datetime, selesai: datetime, scans: Sequence[datetime]) -> Hasil:
    """`klasifikasi` given the day's start and end as datetimes: what a caller classifying
    thousands of people who share a day's hours computes once."""
    if not scans:
        return Hasil(TK)
    tengah = mulai + (selesai - mulai) / 2
    masuk = pulang = None
    if scans[0] < tengah:
        masuk = scans[0]
    if scans[-1] >= tengah:
        pulang = scans[-1]
    # Whole minutes on the clock face: the start and end are on the minute, so flooring the
    # difference drops the check-in's seconds and ceiling it drops the check-out's.
    terlambat = pulang_cepat = 0
    if masuk is None:
        tl = 4
    else:
        terlambat = max(0, int((masuk - mulai).total_seconds() // 60))
        tl = band(terlambat)
    if pulang is None:
        psw = 4
    else:
        pulang_cepat = max(0, -int((pulang - selesai).total_seconds() // 60))
        psw = band(pulang_cepat)
    return Hasil(H, tl, psw, masuk, pulang, terlambat, pulang_cepat)


def klasifikasi_hari(
    hari_kerja: Mapping[date, HariKerja],
    scans: Iterable[datetime],
    izin: Mapping[date, str] | None = None,
) -> dict[date, Hasil]:
    """Every working day of one person from all their scans around those days; leave (a code
    per date) takes precedence."""
    izin = izin or {}
    windows = jendela(hari_kerja.values())
    per_day = bagi_scan(windows, rapikan(scans))
    result = {}
    for tanggal, hari in hari_kerja.items():
        hasil = klasifikasi(hari, per_day.get(tanggal, ()))
        kode = izin.get(tanggal)
        result[tanggal] = hasil.dengan_izin(kode) if kode else hasil
    return result
