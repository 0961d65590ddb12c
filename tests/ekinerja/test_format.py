from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

from pegawai.templatetags.ekinerja import rupiah, tanggal


def test_tanggal_writes_indonesian_weekday_and_month():
    assert tanggal(date(2015, 3, 12)) == "Kamis, 12 Maret 2015"
    assert tanggal(date(2026, 11, 29)) == "Minggu, 29 November 2026"
    assert tanggal(date(2015, 3, 12), "pendek") == "12 Maret 2015"
    assert tanggal(date(2015, 3, 12), "bulan") == "Maret 2015"


def test_tanggal_uses_jakarta_time_for_aware_datetimes():
    # 20:00 UTC on the 11th is already the 12th in Jakarta (UTC+7).
    assert tanggal(datetime(2015, 3, 11, 20, 0, tzinfo=ZoneInfo("UTC"))) == "Kamis, 12 Maret 2015"


def test_tanggal_of_nothing_is_empty():
    assert tanggal(None) == "" and tanggal("") == ""


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1234567, "Rp 1.234.567"),
        (Decimal("3700536"), "Rp 3.700.536"),
        (Decimal("185026.5"), "Rp 185.027"),
        (Decimal("0.49"), "Rp 0"),
        (0, "Rp 0"),
        (999, "Rp 999"),
        (Decimal("-1500"), "-Rp 1.500"),
        (1000000000000, "Rp 1.000.000.000.000"),
        (None, ""),
        ("bukan angka", ""),
    ],
)
def test_rupiah(value, text):
    assert rupiah(value) == text


def test_filters_are_available_in_every_template_without_load():
    out = Template("{{ d|tanggal }} · {{ n|rupiah }}").render(
        Context({"d": date(2015, 3, 12), "n": 3515509})
    )
    assert out == "Kamis, 12 Maret 2015 · Rp 3.515.509"


def test_tanggal_follows_the_active_language():
    from django.utils import translation

    with translation.override("en"):
        assert tanggal(date(2015, 3, 12)) == "Thursday, 12 March 2015"
        assert tanggal(date(2015, 3, 12), "bulan") == "March 2015"
    with translation.override("id"):
        assert tanggal(date(2015, 3, 12)) == "Kamis, 12 Maret 2015"
