"""The admin kepegawaian's catalog upload screen: the same import as `manage.py import_katalog`."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from pegawai.access import require_admin_kepegawaian
from pegawai.forms import check_import_file
from pegawai.importer import ImportErrors

from .katalog_impor import import_katalog

# A badly broken file must not render thousands of table rows (as the staff import's screen).
MAX_ERRORS_SHOWN = 500


class KatalogImportForm(forms.Form):
    berkas = forms.FileField(
        label=gettext_lazy("Berkas katalog aktivitas (CSV atau XLSX)"),
        help_text=gettext_lazy(
            "Kolom wajib: KODE, NAMA, SATUAN, MENIT. Pilihan: KELOMPOK, JENIS JABATAN, JABATAN, "
            "BERLAKU MULAI, BERLAKU SAMPAI."
        ),
    )

    def clean_berkas(self):
        return check_import_file(
            self.cleaned_data["berkas"],
            extensions=(".csv", ".xlsx", ".txt"),
            message=_("Berkas harus berformat CSV atau XLSX."),
        )


@require_http_methods(["GET", "POST"])
def katalog_import(request):
    require_admin_kepegawaian(request)
    form = KatalogImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        berkas = form.cleaned_data["berkas"]
        try:
            result = import_katalog(berkas, filename=berkas.name, by=request.user)
        except ImportErrors as exc:
            errors = exc.errors
            messages.error(
                request,
                _(
                    "Tidak ada data yang disimpan: %(n)d masalah ditemukan di berkas. Perbaiki "
                    "lalu unggah lagi."
                )
                % {"n": len(errors)},
            )
        else:
            messages.success(
                request,
                _(
                    "Impor katalog selesai: %(baru)d aktivitas baru, %(ubah)d diperbarui, "
                    "%(sama)d tidak berubah."
                )
                % {"baru": result.dibuat, "ubah": result.diubah, "sama": result.tetap},
            )
            return redirect("aktivitas:katalog_import")
    context = {"form": form, "errors": errors[:MAX_ERRORS_SHOWN], "error_count": len(errors)}
    return render(request, "aktivitas/katalog_import.html", context, status=400 if errors else 200)
