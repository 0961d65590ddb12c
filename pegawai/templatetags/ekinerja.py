"""Indonesian formatting for pages and documents: dates and rupiah, independent of locale."""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils import timezone

register = template.Library()

HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def _as_date(value) -> date | None:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value if isinstance(value, date) else None


@register.filter
def tanggal(value, fmt: str = "panjang") -> str:
    """ "Kamis, 12 Maret 2015"; with "pendek": "12 Maret 2015"; with "bulan": "Maret 2015"."""
    day = _as_date(value)
    if day is None:
        return ""
    if fmt == "bulan":
        return f"{BULAN[day.month - 1]} {day.year}"
    text = f"{day.day} {BULAN[day.month - 1]} {day.year}"
    return text if fmt == "pendek" else f"{HARI[day.weekday()]}, {text}"


@register.filter
def rupiah(value) -> str:
    """ "Rp 1.234.567": whole rupiah, half up, dots between thousands, minus before Rp."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return ""
    digits = f"{abs(amount):,.0f}".replace(",", ".")
    return f"-Rp {digits}" if amount < 0 else f"Rp {digits}"
