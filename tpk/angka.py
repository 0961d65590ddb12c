"""Rounding and Indonesian number formatting for the TPK, without Django.

Every rounding in the TPK is half-up (domain.md, "Default TPK rules"): 96,005 becomes 96,01 and
Rp 0,5 becomes Rp 1. Python's `round()` and Decimal's default context round half-even, so
nothing here relies on them. Values arrive as `Decimal` or `Fraction` (exact quotients such as
A / T); a Fraction is rounded exactly, in integers, never through a float.
"""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

SERATUS = Decimal(100)

_SATU = Decimal(1)
_KUANTUM = tuple(_SATU.scaleb(-n) for n in range(10))  # 1, 0.1, 0.01, …


def bulat_rasio(pembilang: int, penyebut: int, desimal: int) -> Decimal:
    """Round the quotient pembilang / penyebut (penyebut > 0) half-up to `desimal` places."""
    q, r = divmod(abs(pembilang) * 10**desimal, penyebut)
    if 2 * r >= penyebut:
        q += 1
    hasil = Decimal(-q if pembilang < 0 else q).scaleb(-desimal)
    return hasil.quantize(_kuantum(desimal), rounding=ROUND_HALF_UP)


def bulatkan(nilai: Decimal | Fraction | int, desimal: int) -> Decimal:
    """Round half-up (away from zero on a tie) to `desimal` places."""
    # type() first: isinstance against Fraction (an ABC) is slow, and this is the hot path.
    if type(nilai) is not Decimal and isinstance(nilai, Fraction):
        return bulat_rasio(nilai.numerator, nilai.denominator, desimal)
    return Decimal(nilai).quantize(_kuantum(desimal), rounding=ROUND_HALF_UP)


def bulat_rupiah(nilai: Decimal | Fraction | int) -> Decimal:
    """Round half-up to whole rupiah."""
    return bulatkan(nilai, 0)


def pecahan(nilai: Decimal | Fraction | int) -> Fraction:
    """The exact fraction of a Decimal (Fraction(Decimal) is exact; a float never enters)."""
    if type(nilai) is Decimal:
        return Fraction(*nilai.as_integer_ratio())  # what Fraction(nilai) does, minus its checks
    return nilai if isinstance(nilai, Fraction) else Fraction(nilai)


def format_angka(nilai: Decimal | Fraction | int, desimal: int | None = None) -> str:
    """Indonesian notation: 3.854.725 and 0,975.

    With `desimal` the value is rounded to that many places and all of them are shown (96,00);
    without, a Decimal shows its significant places (0,5 not 0,50) and a Fraction that has no
    short decimal form shows four places after "≈ ".
    """
    prefix = ""
    if desimal is not None:
        d = bulatkan(nilai, desimal)
    elif type(nilai) is not Decimal and isinstance(nilai, Fraction):
        d = _exact_decimal(nilai)
        if d is None:
            prefix, d = "≈ ", bulatkan(nilai, 4)
        else:
            d = _trim(d)
    else:
        d = _trim(Decimal(nilai))
    return prefix + _tulis(d)


def format_rupiah(nilai: Decimal | int) -> str:
    """Rp 3.700.536; a base with sen keeps two places (Rp 2.628.221,59)."""
    d = Decimal(nilai)
    kuantum = _SATU if d == d.to_integral_value() else _KUANTUM[2]
    return "Rp " + _tulis(d.quantize(kuantum, rounding=ROUND_HALF_UP))


def format_persen(nilai: Decimal | Fraction | int, desimal: int | None = None) -> str:
    """A percentage: 0,5% and 96,00%."""
    return f"{format_angka(nilai, desimal)}%"


def _tulis(d: Decimal) -> str:
    """3.854.725,5: Decimal writes "3,854,725.5", Indonesian swaps the marks; no "-0"."""
    if not d:
        d = d.copy_abs()
    return f"{d:,f}".replace(",", "_").replace(".", ",").replace("_", ".")


def _kuantum(desimal: int) -> Decimal:
    return _KUANTUM[desimal] if 0 <= desimal < len(_KUANTUM) else _SATU.scaleb(-desimal)


def _trim(d: Decimal) -> Decimal:
    """Drop trailing zeros after the decimal point without switching to exponent notation."""
    if d == d.to_integral_value():
        return d.quantize(_SATU)
    return d.normalize()


def _exact_decimal(f: Fraction) -> Decimal | None:
    """The Fraction as a short decimal (up to six places), or None when it has no such form."""
    n, d = f.numerator, f.denominator
    for places in range(7):
        scaled, sisa = divmod(n * 10**places, d)
        if not sisa:
            return Decimal(scaled).scaleb(-places)
    return None
