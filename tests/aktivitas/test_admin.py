"""Data master: the catalog and settings are edited (and logged); entries are read-only."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from aktivitas.models import Aktivitas
from pegawai import roles
from pegawai.models import LogAksi
from tests import factories as f

from .conftest import buat

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, db):
    client.force_login(f.User.objects.create_superuser("superadmin", password=f.PASSWORD))
    return client


@pytest.mark.parametrize("model", ["aktivitas", "entri", "riwayatentri", "pengaturanaktivitas"])
def test_every_list_opens(admin_client, cast, katalog, model):
    buat(cast.staf, katalog.arsip)
    assert admin_client.get(reverse(f"admin:aktivitas_{model}_changelist")).status_code == 200


def test_entries_and_history_cannot_be_changed_there(admin_client, cast, katalog):
    entri = buat(cast.staf, katalog.arsip)
    assert admin_client.get(reverse("admin:aktivitas_entri_add")).status_code == 403
    page = admin_client.get(reverse("admin:aktivitas_entri_change", args=[entri.pk]))
    assert page.status_code == 200 and b'name="volume"' not in page.content
    assert b"privat/bukti" not in page.content


def test_a_catalog_change_is_logged(admin_client, cast):
    response = admin_client.post(
        reverse("admin:aktivitas_aktivitas_add"),
        {
            "kode": "X-001",
            "nama": "Menyusun laporan",
            "satuan": "laporan",
            "menit_standar": "90",
            "kelompok": "utama",
            "untuk_pelaksana": "on",
            "jabatan": [cast.jab_staf.pk],
        },
    )
    assert response.status_code == 302
    aktivitas = Aktivitas.objects.get(kode="X-001")
    assert list(aktivitas.jabatan.all()) == [cast.jab_staf]
    assert LogAksi.objects.filter(aksi="admin.aktivitas_tambah", objek_id=aktivitas.pk).exists()


def test_the_admin_kepegawaian_group_keeps_the_catalog(db):
    perms = set(
        Group.objects.get(name=roles.ADMIN_KEPEGAWAIAN)
        .permissions.filter(content_type__app_label="aktivitas")
        .values_list("codename", flat=True)
    )
    assert {"add_aktivitas", "change_aktivitas", "change_pengaturanaktivitas"} <= perms
    assert {"view_entri", "view_riwayatentri"} <= perms
    assert "change_entri" not in perms
