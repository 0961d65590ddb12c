"""Attendance for the demo kota (a step of `python manage.py demo`): fingerprint scans of every
demo staff member for last month and this month up to yesterday, written as a machine log and
brought in through the same import an admin uses (`import_kehadiran`), plus one leave range and
one day of duty entered through the services.

What the log holds, per working day of each person's schedule (office, school, teachers, the
puskesmas roster with its night shifts): a check-in 5–35 minutes before the start and a
check-out up to 40 minutes after the end; on about one day in twelve a late arrival (1–75
minutes), on one in twenty an early departure (1–50 minutes), and now and then the same finger
twice. The demo staf has no scan at all on one day of last month (TK) and a day of duty (DL) on
another; a colleague in the same unit takes three days of annual leave (CT) last month and does
not scan on them. Fixed days of last month, so that a rerun later in the month adds none.

Deterministic: each person's day comes from random.Random seeded with their NIP and the date,
and the period from the day of the run. Re-runnable: the import stores a scan once and writes
only days that differ, the leave is entered only when it is not there yet, so a rerun on the same
day writes nothing. Closed months are left alone.
"""

import io
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TextIO

from django.utils import timezone

from .exceptions import KepegawaianError
from .jadwal import Jadwal
from .kalender import HariKerja
from .kehadiran_impor import import_kehadiran
from .models import Izin, Kehadiran, LogAbsen, Pegawai, Periode
from .services_kehadiran import create_izin

PELUANG_TERLAMBAT = 1 / 12
PELUANG_PULANG_CEPAT = 1 / 20
PELUANG_DOBEL = 1 / 15
HARI_TK = 2  # the staf's third working day of last month
HARI_DL = 7  # the staf's eighth
HARI_CT = (9, 10, 11)  # the colleague's 10th–12th working days of last month


@dataclass(frozen=True)
class KehadiranDemo:
    scan: int
    hari: int
    tk: date | None
    ct: tuple[date, date] | None
    dl: date | None


def _scans(nip: str, hari: HariKerja) -> list[tuple[datetime, int]]:
    """The day's scans with the machine's in/out state (0 in, 1 out)."""
    rng = random.Random(f"{nip}:{hari.tanggal.isoformat()}")
    if rng.random() < PELUANG_TERLAMBAT:
        masuk = hari.mulai_pada + timedelta(minutes=rng.randint(1, 75))
    else:
        masuk = hari.mulai_pada - timedelta(minutes=rng.randint(5, 35))
    if rng.random() < PELUANG_PULANG_CEPAT:
        pulang = hari.selesai_pada - timedelta(minutes=rng.randint(1, 50))
    else:
        pulang = hari.selesai_pada + timedelta(minutes=rng.randint(0, 40))
    masuk += timedelta(seconds=rng.randint(0, 59))
    pulang += timedelta(seconds=rng.randint(0, 59))
    scans = [(masuk, 0), (pulang, 1)]
    if rng.random() < PELUANG_DOBEL:
        scans.insert(1, (masuk + timedelta(seconds=rng.randint(2, 40)), 0))
    return scans


def _ensure_izin(pegawai: Pegawai, kode: str, mulai: date, selesai: date, alasan: str, *, by, now):
    if (
        Izin.objects.aktif()
        .filter(pegawai=pegawai, kode=kode, mulai=mulai, selesai=selesai)
        .exists()
    ):
        return
    try:
        create_izin(pegawai, kode=kode, mulai=mulai, selesai=selesai, alasan=alasan, by=by, now=now)
    except KepegawaianError:
        pass  # overlapping leave entered by hand, or a closed month: the demo leaves it


def _all_stored(people: list[Pegawai], scans: list[datetime]) -> bool:
    tz = timezone.get_current_timezone()
    stored = LogAbsen.objects.filter(
        pegawai__in=people,
        waktu__range=(min(scans).replace(tzinfo=tz), max(scans).replace(tzinfo=tz)),
    ).count()
    return stored == len(scans)


def build_kehadiran_demo(
    *,
    staf: Pegawai,
    pegawai: list[Pegawai],
    by,
    now: datetime | None = None,
    stdout: TextIO | None = None,
) -> KehadiranDemo:
    """Scans of `pegawai` from the first of last month to yesterday, imported; the leave and duty
    of the demo staf and a colleague."""
    now = now or timezone.now()
    stdout = stdout or io.StringIO()
    today = timezone.localdate(now)
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    yesterday = today - timedelta(days=1)
    now_local = timezone.localtime(now).replace(tzinfo=None)
    closed = Periode.closed_months(first, today)
    people = [p for p in pegawai if p.pin_absen]
    jadwal = Jadwal.load([p.pk for p in people], first, yesterday)

    def working_days(p: Pegawai) -> list[HariKerja]:
        return [
            h for d, h in sorted(jadwal.hari_kerja(p.pk).items()) if (d.year, d.month) not in closed
        ]

    staf_days = working_days(staf) if staf in people else []
    last_month = [h.tanggal for h in staf_days if h.tanggal.month == first.month]
    tk = last_month[HARI_TK] if len(last_month) > HARI_TK else None
    dl = last_month[HARI_DL] if len(last_month) > HARI_DL else None
    colleague = next(
        (p for p in people if p.unit_id == staf.unit_id and p.pk != staf.pk),
        None,
    )
    ct = None
    if colleague is not None:
        days = [h.tanggal for h in working_days(colleague) if h.tanggal.month == first.month]
        if len(days) > HARI_CT[-1]:
            ct = (days[HARI_CT[0]], days[HARI_CT[-1]])
    if ct is not None:
        _ensure_izin(colleague, "CT", *ct, "Demo: cuti tahunan keperluan keluarga", by=by, now=now)
    if dl is not None:
        _ensure_izin(staf, "DL", dl, dl, "Demo: rapat koordinasi di provinsi", by=by, now=now)

    lines, scans = [], []
    for p in people:
        for hari in working_days(p):
            if p.pk == staf.pk and hari.tanggal == tk:
                continue  # nothing scanned: TK
            if (
                ct
                and colleague is not None
                and p.pk == colleague.pk
                and ct[0] <= hari.tanggal <= ct[1]
            ):
                continue  # on leave
            for scan, state in _scans(p.nip, hari):
                if scan > now_local:
                    continue  # the check-out of last night's shift, still to come
                # The columns of a ZKTeco attlog: PIN, time, verify mode, in/out state, 0, 0.
                lines.append(f"{p.pin_absen:>9}\t{scan:%Y-%m-%d %H:%M:%S}\t1\t{state}\t0\t0")
                scans.append(scan)
    # Every import is a recorded action: a rerun whose scans are all stored already imports
    # nothing, so running the demo again writes nothing.
    if lines and not _all_stored(people, scans):
        import_kehadiran("\n".join(lines), filename="demo-attlog.dat", by=by, now=now)
    hari = Kehadiran.objects.filter(pegawai__in=people, tanggal__range=(first, yesterday)).count()
    result = KehadiranDemo(len(lines), hari, tk, ct, dl)
    stdout.write(
        f"Kehadiran {first:%d-%m-%Y} s.d. {yesterday:%d-%m-%Y}: {result.scan} scan mesin, "
        f"{result.hari} hari tercatat"
        + (f"; TK {staf.nama} {tk:%d-%m}" if tk else "")
        + (f"; DL {staf.nama} {dl:%d-%m}" if dl else "")
        + (f"; CT {colleague.nama} {ct[0]:%d-%m}–{ct[1]:%d-%m}" if ct else "")
        + ".\n"
    )
    return result
