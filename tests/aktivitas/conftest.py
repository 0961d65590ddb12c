"""The catalog, a fixed clock and a private media folder for the daily log's tests.

The clock: Wednesday 13 May 2026, 16:30 in Jakarta. With the default office week and no
holidays, the three working days back are Tuesday 12, Monday 11 and Friday 8 May.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from aktivitas import services, views
from aktivitas.models import Aktivitas
from pegawai.services_kalender import install_jadwal_bawaan

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 5, 13, 16, 30, tzinfo=WIB)
HARI_INI = date(2026, 5, 13)
SELASA, SENIN, JUMAT = date(2026, 5, 12), date(2026, 5, 11), date(2026, 5, 8)
SABTU = date(2026, 5, 9)
# 1x1 PNG, the smallest evidence there is.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def clock(monkeypatch):
    """Every screen sees NOW."""
    monkeypatch.setattr(views, "_now", lambda: NOW)
    return NOW


class Katalog:
    def __init__(self, cast):
        install_jadwal_bawaan()
        self.arsip = Aktivitas.objects.create(
            kode="P-001",
            nama="Mengarsipkan surat",
            satuan="surat",
            menit_standar=10,
            untuk_pelaksana=True,
        )
        self.rapat = Aktivitas.objects.create(
            kode="U-001",
            nama="Mengikuti rapat koordinasi",
            satuan="kegiatan",
            menit_standar=60,
            untuk_struktural=True,
            untuk_fungsional=True,
            untuk_pelaksana=True,
            kelompok=Aktivitas.Kelompok.TAMBAHAN,
        )
        self.konsep = Aktivitas.objects.create(
            kode="S-001",
            nama="Mengonsep kebijakan",
            satuan="dokumen",
            menit_standar=120,
            untuk_struktural=True,
        )
        self.olah_data = Aktivitas.objects.create(
            kode="J-001",
            nama="Mengolah data kepegawaian",
            satuan="laporan",
            menit_standar=45,
        )
        self.olah_data.jabatan.add(cast.jab_staf)
        self.lama = Aktivitas.objects.create(
            kode="P-000",
            nama="Mengetik dengan mesin tik",
            satuan="halaman",
            menit_standar=15,
            untuk_pelaksana=True,
            aktif_selesai=date(2026, 4, 30),
        )


@pytest.fixture
def katalog(cast) -> Katalog:
    return Katalog(cast)


def buat(pegawai, aktivitas, tanggal=HARI_INI, mulai=(8, 0), selesai=(9, 0), **kwargs):
    """An entry through the service, at NOW, by its owner."""
    values = {"volume": 1, "uraian": "Pekerjaan rutin", "ajukan": False, **kwargs}
    return services.create_entry(
        pegawai,
        tanggal=tanggal,
        mulai=time(*mulai),
        selesai=time(*selesai),
        aktivitas=aktivitas,
        by=pegawai.user,
        now=values.pop("now", NOW),
        **values,
    )
