"""The arithmetic of entries and evidence types, without a database."""

from datetime import date, time

import pytest

from aktivitas.bukti import jenis_berkas, nama_asli
from aktivitas.calculation import (
    batas_mundur,
    bertumpuk,
    di_luar_jadwal,
    hari_kerja_sebelumnya,
    menit_entri,
)
from pegawai.kalender import HariKerja

from .conftest import PDF, PNG


def hari(tanggal, mulai, selesai, target=300):
    return HariKerja(tanggal, time(*mulai), time(*selesai), target, "profil", 1)


class TestMenit:
    def test_standard_minutes_times_volume(self):
        assert menit_entri(10, 3, time(8), time(9)) == 30

    def test_never_more_than_the_span(self):
        assert menit_entri(60, 3, time(8), time(9, 30)) == 90

    def test_an_empty_span_is_zero(self):
        assert menit_entri(60, 1, time(9), time(9)) == 0


def test_spans_that_touch_do_not_overlap():
    assert not bertumpuk((time(8), time(9)), (time(9), time(10)))
    assert bertumpuk((time(8), time(9, 1)), (time(9), time(10)))
    assert bertumpuk((time(8), time(12)), (time(9), time(10)))


class TestBatasMundur:
    # Wednesday 13 May 2026; office days Monday to Friday.
    kerja = [date(2026, 5, d) for d in (4, 5, 6, 7, 8, 11, 12, 13)]

    def test_counts_working_days_not_calendar_days(self):
        assert batas_mundur(date(2026, 5, 13), self.kerja, 3) == date(2026, 5, 8)

    def test_a_holiday_is_skipped(self):
        kerja = [d for d in self.kerja if d != date(2026, 5, 11)]
        assert batas_mundur(date(2026, 5, 13), kerja, 3) == date(2026, 5, 7)

    def test_zero_means_today_only(self):
        assert batas_mundur(date(2026, 5, 13), self.kerja, 0) == date(2026, 5, 13)

    def test_without_enough_working_days_the_last_calendar_days(self):
        assert batas_mundur(date(2026, 5, 13), [], 3) == date(2026, 5, 10)

    def test_on_a_saturday_the_week_behind_counts(self):
        assert batas_mundur(date(2026, 5, 9), self.kerja, 3) == date(2026, 5, 6)

    def test_previous_working_day(self):
        assert hari_kerja_sebelumnya(date(2026, 5, 11), self.kerja) == date(2026, 5, 8)
        assert hari_kerja_sebelumnya(date(2026, 5, 4), self.kerja) is None


class TestDiLuarJadwal:
    day = date(2026, 5, 13)

    def test_inside_office_hours(self):
        hk = hari(self.day, (8, 0), (16, 30))
        assert not di_luar_jadwal(self.day, time(8), time(16, 30), hari_ini=hk)

    def test_the_break_counts_as_working_time(self):
        hk = hari(self.day, (8, 0), (16, 30))
        assert not di_luar_jadwal(self.day, time(12, 30), time(13, 30), hari_ini=hk)

    def test_before_or_after_hours_is_flagged(self):
        hk = hari(self.day, (8, 0), (16, 30))
        assert di_luar_jadwal(self.day, time(7, 30), time(8, 30), hari_ini=hk)
        assert di_luar_jadwal(self.day, time(16), time(17), hari_ini=hk)

    def test_a_day_off_flags_everything(self):
        assert di_luar_jadwal(self.day, time(9), time(10), hari_ini=None)

    def test_the_night_shift_of_the_day_runs_past_midnight(self):
        malam = hari(self.day, (20, 0), (8, 0), 600)
        assert not di_luar_jadwal(self.day, time(22), time(23, 59), hari_ini=malam)
        assert di_luar_jadwal(self.day, time(19), time(20, 30), hari_ini=malam)

    def test_the_morning_after_a_night_shift_belongs_to_yesterdays_shift(self):
        malam = hari(date(2026, 5, 12), (20, 0), (8, 0), 600)
        assert not di_luar_jadwal(self.day, time(0), time(7, 30), hari_ini=None, kemarin=malam)
        assert di_luar_jadwal(self.day, time(7), time(9), hari_ini=None, kemarin=malam)

    def test_a_night_shift_then_a_morning_shift_join(self):
        malam = hari(date(2026, 5, 12), (20, 0), (8, 0), 600)
        pagi = hari(self.day, (8, 0), (14, 0))
        assert not di_luar_jadwal(self.day, time(7), time(9), hari_ini=pagi, kemarin=malam)


class TestJenisBerkas:
    @pytest.mark.parametrize(
        ("head", "jenis"),
        [
            (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
            (PNG, "image/png"),
            (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
            (PDF, "application/pdf"),
            (b"GIF89a", None),
            (b"<html><script>", None),
            (b"MZ\x90\x00", None),
            (b"RIFF\x24\x00\x00\x00WAVEfmt ", None),
            (b"", None),
        ],
    )
    def test_from_the_first_bytes(self, head, jenis):
        assert jenis_berkas(head[:16]) == jenis

    def test_the_original_name_loses_its_folders(self):
        assert nama_asli("C:\\Users\\budi\\foto rapat.jpg") == "foto rapat.jpg"
        assert nama_asli("../../etc/passwd") == "passwd"
        assert len(nama_asli("a" * 500 + ".pdf")) <= 210
