"""Small builders for test data; every test's cast is made of these."""

import itertools
from datetime import date, timedelta
from types import SimpleNamespace

from django.contrib.auth.models import Group
from django.utils import timezone

from pegawai.models import (
    AdminUnit,
    Jabatan,
    JadwalPegawai,
    JenisShift,
    Kehadiran,
    Pegawai,
    Penugasan,
    ProfilJadwal,
    UnitKerja,
    User,
)
from pegawai.services_kalender import install_jadwal_bawaan

_seq = itertools.count(1)
PASSWORD = "rahasia-uji-123"


def nip(*, lahir=None, tmt="201503", sex="1", seq=None) -> str:
    """A valid, unique NIP: sequence 001–999, then the next birth day."""
    n = seq or next(_seq)
    lahir = lahir or (date(1990, 1, 1) + timedelta(days=n // 999)).strftime("%Y%m%d")
    return f"{lahir}{tmt}{sex}{n % 999 + 1:03d}"


def unit(nama, kode, *, jenis=UnitKerja.Jenis.OPD, induk=None) -> UnitKerja:
    return UnitKerja.objects.create(nama=nama, kode=kode, jenis=jenis, induk=induk)


def jabatan(
    nama, unit, *, atasan=None, jenis=Jabatan.Jenis.PELAKSANA, eselon="", kelas=7
) -> Jabatan:
    if jenis == Jabatan.Jenis.STRUKTURAL and not eselon:
        eselon = Jabatan.Eselon.IV_A
    return Jabatan.objects.create(
        nama=nama, unit=unit, atasan=atasan, jenis=jenis, eselon=eselon, kelas=kelas
    )


def pegawai(
    nama,
    jab: Jabatan | None,
    *,
    unit_kerja: UnitKerja | None = None,
    jenis_asn="PNS",
    golongan="III/a",
    mulai=date(2020, 1, 1),
    groups=(),
    login=True,
    **extra,
) -> Pegawai:
    number = extra.pop("nip", None) or nip()
    user = None
    if login:
        user = User.objects.create_user(username=number, password=PASSWORD)
        for name in groups:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
    p = Pegawai.objects.create(
        user=user,
        nip=number,
        nama=nama,
        jenis_asn=jenis_asn,
        golongan=golongan,
        jabatan=jab,
        unit=unit_kerja or jab.unit,
        aktif_mulai=mulai,
        **extra,
    )
    if jab is not None:
        Penugasan.objects.create(pegawai=p, jabatan=jab, mulai=mulai)
    return p


def acting(p: Pegawai, jab: Jabatan, *, mulai=date(2020, 1, 1), selesai=None, jenis="plt"):
    return Penugasan.objects.create(
        pegawai=p, jabatan=jab, mulai=mulai, selesai=selesai, jenis=jenis
    )


def puskesmas(
    induk: UnitKerja,
    *,
    atasan: Jabatan,
    nakes=("Perawat 1", "Perawat 2"),
    jabatan_nakes="Perawat Terampil",
    mulai=date(2026, 1, 1),
) -> SimpleNamespace:
    """A puskesmas under `induk`: its head keeps the roster of the health workers on shifts."""
    install_jadwal_bawaan()
    pkm = unit("Puskesmas Contoh", "1.01.09", jenis=UnitKerja.Jenis.PUSKESMAS, induk=induk)
    jab_kapus = jabatan("Kepala Puskesmas", pkm, atasan=atasan, jenis=Jabatan.Jenis.STRUKTURAL)
    jab = jabatan(jabatan_nakes, pkm, atasan=jab_kapus, jenis=Jabatan.Jenis.FUNGSIONAL)
    kapus = pegawai("Kepala Puskesmas", jab_kapus)
    AdminUnit.objects.create(user=kapus.user, unit=pkm)
    shift = ProfilJadwal.objects.get(kode="shift-nakes")
    staff = [pegawai(nama, jab) for nama in nakes]
    for p in staff:
        JadwalPegawai.objects.create(pegawai=p, profil=shift, mulai=mulai)
    return SimpleNamespace(
        unit=pkm,
        jab_kapus=jab_kapus,
        kapus=kapus,
        jab=jab,
        nakes=staff,
        shift=shift,
        **{s.kode: s for s in JenisShift.objects.all()},
    )


def kehadiran(p: Pegawai, tanggal: date, kode="H", *, tl=0, psw=0, sumber="mesin") -> Kehadiran:
    """An attendance record as an import would leave it (`tl`/`psw`: bands 0–4 on an H day).
    The real way in is pegawai.kehadiran_impor; this is for tests of the floors above."""
    return Kehadiran.objects.create(
        pegawai=p,
        tanggal=tanggal,
        kode=kode,
        tl=tl,
        psw=psw,
        sumber=sumber,
        diubah_pada=timezone.now(),
    )
