"""The total in words printed under the finance list."""

from decimal import Decimal as D

import pytest

from tpk.terbilang import terbilang


@pytest.mark.parametrize(
    ("jumlah", "kata"),
    [
        (0, "nol rupiah"),
        (1, "satu rupiah"),
        (11, "sebelas rupiah"),
        (100, "seratus rupiah"),
        (1_000, "seribu rupiah"),
        (1_000_000, "satu juta rupiah"),
        (3_515_509, "tiga juta lima ratus lima belas ribu lima ratus sembilan rupiah"),
        (
            1_234_567_890_123,
            "satu triliun dua ratus tiga puluh empat miliar lima ratus enam puluh tujuh juta "
            "delapan ratus sembilan puluh ribu seratus dua puluh tiga rupiah",
        ),
    ],
)
def test_amounts_are_spelled_in_indonesian_with_the_word_rupiah(jumlah, kata):
    assert terbilang(jumlah) == kata


def test_a_decimal_of_whole_rupiah_is_spelled_like_the_integer():
    assert terbilang(D("3515509")) == terbilang(3_515_509)
    assert terbilang(D("2500.00")) == "dua ribu lima ratus rupiah"


@pytest.mark.parametrize("jumlah", [D("0.50"), D("-1")])
def test_sen_and_negative_amounts_are_refused(jumlah):
    with pytest.raises(ValueError):
        terbilang(jumlah)
