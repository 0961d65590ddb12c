"""Fill a month of entries for 20,000 staff through the import path, and open one month page.

Goals: importing 20,000 staff × 22 working days × 6 entries (2.64 million rows) through
`aktivitas.entri_impor.import_entri`, checks and all, in at most 3× the time PostgreSQL takes for
a bare `INSERT … SELECT` of as many rows in the same run; the month recap page of one staff
member with a full month in at most 10 queries.

The yardstick: `INSERT INTO bench_entri (…) SELECT … FROM pegawai × generate_series(days) ×
six slots`, into `CREATE TABLE bench_entri (LIKE aktivitas_entri INCLUDING ALL)` plus the three
foreign keys LIKE does not copy. So it pays for everything the table itself asks: the primary key
and identity, the three b-tree indexes, the CHECK constraints, the exclusion constraint on person
+ time range (a GiST index) and the foreign-key triggers, but no parsing, no checks against the
database, no network and no Python. The import is timed from the Python rows (tuples of date,
time, int, str, as the demo hands them over) to committed entries, in chunks of --chunk rows
(whole people per chunk), each one call of import_entri: its own checks, one COPY, one log row.
The yardstick runs first; its table is dropped before the import, and autovacuum is paused on
the entry table while the import is timed (the yardstick's one transaction never lets it start)
and run (ANALYZE) before the page is.

Both are dominated by the exclusion constraint's GiST index, which PostgreSQL maintains row by
row: most of the time is the table's, not the import's.

Runs in a throwaway PostgreSQL database on DATABASE_URL's server (default
postgres://postgres@127.0.0.1:5432/postgres), about 10 minutes on 2 cores to itself.

    python bench/aktivitas_isi.py [--staff 20000] [--chunk 100000] [--repeat 30]
"""

import argparse
import calendar
import os
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as jam
from pathlib import Path

# Production settings, as the page is served: no debug cursor, no template instrumentation.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import use_production_settings  # noqa: E402

use_production_settings()

from bench.common import QueryCounter, throwaway_database, timed  # noqa: E402
from bench.import_pegawai import write_csv  # noqa: E402

GOAL_RATIO = 3
GOAL_QUERIES = 10
DAYS = 22
# Six entries a day inside office hours (08:00–16:30, Friday's long break 12:00–14:00).
SLOTS = [(jam(8), jam(9)), (jam(9), jam(10)), (jam(10), jam(11)), (jam(11), jam(12)),
         (jam(14), jam(15)), (jam(15), jam(16))]  # fmt: skip
KATALOG = [
    ("B-01", "Mengagendakan surat masuk", "surat", 5),
    ("B-02", "Menyusun konsep surat dinas", "surat", 30),
    ("B-03", "Mengarsipkan dokumen", "berkas", 10),
    ("B-04", "Menginput data ke aplikasi", "data", 3),
    ("B-05", "Mengikuti rapat koordinasi", "kegiatan", 60),
    ("B-06", "Menyusun laporan kegiatan", "laporan", 90),
    ("B-07", "Melayani tamu dan pengaduan", "orang", 15),
    ("B-08", "Menyusun SPJ kegiatan", "SPJ", 60),
    ("B-09", "Memverifikasi kelengkapan berkas", "berkas", 15),
    ("B-10", "Mengolah data bidang tugas", "set data", 45),
    ("B-11", "Menyiapkan bahan rapat", "kegiatan", 45),
    ("B-12", "Memutakhirkan data kepegawaian", "data", 10),
]


def month_with(days: int, today: date) -> list[date]:
    """The weekdays of the latest month before this one that has exactly `days` of them."""
    first = today.replace(day=1)
    while True:
        first = (first - timedelta(days=1)).replace(day=1)
        last = calendar.monthrange(first.year, first.month)[1]
        weekdays = [first + timedelta(days=i) for i in range(last)]
        weekdays = [d for d in weekdays if d.weekday() < 5]
        if len(weekdays) == days:
            return weekdays


def entry_rows(people: list[tuple[str, str | None]], days: list[date], tz):
    """Six entries a day per person: approved the next morning by the supervisor, or waiting
    where there is none (the heads of the OPD)."""
    n = len(KATALOG)
    decided = {d: datetime.combine(d + timedelta(days=1), jam(9), tzinfo=tz) for d in days}
    for i, (nip, atasan) in enumerate(people):
        for j, day in enumerate(days):
            when = decided[day]
            for k, (mulai, selesai) in enumerate(SLOTS):
                kode, nama, satuan, _menit = KATALOG[(i + j + k) % n]
                volume = 1 + (i + k) % 3
                uraian = f"{nama}: {volume} {satuan}, pekerjaan rutin hari ke-{j + 1}"
                if atasan:
                    yield (
                        nip,
                        day,
                        mulai,
                        selesai,
                        kode,
                        volume,
                        uraian,
                        "disetujui",
                        atasan,
                        when,
                    )
                else:
                    yield (nip, day, mulai, selesai, kode, volume, uraian, "diajukan", "", None)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=20_000)
    parser.add_argument("--chunk", type=int, default=100_000, help="baris per panggilan impor")
    parser.add_argument("--repeat", type=int, default=30, help="permintaan halaman bulan")
    args = parser.parse_args()
    if args.staff < 1000:
        parser.error("--staff: paling sedikit 1000, agar setiap jabatan struktural terisi")

    with tempfile.TemporaryDirectory() as tmp, throwaway_database("ekinerja_bench_aktivitas"):
        from django.db import connection
        from django.test import Client
        from django.urls import reverse
        from django.utils import timezone

        from aktivitas.entri_impor import import_entri
        from aktivitas.katalog_impor import import_katalog
        from aktivitas.models import Entri
        from pegawai.hierarki import Hierarki
        from pegawai.importer import import_pegawai
        from pegawai.models import Pegawai

        started = time.perf_counter()
        print(
            f"{os.cpu_count()} core, beban {os.getloadavg()[0]:.1f}; "
            f"PostgreSQL {connection.pg_version // 10000}",
            flush=True,
        )

        # 1. The staff, through their own import; the catalog, through its import.
        path = Path(tmp) / "pegawai.csv"
        write_csv(path, args.staff)
        t = time.perf_counter()
        with path.open("rb") as fh:
            import_pegawai(fh, filename=path.name, by=None)
        print(f"Pegawai        : {args.staff} diimpor dalam {time.perf_counter() - t:.1f} s")
        import_katalog(
            [
                {"KODE": kode, "NAMA": nama, "SATUAN": satuan, "MENIT": menit,
                 "JENIS JABATAN": "semua"}
                for kode, nama, satuan, menit in KATALOG
            ],
            by=None,
        )  # fmt: skip

        # 2. The rows: a month of 22 working days, supervisors as the hierarchy says.
        days = month_with(DAYS, timezone.localdate())
        atasan = Hierarki.on(days[0]).atasan_map()
        nip_of = dict(Pegawai.objects.values_list("pk", "nip"))
        people = sorted((nip_of[pk], nip_of.get(atasan.get(pk))) for pk in nip_of)
        total = len(people) * len(days) * len(SLOTS)
        print(
            f"Baris          : {len(people)} pegawai × {len(days)} hari × {len(SLOTS)} = "
            f"{total:,} ({days[0]:%B %Y})",
            flush=True,
        )

        # 3. The yardstick: a bare INSERT … SELECT of as many rows into a copy of the table.
        bare = bare_insert(connection, days)
        print(f"INSERT … SELECT: {bare:.1f} s ({total / bare:,.0f} baris/s)", flush=True)

        # 4. The import, chunk by chunk, whole people per chunk.
        per_person = len(days) * len(SLOTS)
        group = max(1, args.chunk // per_person)
        table = Entri._meta.db_table
        with connection.cursor() as cursor:
            # The yardstick is done: its table would keep autovacuum busy during the import.
            cursor.execute("DROP TABLE bench_entri")
            # The yardstick's single transaction never lets autovacuum start before it is
            # timed; the import commits every chunk, so it is paused for the import as well.
            cursor.execute(f"ALTER TABLE {table} SET (autovacuum_enabled = false)")
            cursor.execute("CHECKPOINT")
        tz = timezone.get_current_timezone()
        imported, spent, done = 0, 0.0, 0
        counter = QueryCounter()
        for start in range(0, len(people), group):
            rows = list(entry_rows(people[start : start + group], days, tz))
            t = time.perf_counter()
            with counter.counting():
                result = import_entri(rows, by=None, filename="bench")
            spent += time.perf_counter() - t
            imported += result.dibuat
            done += 1
            if done % 5 == 0 or imported == total:
                rate = imported / spent
                print(
                    f"  impor        : {imported:>9,} baris, {spent:6.1f} s, {rate:,.0f} baris/s, "
                    f"sisa ~{(total - imported) / rate:.0f} s",
                    flush=True,
                )
        assert imported == total == Entri.objects.count(), (imported, total)
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table} RESET (autovacuum_enabled)")
            cursor.execute(f"ANALYZE {table}")
        ratio = spent / bare
        print(
            f"Impor          : {spent:.1f} s ({total / spent:,.0f} baris/s), {done} panggilan, "
            f"{counter.count} query Django (COPY tidak terhitung)"
        )
        verdict = "TERCAPAI" if ratio <= GOAL_RATIO else "TIDAK TERCAPAI"
        print(f"Rasio impor / INSERT … SELECT = {ratio:.2f}× (target ≤ {GOAL_RATIO}×): {verdict}")

        # 5. The month recap page of one staff member with a full month.
        who = Pegawai.objects.select_related("user").get(nip=people[len(people) // 2][0])
        url = reverse("aktivitas:bulan") + f"?bulan={days[0]:%Y-%m}"
        client = Client()
        client.force_login(who.user)
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        counter = QueryCounter()
        with counter.counting():
            client.get(url)
        seconds = timed(lambda: client.get(url), repeat=args.repeat, warmup=3)
        verdict = "TERCAPAI" if counter.count <= GOAL_QUERIES else "TIDAK TERCAPAI"
        print(
            f"Halaman bulan  : {url} sebagai {who.nip} "
            f"({Entri.objects.filter(pegawai=who).count()} entri): {seconds * 1000:.1f} ms, "
            f"{counter.count} query (target ≤ {GOAL_QUERIES}): {verdict}"
        )
        connection.close()
        print(
            f"Selesai dalam {time.perf_counter() - started:.0f} s; beban rata-rata 15 menit "
            f"terakhir {os.getloadavg()[2]:.1f} (2 core: lebih dari 2 berarti ada proses lain)."
        )


def bare_insert(connection, days: list[date]) -> float:
    """Seconds for INSERT … SELECT of len(people) × len(days) × 6 rows into bench_entri."""
    from django.db import transaction

    from aktivitas.models import Aktivitas, Entri
    from pegawai.models import Pegawai, User

    table = Entri._meta.db_table
    slots = ", ".join(
        f"({k}, '{m:%H:%M}'::time, '{s:%H:%M}'::time)" for k, (m, s) in enumerate(SLOTS)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE bench_entri (LIKE {table} INCLUDING ALL)")
        for column, target in (
            ("pegawai_id", Pegawai),
            ("aktivitas_id", Aktivitas),
            ("diputuskan_oleh_id", User),
        ):
            cursor.execute(
                f"ALTER TABLE bench_entri ADD FOREIGN KEY ({column}) "
                f"REFERENCES {target._meta.db_table} (id) DEFERRABLE INITIALLY DEFERRED"
            )
        cursor.execute("CHECKPOINT")
    sql = f"""
        INSERT INTO bench_entri (pegawai_id, tanggal, mulai, selesai, aktivitas_id, volume,
            uraian, menit_standar, menit, di_luar_jadwal, status, sumber, bukti, bukti_nama,
            bukti_jenis, dibuat_pada, diubah_pada, diputuskan_oleh_id, diputuskan_pada)
        SELECT p.id, d.tanggal, s.mulai, s.selesai, a.id, 1 + mod(p.id + s.k, 3),
            a.nama || ': ' || (1 + mod(p.id + s.k, 3)) || ' ' || a.satuan
                || ', pekerjaan rutin hari ke-' || d.n,
            a.menit_standar, LEAST(a.menit_standar * (1 + mod(p.id + s.k, 3)), 60), false,
            'disetujui', 'impor', '', '', '', now(), now(), p.user_id,
            d.tanggal + time '09:00' + interval '1 day'
        FROM {Pegawai._meta.db_table} p
        CROSS JOIN (SELECT t::date AS tanggal, row_number() OVER () AS n
                    FROM unnest(%s::date[]) t) d
        CROSS JOIN (VALUES {slots}) AS s(k, mulai, selesai)
        JOIN (SELECT id, nama, satuan, menit_standar,
                     row_number() OVER (ORDER BY kode) - 1 AS i,
                     count(*) OVER () AS n
              FROM {Aktivitas._meta.db_table}) a
          ON a.i = mod(p.id + d.n + s.k, a.n)
    """  # noqa: S608 (table names from the models)
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [days])
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
