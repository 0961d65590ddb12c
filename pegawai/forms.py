from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import Golongan, Pegawai, UnitKerja
from .widgets import Select

XLSX_MAGIC = b"PK\x03\x04"  # an XLSX workbook is a ZIP archive


def check_import_file(berkas, *, extensions: tuple[str, ...], message: str):
    """Refuse an import file by its name, size or first bytes, before any row is read.

    A name ending in .xlsx must hold a ZIP (a workbook); any other must hold text (no NUL
    byte), except that a workbook saved under a text name passes where workbooks are accepted:
    the readers look at the content, not the name.
    """
    nama = berkas.name.lower()
    if not nama.endswith(extensions):
        raise forms.ValidationError(message)
    maks = settings.IMPORT_MAX_MB
    if berkas.size > maks * 1024 * 1024:
        raise forms.ValidationError(
            _("Berkas %(nama)s terlalu besar (%(ukuran).1f MB); paling besar %(maks)d MB.")
            % {"nama": berkas.name, "ukuran": berkas.size / 1024 / 1024, "maks": maks}
        )
    berkas.seek(0)
    head = berkas.read(8192)
    berkas.seek(0)
    workbook = head.startswith(XLSX_MAGIC)
    if nama.endswith(".xlsx") and not workbook:
        raise forms.ValidationError(
            _("Berkas %(nama)s bukan buku kerja XLSX yang utuh; simpan ulang dari Excel.")
            % {"nama": berkas.name}
        )
    if (workbook and ".xlsx" not in extensions) or (not workbook and b"\0" in head):
        raise forms.ValidationError(
            _("Isi berkas %(nama)s bukan teks; simpan ulang sebagai CSV (UTF-8).")
            % {"nama": berkas.name}
        )
    return berkas


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
        widget=Select,
    )
    jenis_asn = forms.ChoiceField(
        label=_("Jenis ASN"),
        choices=[("", _("Semua"))] + Pegawai.JenisAsn.choices,
        required=False,
        widget=Select,
    )
    golongan = forms.ChoiceField(
        label=_("Golongan"),
        choices=[("", _("Semua"))] + Golongan.choices,
        required=False,
        widget=Select,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("aktif", _("Aktif")), ("nonaktif", _("Tidak aktif")), ("semua", _("Semua"))],
        required=False,
        widget=Select,
    )


class ImportPegawaiForm(forms.Form):
    berkas = forms.FileField(
        label=_("Berkas ekspor SIMPEG (CSV atau XLSX)"),
        help_text=_("Kolom wajib: NIP, NAMA, GOL, JENIS ASN, JABATAN, UNIT KERJA."),
    )

    def clean_berkas(self):
        return check_import_file(
            self.cleaned_data["berkas"],
            extensions=(".csv", ".xlsx", ".txt"),
            message=_("Berkas harus berformat CSV atau XLSX."),
        )
