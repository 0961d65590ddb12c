"""Import and classify a month of fingerprint scans: 20,000 staff × 22 working days = 440,000
attendance days, from a generated machine log of about 900,000 lines.

Printed: the first import of the month (parse, check, store the scans, classify every working
day, write the days), a re-import of the same file (nothing changes, nothing is written), and the
query the close reads (`kehadiran_query.rekap_bulan` for everyone), with their queries, which must
not grow with the staff. The month is June 2026 on the default office week (08:00–16:30, Friday
to 17:00) without holidays: 22 working days. Per person-day: a check-in 5–35 minutes early and a
check-out up to 40 minutes late; one day in ten late by 1–120 minutes, one in twenty leaving
1–120 minutes early, one in twenty a finger pressed twice, one in a hundred no scan at all (TK).

Runs in a throwaway PostgreSQL database on DATABASE_URL's server (default
postgres://postgres@127.0.0.1:5432/postgres).

    python bench/kehadiran.py [--staff 20000] [--keep-log PATH]
"""

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import QueryCounter, throwaway_database  # noqa: E402

TAHUN, BULAN = 2026, 6
BATCH = 5000


def generate_staff(n: int) -> list[tuple[int, str]]:
    """n staff with a machine PIN each, on the default office week; (id, PIN) in id order."""
    from pegawai.models import Pegawai, UnitKerja
    from pegawai.services_kalender import install_jadwal_bawaan

    install_jadwal_bawaan()
    units = UnitKerja.objects.bulk_create(
        UnitKerja(kode=f"K.{i:03d}", nama=f"Unit Bench {i}", jenis="opd") for i in range(50)
    )
    Pegawai.objects.bulk_create(
        (
            Pegawai(
                nip=str(199000000000000000 + i),
                nama=f"Pegawai Bench {i}",
                jenis_asn="PNS",
                golongan="III/a",
                unit=units[i % len(units)],
                aktif_mulai=date(2020, 1, 1),
                pin_absen=str(10000 + i),
            )
            for i in range(n)
        ),
        batch_size=BATCH,
    )
    return list(Pegawai.objects.order_by("pk").values_list("pk", "pin_absen"))


def write_log(staff: list[tuple[int, str]], path: str) -> tuple[int, int]:
    """The month's machine log, in the attlog format; (lines, person-days without a scan)."""
    from pegawai.jadwal import hari_kerja

    days = hari_kerja([pk for pk, _pin in staff], date(TAHUN, BULAN, 1), date(TAHUN, BULAN, 30))
    rng = random.Random(2026)
    lines = tk = 0
    with open(path, "w") as out:
        for pk, pin in staff:
            for hari in days[pk].values():
                if rng.random() < 0.01:
                    tk += 1
                    continue
                r = rng.random()
                masuk = hari.mulai_pada + timedelta(
                    minutes=rng.randint(1, 120) if r < 0.10 else -rng.randint(5, 35),
                    seconds=rng.randint(0, 59),
                )
                pulang = hari.selesai_pada + timedelta(
                    minutes=-rng.randint(1, 120) if rng.random() < 0.05 else rng.randint(0, 40),
                    seconds=rng.randint(0, 59),
                )
                scans = [(masuk, 0), (pulang, 1)]
                if rng.random() < 0.05:
                    scans.append((masuk + timedelta(seconds=20), 0))
                for scan, state in scans:
                    out.write(f"{pin:>9}\t{scan:%Y-%m-%d %H:%M:%S}\t1\t{state}\t0\t0\n")
                    lines += 1
    return lines, tk


def timed_import(label: str, data: bytes, now: datetime):
    from pegawai.kehadiran_impor import import_kehadiran

    counter = QueryCounter()
    started, cpu = time.perf_counter(), time.process_time()
    with counter.counting():
        result = import_kehadiran(
            data, filename="bench.dat", by=None, bulan=(TAHUN, BULAN), now=now
        )
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    # This process's CPU time (parsing, classifying, sending) against the wall clock: the rest
    # is PostgreSQL's, and both stretch when other work shares the machine.
    print(
        f"  {label:<30} {seconds:6.1f} s (Python {cpu:5.1f} s)  {counter.count:3d} query  "
        f"({result.dibuat:,} hari baru, {result.diubah:,} diubah, {result.scan_baru:,} scan baru)"
    )
    return seconds, counter.count, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=20000)
    parser.add_argument("--keep-log", metavar="PATH", help="keep the generated machine log here")
    args = parser.parse_args()
    with throwaway_database("ekinerja_bench_kehadiran"):
        from django.db import connection
        from django.utils import timezone

        from pegawai import kehadiran_query
        from pegawai.models import Kehadiran

        started = time.perf_counter()
        staff = generate_staff(args.staff)
        if args.keep_log:
            path = args.keep_log
        else:
            handle, path = tempfile.mkstemp(suffix=".dat", prefix="attlog-")
            os.close(handle)
        lines, tk = write_log(staff, path)
        size = os.path.getsize(path) / 1e6
        print(
            f"Data: {len(staff):,} pegawai ber-PIN, log mesin {lines:,} baris ({size:.1f} MB), "
            f"{tk:,} hari tanpa scan; dibuat dalam {time.perf_counter() - started:.1f} s"
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        data = Path(path).read_bytes()
        if not args.keep_log:
            os.unlink(path)
        now = datetime(TAHUN, BULAN + 1, 3, 9, tzinfo=timezone.get_current_timezone())

        print(f"Impor kehadiran {BULAN:02d}-{TAHUN} (beban mesin {os.getloadavg()[0]:.1f}):")
        first, q_first, result = timed_import("impor pertama", data, now)
        again, q_again, repeat = timed_import("impor ulang berkas yang sama", data, now)
        days = Kehadiran.objects.count()
        per_second = days / first if first else 0
        print(
            f"  {days:,} hari kehadiran tertulis, {per_second:,.0f} hari/detik pada impor pertama"
        )

        counter = QueryCounter()
        started = time.perf_counter()
        with counter.counting():
            rekap = kehadiran_query.rekap_bulan([pk for pk, _pin in staff], TAHUN, BULAN)
        read = time.perf_counter() - started
        tk_found = sum(r.per_kode["TK"] for r in rekap.values())
        tl = sum(sum(r.tl) for r in rekap.values())
        psw = sum(sum(r.psw) for r in rekap.values())
        print(
            f"  rekap_bulan untuk {len(rekap):,} pegawai        {read:7.2f} s  {counter.count:3d} query  "
            f"(TK {tk_found:,}, hari dengan TL {tl:,}, dengan PSW {psw:,})"
        )
        expected = len(staff) * 22
        ok = (
            days == expected == result.dibuat
            and repeat.berubah == 0
            and repeat.scan_baru == 0
            and tk_found == tk
            and counter.count == 1
        )
        print(
            f"Periksa: {expected:,} hari kerja diharapkan, {days:,} tertulis, TK {tk_found:,} "
            f"dari {tk:,} hari tanpa scan, impor ulang tanpa perubahan: {'ya' if ok else 'TIDAK'}"
        )
        del first, again, q_first, q_again
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
