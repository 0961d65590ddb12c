"""Page speed as a ratio to a bare Django page doing one indexed query, measured side by side.

Goals (DEVELOPERS.md): a page staff use every day within 3× of the bare page; a supervisor or
finance list of hundreds of rows within 15×. Runs on the demo kota (about 300 staff) in a
throwaway PostgreSQL database, through Django's full middleware stack, logged in.

    python bench/pages.py [--repeat 200]
"""

import argparse
import os
import secrets
import sys
from pathlib import Path

# Production settings, as the pages are served: no debug cursor, no template instrumentation.
os.environ.update(
    DEBUG="False",
    SECRET_KEY=secrets.token_urlsafe(50),
    ALLOWED_HOSTS="testserver",
    SECURE_SSL_REDIRECT="False",
    STATIC_MANIFEST="False",
    LOG_LEVEL="WARNING",
)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import QueryCounter, throwaway_database, timed  # noqa: E402

# (label, who, url name or callable, goal ratio)
DAILY, LIST = 3, 15


def bare(request):
    """The yardstick: one query on an indexed column, a tiny response."""
    from django.http import HttpResponse

    from pegawai.models import Pegawai

    nama = Pegawai.objects.filter(nip=request.GET["nip"]).values_list("nama", flat=True).first()
    return HttpResponse(f"<!doctype html><title>x</title><p>{nama}</p>")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()

    with throwaway_database("ekinerja_bench_pages"):
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.urls import clear_url_caches, path

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
        pages = [
            ("halaman kosong + 1 query (pembanding)", staf, f"/__bare__/?nip={staf.nip}", None),
            ("staf: beranda", staf, "/", DAILY),
            ("staf: aktivitas hari ini", staf, "/aktivitas/", DAILY),
            ("staf: aktivitas minggu ini", staf, "/aktivitas/minggu/", DAILY),
            ("staf: rekap bulan", staf, "/aktivitas/bulan/", DAILY),
            ("staf: profil sendiri", staf, f"/pegawai/{staf.nip}/", DAILY),
            ("staf: struktur organisasi", staf, "/pegawai/unit/", LIST),
            ("kepala OPD: daftar bawahan", kepala, "/pegawai/", LIST),
            ("admin: daftar pegawai (semua)", admin, "/pegawai/", LIST),
            ("admin: cari pegawai", admin, "/pegawai/?q=a&status=semua", LIST),
        ]
        total = Pegawai.objects.count()
        print(f"Data: demo, {total} pegawai. {args.repeat} permintaan per halaman, median.")
        print(f"{'halaman':42} {'ms':>7} {'rasio':>6} {'target':>7} {'query':>6}")
        base = None
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
            seconds = timed(lambda c=client, u=url: c.get(u), repeat=args.repeat, warmup=10)
            base = base or seconds
            ratio = seconds / base
            ok = goal is None or ratio <= goal
            failed |= not ok
            target = f"≤{goal}×" if goal else "-"
            print(
                f"{label:42} {seconds * 1000:7.2f} {ratio:5.1f}× {target:>7} {counter.count:6d}"
                + ("" if ok else "  MELEBIHI TARGET")
            )
        connection.close()
        print("Semua halaman dalam target." if not failed else "Ada halaman di atas target.")


if __name__ == "__main__":
    main()
