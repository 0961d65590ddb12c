"""Who may use which activity on which date, the most recently used first; the pemda's
settings; who may see whose entries."""

from datetime import date

import pytest

from aktivitas.models import Aktivitas, Entri, PengaturanAktivitas
from tests import factories as f

from .conftest import HARI_INI, SELASA, buat

pytestmark = pytest.mark.django_db


def kode(queryset):
    return [a.kode for a in queryset]


@pytest.fixture(params=["for_pegawai", "pilihan"])
def pilih(request):
    """Both ways to ask: the queryset the services check with, and the list the entry form
    shows (one hand-written statement). They must agree, row for row and in order."""
    return getattr(Aktivitas.objects, request.param)


class TestForPegawai:
    def test_by_position_type_or_by_position_in_one_query(
        self, pilih, cast, katalog, django_assert_num_queries
    ):
        with django_assert_num_queries(1):
            assert kode(pilih(cast.staf, HARI_INI)) == [
                "J-001",
                "P-001",
                "U-001",
            ]
        assert kode(pilih(cast.atasan, HARI_INI)) == ["S-001", "U-001"]

    def test_only_while_in_force(self, pilih, cast, katalog):
        assert "P-000" in kode(pilih(cast.staf, date(2026, 4, 30)))
        assert "P-000" not in kode(pilih(cast.staf, date(2026, 5, 1)))
        katalog.arsip.aktif_mulai = date(2026, 6, 1)
        katalog.arsip.save()
        assert "P-001" not in kode(pilih(cast.staf, HARI_INI))

    def test_an_acting_position_brings_its_activities(self, pilih, cast, katalog):
        f.acting(cast.staf, cast.jab_kasi, mulai=date(2026, 5, 1))
        assert "S-001" in kode(pilih(cast.staf, HARI_INI))
        assert "S-001" not in kode(pilih(cast.staf, date(2026, 4, 30)))

    def test_the_last_used_come_first(self, pilih, cast, katalog):
        buat(cast.staf, katalog.rapat, tanggal=SELASA, mulai=(8, 0), selesai=(9, 0))
        buat(cast.staf, katalog.arsip, tanggal=SELASA, mulai=(9, 0), selesai=(10, 0))
        buat(cast.atasan, katalog.rapat, mulai=(8, 0), selesai=(9, 0))
        items = list(pilih(cast.staf, HARI_INI))
        assert kode(items)[:2] in (["P-001", "U-001"], ["U-001", "P-001"])
        assert kode(items)[2] == "J-001" and items[2].terakhir_dipakai is None


def test_settings_have_defaults_until_saved(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        pengaturan = PengaturanAktivitas.current()
    assert (pengaturan.batas_hari_kerja_mundur, pengaturan.ukuran_bukti_maks_mb) == (3, 5)
    PengaturanAktivitas.objects.create(pk=1, batas_hari_kerja_mundur=5)
    assert PengaturanAktivitas.current().batas_hari_kerja_mundur == 5


def test_entries_visible_to(cast, katalog):
    mine = buat(cast.staf, katalog.arsip)
    boss = buat(cast.atasan, katalog.rapat)
    visible = {
        who: set(Entri.objects.visible_to(getattr(cast, who).user).values_list("pk", flat=True))
        for who in ("staf", "atasan", "kepala", "admin", "penilai", "keuangan", "orang_luar")
    }
    assert visible["staf"] == {mine.pk}
    assert visible["atasan"] == visible["kepala"] == {mine.pk, boss.pk}
    assert visible["admin"] == visible["penilai"] == {mine.pk, boss.pk}
    assert visible["keuangan"] == visible["orang_luar"] == set()
