"""Rule versions and result rows for the TPK's tests."""

from datetime import UTC, date, datetime

import pytest

from pegawai.models import Pegawai, Periode, UnitKerja
from tpk.calculation import compute_tpk
from tpk.defaults import contoh_domain, create_default_aturan
from tpk.models import AturanTPK, HasilTPK, PenutupanPeriode, opd_per_unit

NOW = datetime(2026, 8, 6, 1, 0, tzinfo=UTC)
JULI = date(2026, 7, 1)


@pytest.fixture
def aturan(db) -> AturanTPK:
    """The default version (the migration made it, unless a flush since removed it)."""
    create_default_aturan()
    return AturanTPK.objects.get(berlaku_mulai=date(2000, 1, 1))


@pytest.fixture
def periode(db) -> Periode:
    return Periode.objects.create(tahun=2026, bulan=7)


def penutupan(periode: Periode, aturan: AturanTPK, *, revisi=1, **extra) -> PenutupanPeriode:
    fields = {"status": PenutupanPeriode.Status.SELESAI, "selesai_pada": NOW, **extra}
    return PenutupanPeriode.objects.create(
        periode=periode, revisi=revisi, aturan=aturan, mulai_pada=NOW, diperbarui_pada=NOW, **fields
    )


def hasil(p: Pegawai, run: PenutupanPeriode, *, atasan: Pegawai | None = None) -> HasilTPK:
    """A result row as the close would write it: the snapshot of `p`, and for figures the
    worked example's (whatever p's golongan: these tests are about the rows, not the sums)."""
    snapshot = run.aturan.snapshot()
    perhitungan = compute_tpk(contoh_domain(snapshot))
    opd_id = opd_per_unit()[p.unit_id]
    return HasilTPK.objects.create(
        periode=run.periode,
        revisi=run.revisi,
        penutupan=run,
        pegawai=p,
        aturan=run.aturan,
        dihitung_pada=NOW,
        nip=p.nip,
        nama=p.nama,
        gelar_depan=p.gelar_depan,
        gelar_belakang=p.gelar_belakang,
        golongan=p.golongan,
        jenis_asn=p.jenis_asn,
        jabatan=p.jabatan,
        jabatan_nama=p.jabatan.nama if p.jabatan else "",
        kelas=p.jabatan.kelas if p.jabatan else None,
        unit=p.unit,
        unit_nama=p.unit.nama,
        opd_id=opd_id,
        opd_nama=UnitKerja.objects.get(pk=opd_id).nama,
        atasan=atasan,
        atasan_nip=atasan.nip if atasan else "",
        atasan_nama=atasan.nama_lengkap if atasan else "",
        bank=p.bank,
        nomor_rekening=p.nomor_rekening,
        npwp=p.npwp,
        **perhitungan.as_fields(),
    )
