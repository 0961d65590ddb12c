"""`make run` serves the app on SQLite with the demo: every page each demo role opens must work
there too, not only on PostgreSQL where the rest of the suite runs."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SMOKE = """
import django, os
django.setup()
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pegawai import demo

call_command("migrate", verbosity=0)
cast = demo.build(stdout=open(os.devnull, "w"))
failures = []
for role in ("admin", "kepala", "atasan", "plt", "staf", "penilai", "keuangan"):
    pegawai = getattr(cast, role)
    client = Client()
    client.force_login(pegawai.user)
    urls = [
        reverse("home"),
        reverse("pegawai:unit_tree"),
        reverse("pegawai:detail", args=[pegawai.nip]),
        reverse("pegawai:kalender_saya"),
        reverse("pegawai:libur_list"),
        reverse("password_change"),
    ]
    if role in ("admin", "kepala", "atasan", "plt", "penilai", "keuangan"):
        urls += [reverse("pegawai:list"), reverse("pegawai:list") + "?q=a&unit=1&status=semua"]
    if role == "admin":
        urls += [reverse("pegawai:import"), reverse("pegawai:roster_index"),
                 reverse("admin:pegawai_pegawai_changelist")]
    # The floors above: activities, decisions, attendance, the TPK and finance.
    urls += [reverse("aktivitas:index"), reverse("aktivitas:minggu_ini"),
             reverse("aktivitas:bulan"), reverse("penilaian:keberatan_list"),
             reverse("penilaian:notifikasi_list"), reverse("pegawai:kehadiran_saya"),
             reverse("tpk:slip_saya")]
    if role in ("kepala", "atasan", "plt"):
        urls += [reverse("penilaian:antrian"), reverse("penilaian:dasbor_atasan"),
                 reverse("penilaian:perilaku_list"), reverse("pegawai:kehadiran_index"),
                 reverse("tpk:daftar")]
    if role == "penilai":
        urls += [reverse("penilaian:tim_index"), reverse("penilaian:antrian_tim")]
    if role == "keuangan":
        urls += [reverse("tpk:ekspor_index"), reverse("tpk:daftar"), reverse("tpk:periode_list")]
    if role == "admin":
        urls += [reverse("penilaian:kepatuhan"), reverse("penilaian:pengalihan"),
                 reverse("pegawai:kehadiran_import"), reverse("pegawai:izin_list"),
                 reverse("tpk:periode_list"), reverse("tpk:ekspor_index"), reverse("tpk:daftar")]
    for url in urls:
        response = client.get(url, follow=True)
        if response.status_code != 200:
            failures.append(f"{role} {url} {response.status_code}")
print("\\n".join(failures) or "ok")
"""


def test_demo_roles_open_their_pages_on_sqlite(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "DJANGO_"))}
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "ekinerja.settings",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "ALLOWED_HOSTS": "testserver",
    }
    result = subprocess.run(
        [sys.executable, "-c", SMOKE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == "ok", result.stdout[-3000:]
