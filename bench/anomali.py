"""The review team's anomaly scan over a whole month: 20,000 staff and 2.64 million entries.

Goal: `penilaian.anomali.scan_anomalies` for the month (every kind of flag, written to the
database) in at most 10× the time of a bare SQL aggregate over the same rows measured in the same
run: `SELECT pegawai_id, tanggal, sum(menit) … GROUP BY pegawai_id, tanggal` over the month's
entries (summed once more, so that PostgreSQL must compute every group; no transfer of the
groups to Python). Also printed: the scan of one OPD, and the queries of each scan, which must
not depend on the number of staff.

The data: staff through their import (bench/import_pegawai.py's generated pemda), then a month of
22 working days × 6 non-overlapping one-hour entries each, written set-based by one
`INSERT … SELECT … generate_series` into aktivitas_entri (the exclusion constraint holds), and
each approval's RiwayatEntri row by a second one. Entries of staff with a supervisor are approved
by that supervisor; the OPD heads' wait (diajukan). Some of the rows are made to trip each flag:
days above the 300-minute target, entries outside hours, staff who repeat one description all
month, entries made six days late, and supervisors who approve in bursts of half a second.

Runs in a throwaway PostgreSQL database on DATABASE_URL's server (default
postgres://postgres@127.0.0.1:5432/postgres); about 8 minutes on 2 cores.

    python bench/anomali.py [--staff 20000] [--repeat 3]
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import use_production_settings  # noqa: E402

use_production_settings()

from bench.aktivitas_isi import KATALOG, SLOTS, month_with  # noqa: E402
from bench.common import QueryCounter, throwaway_database, timed  # noqa: E402
from bench.import_pegawai import write_csv  # noqa: E402

GOAL_RATIO = 10
DAYS = 22


def ensure_penilaian_tables(connection) -> list[str]:
    """Tables of penilaian that no migration has made yet (its migration is written last)."""
    from django.apps import apps

    existing = set(connection.introspection.table_names())
    made = []
    with connection.schema_editor() as editor:
        for model in apps.get_app_config("penilaian").get_models():
            if model._meta.db_table not in existing:
                editor.create_model(model)
                made.append(model._meta.db_table)
    return made


def fill(connection, days: list[date], atasan: dict[int, int | None]) -> tuple[int, int]:
    """The month's entries and their approvals, set-based; (entries, history rows)."""
    from django.conf import settings
    from django.db import transaction

    from aktivitas.models import Aktivitas, Entri, RiwayatEntri
    from pegawai.models import Pegawai

    user_of = dict(Pegawai.objects.values_list("pk", "user_id"))
    pegawai_ids = sorted(user_of)
    atasan_user = [user_of.get(atasan.get(pk)) for pk in pegawai_ids]
    slots = ", ".join(
        f"({k}, '{m:%H:%M}'::time, '{s:%H:%M}'::time)" for k, (m, s) in enumerate(SLOTS)
    )
    e, r = Entri._meta.db_table, RiwayatEntri._meta.db_table
    tz = settings.TIME_ZONE
    # d.n: the day's number (1–22); s.k: the slot (0–5). The CASEs pick the rows that trip a flag.
    entries = f"""
        INSERT INTO {e} (pegawai_id, tanggal, mulai, selesai, aktivitas_id, volume, uraian,
            menit_standar, menit, di_luar_jadwal, status, sumber, bukti, bukti_nama, bukti_jenis,
            dibuat_pada, diubah_pada, diputuskan_oleh_id, diputuskan_pada)
        SELECT p.id, d.tanggal, s.mulai, s.selesai, a.id, 1,
            CASE WHEN mod(p.id, 97) = 0 THEN 'Menyelesaikan tugas rutin kantor'
                 ELSE a.nama || ', pekerjaan hari ke-' || d.n || ' bagian ' || s.k END,
            60,
            CASE WHEN mod(p.id + d.n, 31) = 0 THEN 60 ELSE 45 END,
            mod(p.id + d.n * 7 + s.k, 53) = 0,
            CASE WHEN p.atasan_user IS NULL THEN 'diajukan' ELSE 'disetujui' END,
            'isian', '', '', '',
            (d.tanggal + time '17:00' + CASE WHEN mod(p.id + d.n, 89) = 0
                THEN interval '6 days' ELSE interval '0' END) AT TIME ZONE %s,
            (d.tanggal + time '17:00') AT TIME ZONE %s,
            p.atasan_user,
            CASE WHEN p.atasan_user IS NULL THEN NULL
                 ELSE (d.tanggal + time '09:00' + interval '1 day'
                       + (p.r * 6 + s.k) * CASE WHEN mod(p.atasan_user, 50) = 0
                             THEN interval '0.5 second' ELSE interval '9 seconds' END)
                      AT TIME ZONE %s END
        FROM (SELECT id, atasan_user,
                     row_number() OVER (PARTITION BY atasan_user ORDER BY id) - 1 AS r
              FROM unnest(%s::bigint[], %s::bigint[]) AS t(id, atasan_user)) p
        CROSS JOIN (SELECT t::date AS tanggal, row_number() OVER () AS n
                    FROM unnest(%s::date[]) t) d
        CROSS JOIN (VALUES {slots}) AS s(k, mulai, selesai)
        JOIN (SELECT id, nama, row_number() OVER (ORDER BY kode) - 1 AS i, count(*) OVER () AS n
              FROM {Aktivitas._meta.db_table}) a ON a.i = mod(p.id + d.n + s.k, a.n)
        -- Each person's rows one after another: the exclusion constraint's index is filled
        -- where it was just touched, several times faster than in random order.
        ORDER BY p.id, d.tanggal, s.k
    """  # noqa: S608 (table names from the models)
    history = f"""
        INSERT INTO {r} (entri_id, oleh_id, pada, dari_status, ke_status, catatan)
        SELECT id, diputuskan_oleh_id, diputuskan_pada, 'diajukan', 'disetujui', ''
        FROM {e} WHERE status = 'disetujui' AND tanggal BETWEEN %s AND %s
    """  # noqa: S608
    with transaction.atomic(), connection.cursor() as cursor:
        # The generated ids need no foreign-key check row by row; the CHECK and exclusion
        # constraints and every index apply as to any entry.
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(entries, [tz, tz, tz, pegawai_ids, atasan_user, days])
        n_entries = cursor.rowcount
        cursor.execute(history, [days[0], days[-1]])
        n_history = cursor.rowcount
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {e}")
        cursor.execute(f"VACUUM ANALYZE {r}")
        cursor.execute("CHECKPOINT")
    return n_entries, n_history


def bare_aggregate(connection, mulai: date, selesai: date) -> float:
    from aktivitas.models import Entri

    sql = (
        "SELECT count(*), sum(m) FROM (SELECT pegawai_id, tanggal, sum(menit) AS m"  # noqa: S608
        f" FROM {Entri._meta.db_table} WHERE tanggal BETWEEN %s AND %s"
        " GROUP BY pegawai_id, tanggal) x"
    )

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, [mulai, selesai])
            cursor.fetchall()

    return timed(run, repeat=5, warmup=1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3, help="pemindaian yang diukur")
    args = parser.parse_args()
    if args.staff < 1000:
        parser.error("--staff: paling sedikit 1000, agar setiap jabatan struktural terisi")

    with tempfile.TemporaryDirectory() as tmp, throwaway_database("ekinerja_bench_anomali"):
        from django.db import connection
        from django.utils import timezone

        from aktivitas.models import Aktivitas, Entri
        from pegawai.hierarki import Hierarki
        from pegawai.importer import import_pegawai
        from pegawai.models import UnitKerja
        from penilaian.anomali import scan_anomalies
        from penilaian.models import FlagEntri

        started = time.perf_counter()
        print(f"{os.cpu_count()} core; PostgreSQL {connection.pg_version // 10000}", flush=True)
        made = ensure_penilaian_tables(connection)
        if made:
            print(f"Tabel penilaian dibuat langsung dari model (belum ada migrasi): {len(made)}")

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
        n_entries, n_history = fill(connection, days, Hierarki.on(days[0]).atasan_map())
        print(
            f"Entri          : {n_entries:,} ({days[0]:%B %Y}, {DAYS} hari × {len(SLOTS)}), "
            f"riwayat persetujuan {n_history:,}, dalam {time.perf_counter() - t:.0f} s",
            flush=True,
        )

        bare = bare_aggregate(connection, mulai, selesai)
        print(f"Agregat SQL    : {bare:.2f} s (median 5×; GROUP BY pegawai, tanggal)", flush=True)

        counter = QueryCounter()
        with counter.counting():
            counts = scan_anomalies(mulai.year, mulai.month)
        queries = counter.count
        seconds = timed(
            lambda: scan_anomalies(mulai.year, mulai.month), repeat=args.repeat, warmup=0
        )
        flagged = FlagEntri.objects.filter(tahun=mulai.year, bulan=mulai.month)
        print(f"Pemindaian     : {seconds:.2f} s (median {args.repeat}×), {queries} query")
        for jenis, label in FlagEntri.Jenis.choices:
            print(f"  {label:40}: {counts[jenis]:>9,}")
        print(
            f"  entri bertanda: {flagged.values('entri').distinct().count():,} dari "
            f"{Entri.objects.filter(status=Entri.Status.DISETUJUI).count():,} yang disetujui"
        )

        opd = UnitKerja.objects.filter(induk__isnull=True).order_by("kode").first()
        counter = QueryCounter()
        t = time.perf_counter()
        with counter.counting():
            scan_anomalies(mulai.year, mulai.month, units=[opd])
        print(
            f"Satu OPD       : {opd.nama}: {time.perf_counter() - t:.2f} s, {counter.count} query"
        )

        ratio = seconds / bare
        verdict = "TERCAPAI" if ratio <= GOAL_RATIO else "TIDAK TERCAPAI"
        print(f"Rasio pemindaian / agregat SQL = {ratio:.1f}× (target ≤ {GOAL_RATIO}×): {verdict}")
        connection.close()
        print(f"Selesai dalam {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()
