"""Working days, hours and target minutes, computed without the database.

`pegawai.jadwal` loads profiles, holidays, Ramadan ranges, assignments and rosters in a fixed
number of queries and hands them to `KalenderKerja`; everything here is plain Python, so the
rules are unit-tested without a database and many staff are computed at once.

The rules (domain.md, "Schedules"; TPK rules 1 and 2):

- Each day a person is under one profile: the assignment in force that started last, else the
  default profile. Days count only while the person is active.
- Fixed profile (office or school week) and teaching profile: a working day when the week in
  force has hours for that weekday and the date is neither a general holiday (national, cuti
  bersama, regional) nor a day off of the profile's own calendar (e.g. a school break). The week
  in force is the profile's Ramadan week during that year's Ramadan, if the profile has one, else
  its regular week.
- Teaching profile: the weekly target (teaching hours × minutes per hour + additional duties) is
  spread over the weekdays of the week in force; the remainder goes to the earliest weekdays, so a
  full week adds up exactly.
- Shift profile: a working day exactly when the roster has a shift that day, holiday or not. The
  shift's hours and target apply; a shift ending at or before its start time ends the next day
  and belongs to the day it starts.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

TETAP = "tetap"
SHIFT = "shift"
MENGAJAR = "mengajar"

SUMBER_PROFIL = "profil"
SUMBER_RAMADAN = "ramadan"
SUMBER_ROSTER = "roster"

MENIT_SEHARI = 24 * 60


def durasi_menit(mulai: time, selesai: time) -> int:
    """Minutes from start to end; an end at or before the start is on the next day."""
    minutes = (selesai.hour * 60 + selesai.minute) - (mulai.hour * 60 + mulai.minute)
    return minutes if minutes > 0 else minutes + MENIT_SEHARI


def bagi_target(hari: Iterable[int], menit_per_minggu: int) -> dict[int, int]:
    """Spread a weekly target over weekdays (0 = Monday); the earliest days take the remainder."""
    days = sorted(set(hari))
    if not days:
        return {}
    base, rest = divmod(menit_per_minggu, len(days))
    return {day: base + (1 if i < rest else 0) for i, day in enumerate(days)}


@dataclass(frozen=True, slots=True)
class JamHari:
    """Hours of one weekday in a profile (or its Ramadan week)."""

    mulai: time
    selesai: time
    istirahat_mulai: time | None = None
    istirahat_selesai: time | None = None
    target_menit: int = 0

    @property
    def istirahat(self) -> tuple[tuple[time, time], ...]:
        if self.istirahat_mulai is None or self.istirahat_selesai is None:
            return ()
        return ((self.istirahat_mulai, self.istirahat_selesai),)


@dataclass(frozen=True, slots=True)
class Mengajar:
    jam_per_minggu: int
    menit_per_jam: int
    menit_tugas_tambahan: int = 0

    @property
    def menit_per_minggu(self) -> int:
        return self.jam_per_minggu * self.menit_per_jam + self.menit_tugas_tambahan


@dataclass(frozen=True)
class Profil:
    id: int
    jenis: str
    minggu: Mapping[int, JamHari] = field(default_factory=dict)
    # Ramadan id -> that Ramadan's week; a Ramadan without rows for this profile keeps `minggu`.
    ramadan: Mapping[int, Mapping[int, JamHari]] = field(default_factory=dict)
    kalender_id: int | None = None
    mengajar: Mengajar | None = None
    nama: str = ""


@dataclass(frozen=True, slots=True)
class Shift:
    id: int
    kode: str
    mulai: time
    selesai: time
    target_menit: int
    istirahat_menit: int = 0
    nama: str = ""

    @property
    def durasi_menit(self) -> int:
        return durasi_menit(self.mulai, self.selesai)

    @property
    def melewati_tengah_malam(self) -> bool:
        return (self.selesai.hour, self.selesai.minute) <= (self.mulai.hour, self.mulai.minute)


@dataclass(frozen=True, slots=True)
class RentangRamadan:
    id: int
    mulai: date
    selesai: date


@dataclass(frozen=True, slots=True)
class Penjadwalan:
    """An assignment of a profile; teaching hours and duties may override the profile's."""

    profil_id: int
    mulai: date
    selesai: date | None = None
    jam_mengajar: int | None = None
    menit_tugas_tambahan: int | None = None


@dataclass(frozen=True, slots=True)
class Segmen:
    """Consecutive days under one profile; `mengajar` is the teaching load in force."""

    mulai: date
    selesai: date
    profil_id: int
    mengajar: Mengajar | None = None


@dataclass(frozen=True, slots=True)
class HariKerja:
    """A working day: hours, breaks, target and where they come from."""

    tanggal: date
    mulai: time
    selesai: time
    target_menit: int
    sumber: str  # SUMBER_PROFIL, SUMBER_RAMADAN or SUMBER_ROSTER
    profil_id: int
    istirahat: tuple[tuple[time, time], ...] = ()
    istirahat_menit: int = 0
    shift: str = ""  # the shift's code on a roster day

    @property
    def melewati_tengah_malam(self) -> bool:
        return (self.selesai.hour, self.selesai.minute) <= (self.mulai.hour, self.mulai.minute)

    @property
    def mulai_pada(self) -> datetime:
        return datetime.combine(self.tanggal, self.mulai)

    @property
    def selesai_pada(self) -> datetime:
        """The end as a local date and time: the next day for a shift across midnight."""
        end_day = self.tanggal + timedelta(days=1) if self.melewati_tengah_malam else self.tanggal
        return datetime.combine(end_day, self.selesai)

    @property
    def menit_kerja(self) -> int:
        return durasi_menit(self.mulai, self.selesai) - self.istirahat_menit


@dataclass(frozen=True, slots=True)
class Ringkasan:
    """A person's working days and target over a period. The `_jadwal` figures count the
    schedule's days as if the person were active throughout (TPK rule 9 prorates by them)."""

    hari_kerja: int = 0
    target_menit: int = 0
    hari_kerja_jadwal: int = 0
    target_menit_jadwal: int = 0


@dataclass
class _Tabel:
    """One fixed profile (with one teaching load) over the period: the day, or None, per date,
    and running totals so that any run of days sums in constant time."""

    hari: list[HariKerja | None]
    jumlah_hari: list[int]
    jumlah_menit: list[int]


class KalenderKerja:
    """The rules applied to one period for any number of people."""

    def __init__(
        self,
        *,
        mulai: date,
        selesai: date,
        profil: Mapping[int, Profil],
        default_profil_id: int | None,
        libur: Iterable[date] = (),
        libur_kalender: Mapping[int, Iterable[date]] | None = None,
        ramadan: Iterable[RentangRamadan] = (),
        shift: Mapping[int, Shift] | None = None,
    ):
        if selesai < mulai:
            raise ValueError("selesai < mulai")
        self.mulai = mulai
        self.selesai = selesai
        self.profil = profil
        self.default_profil_id = default_profil_id
        self.shift = shift or {}
        self._libur = frozenset(libur)
        self._libur_kalender = {k: frozenset(v) for k, v in (libur_kalender or {}).items()}
        self._tanggal = [mulai + timedelta(days=i) for i in range((selesai - mulai).days + 1)]
        self._ramadan_pada: dict[date, int] = {}
        for rentang in ramadan:
            for day in self._tanggal:
                if rentang.mulai <= day <= rentang.selesai:
                    self._ramadan_pada[day] = rentang.id
        self._tabel: dict[tuple[int, Mengajar | None], _Tabel] = {}
        self._hari_shift: dict[tuple[int, date, int], HariKerja] = {}
        self._default_segmen = (
            [Segmen(mulai, selesai, default_profil_id, self._mengajar_of(default_profil_id))]
            if default_profil_id is not None
            else []
        )

    # Which profile on which day -----------------------------------------------------------

    def _mengajar_of(self, profil_id: int, jadwal: Penjadwalan | None = None) -> Mengajar | None:
        profil = self.profil.get(profil_id)
        if profil is None or profil.jenis != MENGAJAR or profil.mengajar is None:
            return None
        if jadwal is None:
            return profil.mengajar
        base = profil.mengajar
        return Mengajar(
            jam_per_minggu=base.jam_per_minggu
            if jadwal.jam_mengajar is None
            else jadwal.jam_mengajar,
            menit_per_jam=base.menit_per_jam,
            menit_tugas_tambahan=base.menit_tugas_tambahan
            if jadwal.menit_tugas_tambahan is None
            else jadwal.menit_tugas_tambahan,
        )

    def segmen_for(self, penjadwalan: Iterable[Penjadwalan] = ()) -> list[Segmen]:
        """The period as runs of days under one profile, in date order.

        Assignments are laid over the default in order of their start, so where bad data lets
        two overlap, the one that started later wins from its start on.
        """
        jadwal = sorted(penjadwalan, key=lambda j: j.mulai)
        if not jadwal:
            return list(self._default_segmen)
        runs = list(self._default_segmen)
        for j in jadwal:
            start = max(j.mulai, self.mulai)
            end = min(j.selesai or self.selesai, self.selesai)
            if start > end or j.profil_id not in self.profil:
                continue
            kept = []
            for run in runs:
                if run.selesai < start or run.mulai > end:
                    kept.append(run)
                    continue
                if run.mulai < start:
                    kept.append(
                        Segmen(run.mulai, start - timedelta(days=1), run.profil_id, run.mengajar)
                    )
                if run.selesai > end:
                    kept.append(
                        Segmen(end + timedelta(days=1), run.selesai, run.profil_id, run.mengajar)
                    )
            kept.append(Segmen(start, end, j.profil_id, self._mengajar_of(j.profil_id, j)))
            runs = kept
        return sorted(runs, key=lambda run: run.mulai)

    @staticmethod
    def potong(segmen: Iterable[Segmen], mulai: date, selesai: date | None) -> list[Segmen]:
        """The runs cut to the days between `mulai` and `selesai` (open: no end)."""
        result = []
        for run in segmen:
            start = max(run.mulai, mulai)
            end = run.selesai if selesai is None else min(run.selesai, selesai)
            if start <= end:
                result.append(Segmen(start, end, run.profil_id, run.mengajar))
        return result

    def is_shift(self, profil_id: int) -> bool:
        profil = self.profil.get(profil_id)
        return profil is not None and profil.jenis == SHIFT

    # Fixed profiles: one table per profile and teaching load ------------------------------

    def hari_libur(self, tanggal: date, kalender_id: int | None = None) -> bool:
        return tanggal in self._libur or (
            kalender_id is not None and tanggal in self._libur_kalender.get(kalender_id, ())
        )

    def _hari_tetap(self, profil: Profil, mengajar: Mengajar | None, day: date) -> HariKerja | None:
        if self.hari_libur(day, profil.kalender_id):
            return None
        ramadan_id = self._ramadan_pada.get(day)
        minggu = profil.ramadan.get(ramadan_id) if ramadan_id is not None else None
        sumber = SUMBER_RAMADAN if minggu else SUMBER_PROFIL
        minggu = minggu or profil.minggu
        jam = minggu.get(day.weekday())
        if jam is None:
            return None
        target = jam.target_menit
        if mengajar is not None:
            target = bagi_target(minggu, mengajar.menit_per_minggu)[day.weekday()]
        istirahat = jam.istirahat
        return HariKerja(
            tanggal=day,
            mulai=jam.mulai,
            selesai=jam.selesai,
            target_menit=target,
            sumber=sumber,
            profil_id=profil.id,
            istirahat=istirahat,
            istirahat_menit=sum(durasi_menit(a, b) for a, b in istirahat),
        )

    def _tabel_for(self, profil_id: int, mengajar: Mengajar | None) -> _Tabel:
        key = (profil_id, mengajar)
        tabel = self._tabel.get(key)
        if tabel is None:
            profil = self.profil[profil_id]
            hari = [self._hari_tetap(profil, mengajar, day) for day in self._tanggal]
            jumlah_hari, jumlah_menit = [0], [0]
            for h in hari:
                jumlah_hari.append(jumlah_hari[-1] + (h is not None))
                jumlah_menit.append(jumlah_menit[-1] + (h.target_menit if h else 0))
            tabel = self._tabel[key] = _Tabel(hari, jumlah_hari, jumlah_menit)
        return tabel

    def _hari_roster(self, profil_id: int, day: date, shift_id: int) -> HariKerja | None:
        key = (profil_id, day, shift_id)
        hari = self._hari_shift.get(key)
        if hari is None:
            shift = self.shift.get(shift_id)
            if shift is None:
                return None
            hari = self._hari_shift[key] = HariKerja(
                tanggal=day,
                mulai=shift.mulai,
                selesai=shift.selesai,
                target_menit=shift.target_menit,
                sumber=SUMBER_ROSTER,
                profil_id=profil_id,
                istirahat_menit=shift.istirahat_menit,
                shift=shift.kode,
            )
        return hari

    # Per person ---------------------------------------------------------------------------

    def hari_kerja_for(
        self,
        penjadwalan: Iterable[Penjadwalan] = (),
        *,
        aktif_mulai: date,
        aktif_selesai: date | None = None,
        roster: Mapping[date, int] | None = None,
    ) -> dict[date, HariKerja]:
        """A person's working days in the period, in date order (runs come in date order)."""
        roster = roster or {}
        result: dict[date, HariKerja] = {}
        runs = self.potong(self.segmen_for(penjadwalan), aktif_mulai, aktif_selesai)
        for run in runs:
            if self.is_shift(run.profil_id):
                for day in sorted(d for d in roster if run.mulai <= d <= run.selesai):
                    hari = self._hari_roster(run.profil_id, day, roster[day])
                    if hari is not None:
                        result[day] = hari
                continue
            tabel = self._tabel_for(run.profil_id, run.mengajar)
            first = (run.mulai - self.mulai).days
            for hari in tabel.hari[first : first + (run.selesai - run.mulai).days + 1]:
                if hari is not None:
                    result[hari.tanggal] = hari
        return result

    def ringkasan_for(
        self,
        penjadwalan: Iterable[Penjadwalan] = (),
        *,
        aktif_mulai: date,
        aktif_selesai: date | None = None,
        roster: Iterable[tuple[date, int]] = (),
    ) -> Ringkasan:
        """Working days and target of a person, without building the days themselves."""
        runs = self.segmen_for(penjadwalan)
        hari = menit = hari_jadwal = menit_jadwal = 0
        roster = list(roster)
        for run in runs:
            if self.is_shift(run.profil_id):
                for day, shift_id in roster:
                    if run.mulai <= day <= run.selesai and shift_id in self.shift:
                        target = self.shift[shift_id].target_menit
                        hari_jadwal += 1
                        menit_jadwal += target
                        if aktif_mulai <= day and (aktif_selesai is None or day <= aktif_selesai):
                            hari += 1
                            menit += target
                continue
            tabel = self._tabel_for(run.profil_id, run.mengajar)
            first, last = (run.mulai - self.mulai).days, (run.selesai - self.mulai).days + 1
            hari_jadwal += tabel.jumlah_hari[last] - tabel.jumlah_hari[first]
            menit_jadwal += tabel.jumlah_menit[last] - tabel.jumlah_menit[first]
            start = max(run.mulai, aktif_mulai)
            end = run.selesai if aktif_selesai is None else min(run.selesai, aktif_selesai)
            if start <= end:
                first, last = (start - self.mulai).days, (end - self.mulai).days + 1
                hari += tabel.jumlah_hari[last] - tabel.jumlah_hari[first]
                menit += tabel.jumlah_menit[last] - tabel.jumlah_menit[first]
        return Ringkasan(hari, menit, hari_jadwal, menit_jadwal)
