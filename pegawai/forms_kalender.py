"""Forms of the calendar, schedule and roster screens: they check the shape of input only."""

import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import check_import_file
from .models import HariLibur, JadwalPegawai, JenisShift, ProfilJadwal

_BULAN = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_bulan(value: str | None, *, default: date) -> tuple[int, int] | None:
    """ "2026-03" as (2026, 3); `default`'s month when empty; None when it cannot be a month."""
    if not value:
        return default.year, default.month
    match = _BULAN.match(value.strip())
    if not match:
        return None
    tahun, bulan = int(match[1]), int(match[2])
    if not (2000 <= tahun <= 2100 and 1 <= bulan <= 12):
        return None
    return tahun, bulan


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class HariLiburForm(forms.ModelForm):
    alasan = forms.CharField(
        label=_("Alasan perubahan"),
        required=False,
        max_length=500,
        help_text=_("mis. nomor SKB tentang perubahan hari libur"),
    )

    class Meta:
        model = HariLibur
        fields = ["tanggal", "nama", "jenis", "kalender"]
        widgets = {"tanggal": DateInput()}

    def __init__(self, *args, with_alasan: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_alasan:
            del self.fields["alasan"]


class IsiHariLiburForm(forms.Form):
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)


class HapusHariLiburForm(forms.Form):
    alasan = forms.CharField(label=_("Alasan"), required=False, max_length=500)


class JadwalPegawaiForm(forms.ModelForm):
    profil = forms.ModelChoiceField(
        label=_("Profil jadwal"), queryset=ProfilJadwal.objects.order_by("nama")
    )

    class Meta:
        model = JadwalPegawai
        fields = [
            "profil",
            "mulai",
            "selesai",
            "jam_mengajar_per_minggu",
            "menit_tugas_tambahan_per_minggu",
            "dasar",
        ]
        widgets = {"mulai": DateInput(), "selesai": DateInput()}


class RosterImportForm(forms.Form):
    berkas = forms.FileField(
        label=_("Berkas roster (CSV)"),
        help_text=_(
            "Kolom: NIP, TANGGAL (dd-mm-yyyy atau yyyy-mm-dd), SHIFT (kode shift; kosong atau L "
            "untuk libur)."
        ),
    )

    def clean_berkas(self):
        return check_import_file(
            self.cleaned_data["berkas"],
            extensions=(".csv", ".txt"),
            message=_("Berkas harus berformat CSV."),
        )


class RosterGridForm(forms.Form):
    """The cells of the roster grid: `s-<pegawai id>-<yyyymmdd>` = shift id, empty for off, or
    KEEP for a retired shift type left as it is.

    Only cells the grid offered are accepted; what the cells may hold on that day is the
    service's rule.
    """

    KEEP = "="

    _CELL = re.compile(r"^s-(\d+)-(\d{8})$")

    def __init__(self, data, *, editable: set[tuple[int, date]], shifts: list[JenisShift]):
        super().__init__(data)
        self.editable = editable
        self.shift_ids = {s.pk for s in shifts}

    def clean(self):
        entries: dict[tuple[int, date], int | None] = {}
        bad = 0
        for key, value in self.data.items():
            match = self._CELL.match(key)
            if not match:
                continue
            try:
                day = date(int(match[2][:4]), int(match[2][4:6]), int(match[2][6:]))
            except ValueError:
                bad += 1
                continue
            cell = (int(match[1]), day)
            if cell not in self.editable:
                bad += 1
                continue
            if value == self.KEEP:
                continue
            if value in ("", "L"):
                entries[cell] = None
            elif value.isdigit() and int(value) in self.shift_ids:
                entries[cell] = int(value)
            else:
                bad += 1
        if bad:
            raise forms.ValidationError(
                _("%(n)d isian roster tidak dikenal; muat ulang halaman lalu ulangi.") % {"n": bad}
            )
        self.cleaned_data["entries"] = entries
        return self.cleaned_data
