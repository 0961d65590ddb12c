"""The rules of working days and targets (pegawai.kalender), without a database."""

from datetime import date, datetime, time, timedelta

import pytest

from pegawai.kalender import (
    MENGAJAR,
    SHIFT,
    SUMBER_PROFIL,
    SUMBER_RAMADAN,
    SUMBER_ROSTER,
    TETAP,
    JamHari,
    KalenderKerja,
    Mengajar,
    Penjadwalan,
    Profil,
    RentangRamadan,
    Ringkasan,
    Shift,
    bagi_target,
    durasi_menit,
)

KANTOR, SEKOLAH, GURU, NAKES = 1, 2, 3, 4
SEKOLAH_KALENDER = 7
RAMADAN_2026 = 9

_kerja = JamHari(time(8), time(16, 30), time(12, 30), time(13, 30), 300)
_jumat = JamHari(time(8), time(17), time(12), time(14), 300)
_sekolah = JamHari(time(7, 30), time(13), time(10), time(10, 30), 250)
_ramadan = JamHari(time(8), time(15), target_menit=240)
PROFIL = {
    KANTOR: Profil(
        KANTOR,
        TETAP,
        minggu={0: _kerja, 1: _kerja, 2: _kerja, 3: _kerja, 4: _jumat},
        ramadan={RAMADAN_2026: dict.fromkeys(range(5), _ramadan)},
    ),
    SEKOLAH: Profil(
        SEKOLAH, TETAP, minggu=dict.fromkeys(range(6), _sekolah), kalender_id=SEKOLAH_KALENDER
    ),
    GURU: Profil(
        GURU,
        MENGAJAR,
        minggu=dict.fromkeys(range(6), _sekolah),
        kalender_id=SEKOLAH_KALENDER,
        mengajar=Mengajar(jam_per_minggu=24, menit_per_jam=45, menit_tugas_tambahan=420),
    ),
    NAKES: Profil(NAKES, SHIFT),
}
PAGI, MALAM = 11, 13
SHIFTS = {
    PAGI: Shift(PAGI, "P", time(8), time(14), 300, 30),
    MALAM: Shift(MALAM, "M", time(20), time(8), 600, 60),
}
# 2026 as the SKB has it: Idul Adha on Wednesday 27 May with cuti bersama on Thursday 28 May.
LIBUR_MEI = [date(2026, 5, 1), date(2026, 5, 14), date(2026, 5, 27)]
CUTI_BERSAMA_MEI = [date(2026, 5, 15), date(2026, 5, 28)]


def kalender(mulai, selesai, **kwargs) -> KalenderKerja:
    options = {
        "profil": PROFIL,
        "default_profil_id": KANTOR,
        "libur": LIBUR_MEI + CUTI_BERSAMA_MEI,
        "shift": SHIFTS,
    } | kwargs
    return KalenderKerja(mulai=mulai, selesai=selesai, **options)


def mei(**kwargs) -> KalenderKerja:
    return kalender(date(2026, 5, 1), date(2026, 5, 31), **kwargs)


def days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


class TestDurations:
    def test_a_day_shift_lasts_from_start_to_end(self):
        assert durasi_menit(time(8), time(16, 30)) == 510

    def test_a_night_shift_crosses_midnight(self):
        assert durasi_menit(time(20), time(8)) == 720

    def test_equal_start_and_end_is_a_full_day(self):
        assert durasi_menit(time(7), time(7)) == 24 * 60

    def test_night_shift_belongs_to_the_day_it_starts_and_ends_the_next(self):
        hari = kalender(date(2026, 5, 31), date(2026, 5, 31), profil=PROFIL).hari_kerja_for(
            [Penjadwalan(NAKES, date(2026, 1, 1))],
            aktif_mulai=date(2020, 1, 1),
            roster={date(2026, 5, 31): MALAM},
        )
        malam = hari[date(2026, 5, 31)]
        assert malam.shift == "M" and malam.sumber == SUMBER_ROSTER
        assert malam.melewati_tengah_malam
        assert malam.mulai_pada == datetime(2026, 5, 31, 20)
        assert malam.selesai_pada == datetime(2026, 6, 1, 8)
        assert malam.menit_kerja == 720 - 60
        assert malam.target_menit == 600
        assert SHIFTS[MALAM].melewati_tengah_malam and not SHIFTS[PAGI].melewati_tengah_malam


class TestTeachingTarget:
    def test_weekly_minutes_are_spread_evenly_over_a_six_day_week(self):
        assert bagi_target(range(6), 24 * 45 + 420) == dict.fromkeys(range(6), 250)

    def test_the_remainder_goes_to_the_earliest_days_and_the_week_adds_up(self):
        spread = bagi_target([5, 0, 1, 2, 3, 4], 1000)
        assert spread == {0: 167, 1: 167, 2: 167, 3: 167, 4: 166, 5: 166}
        assert sum(spread.values()) == 1000

    def test_no_working_days_means_no_target(self):
        assert bagi_target([], 1500) == {}


class TestOfficeWeek:
    def test_may_2026_without_its_holidays_and_cuti_bersama(self):
        # 21 weekdays; 1, 14 and 27 May are holidays, 15 and 28 May cuti bersama.
        result = mei().ringkasan_for(aktif_mulai=date(2020, 1, 1))
        assert result == Ringkasan(16, 16 * 300, 16, 16 * 300)

    def test_holidays_and_weekends_are_not_working_days(self):
        hari = mei().hari_kerja_for(aktif_mulai=date(2020, 1, 1))
        for day in LIBUR_MEI + CUTI_BERSAMA_MEI + [date(2026, 5, 2), date(2026, 5, 3)]:
            assert day not in hari
        assert hari[date(2026, 5, 4)].target_menit == 300

    def test_friday_has_its_own_hours_with_the_long_midday_break(self):
        friday = mei().hari_kerja_for(aktif_mulai=date(2020, 1, 1))[date(2026, 5, 8)]
        assert (friday.mulai, friday.selesai) == (time(8), time(17))
        assert friday.istirahat == ((time(12), time(14)),)
        assert friday.istirahat_menit == 120 and friday.menit_kerja == 420
        assert friday.sumber == SUMBER_PROFIL

    def test_a_joiner_on_the_15th_counts_from_the_15th(self):
        result = mei().ringkasan_for(aktif_mulai=date(2026, 5, 15))
        # 15 May is cuti bersama; 18–22, 25–29 less 27 and 28: 8 days.
        assert (result.hari_kerja, result.target_menit) == (8, 2400)
        assert result.hari_kerja_jadwal == 16  # for prorating the base (TPK rule 9)
        hari = mei().hari_kerja_for(aktif_mulai=date(2026, 5, 15))
        assert min(hari) == date(2026, 5, 18) and len(hari) == 8

    def test_someone_who_leaves_counts_until_their_last_day(self):
        result = mei().ringkasan_for(aktif_mulai=date(2020, 1, 1), aktif_selesai=date(2026, 5, 8))
        assert result.hari_kerja == 5  # 4–8 May; 1 May is a holiday


class TestRamadan:
    RANGE = RentangRamadan(RAMADAN_2026, date(2026, 2, 19), date(2026, 3, 19))

    def test_a_ramadan_crossing_the_month_boundary_shortens_both_months(self):
        feb = kalender(date(2026, 2, 1), date(2026, 2, 28), libur=[], ramadan=[self.RANGE])
        hari = feb.hari_kerja_for(aktif_mulai=date(2020, 1, 1))
        assert hari[date(2026, 2, 18)].sumber == SUMBER_PROFIL
        assert hari[date(2026, 2, 19)].sumber == SUMBER_RAMADAN
        assert hari[date(2026, 2, 19)].selesai == time(15)
        # 20 weekdays; from 19 February on, 7 of them at 240.
        assert feb.ringkasan_for(aktif_mulai=date(2020, 1, 1)).target_menit == 13 * 300 + 7 * 240

        mar = kalender(date(2026, 3, 1), date(2026, 3, 31), libur=[], ramadan=[self.RANGE])
        hari = mar.hari_kerja_for(aktif_mulai=date(2020, 1, 1))
        assert hari[date(2026, 3, 19)].target_menit == 240
        assert hari[date(2026, 3, 20)].target_menit == 300
        # 22 weekdays; 2–19 March are 14 of them in Ramadan.
        assert mar.ringkasan_for(aktif_mulai=date(2020, 1, 1)).target_menit == 8 * 300 + 14 * 240

    def test_a_profile_without_ramadan_hours_keeps_its_week(self):
        feb = kalender(date(2026, 2, 1), date(2026, 2, 28), libur=[], ramadan=[self.RANGE])
        hari = feb.hari_kerja_for(
            [Penjadwalan(SEKOLAH, date(2026, 1, 1))], aktif_mulai=date(2020, 1, 1)
        )
        assert hari[date(2026, 2, 21)].sumber == SUMBER_PROFIL
        assert hari[date(2026, 2, 21)].target_menit == 250


class TestSchoolAndTeaching:
    def test_a_six_day_week_works_on_saturday(self):
        result = mei().hari_kerja_for(
            [Penjadwalan(SEKOLAH, date(2026, 1, 1))], aktif_mulai=date(2020, 1, 1)
        )
        assert date(2026, 5, 2) in result and date(2026, 5, 3) not in result  # Sat, Sun
        # 26 days Monday–Saturday less the five holidays on weekdays.
        assert len(result) == 21

    def test_school_breaks_apply_to_profiles_on_the_school_calendar_only(self):
        libur_semester = days(date(2026, 5, 18), date(2026, 5, 23))
        k = mei(libur_kalender={SEKOLAH_KALENDER: libur_semester})
        guru = k.ringkasan_for([Penjadwalan(GURU, date(2026, 1, 1))], aktif_mulai=date(2020, 1, 1))
        kantor = k.ringkasan_for(aktif_mulai=date(2020, 1, 1))
        assert guru.hari_kerja == 21 - 6
        assert kantor.hari_kerja == 16

    def test_teaching_target_comes_from_teaching_hours_and_duties(self):
        k = mei()
        standard = k.hari_kerja_for(
            [Penjadwalan(GURU, date(2026, 1, 1))], aktif_mulai=date(2020, 1, 1)
        )
        assert {h.target_menit for h in standard.values()} == {250}
        fewer_hours = k.hari_kerja_for(
            [Penjadwalan(GURU, date(2026, 1, 1), jam_mengajar=18, menit_tugas_tambahan=0)],
            aktif_mulai=date(2020, 1, 1),
        )
        # 18 × 45 = 810 minutes a week over six days: 135 each.
        assert {h.target_menit for h in fewer_hours.values()} == {135}


class TestShifts:
    def test_only_rostered_days_are_working_days_holiday_or_not(self):
        roster = {date(2026, 5, 1): PAGI, date(2026, 5, 2): MALAM, date(2026, 5, 27): PAGI}
        k = mei()
        hari = k.hari_kerja_for(
            [Penjadwalan(NAKES, date(2026, 1, 1))], aktif_mulai=date(2020, 1, 1), roster=roster
        )
        assert list(hari) == sorted(roster)  # 1 and 27 May are holidays, worked by roster
        result = k.ringkasan_for(
            [Penjadwalan(NAKES, date(2026, 1, 1))],
            aktif_mulai=date(2020, 1, 1),
            roster=roster.items(),
        )
        assert (result.hari_kerja, result.target_menit) == (3, 300 + 600 + 300)

    def test_a_roster_outside_the_shift_assignment_is_ignored(self):
        roster = {date(2026, 5, 4): PAGI, date(2026, 5, 20): PAGI}
        hari = mei().hari_kerja_for(
            [Penjadwalan(NAKES, date(2026, 5, 18))], aktif_mulai=date(2020, 1, 1), roster=roster
        )
        assert hari[date(2026, 5, 4)].sumber == SUMBER_PROFIL  # still office on 4 May
        assert hari[date(2026, 5, 20)].shift == "P"
        assert date(2026, 5, 19) not in hari  # no shift rostered


class TestAssignments:
    def test_the_default_profile_fills_the_days_without_an_assignment(self):
        runs = mei().segmen_for([Penjadwalan(NAKES, date(2026, 5, 11), date(2026, 5, 20))])
        assert [(r.mulai.day, r.selesai.day, r.profil_id) for r in runs] == [
            (1, 10, KANTOR),
            (11, 20, NAKES),
            (21, 31, KANTOR),
        ]

    def test_where_assignments_overlap_the_later_start_wins(self):
        runs = mei().segmen_for(
            [Penjadwalan(SEKOLAH, date(2026, 5, 1)), Penjadwalan(NAKES, date(2026, 5, 15))]
        )
        assert [(r.mulai.day, r.selesai.day, r.profil_id) for r in runs] == [
            (1, 14, SEKOLAH),
            (15, 31, NAKES),
        ]

    def test_without_a_default_profile_unassigned_days_are_not_working_days(self):
        k = mei(default_profil_id=None)
        assert k.ringkasan_for(aktif_mulai=date(2020, 1, 1)) == Ringkasan()

    @pytest.mark.parametrize(
        "jadwal",
        [
            [],
            [Penjadwalan(GURU, date(2026, 5, 6), jam_mengajar=20)],
            [Penjadwalan(NAKES, date(2026, 5, 1), date(2026, 5, 12))],
            [Penjadwalan(SEKOLAH, date(2026, 4, 1)), Penjadwalan(NAKES, date(2026, 5, 20))],
        ],
    )
    def test_the_summary_adds_up_the_days(self, jadwal):
        roster = {
            day: PAGI if day.day % 3 else MALAM for day in days(date(2026, 5, 1), date(2026, 5, 31))
        }
        k = kalender(
            date(2026, 5, 1),
            date(2026, 5, 31),
            libur_kalender={SEKOLAH_KALENDER: [date(2026, 5, 21)]},
        )
        for aktif in [(date(2020, 1, 1), None), (date(2026, 5, 15), date(2026, 5, 25))]:
            hari = k.hari_kerja_for(
                jadwal, aktif_mulai=aktif[0], aktif_selesai=aktif[1], roster=roster
            )
            result = k.ringkasan_for(
                jadwal, aktif_mulai=aktif[0], aktif_selesai=aktif[1], roster=roster.items()
            )
            assert result.hari_kerja == len(hari)
            assert result.target_menit == sum(h.target_menit for h in hari.values())
