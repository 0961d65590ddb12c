"""Links filled into routes reversed once are the links reverse() makes."""

import pytest
from django.urls import reverse

from ekinerja.rute import rute


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("aktivitas:entri_detail", [7]),
        ("aktivitas:entri_detail", [2147483646]),
        ("penilaian:entri_tolak", [12]),
        ("tpk:slip", ["199001092015031007", 2026, 7]),
        ("tpk:slip", ["a b&c", 2026, 12]),
        ("pegawai:detail", ["198501012010011001"]),
    ],
)
def test_the_same_link_as_reverse(name, args):
    assert rute(name, *args) == reverse(name, args=args)


def test_another_month_is_another_route():
    assert rute("tpk:slip", "1", 2026, 7) != rute("tpk:slip", "1", 2026, 8)
