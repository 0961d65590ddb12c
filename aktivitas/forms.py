"""Forms of the entry screens: they check the shape of input; the services check the rules."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ekinerja.markup import esc
from pegawai.widgets import render_attrs

from .bukti import JENIS
from .models import Aktivitas

TIME_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S"]
# How many of the person's most recent activities head the select.
TERAKHIR = 8


class PythonRendered:
    """An input or textarea written in Python, as Django's input.html and textarea.html write
    it: on the daily form each widget template cost as much as the rest of its field."""

    def _render(self, template_name, context, renderer=None):
        widget = context["widget"]
        name, value = esc(widget["name"]), widget["value"]
        attrs = render_attrs(widget["attrs"])
        if isinstance(self, forms.Textarea):
            text = esc(value) if value else ""
            html = f'<textarea name="{name}"{attrs}>\n{text}</textarea>'
        else:
            value = "" if value is None else f' value="{esc(value)}"'
            kind = esc(widget["type"])
            html = f'<input type="{kind}" name="{name}"{value}{attrs}>'
        return mark_safe(html)  # noqa: S308 (every part escaped above)


class DateInput(PythonRendered, forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(PythonRendered, forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class NumberInput(PythonRendered, forms.NumberInput):
    pass


class Textarea(PythonRendered, forms.Textarea):
    pass


class FileInput(PythonRendered, forms.FileInput):
    pass


class HiddenInput(PythonRendered, forms.HiddenInput):
    pass


class AktivitasSelect(forms.Select):
    """Options carry the standard minutes and unit, for the live estimate in aktivitas.js.

    Rendered in Python rather than one template per option: the catalog has about a hundred
    activities and this form is on the page staff open every day.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.data_by_pk: dict[str, Aktivitas] = {}

    def _option(self, value, label, selected: str) -> str:
        aktivitas = self.data_by_pk.get(str(value))
        value, label = esc(value), esc(label)
        if aktivitas is None:
            return f'<option value="{value}"{selected}>{label}</option>'
        return (
            f'<option value="{value}" data-menit="{aktivitas.menit_standar}" '
            f'data-satuan="{esc(aktivitas.satuan)}"{selected}>{label}</option>'
        )

    def render(self, name, value, attrs=None, renderer=None):
        chosen = "" if value is None else str(value[0] if isinstance(value, list) else value)
        attrs = self.build_attrs(self.attrs, attrs)
        parts = [format_html('<select name="{}"{}>', name, flatatt(attrs))]
        for value_, label in self.choices:
            if isinstance(label, list | tuple):
                parts.append(format_html('<optgroup label="{}">', value_))
                parts.extend(
                    self._option(v, lab, " selected" if str(v) == chosen else "")
                    for v, lab in label
                )
                parts.append("</optgroup>")
            else:
                selected = " selected" if str(value_) == chosen else ""
                parts.append(self._option(value_, label, selected))
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 (every value escaped where it is put in)


class AktivitasField(forms.ChoiceField):
    """The activities a person may use, built from one query; cleans to the Aktivitas itself
    without asking the database again."""

    widget = AktivitasSelect

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.items: dict[str, Aktivitas] = {}

    def set_aktivitas(self, items) -> None:
        items = list(items)
        self.items = {str(a.pk): a for a in items}
        self.widget.data_by_pk = self.items
        recent = [a for a in items if getattr(a, "terakhir_dipakai", None)][:TERAKHIR]
        recent_pks = {a.pk for a in recent}
        rest = sorted((a for a in items if a.pk not in recent_pks), key=lambda a: a.kode)
        choices: list = [("", _("— pilih aktivitas —"))]
        if recent:
            choices.append((_("Terakhir dipakai"), [(a.pk, a.label) for a in recent]))
            choices.append((_("Semua aktivitas"), [(a.pk, a.label) for a in rest]))
        else:
            choices.extend((a.pk, a.label) for a in rest)
        self.choices = choices

    def valid_value(self, value) -> bool:
        return str(value) in self.items

    def clean(self, value):
        value = super().clean(value)
        return self.items.get(str(value)) if value else None


class EntriForm(forms.Form):
    tanggal = forms.DateField(label=_("Tanggal"), widget=DateInput())
    mulai = forms.TimeField(label=_("Mulai"), input_formats=TIME_FORMATS, widget=TimeInput())
    selesai = forms.TimeField(label=_("Selesai"), input_formats=TIME_FORMATS, widget=TimeInput())
    aktivitas = AktivitasField(
        label=_("Aktivitas"),
        error_messages={"invalid_choice": _("Pilih aktivitas dari daftar.")},
    )
    volume = forms.IntegerField(
        label=_("Volume"),
        min_value=1,
        max_value=10000,
        initial=1,
        error_messages={"min_value": _("Volume paling sedikit 1.")},
        widget=NumberInput(attrs={"inputmode": "numeric"}),
    )
    uraian = forms.CharField(
        label=_("Uraian"),
        max_length=1000,
        widget=Textarea(attrs={"rows": 2}),
        help_text=_("Apa yang dikerjakan dan hasilnya."),
    )
    bukti = forms.FileField(
        label=_("Bukti (opsional)"),
        required=False,
        widget=FileInput(attrs={"accept": ",".join(JENIS)}),
        help_text=_("Foto (JPEG, PNG, WebP) atau PDF."),
    )
    hapus_bukti = forms.BooleanField(label=_("Hapus bukti yang ada"), required=False)

    def __init__(self, *args, aktivitas=(), with_tanggal=True, with_hapus_bukti=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aktivitas"].set_aktivitas(aktivitas)
        if not with_tanggal:
            self.fields["tanggal"].widget = HiddenInput()
        if not with_hapus_bukti:
            del self.fields["hapus_bukti"]
        # Bootstrap classes set here, so the daily form renders without crispy's templates.
        for name, field in self.fields.items():
            widget = field.widget
            css = (
                "form-check-input"
                if isinstance(widget, forms.CheckboxInput)
                else "form-select"
                if isinstance(widget, forms.Select)
                else "form-control"
            )
            if self.is_bound and name in self.errors:
                css += " is-invalid"
            widget.attrs["class"] = css


class SalinForm(forms.Form):
    """Copy a day's entries to another; without `dari`, the previous working day's."""

    dari = forms.DateField(label=_("Salin dari"), required=False, widget=DateInput())
