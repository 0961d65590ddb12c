"""The monthly close of a whole pemda: 20,000 staff, 2.64 million entries, 440,000 attendance days.

Goal: `tpk.penutupan.close_periode` for the month (every staff member's TPK computed, written
and the month frozen, in one commit) in at most 10× the time of a bare SQL aggregate of approved
minutes per staff member over the same rows, measured in the same run:
`SELECT pegawai_id, sum(coalesce(menit_diakui, menit)) … WHERE status = 'disetujui' GROUP BY
pegawai_id`, its 20,000 groups fetched. Also printed: the close's queries (they must not
depend on the number of staff: tests/tpk/test_tutup.py pins that), and where its time goes
(loading the month, the pure calculation alone, the rest: snapshot, INSERTs, commit).

The data: staff through their import (bench/import_pegawai.py's generated pemda), a month of 22
working days × 6 entries each approved by the supervisor (bench/anomali.py's set-based fill),
and one attendance record per staff member per working day written by one `INSERT … SELECT`:
mostly H, about 9 % of days late (TL1–4), 8 % leaving early (PSW1–4), 2 % annual leave, 2 %
duty travel and 1 % absent without leave.

The close is timed three times: closed, reopened, closed again (revision 2), and so on; the
median is reported. The finance exports that listen to the close's signal (their own Celery task
after the commit) are disconnected: they are not part of the close.

Runs in a throwaway PostgreSQL database on DATABASE_URL's server (default
postgres://postgres@127.0.0.1:5432/postgres); about 12 minutes on 2 cores.

    python bench/tutup.py [--staff 20000] [--repeat 3]
"""

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import use_production_settings  # noqa: E402

use_production_settings()

from bench.aktivitas_isi import KATALOG, month_with  # noqa: E402
from bench.anomali import fill  # noqa: E402
from bench.common import QueryCounter, throwaway_database, timed  # noqa: E402
from bench.import_pegawai import write_csv  # noqa: E402

GOAL_RATIO = 10
DAYS = 22


def fill_kehadiran(connection, days: list[date]) -> int:
    """One attendance record per staff member per working day, set-based."""
    from django.db import transaction

    from pegawai.models import Kehadiran, Pegawai

    k, p = Kehadiran._meta.db_table, Pegawai._meta.db_table
    sql = f"""
        INSERT INTO {k} (pegawai_id, tanggal, kode, tl, psw, jam_masuk, jam_pulang,
            menit_terlambat, menit_pulang_cepat, sumber, izin_id, diubah_oleh_id, diubah_pada)
        SELECT x.id, x.tanggal, x.kode,
            CASE WHEN x.kode = 'H' AND mod(x.id + x.n * 3, 11) = 0 THEN 1 + mod(x.id + x.n, 4)
                 ELSE 0 END,
            CASE WHEN x.kode = 'H' AND mod(x.id * 5 + x.n, 13) = 0 THEN 1 + mod(x.id, 4)
                 ELSE 0 END,
            NULL, NULL, 0, 0, 'harian', NULL, NULL, now()
        FROM (
            SELECT p.id, d.tanggal, d.n,
                CASE WHEN mod(p.id + d.n, 97) = 0 THEN 'TK'
                     WHEN mod(p.id * 7 + d.n, 53) = 0 THEN 'CT'
                     WHEN mod(p.id * 3 + d.n, 61) = 0 THEN 'DL'
                     ELSE 'H' END AS kode
            FROM {p} p
            CROSS JOIN (SELECT t::date AS tanggal, row_number() OVER () AS n
                        FROM unnest(%s::date[]) t) d
        ) x
        ORDER BY x.id, x.tanggal
    """  # noqa: S608 (table names from the models)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [days])
        n = cursor.rowcount
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {k}")
        cursor.execute("CHECKPOINT")
    return n


def bare_aggregate(connection, mulai: date, selesai: date) -> float:
    from aktivitas.models import Entri

    sql = (
        "SELECT pegawai_id, sum(coalesce(menit_diakui, menit))"  # noqa: S608
        f" FROM {Entri._meta.db_table} WHERE status = 'disetujui' AND tanggal BETWEEN %s AND %s"
        " GROUP BY pegawai_id"
    )

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, [mulai, selesai])
            cursor.fetchall()

    return timed(run, repeat=5, warmup=1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3, help="penutupan yang diukur")
    args = parser.parse_args()
    if args.staff < 1000:
        parser.error("--staff: paling sedikit 1000, agar setiap jabatan struktural terisi")

    with tempfile.TemporaryDirectory() as tmp, throwaway_database("ekinerja_bench_tutup"):
        from django.db import connection
        from django.utils import timezone

        from aktivitas.models import Aktivitas, Entri
        from pegawai.hierarki import Hierarki
        from pegawai.importer import import_pegawai
        from pegawai.models import Kehadiran, Pegawai, User
        from tpk import calculation, penutupan
        from tpk.models import AturanTPK, HasilTPK
        from tpk.signals import periode_dibuka, periode_ditutup

        # The finance exports listen to the close and run as their own Celery task after its
        # commit (here, without a broker, they would run inside the timing): not the close's.
        periode_ditutup.disconnect(dispatch_uid="tpk.ekspor.periode_ditutup")
        periode_dibuka.disconnect(dispatch_uid="tpk.ekspor.periode_dibuka")

        started = time.perf_counter()
        print(f"{os.cpu_count()} core; PostgreSQL {connection.pg_version // 10000}", flush=True)
        path = Path(tmp) / "pegawai.csv"
        write_csv(path, args.staff)
        t = time.perf_counter()
        with path.open("rb") as fh:
            import_pegawai(fh, filename=path.name, by=None)
        print(f"Pegawai        : {args.staff} diimpor dalam {time.perf_counter() - t:.1f} s")
        Aktivitas.objects.bulk_create(
            Aktivitas(kode=kode, nama=nama, satuan=satuan, menit_standar=60, untuk_pelaksana=True)
            for kode, nama, satuan, _menit in KATALOG
        )

        days = month_with(DAYS, timezone.localdate())
        mulai = days[0].replace(day=1)
        selesai = (mulai + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        t = time.perf_counter()
        n_entries, _n_history = fill(connection, days, Hierarki.on(days[0]).atasan_map())
        approved = Entri.objects.filter(status=Entri.Status.DISETUJUI).count()
        print(
            f"Entri          : {n_entries:,} ({days[0]:%B %Y}, {DAYS} hari × 6), {approved:,} "
            f"disetujui, dalam {time.perf_counter() - t:.0f} s",
            flush=True,
        )
        t = time.perf_counter()
        n_days = fill_kehadiran(connection, days)
        deducting = Kehadiran.objects.exclude(kode="H", tl=0, psw=0).count()
        print(
            f"Kehadiran      : {n_days:,} hari ({deducting:,} dengan potongan atau kredit), "
            f"dalam {time.perf_counter() - t:.0f} s",
            flush=True,
        )

        bare = bare_aggregate(connection, mulai, selesai)
        print(f"Agregat SQL    : {bare:.2f} s (median 5×; menit disetujui per pegawai)", flush=True)

        # Where the time goes, outside the close: loading the month, and the pure calculation
        # alone over everyone (the close does both, plus the snapshot, the INSERTs and the
        # commit).
        t = time.perf_counter()
        bahan = penutupan.load(mulai.year, mulai.month)
        loaded = time.perf_counter() - t
        aturan = AturanTPK.objects.with_rincian().for_date(mulai).snapshot()
        snapshots = {o.pk: penutupan.snapshot_for(o, bahan) for o in bahan.orang}
        masukan = [
            penutupan.masukan_for(o, bahan, aturan, snapshots[o.pk].kelas) for o in bahan.orang
        ]
        t = time.perf_counter()
        for m in masukan:
            calculation.compute_tpk(m)
        computed = time.perf_counter() - t

        admin = User.objects.create_superuser("bench-admin", password=secrets.token_urlsafe(20))
        now = timezone.make_aware(
            datetime.combine(selesai + timedelta(days=6), datetime.min.time())
        )
        samples, queries = [], None
        for i in range(args.repeat):
            if i:
                penutupan.reopen_periode(
                    mulai.year, mulai.month, alasan="Ukur ulang", by=admin, now=now
                )
            counter = QueryCounter()
            t = time.perf_counter()
            with counter.counting():
                run = penutupan.close_periode(mulai.year, mulai.month, by=admin, now=now)
            samples.append(time.perf_counter() - t)
            queries = queries or counter.count
            print(
                f"  penutupan revisi {run.revisi}: {samples[-1]:.2f} s, {counter.count} query, "
                f"{run.total:,} pegawai",
                flush=True,
            )
        seconds = statistics.median(samples)
        rows = HasilTPK.objects.filter(revisi=1)
        print(f"Penutupan      : {seconds:.2f} s (median {args.repeat}×), {queries} query")
        print(f"  memuat bulan : {loaded:.2f} s (di luar penutupan, query yang sama)")
        print(
            f"  compute_tpk  : {computed:.2f} s untuk {len(masukan):,} pegawai "
            f"({computed / len(masukan) * 1e6:.0f} µs/pegawai, modul murni saja)"
        )
        print(
            f"  hasil        : {rows.count():,} baris per revisi, "
            f"{Pegawai.objects.count():,} pegawai; T = 0: "
            f"{rows.filter(target_menit=0).count():,}"
        )
        ratio = seconds / bare
        verdict = "TERCAPAI" if ratio <= GOAL_RATIO else "TIDAK TERCAPAI"
        print(f"Rasio penutupan / agregat SQL = {ratio:.1f}× (target ≤ {GOAL_RATIO}×): {verdict}")
        connection.close()
        print(f"Selesai dalam {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()
