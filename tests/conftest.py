"""The named cast every test can ask for, and the guard that tests run on PostgreSQL."""

from dataclasses import dataclass

import pytest
from django.conf import settings as django_settings
from django.utils import translation

from pegawai import roles
from pegawai.models import Jabatan, Pegawai, Pemda, UnitKerja
from tests import factories as f


def pytest_configure(config):
    engine = django_settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        raise pytest.UsageError(
            "Tes berjalan di PostgreSQL, basis data produksi. Jalankan `make test`, atau setel "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres "
            f"(sekarang: {engine})."
        )


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Evidence, exports and PDFs a test stores go to its own directory, never the checkout's."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _indonesian_after_each_test():
    """A test that switches to English must not leave the next test in English."""
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@dataclass
class Cast:
    opd: UnitKerja
    bidang: UnitKerja
    seksi: UnitKerja
    opd_lain: UnitKerja
    jab_kepala: Jabatan
    jab_kabid: Jabatan
    jab_kasi: Jabatan  # vacant: its subordinates pass up to the kabid
    jab_staf: Jabatan
    kepala: Pegawai
    atasan: Pegawai
    staf: Pegawai
    penilai: Pegawai
    keuangan: Pegawai
    admin: Pegawai
    orang_luar: Pegawai


@pytest.fixture
def cast(db) -> Cast:
    Pemda.objects.create(
        pk=1,
        nama="Pemerintah Kota Contoh",
        jenis="kota",
        jabatan_kepala="Wali Kota",
        tempat="Contoh",
    )
    opd = f.unit("Dinas Contoh", "1.01")
    bidang = f.unit("Bidang Umum", "1.01.01", jenis=UnitKerja.Jenis.BIDANG, induk=opd)
    seksi = f.unit("Seksi Data", "1.01.01.01", jenis=UnitKerja.Jenis.SEKSI, induk=bidang)
    opd_lain = f.unit("Badan Lain", "2.01")
    S = Jabatan.Jenis.STRUKTURAL
    jab_kepala = f.jabatan("Kepala Dinas", opd, jenis=S, eselon="II.b", kelas=14)
    jab_kabid = f.jabatan(
        "Kepala Bidang Umum", bidang, atasan=jab_kepala, jenis=S, eselon="III.b", kelas=11
    )
    jab_kasi = f.jabatan(
        "Kepala Seksi Data", seksi, atasan=jab_kabid, jenis=S, eselon="IV.a", kelas=9
    )
    jab_staf = f.jabatan("Pengelola Data", seksi, atasan=jab_kasi, kelas=6)
    jab_kepala_lain = f.jabatan("Kepala Badan Lain", opd_lain, jenis=S, eselon="II.b", kelas=14)
    jab_analis = f.jabatan("Analis SDM", opd_lain, atasan=jab_kepala_lain, kelas=8)
    f.pegawai("Kepala Badan Lain", jab_kepala_lain, golongan="IV/b")
    return Cast(
        opd=opd,
        bidang=bidang,
        seksi=seksi,
        opd_lain=opd_lain,
        jab_kepala=jab_kepala,
        jab_kabid=jab_kabid,
        jab_kasi=jab_kasi,
        jab_staf=jab_staf,
        kepala=f.pegawai("Kepala Dinas Contoh", jab_kepala, golongan="IV/c"),
        atasan=f.pegawai("Kabid Umum", jab_kabid, golongan="IV/a"),
        staf=f.pegawai("Staf Data", jab_staf, golongan="II/c"),
        penilai=f.pegawai("Anggota Tim Penilai", jab_analis, groups=[roles.TIM_PENILAI]),
        keuangan=f.pegawai("Bendahara", jab_analis, groups=[roles.KEUANGAN]),
        admin=f.pegawai("Admin BKPSDM", jab_analis, groups=[roles.ADMIN_KEPEGAWAIAN]),
        orang_luar=f.pegawai("Orang Luar", jab_analis),
    )


@pytest.fixture
def login(client):
    """Log the test client in as a cast member: `login(cast.staf)`."""

    def _login(p: Pegawai):
        client.force_login(p.user)
        return client

    return _login


@pytest.fixture
def celery_worker_redis(transactional_db):
    """A real Celery worker (a thread of this process) consuming from Redis: for the tests where
    the queue is the point. Tasks see committed data only, as in production.

    Each pytest-xdist process gets a Redis database of its own, or one process's worker would
    take another's tasks and run them against the wrong test database; Celery's cached
    producers and result backend are reset so an eager task run earlier does not linger.
    """
    import os

    from celery.contrib.testing.worker import start_worker

    from ekinerja.celery import app

    base = os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0]
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    broker = f"{base}/{8 + int(worker.removeprefix('gw') or 0)}"

    def reset():
        app._pool = None
        app.amqp._producer_pool = None
        app._local.__dict__.pop("backend", None)
        app._backend_cache = None

    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager", "result_backend")}
    app.conf.update(broker_url=broker, task_always_eager=False, result_backend=broker)
    reset()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            yield app
    finally:
        app.conf.update(saved)
        reset()
