"""Markup stamped from one rendering per variant: values escaped into their slots, never mixed."""

import pytest
from django.test import override_settings
from django.utils import translation
from django.utils.safestring import mark_safe

from ekinerja.stempel import Stempel

TEMPLATES = {
    "kartu.html": (
        '{% load i18n %}<p class="{{ v.status }}" title="{{ s.judul }}">{% translate "Beranda" %}'
        "{% if s.catatan %}<em>{{ s.catatan }}</em>{% endif %}{{ s.isi }}</p>"
    ),
    "terpotong.html": "{{ s.isi|slice:':3' }}",
}


@pytest.fixture(autouse=True)
def _templates():
    engine = {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", TEMPLATES)]},
    }
    with override_settings(TEMPLATES=[engine]):
        yield


def stempel(name="kartu.html") -> Stempel:
    return Stempel(name, slots=("judul", "catatan", "isi"))


def test_values_are_escaped_into_their_slots():
    kartu = stempel()
    html = kartu.render(
        {"status": "draf"}, {"judul": '"x" & <y>', "catatan": None, "isi": mark_safe("<b>ok</b>")}
    )
    assert html == '<p class="draf" title="&quot;x&quot; &amp; &lt;y&gt;">Beranda<b>ok</b></p>'


def test_one_rendering_per_variant_and_language_whatever_the_values():
    kartu = stempel()
    with translation.override("id"):
        a = kartu.render({"status": "draf"}, {"judul": "a", "catatan": "", "isi": 1})
        b = kartu.render({"status": "draf"}, {"judul": "b", "catatan": "", "isi": 2})
        c = kartu.render({"status": "diajukan"}, {"judul": "c", "catatan": "", "isi": 3})
    with translation.override("en"):
        d = kartu.render({"status": "draf"}, {"judul": "d", "catatan": "", "isi": 4})
    assert len(kartu._pieces) == 3
    assert (a, b) == (
        '<p class="draf" title="a">Beranda1</p>',
        '<p class="draf" title="b">Beranda2</p>',
    )
    assert c.startswith('<p class="diajukan" title="c">') and "Home4" in d


def test_an_empty_slot_is_a_variant_of_its_own():
    kartu = stempel()
    with_note = kartu.render({"status": "x"}, {"judul": "", "catatan": "awas", "isi": ""})
    without = kartu.render({"status": "x"}, {"judul": "", "catatan": "", "isi": ""})
    assert "<em>awas</em>" in with_note and "<em>" not in without
    assert len(kartu._pieces) == 2


def test_a_template_that_cuts_a_slot_is_refused():
    with pytest.raises(ValueError, match="terpotong.html"):
        stempel("terpotong.html").render({}, {"judul": "", "catatan": "", "isi": "panjang"})


def test_a_mark_in_a_variant_is_not_taken_for_a_slot():
    # A variant can carry someone's input, such as an error message quoting what they typed.
    kartu = stempel()
    html = kartu.render({"status": "x\ue000isi\ue000"}, {"judul": "", "catatan": "", "isi": "ok"})
    assert html == '<p class="x\ufffdisi\ufffd" title="">Berandaok</p>'
