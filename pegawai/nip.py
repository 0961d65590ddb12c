"""NIP (Nomor Induk Pegawai) parsing: pure functions, no database.

A PNS/CPNS NIP is 18 digits: birth date YYYYMMDD, appointment (TMT CPNS) YYYYMM, sex (1 male,
2 female) and a 3-digit sequence, e.g. 198609262015051001. A PPPK number is also 18 digits:
birth date, appointment year, a two-digit PPPK code, sex and sequence, so its "month" is not a
month and is not checked as one.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

PPPK = "PPPK"
_SCIENTIFIC = re.compile(r"^\d(?:[.,]\d+)?[eE]\+?\d+$")


class NipError(ValueError):
    """A NIP that cannot be right; the message is for the person who typed or exported it."""


@dataclass(frozen=True)
class Nip:
    value: str
    tanggal_lahir: date
    jenis_kelamin: str  # "L" or "P"

    def __str__(self) -> str:
        return self.value


def clean_nip(raw: object) -> str:
    """Return the NIP text as typed, without a spreadsheet's leading quote or spacing.

    A NIP a spreadsheet turned into a float (1.99001E+17) has lost digits: it is refused,
    never rounded back into a number that belongs to someone else.
    """
    text = "" if raw is None else str(raw).strip()
    text = text.lstrip("'").replace(" ", "").replace("\u00a0", "")
    if _SCIENTIFIC.match(text):
        raise NipError(
            _(
                "NIP %(nip)s rusak oleh program spreadsheet (ditulis sebagai angka ilmiah, "
                "digit terakhir hilang); ekspor ulang kolom NIP sebagai teks"
            )
            % {"nip": text}
        )
    if text.endswith(".0") and text[:-2].isdigit():
        # openpyxl hands numeric cells back as floats; 18 digits survive only as text.
        raise NipError(
            _("NIP %(nip)s tersimpan sebagai angka di spreadsheet; simpan kolom NIP sebagai teks")
            % {"nip": text}
        )
    return text


def parse_nip(raw: object, *, jenis_asn: str | None = None) -> Nip:
    """Validate a NIP (PNS/CPNS, or PPPK when jenis_asn is PPPK) and return its parts."""
    text = clean_nip(raw)
    if not text:
        raise NipError(_("NIP wajib diisi"))
    if not text.isdigit():
        raise NipError(_("NIP hanya boleh berisi angka, bukan %(nip)s") % {"nip": text})
    if len(text) != 18:
        raise NipError(
            _("NIP harus 18 digit, %(nip)s berisi %(n)d digit") % {"nip": text, "n": len(text)}
        )
    try:
        lahir = date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise NipError(
            _("NIP %(nip)s: tanggal lahir %(tgl)s tidak ada di kalender")
            % {"nip": text, "tgl": f"{text[6:8]}-{text[4:6]}-{text[0:4]}"}
        ) from None
    tahun_angkat = int(text[8:12])
    bulan_angkat = int(text[12:14])
    if jenis_asn != PPPK and not 1 <= bulan_angkat <= 12:
        raise NipError(
            _("NIP %(nip)s: bulan pengangkatan %(bln)s tidak ada (01–12)")
            % {"nip": text, "bln": text[12:14]}
        )
    if tahun_angkat < lahir.year + 14 or tahun_angkat > date.today().year + 1:
        raise NipError(
            _("NIP %(nip)s: tahun pengangkatan %(thn)d tidak masuk akal untuk lahir %(lahir)d")
            % {"nip": text, "thn": tahun_angkat, "lahir": lahir.year}
        )
    sex = text[14]
    if sex not in "12":
        raise NipError(
            _("NIP %(nip)s: digit ke-15 (jenis kelamin) harus 1 atau 2, bukan %(d)s")
            % {"nip": text, "d": sex}
        )
    if text[15:18] == "000":
        raise NipError(_("NIP %(nip)s: nomor urut tidak boleh 000") % {"nip": text})
    return Nip(value=text, tanggal_lahir=lahir, jenis_kelamin="L" if sex == "1" else "P")
