from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from pegawai.forms_kalender import DateInput

from ..models import EksporTPK

nip_validator = RegexValidator(r"^[0-9]{18}$", _("NIP terdiri atas 18 angka."))


class EksporForm(forms.Form):
    """An export on demand: which files, which revision, and who signs (prefilled)."""

    format = forms.MultipleChoiceField(
        label=_("Berkas"),
        choices=EksporTPK.Format.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=EksporTPK.Format.values,
    )
    kertas = forms.ChoiceField(
        label=_("Ukuran kertas PDF"), choices=EksporTPK.Kertas.choices, initial="A4"
    )
    revisi = forms.TypedChoiceField(label=_("Revisi"), coerce=int)
    kepala_jabatan = forms.CharField(
        label=_("Jabatan kepala OPD"),
        max_length=250,
        required=False,
        help_text=_("Dicetak di atas tanda tangan, mis. Plt. Kepala Dinas Pendidikan."),
    )
    kepala_nama = forms.CharField(label=_("Nama kepala OPD"), max_length=250, required=False)
    kepala_nip = forms.CharField(
        label=_("NIP kepala OPD"), max_length=18, required=False, validators=[nip_validator]
    )
    bendahara_nama = forms.CharField(
        label=_("Nama bendahara pengeluaran"), max_length=250, required=False
    )
    bendahara_nip = forms.CharField(
        label=_("NIP bendahara pengeluaran"),
        max_length=18,
        required=False,
        validators=[nip_validator],
    )
    tempat = forms.CharField(label=_("Tempat"), max_length=100, required=False)
    tanggal = forms.DateField(label=_("Tanggal"), widget=DateInput())

    def __init__(self, *args, revisi: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revisi"].choices = [
            (r, (_("Revisi %(r)d (terbaru)") if r == revisi[-1] else _("Revisi %(r)d")) % {"r": r})
            for r in reversed(revisi)
        ]
        self.fields["revisi"].initial = revisi[-1] if revisi else None
