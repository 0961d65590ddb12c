"""The TPK's data: the rules (aturan) and the results of the close (hasil). Import models from
here: `from tpk.models import AturanTPK`."""

from .aturan import (
    KODE_KREDIT,
    AturanTPK,
    KodePotongan,
    PotonganKehadiran,
    PredikatTPK,
    TarifKelas,
    TarifPajak,
    snapshot_for_date,
    validate_potongan,
    validate_predikat,
    validate_tarif_kelas,
    validate_tarif_pajak,
)
from .ekspor import EksporTPK
from .hasil import HasilTPK, PembukaanPeriode, PenutupanPeriode, opd_per_unit
from .pengaturan import PengaturanTPK

__all__ = [
    "KODE_KREDIT",
    "AturanTPK",
    "EksporTPK",
    "HasilTPK",
    "KodePotongan",
    "PembukaanPeriode",
    "PengaturanTPK",
    "PenutupanPeriode",
    "PotonganKehadiran",
    "PredikatTPK",
    "TarifKelas",
    "TarifPajak",
    "opd_per_unit",
    "snapshot_for_date",
    "validate_potongan",
    "validate_predikat",
    "validate_tarif_kelas",
    "validate_tarif_pajak",
]
