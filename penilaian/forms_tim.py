"""Forms of the review team's screens: they check the shape of input; the rules are in
penilaian.services.tim."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import FlagEntri, KeputusanTim

Jenis = KeputusanTim.Jenis

TAMPIL_BELUM = "belum"
TAMPIL_SEMUA = "semua"
TAMPIL_SAMPEL = "sampel"


class EntriTimFilterForm(forms.Form):
    """Which of the unit's entries to review: the undecided ones by default."""

    tampil = forms.ChoiceField(
        label=_("Tampilkan"),
        required=False,
        choices=[
            (TAMPIL_BELUM, _("Belum diputuskan")),
            (TAMPIL_SEMUA, _("Semua sampel dan tanda")),
            (TAMPIL_SAMPEL, _("Sampel")),
            *[(jenis, label) for jenis, label in FlagEntri.Jenis.choices],
        ],
    )
    q = forms.CharField(label=_("Cari nama atau NIP"), required=False, max_length=100)


class CariPegawaiForm(forms.Form):
    q = forms.CharField(label=_("Cari nama atau NIP"), required=False, max_length=100)


class KeputusanTimForm(forms.Form):
    """One decision on an entry: confirm (a note is optional), correct the minutes or reject
    (a reason is required for both)."""

    jenis = forms.ChoiceField(label=_("Keputusan"), choices=Jenis.choices, widget=forms.RadioSelect)
    menit = forms.IntegerField(
        label=_("Menit yang diakui"),
        required=False,
        min_value=1,
        max_value=24 * 60,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("Hanya untuk koreksi: lebih kecil dari menit yang diakui sekarang."),
    )
    alasan = forms.CharField(
        label=_("Alasan"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib untuk koreksi dan penolakan; boleh kosong bila sesuai."),
    )

    def clean(self):
        data = super().clean()
        jenis = data.get("jenis")
        if jenis == Jenis.KOREKSI and data.get("menit") is None and "menit" not in self.errors:
            self.add_error("menit", _("Isi menit yang diakui setelah koreksi."))
        if jenis in (Jenis.KOREKSI, Jenis.TOLAK) and not (data.get("alasan") or "").strip():
            self.add_error("alasan", _("Alasan wajib diisi untuk koreksi dan penolakan."))
        return data


class NilaiTimForm(forms.Form):
    nilai = forms.DecimalField(
        label=_("Nilai tim penilai (0–100)"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )
    alasan = forms.CharField(
        label=_("Alasan"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib bila mengubah nilai yang sudah ada."),
    )


class TandaTanganForm(forms.Form):
    catatan = forms.CharField(
        label=_("Catatan (boleh kosong)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
