"""The review teams in the admin: teams are master data (each change logged); what the teams
decide and what the scan finds is read-only there.

The admin URLs are this module's own (pytest.mark.urls), built after penilaian.admin_tim has
registered its models, so the tests hold whether or not penilaian.admin imports it yet."""

import pytest
from django.contrib import admin
from django.urls import path, reverse

from pegawai.models import LogAksi
from penilaian import admin_tim  # noqa: F401 (registers the models)
from penilaian.models import FlagEntri, KeputusanTim, TimPenilai
from tests import factories as f
from tests.penilaian.test_tim import NOW, SABTU, buat, make_kerja, make_tim

urlpatterns = [path("admin/", admin.site.urls)]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

MODELS = [
    "timpenilai",
    "keputusantim",
    "flagentri",
    "pengambilansampel",
    "tandatanganunit",
    "nilaitim",
    "pemindaiananomali",
]


@pytest.fixture
def admin_client(client):
    client.force_login(f.User.objects.create_superuser("superadmin", password=f.PASSWORD))
    return client


@pytest.fixture
def data(cast):
    tim = make_tim(cast)
    entri = buat(cast.staf, SABTU, aktivitas=make_kerja(), di_luar_jadwal=True)
    FlagEntri.objects.create(entri=entri, jenis="luar_jadwal", tahun=2026, bulan=4)
    KeputusanTim.objects.create(
        entri=entri,
        tim=tim,
        oleh=cast.penilai.user,
        pada=NOW,
        jenis="konfirmasi",
        menit_sebelum=60,
        menit_sesudah=60,
    )
    return tim


@pytest.mark.parametrize("model", MODELS)
def test_every_list_opens(admin_client, data, model):
    response = admin_client.get(reverse(f"admin:penilaian_{model}_changelist"))
    assert response.status_code == 200
    if model == "flagentri":
        assert "di luar jam kerja" in response.content.decode()


def test_a_team_is_made_with_members_and_scope_and_logged(admin_client, cast):
    response = admin_client.post(
        reverse("admin:penilaian_timpenilai_add"),
        {
            "nama": "Tim Penilai II",
            "anggota": [cast.penilai.user.pk],
            "lingkup": [cast.opd.pk, cast.opd_lain.pk],
            "keterangan": "",
        },
    )
    assert response.status_code == 302
    tim = TimPenilai.objects.get(nama="Tim Penilai II")
    assert list(tim.anggota.all()) == [cast.penilai.user]
    assert set(tim.lingkup.all()) == {cast.opd, cast.opd_lain}
    assert LogAksi.objects.filter(aksi="admin.timpenilai_tambah", objek_id=tim.pk).exists()


def test_decisions_and_flags_cannot_be_changed_there(admin_client, data):
    assert admin_client.get(reverse("admin:penilaian_keputusantim_add")).status_code == 403
    keputusan = KeputusanTim.objects.get()
    page = admin_client.get(reverse("admin:penilaian_keputusantim_change", args=[keputusan.pk]))
    assert page.status_code == 200 and b'name="alasan"' not in page.content
    flag = FlagEntri.objects.get()
    url = reverse("admin:penilaian_flagentri_delete", args=[flag.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert FlagEntri.objects.exists()
