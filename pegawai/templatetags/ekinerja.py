"""Dates and rupiah for pages and documents, independent of the server's locale.

Dates follow the active language (Indonesian by default; documents are rendered in Indonesian);
rupiah are always written the Indonesian way, as they are printed on payment lists."""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils import timezone
from django.utils.translation import get_language

register = template.Library()

HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
BULAN = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


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
    english = (get_language() or "id").startswith("en")
    bulan, hari = (MONTHS, DAYS) if english else (BULAN, HARI)
    if fmt == "bulan":
        return f"{bulan[day.month - 1]} {day.year}"
    text = f"{day.day} {bulan[day.month - 1]} {day.year}"
    return text if fmt == "pendek" else f"{hari[day.weekday()]}, {text}"


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
