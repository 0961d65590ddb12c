"""An amount of rupiah in words, as printed under a payment list ("terbilang").

num2words speaks Indonesian (lang="id") up to the trillions and beyond; this module only fixes
what a payment list needs: whole rupiah, never negative, and the word "rupiah" at the end.
"""

from decimal import Decimal

from num2words import num2words


def terbilang(jumlah: Decimal | int) -> str:
    """ "tiga juta lima ratus lima belas ribu lima ratus sembilan rupiah" for 3.515.509."""
    nilai = Decimal(jumlah)
    if nilai != nilai.to_integral_value():
        raise ValueError(f"terbilang hanya untuk rupiah utuh, bukan {jumlah}")
    if nilai < 0:
        raise ValueError(f"terbilang tidak untuk jumlah negatif: {jumlah}")
    return f"{num2words(int(nilai), lang='id')} rupiah"
