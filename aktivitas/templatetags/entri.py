"""Entries and form fields of the day and week pages, stamped (ekinerja.stempel): five cards on a
day page, thirty lines on a week page, each cost more in the template engine than the rest of the
page's content."""

import functools
import re

from django import template
from django.utils.text import Truncator

from aktivitas.models import Entri
from ekinerja.stempel import Stempel, csrf_token

register = template.Library()

KARTU = Stempel(
    "aktivitas/_entri_item.html",
    slots=(
        "pk",
        "url",
        "jam",
        "jam_mulai",
        "nama",
        "volume",
        "satuan",
        "menit",
        "uraian",
        "url_bukti",
        "url_ajukan",
        "url_tarik",
        "url_ubah",
        "url_hapus",
        "csrf",
    ),
    variant_name="entri",
)


@register.simple_tag(takes_context=True)
def kartu_entri(context, entri: Entri) -> str:
    """One entry with what its owner may do with it; the view's `_annotate_entries(actions=True)`
    has set its hours, status label and URLs."""
    return KARTU.render(
        {
            "status": entri.status,
            "status_label": entri.status_label,
            "di_luar_jadwal": entri.di_luar_jadwal,
            "salinan": entri.sumber == Entri.Sumber.SALINAN,
        },
        {
            "pk": entri.pk,
            "url": entri.url,
            "jam": entri.jam,
            "jam_mulai": entri.jam_mulai,
            "nama": entri.aktivitas.nama,
            "volume": entri.volume,
            "satuan": entri.aktivitas.satuan,
            "menit": entri.menit,
            "uraian": Truncator(entri.uraian).chars(160),
            "url_bukti": entri.url_bukti,
            "url_ajukan": entri.url_ajukan,
            "url_tarik": entri.url_tarik,
            "url_ubah": entri.url_ubah,
            "url_hapus": entri.url_hapus,
            "csrf": csrf_token(context),
        },
    )


BARIS = Stempel(
    "aktivitas/_entri_ringkas.html", slots=("url", "jam", "nama", "menit"), variant_name="entri"
)


@register.simple_tag
def baris_entri(entri: Entri) -> str:
    """One entry in a line of the week page (`_annotate_entries` has set its hours and URL)."""
    return BARIS.render(
        {"status": entri.status, "status_label": entri.status_label},
        {"url": entri.url, "jam": entri.jam, "nama": entri.aktivitas.nama, "menit": entri.menit},
    )


BIDANG = Stempel("aktivitas/_field.html", slots=("widget",), variant_name="f")


@functools.cache
def _widget_type(widget_class: type) -> str:
    # BoundField.widget_type, which runs its regular expression on every call.
    return re.sub(r"widget$|input$", "", widget_class.__name__.lower())


@register.simple_tag
def bidang(field) -> str:
    """A field of the entry form with its label, errors and help; the input is the slot."""
    return BIDANG.render(
        {
            "label": str(field.label),
            "id_for_label": field.id_for_label,
            "required": field.field.required,
            "help_text": str(field.help_text),
            "widget_type": _widget_type(type(field.field.widget)),
            "is_hidden": field.is_hidden,
            # An unbound form has none, and asking makes an empty error list per field.
            "errors": tuple(str(e) for e in field.errors) if field.form.is_bound else (),
        },
        {"widget": str(field)},
    )
