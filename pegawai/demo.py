"""Demo data: a fictional Pemerintah Kota Contoh to click through (`python manage.py demo`).

Twelve OPD (dinas, badan, Inspektorat, Satpol PP dan WH and a kecamatan with two kelurahan), a
school and a puskesmas, about 300 staff in four levels (kepala OPD → kepala bidang/sekretaris →
kepala seksi/subbagian → pelaksana and fungsional), one vacant kepala seksi, one Plt kepala bidang
and one login per role. Everyone logs in with their NIP and the password PASSWORD.

Deterministic: `plan()` draws everything from random.Random(SEED) and fixed dates, without the
database; the day the demo runs changes nothing. Re-runnable: `build()` writes the plan by natural
keys (Pemda pk 1, UnitKerja.kode, Jabatan unit + nama, Pegawai.nip, User.username), updating in
place, so a second run leaves every row and id as it was. The demo people's Penugasan are reset to
the plan; passwords and role groups of their logins are reset too. Rows the demo does not name
(a unit or a person added by hand) are left alone. A database of another pemda is refused.

Later apps add their own demo data as steps: a function `fn(cast)` decorated with `@step` in
`<app>/demo.py`. `build()` imports those modules the way the admin finds `admin.py`, and runs
the steps after the organisation, in INSTALLED_APPS order (the floor order), in one transaction.
This app's own step, at the end of this module and so the first to run, is the working calendar
(`kalender_demo`): holidays, Ramadan hours, teachers and a puskesmas roster for the year of the
run, so that "this month" on every screen has a calendar.
"""

import io
import itertools
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TextIO

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from .demo_data import (
    ACTING,
    FEMALE,
    FEMALE_FAMILY,
    KEPALA_UNIT,
    MALE,
    MALE_FAMILY,
    OPD,
    PELAKSANA,
    ROLE_GROUPS,
    ROLES,
    STAF_TETAP,
    SUBBAGIAN,
    VACANT,
    _Opd,
    _Pos,
)
from .exceptions import KepegawaianError
from .kalender_demo import build_kalender_demo
from .kehadiran_demo import build_kehadiran_demo
from .models import (
    Golongan,
    HariLibur,
    Jabatan,
    JadwalPegawai,
    Pegawai,
    Pemda,
    Penugasan,
    Roster,
    UnitKerja,
    User,
)
from .nip import PPPK, parse_nip

SEED = 2012  # the year e-Kinerja started
PASSWORD = "demo12345"  # noqa: S105 (printed for everyone to try)
URL = "http://127.0.0.1:8000/"
PEMDA = {
    "nama": "Pemerintah Kota Contoh",
    "jenis": Pemda.Jenis.KOTA,
    "jabatan_kepala": "Wali Kota",
    "tempat": "Contoh",
}
BANK = "Bank Aceh Syariah"
# Fixed dates: golongan are counted up to REF_YEAR; everyone holds today's position since
# JABATAN_SEJAK (or since joining, if later); the Plt was appointed on PLT_SEJAK.
REF_YEAR = 2025
JABATAN_SEJAK = date(2024, 1, 2)
PLT_SEJAK = date(2025, 7, 1)
CPNS_TMT = date(2025, 6, 1)
PPPK_TAHUN = (2022, 2023, 2024)

S, F, P = Jabatan.Jenis.STRUKTURAL, Jabatan.Jenis.FUNGSIONAL, Jabatan.Jenis.PELAKSANA
U = UnitKerja.Jenis


# --- The plan: every row the demo writes, drawn without the database -------------------------


@dataclass(frozen=True)
class UnitPlan:
    kode: str
    nama: str
    jenis: str
    induk: str | None  # kode


@dataclass(frozen=True)
class JabatanPlan:
    unit: str  # kode
    nama: str
    jenis: str
    eselon: str
    kelas: int
    atasan: tuple[str, str] | None  # key of the supervising position

    @property
    def key(self) -> tuple[str, str]:
        return (self.unit, self.nama)


@dataclass(frozen=True)
class OrangPlan:
    nip: str
    nama: str
    gelar_depan: str
    gelar_belakang: str
    jenis_asn: str
    golongan: str
    jabatan: tuple[str, str]
    opd: str  # kode
    unit_nama: str
    aktif_mulai: date
    mulai: date  # of the definitive Penugasan
    dasar: str
    pin_absen: str
    npwp: str
    nomor_rekening: str


@dataclass(frozen=True)
class ActingPlan:
    nip: str
    jabatan: tuple[str, str]
    jenis: str
    mulai: date
    dasar: str


@dataclass
class Plan:
    pemda: dict
    units: list[UnitPlan] = field(default_factory=list)
    jabatan: list[JabatanPlan] = field(default_factory=list)
    orang: list[OrangPlan] = field(default_factory=list)
    acting: list[ActingPlan] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)  # role -> NIP


def plan(seed: int = SEED) -> Plan:
    """Draw the whole demo organisation; the same seed gives the same plan."""
    planner = _Planner(random.Random(seed))
    for opd in OPD:
        planner.add_opd(opd)
    result = planner.plan
    for role, _label, opd, unit_nama, jabatan_nama in ROLES:
        result.roles[role] = next(
            o.nip
            for o in result.orang
            if (o.opd, o.unit_nama, o.jabatan[1]) == (opd, unit_nama, jabatan_nama)
        )
    return result


class _Planner:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.plan = Plan(pemda=dict(PEMDA))
        self._names: set[str] = set()
        self._nip_seq: Counter[str] = Counter()
        self._sk = itertools.count(1)
        self._jabatan_keys: set[tuple[str, str]] = set()

    def add_opd(self, opd: _Opd) -> None:
        top = self._unit(opd.kode, opd.nama, opd.jenis, None)
        nama, eselon, kelas = opd.kepala
        kepala = self._head(top, nama, opd, eselon=eselon, kelas=kelas)
        nama, eselon, kelas = opd.sekretaris
        sekretariat = self._unit(f"{opd.kode}.01", "Sekretariat", U.BIDANG, top)
        sekretaris = self._head(sekretariat, nama, opd, eselon=eselon, kelas=kelas, atasan=kepala)
        for i, sub in enumerate(SUBBAGIAN, 1):
            self._seksi(sub, f"{sekretariat.kode}.{i:02d}", sekretariat, sekretaris, opd, PELAKSANA)
        pool = opd.fungsional + PELAKSANA
        kode = (f"{opd.kode}.{n:02d}" for n in itertools.count(2))
        for nama, *seksi in opd.bidang:
            unit = self._unit(next(kode), nama, U.BIDANG, top)
            title = KEPALA_UNIT.get(nama, f"Kepala {nama}")
            acting = nama == ACTING
            kabid = self._head(
                unit, title, opd, eselon="III.b", kelas=11, atasan=kepala, vacant=acting
            )
            self._staf(STAF_TETAP.get(nama, ()), unit, kabid, opd, pppk=0.2)
            for i, sub in enumerate(seksi, 1):
                sub_nama = f"{opd.sub} {sub}"
                kasi = self._seksi(sub_nama, f"{unit.kode}.{i:02d}", unit, kabid, opd, pool)
                if acting and i == 1:
                    nomor = f"800.1.3/{next(self._sk):03d}/{PLT_SEJAK:%Y}"
                    dasar = f"Surat Perintah Wali Kota Nomor {nomor}"
                    self.plan.acting.append(
                        ActingPlan(kasi.nip, kabid, Penugasan.Jenis.PLT, PLT_SEJAK, dasar)
                    )
        for sub in opd.seksi:
            self._seksi(f"Seksi {sub}", next(kode), top, kepala, opd, pool)
        for i, uptd in enumerate(opd.uptd, 11):
            unit = self._unit(f"{opd.kode}.{i:02d}", uptd.nama, uptd.jenis, top)
            head = uptd.kepala
            jab = self._jabatan(unit, head.nama, head.jenis, head.kelas, head.eselon, kepala)
            self._person(jab, opd, "kasi", head, pppk=0)
            self._staf(uptd.staf, unit, jab, opd, pppk=uptd.pppk)

    def _unit(self, kode, nama, jenis, induk: UnitPlan | None) -> UnitPlan:
        unit = UnitPlan(kode=kode, nama=nama, jenis=jenis, induk=induk.kode if induk else None)
        self.plan.units.append(unit)
        return unit

    def _jabatan(self, unit: UnitPlan, nama, jenis, kelas, eselon, atasan) -> tuple[str, str]:
        jab = JabatanPlan(unit.kode, nama, jenis, eselon, kelas, atasan)
        if jab.key not in self._jabatan_keys:
            self._jabatan_keys.add(jab.key)
            self.plan.jabatan.append(jab)
        return jab.key

    def _head(self, unit, nama, opd, *, eselon, kelas, atasan=None, vacant=False):
        jab = self._jabatan(unit, nama, S, kelas, eselon, atasan)
        if not vacant:
            level = {"II": "kepala", "III": "kabid"}.get(eselon.split(".")[0], "kasi")
            edu = "S2" if level != "kasi" else "S1"
            self._person(jab, opd, level, _Pos(nama, kelas, edu), pppk=0)
        return jab

    def _seksi(self, nama: str, kode, induk, atasan, opd, pool) -> OrangPlan | None:
        """A seksi or subbagian with its kepala (unless vacant) and staff; return the kepala."""
        unit = self._unit(kode, nama, U.SEKSI, induk)
        vacant = nama == VACANT
        title = KEPALA_UNIT.get(nama, f"Kepala {nama}")
        kasi = self._head(unit, title, opd, eselon="IV.a", kelas=9, atasan=atasan, vacant=vacant)
        head = None if vacant else self.plan.orang[-1]
        n = self.rng.choice((1, 2, 2))
        staf = STAF_TETAP.get(nama) or tuple(self.rng.choice(pool) for _ in range(n))
        self._staf(staf, unit, kasi, opd, pppk=0.2)
        return head

    def _staf(self, staf, unit, atasan, opd, *, pppk: float) -> None:
        for pos in staf:
            jab = self._jabatan(unit, pos.nama, pos.jenis, pos.kelas, pos.eselon, atasan)
            self._person(jab, opd, "staf", pos, pppk=pppk)

    def _person(self, jab, opd: _Opd, level: str, pos: _Pos, *, pppk: float) -> OrangPlan:
        rng = self.rng
        sex = pos.sex or rng.choice((1, 2))
        draw = rng.random()
        if level != "staf" or draw >= 0.1 + pppk:
            jenis_asn = Pegawai.JenisAsn.PNS
        elif draw < 0.1:
            jenis_asn = Pegawai.JenisAsn.CPNS
        else:
            jenis_asn = Pegawai.JenisAsn.PPPK
        born_from, born_to, max_tmt = {
            "kepala": (1968, 1974, 2000),
            "kabid": (1970, 1980, 2005),
            "kasi": (1975, 1988, 2012),
            "staf": (1975, 1996, 2021),
        }[level]
        if jenis_asn == Pegawai.JenisAsn.CPNS:
            born_from, born_to = 1996, 2001
        elif jenis_asn == Pegawai.JenisAsn.PPPK:
            born_from, born_to = 1982, 1998
        lahir = date(rng.randint(born_from, born_to), 1, 1) + timedelta(days=rng.randrange(365))
        if jenis_asn == Pegawai.JenisAsn.PPPK:
            tahun = rng.choice(PPPK_TAHUN)
            mulai = date(tahun, rng.choice((1, 3, 4)), 1)
            nip_prefix = f"{lahir:%Y%m%d}{tahun}21{sex}"
            golongan = {"SMA": "V", "D3": "VII"}.get(pos.edu, "IX")
        else:
            if jenis_asn == Pegawai.JenisAsn.CPNS:
                mulai = CPNS_TMT
            else:
                tahun = min(lahir.year + rng.randint(23, 29), max_tmt)
                mulai = date(tahun, rng.choice((1, 3, 4, 12)), 1)
            nip_prefix = f"{lahir:%Y%m%d}{mulai:%Y%m}{sex}"
            golongan = self._golongan(level, pos.edu, mulai)
        self._nip_seq[nip_prefix] += 1
        nip = f"{nip_prefix}{self._nip_seq[nip_prefix]:03d}"
        parse_nip(nip, jenis_asn=PPPK if jenis_asn == Pegawai.JenisAsn.PPPK else None)
        depan, belakang = (
            pos.gelar if pos.gelar is not None else self._gelar(pos.edu, sex, lahir, opd)
        )
        orang = OrangPlan(
            nip=nip,
            nama=self._name(sex),
            gelar_depan=depan,
            gelar_belakang=belakang,
            jenis_asn=jenis_asn,
            golongan=golongan,
            jabatan=jab,
            opd=opd.kode,
            unit_nama=next(u.nama for u in reversed(self.plan.units) if u.kode == jab[0]),
            aktif_mulai=mulai,
            mulai=max(mulai, JABATAN_SEJAK),
            dasar=(
                f"Keputusan Wali Kota Nomor 821.2/{next(self._sk):03d}/{JABATAN_SEJAK.year}"
                if level != "staf"
                else ""
            ),
            pin_absen=str(1001 + len(self.plan.orang)),
            npwp=_npwp(f"{rng.randrange(10**12):012d}"),
            nomor_rekening=f"060{len(self.plan.orang) + 1:04d}{rng.randrange(10**6):06d}",
        )
        self.plan.orang.append(orang)
        return orang

    def _golongan(self, level: str, edu: str, tmt: date) -> str:
        pns = Golongan.for_pns()
        if level == "kepala":
            return self.rng.choice(("IV/b", "IV/c"))
        if level == "kabid":
            return self.rng.choice(("IV/a", "IV/b"))
        if level == "kasi":
            return self.rng.choice(("III/c", "III/d", "IV/a"))
        start, cap = {"SMA": ("II/a", "II/d"), "D3": ("II/c", "III/b")}.get(edu, ("III/a", "III/d"))
        step = pns.index(start) + max(0, REF_YEAR - tmt.year) // 4
        return pns[min(step, pns.index(cap))]

    def _gelar(self, edu: str, sex: int, lahir: date, opd: _Opd) -> tuple[str, str]:
        if edu == "SMA":
            return ("", "")
        if edu == "D3":
            return ("", "A.Md")
        s1 = self.rng.choice(opd.gelar[0])
        if edu == "S2" or self.rng.random() < 0.25:
            s2 = self.rng.choice(opd.gelar[1])
            if lahir.year < 1976 and self.rng.random() < 0.3:
                return ("Drs." if sex == 1 else "Dra.", s2)
            return ("", f"{s1}, {s2}")
        return ("", s1)

    def _name(self, sex: int) -> str:
        first, family = (MALE, MALE_FAMILY) if sex == 1 else (FEMALE, FEMALE_FAMILY)
        while True:
            nama = f"{self.rng.choice(first)} {self.rng.choice(family)}"
            if nama not in self._names:
                self._names.add(nama)
                return nama


def _npwp(d: str) -> str:
    """Format 12 digits the way a (pre-2024) NPWP is printed: 12.345.678.9-012.000."""
    return f"{d[0:2]}.{d[2:5]}.{d[5:8]}.{d[8]}-{d[9:12]}.000"


# --- Writing the plan ---------------------------------------------------------------------


@dataclass
class DemoCast:
    """The demo's named people: what the login table prints and later steps build on."""

    now: datetime
    stdout: TextIO
    admin: Pegawai
    kepala: Pegawai
    atasan: Pegawai
    plt: Pegawai
    staf: Pegawai
    penilai: Pegawai
    keuangan: Pegawai
    admin_roster: Pegawai
    password: str = PASSWORD

    def logins(self) -> list[tuple[str, Pegawai]]:
        return [(str(label), getattr(self, role)) for role, label, *_where in ROLES]


_steps: list[Callable[[DemoCast], None]] = []


def step(fn: Callable[[DemoCast], None]) -> Callable[[DemoCast], None]:
    """Run `fn(cast)` after the organisation on every `build()`; for `<app>/demo.py` modules."""
    if fn not in _steps:
        _steps.append(fn)
    return fn


def build(*, now: datetime | None = None, stdout: TextIO | None = None) -> DemoCast:
    """Write the demo organisation and every registered step in one transaction."""
    autodiscover_modules("demo")
    with transaction.atomic():
        cast = build_organisation(now=now, stdout=stdout)
        for fn in _steps:
            fn(cast)
    return cast


@transaction.atomic
def build_organisation(*, now: datetime | None = None, stdout: TextIO | None = None) -> DemoCast:
    """Write the plan, updating rows already there by their natural keys."""
    now = now or timezone.now()
    stdout = stdout or io.StringIO()
    demo = plan()
    pemda = Pemda.objects.select_for_update().filter(pk=1).first()
    if pemda is not None and pemda.nama != demo.pemda["nama"]:
        raise KepegawaianError(
            _("Basis data ini milik %(pemda)s; data demo hanya untuk basis data kosong atau demo.")
            % {"pemda": pemda.nama}
        )
    Pemda.objects.update_or_create(pk=1, defaults=demo.pemda)
    unit_ids = _save_units(demo.units)
    jabatan_ids = _save_jabatan(demo.jabatan, unit_ids)
    user_ids = _save_users(demo)
    pegawai_ids = _save_pegawai(demo.orang, unit_ids, jabatan_ids, user_ids)
    _save_penugasan(demo, pegawai_ids, jabatan_ids)
    people = (
        Pegawai.objects.with_related()
        .select_related("user")
        .in_bulk([pegawai_ids[nip] for nip in demo.roles.values()])
    )
    stdout.write(
        f"{demo.pemda['nama']}: {sum(u.induk is None for u in demo.units)} OPD, "
        f"{len(demo.units)} unit kerja, {len(demo.jabatan)} jabatan, "
        f"{len(demo.orang)} pegawai.\n"
    )
    return DemoCast(
        now=now,
        stdout=stdout,
        **{role: people[pegawai_ids[nip]] for role, nip in demo.roles.items()},
    )


def _by_depth(items, parent_of) -> list[list]:
    """Rows grouped so that every row's parent is in an earlier group."""
    depth: dict = {}
    for item in items:  # the plan lists parents before children
        parent = parent_of(item)
        depth[item] = 0 if parent is None else depth[parent] + 1
    groups: list[list] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for item in items:
        groups[depth[item]].append(item)
    return groups


def _save_units(units: list[UnitPlan]) -> dict[str, int]:
    by_kode = {u.kode: u for u in units}
    ids: dict[str, int] = {}
    for group in _by_depth(units, lambda u: by_kode[u.induk] if u.induk else None):
        rows = [
            UnitKerja(
                kode=u.kode, nama=u.nama, jenis=u.jenis, induk_id=ids.get(u.induk), aktif=True
            )
            for u in group
        ]
        UnitKerja.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["kode"],
            update_fields=["nama", "jenis", "induk", "aktif"],
        )
        ids.update((row.kode, row.pk) for row in rows)
    return ids


def _save_jabatan(jabatan: list[JabatanPlan], unit_ids) -> dict[tuple[str, str], int]:
    by_key = {j.key: j for j in jabatan}
    ids: dict[tuple[str, str], int] = {}
    for group in _by_depth(jabatan, lambda j: by_key[j.atasan] if j.atasan else None):
        rows = [
            Jabatan(
                nama=j.nama,
                jenis=j.jenis,
                eselon=j.eselon,
                kelas=j.kelas,
                unit_id=unit_ids[j.unit],
                atasan_id=ids.get(j.atasan),
            )
            for j in group
        ]
        Jabatan.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["unit", "nama"],
            update_fields=["jenis", "eselon", "kelas", "atasan"],
        )
        ids.update(((j.unit, j.nama), row.pk) for j, row in zip(group, rows, strict=True))
    return ids


def _save_users(demo: Plan) -> dict[str, int]:
    """One login per person, username = NIP, all with the demo password hashed once."""
    password = make_password(PASSWORD)
    admin = demo.roles["admin"]
    rows = [
        User(
            username=o.nip,
            password=password,
            is_active=True,
            is_staff=o.nip == admin,
            is_superuser=o.nip == admin,
        )
        for o in demo.orang
    ]
    User.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["username"],
        update_fields=["password", "is_active", "is_staff", "is_superuser"],
    )
    ids = {row.username: row.pk for row in rows}
    groups = dict(Group.objects.filter(name__in=ROLE_GROUPS.values()).values_list("name", "pk"))
    wanted = [(ids[demo.roles[role]], groups[name]) for role, name in ROLE_GROUPS.items()]
    Membership = User.groups.through
    keep = Q()
    for user_id, group_id in wanted:
        keep |= Q(user_id=user_id, group_id=group_id)
    Membership.objects.filter(user_id__in=ids.values(), group_id__in=groups.values()).exclude(
        keep
    ).delete()
    Membership.objects.bulk_create(
        [Membership(user_id=u, group_id=g) for u, g in wanted], ignore_conflicts=True
    )
    return ids


def _save_pegawai(orang: list[OrangPlan], unit_ids, jabatan_ids, user_ids) -> dict[str, int]:
    rows = [
        Pegawai(
            user_id=user_ids[o.nip],
            nip=o.nip,
            nama=o.nama,
            gelar_depan=o.gelar_depan,
            gelar_belakang=o.gelar_belakang,
            jenis_asn=o.jenis_asn,
            golongan=o.golongan,
            jabatan_id=jabatan_ids[o.jabatan],
            unit_id=unit_ids[o.jabatan[0]],
            aktif_mulai=o.aktif_mulai,
            aktif_selesai=None,
            pin_absen=o.pin_absen,
            npwp=o.npwp,
            bank=BANK,
            nomor_rekening=o.nomor_rekening,
        )
        for o in orang
    ]
    fields = [f.name for f in Pegawai._meta.concrete_fields if f.name not in ("id", "nip")]
    Pegawai.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["nip"], update_fields=fields
    )
    return {row.nip: row.pk for row in rows}


def _save_penugasan(demo: Plan, pegawai_ids, jabatan_ids) -> None:
    """Make the demo people's assignment history exactly the plan, keeping rows that match."""
    wanted = {
        (pegawai_ids[o.nip], jabatan_ids[o.jabatan], Penugasan.Jenis.DEFINITIF, o.mulai): o.dasar
        for o in demo.orang
    }
    wanted.update(
        {
            (pegawai_ids[a.nip], jabatan_ids[a.jabatan], a.jenis, a.mulai): a.dasar
            for a in demo.acting
        }
    )
    existing = Penugasan.objects.filter(pegawai_id__in=pegawai_ids.values())
    found = {}
    for row in existing.only("pegawai_id", "jabatan_id", "jenis", "mulai", "selesai", "dasar"):
        key = (row.pegawai_id, row.jabatan_id, row.jenis, row.mulai)
        if key in wanted and key not in found:
            found[key] = row
    existing.exclude(pk__in=[row.pk for row in found.values()]).delete()
    changed = []
    for key, row in found.items():
        if row.selesai is not None or row.dasar != wanted[key]:
            row.selesai, row.dasar = None, wanted[key]
            changed.append(row)
    Penugasan.objects.bulk_update(changed, ["selesai", "dasar"])
    Penugasan.objects.bulk_create(
        [
            Penugasan(pegawai_id=p, jabatan_id=j, jenis=jenis, mulai=mulai, dasar=dasar)
            for (p, j, jenis, mulai), dasar in wanted.items()
            if (p, j, jenis, mulai) not in found
        ]
    )


def format_logins(cast: DemoCast) -> str:
    """The table the command prints: role, name, NIP (the login) and password."""
    header = (str(_("Peran")), str(_("Nama")), str(_("NIP (login)")), str(_("Kata sandi")))
    rows = [(label, p.nama_lengkap, p.nip, cast.password) for label, p in cast.logins()]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells) -> str:
        return "  ".join(cell.ljust(w) for cell, w in zip(cells, widths, strict=True)).rstrip()

    table = [line(header), line("-" * w for w in widths), *(line(row) for row in rows)]
    intro = _("Buka %(url)s dan masuk dengan NIP sebagai nama pengguna:") % {"url": URL}
    outro = _(
        "Pegawai demo lainnya juga dapat masuk dengan NIP masing-masing dan kata sandi %(pw)s."
    ) % {"pw": cast.password}
    return "\n".join(["", str(intro), "", *table, "", str(outro), ""])


# --- The working calendar: this floor's own step --------------------------------------------


def kalender_tahun(today: date) -> list[int]:
    """The years the demo's calendar covers: this one, and last year too in January (for the
    previous month)."""
    last_month = today.replace(day=1) - timedelta(days=1)
    return sorted({last_month.year, today.year})


@step
def build_kalender(cast: DemoCast) -> None:
    """Holidays, Ramadan, teachers and a puskesmas roster for the year of the run."""
    jenis = {u.kode: u.jenis for u in plan().units}
    units = UnitKerja.objects.filter(kode__in=jenis).order_by("kode")
    sekolah = [u for u in units if u.jenis == U.SEKOLAH]
    puskesmas = [u for u in units if u.jenis == U.PUSKESMAS]
    years = kalender_tahun(timezone.localtime(cast.now).date())
    for tahun in years:  # the earlier year first: assignments start on its 1 January
        ramadan = build_kalender_demo(
            tahun=tahun, sekolah=sekolah, puskesmas=puskesmas, by=cast.admin.user
        ).ramadan
    jadwal = JadwalPegawai.objects.filter(pegawai__unit__in=[*sekolah, *puskesmas])
    guru = jadwal.filter(profil__kode="guru").values("pegawai").distinct().count()
    nakes = jadwal.filter(profil__kode="shift-nakes").values("pegawai").distinct().count()
    libur = HariLibur.objects.filter(tanggal__year__in=years).count()
    shifts = Roster.objects.filter(tanggal__year__in=years, pegawai__unit__in=puskesmas).count()
    puasa = f"Ramadan {ramadan.mulai:%d-%m} s.d. {ramadan.selesai:%d-%m}, " if ramadan else ""
    cast.stdout.write(
        f"Kalender kerja {'–'.join(map(str, years))}: {libur} hari libur, {puasa}{guru} guru "
        f"dan {nakes} tenaga kesehatan terjadwal, {shifts} shift di roster puskesmas.\n"
    )


# --- Attendance: this floor's second step ----------------------------------------------------


@step
def build_kehadiran(cast: DemoCast) -> None:
    """Machine scans of last month and this month so far, a leave range and a day of duty."""
    people = Pegawai.objects.filter(nip__in=[o.nip for o in plan().orang]).order_by("nip")
    build_kehadiran_demo(
        staf=cast.staf, pegawai=list(people), by=cast.admin.user, now=cast.now, stdout=cast.stdout
    )
