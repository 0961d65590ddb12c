"""A 1,000-staff OPD: its list renders whole (every row, the header on every page, the totals
and the signatures at the end). Slow by nature (tens of seconds on a busy 2-core machine; see
docs/BENCHMARKS.md): `-m "not slow"` leaves it out."""

import time
from decimal import Decimal as D

import pytest
from django.forms.models import model_to_dict

from pegawai.models import Pegawai
from tests import factories as f
from tpk.angka import format_angka
from tpk.ekspor.daftar import load_daftar
from tpk.ekspor.pdf import render_daftar_pdf
from tpk.models import HasilTPK

from .conftest import JULI, hasil, penutupan
from .test_ekspor import TTD, pdftotext

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

JUMLAH = 1000


@pytest.fixture
def seribu(cast, aturan, periode):
    """1,000 staff in the cast's OPD, each with a result row of its own amounts."""
    run = penutupan(periode, aturan)
    contoh = hasil(cast.staf, run)
    orang = Pegawai.objects.bulk_create(
        Pegawai(
            nip=f.nip(),
            nama=f"Pegawai Uji {i:04d}",
            jenis_asn="PNS",
            golongan="III/b",
            jabatan=cast.jab_staf,
            unit=cast.seksi,
            aktif_mulai=JULI,
        )
        for i in range(JUMLAH - 1)
    )
    fields = model_to_dict(contoh, exclude=["id", "pegawai", "nip", "nama"])
    fields = {
        (k if k not in {"periode", "penutupan", "aturan", "jabatan", "unit", "opd", "atasan"} else f"{k}_id"): v
        for k, v in fields.items()
    }  # fmt: skip
    rows = []
    for i, p in enumerate(orang):
        bruto = D(1_000_000 + 3_517 * i)
        pph21 = (bruto * D("0.05")).quantize(D(1))
        rows.append(
            HasilTPK(
                **{**fields, "bruto": bruto, "pph21": pph21, "netto": bruto - pph21},
                pegawai=p,
                nip=p.nip,
                nama=p.nama,
            )
        )
    HasilTPK.objects.bulk_create(rows)
    return periode


def test_a_1000_staff_opd_renders_every_row_and_the_totals(seribu, cast):
    daftar = load_daftar(seribu, cast.opd, penandatangan=TTD)
    assert len(daftar.rows) == JUMLAH
    mulai = time.perf_counter()
    pdf = render_daftar_pdf(daftar)
    detik = time.perf_counter() - mulai
    pages = [p for p in pdftotext(pdf).split("\f") if p.strip()]
    text = "\f".join(pages)
    assert all(r.nip in text for r in daftar.rows)
    assert all("Nama / NIP" in p and f"dari {len(pages)}" in p for p in pages)
    netto = format_angka(daftar.total["netto"], 0)
    assert f"Jumlah netto yang dibayarkan: Rp {netto}" in pages[-1]
    assert "Bendahara Pengeluaran" in pages[-1] and daftar.rows[-1].nip in pages[-1]
    print(f"\n{JUMLAH} baris, {len(pages)} halaman A4: {detik:.1f} s")  # noqa: T201
