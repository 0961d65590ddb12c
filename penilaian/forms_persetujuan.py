"""Forms of the supervisor's screens: they check the shape of input; the services check the
rules (who decides, status, deadline, closed month)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pegawai.forms_kalender import DateInput
from pegawai.models import Pegawai

from .models.persetujuan import NILAI_MAKS

ALASAN_MAKS = 500


class AntrianFilterForm(forms.Form):
    """The queue's filters: one person, a date range."""

    pegawai = forms.TypedChoiceField(
        label=_("Pegawai"), required=False, coerce=int, empty_value=None
    )
    dari = forms.DateField(label=_("Dari tanggal"), required=False, widget=DateInput())
    sampai = forms.DateField(label=_("Sampai tanggal"), required=False, widget=DateInput())

    def __init__(self, *args, orang: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Semua pegawai")), *orang]
        # A person chosen before their last entry was decided stays chosen, with nothing left,
        # rather than the filter silently falling back to everyone.
        chosen = (self.data.get("pegawai") or "").strip()
        if chosen.isdigit() and int(chosen) not in {pk for pk, _label in orang}:
            choices.append((int(chosen), _("(tidak ada entri menunggu)")))
        self.fields["pegawai"].choices = choices
        # Rendered by hand, not by crispy: the queue is the page a supervisor opens most.
        self.fields["pegawai"].widget.attrs["class"] = "form-select form-select-sm"
        for name in ("dari", "sampai"):
            self.fields[name].widget.attrs["class"] = "form-control form-control-sm"

    def clean(self):
        data = super().clean()
        if data.get("dari") and data.get("sampai") and data["dari"] > data["sampai"]:
            raise ValidationError(_("Tanggal awal harus sebelum tanggal akhir."))
        return data


class EntriIdsField(forms.Field):
    """The ids of the entries ticked (or of a day or week shown), as a list of numbers."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Pilih dulu entri yang akan disetujui."),
        "invalid": _("Pilihan entri tidak dikenali; muat ulang antrian."),
    }

    def to_python(self, value):
        if not value:
            return []
        try:
            return sorted({int(v) for v in value})
        except (TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class SetujuiBanyakForm(forms.Form):
    entri = EntriIdsField()


class SetujuiForm(forms.Form):
    """Approve as claimed, or with fewer minutes and a reason."""

    menit = forms.IntegerField(label=_("Menit diakui"), required=False, min_value=0)
    alasan = forms.CharField(
        label=_("Alasan"), required=False, max_length=ALASAN_MAKS, widget=forms.Textarea
    )

    def clean(self):
        data = super().clean()
        if data.get("menit") is not None and not (data.get("alasan") or "").strip():
            self.add_error("alasan", _("Tuliskan alasan mengurangi menit entri ini."))
        return data


class TolakForm(forms.Form):
    alasan = forms.CharField(
        label=_("Alasan penolakan"),
        max_length=ALASAN_MAKS,
        widget=forms.Textarea,
        error_messages={"required": _("Tuliskan alasan penolakan entri ini.")},
    )


class NipField(forms.CharField):
    """A staff member by NIP, cleaned to the Pegawai (one query)."""

    def __init__(self, **kwargs):
        super().__init__(max_length=18, min_length=18, **kwargs)

    def clean(self, value):
        nip = super().clean(value)
        if not nip:
            return None
        pegawai = Pegawai.objects.with_related().filter(nip=nip).first()
        if pegawai is None:
            raise ValidationError(_("Tidak ada pegawai dengan NIP %(nip)s.") % {"nip": nip})
        return pegawai


class PengalihanForm(forms.Form):
    """An admin sends a person's undecided entries to someone else (or back)."""

    pegawai = NipField(label=_("NIP pegawai yang entrinya dialihkan"))
    ke = NipField(
        label=_("NIP yang akan memutuskan"),
        required=False,
        help_text=_("Kosongkan untuk mengembalikan ke atasan menurut jabatan."),
    )
    alasan = forms.CharField(
        label=_("Alasan"),
        max_length=ALASAN_MAKS,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Tuliskan alasan pengalihan.")},
    )


class PerilakuForm(forms.Form):
    """One 0–100 score per aspect that applies to the person, and a note."""

    catatan = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, aspek, **kwargs):
        super().__init__(*args, **kwargs)
        self.aspek = list(aspek)
        fields = {}
        for a in self.aspek:
            fields[f"aspek_{a.pk}"] = forms.IntegerField(
                label=a.nama,
                min_value=0,
                max_value=NILAI_MAKS,
                help_text=a.keterangan,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
                error_messages={"required": _("Beri nilai 0–100.")},
            )
        # The aspects first, the note last.
        self.fields = {**fields, "catatan": self.fields["catatan"]}

    def nilai(self) -> dict[int, int]:
        return {a.pk: self.cleaned_data[f"aspek_{a.pk}"] for a in self.aspek}
