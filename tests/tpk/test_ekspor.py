"""Finance's files (issue #7): the amounts in the PDF (read back with pdftotext), the XLSX and
the bank CSV equal the close's rows and their sums; the signers; the exports made after a close
and superseded by a reopen; the command."""

import csv
import hashlib
import io
import subprocess
from datetime import date
from decimal import Decimal as D
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from pegawai.models import Pegawai, Pemda, Periode, UnitKerja
from tests import factories as f
from tpk.angka import format_angka
from tpk.ekspor.bank import render_daftar_bank
from tpk.ekspor.daftar import Penandatangan, load_daftar
from tpk.ekspor.organisasi import kepala_opd, opd_dipimpin
from tpk.ekspor.pdf import OfflineFetcher, render_daftar_pdf, render_slip_pdf
from tpk.ekspor.services import (
    build_export,
    default_penandatangan,
    queue_exports_after_close,
    request_export,
    supersede_exports,
)
from tpk.ekspor.xlsx import render_daftar_xlsx
from tpk.exceptions import TPKError
from tpk.models import EksporTPK, HasilTPK, PembukaanPeriode, PenutupanPeriode
from tpk.signals import periode_dibuka, periode_ditutup
from tpk.terbilang import terbilang

from .conftest import NOW, hasil, penutupan

pytestmark = pytest.mark.django_db

NAMA_PANJANG = "Cut Nyak Meutia Binti Teuku Muhammad Abdurrahman Syah"
JABATAN_PANJANG = (
    "Analis Kebijakan Ahli Muda pada Bidang Perencanaan, Pengendalian dan Evaluasi Pembangunan"
)
TTD = Penandatangan(
    kepala_jabatan="Kepala Dinas Contoh",
    kepala_nama="Kepala Dinas Contoh",
    kepala_nip="196801011994031001",
    bendahara_nama="Nurul Hidayati, S.E.",
    bendahara_nip="198609262015052001",
    tempat="Contoh",
    tanggal=date(2026, 8, 6),
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def atur_angka(row: HasilTPK, i: int) -> HasilTPK:
    """Different amounts on every row (the helper gives everyone the worked example's)."""
    bruto = D(3_700_536 - 123_457 * i)
    pph21 = (bruto * D("0.05")).quantize(D(1))
    HasilTPK.objects.filter(pk=row.pk).update(
        bruto=bruto, pph21=pph21, netto=bruto - pph21, dasar=D("3854725.00") - i * 1000
    )
    row.refresh_from_db()
    return row


@pytest.fixture
def juli(cast, aturan, periode):
    """July 2026 closed (revision 1): the cast's OPD with five staff (one with a long name and
    position, one without a bank account), the other OPD with its own."""
    panjang = f.jabatan(JABATAN_PANJANG, cast.seksi, atasan=cast.jab_kasi, kelas=9)
    bank = {"bank": "Bank Aceh Syariah"}
    for p, rekening in ((cast.staf, "0101000001"), (cast.kepala, "0101000002")):
        p.bank, p.nomor_rekening = bank["bank"], rekening
        p.save()
    meutia = f.pegawai(
        NAMA_PANJANG,
        panjang,
        gelar_depan="Dra.",
        gelar_belakang="M.Si",
        nomor_rekening="0101000003",
        **bank,
    )
    tanpa_rekening = f.pegawai("Budi Tanpa Rekening", cast.jab_staf)
    run = penutupan(periode, aturan)
    orang = [cast.kepala, cast.atasan, cast.staf, meutia, tanpa_rekening]
    lain = list(Pegawai.objects.filter(unit=cast.opd_lain))
    for i, p in enumerate(orang + lain):
        atur_angka(hasil(p, run, atasan=cast.atasan), i)
    rows = list(HasilTPK.objects.for_opd(periode, 1, cast.opd))
    return SimpleNamespace(
        cast=cast, periode=periode, run=run, rows=rows, meutia=meutia, tanpa=tanpa_rekening
    )


def pdftotext(pdf: bytes, *, layout: bool = True) -> str:
    """The PDF's text: as laid out (a table row on one line), or in reading order (each
    signature block in one piece)."""
    args = ["pdftotext", *(["-layout"] if layout else []), "-", "-"]
    return subprocess.run(args, input=pdf, capture_output=True, check=True).stdout.decode()


def segments(text: str, names: list[str]) -> list[str]:
    """The text from each name to the next (the last one to the end), in the list's order."""
    starts, pos = [], 0
    for name in names:
        pos = text.index(name, pos)
        starts.append(pos)
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


class TestPdf:
    def test_every_amount_read_back_equals_the_rows_and_the_totals_their_sum(self, juli):
        daftar = load_daftar(juli.periode, juli.cast.opd, penandatangan=TTD)
        text = pdftotext(render_daftar_pdf(daftar))
        # The first line of each name: a long name wraps inside its cell.
        names = [r.nama_lengkap[:20] for r in juli.rows]
        parts = segments(text, names)
        for row, part in zip(juli.rows, parts, strict=True):
            assert row.nip in part
            for amount in (row.bruto, row.pph21, row.netto):
                assert format_angka(amount, 0) in part.split(), (row.nama, amount)
            assert format_angka(row.skor, 2) in part.split()
        total = {k: sum(getattr(r, k) for r in juli.rows) for k in ("bruto", "pph21", "netto")}
        akhir = parts[-1][parts[-1].index("JUMLAH") :].split()
        assert [format_angka(total[k], 0) for k in ("bruto", "pph21", "netto")] == [
            a for a in akhir if a in {format_angka(v, 0) for v in total.values()}
        ][:3]
        flat = " ".join(text.split())
        assert f"Jumlah netto yang dibayarkan: Rp {format_angka(total['netto'], 0)}" in flat
        assert terbilang(total["netto"]).title() in flat

    def test_heading_signers_place_date_and_page_numbers_are_printed(self, juli):
        daftar = load_daftar(juli.periode, juli.cast.opd, penandatangan=TTD)
        flat = " ".join(pdftotext(render_daftar_pdf(daftar), layout=False).split())
        for teks in (
            "PEMERINTAH KOTA CONTOH",
            "DINAS CONTOH",
            "DAFTAR PEMBAYARAN TUNJANGAN PRESTASI KERJA (TPK)",
            "Bulan Juli 2026 · revisi 1",
            "Mengetahui, Kepala Dinas Contoh",
            "Kepala Dinas Contoh NIP 196801011994031001",  # the name under the space
            "Contoh, 6 Agustus 2026 Bendahara Pengeluaran",
            "Nurul Hidayati, S.E. NIP 198609262015052001",
            "Halaman 1 dari 1",
            JABATAN_PANJANG.split(",")[0][:25],
        ):
            assert teks in flat, teks

    def test_the_header_row_is_repeated_on_every_page_of_a_long_list(self, juli):
        rows = juli.rows * 12  # 60 rows: three A4 pages
        daftar = load_daftar(juli.periode, juli.cast.opd, penandatangan=TTD)
        daftar.rows = rows
        pages = pdftotext(render_daftar_pdf(daftar)).split("\f")
        pages = [p for p in pages if p.strip()]
        assert len(pages) >= 3
        for n, page in enumerate(pages, 1):
            assert "Nama / NIP" in page and "Netto (Rp)" in page
            assert f"Halaman {n} dari {len(pages)}" in page
        # The signatures never stand alone: the last page also carries staff rows.
        assert "Bendahara Pengeluaran" in pages[-1]
        assert juli.rows[-1].nip in pages[-1]

    def test_a4_and_f4_are_landscape_pages(self, juli, tmp_path):
        for kertas, ukuran in (("A4", "841.89 x 595.276 pts"), ("F4", "935.433 x 609.449 pts")):
            path = tmp_path / f"{kertas}.pdf"
            path.write_bytes(
                render_daftar_pdf(load_daftar(juli.periode, juli.cast.opd, kertas=kertas))
            )
            info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True)
            assert f"Page size:       {ukuran}" in info.stdout.decode()

    def test_only_installed_fonts_are_embedded(self, juli, tmp_path):
        path = tmp_path / "daftar.pdf"
        path.write_bytes(render_daftar_pdf(load_daftar(juli.periode, juli.cast.opd)))
        fonts = subprocess.run(
            ["pdffonts", str(path)], capture_output=True, check=True
        ).stdout.decode()
        names = [line.split()[0] for line in fonts.splitlines()[2:]]
        assert names and all("Liberation" in n or "DejaVu" in n for n in names), names

    def test_the_fetcher_refuses_the_network_and_files(self):
        fetcher = OfflineFetcher()
        for url in ("https://example.com/logo.png", "http://10.0.0.1/", "file:///etc/passwd"):
            with pytest.raises(ValueError, match="disallowed protocol"):
                fetcher(url)
        assert fetcher("data:text/plain;base64,YQ==").read() == b"a"

    def test_the_pemda_logo_is_embedded_without_a_fetch(self, juli):
        from django.core.files.base import ContentFile

        # A 1×1 PNG.
        png = bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d49444154789c6360000002000154a24f5f0000000049454e44ae426082"
        )
        pemda = Pemda.current()
        pemda.logo.save("logo.png", ContentFile(png))
        daftar = load_daftar(juli.periode, juli.cast.opd)
        assert b"/Subtype /Image" in render_daftar_pdf(daftar)

    def test_the_slip_shows_the_trace_and_the_amounts(self, juli):
        row = HasilTPK.objects.select_related("periode").get(pk=juli.rows[0].pk)
        flat = " ".join(pdftotext(render_slip_pdf(row, pemda=Pemda.current())).split())
        for teks in (
            row.nama_lengkap,
            row.nip,
            "Hari kerja 22 dari 22 hari",
            "Target (menit) 6.600",
            "Menit disetujui 6.270",
            "Potongan 15-07-2026: TL2 1%",
            "Skor 96,00",
            f"Bruto (Rp) {format_angka(row.bruto, 0)}",
            f"Netto diterima (Rp) {format_angka(row.netto, 0)}",
            "15 Juli 2026: TL2 1%",
        ):
            assert teks in flat, teks


class TestXlsx:
    def test_cells_equal_the_rows_as_numbers_with_rupiah_format_and_a_frozen_header(self, juli):
        daftar = load_daftar(juli.periode, juli.cast.opd, penandatangan=TTD)
        ws = load_workbook(io.BytesIO(render_daftar_xlsx(daftar))).active
        header = next(r for r in range(1, 20) if ws.cell(r, 2).value == "Nama")
        kolom = {ws.cell(header, c).value: c for c in range(1, ws.max_column + 1)}
        assert ws.freeze_panes == f"C{header + 1}"
        for n, row in enumerate(juli.rows):
            r = header + 1 + n
            cell = lambda name, r=r: ws.cell(r, kolom[name])  # noqa: E731
            assert cell("Nama").value == row.nama_lengkap
            assert cell("NIP").value == row.nip
            assert cell("Jabatan").value == row.jabatan_nama
            for name, field in (
                ("Bruto (Rp)", "bruto"),
                ("PPh 21 (Rp)", "pph21"),
                ("Netto (Rp)", "netto"),
                ("Dasar TPK (Rp)", "dasar"),
                ("Skor", "skor"),
                ("Produktivitas (%)", "produktivitas"),
            ):
                assert isinstance(cell(name).value, int | float), name
                assert D(str(cell(name).value)) == getattr(row, field), name
            assert cell("Netto (Rp)").number_format.startswith('"Rp"')
        jumlah = header + 1 + len(juli.rows)
        assert ws.cell(jumlah, 1).value == "JUMLAH"
        for name, field in (("Bruto (Rp)", "bruto"), ("Netto (Rp)", "netto")):
            c = kolom[name]
            huruf = ws.cell(header, c).column_letter
            assert ws.cell(jumlah, c).value == f"=SUM({huruf}{header + 1}:{huruf}{jumlah - 1})"
            summed = sum(D(str(ws.cell(r, c).value)) for r in range(header + 1, jumlah))
            assert summed == sum(getattr(r, field) for r in juli.rows)


class TestBankCsv:
    def test_rows_equal_the_results_and_staff_without_account_are_named(self, juli):
        bank = render_daftar_bank(load_daftar(juli.periode, juli.cast.opd))
        assert bank.csv.startswith(b"\xef\xbb\xbf")
        lines = list(csv.reader(io.StringIO(bank.csv.decode("utf-8-sig"))))
        assert lines[0] == ["no", "nama", "nip", "bank", "nomor_rekening", "jumlah"]
        expected = [
            [r.nama_lengkap, r.nip, r.bank, r.nomor_rekening, str(r.netto)]
            for r in juli.rows
            if r.nomor_rekening
        ]
        assert [line[1:] for line in lines[1:]] == expected
        assert [line[0] for line in lines[1:]] == [str(n) for n in range(1, len(expected) + 1)]
        tanpa = [r for r in juli.rows if not r.nomor_rekening]
        assert len(bank.peringatan) == len(tanpa) == 2  # Budi and the Kabid
        assert any("Budi Tanpa Rekening" in p and juli.tanpa.nip in p for p in bank.peringatan)

    def test_nothing_to_pay_is_named_too_and_formulas_are_defused(self, juli):
        row = juli.rows[0]
        HasilTPK.objects.filter(pk=row.pk).update(
            bruto=0, pph21=0, netto=0, nama="=HYPERLINK(1)", nomor_rekening="9"
        )
        bank = render_daftar_bank(load_daftar(juli.periode, juli.cast.opd))
        assert any("netto Rp 0" in p for p in bank.peringatan)
        HasilTPK.objects.filter(pk=row.pk).update(bruto=10, netto=10)
        text = render_daftar_bank(load_daftar(juli.periode, juli.cast.opd)).csv.decode("utf-8-sig")
        assert "'=HYPERLINK(1)" in text


class TestSigners:
    def test_the_kepala_is_the_holder_of_the_top_position_else_the_acting_one(self, cast):
        akhir = date(2026, 7, 31)
        assert kepala_opd([cast.opd.pk], akhir)[cast.opd.pk].nip == cast.kepala.nip
        assert kepala_opd([cast.opd.pk], akhir)[cast.opd.pk].jabatan == "Kepala Dinas Contoh"
        assert opd_dipimpin(cast.kepala.user, akhir) == {cast.opd.pk}
        assert opd_dipimpin(cast.staf.user, akhir) == set()
        # The head leaves; the kabid acts (Plt).
        cast.kepala.penugasan.update(selesai=date(2026, 6, 30))
        f.acting(cast.atasan, cast.jab_kepala, mulai=date(2026, 7, 1))
        kepala = kepala_opd([cast.opd.pk], akhir)[cast.opd.pk]
        assert (kepala.nip, kepala.jabatan) == (cast.atasan.nip, "Plt. Kepala Dinas Contoh")

    def test_defaults_come_from_org_data_and_the_last_export(self, juli):
        cast = juli.cast
        (ttd, kertas), *_ = default_penandatangan(
            juli.periode, [cast.opd.pk], tanggal=date(2026, 8, 6)
        ).values()
        assert (ttd.kepala_nama, ttd.kepala_nip, ttd.tempat) == (
            cast.kepala.nama_lengkap,
            cast.kepala.nip,
            "Contoh",
        )
        assert (ttd.bendahara_nama, kertas) == ("", "A4")
        request_export(
            juli.periode,
            cast.opd,
            format="pdf",
            kertas="F4",
            penandatangan=TTD,
            by=cast.keuangan.user,
        )
        (ttd, kertas), *_ = default_penandatangan(
            juli.periode, [cast.opd.pk], tanggal=date(2026, 8, 6)
        ).values()
        assert (ttd.bendahara_nama, ttd.bendahara_nip, kertas) == (
            TTD.bendahara_nama,
            TTD.bendahara_nip,
            "F4",
        )
        # The head is still the org's (the last export named someone else).
        assert ttd.kepala_nip == cast.kepala.nip


class TestExports:
    def test_a_close_queues_every_opd_in_every_format_stored_with_a_checksum(
        self, juli, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            periode_ditutup.send(sender=PenutupanPeriode, penutupan=juli.run)
        ekspor = EksporTPK.objects.filter(periode=juli.periode)
        assert ekspor.count() == 2 * 3  # two OPDs × PDF, XLSX, CSV
        for e in ekspor:
            assert (e.status, e.otomatis, e.revisi, e.dibuat_oleh) == ("selesai", True, 1, None)
            with e.berkas.open("rb") as fh:
                assert hashlib.sha256(fh.read()).hexdigest() == e.sha256
        pdf = ekspor.get(opd=juli.cast.opd, format="pdf")
        assert (pdf.kertas, pdf.kepala_nip, pdf.jumlah_pegawai) == ("A4", juli.cast.kepala.nip, 5)
        assert pdf.jumlah_netto == sum(r.netto for r in juli.rows)
        assert pdf.nama_berkas == "TPK-2026-07-1.01-rev1-A4.pdf"
        csv_ = ekspor.get(opd=juli.cast.opd, format="csv")
        assert len(csv_.peringatan) == 2
        # A second signal (a retried task) makes nothing new.
        with django_capture_on_commit_callbacks(execute=True):
            periode_ditutup.send(sender=PenutupanPeriode, penutupan=juli.run)
        assert EksporTPK.objects.filter(periode=juli.periode).count() == 6

    def test_a_reopen_marks_the_old_exports_superseded_and_keeps_them(
        self, juli, aturan, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            periode_ditutup.send(sender=PenutupanPeriode, penutupan=juli.run)
        pembukaan = PembukaanPeriode.objects.create(
            periode=juli.periode,
            revisi=1,
            oleh=juli.cast.admin.user,
            pada=NOW,
            alasan="Koreksi kehadiran",
        )
        periode_dibuka.send(sender=PenutupanPeriode, pembukaan=pembukaan)
        lama = EksporTPK.objects.filter(periode=juli.periode)
        assert lama.count() == 6
        assert all(e.diganti_pada == NOW and e.pembukaan == pembukaan for e in lama)
        assert all(e.berkas and e.berkas.storage.exists(e.berkas.name) for e in lama)
        # The next close (revision 2) makes new, current files.
        run2 = penutupan(juli.periode, aturan, revisi=2)
        hasil(juli.cast.staf, run2)
        with django_capture_on_commit_callbacks(execute=True):
            periode_ditutup.send(sender=PenutupanPeriode, penutupan=run2)
        baru = EksporTPK.objects.filter(periode=juli.periode, revisi=2)
        assert baru.count() == 3 and not any(e.is_diganti for e in baru)

    def test_an_export_of_a_revision_reopened_since_is_made_superseded(self, juli):
        pembukaan = PembukaanPeriode.objects.create(
            periode=juli.periode, revisi=1, oleh=None, pada=NOW, alasan="Koreksi"
        )
        e = request_export(
            juli.periode, juli.cast.opd, format="csv", penandatangan=TTD, by=juli.cast.admin.user
        )
        assert (e.is_diganti, e.pembukaan) == (True, pembukaan)
        assert supersede_exports(pembukaan) == 0  # already labelled

    def test_on_demand_export_records_who_when_and_the_signers(
        self, juli, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            e = request_export(
                juli.periode,
                juli.cast.opd,
                format="pdf",
                kertas="F4",
                penandatangan=TTD,
                by=juli.cast.keuangan.user,
            )
        e.refresh_from_db()
        assert (e.status, e.kertas, e.dibuat_oleh, e.otomatis) == (
            "selesai",
            "F4",
            juli.cast.keuangan.user,
            False,
        )
        assert (e.bendahara_nama, e.tanggal) == (TTD.bendahara_nama, TTD.tanggal)
        assert "Nurul Hidayati" in pdftotext(e.berkas.open("rb").read())

    def test_only_finance_and_admin_make_exports_and_only_of_a_finished_revision(self, juli):
        cast = juli.cast
        with pytest.raises(TPKError):
            request_export(
                juli.periode, cast.opd, format="csv", penandatangan=TTD, by=cast.kepala.user
            )
        with pytest.raises(TPKError, match="Revisi 2"):
            request_export(
                juli.periode,
                cast.opd,
                format="csv",
                revisi=2,
                penandatangan=TTD,
                by=cast.keuangan.user,
            )
        kosong = UnitKerja.objects.create(nama="Badan Kosong", kode="9.99", jenis="opd")
        with pytest.raises(TPKError, match="tidak punya pegawai"):
            request_export(
                juli.periode, kosong, format="csv", penandatangan=TTD, by=cast.keuangan.user
            )

    def test_a_failed_render_is_recorded_not_raised(self, juli, monkeypatch):
        e = request_export(
            juli.periode, juli.cast.opd, format="xlsx", penandatangan=TTD, by=juli.cast.admin.user
        )

        def rusak(*args, **kwargs):
            raise RuntimeError("disk penuh")

        monkeypatch.setattr("tpk.ekspor.xlsx.render_daftar_xlsx", rusak)
        e = build_export(e.pk)
        assert (e.status, e.pesan_galat, e.berkas.name) == ("gagal", "disk penuh", "")

    def test_the_automatic_run_ignores_a_close_that_did_not_finish(self, juli):
        PenutupanPeriode.objects.filter(pk=juli.run.pk).update(status="gagal")
        juli.run.refresh_from_db()
        assert queue_exports_after_close(juli.run) == []


class TestEndToEnd:
    def test_the_real_close_and_reopen_make_and_supersede_the_exports(
        self, cast, django_capture_on_commit_callbacks
    ):
        from tpk.defaults import create_default_aturan
        from tpk.penutupan import close_periode, reopen_periode

        from . import bulan as b

        create_default_aturan()
        b.juli()
        with django_capture_on_commit_callbacks(execute=True):
            close_periode(b.TAHUN, b.BULAN, by=cast.admin.user, now=b.NOW)
        periode = Periode.objects.get(tahun=b.TAHUN, bulan=b.BULAN)
        ekspor = EksporTPK.objects.filter(periode=periode)
        assert {(e.opd_id, e.format, e.status) for e in ekspor} == {
            (opd.pk, fmt, "selesai")
            for opd in (cast.opd, cast.opd_lain)
            for fmt in ("pdf", "xlsx", "csv")
        }
        with django_capture_on_commit_callbacks(execute=True):
            reopen_periode(b.TAHUN, b.BULAN, alasan="Koreksi", by=cast.admin.user, now=b.NOW)
        assert all(e.is_diganti for e in EksporTPK.objects.filter(periode=periode))


class TestCommand:
    def test_writes_each_format_for_an_opd(self, juli, tmp_path):
        for fmt in ("pdf", "xlsx", "csv"):
            out = tmp_path / f"daftar.{fmt}"
            stdout, stderr = io.StringIO(), io.StringIO()
            call_command(
                "export_tpk", "2026-07", "--unit", "1.01", "--format", fmt, "-o", str(out),
                stdout=stdout, stderr=stderr,
            )  # fmt: skip
            assert out.stat().st_size > 0
            assert "5 pegawai, revisi 1" in stdout.getvalue()
        assert out.read_bytes() == render_daftar_bank(load_daftar(juli.periode, juli.cast.opd)).csv
        assert "Budi Tanpa Rekening" in stderr.getvalue()
        assert (tmp_path / "daftar.pdf").read_bytes().startswith(b"%PDF")

    @pytest.mark.parametrize(
        ("args", "pesan"),
        [
            (["2026-13", "--unit", "1.01"], "Bulan tidak dikenali"),
            (["2026-06", "--unit", "1.01"], "belum pernah ditutup"),
            (["2026-07", "--unit", "7.77"], "Tidak ada unit"),
            (["2026-07", "--unit", "1.01.01"], "bukan OPD"),
            (["2026-07", "--unit", "1.01", "--revisi", "3"], "Revisi 3"),
        ],
    )
    def test_refuses_what_it_cannot_export(self, juli, tmp_path, args, pesan):
        with pytest.raises(CommandError, match=pesan):
            call_command("export_tpk", *args, "--format", "csv", "-o", str(tmp_path / "x"))


def test_jabatan_title_merges_the_opd_name():
    from tpk.ekspor.organisasi import jabatan_kepala_text

    assert jabatan_kepala_text("Kepala Dinas", "Dinas Pendidikan", jenis="definitif") == (
        "Kepala Dinas Pendidikan"
    )
    assert jabatan_kepala_text("Camat", "Kecamatan Baiturrahman", jenis="plh") == (
        "Plh. Camat Kecamatan Baiturrahman"
    )
    assert jabatan_kepala_text("Kepala Badan Lain", "Badan Lain", jenis="definitif") == (
        "Kepala Badan Lain"
    )
