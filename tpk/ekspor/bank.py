"""The bank transfer list of an OPD's TPK as CSV: one line per staff member to be paid.

Columns: no, nama, nip, bank, nomor_rekening, jumlah (net TPK in whole rupiah, digits only, so
a bank's upload or a spreadsheet reads it as a number). Comma separated, UTF-8 with a byte order
mark (so that Excel shows names with accents correctly), one header line, no totals line.

Nobody is dropped silently: a staff member without an account number, or with nothing to pay
(net Rp 0), is left out of the file and named in the export's warnings, shown on the finance
screen and by `export_tpk`.
"""

import csv
from dataclasses import dataclass, field
from io import StringIO

from django.utils.translation import gettext as _

from ..angka import format_rupiah
from .daftar import DaftarTPK

KOLOM = ("no", "nama", "nip", "bank", "nomor_rekening", "jumlah")
_RUMUS = ("=", "+", "@", "\t", "\r")


def _teks(nilai: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (CSV injection)."""
    return f"'{nilai}" if nilai.startswith(_RUMUS) else nilai


@dataclass
class DaftarBank:
    csv: bytes
    jumlah_baris: int
    peringatan: list[str] = field(default_factory=list)


def render_daftar_bank(daftar: DaftarTPK) -> DaftarBank:
    out = StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(KOLOM)
    peringatan = []
    no = 0
    for r in daftar.rows:
        if not r.nomor_rekening.strip():
            peringatan.append(
                _("%(nama)s (NIP %(nip)s) tidak punya nomor rekening: %(netto)s tidak ditransfer.")
                % {"nama": r.nama_lengkap, "nip": r.nip, "netto": format_rupiah(r.netto)}
            )
            continue
        if r.netto <= 0:
            peringatan.append(
                _("%(nama)s (NIP %(nip)s): netto Rp 0, tidak ada yang ditransfer.")
                % {"nama": r.nama_lengkap, "nip": r.nip}
            )
            continue
        no += 1
        writer.writerow(
            [
                no,
                _teks(r.nama_lengkap),
                r.nip,
                _teks(r.bank),
                _teks(r.nomor_rekening.strip()),
                f"{r.netto:.0f}",
            ]
        )
    return DaftarBank(
        csv=out.getvalue().encode("utf-8-sig"), jumlah_baris=no, peringatan=peringatan
    )
