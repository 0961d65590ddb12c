"""The supervisor's queue with 40 subordinates and 500 undecided entries, and approving all 500
at once.

Goals (the issue): the queue page in at most 12 queries, within 15× a bare Django page doing one
indexed query (measured side by side, as bench/pages.py does, through the full middleware stack,
logged in); the bulk approval of 500 entries in at most 5 queries. Runs in a throwaway
PostgreSQL database on DATABASE_URL's server, in about a minute.

    python bench/antrian_atasan.py [--repeat 100]
"""

import argparse
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as jam
from pathlib import Path
from zoneinfo import ZoneInfo

# Production settings, as the pages are served: no debug cursor, no template instrumentation.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import use_production_settings  # noqa: E402

use_production_settings()

from bench.common import QueryCounter, throwaway_database, timed  # noqa: E402

SUBORDINATES = 40
ENTRIES = 500
GOAL_PAGE_QUERIES = 12
GOAL_RATIO = 15
GOAL_BULK_QUERIES = 5
# The screens' clock: a Wednesday late in the month, with two weeks of work waiting.
NOW = datetime(2026, 5, 20, 16, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def bare(request):
    """The yardstick: one query on an indexed column, a tiny response."""
    from django.http import HttpResponse

    from pegawai.models import Pegawai

    nama = Pegawai.objects.filter(nip=request.GET["nip"]).values_list("nama", flat=True).first()
    return HttpResponse(f"<!doctype html><title>x</title><p>{nama}</p>")


def create_missing_tables() -> None:
    """penilaian's tables, while its migration is not written yet (the lead writes it last);
    with the migration in place this creates nothing."""
    from django.apps import apps
    from django.db import connection

    existing = set(connection.introspection.table_names())
    with connection.schema_editor() as editor:
        for model in apps.get_app_config("penilaian").get_models():
            if model._meta.db_table not in existing:
                editor.create_model(model)


def build():
    """One bidang: the kabid, 40 staff under them, 500 submitted entries over two weeks."""
    from aktivitas.models import Aktivitas, Entri
    from pegawai.models import Jabatan, Pegawai, Penugasan, Periode, UnitKerja, User

    opd = UnitKerja.objects.create(kode="9", nama="Dinas Bench", jenis="opd")
    bidang = UnitKerja.objects.create(kode="9.1", nama="Bidang Bench", jenis="bidang", induk=opd)
    kepala = Jabatan.objects.create(
        nama="Kepala Dinas", unit=opd, jenis="struktural", eselon="II.b", kelas=14
    )
    kabid = Jabatan.objects.create(
        nama="Kepala Bidang", unit=bidang, jenis="struktural", eselon="III.b", kelas=11,
        atasan=kepala,
    )  # fmt: skip
    pelaksana = Jabatan.objects.create(
        nama="Pengelola Data", unit=bidang, jenis="pelaksana", kelas=6, atasan=kabid
    )
    start = date(2020, 1, 1)

    def person(i: int, jabatan, *, login: bool) -> Pegawai:
        nip = f"19900101201501{1 if i % 2 else 2}{i:03d}"
        user = User.objects.create_user(username=nip) if login else None
        p = Pegawai.objects.create(
            user=user, nip=nip, nama=f"Pegawai {i:02d}", jenis_asn="PNS", golongan="III/a",
            jabatan=jabatan, unit=jabatan.unit, aktif_mulai=start,
        )  # fmt: skip
        Penugasan.objects.create(pegawai=p, jabatan=jabatan, mulai=start)
        return p

    atasan = person(0, kabid, login=True)
    staff = [person(i, pelaksana, login=False) for i in range(1, SUBORDINATES + 1)]
    aktivitas = Aktivitas.objects.create(
        kode="B-01", nama="Mengolah data bidang tugas", satuan="set data", menit_standar=45,
        untuk_pelaksana=True,
    )  # fmt: skip
    days = [NOW.date() - timedelta(days=d) for d in range(1, 17)]
    days = [d for d in days if d.weekday() < 5][:10]
    slots = [(jam(h), jam(h + 1)) for h in (8, 9, 10, 13, 14)]
    now = NOW - timedelta(hours=1)
    rows = []
    for n in range(ENTRIES):
        p = staff[n % SUBORDINATES]
        k = n // SUBORDINATES  # 0..12: the person's k-th entry
        mulai, selesai = slots[k % len(slots)]
        rows.append(
            Entri(
                pegawai=p,
                tanggal=days[k // len(slots) * 3 + k % 3],
                mulai=mulai,
                selesai=selesai,
                aktivitas=aktivitas,
                volume=1,
                uraian=f"Mengolah data bidang tugas, berkas ke-{n + 1}",
                menit_standar=45,
                menit=45,
                status="diajukan",
                dibuat_pada=now,
                diubah_pada=now,
            )  # fmt: skip
        )
    Entri.objects.bulk_create(rows)
    # Entries made through the app leave their month's row behind (Periode.lock_months); the
    # bulk insert above does not, and a month's first decision would pay for making it.
    Periode.objects.bulk_create(
        [Periode(tahun=t, bulan=b) for t, b in {(r.tanggal.year, r.tanggal.month) for r in rows}],
        ignore_conflicts=True,
    )
    return atasan, staff


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args()

    with throwaway_database("ekinerja_bench_antrian"):
        from django.db import connection
        from django.test import Client
        from django.urls import clear_url_caches, path, reverse

        import ekinerja.urls
        from aktivitas.models import Entri
        from penilaian import views_persetujuan
        from penilaian.services.persetujuan import approve_entries

        create_missing_tables()
        atasan, staff = build()
        views_persetujuan._now = lambda: NOW
        ekinerja.urls.urlpatterns.append(path("__bare__/", bare))
        clear_url_caches()
        waiting = Entri.objects.filter(status="diajukan").count()
        print(
            f"Data: 1 atasan, {len(staff)} bawahan, {waiting} entri menunggu keputusan. "
            f"{args.repeat} permintaan per halaman, median."
        )

        antrian = reverse("penilaian:antrian")
        pages = [
            ("halaman kosong + 1 query (pembanding)", f"/__bare__/?nip={atasan.nip}", None),
            ("antrian atasan, halaman 1", antrian, GOAL_RATIO),
            ("antrian atasan, halaman terakhir", f"{antrian}?hal=99", GOAL_RATIO),
            ("antrian atasan, satu pegawai", f"{antrian}?pegawai={staff[0].pk}", GOAL_RATIO),
        ]
        client = Client()
        client.force_login(atasan.user)
        print(f"{'halaman':38} {'ms':>7} {'rasio':>6} {'target':>7} {'query':>6} {'entri':>6}")
        failed = False
        base = None
        for label, url, goal in pages:
            response = client.get(url)
            assert response.status_code == 200, (label, response.status_code)
            shown = response.content.count(b'data-entri="')
            counter = QueryCounter()
            with counter.counting():
                client.get(url)
            seconds = timed(lambda u=url: client.get(u), repeat=args.repeat, warmup=10)
            base = base or seconds
            ratio = seconds / base
            ok = goal is None or (ratio <= goal and counter.count <= GOAL_PAGE_QUERIES)
            failed |= not ok
            target = f"≤{goal}×" if goal else "-"
            print(
                f"{label:38} {seconds * 1000:7.2f} {ratio:5.1f}× {target:>7} {counter.count:6d} "
                f"{shown:6d}" + ("" if ok else "  MELEBIHI TARGET")
            )
        print(f"(target query halaman antrian ≤ {GOAL_PAGE_QUERIES})")

        # The bulk approval, as the view calls it: the user's staff record already loaded.
        ids = list(Entri.objects.filter(status="diajukan").values_list("pk", flat=True))
        by = atasan.user
        by.pegawai  # noqa: B018
        counter = QueryCounter()
        start = time.perf_counter()
        with counter.counting():
            approved = approve_entries(ids, by=by, now=NOW)
        seconds = time.perf_counter() - start
        assert len(approved) == len(ids) == Entri.objects.filter(status="disetujui").count()
        ok = counter.count <= GOAL_BULK_QUERIES
        failed |= not ok
        print(
            f"Setujui {len(ids)} entri sekaligus: {seconds * 1000:.1f} ms, {counter.count} query "
            f"(target ≤ {GOAL_BULK_QUERIES}): {'TERCAPAI' if ok else 'TIDAK TERCAPAI'}"
        )
        connection.close()
        print("Semua target tercapai." if not failed else "Ada target yang tidak tercapai.")
        if failed:
            sys.exit(1)


if __name__ == "__main__":
    main()
