"""Penilaian in the admin: the pemda's settings and the aspect sets are master data edited here
(each change logged); decisions, reassignments and assessments change only through the
services, so here they are read-only."""

from django.contrib import admin

from pegawai.admin import LoggedAdmin, ReadOnlyAdmin

from .models import (
    Aspek,
    EntriLewatBatas,
    NilaiAspek,
    PengalihanEntri,
    PengaturanPenilaian,
    PenilaianPerilaku,
    SetAspek,
)

# Settings, supervisor approval and behaviour assessment ---------------------------------------


@admin.register(PengaturanPenilaian)
class PengaturanPenilaianAdmin(LoggedAdmin):
    list_display = [
        "__str__",
        "batas_validasi_hari",
        "kebijakan_lewat_batas",
        "batas_keberatan_hari",
        "persen_sampel",
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not PengaturanPenilaian.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class AspekInline(admin.TabularInline):
    model = Aspek
    extra = 0
    fields = ["urutan", "kode", "nama", "bobot", "hanya_pemimpin", "keterangan"]


@admin.register(SetAspek)
class SetAspekAdmin(LoggedAdmin):
    list_display = ["nama", "kode", "aktif"]
    list_filter = ["aktif"]
    inlines = [AspekInline]


class NilaiAspekInline(admin.TabularInline):
    model = NilaiAspek
    fields = ["aspek", "bobot", "nilai"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PenilaianPerilaku)
class PenilaianPerilakuAdmin(ReadOnlyAdmin):
    list_display = [
        "pegawai",
        "tahun",
        "bulan",
        "nilai",
        "set_aspek",
        "dinilai_oleh",
        "dinilai_pada",
    ]
    list_filter = ["tahun", "bulan", "set_aspek"]
    search_fields = ["pegawai__nip", "pegawai__nama"]
    list_select_related = ["pegawai", "set_aspek", "dinilai_oleh"]
    inlines = [NilaiAspekInline]


@admin.register(PengalihanEntri)
class PengalihanEntriAdmin(ReadOnlyAdmin):
    list_display = ["entri", "ke", "oleh", "pada", "alasan"]
    search_fields = ["entri__pegawai__nip", "entri__pegawai__nama", "ke__nip", "ke__nama"]
    list_select_related = ["entri", "ke", "oleh"]
    date_hierarchy = "pada"


@admin.register(EntriLewatBatas)
class EntriLewatBatasAdmin(ReadOnlyAdmin):
    list_display = [
        "tanggal",
        "pegawai",
        "menit",
        "kebijakan",
        "atasan",
        "batas",
        "diterapkan_pada",
    ]
    list_filter = ["tahun", "bulan", "kebijakan"]
    search_fields = ["pegawai__nip", "pegawai__nama", "atasan__nip", "atasan__nama"]
    list_select_related = ["pegawai", "atasan"]


# The review team's and the objections' admin live in their own modules; importing them here
# registers them with the admin site.
from . import admin_keberatan, admin_tim  # noqa: E402, F401
