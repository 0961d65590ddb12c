"""The ground floor's data: the organisation and its people (organisasi), their working time
(jadwal) and their attendance (kehadiran). Import models from here:
`from pegawai.models import Pegawai`."""

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
from .kehadiran import Izin, Kehadiran, KodeKehadiran, LogAbsen, RiwayatKehadiran
from .organisasi import Golongan, Jabatan, LogAksi, Pegawai, Pemda, Penugasan, UnitKerja, User
from .periode import Periode

__all__ = [
    "AdminUnit",
    "Golongan",
    "HariJadwal",
    "HariLibur",
    "Izin",
    "Jabatan",
    "JadwalPegawai",
    "JenisShift",
    "Kalender",
    "Kehadiran",
    "KodeKehadiran",
    "LogAbsen",
    "LogAksi",
    "Pegawai",
    "Pemda",
    "Penugasan",
    "Periode",
    "ProfilJadwal",
    "Ramadan",
    "RiwayatKehadiran",
    "Roster",
    "UnitKerja",
    "User",
]
