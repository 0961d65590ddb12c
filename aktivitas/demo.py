"""Demo data of the daily log (a step of `python manage.py demo`): the catalog, and two months of
entries for every demo staff member, filled through the same imports an admin uses.

- The catalog (demo_katalog.py, about a hundred activities) through katalog_impor.
- Entries through entri_impor: last month complete, every working day of the person's schedule
  (office week, school week, or the puskesmas roster) with 4–6 entries, approved by the
  supervisor the next weekday morning and a few rejected; this month up to yesterday the same,
  except that the person's last three working days before today wait for approval (diajukan);
  and two drafts today for the demo staf. Staff without a supervisor (the heads of the OPD)
  have theirs waiting too.

Deterministic: each person's day comes from random.Random seeded with their NIP and the date,
and dates are counted from the day of the run (`cast.now`), not its hour. Re-runnable: the demo's own
entries of the period (sumber impor, demo staff, from the first of last month to today) that
match the plan are kept with their ids, the others are deleted, and the missing ones imported;
a rerun on the same day writes nothing, not even a log row. Entries someone made by hand are
kept, and the planned ones that would overlap them left out. Closed months are not touched.
"""

import itertools
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from pegawai import demo as pegawai_demo
from pegawai.demo import DemoCast, step
from pegawai.hierarki import Hierarki
from pegawai.importer_writes import chunks
from pegawai.jadwal import Jadwal
from pegawai.kalender import HariKerja
from pegawai.models import Pegawai, Periode

from . import demo_katalog
from .entri_impor import import_entri
from .katalog_impor import import_katalog
from .models import Aktivitas, Entri

SEED = pegawai_demo.SEED
DIAJUKAN_TERAKHIR = 3  # the last working days whose entries still wait for approval
PELUANG_DITOLAK = 0.03
PELUANG_APEL = 0.4
AKHIR_MALAM = 23 * 60 + 55  # a night shift's entries stop before midnight (they never cross it)
URAIAN = (
    "",
    "",
    " sesuai disposisi pimpinan",
    " untuk kegiatan bulan ini",
    " bersama tim",
    ", lanjutan hari sebelumnya",
    ", selesai dan dilaporkan",
)
Status = Entri.Status


@dataclass(frozen=True)
class _Aktivitas:
    pk: int
    kode: str
    nama: str
    satuan: str
    menit: int
    bobot: int  # how often it is picked


@step
def build_aktivitas(cast: DemoCast) -> None:
    """The catalog and two months of entries for the demo staff."""
    katalog = import_katalog(
        demo_katalog.rows(), by=cast.admin.user, filename="demo_katalog", now=cast.now
    )
    today = timezone.localdate(cast.now)
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    people = list(
        Pegawai.objects.filter(nip__in=[o.nip for o in pegawai_demo.plan().orang])
        .order_by("nip")
        .values("pk", "nip", "jabatan_id", "jabatan__jenis")
    )
    rows = plan_entries(people, first=first, today=today, staf_id=cast.staf.pk)
    kept, deleted, added = _save(rows, people, first=first, today=today, cast=cast)
    cast.stdout.write(
        f"Katalog aktivitas: {len(demo_katalog.KATALOG) + len(demo_katalog.BERAKHIR)} aktivitas "
        f"({katalog.dibuat} baru, {katalog.diubah} diperbarui). Entri {first:%m-%Y} s.d. "
        f"{today:%d-%m-%Y}: {kept + added} untuk {len(people)} pegawai ({added} baru, "
        f"{deleted} dihapus).\n"
    )


def plan_entries(people: list[dict], *, first: date, today: date, staf_id: int) -> list[tuple]:
    """Every planned entry, as import_entri's rows: (nip, tanggal, mulai, selesai, kode, volume,
    uraian, status, nip pemutus, diputuskan_pada)."""
    ids = [p["pk"] for p in people]
    jadwal = Jadwal.load(ids, first, today)
    atasan = Hierarki.on(today).atasan_map(ids)
    nip_of = {p["pk"]: p["nip"] for p in people}
    missing = [a for a in atasan.values() if a is not None and a not in nip_of]
    nip_of |= dict(Pegawai.objects.filter(pk__in=missing).values_list("pk", "nip"))
    katalog = _katalog(first, today)
    closed = Periode.closed_months(first, today)
    tz = timezone.get_current_timezone()
    rows = []
    for person in people:
        choices = _choices(katalog, person)
        if not choices:
            continue
        days = jadwal.hari_kerja(person["pk"])
        past = sorted(d for d in days if d < today and (d.year, d.month) not in closed)
        waiting = set(past[-DIAJUKAN_TERAKHIR:])
        supervisor = nip_of.get(atasan.get(person["pk"]))
        shift = any(hk.shift for hk in days.values())
        for tanggal in past:
            # A generator per person and day: closing a month or a new working day changes
            # nothing on the other days.
            rng = random.Random(f"{SEED}:{person['nip']}:{tanggal}")
            for mulai, selesai, aktivitas, volume in _layout(rng, days[tanggal], choices, shift):
                status, pemutus, pada = Status.DIAJUKAN.value, "", None
                if supervisor and tanggal not in waiting:
                    pemutus = supervisor
                    pada = _decided(rng, tanggal, today, tz)
                    rejected = rng.random() < PELUANG_DITOLAK
                    status = Status.DITOLAK.value if rejected else Status.DISETUJUI.value
                rows.append(
                    (person["nip"], tanggal, mulai, selesai, aktivitas.kode, volume,
                     _uraian(rng, aktivitas, volume), status, pemutus, pada)
                )  # fmt: skip
        if person["pk"] == staf_id and (today.year, today.month) not in closed:
            hari_ini = days.get(today) or _pagi(today)
            rng = random.Random(f"{SEED}:{person['nip']}:{today}")
            for mulai, selesai, aktivitas, volume in _layout(rng, hari_ini, choices, shift)[:2]:
                rows.append(
                    (person["nip"], today, mulai, selesai, aktivitas.kode, volume,
                     _uraian(rng, aktivitas, volume), Status.DRAF.value, "", None)
                )  # fmt: skip
    return rows


def _katalog(first: date, today: date) -> list[tuple[_Aktivitas, dict]]:
    """The activities in force over the period, each with who may use it."""
    through = Aktivitas.jabatan.through
    jabatan = defaultdict(set)
    for aktivitas_id, jabatan_id in through.objects.values_list("aktivitas_id", "jabatan_id"):
        jabatan[aktivitas_id].add(jabatan_id)
    out = []
    for a in Aktivitas.objects.active_on(first).active_on(today).order_by("kode"):
        untuk = {
            "jenis": {
                j for j in ("struktural", "fungsional", "pelaksana") if getattr(a, f"untuk_{j}")
            },
            "jabatan": jabatan[a.pk],
            "tambahan": a.kelompok == Aktivitas.Kelompok.TAMBAHAN,
        }
        out.append((_Aktivitas(a.pk, a.kode, a.nama, a.satuan, a.menit_standar, 0), untuk))
    return out


def _choices(katalog, person: dict) -> list[_Aktivitas]:
    """What a person may log, weighted: their position's own activities first, then their
    type's main tasks, then the additional ones."""
    out = []
    for aktivitas, untuk in katalog:
        if person["jabatan_id"] in untuk["jabatan"]:
            bobot = 6
        elif person["jabatan__jenis"] in untuk["jenis"]:
            bobot = 1 if untuk["tambahan"] else 2
        else:
            continue
        out.append(_Aktivitas(**{**aktivitas.__dict__, "bobot": bobot}))
    return out


def _menit(value: time) -> int:
    return value.hour * 60 + value.minute


def _jam(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


def _pagi(tanggal: date) -> HariKerja:
    """A morning to place today's drafts in when today is not a working day of the staf."""
    return HariKerja(tanggal, time(8), time(12), 0, "", 0)


def _layout(rng: random.Random, hk: HariKerja, choices: list[_Aktivitas], shift: bool):
    """4–6 entries one after another inside the day's hours, around the breaks:
    (mulai, selesai, aktivitas, volume)."""
    start = _menit(hk.mulai)
    end = AKHIR_MALAM if hk.melewati_tengah_malam else _menit(hk.selesai)
    segments, cursor = [], start
    for a, b in sorted((_menit(a), _menit(b)) for a, b in hk.istirahat):
        if a > cursor:
            segments.append([cursor, min(a, end)])
        cursor = max(cursor, b)
    if cursor < end:
        segments.append([cursor, end])
    total = sum(b - a for a, b in segments)
    n = rng.randint(4, 6)
    slot = max(15, total // n)
    picked: list[_Aktivitas] = []
    apel = next((c for c in choices if c.kode == "UM-001"), None)
    if apel and not shift and rng.random() < PELUANG_APEL:
        picked.append(apel)
    cum = list(itertools.accumulate(c.bobot for c in choices))
    for _attempt in range(4 * n):
        if len(picked) == n or len(picked) == len(choices):
            break
        choice = rng.choices(choices, cum_weights=cum)[0]
        if choice not in picked:
            picked.append(choice)
    out = []
    index = 0
    for aktivitas in picked:
        while index < len(segments) and segments[index][1] - segments[index][0] < 15:
            index += 1
        if index == len(segments):
            break
        segment = segments[index]
        want = slot * rng.uniform(0.7, 1.0)
        volume = max(1, round(want / aktivitas.menit))
        duration = min(aktivitas.menit * volume, slot, segment[1] - segment[0])
        duration = max(15, duration - duration % 5)
        mulai, selesai = segment[0], min(segment[0] + duration, segment[1])
        out.append((_jam(mulai), _jam(selesai), aktivitas, volume))
        segment[0] = selesai + rng.choice((0, 0, 5, 10))
    return out


def _decided(rng: random.Random, tanggal: date, today: date, tz) -> datetime:
    """The supervisor's decision: the next weekday's morning, or the evening of the day itself
    when that morning has not come yet."""
    day = tanggal + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    if day >= today:
        return datetime.combine(tanggal, time(23, 59), tzinfo=tz)
    return datetime.combine(day, _jam(8 * 60 + rng.randrange(0, 240)), tzinfo=tz)


def _uraian(rng: random.Random, aktivitas: _Aktivitas, volume: int) -> str:
    return f"{aktivitas.nama}: {volume} {aktivitas.satuan}{rng.choice(URAIAN)}"


# Writing -----------------------------------------------------------------------------------


def _save(rows: list[tuple], people: list[dict], *, first: date, today: date, cast) -> tuple:
    """Keep the demo's entries that match the plan, delete the rest, import the missing ones:
    (kept, deleted, added)."""
    by_nip = {p["nip"]: p for p in people}
    pegawai_id = {nip: p["pk"] for nip, p in by_nip.items()}
    user_id = dict(
        Pegawai.objects.filter(nip__in={r[8] for r in rows if r[8]}).values_list("nip", "user_id")
    )
    kode_id = dict(Aktivitas.objects.values_list("kode", "pk"))

    def key(r):
        return (pegawai_id[r[0]], r[1], r[2], r[3], kode_id[r[4]], r[5], r[6], r[7],
                user_id.get(r[8]), r[9])  # fmt: skip

    wanted = {key(r): r for r in rows}
    closed = Periode.closed_months(first, today)
    stale, found = [], set()
    others: dict[tuple[int, date], list[tuple[time, time]]] = defaultdict(list)
    stored = Entri.objects.filter(pegawai_id__in=pegawai_id.values(), tanggal__range=(first, today))
    for pk, sumber, *values in stored.values_list(
        "pk", "sumber", "pegawai_id", "tanggal", "mulai", "selesai", "aktivitas_id", "volume",
        "uraian", "status", "diputuskan_oleh_id", "diputuskan_pada",
    ):  # fmt: skip
        tanggal = values[1]
        if sumber != Entri.Sumber.IMPOR:
            others[values[0], tanggal].append((values[2], values[3]))
        elif tuple(values) in wanted:
            found.add(tuple(values))
        elif (tanggal.year, tanggal.month) not in closed:
            stale.append(pk)
    for chunk in chunks(stale):
        Entri.objects.filter(pk__in=chunk).delete()
    missing = [
        r
        for k, r in wanted.items()
        if k not in found
        and not any(r[2] < b and a < r[3] for a, b in others.get((k[0], r[1]), ()))
    ]
    if missing:
        import_entri(missing, by=cast.admin.user, filename="demo", now=cast.now)
    return len(found), len(stale), len(missing)
