"""Finance's screens: who sees and downloads what (finance and admin everything, the Kepala OPD
their OPD, staff their own slip, anyone else 404, making an export 403 for those who only
look), the month's grid at a fixed number of queries, downloads of stored files."""

import hashlib
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pegawai.models import UnitKerja
from tests import factories as f
from tpk.ekspor.services import request_export, supersede_exports
from tpk.models import EksporTPK, HasilTPK, PembukaanPeriode
from tpk.trace import format_trace

from . import test_ekspor
from .conftest import hasil, penutupan
from .test_ekspor import TTD, pdftotext

juli = test_ekspor.juli  # the same July, closed (a fixture)

pytestmark = pytest.mark.django_db

INDEX = reverse("tpk:ekspor_index")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def diekspor(juli, django_capture_on_commit_callbacks):
    """July's exports made, as after the close: both OPDs × PDF, XLSX, CSV."""
    from tpk.ekspor.services import queue_exports_after_close

    with django_capture_on_commit_callbacks(execute=True):
        queue_exports_after_close(juli.run)
    juli.ekspor = {(e.opd_id, e.format): e for e in EksporTPK.objects.all()}
    return juli


def opd_url(juli, opd=None):
    return reverse("tpk:ekspor_opd", args=[2026, 7, (opd or juli.cast.opd).pk])


class TestIndex:
    def test_finance_sees_every_opd_with_a_link_per_format(self, diekspor, login):
        page = login(diekspor.cast.keuangan).get(INDEX + "?bulan=2026-07")
        assert page.status_code == 200
        html = page.content.decode()
        assert "Dinas Contoh" in html and "Badan Lain" in html
        for e in diekspor.ekspor.values():
            assert reverse("tpk:ekspor_unduh", args=[e.pk]) in html
        assert "Buat ulang semua OPD" in html

    def test_the_latest_closed_month_is_the_default(self, diekspor, login):
        page = login(diekspor.cast.admin).get(INDEX)
        assert page.context["bulan"].month == 7 and page.context["rows"]

    def test_the_kepala_opd_sees_only_their_opd_and_makes_nothing(self, diekspor, login):
        page = login(diekspor.cast.kepala).get(INDEX + "?bulan=2026-07")
        assert page.status_code == 200
        assert [r["opd_nama"] for r in page.context["rows"]] == ["Dinas Contoh"]
        assert "Buat ulang semua OPD" not in page.content.decode()

    @pytest.mark.parametrize("who", ["staf", "atasan", "penilai", "orang_luar"])
    def test_everyone_else_gets_404(self, diekspor, login, who):
        assert login(getattr(diekspor.cast, who)).get(INDEX).status_code == 404

    def test_post_is_not_allowed(self, diekspor, login):
        assert login(diekspor.cast.keuangan).post(INDEX).status_code == 405

    def test_a_month_never_closed_says_so(self, diekspor, login):
        page = login(diekspor.cast.keuangan).get(INDEX + "?bulan=2026-05")
        assert "belum ditutup" in page.content.decode()

    def test_superseded_exports_are_labelled(self, diekspor, login):
        supersede_exports(
            PembukaanPeriode.objects.create(
                periode=diekspor.periode,
                revisi=1,
                pada=datetime(2026, 8, 7, tzinfo=UTC),
                alasan="Koreksi",
            )
        )
        html = login(diekspor.cast.keuangan).get(INDEX + "?bulan=2026-07").content.decode()
        assert html.count('badge text-bg-secondary">Diganti') == 6

    def test_hundreds_of_exports_take_a_fixed_number_of_queries(
        self, diekspor, login, django_assert_num_queries
    ):
        client = login(diekspor.cast.keuangan)
        with CaptureQueriesContext(connection) as few:
            assert client.get(INDEX + "?bulan=2026-07").status_code == 200
        # 60 more OPDs, each with its staff member and 2 revisions × 3 formats of exports.
        run = diekspor.run
        units = UnitKerja.objects.bulk_create(
            UnitKerja(nama=f"Dinas Nomor {i:02d}", kode=f"5.{i:02d}", jenis="opd")
            for i in range(60)
        )
        for u in units:
            jab = f.jabatan("Pelaksana", u)
            hasil(f.pegawai(f"Pegawai {u.kode}", jab, login=False), run)
        base = EksporTPK.objects.get(opd=diekspor.cast.opd, format="pdf")
        EksporTPK.objects.bulk_create(
            EksporTPK(
                periode=diekspor.periode,
                revisi=1,
                opd=u,
                format=fmt,
                kertas="A4" if fmt == "pdf" else "",
                status="selesai",
                berkas=base.berkas.name,
                sha256=base.sha256,
                selesai_pada=base.selesai_pada,
                dibuat_pada=base.dibuat_pada,
                dibuat_oleh=diekspor.cast.keuangan.user if n else None,
                tanggal=base.tanggal,
            )
            for u in units
            for fmt in ("pdf", "xlsx", "csv")
            for n in range(2)
        )
        assert EksporTPK.objects.count() > 360
        with django_assert_num_queries(len(few)):
            page = client.get(INDEX + "?bulan=2026-07")
        assert len(page.context["rows"]) == 62


class TestOpd:
    def test_finance_sees_the_history_and_a_form_with_the_signers_prefilled(self, diekspor, login):
        page = login(diekspor.cast.keuangan).get(opd_url(diekspor))
        assert page.status_code == 200
        form = page.context["form"]
        assert form.initial["kepala_nip"] == diekspor.cast.kepala.nip
        assert form.initial["tempat"] == "Contoh"
        html = page.content.decode()
        assert diekspor.ekspor[(diekspor.cast.opd.pk, "pdf")].sha256 in html
        assert "Budi Tanpa Rekening" in html  # the bank list's warning

    def test_finance_makes_new_files_with_other_signers(
        self, diekspor, login, django_capture_on_commit_callbacks
    ):
        client = login(diekspor.cast.keuangan)
        data = {
            "format": ["pdf", "csv"],
            "kertas": "F4",
            "revisi": "1",
            "kepala_jabatan": "Plt. Kepala Dinas Contoh",
            "kepala_nama": "Kabid Umum",
            "kepala_nip": diekspor.cast.atasan.nip,
            "bendahara_nama": "Bendahara Baru",
            "bendahara_nip": "198609262015052001",
            "tempat": "Contoh",
            "tanggal": "2026-08-10",
        }
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(opd_url(diekspor), data)
        assert response.status_code == 302
        baru = EksporTPK.objects.filter(otomatis=False)
        assert {(e.format, e.kertas, e.status) for e in baru} == {
            ("pdf", "F4", "selesai"),
            ("csv", "", "selesai"),
        }
        pdf = baru.get(format="pdf")
        assert pdf.dibuat_oleh == diekspor.cast.keuangan.user
        text = pdftotext(pdf.berkas.open("rb").read(), layout=False)
        assert "Plt. Kepala Dinas Contoh" in text and "Bendahara Baru" in text
        assert "10 Agustus 2026" in text

    def test_a_bad_nip_is_refused_by_the_form(self, diekspor, login):
        page = login(diekspor.cast.keuangan).post(
            opd_url(diekspor),
            {"format": ["csv"], "kertas": "A4", "revisi": "1", "bendahara_nip": "123", "tanggal": "2026-08-10"},
        )  # fmt: skip
        assert page.status_code == 200
        assert "18 angka" in page.content.decode()
        assert not EksporTPK.objects.filter(otomatis=False).exists()

    def test_the_kepala_opd_looks_but_may_not_make(self, diekspor, login):
        client = login(diekspor.cast.kepala)
        page = client.get(opd_url(diekspor))
        assert page.status_code == 200 and page.context["form"] is None
        assert client.post(opd_url(diekspor), {"format": ["csv"]}).status_code == 403
        assert client.get(opd_url(diekspor, diekspor.cast.opd_lain)).status_code == 404

    @pytest.mark.parametrize("who", ["staf", "orang_luar"])
    def test_everyone_else_gets_404(self, diekspor, login, who):
        client = login(getattr(diekspor.cast, who))
        assert client.get(opd_url(diekspor)).status_code == 404
        assert client.post(opd_url(diekspor), {"format": ["csv"]}).status_code == 404

    def test_not_an_opd_is_404(self, diekspor, login):
        url = reverse("tpk:ekspor_opd", args=[2026, 7, diekspor.cast.seksi.pk])
        assert login(diekspor.cast.keuangan).get(url).status_code == 404

    def test_delete_is_not_allowed(self, diekspor, login):
        assert login(diekspor.cast.keuangan).delete(opd_url(diekspor)).status_code == 405


class TestSemua:
    url = reverse("tpk:ekspor_semua", args=[2026, 7])

    def test_finance_remakes_every_opd(self, juli, login, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = login(juli.cast.keuangan).post(self.url)
        assert response.status_code == 302
        assert EksporTPK.objects.filter(status="selesai", otomatis=False).count() == 6

    def test_kepala_403_outsider_404_get_405(self, juli, login):
        assert login(juli.cast.kepala).post(self.url).status_code == 403
        assert login(juli.cast.orang_luar).post(self.url).status_code == 404
        assert login(juli.cast.keuangan).get(self.url).status_code == 405


class TestUnduh:
    def url(self, diekspor, opd, fmt):
        return reverse("tpk:ekspor_unduh", args=[diekspor.ekspor[(opd.pk, fmt)].pk])

    @pytest.mark.parametrize("who", ["keuangan", "admin", "kepala"])
    def test_who_may_see_gets_the_stored_file(self, diekspor, login, who):
        e = diekspor.ekspor[(diekspor.cast.opd.pk, "xlsx")]
        response = login(getattr(diekspor.cast, who)).get(
            self.url(diekspor, diekspor.cast.opd, "xlsx")
        )
        assert response.status_code == 200
        body = b"".join(response.streaming_content)
        assert hashlib.sha256(body).hexdigest() == e.sha256
        assert response["Content-Disposition"] == f'attachment; filename="{e.nama_berkas}"'
        assert response["Cache-Control"] == "private, no-store"

    def test_the_kepala_of_one_opd_cannot_download_another(self, diekspor, login):
        client = login(diekspor.cast.kepala)
        assert client.get(self.url(diekspor, diekspor.cast.opd_lain, "pdf")).status_code == 404

    @pytest.mark.parametrize("who", ["staf", "atasan", "penilai", "orang_luar"])
    def test_an_outsider_cannot_download(self, diekspor, login, who):
        client = login(getattr(diekspor.cast, who))
        assert client.get(self.url(diekspor, diekspor.cast.opd, "csv")).status_code == 404

    def test_a_file_not_made_yet_is_404_and_post_405(self, juli, login):
        e = request_export(
            juli.periode, juli.cast.opd, format="csv", penandatangan=TTD, by=juli.cast.keuangan.user
        )
        client = login(juli.cast.keuangan)
        url = reverse("tpk:ekspor_unduh", args=[e.pk])
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 405

    def test_the_stored_file_has_no_url_of_its_own(self, diekspor, login):
        e = diekspor.ekspor[(diekspor.cast.opd.pk, "csv")]
        assert login(diekspor.cast.keuangan).get(f"/media/{e.berkas.name}").status_code == 404


class TestSlip:
    def url(self, row):
        return reverse("tpk:slip_pdf", args=[row.pk])

    def row_of(self, juli, p):
        return HasilTPK.objects.get(pegawai=p, revisi=1)

    def test_staff_download_their_own_slip(self, juli, login):
        row = self.row_of(juli, juli.cast.staf)
        response = login(juli.cast.staf).get(self.url(row))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        text = pdftotext(response.content)
        assert row.nip in text and "Rincian perhitungan" in text
        assert format_trace(row.trace)[-1] in " ".join(text.split())  # the trace of the close

    @pytest.mark.parametrize("who", ["keuangan", "admin", "kepala"])
    def test_finance_admin_and_the_kepala_opd_may_download_a_staff_slip(self, juli, login, who):
        row = self.row_of(juli, juli.cast.staf)
        assert login(getattr(juli.cast, who)).get(self.url(row)).status_code == 200

    @pytest.mark.parametrize("who", ["orang_luar", "penilai", "atasan"])
    def test_nobody_else_sees_a_staff_slip(self, juli, login, who):
        row = self.row_of(juli, juli.cast.staf)
        assert login(getattr(juli.cast, who)).get(self.url(row)).status_code == 404

    def test_the_kepala_of_another_opd_cannot(self, juli, login):
        row = self.row_of(juli, juli.cast.orang_luar)
        assert login(juli.cast.kepala).get(self.url(row)).status_code == 404

    def test_post_is_not_allowed(self, juli, login):
        row = self.row_of(juli, juli.cast.staf)
        assert login(juli.cast.staf).post(self.url(row)).status_code == 405

    def test_a_row_of_an_unfinished_close_is_404(self, juli, aturan, login):
        run = penutupan(juli.periode, aturan, revisi=2, status="berjalan", selesai_pada=None)
        row = hasil(juli.cast.staf, run)
        assert login(juli.cast.staf).get(self.url(row)).status_code == 404
