"""The load test's pure parts (bench/load/plan.py): slots, dealing, the verdict. No database."""

from datetime import time

from bench.load.plan import (
    Goal,
    Row,
    check_entries,
    deal,
    format_row,
    free_slots,
    hhmm,
    interleave,
    minutes_of,
    verdict,
)


class TestFreeSlots:
    def test_slots_never_overlap_what_is_there_and_end_by_the_limit(self):
        busy = [(420, 480), (490, 500)]
        slots = free_slots(busy, until=600, length=15, limit=100)
        assert slots
        for start, end in slots:
            assert end - start == 15
            assert end <= 600
            assert all(end <= b0 or start >= b1 for b0, b1 in busy)

    def test_slots_do_not_overlap_each_other(self):
        slots = sorted(free_slots([], until=24 * 60 - 1, length=7, limit=1000))
        pairs = zip(slots, slots[1:], strict=False)
        assert all(a_end <= b_start for (_a, a_end), (b_start, _b) in pairs)

    def test_the_working_day_comes_before_the_small_hours(self):
        slots = free_slots([], until=9 * 60, length=60, limit=100)
        assert slots[0] == (420, 480)
        assert slots[1] == (480, 540)
        assert slots[2] == (0, 60)

    def test_limit_and_a_day_too_short(self):
        assert len(free_slots([], until=1440, length=3, limit=5)) == 5
        assert free_slots([], until=2, length=3, limit=5) == []

    def test_adjacent_to_a_busy_interval_is_free(self):
        # Entries are half-open [mulai, selesai): 08:00–08:30 next to 07:30–08:00 is allowed.
        assert (450, 480) in free_slots([(480, 510)], until=600, length=30, limit=100)


def test_times_as_minutes_and_back():
    assert minutes_of(time(7, 5)) == 425
    assert hhmm(425) == "07:05"
    assert hhmm(0) == "00:00"


def test_deal_spreads_neighbours_and_caps_each_hand():
    assert deal(list("abcdefg"), 3, per_hand=2) == [["a", "d"], ["b", "e"], ["c", "f"]]
    assert deal(list("ab"), 3, per_hand=2) == [["a"], ["b"], []]


def test_interleave_takes_one_from_each_in_turn():
    assert interleave([[1, 2, 3], ["a"], [], ["x", "y"]]) == [1, "a", "x", 2, "y", 3]
    assert interleave([]) == []


def _row(**kw):
    data = {"name": "total", "requests": 6000, "failures": 0, "rps": 100.0, "p50": 40}
    return Row.of({"p95": 250, "p99": 400, **data, **kw})


class TestVerdict:
    def test_met(self):
        assert verdict(_row(), Goal()) == []

    def test_each_miss_is_named(self):
        missed = verdict(_row(rps=99.5, p95=300, failures=2), Goal())
        assert len(missed) == 3
        assert "99.5 req/s" in missed[0]
        assert "p95 300 ms" in missed[1]
        assert "2 errors" in missed[2]

    def test_row_format_has_every_column(self):
        line = format_row(_row(max=900))
        assert line.split()[1:] == ["6000", "100.0", "40", "250", "400", "900", "0"]


class TestCheckEntries:
    def test_equal_is_fine(self):
        assert check_entries(accepted=10, in_database=10) is None

    def test_missing_entries_are_reported(self):
        assert "2 accepted entries missing" in check_entries(accepted=10, in_database=8)

    def test_uncounted_entries_are_reported(self):
        assert "1 entries in the database" in check_entries(accepted=10, in_database=11)
