"""Penilaian in the admin: the settings and the aspect sets are edited (and logged); decisions,
reassignments and assessments are only shown."""

import pytest
from django.urls import reverse

from pegawai.models import LogAksi
from penilaian.defaults import create_default_aspects
from penilaian.models import EntriLewatBatas, PengalihanEntri, PengaturanPenilaian, SetAspek
from penilaian.services.perilaku import assess_behaviour
from penilaian.services.persetujuan import apply_validation_deadline
from tests import factories as f
from tests.aktivitas.conftest import NOW

from .test_batas_validasi import APRIL, SESUDAH
from .test_persetujuan import entri

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, db):
    client.force_login(f.User.objects.create_superuser("superadmin", password=f.PASSWORD))
    return client


@pytest.fixture
def rows(cast):
    create_default_aspects()
    terlambat = entri(cast.staf, tanggal=APRIL)
    apply_validation_deadline(2026, 4, now=SESUDAH)
    e = entri(cast.staf)
    PengalihanEntri.objects.create(
        entri=e, ke=cast.kepala, oleh=cast.admin.user, pada=NOW, alasan="Cuti"
    )
    aspek = SetAspek.objects.get(aktif=True).aspek.filter(hanya_pemimpin=False)
    hasil = assess_behaviour(
        cast.staf,
        tahun=2026,
        bulan=5,
        nilai={a.pk: 80 for a in aspek},
        by=cast.atasan.user,
        now=NOW,
    )
    return {
        "lewat": EntriLewatBatas.objects.get(entri=terlambat),
        "pengalihan": PengalihanEntri.objects.get(entri=e),
        "perilaku": hasil,
    }


@pytest.mark.parametrize(
    "model",
    [
        "pengaturanpenilaian",
        "setaspek",
        "penilaianperilaku",
        "pengalihanentri",
        "entrilewatbatas",
    ],
)
def test_every_list_opens(admin_client, rows, model):
    assert admin_client.get(reverse(f"admin:penilaian_{model}_changelist")).status_code == 200


def test_decisions_are_shown_not_changed(admin_client, rows):
    for model, obj in (
        ("penilaianperilaku", rows["perilaku"]),
        ("pengalihanentri", rows["pengalihan"]),
        ("entrilewatbatas", rows["lewat"]),
    ):
        page = admin_client.get(reverse(f"admin:penilaian_{model}_change", args=[obj.pk]))
        assert page.status_code == 200 and b'name="_save"' not in page.content
        assert admin_client.get(reverse(f"admin:penilaian_{model}_add")).status_code == 403
    editable = admin_client.get(
        reverse("admin:penilaian_setaspek_change", args=[rows["perilaku"].set_aspek_id])
    )
    assert b'name="_save"' in editable.content  # the check above can tell the difference


def test_settings_are_one_row_and_logged(admin_client, db):
    response = admin_client.post(
        reverse("admin:penilaian_pengaturanpenilaian_add"),
        {
            "batas_validasi_hari": "7",
            "kebijakan_lewat_batas": "disetujui_otomatis",
            "batas_keberatan_hari": "5",
            "persen_sampel": "10",
            "batas_uraian_sama": "10",
            "batas_terlambat_hari": "3",
            "batas_persetujuan_kilat": "50",
        },
    )
    assert response.status_code == 302
    assert PengaturanPenilaian.current().batas_validasi_hari == 7
    assert LogAksi.objects.filter(aksi="admin.pengaturanpenilaian_tambah").exists()
    assert admin_client.get(reverse("admin:penilaian_pengaturanpenilaian_add")).status_code == 403


def test_only_one_aspect_set_in_force(admin_client, db):
    create_default_aspects()
    berakhlak = SetAspek.objects.get(kode="berakhlak")
    url = reverse("admin:penilaian_setaspek_change", args=[berakhlak.pk])
    page = admin_client.get(url)
    management = {
        name: page.context["adminform"].form.initial.get(name)
        for name in ("kode", "nama", "keterangan")
    }
    inline = page.context["inline_admin_formsets"][0].formset
    data = {
        **management,
        "aktif": "on",
        f"{inline.prefix}-TOTAL_FORMS": "0",
        f"{inline.prefix}-INITIAL_FORMS": "0",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Sudah ada set aspek lain yang aktif." in response.content.decode()
    assert not SetAspek.objects.get(pk=berakhlak.pk).aktif
