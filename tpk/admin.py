"""The TPK rules are edited here by the admin kepegawaian; every change is a LogAksi row
(pegawai.admin.LoggedAdmin). A version that a TPK result uses is shown read-only: a closed month
must keep the rules it was computed with, so a change is made on a copy in force later.

The results of the close are shown read-only; they change only through the close and reopen.
"""

from django.contrib import admin, messages
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pegawai.admin import LoggedAdmin, ReadOnlyAdmin

from . import services
from .exceptions import TPKError
from .models import (
    AturanTPK,
    HasilTPK,
    PembukaanPeriode,
    PengaturanTPK,
    PenutupanPeriode,
    PotonganKehadiran,
    PredikatTPK,
    TarifKelas,
    TarifPajak,
    validate_potongan,
    validate_predikat,
    validate_tarif_kelas,
    validate_tarif_pajak,
)


def _in_use(aturan: AturanTPK | None) -> bool:
    """Whether a result row uses the version (asked many times per page, so remembered)."""
    if aturan is None or aturan.pk is None:
        return False
    if not hasattr(aturan, "_dipakai"):
        aturan._dipakai = HasilTPK.objects.filter(aturan=aturan).exists()
    return aturan._dipakai


class RincianFormSet(BaseInlineFormSet):
    """Checks the rows of one child table together (duplicates, order, completeness): each
    subclass names its fields and passes the rows to a validator of tpk.models."""

    fields: tuple[str, ...] = ()

    def rows(self) -> list[tuple]:
        return [
            tuple(form.cleaned_data.get(name) for name in self.fields)
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        self.check_rows(self.rows())


class TarifKelasFormSet(RincianFormSet):
    fields = ("kelas", "tarif")

    def check_rows(self, rows):
        validate_tarif_kelas(rows)


class PotonganFormSet(RincianFormSet):
    fields = ("kode", "persen")

    def check_rows(self, rows):
        validate_potongan(rows, self.instance.kode_kredit_set)


class PredikatFormSet(RincianFormSet):
    fields = ("kode", "nama", "batas_bawah", "persen_bayar")

    def check_rows(self, rows):
        validate_predikat(rows)


class TarifPajakFormSet(RincianFormSet):
    fields = ("kelompok", "persen")

    def check_rows(self, rows):
        validate_tarif_pajak(rows, bpjs=self.instance.bpjs_persen)


class RincianInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return not _in_use(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _in_use(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _in_use(obj) and super().has_delete_permission(request, obj)


class TarifKelasInline(RincianInline):
    model = TarifKelas
    formset = TarifKelasFormSet


class PotonganInline(RincianInline):
    model = PotonganKehadiran
    formset = PotonganFormSet


class PredikatInline(RincianInline):
    model = PredikatTPK
    formset = PredikatFormSet


class TarifPajakInline(RincianInline):
    model = TarifPajak
    formset = TarifPajakFormSet


@admin.register(AturanTPK)
class AturanTPKAdmin(LoggedAdmin):
    list_display = ["nama", "berlaku_mulai", "mode_bayar", "strategi_pajak", "bpjs_aktif"]
    search_fields = ["nama", "dasar_hukum"]
    date_hierarchy = "berlaku_mulai"
    inlines = [TarifKelasInline, PotonganInline, PredikatInline, TarifPajakInline]
    actions = ["copy_as_new_version"]
    fieldsets = [
        (None, {"fields": ["nama", "berlaku_mulai", "dasar_hukum"]}),
        (
            _("Bobot skor (jumlahnya 1)"),
            {
                "fields": [
                    "bobot_produktivitas",
                    "bobot_disiplin",
                    "bobot_perilaku",
                    "bobot_nilai_tim",
                ]
            },
        ),
        (
            _("Pembayaran"),
            {"fields": ["mode_bayar", "faktor_pns", "faktor_cpns", "faktor_pppk", "kode_kredit"]},
        ),
        (
            _("Pajak dan BPJS"),
            {"fields": ["strategi_pajak", "tarif_pajak_tetap", "bpjs_aktif", "tarif_bpjs"]},
        ),
    ]

    def has_change_permission(self, request, obj=None):
        return not _in_use(obj) and super().has_change_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if _in_use(obj) and request.method == "GET":
            self.message_user(
                request,
                _(
                    "Versi ini sudah dipakai hasil TPK dan tidak bisa diubah lagi. Salin menjadi "
                    "versi baru (tindakan di daftar aturan) untuk bulan-bulan berikutnya."
                ),
                messages.INFO,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Salin menjadi versi baru"), permissions=["add"])
    def copy_as_new_version(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Pilih satu versi aturan."), messages.ERROR)
            return
        aturan = queryset.get()
        try:
            baru = services.copy_aturan(
                aturan,
                berlaku_mulai=services.free_berlaku_mulai(timezone.localdate()),
                by=request.user,
            )
        except TPKError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(
            request,
            _("Versi baru dibuat: %(aturan)s. Periksa tanggal berlaku dan angkanya.")
            % {"aturan": baru},
            messages.SUCCESS,
        )


@admin.register(PenutupanPeriode)
class PenutupanPeriodeAdmin(ReadOnlyAdmin):
    list_display = ["periode", "revisi", "status", "oleh", "mulai_pada", "selesai_pada", "diproses"]
    list_filter = ["status"]
    list_select_related = ["periode", "oleh"]


@admin.register(PembukaanPeriode)
class PembukaanPeriodeAdmin(ReadOnlyAdmin):
    list_display = ["periode", "revisi", "oleh", "pada", "alasan"]
    list_select_related = ["periode", "oleh"]


@admin.register(HasilTPK)
class HasilTPKAdmin(ReadOnlyAdmin):
    list_display = ["nama", "nip", "periode", "revisi", "opd_nama", "skor", "predikat", "netto"]
    list_filter = ["revisi", "predikat"]
    search_fields = ["nip", "nama"]
    list_select_related = ["periode"]
    show_full_result_count = False  # a count over every month's rows is slow and not needed


@admin.register(PengaturanTPK)
class PengaturanTPKAdmin(LoggedAdmin):
    list_display = ["__str__", "tanggal_tutup", "kebijakan_tanda_tangan"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not PengaturanTPK.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
