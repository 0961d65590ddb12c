"""The rows of the TPK list, stamped (ekinerja.stempel): finance opens an OPD of hundreds of staff
at month end, and each row's template, its link and its amounts cost more than the query."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import localize

from ekinerja.rute import rute
from ekinerja.stempel import Stempel
from pegawai.templatetags.ekinerja import rupiah

register = template.Library()

BARIS = Stempel(
    "tpk/_hasil_baris.html",
    slots=(
        "url",
        "nama",
        "nip",
        "unit",
        "golongan",
        "jabatan",
        "kelas",
        "produktivitas",
        "disiplin",
        "skor",
        "bruto",
        "pph21",
        "netto",
    ),
    variant_name="h",
)


@register.simple_tag
def baris_tpk(h, sees_all: bool, bulan) -> str:
    """One person's row: their slip's link, their figures and their result's flags."""
    return BARIS.render(
        {
            "sees_all": sees_all,
            "predikat": h.predikat,
            "predikat_nama": h.predikat_nama,
            "flag_labels": tuple(h.flag_labels) if h.flags else (),
        },
        {
            "url": rute("tpk:slip", h.nip, bulan.year, bulan.month),
            "nama": h.nama_lengkap,
            "nip": h.nip,
            "unit": "" if sees_all else h.unit_nama,
            "golongan": localize(h.golongan),
            "jabatan": h.jabatan_nama or "–",
            "kelas": localize(h.kelas) if h.kelas else "–",
            "produktivitas": "–" if h.produktivitas is None else floatformat(h.produktivitas, 2),
            "disiplin": floatformat(h.disiplin, 2),
            "skor": "–" if h.skor is None else localize(h.skor),
            "bruto": rupiah(h.bruto),
            "pph21": rupiah(h.pph21),
            "netto": rupiah(h.netto),
        },
    )
