"""The rows the close fills: what the database guarantees about them."""

from decimal import Decimal as D

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from tpk.models import HasilTPK, PembukaanPeriode, PenutupanPeriode, opd_per_unit
from tpk.trace import format_trace

from .conftest import NOW, hasil, penutupan

pytestmark = pytest.mark.django_db


def test_a_result_row_holds_the_snapshot_and_every_figure(cast, aturan, periode):
    cast.staf.bank, cast.staf.nomor_rekening = "Bank Aceh Syariah", "0101234567"
    cast.staf.save()
    row = hasil(cast.staf, penutupan(periode, aturan), atasan=cast.atasan)
    row.refresh_from_db()
    assert (row.opd, row.opd_nama, row.unit, row.unit_nama) == (
        cast.opd,
        "Dinas Contoh",
        cast.seksi,
        "Seksi Data",
    )
    assert (row.jabatan_nama, row.kelas, row.golongan) == ("Pengelola Data", 6, "II/c")
    assert (row.atasan, row.atasan_nama) == (cast.atasan, "Kabid Umum")
    assert (row.bank, row.nomor_rekening) == ("Bank Aceh Syariah", "0101234567")
    assert (row.produktivitas, row.disiplin, row.skor) == (D("95"), D("97.5"), D("96"))
    assert (row.dasar, row.bruto, row.pph21, row.netto) == (
        D("3854725.00"),
        D("3700536"),
        D("185027"),
        D("3515509"),
    )
    assert format_trace(row.trace)[-1] == "Netto = Rp 3.700.536 − Rp 185.027 = Rp 3.515.509"
    assert row.potongan_harian[2] == {"tanggal": "2026-07-15", "kode": "TL2", "persen": "1.00"}


def test_the_opd_is_the_top_of_the_branch(cast):
    opd = opd_per_unit()
    assert opd[cast.seksi.pk] == opd[cast.bidang.pk] == opd[cast.opd.pk] == cast.opd.pk
    assert opd[cast.opd_lain.pk] == cast.opd_lain.pk


def test_one_row_per_staff_member_per_revision(cast, aturan, periode):
    run = penutupan(periode, aturan)
    hasil(cast.staf, run)
    with pytest.raises(IntegrityError), transaction.atomic():
        hasil(cast.staf, run)
    second = penutupan(periode, aturan, revisi=2)
    assert hasil(cast.staf, second).revisi == 2


def test_net_is_always_gross_minus_tax_and_bpjs(cast, aturan, periode):
    row = hasil(cast.staf, penutupan(periode, aturan))
    with pytest.raises(IntegrityError), transaction.atomic():
        HasilTPK.objects.filter(pk=row.pk).update(netto=D("3700536"))


def test_one_running_close_per_month(aturan, periode):
    penutupan(periode, aturan, status=PenutupanPeriode.Status.GAGAL, pesan_galat="worker mati")
    penutupan(periode, aturan, status=PenutupanPeriode.Status.BERJALAN, selesai_pada=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        penutupan(periode, aturan, status=PenutupanPeriode.Status.BERJALAN, selesai_pada=None)


def test_one_finished_close_per_revision(aturan, periode):
    penutupan(periode, aturan)
    with pytest.raises(IntegrityError), transaction.atomic():
        penutupan(periode, aturan)
    assert penutupan(periode, aturan, revisi=2).revisi == 2


def test_a_finished_close_has_its_time(aturan, periode):
    with pytest.raises(IntegrityError), transaction.atomic():
        penutupan(periode, aturan, selesai_pada=None)


def test_progress_for_the_bar(aturan, periode):
    run = penutupan(
        periode, aturan, status=PenutupanPeriode.Status.BERJALAN, selesai_pada=None, total=300
    )
    run.diproses = 120
    assert run.persen_progres == 40
    with pytest.raises(IntegrityError), transaction.atomic():
        PenutupanPeriode.objects.filter(pk=run.pk).update(diproses=301)


def test_a_reopen_needs_a_reason_and_happens_once_per_revision(cast, periode):
    with pytest.raises(IntegrityError), transaction.atomic():
        PembukaanPeriode.objects.create(
            periode=periode, revisi=1, oleh=cast.admin.user, pada=NOW, alasan=""
        )
    PembukaanPeriode.objects.create(
        periode=periode, revisi=1, oleh=cast.admin.user, pada=NOW, alasan="Koreksi absensi"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        PembukaanPeriode.objects.create(
            periode=periode, revisi=1, oleh=cast.admin.user, pada=NOW, alasan="Lagi"
        )


def test_a_rule_version_in_use_cannot_be_deleted(cast, aturan, periode):
    hasil(cast.staf, penutupan(periode, aturan))
    with pytest.raises(ProtectedError):
        aturan.delete()


def test_one_opd_list_by_name(cast, aturan, periode):
    run = penutupan(periode, aturan)
    for p in (cast.staf, cast.kepala, cast.atasan, cast.orang_luar):
        hasil(p, run)
    names = HasilTPK.objects.for_opd(periode, 1, cast.opd).values_list("nama", flat=True)
    assert list(names) == ["Kabid Umum", "Kepala Dinas Contoh", "Staf Data"]
    assert not HasilTPK.objects.for_opd(periode, 2, cast.opd).exists()


def test_flags_are_said_in_words(cast, aturan, periode):
    row = hasil(cast.staf, penutupan(periode, aturan))
    row.flags = ["prorata", "tanpa_target"]
    assert row.flag_labels == [
        "Aktif sebagian bulan: dasar TPK diprorata",
        "Target T = 0: tidak ada TPK bulan ini",
    ]
