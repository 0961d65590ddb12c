"""July 2026 for the close's tests: the default office week with one regional holiday (Friday
17 July), so 22 working days of 300 minutes; entries approved by the supervisor through
penilaian's service, attendance through the daily summary import. The close runs on 6 August."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from aktivitas.models import Aktivitas, Entri
from pegawai.kehadiran_impor import import_kehadiran_harian
from pegawai.models import HariLibur, Jabatan, Pegawai
from pegawai.services_kalender import install_jadwal_bawaan
from penilaian.services.persetujuan import approve_entries
from tests import factories as f

WIB = ZoneInfo("Asia/Jakarta")
TAHUN, BULAN = 2026, 7
LIBUR = date(2026, 7, 17)
NOW = datetime(2026, 8, 6, 2, 0, tzinfo=WIB)  # the close's morning (the 6th)
DIPUTUSKAN = datetime(2026, 8, 3, 9, 0, tzinfo=WIB)  # before the validation deadline (5 Aug)
DIIMPOR = datetime(2026, 8, 1, 7, 0, tzinfo=WIB)


@pytest.fixture(autouse=True)
def tanpa_ekspor():
    """The close's tests are about the close: the finance exports that listen to its signals
    (tpk/ekspor, tested there) are disconnected, so that a commit does not render PDFs."""
    from tpk.ekspor import receivers
    from tpk.signals import periode_dibuka, periode_ditutup

    pairs = [
        (periode_ditutup, receivers.on_periode_ditutup, "tpk.ekspor.periode_ditutup"),
        (periode_dibuka, receivers.on_periode_dibuka, "tpk.ekspor.periode_dibuka"),
    ]
    for signal, _receiver, uid in pairs:
        signal.disconnect(dispatch_uid=uid)
    yield
    for signal, receiver, uid in pairs:
        signal.connect(receiver, dispatch_uid=uid)


def juli(db=None) -> None:
    install_jadwal_bawaan()
    HariLibur.objects.get_or_create(
        tanggal=LIBUR, kalender=None, defaults={"nama": "Libur daerah", "jenis": "daerah"}
    )


def hari_kerja() -> list[date]:
    """The 22 working days of July 2026 under the default office week."""
    days = [date(2026, 7, d) for d in range(1, 32)]
    return [d for d in days if d.weekday() < 5 and d != LIBUR]


def analis(cast, nama="Analis Kepegawaian", **extra) -> Pegawai:
    """A PNS III/b in kelas 7 under the (vacant) kasi, so the kabid (cast.atasan) decides."""
    jab = Jabatan.objects.filter(nama="Analis Kepegawaian Ahli", unit=cast.seksi).first()
    if jab is None:
        jab = f.jabatan("Analis Kepegawaian Ahli", cast.seksi, atasan=cast.jab_kasi, kelas=7)
    extra.setdefault("golongan", "III/b")
    return f.pegawai(nama, jab, **extra)


def aktivitas() -> Aktivitas:
    return Aktivitas.objects.get_or_create(
        kode="TPK-001",
        defaults={
            "nama": "Menyusun bahan",
            "satuan": "dokumen",
            "menit_standar": 15,
            "untuk_struktural": True,
            "untuk_fungsional": True,
            "untuk_pelaksana": True,
        },
    )[0]


def entri(p: Pegawai, tanggal: date, menit: int, *, status="diajukan") -> Entri:
    """A submitted entry of `menit` minutes from 08:00 (as the logging screen would make it)."""
    end = datetime.combine(tanggal, time(8)) + timedelta(minutes=menit)
    return Entri.objects.create(
        pegawai=p,
        tanggal=tanggal,
        mulai=time(8),
        selesai=end.time(),
        aktivitas=aktivitas(),
        volume=1,
        uraian="Menyusun bahan rapat",
        menit_standar=menit,
        menit=menit,
        status=status,
        dibuat_pada=DIIMPOR,
        diubah_pada=DIIMPOR,
    )


def setujui(p: Pegawai, menit_per_hari: dict[date, int], *, atasan: Pegawai) -> list[Entri]:
    """Entries of these days, approved by the supervisor through penilaian's service."""
    entries = [entri(p, tanggal, menit) for tanggal, menit in menit_per_hari.items()]
    approve_entries([e.pk for e in entries], by=atasan.user, now=DIPUTUSKAN)
    return entries


def impor_kehadiran(rows: list[tuple[Pegawai, date, str]], *, admin: Pegawai):
    """The daily summary CSV (NIP;TANGGAL;KODE) through its import."""
    lines = ["NIP;TANGGAL;KODE"] + [f"{p.nip};{d:%d-%m-%Y};{kode}" for p, d, kode in rows]
    return import_kehadiran_harian(
        "\n".join(lines).encode(), filename="rekap.csv", by=admin.user, now=DIIMPOR
    )
