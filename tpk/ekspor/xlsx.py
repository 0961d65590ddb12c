"""The TPK list as an XLSX workbook: the same rows and columns as the PDF, numbers as numbers
(a rupiah format, percents with two places), the header frozen, and a totals row of SUM
formulas so that a corrected cell is added up again by the spreadsheet."""

from io import BytesIO

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from pegawai.templatetags.ekinerja import tanggal as format_tanggal

from .daftar import DaftarTPK

FORMAT_RUPIAH = '"Rp" #,##0;-"Rp" #,##0'
FORMAT_RUPIAH_SEN = '"Rp" #,##0.00;-"Rp" #,##0.00'
FORMAT_PERSEN = "0.00"
GARIS = Side(style="thin", color="000000")
KOTAK = Border(left=GARIS, right=GARIS, top=GARIS, bottom=GARIS)
ABU = PatternFill("solid", fgColor="E8E8E8")


def _kolom(daftar: DaftarTPK) -> list[tuple[str, str, str | None, int]]:
    """(header, HasilTPK attribute or key, number format, width) per column."""
    kolom = [
        (pgettext("nomor urut", "No"), "no", None, 5),
        (_("Nama"), "nama_lengkap", None, 34),
        (_("NIP"), "nip", "@", 20),
        (_("Gol"), "golongan", None, 6),
        (_("Jabatan"), "jabatan_nama", None, 36),
        (_("Kelas"), "kelas", "0", 6),
        (_("Dasar TPK (Rp)"), "dasar", FORMAT_RUPIAH_SEN, 17),
        (_("Produktivitas (%)"), "produktivitas", FORMAT_PERSEN, 13),
        (_("Disiplin (%)"), "disiplin", FORMAT_PERSEN, 11),
        (_("Skor"), "skor", FORMAT_PERSEN, 8),
        (_("Predikat"), "predikat", None, 9),
        (_("Bruto (Rp)"), "bruto", FORMAT_RUPIAH, 15),
        (_("PPh 21 (Rp)"), "pph21", FORMAT_RUPIAH, 14),
    ]
    if daftar.ada_bpjs:
        kolom.append((_("BPJS (Rp)"), "bpjs", FORMAT_RUPIAH, 13))
    kolom += [
        (_("Netto (Rp)"), "netto", FORMAT_RUPIAH, 15),
        (_("Bank"), "bank", None, 18),
        (_("Nomor rekening"), "nomor_rekening", "@", 18),
    ]
    return kolom


JUMLAH = ("dasar", "bruto", "pph21", "bpjs", "netto")


def render_daftar_xlsx(daftar: DaftarTPK) -> bytes:
    """The workbook's bytes; one sheet, title rows above the header row."""
    with translation.override("id"):
        return _render(daftar)


def _render(daftar: DaftarTPK) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Daftar TPK")
    kolom = _kolom(daftar)
    judul = [
        daftar.pemda.nama.upper(),
        daftar.opd_nama.upper(),
        _("DAFTAR PEMBAYARAN TUNJANGAN PRESTASI KERJA (TPK)"),
        _("Bulan %(bulan)s · revisi %(revisi)d")
        % {"bulan": daftar.nama_bulan, "revisi": daftar.revisi},
    ]
    if daftar.diganti:
        judul.append(_("DIGANTI: periode telah dibuka kembali"))
    for i, teks in enumerate(judul, 1):
        ws.cell(row=i, column=1, value=teks).font = Font(bold=i <= 3)
    header = len(judul) + 2
    for c, (nama, _key, _fmt, lebar) in enumerate(kolom, 1):
        cell = ws.cell(row=header, column=c, value=nama)
        cell.font = Font(bold=True)
        cell.fill = ABU
        cell.border = KOTAK
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(c)].width = lebar
    ws.freeze_panes = ws.cell(row=header + 1, column=3)  # header and No/Nama stay in view

    pertama = header + 1
    for n, r in enumerate(daftar.rows):
        baris = pertama + n
        for c, (_nama, key, fmt, _lebar) in enumerate(kolom, 1):
            # Decimals go in as numbers (openpyxl writes them as such), never as text.
            nilai = n + 1 if key == "no" else getattr(r, key)
            cell = ws.cell(row=baris, column=c, value=nilai)
            cell.border = KOTAK
            if fmt:
                cell.number_format = fmt

    terakhir = pertama + len(daftar.rows) - 1
    jumlah = terakhir + 1
    ws.cell(row=jumlah, column=1, value=_("JUMLAH")).font = Font(bold=True)
    for c, (_nama, key, fmt, _lebar) in enumerate(kolom, 1):
        cell = ws.cell(row=jumlah, column=c)
        cell.border = KOTAK
        cell.fill = ABU
        if key in JUMLAH:
            huruf = get_column_letter(c)
            cell.value = f"=SUM({huruf}{pertama}:{huruf}{terakhir})" if daftar.rows else 0
            cell.number_format = fmt
            cell.font = Font(bold=True)

    ttd = daftar.penandatangan
    bawah = jumlah + 2
    kata = capfirst(daftar.terbilang_netto)
    ws.cell(row=bawah, column=1, value=_("Terbilang: %(kata)s") % {"kata": kata})
    tanggal = format_tanggal(ttd.tanggal, "pendek") if ttd.tanggal else ""
    kanan = max(len(kolom) - 4, 6)
    ws.cell(row=bawah + 2, column=2, value=_("Mengetahui,"))
    ws.cell(row=bawah + 3, column=2, value=ttd.kepala_jabatan or _("Kepala OPD"))
    ws.cell(row=bawah + 7, column=2, value=ttd.kepala_nama).font = Font(
        bold=True, underline="single"
    )
    ws.cell(row=bawah + 8, column=2, value=_("NIP %(nip)s") % {"nip": ttd.kepala_nip})
    ws.cell(row=bawah + 2, column=kanan, value=f"{ttd.tempat}, {tanggal}")
    ws.cell(row=bawah + 3, column=kanan, value=_("Bendahara Pengeluaran"))
    ws.cell(row=bawah + 7, column=kanan, value=ttd.bendahara_nama).font = Font(
        bold=True, underline="single"
    )
    ws.cell(row=bawah + 8, column=kanan, value=_("NIP %(nip)s") % {"nip": ttd.bendahara_nip})

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header}:{header}"

    out = BytesIO()
    wb.save(out)
    return out.getvalue()
