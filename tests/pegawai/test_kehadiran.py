"""Attendance classification rules (pegawai/kehadiran.py): pure, no database."""

from datetime import date, datetime, time, timedelta

import pytest

from pegawai import kehadiran as k
from pegawai.kalender import SUMBER_PROFIL, SUMBER_ROSTER, HariKerja

SENIN = date(2026, 3, 2)


def kantor(tanggal=SENIN, mulai=time(8), selesai=time(16, 30)) -> HariKerja:
    return HariKerja(tanggal, mulai, selesai, 300, SUMBER_PROFIL, 1)


def shift(tanggal, mulai, selesai, kode) -> HariKerja:
    return HariKerja(tanggal, mulai, selesai, 300, SUMBER_ROSTER, 2, shift=kode)


def at(day: date, hh: int, mm: int = 0, ss: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm, ss))


EDGES = [(0, 0), (1, 1), (30, 1), (31, 2), (60, 2), (61, 3), (90, 3), (91, 4), (240, 4)]


@pytest.mark.parametrize(("menit", "expected"), [*EDGES, (-5, 0), (10_000, 4)])
def test_band_edges(menit, expected):
    assert k.band(menit) == expected


@pytest.mark.parametrize(("menit", "expected"), EDGES)
def test_late_check_in_bands_at_each_edge(menit, expected):
    hari = kantor()
    masuk = hari.mulai_pada + timedelta(minutes=menit)
    hasil = k.klasifikasi(hari, [masuk, at(SENIN, 16, 45)])
    assert (hasil.kode, hasil.tl, hasil.psw) == ("H", expected, 0)
    assert hasil.menit_terlambat == menit
    assert hasil.tampil == ("H" if expected == 0 else f"TL{expected}")


@pytest.mark.parametrize(("menit", "expected"), EDGES)
def test_early_check_out_bands_at_each_edge(menit, expected):
    hari = kantor()
    pulang = hari.selesai_pada - timedelta(minutes=menit)
    hasil = k.klasifikasi(hari, [at(SENIN, 7, 45), pulang])
    assert (hasil.kode, hasil.tl, hasil.psw) == ("H", 0, expected)
    assert hasil.menit_pulang_cepat == menit


def test_seconds_are_dropped_as_on_the_clock_face():
    hari = kantor()
    on_time = k.klasifikasi(hari, [at(SENIN, 8, 0, 59), at(SENIN, 16, 30, 0)])
    assert (on_time.tl, on_time.psw) == (0, 0)
    one_early = k.klasifikasi(hari, [at(SENIN, 8, 0), at(SENIN, 16, 29, 59)])
    assert (one_early.psw, one_early.menit_pulang_cepat) == (1, 1)
    one_late = k.klasifikasi(hari, [at(SENIN, 8, 1, 0), at(SENIN, 17)])
    assert (one_late.tl, one_late.menit_terlambat) == (1, 1)


def test_no_check_in_is_tl4_and_no_check_out_is_psw4():
    hari = kantor()
    only_out = k.klasifikasi(hari, [at(SENIN, 16, 40)])
    assert (only_out.kode, only_out.tl, only_out.psw, only_out.jam_masuk) == ("H", 4, 0, None)
    only_in = k.klasifikasi(hari, [at(SENIN, 7, 50), at(SENIN, 7, 52)])
    assert (only_in.tl, only_in.psw, only_in.jam_pulang) == (0, 4, None)
    assert only_in.tampil == "PSW4"


def test_a_first_scan_after_the_middle_of_the_day_is_no_check_in():
    # 08:00–16:30: the middle is 12:15; a 12:20 scan is a (first) check-out.
    hasil = k.klasifikasi(kantor(), [at(SENIN, 12, 20), at(SENIN, 16, 30)])
    assert (hasil.tl, hasil.psw, hasil.jam_masuk) == (4, 0, None)
    assert hasil.jam_pulang == at(SENIN, 16, 30)


def test_nothing_scanned_is_tk():
    assert k.klasifikasi(kantor(), []) == k.Hasil("TK")


def test_a_day_can_carry_one_tl_and_one_psw():
    hasil = k.klasifikasi(kantor(), [at(SENIN, 8, 40), at(SENIN, 15, 0)])
    assert (hasil.tl, hasil.psw) == (2, 3)
    assert hasil.tampil == "TL2 PSW3"


def test_first_scan_in_and_last_scan_out():
    scans = [
        at(SENIN, 7, 40),
        at(SENIN, 7, 58),
        at(SENIN, 12, 30),
        at(SENIN, 16, 35),
        at(SENIN, 16, 45),
    ]
    hasil = k.klasifikasi(kantor(), scans)
    assert (hasil.jam_masuk, hasil.jam_pulang) == (at(SENIN, 7, 40), at(SENIN, 16, 45))


def test_duplicate_scans_collapse():
    scans = [at(SENIN, 8, 5), at(SENIN, 8, 5, 37), at(SENIN, 8, 5), at(SENIN, 8, 6, 30)]
    assert k.rapikan(scans) == [at(SENIN, 8, 5), at(SENIN, 8, 6, 30)]


def test_night_shift_crosses_midnight_and_belongs_to_its_first_day():
    malam = shift(SENIN, time(20), time(8), "M")
    selasa = SENIN + timedelta(days=1)
    days = k.klasifikasi_hari({SENIN: malam}, [at(SENIN, 19, 50), at(selasa, 8, 10)])
    hasil = days[SENIN]
    assert (hasil.kode, hasil.tl, hasil.psw) == ("H", 0, 0)
    assert hasil.jam_pulang == at(selasa, 8, 10)
    late_home = k.klasifikasi_hari({SENIN: malam}, [at(SENIN, 20, 45), at(selasa, 7, 0)])
    assert late_home[SENIN].tampil == "TL2 PSW2"


def test_windows_reach_four_hours_before_and_six_after():
    hari = kantor()
    ((start, end),) = k.jendela([hari]).values()
    assert (start, end) == (at(SENIN, 4, 0), at(SENIN, 22, 30))
    assert (
        k.klasifikasi_hari({SENIN: hari}, [at(SENIN, 3, 59), at(SENIN, 22, 30)])[SENIN].kode == "TK"
    )
    inside = k.klasifikasi_hari({SENIN: hari}, [at(SENIN, 4, 0), at(SENIN, 22, 29)])[SENIN]
    assert (inside.tl, inside.psw) == (0, 0)


def test_a_night_shift_then_an_afternoon_shift_split_their_scans_in_the_middle():
    selasa = SENIN + timedelta(days=1)
    malam = shift(SENIN, time(20), time(8), "M")
    siang = shift(selasa, time(14), time(20), "S")
    windows = k.jendela([siang, malam])
    # Night ends 08:00, afternoon starts 14:00: the boundary is 11:00.
    assert windows[SENIN][1] == at(selasa, 11) == windows[selasa][0]
    scans = [at(SENIN, 19, 55), at(selasa, 8, 2), at(selasa, 11, 0), at(selasa, 20, 5)]
    days = k.klasifikasi_hari({SENIN: malam, selasa: siang}, scans)
    assert days[SENIN].jam_pulang == at(selasa, 8, 2)
    assert days[selasa].jam_masuk == at(selasa, 11)  # on the boundary: the later day's
    assert (days[selasa].tl, days[selasa].psw) == (0, 0)  # early for 14:00, left 20:05


def test_scans_outside_every_window_are_ignored():
    rabu = SENIN + timedelta(days=2)
    days = k.klasifikasi_hari({SENIN: kantor()}, [at(rabu, 8), at(rabu, 16, 30)])
    assert days[SENIN].kode == "TK"


def test_leave_takes_precedence_and_keeps_the_scan_times():
    selasa = SENIN + timedelta(days=1)
    hari = {SENIN: kantor(), selasa: kantor(selasa)}
    scans = [at(SENIN, 9, 45), at(SENIN, 12)]
    days = k.klasifikasi_hari(hari, scans, izin={SENIN: "DL", selasa: "CT"})
    assert (days[SENIN].kode, days[SENIN].tl, days[SENIN].psw) == ("DL", 0, 0)
    assert days[SENIN].jam_masuk == at(SENIN, 9, 45)
    assert days[selasa].tampil == "CT"


def test_only_working_days_are_classified():
    sabtu = SENIN + timedelta(days=5)
    days = k.klasifikasi_hari({SENIN: kantor()}, [at(sabtu, 8), at(sabtu, 16)])
    assert set(days) == {SENIN}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("H", ("H", 0, 0)),
        ("tk", ("TK", 0, 0)),
        ("TL2", ("H", 2, 0)),
        ("PSW4", ("H", 0, 4)),
        ("TL1+PSW2", ("H", 1, 2)),
        ("TL1 / PSW2", ("H", 1, 2)),
        ("CAP", ("CAP", 0, 0)),
        ("I", ("I", 0, 0)),
    ],
)
def test_parse_kode(text, expected):
    assert k.parse_kode(text) == expected


@pytest.mark.parametrize("text", ["", "TL5", "TL1 TL2", "HADIR", "H TL1", "PSW0"])
def test_parse_kode_refuses(text):
    with pytest.raises(ValueError):
        k.parse_kode(text)


def test_kode_tampil():
    assert k.kode_tampil("H") == "H"
    assert k.kode_tampil("H", 3, 0) == "TL3"
    assert k.kode_tampil("H", 0, 1) == "PSW1"
    assert k.kode_tampil("H", 1, 4) == "TL1 PSW4"
    assert k.kode_tampil("CM") == "CM"
