"""The entries of the approval queue, stamped (ekinerja.stempel): a supervisor with forty staff
opens pages of dozens of entries, each with three forms and four links, and its template cost
more than the page's queries."""

from django import template

from ekinerja.rute import rute
from ekinerja.stempel import Stempel, csrf_token

register = template.Library()

ENTRI = Stempel(
    "penilaian/_antrian_entri.html",
    slots=(
        "pk",
        "jam",
        "selesai",
        "menit",
        "menit_maks",
        "nama",
        "volume",
        "satuan",
        "uraian",
        "url_detail",
        "url_bukti",
        "url_setujui",
        "url_tolak",
        "konteks",
        "csrf",
    ),
    variant_name="entri",
)


@register.simple_tag(takes_context=True)
def antrian_entri(context, entri) -> str:
    """One submitted entry with its approve, reduce and reject forms; `konteks` in the context is
    where each decision comes back to."""
    return ENTRI.render(
        {
            "di_luar_jadwal": entri.di_luar_jadwal,
            "salinan": entri.sumber == "salinan",
            # A missing reverse one-to-one raises; the template engine took that as "no".
            "dialihkan": hasattr(entri, "pengalihan"),
        },
        {
            "pk": entri.pk,
            "jam": f"{entri.mulai:%H:%M}",
            "selesai": f"{entri.selesai:%H:%M}",
            "menit": entri.menit,
            "menit_maks": entri.menit - 1,
            "nama": entri.aktivitas.nama,
            "volume": entri.volume,
            "satuan": entri.aktivitas.satuan,
            "uraian": entri.uraian,
            "url_detail": rute("aktivitas:entri_detail", entri.pk),
            "url_bukti": rute("aktivitas:entri_bukti", entri.pk) if entri.bukti else "",
            "url_setujui": rute("penilaian:entri_setujui", entri.pk),
            "url_tolak": rute("penilaian:entri_tolak", entri.pk),
            "konteks": context.get("konteks", ""),
            "csrf": csrf_token(context),
        },
    )
