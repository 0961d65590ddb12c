"""The review teams are master data kept in the admin (each change logged); what the teams
decide and what the scan finds change only through their services, so here they are read-only.
Imported by penilaian/admin.py."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from pegawai.admin import LoggedAdmin, ReadOnlyAdmin

from .models import (
    FlagEntri,
    KeputusanTim,
    NilaiTim,
    PemindaianAnomali,
    PengambilanSampel,
    TandaTanganUnit,
    TimPenilai,
)


@admin.register(TimPenilai)
class TimPenilaiAdmin(LoggedAdmin):
    list_display = ["nama", "jumlah_anggota", "daftar_lingkup"]
    search_fields = ["nama", "lingkup__nama", "anggota__username", "anggota__pegawai__nama"]
    autocomplete_fields = ["anggota", "lingkup"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("lingkup", "anggota")

    @admin.display(description=_("anggota"))
    def jumlah_anggota(self, obj) -> int:
        return len(obj.anggota.all())

    @admin.display(description=_("lingkup"))
    def daftar_lingkup(self, obj) -> str:
        return ", ".join(u.nama for u in obj.lingkup.all())


@admin.register(KeputusanTim)
class KeputusanTimAdmin(ReadOnlyAdmin):
    list_display = ["pada", "entri", "jenis", "menit_sebelum", "menit_sesudah", "oleh", "tim"]
    list_filter = ["jenis", "tim"]
    date_hierarchy = "pada"
    list_select_related = ["entri", "oleh", "tim"]
    search_fields = ["entri__pegawai__nip", "entri__pegawai__nama", "alasan"]


@admin.register(FlagEntri)
class FlagEntriAdmin(ReadOnlyAdmin):
    list_display = ["entri", "jenis", "tahun", "bulan", "keterangan"]
    list_filter = ["jenis", "tahun", "bulan"]
    list_select_related = ["entri"]
    search_fields = ["entri__pegawai__nip", "entri__pegawai__nama"]


@admin.register(PengambilanSampel)
class PengambilanSampelAdmin(ReadOnlyAdmin):
    list_display = [
        "unit",
        "tahun",
        "bulan",
        "persen",
        "jumlah_sampel",
        "jumlah_populasi",
        "oleh",
        "pada",
    ]
    list_filter = ["tahun", "bulan"]
    list_select_related = ["unit", "oleh"]
    search_fields = ["unit__nama", "unit__kode"]


@admin.register(TandaTanganUnit)
class TandaTanganUnitAdmin(ReadOnlyAdmin):
    list_display = ["unit", "tahun", "bulan", "tim", "oleh", "pada"]
    list_filter = ["tahun", "bulan", "tim"]
    list_select_related = ["unit", "oleh", "tim"]
    search_fields = ["unit__nama", "unit__kode"]


@admin.register(NilaiTim)
class NilaiTimAdmin(ReadOnlyAdmin):
    list_display = ["pegawai", "tahun", "bulan", "nilai", "tim", "oleh", "pada"]
    list_filter = ["tahun", "bulan", "tim"]
    list_select_related = ["pegawai", "oleh", "tim"]
    search_fields = ["pegawai__nip", "pegawai__nama"]


@admin.register(PemindaianAnomali)
class PemindaianAnomaliAdmin(ReadOnlyAdmin):
    list_display = ["tahun", "bulan", "pada", "oleh", "jumlah"]
    list_select_related = ["oleh"]
