"""The load test's pure parts: free time slots, who plays whom, and the figures and the verdict.

No Django, no locust: the harness (run.py) and the locust users (locustfile.py) both import it,
and tests/test_bench_load.py checks it without a database.
"""

from dataclasses import dataclass

DAY_END = 24 * 60  # minutes; an entry never crosses midnight
MORNING = 7 * 60  # slots from here on come first: staff log their working day before the night


def free_slots(
    busy: list[tuple[int, int]], *, until: int, length: int, limit: int
) -> list[tuple[int, int]]:
    """Up to `limit` slots of `length` minutes, [start, end) in minutes of the day, that end by
    `until` and overlap none of the `busy` intervals; from 07:00 on first, then the small hours."""
    slots = []
    for start in range(0, until - length + 1, length):
        end = start + length
        if all(end <= b_start or start >= b_end for b_start, b_end in busy):
            slots.append((start, end))
    slots.sort(key=lambda s: (s[0] < MORNING, s[0]))
    return slots[:limit]


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def minutes_of(value) -> int:
    """A datetime.time (or anything with hour and minute) as minutes of the day."""
    return value.hour * 60 + value.minute


def deal(items: list, hands: int, *, per_hand: int) -> list[list]:
    """Deal `items` round robin into `hands` hands of at most `per_hand` each: neighbours in
    the list (a supervisor's people) end up spread over the hands."""
    dealt: list[list] = [[] for _ in range(hands)]
    for i, item in enumerate(items[: hands * per_hand]):
        dealt[i % hands].append(item)
    return dealt


def interleave(groups: list[list]) -> list:
    """One from each group in turn until all are empty: [[a1, a2], [b1]] -> [a1, b1, a2]."""
    out = []
    longest = max((len(g) for g in groups), default=0)
    for i in range(longest):
        out.extend(g[i] for g in groups if i < len(g))
    return out


# Figures -------------------------------------------------------------------------------------


@dataclass
class Row:
    """One request type's figures (or the total), as the driver reports them."""

    name: str
    requests: int
    failures: int
    rps: float
    p50: float
    p95: float
    p99: float
    avg: float = 0.0
    max: float = 0.0

    @classmethod
    def of(cls, data: dict) -> "Row":
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


HEADER = (
    f"{'request':34} {'requests':>8} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>6}"
    f" {'errors':>6}"
)


def format_row(row: Row) -> str:
    return (
        f"{row.name:34} {row.requests:8d} {row.rps:7.1f} {row.p50:6.0f} {row.p95:6.0f}"
        f" {row.p99:6.0f} {row.max:6.0f} {row.failures:6d}"
    )


@dataclass(frozen=True)
class Goal:
    rps: float = 100.0
    p95_ms: float = 300.0
    errors: int = 0


def verdict(total: Row, goal: Goal) -> list[str]:
    """What of the goal is not met, in words; empty when it is met."""
    missed = []
    if total.rps < goal.rps:
        missed.append(f"{total.rps:.1f} req/s < {goal.rps:.0f}")
    if total.p95 >= goal.p95_ms:
        missed.append(f"p95 {total.p95:.0f} ms ≥ {goal.p95_ms:.0f}")
    if total.failures > goal.errors:
        missed.append(f"{total.failures} errors")
    return missed


def check_entries(*, accepted: int, in_database: int) -> str | None:
    """None when every entry the server accepted is in the database, and nothing else is;
    else what is wrong. More in the database than accepted means a request the server committed
    was counted as failed by the client (a timeout), which the errors column also shows."""
    if in_database < accepted:
        return f"{accepted - in_database} accepted entries missing from the database"
    if in_database > accepted:
        return f"{in_database - accepted} entries in the database were not counted as accepted"
    return None
