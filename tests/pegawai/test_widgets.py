"""The Python-written select is Django's select, markup for markup."""

import re

from django import forms

from pegawai.widgets import Select


def normalised(html: str) -> str:
    # Django's templates put newlines and indentation between the tags; the browser ignores them.
    return re.sub(r">\s+<", "><", str(html)).strip()


class Pilihan(forms.Form):
    biasa = forms.ChoiceField(
        choices=[("", "Semua"), ("a", "A & <b>"), (3, 'Tiga "kutip"')], required=False
    )
    grup = forms.ChoiceField(
        choices=[("", "—"), ("Kelompok <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")],
        required=False,
    )


def test_the_python_select_writes_what_djangos_templates_write():
    for data in ({}, {"biasa": "a", "grup": "y"}, {"biasa": "3", "grup": "z"}):
        form = Pilihan(data)
        for name in ("biasa", "grup"):
            field = form[name]
            expected = field.as_widget(attrs={"class": "form-select", "data-x": "1"})
            field.field.widget = Select(choices=field.field.choices)
            got = form[name].as_widget(attrs={"class": "form-select", "data-x": "1"})
            assert normalised(got) == normalised(expected)
            assert "selected" in got or not data


def test_a_select_with_required_and_disabled_attributes():
    field = forms.ChoiceField(choices=[("1", "Satu")], widget=Select(attrs={"disabled": True}))
    html = field.widget.render("n", "1", attrs={"id": "id_n", "required": True})
    assert html == (
        '<select name="n" disabled id="id_n" required><option value="1" selected>Satu</option>'
        "</select>"
    )
