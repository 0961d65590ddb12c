"""PPh 21 on the TPK: strategies chosen by name on the rule version (`AturanTPK.strategi_pajak`).

A strategy gets the gross amount, the staff member's golongan and jenis ASN and the rule
snapshot, and returns the rate, the tax (rounded half-up to whole rupiah, domain.md rule 11)
and what the trace line says of its basis. Strategies are pure, like `tpk.calculation`. The
basis is figures, worded when a slip is read (`tpk.trace`), not text: the close computes
20,000 of these, and wording each cost as much as the rest of the tax. A strategy added here
may give `("teks", "…")`, a sentence of its own.

- `tarif_golongan` (default): a rate per golongan group, rows of the rule version (I and II 0%,
  III 5%, IV 15%). PPPK golongan I–XVII are placed in the PNS group of the same entry level:
  I–IV as group I (entry I/a), V–VIII as II (entry II/a, SMA), IX–XII as III (entry III/a, S1),
  XIII–XVII as IV (IV/a and up); e.g. a PPPK ahli pertama (IX) pays like a PNS III/a.
- `tarif_tetap`: one rate for everyone, the rule version's `tarif_pajak_tetap` (for a pemda
  whose PPh 21 on the TPK is withheld at a single rate and settled elsewhere).

Rates by TER category (PP 58/2023) need the whole month's income (salary included), which the
app does not hold; a pemda that needs them adds a strategy here with that data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from .angka import bulat_rasio

if TYPE_CHECKING:
    from .calculation import Aturan

TARIF_GOLONGAN = "tarif_golongan"
TARIF_TETAP = "tarif_tetap"

KELOMPOK = ("I", "II", "III", "IV")

_ROMAWI = {
    "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9,
    "X": 10, "XI": 11, "XII": 12, "XIII": 13, "XIV": 14, "XV": 15, "XVI": 16, "XVII": 17,
}  # fmt: skip


@dataclass(frozen=True)
class Pajak:
    tarif: Decimal  # percent, e.g. 5.00
    jumlah: Decimal  # whole rupiah
    dasar: tuple  # the rate's basis: ("golongan", "III"), ("pppk", "III", "IX"), ("tetap",)

    def baris(self, bruto: Decimal) -> tuple:
        """The trace line (tpk.trace words it)."""
        return ("pph21", str(self.tarif), str(bruto), str(self.jumlah), self.dasar)


@dataclass(frozen=True)
class Strategi:
    kode: str
    nama: str
    hitung: Callable[..., Pajak]


def kelompok_golongan(golongan: str, jenis_asn: str) -> str:
    """The PNS golongan group (I–IV) of a golongan: "III/b" → "III"; PPPK "IX" → "III"."""
    if jenis_asn == "PPPK":
        nomor = _ROMAWI.get(golongan)
        if nomor is None:
            raise ValueError(f"golongan PPPK tidak dikenal: {golongan!r}")
        return KELOMPOK[min((nomor - 1) // 4, 3)]
    kelompok = golongan.partition("/")[0]
    if kelompok not in KELOMPOK or "/" not in golongan:
        raise ValueError(f"golongan PNS tidak dikenal: {golongan!r}")
    return kelompok


def _pajak(bruto: Decimal, tarif: Decimal, dasar: tuple) -> Pajak:
    bn, bd = bruto.as_integer_ratio()
    tn, td = tarif.as_integer_ratio()
    return Pajak(tarif=tarif, jumlah=bulat_rasio(bn * tn, bd * td * 100, 0), dasar=dasar)


def tarif_golongan(bruto: Decimal, *, golongan: str, jenis_asn: str, aturan: Aturan) -> Pajak:
    kelompok = kelompok_golongan(golongan, jenis_asn)
    tarif = aturan.pajak_golongan[kelompok]
    dasar = ("pppk", kelompok, golongan) if jenis_asn == "PPPK" else ("golongan", kelompok)
    return _pajak(bruto, tarif, dasar)


def tarif_tetap(bruto: Decimal, *, golongan: str, jenis_asn: str, aturan: Aturan) -> Pajak:
    return _pajak(bruto, aturan.tarif_pajak_tetap, ("tetap",))


STRATEGI: dict[str, Strategi] = {}


def register(strategi: Strategi) -> Strategi:
    STRATEGI[strategi.kode] = strategi
    return strategi


register(Strategi(TARIF_GOLONGAN, _("Tarif per golongan"), tarif_golongan))
register(Strategi(TARIF_TETAP, _("Tarif tetap untuk semua pegawai"), tarif_tetap))


def get(kode: str) -> Strategi:
    try:
        return STRATEGI[kode]
    except KeyError:
        raise ValueError(f"strategi pajak tidak dikenal: {kode!r}") from None


def choices() -> list[tuple[str, str]]:
    """For the rule version's field: the registered strategies."""
    return [(s.kode, s.nama) for s in STRATEGI.values()]


def hitung(bruto: Decimal, *, golongan: str, jenis_asn: str, aturan: Aturan) -> Pajak:
    """The tax on `bruto` by the strategy the rule version names."""
    if bruto < 0:
        raise ValueError("bruto harus ≥ 0")
    strategi = get(aturan.strategi_pajak)
    return strategi.hitung(bruto, golongan=golongan, jenis_asn=jenis_asn, aturan=aturan)
