from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import Golongan, Pegawai, UnitKerja


class NipLoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "NIP atau kata sandi salah. Periksa kembali; kata sandi membedakan huruf besar dan kecil."
        ),
        "inactive": _("Akun ini tidak aktif. Hubungi admin kepegawaian."),
    }
    username = forms.CharField(
        label=_("NIP"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autofocus": True, "inputmode": "numeric", "autocomplete": "username"}
        ),
    )

    def clean_username(self):
        # Staff copy their NIP from documents that print it with spaces or a leading quote.
        return self.cleaned_data["username"].strip().lstrip("'").replace(" ", "")


class PegawaiFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari nama atau NIP"), required=False, max_length=100)
    unit = forms.ModelChoiceField(
        label=_("Unit kerja (beserta sub-unit)"),
        queryset=UnitKerja.objects.filter(aktif=True),
        required=False,
        empty_label=_("Semua unit"),
    )
    jenis_asn = forms.ChoiceField(
        label=_("Jenis ASN"), choices=[("", _("Semua"))] + Pegawai.JenisAsn.choices, required=False
    )
    golongan = forms.ChoiceField(
        label=_("Golongan"), choices=[("", _("Semua"))] + Golongan.choices, required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("aktif", _("Aktif")), ("nonaktif", _("Tidak aktif")), ("semua", _("Semua"))],
        required=False,
    )


class ImportPegawaiForm(forms.Form):
    berkas = forms.FileField(
        label=_("Berkas ekspor SIMPEG (CSV atau XLSX)"),
        help_text=_("Kolom wajib: NIP, NAMA, GOL, JENIS ASN, JABATAN, UNIT KERJA."),
    )

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        if not berkas.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Berkas harus berformat CSV atau XLSX."))
        return berkas
