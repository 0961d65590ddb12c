"""Reopening a closed month and closing it again: who may, what is recorded, the revision, and
the difference in amounts between revisions."""

from datetime import date
from decimal import Decimal as D

import pytest

from pegawai.models import LogAksi, Pegawai, Periode
from tpk.defaults import create_default_aturan
from tpk.exceptions import TPKError
from tpk.models import HasilTPK, PembukaanPeriode
from tpk.penutupan import close_periode, reopen_periode, revisi_selesai, selisih
from tpk.signals import periode_dibuka

from . import bulan as b
from .bulan import tanpa_ekspor  # noqa: F401 (autouse)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ditutup(cast):
    create_default_aturan()
    b.juli()
    close_periode(2026, 7, by=cast.admin.user, now=b.NOW)
    return cast


def buka(cast, alasan="Koreksi kehadiran yang salah impor", by=None):
    return reopen_periode(2026, 7, alasan=alasan, by=by or cast.admin.user, now=b.NOW)


def test_an_admin_reopens_with_a_reason_and_it_is_recorded(ditutup):
    pembukaan = buka(ditutup)
    periode = Periode.objects.get(tahun=2026, bulan=7)
    assert (periode.status, periode.ditutup_oleh, periode.ditutup_pada) == ("terbuka", None, None)
    assert (pembukaan.revisi, pembukaan.oleh, pembukaan.pada, pembukaan.alasan) == (
        1,
        ditutup.admin.user,
        b.NOW,
        "Koreksi kehadiran yang salah impor",
    )
    log = LogAksi.objects.get(aksi="tpk.buka")
    assert (log.pelaku, log.alasan, log.data["revisi"]) == (
        ditutup.admin.user,
        "Koreksi kehadiran yang salah impor",
        1,
    )
    # The closed revision's results stay for the comparison.
    assert HasilTPK.objects.filter(revisi=1).count() == Pegawai.objects.count()


def test_a_reason_is_required(ditutup):
    with pytest.raises(TPKError, match="Alasan membuka kembali periode wajib diisi"):
        buka(ditutup, alasan="   ")
    assert Periode.objects.get(tahun=2026, bulan=7).is_ditutup


def test_only_an_admin_reopens(ditutup):
    for person in (ditutup.keuangan, ditutup.atasan):
        with pytest.raises(TPKError, match="Hanya admin kepegawaian"):
            buka(ditutup, by=person.user)
    assert not PembukaanPeriode.objects.exists()


def test_an_open_month_cannot_be_reopened(ditutup):
    buka(ditutup)
    with pytest.raises(TPKError, match="Periode Juli 2026 tidak sedang ditutup"):
        buka(ditutup)
    with pytest.raises(TPKError, match="tidak sedang ditutup"):
        reopen_periode(2026, 5, alasan="x", by=ditutup.admin.user, now=b.NOW)


def test_the_reopen_signal_is_sent_after_the_commit(ditutup, django_capture_on_commit_callbacks):
    received = []

    def listener(sender, pembukaan, **kwargs):
        received.append(pembukaan.revisi)

    periode_dibuka.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            buka(ditutup)
    finally:
        periode_dibuka.disconnect(listener)
    assert received == [1]


def test_reopen_and_close_again_makes_revision_2_with_the_difference(ditutup):
    staf, keluar = ditutup.staf, ditutup.orang_luar
    buka(ditutup)
    # Corrections while open: a new staff member missed by SIMPEG, one who had left in June,
    # and two approved days of the staff member that were still waiting.
    baru = b.analis(ditutup, "Pegawai Baru Terlewat", mulai=date(2026, 7, 1))
    Pegawai.objects.filter(pk=keluar.pk).update(aktif_selesai=date(2026, 6, 30))
    b.setujui(staf, {date(2026, 7, 1): 300, date(2026, 7, 2): 300}, atasan=ditutup.atasan)
    run = close_periode(2026, 7, by=ditutup.admin.user, now=b.NOW)
    assert run.revisi == 2
    periode = Periode.objects.get(tahun=2026, bulan=7)
    assert periode.is_ditutup and revisi_selesai(periode) == [1, 2]
    assert HasilTPK.objects.filter(revisi=2).count() == Pegawai.objects.count() - 1

    rows = {r["nip"]: r for r in selisih(periode, 1, 2)}
    assert set(rows) == {staf.nip, baru.nip, keluar.nip}  # the unchanged are left out
    s = rows[staf.nip]
    assert (s["ada_dari"], s["ada_ke"]) == (1, 1)
    # Kelas 6 (Rp 3.375.000), golongan II (no tax): S 40,00 without entries; with 600 of
    # 6.600 minutes S = 100 × (0,6 × 600/6.600 + 0,4) = 45,45.
    assert (s["skor_dari"], s["skor_ke"]) == (D("40.00"), D("45.45"))
    assert (s["netto_dari"], s["netto_ke"]) == (D("1350000"), D("1533938"))
    assert (rows[baru.nip]["ada_dari"], rows[baru.nip]["netto_dari"]) == (0, 0)
    assert (rows[keluar.nip]["ada_ke"], rows[keluar.nip]["netto_ke"]) == (0, 0)
    # A second reopen records the second revision.
    assert buka(ditutup).revisi == 2
