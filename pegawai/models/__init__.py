"""The ground floor's data: the organisation and its people (organisasi), and their working time
(jadwal). Import models from here: `from pegawai.models import Pegawai`."""

from .jadwal import (
    AdminUnit,
    HariJadwal,
    HariLibur,
    JadwalPegawai,
    JenisShift,
    Kalender,
    ProfilJadwal,
    Ramadan,
    Roster,
)
from .organisasi import Golongan, Jabatan, LogAksi, Pegawai, Pemda, Penugasan, UnitKerja, User
from .periode import Periode

__all__ = [
    "AdminUnit",
    "Golongan",
    "HariJadwal",
    "HariLibur",
    "Jabatan",
    "JadwalPegawai",
    "JenisShift",
    "Kalender",
    "LogAksi",
    "Pegawai",
    "Pemda",
    "Penugasan",
    "Periode",
    "ProfilJadwal",
    "Ramadan",
    "Roster",
    "UnitKerja",
    "User",
]
