"""Load test: gunicorn with production settings on PostgreSQL, a mix of staff, supervisors and
finance driven by locust, and a bare Django page served by the same gunicorn in the same run.

    python -m bench.load [--duration 60] [--workers N] [--database load_dev]   (make load)
    python bench/load/run.py --help

Builds the demo kota (about 300 staff) in a throwaway database `load_<pid>`, collects the static
files into a temporary folder (hashed names, served by WhiteNoise, as in production) and starts
gunicorn (sync workers, persistent database connections) on a free port from 8100 to 8199. Then
locust, in a process of its own (drive.py), logs everyone in and runs the mix (locustfile.py):

- staff open their day page, add an entry from its form (today, in a free slot of their own,
  submitted or kept as a draft) and see the day again, and look at their week and month;
- supervisors open their approval queue and approve the first entries in it, as htmx does;
- finance reads the closed month's TPK list, OPD by OPD;

and afterwards the bare page (bench/load/wsgi.py) with as many users. Prints requests/s,
p50/p95/p99 and errors per request type and in total, the bare page's requests/s, the load
average and where the CPU went; then checks that every entry the server accepted is in the
database and every approval it confirmed is recorded. Exits 1 on an error or a mismatch.
Goal on 2 cores: ≥ 100 requests/s with p95 < 300 ms and no error.
"""

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import defaultdict
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.common import DEFAULT_URL, ROOT, use_production_settings  # noqa: E402
from bench.load.plan import (  # noqa: E402
    HEADER,
    Goal,
    Row,
    check_entries,
    deal,
    format_row,
    free_slots,
    interleave,
    minutes_of,
    verdict,
)

PORTS = range(8100, 8200)
PYTHONPATH = os.environ.get("PYTHONPATH", "")
LAST_MINUTE = 23 * 60 + 59  # an entry ends by 23:59 (the form's times are HH:MM)


def parse_args(argv=None) -> argparse.Namespace:
    cores = os.cpu_count() or 1
    summary = " ".join(__doc__.split("\n\n")[0].split())
    p = argparse.ArgumentParser(prog="python -m bench.load", description=summary)
    p.add_argument("--duration", type=float, default=60, help="seconds of the mix (60)")
    p.add_argument("--bare-duration", type=float, default=20, help="seconds of the bare page (20)")
    p.add_argument("--staf", type=int, default=6, help="staff users (6)")
    p.add_argument("--per-user", type=int, default=16, help="staff members each plays (16)")
    p.add_argument("--atasan", type=int, default=1, help="supervisor users (1)")
    p.add_argument("--keuangan", type=int, default=1, help="finance users (1)")
    p.add_argument("--wait", type=float, default=0, help="think time up to S seconds (0)")
    p.add_argument(
        "--workers", type=int, default=2 * cores, help="gunicorn sync workers (2 × cores)"
    )
    p.add_argument("--slot", type=int, default=3, help="minutes per added entry (3)")
    p.add_argument("--approve-batch", type=int, default=5, help="entries per approval (5)")
    p.add_argument("--submit-share", type=float, default=0.7, help="entries submitted (0.7)")
    p.add_argument("--port", type=int, default=0, help="port (default: the first free 8100+)")
    p.add_argument(
        "--database",
        help="keep the database under this name (load_…) and reuse it next time, seeded once",
    )
    return p.parse_args(argv)


# Setting up ----------------------------------------------------------------------------------


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    sys.exit("No free port in 8100–8199")


def build_plan(args, *, marker: str) -> dict:
    """Who plays whom, and each staff member's free slots (today first, then the days before
    that entries may still be made for)."""
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from aktivitas import services
    from aktivitas.models import Aktivitas, Entri, PengaturanAktivitas
    from pegawai import demo, roles
    from pegawai.hierarki import Hierarki
    from pegawai.models import Pegawai, Periode
    from tpk.models import HasilTPK
    from tpk.penutupan import bulan_lalu

    now = timezone.localtime()
    today = now.date()
    people = {
        p.pk: p
        for p in Pegawai.objects.filter(user__is_active=True).select_related("user")
        if p.is_active_on(today)
    }
    atasan_of = Hierarki.on(today).atasan_map(list(people))
    finance_users = set(
        Group.objects.get(name=roles.KEUANGAN).user_set.values_list("id", flat=True)
    )
    keuangan = sorted(
        (p for p in people.values() if p.user_id in finance_users), key=lambda p: p.nip
    )
    by_atasan: dict[int, list] = defaultdict(list)
    for pk in sorted(people, key=lambda pk: people[pk].nip):
        if atasan_of.get(pk) in people:
            by_atasan[atasan_of[pk]].append(people[pk])
    supervisors = sorted(by_atasan, key=lambda a: (-len(by_atasan[a]), people[a].nip))
    supervisors = supervisors[: args.atasan]
    taken = set(supervisors) | {p.pk for p in keuangan}
    # The supervisors' own people first, so that what staff submit reaches a simulated queue.
    ordered = interleave([by_atasan[a] for a in supervisors])
    ordered += [p for a, group in sorted(by_atasan.items()) for p in group if a not in supervisors]
    candidates = [p for p in ordered if p.pk not in taken]
    candidates = [p for p in candidates if Aktivitas.objects.pilihan(p, today)]

    pengaturan = PengaturanAktivitas.current()
    closed = Periode.closed_months(today - timedelta(days=60), today)
    hands = deal(candidates, args.staf, per_hand=args.per_user)
    staf = []
    for hand in hands:
        played = []
        for p in hand:
            window = services.jendela(p, hari_ini=today, n=pengaturan.batas_hari_kerja_mundur)
            days = [today - timedelta(days=i) for i in range((today - window.batas).days + 1)]
            days = [
                d
                for d in days
                if window.allows(d) and (d.year, d.month) not in closed and p.is_active_on(d)
            ]
            busy: dict = defaultdict(list)
            for e in Entri.objects.filter(pegawai=p, tanggal__in=days):
                busy[e.tanggal].append((minutes_of(e.mulai), minutes_of(e.selesai)))
            slots = []
            for d in days:
                until = minutes_of(now) if d == today else LAST_MINUTE
                slots += [
                    [d.isoformat(), start, end]
                    for start, end in free_slots(busy[d], until=until, length=args.slot, limit=600)
                ]
            played.append({"nip": p.nip, "slots": slots})
        staf.append(played)

    tahun, bulan = bulan_lalu(today)
    opd = sorted(
        set(
            HasilTPK.objects.filter(periode__tahun=tahun, periode__bulan=bulan).values_list(
                "opd_id", flat=True
            )
        )
    )
    if not opd:
        sys.exit(f"No TPK list for {tahun}-{bulan:02d}: the demo should have closed it")
    mix_users = args.staf + args.atasan + args.keuangan
    return {
        "marker": marker,
        "password": demo.PASSWORD,
        "today": today.isoformat(),
        "wait": args.wait,
        "submit_share": args.submit_share,
        "approve_batch": args.approve_batch,
        "staf": [hand for hand in staf if hand],
        "atasan": [people[a].nip for a in supervisors],
        "keuangan": [keuangan[i % len(keuangan)].nip for i in range(args.keuangan)],
        "tpk": {"bulan": f"{tahun:04d}-{bulan:02d}", "opd": opd},
        "bare": [p.nip for p in candidates[:mix_users]],
    }


def start_gunicorn(args, port: int, log: Path) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [
        str(gunicorn),
        "bench.load.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        "sync",
        "--log-level",
        "warning",
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), PYTHONPATH]))}
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/masuk/"
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped (exit {server.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    # Each worker loads the app on its first request: warm all of them up.
                    for _ in range(4 * args.workers):
                        urllib.request.urlopen(request, timeout=10).read()  # noqa: S310
                    return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    sys.exit(f"gunicorn did not answer on {url}:\n{log.read_text()[-3000:]}")


# Measuring -----------------------------------------------------------------------------------


class CpuMeter:
    """CPU seconds of gunicorn, this database's PostgreSQL backends, locust and the whole
    machine between two moments, and the load average while it runs."""

    def __init__(self, server_pid: int, database: str, cpu_dir: Path):
        import psutil

        self.psutil = psutil
        self.server_pid = server_pid
        self.database = database
        self.cpu_dir = cpu_dir
        self.loads: list[float] = []
        self._stop = threading.Event()

    def _backend_pids(self) -> list[int]:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [self.database],
            )
            return [pid for (pid,) in cursor.fetchall()]

    def _cpu(self, pids) -> dict[int, float]:
        seconds = {}
        for pid in pids:
            try:
                t = self.psutil.Process(pid).cpu_times()
            except self.psutil.Error:
                continue
            seconds[pid] = t.user + t.system
        return seconds

    def snapshot(self, driver_pid: int) -> dict:
        server = self.psutil.Process(self.server_pid)
        workers = [server.pid] + [c.pid for c in server.children(recursive=True)]
        m = self.psutil.cpu_times()
        by_kind: dict[str, list] = defaultdict(lambda: [0, 0.0])
        for path in self.cpu_dir.glob("*.json"):
            for kind, (n, cpu) in json.loads(path.read_text()).items():
                by_kind[kind][0] += n
                by_kind[kind][1] += cpu
        return {
            "kinds": dict(by_kind),
            "time": time.monotonic(),
            "gunicorn": self._cpu(workers),
            "postgres": self._cpu(self._backend_pids()),
            "locust": self._cpu([driver_pid]),
            "busy": m.user + m.nice + m.system + getattr(m, "irq", 0) + getattr(m, "softirq", 0),
        }

    def watch(self) -> None:
        def sample():
            while not self._stop.wait(2):
                self.loads.append(os.getloadavg()[0])

        self.loads = [os.getloadavg()[0]]
        self._stop.clear()
        threading.Thread(target=sample, daemon=True).start()

    def stop(self) -> None:
        self._stop.set()
        self.loads.append(os.getloadavg()[0])

    @staticmethod
    def difference(start: dict, end: dict) -> dict:
        def used_by(kind: str) -> float:
            # Per process: one that started in between counts from zero.
            before = start[kind]
            return sum(cpu - before.get(pid, 0.0) for pid, cpu in end[kind].items())

        seconds = end["time"] - start["time"]
        used = {kind: used_by(kind) for kind in ("gunicorn", "postgres", "locust")}
        used["rest of the machine"] = max(0.0, end["busy"] - start["busy"] - sum(used.values()))
        kinds = {}
        for kind, (n, cpu) in end["kinds"].items():
            n0, cpu0 = start["kinds"].get(kind, (0, 0.0))
            if n > n0:
                kinds[kind] = (n - n0, cpu - cpu0)
        return {"seconds": seconds, "used": used, "kinds": kinds}


def run_phase(mode: str, *, host: str, duration: float, plan_path: Path, meter: CpuMeter) -> dict:
    """One drive.py run; CPU and load measured from the gate's opening to the last request."""
    out = plan_path.with_name(f"{mode}.json")
    command = [
        sys.executable,
        "-m",
        "bench.load.drive",
        "--mode",
        mode,
        "--host",
        host,
        "--duration",
        str(duration),
        "--out",
        str(out),
    ]
    env = {
        **os.environ,
        "LOAD_PLAN": str(plan_path),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), PYTHONPATH])),
    }
    driver = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    marks = {}
    for line in driver.stdout:
        line = line.strip()
        if line in ("released", "stopped"):
            marks[line] = meter.snapshot(driver.pid)
            if line == "released":
                meter.watch()
            else:
                meter.stop()
        elif line:
            print(line, flush=True)
    if driver.wait() != 0 or not out.exists():
        sys.exit(f"locust ({mode}) failed, exit {driver.returncode}")
    result = json.loads(out.read_text())
    if "released" in marks and "stopped" in marks:
        result["cpu"] = meter.difference(marks["released"], marks["stopped"])
    result["load"] = list(meter.loads)
    return result


# Reporting -----------------------------------------------------------------------------------


def print_phase(title: str, result: dict) -> None:
    print(f"\n{title}: {result['users']} users, {result['elapsed']:.1f} s, times in ms")
    print(HEADER)
    for data in result["rows"]:
        print(format_row(Row.of(data)))
    print(format_row(Row.of(result["total"])))
    for e in result["errors"]:
        print(f"  error ×{e['occurrences']} {e['name']}: {e['error']}")
    loads = result.get("load") or [0]
    print(f"Load average (1 min) during: {min(loads):.2f}–{max(loads):.2f}")
    cpu = result.get("cpu")
    if cpu:
        seconds = cpu["seconds"]
        parts = ", ".join(
            f"{name} {used:.1f} s ({used / seconds:.2f} cores)"
            for name, used in cpu["used"].items()
        )
        print(f"CPU over {seconds:.1f} s on {os.cpu_count()} cores: {parts}")
        requests = result["total"]["requests"]
        if requests:
            ours = sum(v for k, v in cpu["used"].items() if k != "rest of the machine")
            per = ours / requests
            print(
                f"CPU per request (gunicorn + PostgreSQL + locust): {per * 1000:.1f} ms, so about "
                f"{(os.cpu_count() or 1) / per:.0f} req/s if nothing else ran on the machine"
            )
        kinds = sorted(cpu["kinds"].items(), key=lambda kv: -kv[1][1])
        counted = sum(c for _n, c in cpu["kinds"].values()) or 1
        if len(kinds) > 1:
            print("gunicorn CPU by request (the workers' own count; PostgreSQL not included):")
            for kind, (n, c) in kinds:
                print(f"  {kind:44} {n:6d} × {c / n * 1000:5.1f} ms = {c / counted:4.0%}")


def print_logins(result: dict) -> None:
    for data in result["logins"]:
        row = Row.of(data)
        print(
            f"Login ({row.name}): {row.requests} in {result['login_seconds']:.1f} s, "
            f"p50 {row.p50:.0f} ms, p95 {row.p95:.0f} ms, {row.failures} errors"
        )
    for e in result["login_errors"]:
        print(f"  login error ×{e['occurrences']} {e['name']}: {e['error']}")


def verify(plan: dict, mix: dict, *, since) -> list[str]:
    """Every entry the server accepted is in the database; every approval it confirmed is
    recorded as a decision of the supervisor."""
    from django.db.models import Count

    from aktivitas.models import Entri, RiwayatEntri

    problems = []
    rows = {r["name"]: r for r in mix["rows"]}
    add = rows.get("staf: tambah entri", {"requests": 0, "failures": 0})
    accepted = add["requests"] - add["failures"]
    entries = Entri.objects.filter(uraian__startswith=plan["marker"])
    in_database = entries.count()
    by_status = dict(entries.values_list("status").annotate(n=Count("id")).order_by())
    print(
        f"\nEntries: {accepted} accepted by the server, {in_database} in the database {by_status}"
    )
    if problem := check_entries(accepted=accepted, in_database=in_database):
        problems.append(problem)
    approved = RiwayatEntri.objects.filter(
        ke_status=Entri.Status.DISETUJUI, oleh__username__in=plan["atasan"], pada__gte=since
    ).count()
    print(f"Approvals: {mix['approved']} confirmed to supervisors, {approved} recorded")
    if approved != mix["approved"]:
        problems.append(f"approvals: {mix['approved']} confirmed, {approved} recorded")
    return problems


@contextmanager
def load_database(args):
    """A throwaway database `load_<pid>` with the demo kota, dropped afterwards; with
    --database NAME, that database, seeded the first time and kept for the next run."""
    from bench.common import throwaway_database

    if not args.database:
        name = f"load_{os.getpid()}"
        with throwaway_database(name):
            seed()
            yield name
        return
    name = args.database
    if not name.startswith("load_"):
        sys.exit("--database: the name starts with load_")
    import psycopg

    base = os.environ.get("DATABASE_URL", DEFAULT_URL).replace("postgres://", "postgresql://", 1)
    server = base.rsplit("/", 1)[0]
    with psycopg.connect(server + "/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = f"{server}/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ekinerja.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if not exists:
        seed()
    yield name


def seed() -> None:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"Demo kota seeded in {time.perf_counter() - started:.0f} s.", flush=True)


def main(argv=None) -> int:
    args = parse_args(argv)
    use_production_settings()
    tmp = Path(tempfile.mkdtemp(prefix="load_"))
    os.environ.update(
        ALLOWED_HOSTS="127.0.0.1,localhost",
        STATIC_MANIFEST="True",
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        DB_CONN_MAX_AGE="600",
        CELERY_BROKER_URL="",
    )
    os.environ.pop("CELERY_RESULT_BACKEND", None)
    try:
        with load_database(args) as database:
            problems = measure(args, database, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for problem in problems:
        print(f"FAILED: {problem}")
    return 1 if problems else 0


def measure(args, database: str, tmp: Path) -> list[str]:
    """Plan, serve, drive the mix and the bare page, print, verify: what went wrong."""
    from django.core.management import call_command
    from django.db import connections
    from django.utils import timezone

    from pegawai.models import Pegawai

    call_command("collectstatic", interactive=False, verbosity=0)
    since = timezone.now()
    marker = f"[beban-{secrets.token_hex(4)}]"
    plan = build_plan(args, marker=marker)
    plan_path = tmp / "plan.json"
    plan_path.write_text(json.dumps(plan))
    staf_people = sum(len(hand) for hand in plan["staf"])
    slots = sum(len(p["slots"]) for hand in plan["staf"] for p in hand)
    print(
        f"Database {database}: {Pegawai.objects.count()} pegawai. Mix: {len(plan['staf'])} staff "
        f"users playing {staf_people} staff members ({slots} free {args.slot}-minute slots), "
        f"{len(plan['atasan'])} supervisors, {len(plan['keuangan'])} finance; think time "
        f"{'0–' + str(args.wait) + ' s' if args.wait else 'none'}.",
        flush=True,
    )
    connections.close_all()

    (tmp / "cpu").mkdir()
    os.environ["LOAD_CPU_DIR"] = str(tmp / "cpu")
    port = args.port or free_port()
    host = f"http://127.0.0.1:{port}"
    server = start_gunicorn(args, port, tmp / "gunicorn.log")
    print(
        f"gunicorn: {args.workers} sync workers on {host}, DEBUG off, "
        f"CONN_MAX_AGE 600, WhiteNoise with hashed static files.",
        flush=True,
    )
    try:
        meter = CpuMeter(server.pid, database, tmp / "cpu")
        mix = run_phase("mix", host=host, duration=args.duration, plan_path=plan_path, meter=meter)
        bare = run_phase(
            "bare", host=host, duration=args.bare_duration, plan_path=plan_path, meter=meter
        )
    finally:
        server.terminate()
        server.wait(timeout=30)

    print_logins(mix)
    print_phase("Mix", mix)
    print_phase("Bare page (one indexed query, logged in)", bare)
    total, bare_total = Row.of(mix["total"]), Row.of(bare["total"])
    if bare_total.rps:
        print(f"\nMix throughput / bare page: {total.rps / bare_total.rps:.2f}")
    problems = verify(plan, mix, since=since)
    if mix["out_of_slots"]:
        print(f"Staff out of free slots {mix['out_of_slots']} times (entries not added)")
    if total.failures or bare_total.failures:
        problems.append(f"{total.failures + bare_total.failures} requests failed")
        print("\ngunicorn log (end):\n" + (tmp / "gunicorn.log").read_text()[-3000:])
    if mix["logins_failed"] or bare["logins_failed"]:
        problems.append(f"{mix['logins_failed'] + bare['logins_failed']} logins failed")
    missed = verdict(total, Goal())
    print(
        "\nGoal on 2 cores (≥ 100 req/s mixed, p95 < 300 ms, no error): "
        + ("met." if not missed else "not met: " + "; ".join(missed) + ".")
    )
    connections.close_all()
    return problems


if __name__ == "__main__":
    sys.exit(main())
