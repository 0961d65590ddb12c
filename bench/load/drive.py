"""Run one phase of the load test with locust's library API and write its figures as JSON.

    python -m bench.load.drive --mode mix|bare --host URL --duration S --out FILE

run.py starts it as a process of its own (locust patches the standard library with gevent on
import, which the Django side must not share). Phases: every user logs in; the statistics are
reset; the gate opens and the users work for `duration` seconds; then no new task starts, the
ones in flight finish, and the figures are taken. The logins are reported apart.
"""

import locust  # noqa: F401, I001 (first: gevent's monkey patching)

import argparse
import json
import time
from pathlib import Path

import gevent
from locust.env import Environment

from bench.load import locustfile as lf

LOGIN = "masuk"


def row(name: str, entry, elapsed: float) -> dict:
    pct = entry.get_response_time_percentile
    return {
        "name": name,
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "rps": entry.num_requests / elapsed if elapsed else 0.0,
        "p50": pct(0.5) if entry.num_requests else 0,
        "p95": pct(0.95) if entry.num_requests else 0,
        "p99": pct(0.99) if entry.num_requests else 0,
        "avg": entry.avg_response_time,
        "max": entry.max_response_time,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=("mix", "bare"), required=True)
    parser.add_argument("--host", required=True)
    parser.add_argument("--duration", type=float, required=True)
    parser.add_argument("--login-timeout", type=float, default=300)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()

    classes = [lf.StafUser, lf.AtasanUser, lf.KeuanganUser] if args.mode == "mix" else [lf.BareUser]
    classes = [c for c in classes if c.fixed_count]
    users = sum(c.fixed_count for c in classes)
    env = Environment(user_classes=classes, host=args.host)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)

    login_started = time.perf_counter()
    deadline = login_started + args.login_timeout
    while lf.State.users_ready < users and time.perf_counter() < deadline:
        gevent.sleep(0.1)
    login_seconds = time.perf_counter() - login_started
    logins = [
        row(name, entry, login_seconds)
        for (name, _method), entry in sorted(env.stats.entries.items())
        if name.startswith(LOGIN)
    ]
    login_errors = [
        {"name": e.name, "error": str(e.error), "occurrences": e.occurrences}
        for e in env.stats.errors.values()
    ]
    ready = lf.State.users_ready

    env.stats.reset_all()
    started = time.perf_counter()
    lf.State.released.set()
    print("released", flush=True)
    gevent.sleep(args.duration)
    lf.State.stopping = True
    drain = time.perf_counter() + 60
    while lf.State.inflight and time.perf_counter() < drain:
        gevent.sleep(0.02)
    elapsed = time.perf_counter() - started
    print("stopped", flush=True)

    rows = [
        row(name, entry, elapsed)
        for (name, _method), entry in sorted(env.stats.entries.items())
        if not name.startswith(LOGIN)
    ]
    total = row("total", env.stats.total, elapsed)
    errors = [
        {"name": e.name, "error": str(e.error), "occurrences": e.occurrences}
        for e in env.stats.errors.values()
    ]
    result = {
        "mode": args.mode,
        "users": users,
        "users_ready": ready,
        "logins_failed": lf.State.logins_failed,
        "login_seconds": login_seconds,
        "logins": logins,
        "login_errors": login_errors,
        "elapsed": elapsed,
        "rows": rows,
        "total": total,
        "errors": errors,
        "approved": lf.State.approved,
        "out_of_slots": lf.State.out_of_slots,
        "inflight_left": lf.State.inflight,
    }
    runner.quit()
    args.out.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
