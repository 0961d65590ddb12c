"""Forms of the attendance screens: they check the shape of input only; the rules that depend on
what is stored (closed months, working days, overlaps) are the services'."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import kehadiran as rules
from .forms import check_import_file
from .forms_kalender import DateInput, parse_bulan
from .models import KodeKehadiran, Pegawai, UnitKerja

BAND_CHOICES = [(0, _("Tidak ada"))] + [(b, str(b)) for b in rules.BAND]


class ImporKehadiranForm(forms.Form):
    MESIN, HARIAN = "mesin", "harian"

    berkas = forms.FileField(
        label=_("Berkas"),
        help_text=_(
            "Log mesin absen (.dat atau .txt: PIN dan waktu dipisah tab) atau rekap harian "
            "(CSV/XLSX dengan kolom NIP, TANGGAL, KODE)."
        ),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[(MESIN, _("Log mesin absen")), (HARIAN, _("Rekap harian (NIP, TANGGAL, KODE)"))],
        initial=MESIN,
        widget=forms.RadioSelect,
    )
    bulan = forms.CharField(
        label=_("Bulan (log mesin)"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
        help_text=_(
            "Kosongkan untuk memakai tanggal-tanggal di berkas. Bila diisi, scan di luar bulan itu "
            "dilewati."
        ),
    )
    unit = forms.ModelChoiceField(
        label=_("Juga nilai semua pegawai ber-PIN di unit (log mesin)"),
        queryset=UnitKerja.objects.filter(aktif=True).order_by("kode"),
        required=False,
        empty_label=_("Tidak: hanya pegawai yang ada di berkas"),
        help_text=_(
            "Pegawai unit itu yang punya PIN tetapi tidak ada scannya pada hari kerja dicatat TK. "
            "Pilih hanya bila berkas memuat semua mesin unit itu."
        ),
    )
    semua = forms.BooleanField(
        label=_("Juga nilai semua pegawai ber-PIN di pemda (berkas gabungan semua mesin)"),
        required=False,
    )

    def clean_berkas(self):
        return check_import_file(
            self.cleaned_data["berkas"],
            extensions=(".dat", ".txt", ".csv", ".xlsx", ".log"),
            message=_("Berkas harus .dat, .txt, .log, .csv atau .xlsx."),
        )

    def clean_bulan(self):
        value = self.cleaned_data["bulan"].strip()
        if not value:
            return None
        parsed = parse_bulan(value, default=None)
        if parsed is None:
            raise forms.ValidationError(_("Bulan tidak dikenali; tulis YYYY-MM."))
        return parsed

    def clean(self):
        data = super().clean()
        if data.get("format") == self.HARIAN and (
            data.get("bulan") or data.get("unit") or data.get("semua")
        ):
            raise forms.ValidationError(
                _("Bulan, unit dan semua pegawai hanya berlaku untuk log mesin.")
            )
        return data


class NipField(forms.CharField):
    """A staff member by NIP, spaces and a spreadsheet's quote forgiven."""

    def clean(self, value):
        value = super().clean(value)
        nip = value.strip().lstrip("'").replace(" ", "")
        pegawai = Pegawai.objects.filter(nip=nip).first()
        if pegawai is None:
            raise forms.ValidationError(_("Pegawai dengan NIP %(nip)s tidak ada.") % {"nip": nip})
        return pegawai


class IzinForm(forms.Form):
    pegawai = NipField(label=_("NIP pegawai"), max_length=30)
    kode = forms.ChoiceField(label=_("Jenis"), choices=KodeKehadiran.izin_choices())
    mulai = forms.DateField(label=_("Mulai"), widget=DateInput())
    selesai = forms.DateField(label=_("Sampai"), widget=DateInput())
    alasan = forms.CharField(label=_("Alasan"), max_length=1000, widget=forms.Textarea({"rows": 2}))
    dasar = forms.CharField(
        label=_("Dasar (nomor surat)"),
        max_length=200,
        required=False,
        help_text=_("mis. nomor surat tugas atau surat izin cuti"),
    )

    def clean(self):
        data = super().clean()
        mulai, selesai = data.get("mulai"), data.get("selesai")
        if mulai and selesai and selesai < mulai:
            self.add_error("selesai", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return data


class AlasanForm(forms.Form):
    alasan = forms.CharField(label=_("Alasan"), max_length=1000, widget=forms.Textarea({"rows": 2}))


class KoreksiForm(forms.Form):
    kode = forms.ChoiceField(label=_("Kode"), choices=KodeKehadiran.choices)
    tl = forms.TypedChoiceField(
        label=_("TL (terlambat)"), choices=BAND_CHOICES, coerce=int, initial=0, required=False
    )
    psw = forms.TypedChoiceField(
        label=_("PSW (pulang sebelum waktu)"),
        choices=BAND_CHOICES,
        coerce=int,
        initial=0,
        required=False,
    )
    alasan = forms.CharField(
        label=_("Alasan"),
        max_length=1000,
        widget=forms.Textarea({"rows": 2}),
        help_text=_("mis. mesin rusak pada hari itu; surat keterangan atasan nomor …"),
    )

    def clean(self):
        data = super().clean()
        data["tl"] = data.get("tl") or 0
        data["psw"] = data.get("psw") or 0
        if data.get("kode") and data["kode"] != rules.H and (data["tl"] or data["psw"]):
            raise forms.ValidationError(_("TL dan PSW hanya untuk hari hadir (H)."))
        return data
