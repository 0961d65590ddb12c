"""Rule versions in the admin: edited by the admin kepegawaian with inlines, every change
logged, checked across rows, and frozen once a result uses them."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from pegawai.models import LogAksi
from tpk.models import AturanTPK, TarifKelas
from tpk.services import copy_aturan

from .conftest import hasil, penutupan

pytestmark = pytest.mark.django_db

INLINES = {
    "tarif_kelas": ("kelas", "tarif"),
    "potongan": ("kode", "persen"),
    "predikat": ("kode", "nama", "batas_bawah", "persen_bayar"),
    "tarif_pajak": ("kelompok", "persen"),
}
FIELDS = [
    "nama",
    "dasar_hukum",
    "bobot_produktivitas",
    "bobot_disiplin",
    "bobot_perilaku",
    "bobot_nilai_tim",
    "mode_bayar",
    "faktor_pns",
    "faktor_cpns",
    "faktor_pppk",
    "kode_kredit",
    "strategi_pajak",
    "tarif_pajak_tetap",
    "tarif_bpjs",
]


def form_data(aturan: AturanTPK, **changes) -> dict:
    """The change form as the browser posts it, with every inline row."""
    data = {name: str(getattr(aturan, name)) for name in FIELDS}
    data["berlaku_mulai"] = aturan.berlaku_mulai.strftime("%d/%m/%Y")
    if aturan.bpjs_aktif:
        data["bpjs_aktif"] = "on"
    for prefix, fields in INLINES.items():
        rows = list(getattr(aturan, prefix).all())
        data |= {
            f"{prefix}-TOTAL_FORMS": str(len(rows)),
            f"{prefix}-INITIAL_FORMS": str(len(rows)),
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = str(row.pk)
            data[f"{prefix}-{i}-aturan"] = str(aturan.pk)
            for name in fields:
                data[f"{prefix}-{i}-{name}"] = str(getattr(row, name))
    data |= changes
    return data


@pytest.fixture
def staff_admin(client, cast):
    user = cast.admin.user
    user.is_staff = True
    user.save()
    client.force_login(user)
    return client


@pytest.fixture
def versi(aturan):
    """A version no result uses yet."""
    return copy_aturan(aturan, berlaku_mulai=date(2026, 1, 1), by=None)


def change_url(aturan) -> str:
    return reverse("admin:tpk_aturantpk_change", args=[aturan.pk])


def test_the_change_page_shows_every_table(staff_admin, versi):
    response = staff_admin.get(change_url(versi))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("tarif kelas jabatan", "potongan kehadiran", "predikat", "tarif PPh 21"):
        assert text.lower() in html.lower()


def test_a_change_is_saved_and_logged_with_its_rows(staff_admin, cast, versi):
    kelas7 = versi.tarif_kelas.get(kelas=7)
    i = list(versi.tarif_kelas.all()).index(kelas7)
    data = form_data(versi, bobot_produktivitas="0.70", bobot_disiplin="0.30")
    data[f"tarif_kelas-{i}-tarif"] = "3900000"
    response = staff_admin.post(change_url(versi), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    versi.refresh_from_db()
    assert versi.bobot_produktivitas == D("0.7")
    assert TarifKelas.objects.get(pk=kelas7.pk).tarif == 3900000
    assert LogAksi.objects.filter(aksi="admin.aturantpk_ubah", pelaku=cast.admin.user).exists()
    assert LogAksi.objects.get(aksi="admin.aturantpk_ubah_rincian").data == {
        "rincian": "tarifkelas"
    }


def test_weights_that_do_not_sum_to_one_are_refused(staff_admin, versi):
    response = staff_admin.post(change_url(versi), form_data(versi, bobot_disiplin="0.50"))
    assert response.status_code == 200
    assert "Jumlah keempat bobot harus 1 (sekarang 1,1)." in response.content.decode()


def test_rows_are_checked_together(staff_admin, versi):
    data = form_data(versi)
    data["tarif_kelas-7-tarif"] = "100"  # kelas 8 below kelas 7
    data["predikat-4-batas_bawah"] = "10"  # E starts at 10: a score of 5 has no grade
    response = staff_admin.post(change_url(versi), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "lebih kecil dari tarif kelas 7" in html
    assert "Predikat terendah harus mulai dari skor 0" in html


def test_a_code_cannot_be_both_deducted_and_credited(staff_admin, versi):
    data = form_data(versi, kode_kredit="DL,CT,I")
    data |= {
        "potongan-TOTAL_FORMS": "10",
        "potongan-9-aturan": str(versi.pk),
        "potongan-9-kode": "I",
        "potongan-9-persen": "1",
    }
    response = staff_admin.post(change_url(versi), data)
    assert response.status_code == 200
    assert "Kode I tidak bisa sekaligus dipotong dan dihitung bekerja." in response.content.decode()


def test_a_version_used_by_a_result_is_read_only(staff_admin, cast, aturan, periode):
    hasil(cast.staf, penutupan(periode, aturan))
    response = staff_admin.get(change_url(aturan))
    assert response.status_code == 200
    html = response.content.decode()
    assert "sudah dipakai hasil TPK" in html
    assert 'name="_save"' not in html
    response = staff_admin.post(change_url(aturan), form_data(aturan, nama="Diubah"))
    assert response.status_code == 403
    assert AturanTPK.objects.get(pk=aturan.pk).nama == "Aturan TPK bawaan"


def test_copy_as_new_version(staff_admin, cast, aturan):
    response = staff_admin.post(
        reverse("admin:tpk_aturantpk_changelist"),
        {"action": "copy_as_new_version", "_selected_action": [aturan.pk]},
    )
    assert response.status_code == 302
    baru = AturanTPK.objects.exclude(pk=aturan.pk).get()
    assert baru.berlaku_mulai.day == 1 and baru.berlaku_mulai > date.today()
    assert baru.tarif_kelas.count() == 17 and baru.predikat.count() == 5
    assert LogAksi.objects.filter(aksi="tpk.aturan_salin", pelaku=cast.admin.user).exists()


def test_finance_may_look_but_not_change(client, cast, aturan):
    user = cast.keuangan.user
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get(reverse("admin:tpk_aturantpk_changelist")).status_code == 200
    assert client.get(reverse("admin:tpk_hasiltpk_changelist")).status_code == 200
    assert client.get(reverse("admin:tpk_aturantpk_add")).status_code == 403
    response = client.post(change_url(aturan), form_data(aturan, nama="Diubah"))
    assert response.status_code == 403


def test_results_are_read_only_in_the_admin(staff_admin, cast, aturan, periode):
    row = hasil(cast.staf, penutupan(periode, aturan))
    assert staff_admin.get(reverse("admin:tpk_hasiltpk_changelist")).status_code == 200
    url = reverse("admin:tpk_hasiltpk_change", args=[row.pk])
    assert 'name="_save"' not in staff_admin.get(url).content.decode()
    assert staff_admin.get(reverse("admin:tpk_hasiltpk_add")).status_code == 403
