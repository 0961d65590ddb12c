"""Forms of the close's screens: they check the shape of input; the rules are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _


class PembukaanForm(forms.Form):
    alasan = forms.CharField(
        label=_("Alasan membuka kembali"),
        max_length=2000,
        widget=forms.Textarea({"rows": 3}),
        help_text=_(
            "Dicatat bersama nama Anda dan waktunya, dan ditampilkan pada riwayat periode. "
            "Mis. nomor surat koreksi kehadiran."
        ),
    )


class SelisihForm(forms.Form):
    dari = forms.TypedChoiceField(label=_("Dari revisi"), coerce=int)
    ke = forms.TypedChoiceField(label=_("Ke revisi"), coerce=int)

    def __init__(self, data, *, revisi: list[int]):
        super().__init__(data)
        choices = [(r, str(r)) for r in revisi]
        self.fields["dari"].choices = self.fields["ke"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("dari") is not None and data.get("dari") == data.get("ke"):
            raise forms.ValidationError(_("Pilih dua revisi yang berbeda."))
        return data
