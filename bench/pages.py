"""Page speed as a ratio to a bare Django page doing one indexed query, measured side by side.

Goals (DEVELOPERS.md): a page staff use every day within 3× of the bare page; a supervisor or
finance list of hundreds of rows within 15×. Runs on the demo kota (about 300 staff) in a
throwaway PostgreSQL database, through Django's full middleware stack, logged in. Each page is
timed in batches alternating with the bare page, and divided by the bare page's median of those
same moments; the ratio of CPU time is printed too.

    python bench/pages.py [--repeat 200]
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

# Production settings, as the pages are served: no debug cursor, no template instrumentation.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import use_production_settings  # noqa: E402

use_production_settings()

from bench.common import QueryCounter, throwaway_database  # noqa: E402

# (label, who, url name or callable, goal ratio)
DAILY, LIST = 3, 15


def bare(request):
    """The yardstick: one query on an indexed column, a tiny response."""
    from django.http import HttpResponse

    from pegawai.models import Pegawai

    nama = Pegawai.objects.filter(nip=request.GET["nip"]).values_list("nama", flat=True).first()
    return HttpResponse(f"<!doctype html><title>x</title><p>{nama}</p>")


def paired(page, bare, *, repeat: int, batch: int = 10) -> tuple[float, float, float]:
    """Medians of `page()` and `bare()` timed in alternating batches of `batch`: the wall-clock
    seconds of each, and the ratio of their CPU time in this process.

    The machine is never quiet: load that comes and goes while a page is measured weighs on its
    yardstick alike, where one yardstick measured first would carry the load of its moment. CPU
    time leaves out the waits for the database and for the other processes.
    """
    for _ in range(batch):
        page()
        bare()
    wall: dict = {page: [], bare: []}
    cpu: dict = {page: [], bare: []}
    for _ in range(max(1, repeat // batch)):
        for fn in (bare, page):
            for _ in range(batch):
                start, start_cpu = time.perf_counter(), time.process_time()
                fn()
                cpu[fn].append(time.process_time() - start_cpu)
                wall[fn].append(time.perf_counter() - start)
    median = statistics.median
    return median(wall[page]), median(wall[bare]), median(cpu[page]) / median(cpu[bare])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()

    # A name of its own per run: two runs at once on one server must not drop each other's.
    with throwaway_database(f"ekinerja_bench_pages_{os.getpid()}"):
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.urls import clear_url_caches, path

        from aktivitas.models import Entri
        from pegawai import roles
        from pegawai.models import Jabatan, Pegawai

        call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

        import ekinerja.urls

        ekinerja.urls.urlpatterns.append(path("__bare__/", bare))
        clear_url_caches()

        admin = Pegawai.objects.filter(user__groups__name=roles.ADMIN_KEPEGAWAIAN).first()
        kepala = Pegawai.objects.filter(
            jabatan__jenis=Jabatan.Jenis.STRUKTURAL, jabatan__atasan__isnull=True
        ).first()
        staf = Pegawai.objects.filter(jabatan__jenis=Jabatan.Jenis.PELAKSANA).first()
        # The activity pages of the staff member's last day with entries, not of the day of the
        # run: on a Sunday or a Monday morning "today" and "this week" are nearly empty.
        hari = Entri.objects.filter(pegawai=staf).latest("tanggal").tanggal
        of_day = Entri.objects.filter(pegawai=staf, tanggal=hari).count()
        senin = hari - timedelta(days=hari.weekday())
        of_week = Entri.objects.filter(pegawai=staf, tanggal__range=(senin, senin + timedelta(6)))
        pages = [
            ("halaman kosong + 1 query (pembanding)", staf, f"/__bare__/?nip={staf.nip}", None),
            ("staf: beranda", staf, "/", DAILY),
            (f"staf: aktivitas sehari ({of_day} entri)", staf, f"/aktivitas/hari/{hari}/", DAILY),
            (
                f"staf: aktivitas seminggu ({of_week.count()} entri)",
                staf,
                f"/aktivitas/minggu/{hari}/",
                DAILY,
            ),
            ("staf: rekap bulan", staf, f"/aktivitas/bulan/?bulan={hari:%Y-%m}", DAILY),
            ("staf: profil sendiri", staf, f"/pegawai/{staf.nip}/", DAILY),
            ("staf: struktur organisasi", staf, "/pegawai/unit/", LIST),
            ("kepala OPD: daftar bawahan", kepala, "/pegawai/", LIST),
            ("admin: daftar pegawai (semua)", admin, "/pegawai/", LIST),
            ("admin: cari pegawai", admin, "/pegawai/?q=a&status=semua", LIST),
        ]
        total = Pegawai.objects.count()
        print(f"Data: demo, {total} pegawai. {args.repeat} permintaan per halaman, median.")
        print(
            "Rasio: terhadap halaman pembanding yang diukur berselang-seling dengannya "
            "(waktu nyata; CPU: waktu CPU proses ini)."
        )
        print(
            f"{'halaman':42} {'ms':>7} {'banding':>8} {'rasio':>6} {'CPU':>6} {'target':>7}"
            f" {'query':>6}"
        )
        bare_client = Client()
        bare_client.force_login(staf.user)
        bare_url = pages[0][2]
        failed = False
        for label, who, url, goal in pages:
            client = Client()
            client.force_login(who.user)
            response = client.get(url, follow=True)
            assert response.status_code == 200, (label, response.status_code)
            url = response.redirect_chain[-1][0] if response.redirect_chain else url
            counter = QueryCounter()
            with counter.counting():
                client.get(url)
            seconds, base, cpu_ratio = paired(
                lambda c=client, u=url: c.get(u),
                lambda: bare_client.get(bare_url),
                repeat=args.repeat,
            )
            ratio = seconds / base
            ok = goal is None or ratio <= goal
            failed |= not ok
            target = f"≤{goal}×" if goal else "-"
            print(
                f"{label:42} {seconds * 1000:7.2f} {base * 1000:8.2f} {ratio:5.1f}×"
                f" {cpu_ratio:5.1f}× {target:>7} {counter.count:6d}"
                + ("" if ok else "  MELEBIHI TARGET")
            )
        connection.close()
        print("Semua halaman dalam target." if not failed else "Ada halaman di atas target.")


if __name__ == "__main__":
    main()
