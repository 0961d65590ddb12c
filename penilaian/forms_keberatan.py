"""The shape of an objection, of its decision, and of the compliance report's filter; the rules
that depend on the state live in services/keberatan.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pegawai.models import UnitKerja
from pegawai.models.periode import TAHUN_MAX, TAHUN_MIN

ALASAN_MAKS = 2000


class KeberatanForm(forms.Form):
    alasan = forms.CharField(
        label=_("Alasan keberatan"),
        max_length=ALASAN_MAKS,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Jelaskan mengapa keputusan itu keliru; lampirkan buktinya di entri bila ada."),
        error_messages={"required": _("Tulis alasan keberatan Anda.")},
    )


class KeputusanKeberatanForm(forms.Form):
    KABULKAN, TOLAK = "kabulkan", "tolak"

    keputusan = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[
            (KABULKAN, _("Kabulkan: keputusan semula dibatalkan")),
            (TOLAK, _("Tolak: keputusan semula tetap berlaku")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih kabulkan atau tolak.")},
    )
    alasan = forms.CharField(
        label=_("Alasan keputusan"),
        max_length=ALASAN_MAKS,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tulis alasan keputusan atas keberatan ini.")},
    )

    @property
    def dikabulkan(self) -> bool:
        return self.cleaned_data["keputusan"] == self.KABULKAN


class KepatuhanFilterForm(forms.Form):
    bulan = forms.RegexField(
        label=_("Bulan"),
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        required=False,
        widget=forms.TextInput(attrs={"type": "month"}),
        error_messages={"invalid": _("Tulis bulan sebagai YYYY-MM.")},
    )
    unit = forms.ModelChoiceField(
        label=_("OPD"),
        queryset=UnitKerja.objects.filter(induk__isnull=True, aktif=True).order_by("kode"),
        required=False,
        empty_label=_("Semua OPD"),
    )

    def clean_bulan(self) -> str:
        bulan = self.cleaned_data["bulan"]
        # The years a period can have (Periode's range): 9999-12 has no month after it.
        if bulan and not TAHUN_MIN <= int(bulan[:4]) <= TAHUN_MAX:
            raise forms.ValidationError(
                _("Bulan di luar rentang tahun %(a)d–%(b)d.") % {"a": TAHUN_MIN, "b": TAHUN_MAX}
            )
        return bulan
