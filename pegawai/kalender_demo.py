"""Calendars and schedules for the demo kota: holidays, Ramadan, school breaks, teachers on the
teaching profile, health workers on shifts with a filled roster. Safe to run again."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.db import transaction

from . import services_kalender as services
from .exceptions import KepegawaianError
from .jadwal import Jadwal, rentang_bulan
from .models import (
    AdminUnit,
    HariJadwal,
    HariLibur,
    Jabatan,
    JadwalPegawai,
    JenisShift,
    Kalender,
    Pegawai,
    ProfilJadwal,
    Ramadan,
    UnitKerja,
)

# Each nurse's rota repeats every seven days, shifted by one day per person.
POLA_SHIFT = ("P", "P", "S", "S", "M", "", "")
# Ramadan hours (the circular's usual shape): office 08:00–15:00, Friday 08:00–15:30 with the
# prayer break; school 07:30–12:00.
_RAMADAN_KANTOR = (time(8), time(15), time(12), time(12, 30), 240)
_RAMADAN_JUMAT = (time(8), time(15, 30), time(11, 30), time(13), 240)
_RAMADAN_SEKOLAH = (time(7, 30), time(12), None, None, 200)
RAMADAN_JAM = {
    "kantor-5-hari": {0: _RAMADAN_KANTOR, 1: _RAMADAN_KANTOR, 2: _RAMADAN_KANTOR}
    | {3: _RAMADAN_KANTOR, 4: _RAMADAN_JUMAT},
    "sekolah-6-hari": dict.fromkeys(range(6), _RAMADAN_SEKOLAH),
    "guru": dict.fromkeys(range(6), _RAMADAN_SEKOLAH),
}


@dataclass
class KalenderDemo:
    hari_libur: int = 0
    ramadan: Ramadan | None = None
    guru: int = 0
    nakes: int = 0
    roster: int = 0
    admin_roster: list[str] = field(default_factory=list)


def _idul_fitri(tahun: int) -> date | None:
    import holidays

    for day, name in sorted(holidays.Indonesia(years=tahun, language="id").items()):
        if name == "Hari Raya Idul Fitri":
            return day
    return None


def _add_hari_libur(tahun: int, by) -> int:
    added = 0
    try:
        added += services.prefill_hari_libur(tahun, by=by)
    except KepegawaianError:
        pass  # prefilled by an earlier run: what the admin corrected since stays
    hari_jadi = date(tahun, 4, 22)
    if not HariLibur.objects.filter(tanggal=hari_jadi, kalender__isnull=True).exists():
        services.create_hari_libur(
            tanggal=hari_jadi, nama="Hari Jadi Kota", jenis=HariLibur.Jenis.DAERAH, by=by
        )
        added += 1
    kalender = Kalender.objects.get(nama=services.KALENDER_PENDIDIKAN)
    taken = set(kalender.hari_libur.values_list("tanggal", flat=True))
    libur_semester = [date(tahun, 6, 22) + timedelta(days=i) for i in range(21)]
    libur_semester += [date(tahun, 12, 21) + timedelta(days=i) for i in range(11)]
    rows = [
        HariLibur(
            tanggal=day,
            nama="Libur semester",
            jenis=HariLibur.Jenis.KALENDER,
            kalender=kalender,
        )
        for day in libur_semester
        if day not in taken
    ]
    HariLibur.objects.bulk_create(rows)
    return added + len(rows)


def _add_ramadan(tahun: int) -> Ramadan | None:
    idul_fitri = _idul_fitri(tahun)
    if idul_fitri is None:
        return None
    ramadan, _created = Ramadan.objects.get_or_create(
        tahun=tahun,
        defaults={
            "mulai": idul_fitri - timedelta(days=30),
            "selesai": idul_fitri - timedelta(days=1),
            "dasar": "Surat Edaran Wali Kota tentang jam kerja bulan Ramadan",
        },
    )
    have = set(ramadan.hari_jadwal.values_list("profil__kode", flat=True))
    profil = {p.kode: p for p in ProfilJadwal.objects.filter(kode__in=RAMADAN_JAM)}
    HariJadwal.objects.bulk_create(
        HariJadwal(
            profil=profil[kode],
            ramadan=ramadan,
            hari=hari,
            jam_mulai=mulai,
            jam_selesai=selesai,
            istirahat_mulai=ist_mulai,
            istirahat_selesai=ist_selesai,
            target_menit=target,
        )
        for kode, week in RAMADAN_JAM.items()
        if kode in profil and kode not in have
        for hari, (mulai, selesai, ist_mulai, ist_selesai, target) in week.items()
    )
    return ramadan


def _unassigned(units: Iterable[UnitKerja]) -> list[Pegawai]:
    staff = []
    for unit in units:
        staff += list(
            Pegawai.objects.in_unit(unit)
            .exclude(pk__in=JadwalPegawai.objects.values("pegawai"))
            .select_related("jabatan")
        )
    return staff


def _fill_roster(unit: UnitKerja, nakes: list[Pegawai], bulan: Iterable[date], by) -> int:
    """The rota for each month given, on the days nobody has rostered yet."""
    codes = dict(JenisShift.objects.filter(aktif=True).values_list("kode", "pk"))
    written = 0
    for first in bulan:
        start, end = rentang_bulan(first.year, first.month)
        jadwal = Jadwal.load([p.pk for p in nakes], start, end)
        entries = {}
        for offset, p in enumerate(nakes):
            taken = jadwal.roster.get(p.pk, {})
            for i in range((end - start).days + 1):
                day = start + timedelta(days=i)
                code = POLA_SHIFT[(day.toordinal() + offset) % len(POLA_SHIFT)]
                if code in codes and day not in taken and jadwal.is_shift_on(p.pk, day):
                    entries[p.pk, day] = codes[code]
        if entries:
            written += services.set_roster(unit, entries, by=by).total
    return written


def _assign(staff: list[Pegawai], kode: str, dasar: str, mulai: date, by) -> int:
    if staff:
        services.assign_jadwal_bulk(
            [p.pk for p in staff],
            profil=ProfilJadwal.objects.get(kode=kode),
            mulai=mulai,
            dasar=dasar,
            by=by,
        )
    return len(staff)


@transaction.atomic
def build_kalender_demo(
    *,
    tahun: int,
    sekolah: Iterable[UnitKerja] = (),
    puskesmas: Iterable[UnitKerja] = (),
    by=None,
) -> KalenderDemo:
    """The calendar of `tahun` for the demo: holidays, school breaks and Ramadan hours; in each
    school the teachers on the teaching profile and the administrative staff on the 6-day
    week; in each puskesmas the health workers (fungsional) on shifts with a roster for the
    whole year, and the head (struktural) as the unit's roster admin. Depends on `tahun` only;
    running it again changes nothing."""
    services.install_jadwal_bawaan(by=by)
    result = KalenderDemo(hari_libur=_add_hari_libur(tahun, by))
    result.ramadan = _add_ramadan(tahun)
    awal_tahun = date(tahun, 1, 1)
    P = Jabatan.Jenis.PELAKSANA

    for unit in sekolah:
        staff = _unassigned([unit])
        result.guru += _assign(
            [p for p in staff if p.jabatan and p.jabatan.jenis != P],
            "guru",
            "Demo: guru mengikuti kalender pendidikan",
            awal_tahun,
            by,
        )
        _assign(
            [p for p in staff if p.jabatan and p.jabatan.jenis == P],
            "sekolah-6-hari",
            "Demo: tenaga kependidikan, 6 hari kerja",
            awal_tahun,
            by,
        )

    shift = ProfilJadwal.objects.get(kode="shift-nakes")
    months = [date(tahun, month, 1) for month in range(1, 13)]
    for unit in puskesmas:
        staff = _unassigned([unit])
        result.nakes += _assign(
            [p for p in staff if p.jabatan and p.jabatan.jenis == Jabatan.Jenis.FUNGSIONAL],
            "shift-nakes",
            "Demo: tenaga kesehatan bekerja menurut roster",
            awal_tahun,
            by,
        )
        heads = Pegawai.objects.in_unit(unit).filter(
            jabatan__jenis=Jabatan.Jenis.STRUKTURAL, user__isnull=False
        )
        for head in heads.select_related("user"):
            if not AdminUnit.objects.filter(user=head.user, unit=unit).exists():
                services.grant_admin_unit(head.user, unit=unit, by=by)
                result.admin_roster.append(head.nip)
        on_shift = list(
            Pegawai.objects.in_unit(unit)
            .filter(jadwal__profil=shift)
            .distinct()
            .order_by("nama", "nip")
        )
        result.roster += _fill_roster(unit, on_shift, months, by)
    return result
