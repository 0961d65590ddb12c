"""The catalog and the pemda's settings are master data edited here (each change logged);
entries and their history change only through the services, so here they are read-only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from pegawai.admin import LoggedAdmin

from .models import Aktivitas, Entri, PengaturanAktivitas, RiwayatEntri


@admin.register(Aktivitas)
class AktivitasAdmin(LoggedAdmin):
    list_display = [
        "kode",
        "nama",
        "satuan",
        "menit_standar",
        "kelompok",
        "untuk_struktural",
        "untuk_fungsional",
        "untuk_pelaksana",
        "aktif_mulai",
        "aktif_selesai",
    ]
    list_filter = ["kelompok", "untuk_struktural", "untuk_fungsional", "untuk_pelaksana"]
    search_fields = ["kode", "nama"]
    autocomplete_fields = ["jabatan"]
    fieldsets = [
        (None, {"fields": ["kode", "nama", "satuan", "menit_standar", "kelompok"]}),
        (
            _("Siapa yang boleh memakai"),
            {"fields": ["untuk_struktural", "untuk_fungsional", "untuk_pelaksana", "jabatan"]},
        ),
        (_("Masa berlaku"), {"fields": ["aktif_mulai", "aktif_selesai"]}),
    ]


@admin.register(PengaturanAktivitas)
class PengaturanAktivitasAdmin(LoggedAdmin):
    list_display = ["__str__", "batas_hari_kerja_mundur", "ukuran_bukti_maks_mb"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not PengaturanAktivitas.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RiwayatInline(ReadOnly, admin.TabularInline):
    model = RiwayatEntri
    fields = ["pada", "oleh", "dari_status", "ke_status", "catatan"]
    readonly_fields = fields
    extra = 0


@admin.register(Entri)
class EntriAdmin(ReadOnly, admin.ModelAdmin):
    list_display = [
        "tanggal",
        "mulai",
        "selesai",
        "pegawai",
        "aktivitas",
        "volume",
        "menit",
        "status",
        "di_luar_jadwal",
        "sumber",
    ]
    list_filter = ["status", "sumber", "di_luar_jadwal"]
    search_fields = ["pegawai__nip", "pegawai__nama", "aktivitas__kode", "uraian"]
    date_hierarchy = "tanggal"
    list_select_related = ["pegawai", "aktivitas"]
    # The evidence is served by the entry's page, which checks who asks; not linked here.
    exclude = ["bukti"]
    inlines = [RiwayatInline]


@admin.register(RiwayatEntri)
class RiwayatEntriAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["pada", "entri", "oleh", "dari_status", "ke_status", "catatan"]
    list_filter = ["ke_status"]
    date_hierarchy = "pada"
    list_select_related = ["entri", "oleh"]
    search_fields = ["entri__pegawai__nip", "catatan"]
