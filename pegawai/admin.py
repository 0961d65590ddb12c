from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Jabatan, LogAksi, Pegawai, Pemda, Penugasan, UnitKerja, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "is_active", "is_staff", "last_login"]


@admin.register(Pemda)
class PemdaAdmin(admin.ModelAdmin):
    list_display = ["nama", "jenis", "jabatan_kepala", "tempat"]

    def has_add_permission(self, request):
        return not Pemda.objects.exists()


@admin.register(UnitKerja)
class UnitKerjaAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "jenis", "induk", "aktif"]
    list_filter = ["jenis", "aktif"]
    search_fields = ["kode", "nama"]
    autocomplete_fields = ["induk"]
    list_select_related = ["induk"]


@admin.register(Jabatan)
class JabatanAdmin(admin.ModelAdmin):
    list_display = ["nama", "jenis", "eselon", "kelas", "unit", "atasan"]
    list_filter = ["jenis", "eselon", "kelas"]
    search_fields = ["nama", "unit__nama"]
    autocomplete_fields = ["unit", "atasan"]
    list_select_related = ["unit", "atasan"]


class PenugasanInline(admin.TabularInline):
    model = Penugasan
    extra = 0
    autocomplete_fields = ["jabatan"]
    readonly_fields = ["dibuat_oleh", "dibuat_pada"]
    fk_name = "pegawai"


@admin.register(Pegawai)
class PegawaiAdmin(admin.ModelAdmin):
    list_display = ["nip", "nama", "jenis_asn", "golongan", "jabatan", "unit", "aktif_selesai"]
    list_filter = ["jenis_asn", "golongan"]
    search_fields = ["nip", "nama"]
    autocomplete_fields = ["user", "jabatan", "unit"]
    list_select_related = ["jabatan", "unit"]
    inlines = [PenugasanInline]


@admin.register(Penugasan)
class PenugasanAdmin(admin.ModelAdmin):
    list_display = ["pegawai", "jabatan", "jenis", "mulai", "selesai"]
    list_filter = ["jenis"]
    search_fields = ["pegawai__nama", "pegawai__nip", "jabatan__nama"]
    autocomplete_fields = ["pegawai", "jabatan"]
    list_select_related = ["pegawai", "jabatan"]


@admin.register(LogAksi)
class LogAksiAdmin(admin.ModelAdmin):
    list_display = ["waktu", "pelaku", "aksi", "objek_tipe", "objek_id", "alasan"]
    list_filter = ["aksi"]
    date_hierarchy = "waktu"

    # The log is evidence: nobody edits or deletes it from the admin.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.site_header = _("Administrasi e-Kinerja")
admin.site.site_title = _("e-Kinerja")
