"""The TPK list and the staff slip as PDF: a Django template rendered by WeasyPrint.

Nothing is fetched while rendering: the stylesheet is read from the project's static files, the
pemda's logo (if any) is embedded as a data: URL, and the URL fetcher refuses everything else,
http(s) and file: included. Fonts are the installed Liberation Sans / DejaVu Sans (fontconfig);
no @font-face points anywhere. The text stays text, so pdftotext reads every name and amount.

The list's table has fixed column widths (`table-layout: fixed`): WeasyPrint then lays each row
out once instead of measuring every cell of the table for each page, which is what keeps a
1,000-row list within the benchmark (docs/BENCHMARKS.md).
"""

import base64
import logging
import mimetypes
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from ..angka import format_angka, format_persen
from ..models import HasilTPK
from ..trace import format_trace
from .daftar import DaftarTPK, angka, angka_dasar

# WeasyPrint logs each rendering step at INFO (some while it is imported): noise in a worker
# that makes hundreds of PDFs.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher  # noqa: E402

STYLESHEET = "css/tpk-pdf.css"
# Landscape sizes of the list; the slip is A4 portrait.
UKURAN_KERTAS = {"A4": "297mm 210mm", "F4": "330mm 215mm"}


class OfflineFetcher(URLFetcher):
    """A URL fetcher that only reads data: URLs, so a PDF never reaches the network or disk."""

    def __init__(self):
        super().__init__(allowed_protocols=("data",))


@lru_cache(maxsize=1)
def _stylesheet() -> str:
    path = finders.find(STYLESHEET)
    if path is None:  # the deployment lost a file of the code: say which
        raise FileNotFoundError(STYLESHEET)
    with open(path, encoding="utf-8") as f:
        return f.read()


def logo_data_url(pemda) -> str:
    """The pemda's logo as a data: URL, or "" without one (or when its file is gone)."""
    if not pemda.logo:
        return ""
    try:
        with pemda.logo.open("rb") as f:
            data = f.read()
    except (FileNotFoundError, OSError):
        return ""
    jenis = mimetypes.guess_type(pemda.logo.name)[0] or "image/png"
    return f"data:{jenis};base64,{base64.b64encode(data).decode('ascii')}"


def css_string(text: str) -> str:
    """A CSS string literal, safe inside a <style> element (for the margin boxes' texts)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ")
    return '"' + escaped.replace("\n", " ").replace("\r", " ") + '"'


def halaman_content() -> str:
    """ "Halaman " counter(page) " dari " counter(pages), from the translated sentence."""
    teks = _("Halaman {x} dari {y}")
    depan, _x, sisa = teks.partition("{x}")
    tengah, _y, belakang = sisa.partition("{y}")
    parts = [css_string(depan), "counter(page)", css_string(tengah), "counter(pages)"]
    if belakang:
        parts.append(css_string(belakang))
    return " ".join(parts)


def write_pdf(html: str) -> bytes:
    fonts = FontConfiguration()
    return HTML(string=html, url_fetcher=OfflineFetcher()).write_pdf(
        stylesheets=[CSS(string=_stylesheet(), font_config=fonts, url_fetcher=OfflineFetcher())],
        font_config=fonts,
    )


@dataclass(frozen=True)
class Baris:
    """One printed row: the figures already written the Indonesian way."""

    no: int
    nama: str
    nip: str
    golongan: str
    jabatan: str
    kelas: str
    dasar: str
    produktivitas: str
    disiplin: str
    skor: str
    predikat: str
    bruto: str
    pph21: str
    bpjs: str
    netto: str


def baris_daftar(daftar: DaftarTPK) -> list[Baris]:
    return [
        Baris(
            no=no,
            nama=r.nama_lengkap,
            nip=r.nip,
            golongan=r.golongan,
            jabatan=r.jabatan_nama,
            kelas="" if r.kelas is None else str(r.kelas),
            dasar=angka_dasar(r.dasar),
            produktivitas=angka(r.produktivitas, 2),
            disiplin=angka(r.disiplin, 2),
            skor=angka(r.skor, 2),
            predikat=r.predikat or "–",
            bruto=angka(r.bruto),
            pph21=angka(r.pph21),
            bpjs=angka(r.bpjs),
            netto=angka(r.netto),
        )
        for no, r in enumerate(daftar.rows, 1)
    ]


def render_daftar_html(daftar: DaftarTPK) -> str:
    total = daftar.total
    # Documents are printed in Indonesian whatever language the person asking uses.
    with translation.override("id"):
        kaki = _("Daftar TPK %(opd)s · %(bulan)s · revisi %(revisi)d") % {
            "opd": daftar.opd_nama,
            "bulan": daftar.nama_bulan,
            "revisi": daftar.revisi,
        }
        context = {
            "daftar": daftar,
            "baris": baris_daftar(daftar),
            "total": {
                "dasar": angka_dasar(total["dasar"]),
                **{k: angka(total[k]) for k in ("bruto", "pph21", "bpjs", "netto")},
            },
            "ukuran": UKURAN_KERTAS[daftar.kertas],
            "logo": logo_data_url(daftar.pemda),
            "ttd": daftar.penandatangan,
            "kaki_kiri": css_string(kaki),
            "kaki_kanan": halaman_content(),
            "nomor_kolom": range(1, 16 if daftar.ada_bpjs else 15),
        }
        return render_to_string("tpk/pdf/daftar.html", context)


def render_daftar_pdf(daftar: DaftarTPK) -> bytes:
    """The OPD's TPK list, landscape A4 or F4."""
    return write_pdf(render_daftar_html(daftar))


def render_slip_pdf(hasil: HasilTPK, *, pemda, diganti: bool = False) -> bytes:
    """One staff member's TPK slip with the figures and the calculation's trace (A4 portrait)."""
    bulan = date(hasil.periode.tahun, hasil.periode.bulan, 1)
    with translation.override("id"):
        kaki = _("Slip TPK %(nama)s · NIP %(nip)s") % {
            "nama": hasil.nama_lengkap,
            "nip": hasil.nip,
        }
        context = {
            "h": hasil,
            "bulan": bulan,
            "pemda": pemda,
            "logo": logo_data_url(pemda),
            "diganti": diganti,
            "flags": hasil.flag_labels,
            "trace": format_trace(hasil.trace),
            "kaki_kiri": css_string(kaki),
            "kaki_kanan": halaman_content(),
            "angka": {
                "produktivitas": angka(hasil.produktivitas, 2),
                "disiplin": angka(hasil.disiplin, 2),
                "potongan": angka(hasil.potongan_persen, 2),
                "skor": angka(hasil.skor, 2),
                "persen_bayar": angka(hasil.persen_bayar, 2),
                "tarif_kelas": angka(hasil.tarif_kelas),
                "dasar": angka_dasar(hasil.dasar),
                "bruto": angka(hasil.bruto),
                "tarif_pajak": format_angka(hasil.tarif_pajak),
                "pph21": angka(hasil.pph21),
                "bpjs": angka(hasil.bpjs),
                "netto": angka(hasil.netto),
                "target": angka(hasil.target_menit),
                "disetujui": angka(hasil.menit_disetujui),
                "kredit": angka(hasil.menit_kredit),
            },
            "potongan": [
                {
                    "tanggal": date.fromisoformat(p["tanggal"]),
                    "kode": p["kode"],
                    "persen": format_persen(Decimal(p["persen"])),
                }
                for p in hasil.potongan_harian
            ],
        }
        html = render_to_string("tpk/pdf/slip.html", context)
    return write_pdf(html)
