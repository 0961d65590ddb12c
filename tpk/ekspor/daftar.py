"""One OPD's TPK list for one month and revision, as every format prints it: the rows (from the
close's `HasilTPK` snapshot, never from today's org data), their totals, the total in words and
who signs. The PDF, the XLSX and the bank CSV are all made from a `DaftarTPK`, so they cannot
disagree.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.db.models import Max
from django.utils.translation import gettext as _

from pegawai.models import Pemda, Periode, UnitKerja
from pegawai.templatetags.ekinerja import tanggal as format_tanggal

from ..angka import format_angka
from ..exceptions import TPKError
from ..models import HasilTPK, PembukaanPeriode, PenutupanPeriode
from ..terbilang import terbilang

NOL = Decimal(0)
UANG = ("dasar", "bruto", "pph21", "bpjs", "netto")
# The list never needs the long JSON of each row (the slip does).
_TANPA = ("trace", "potongan_harian", "flags")


@dataclass(frozen=True)
class Penandatangan:
    """Who signs the list, where and when; defaults in tpk.ekspor.services."""

    kepala_jabatan: str = ""
    kepala_nama: str = ""
    kepala_nip: str = ""
    bendahara_nama: str = ""
    bendahara_nip: str = ""
    tempat: str = ""
    tanggal: date | None = None


def revisi_terakhir(periode: Periode) -> int | None:
    """The latest finished revision of a month, or None before its first close."""
    return (
        PenutupanPeriode.objects.selesai()
        .filter(periode=periode)
        .aggregate(revisi=Max("revisi"))["revisi"]
    )


def revisi_for(periode: Periode, revisi: int | None) -> int:
    """The revision asked for (it must be finished), or the latest; TPKError otherwise."""
    if revisi is None:
        revisi = revisi_terakhir(periode)
        if revisi is None:
            raise TPKError(
                _("Periode %(bulan)s belum pernah ditutup: belum ada TPK untuk diekspor.")
                % {"bulan": format_tanggal(date(periode.tahun, periode.bulan, 1), "bulan")}
            )
        return revisi
    if not PenutupanPeriode.objects.selesai().filter(periode=periode, revisi=revisi).exists():
        raise TPKError(
            _("Revisi %(revisi)d periode ini belum selesai ditutup.") % {"revisi": revisi}
        )
    return revisi


def angka(nilai: Decimal | None, desimal: int = 0) -> str:
    """3.515.509 / 96,00; a dash where the close has no figure (a month without target)."""
    return "–" if nilai is None else format_angka(nilai, desimal)


def angka_dasar(nilai: Decimal) -> str:
    """The base keeps its sen only when it has any (a prorated base): 2.628.221,59."""
    return format_angka(nilai, 0 if nilai == nilai.to_integral_value() else 2)


@dataclass
class DaftarTPK:
    pemda: Pemda
    opd: UnitKerja
    periode: Periode
    revisi: int
    rows: list[HasilTPK]
    penandatangan: Penandatangan = field(default_factory=Penandatangan)
    kertas: str = "A4"
    diganti: bool = False

    @property
    def bulan(self) -> date:
        return date(self.periode.tahun, self.periode.bulan, 1)

    @property
    def nama_bulan(self) -> str:
        return format_tanggal(self.bulan, "bulan")

    @property
    def opd_nama(self) -> str:
        """The OPD's name as the close recorded it (a rename since does not change the list)."""
        return self.rows[0].opd_nama if self.rows else self.opd.nama

    @cached_property
    def total(self) -> dict[str, Decimal]:
        """Sums of the money columns, exact (Decimal)."""
        return {k: sum((getattr(r, k) for r in self.rows), NOL) for k in UANG}

    @cached_property
    def ada_bpjs(self) -> bool:
        """Whether any row has a BPJS deduction: only then the column is printed."""
        return any(r.bpjs for r in self.rows)

    @property
    def terbilang_netto(self) -> str:
        return terbilang(self.total["netto"])

    def nama_berkas(self, ext: str) -> str:
        kertas = f"-{self.kertas}" if ext == "pdf" else ""
        return (
            f"TPK-{self.periode.tahun:04d}-{self.periode.bulan:02d}-{self.opd.kode}"
            f"-rev{self.revisi}{kertas}.{ext}"
        )


def load_daftar(
    periode: Periode,
    opd: UnitKerja,
    *,
    revisi: int | None = None,
    penandatangan: Penandatangan | None = None,
    kertas: str = "A4",
) -> DaftarTPK:
    """The list of an OPD for a finished revision (the latest by default): four queries."""
    revisi = revisi_for(periode, revisi)
    rows = list(HasilTPK.objects.for_opd(periode, revisi, opd).defer(*_TANPA))
    diganti = PembukaanPeriode.objects.filter(periode=periode, revisi__gte=revisi).exists()
    return DaftarTPK(
        pemda=Pemda.current(),
        opd=opd,
        periode=periode,
        revisi=revisi,
        rows=rows,
        penandatangan=penandatangan or Penandatangan(),
        kertas=kertas,
        diganti=diganti,
    )
