from django import forms
from django.contrib import admin
from django.contrib import messages as admin_messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from . import services_kalender
from .exceptions import KepegawaianError
from .models import (
    AdminUnit,
    HariJadwal,
    HariLibur,
    Izin,
    Jabatan,
    JadwalPegawai,
    JenisShift,
    Kalender,
    Kehadiran,
    LogAbsen,
    LogAksi,
    Pegawai,
    Pemda,
    Penugasan,
    ProfilJadwal,
    Ramadan,
    RiwayatKehadiran,
    Roster,
    UnitKerja,
    User,
)
from .services import log_action


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows shown, never written here: they change only through services, or not at all."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Master data is edited here; every change is also a LogAksi row with the changed fields.
class LoggedAdmin(admin.ModelAdmin):
    """Writes a LogAksi row for each add, change and delete made in the admin."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        log_action(
            f"admin.{obj._meta.model_name}_{'ubah' if change else 'tambah'}",
            by=request.user,
            obj=obj,
            data={"kolom": sorted(form.changed_data), "nilai": str(obj)},
        )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            log_action(
                f"admin.{form.instance._meta.model_name}_ubah_rincian",
                by=request.user,
                obj=form.instance,
                data={"rincian": formset.model._meta.model_name},
            )

    def delete_model(self, request, obj):
        self._log_delete(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._log_delete(request, obj)
        super().delete_queryset(request, queryset)

    def _log_delete(self, request, obj):
        log_action(
            f"admin.{obj._meta.model_name}_hapus",
            by=request.user,
            obj=obj,
            data={"nilai": str(obj)},
        )


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "is_active", "is_staff", "last_login"]


class PemdaForm(forms.ModelForm):
    """The logo is an image by content (ImageField opens it with Pillow); this bounds its size,
    since every PDF the pemda signs carries it. The admin supplies the model and fields."""

    LOGO_MAX_MB = 2

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile) and logo.size > self.LOGO_MAX_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("Logo terlalu besar (%(ukuran).1f MB); paling besar %(maks)d MB.")
                % {"ukuran": logo.size / 1024 / 1024, "maks": self.LOGO_MAX_MB}
            )
        return logo


@admin.register(Pemda)
class PemdaAdmin(LoggedAdmin):
    form = PemdaForm
    list_display = ["nama", "jenis", "jabatan_kepala", "tempat"]

    def has_add_permission(self, request):
        return not Pemda.objects.exists()


@admin.register(UnitKerja)
class UnitKerjaAdmin(LoggedAdmin):
    list_display = ["kode", "nama", "jenis", "induk", "aktif"]
    list_filter = ["jenis", "aktif"]
    search_fields = ["kode", "nama"]
    autocomplete_fields = ["induk"]
    list_select_related = ["induk"]


@admin.register(Jabatan)
class JabatanAdmin(LoggedAdmin):
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
class PegawaiAdmin(LoggedAdmin):
    list_display = ["nip", "nama", "jenis_asn", "golongan", "jabatan", "unit", "aktif_selesai"]
    list_filter = ["jenis_asn", "golongan"]
    search_fields = ["nip", "nama"]
    autocomplete_fields = ["user", "jabatan", "unit"]
    list_select_related = ["jabatan", "unit"]
    inlines = [PenugasanInline]

    def save_formset(self, request, form, formset, change):
        # Who made an assignment is part of the assignment.
        for obj in formset.save(commit=False):
            if obj.pk is None:
                obj.dibuat_oleh = request.user
        super().save_formset(request, form, formset, change)


@admin.register(Penugasan)
class PenugasanAdmin(LoggedAdmin):
    list_display = ["pegawai", "jabatan", "jenis", "mulai", "selesai"]
    list_filter = ["jenis"]
    search_fields = ["pegawai__nama", "pegawai__nip", "jabatan__nama"]
    autocomplete_fields = ["pegawai", "jabatan"]
    list_select_related = ["pegawai", "jabatan"]
    readonly_fields = ["dibuat_oleh", "dibuat_pada"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.dibuat_oleh = request.user
        super().save_model(request, obj, form, change)


@admin.register(LogAksi)
class LogAksiAdmin(ReadOnlyAdmin):  # the log is evidence: nobody edits or deletes it here
    list_display = ["waktu", "pelaku", "aksi", "objek_tipe", "objek_id", "alasan"]
    list_filter = ["aksi"]
    date_hierarchy = "waktu"


admin.site.site_header = _("Administrasi e-Kinerja")
admin.site.site_title = _("e-Kinerja")


# Kalender dan jadwal kerja ---------------------------------------------------------------------
# Schedule assignments and rosters change only on their screens (through services), so here
# they are read-only.


@admin.register(Kalender)
class KalenderAdmin(LoggedAdmin):
    list_display = ["nama", "keterangan"]
    search_fields = ["nama"]


@admin.register(HariLibur)
class HariLiburAdmin(LoggedAdmin):
    list_display = ["tanggal", "nama", "jenis", "kalender", "dari_paket"]
    list_filter = ["jenis", "kalender", "dari_paket"]
    search_fields = ["nama"]
    date_hierarchy = "tanggal"
    list_select_related = ["kalender"]


class HariJadwalInline(admin.TabularInline):
    model = HariJadwal
    extra = 0
    fields = [
        "hari",
        "jam_mulai",
        "jam_selesai",
        "istirahat_mulai",
        "istirahat_selesai",
        "target_menit",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(ramadan__isnull=True)


@admin.register(ProfilJadwal)
class ProfilJadwalAdmin(LoggedAdmin):
    list_display = ["nama", "kode", "jenis", "kalender", "is_default"]
    list_filter = ["jenis"]
    readonly_fields = ["is_default"]
    inlines = [HariJadwalInline]
    actions = ["make_default"]

    @admin.action(description=_("Jadikan profil bawaan"))
    def make_default(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Pilih satu profil."), admin_messages.ERROR)
            return
        try:
            services_kalender.set_default_profil(queryset.get(), by=request.user)
        except KepegawaianError as exc:
            self.message_user(request, str(exc), admin_messages.ERROR)


class RamadanHariInline(admin.TabularInline):
    model = HariJadwal
    extra = 0
    fields = ["profil", *HariJadwalInline.fields]
    verbose_name = _("jam Ramadan")
    verbose_name_plural = _("jam Ramadan per profil (profil tanpa baris tetap memakai jam biasa)")


@admin.register(Ramadan)
class RamadanAdmin(LoggedAdmin):
    list_display = ["tahun", "mulai", "selesai", "dasar"]
    inlines = [RamadanHariInline]
    actions = ["copy_previous"]

    @admin.action(description=_("Salin jam Ramadan tahun sebelumnya"))
    def copy_previous(self, request, queryset):
        for ramadan in queryset:
            try:
                n = services_kalender.copy_jam_ramadan(ramadan, by=request.user)
            except KepegawaianError as exc:
                self.message_user(request, str(exc), admin_messages.ERROR)
            else:
                self.message_user(
                    request, _("%(n)d baris jam Ramadan disalin.") % {"n": n}, admin_messages.INFO
                )


@admin.register(JenisShift)
class JenisShiftAdmin(LoggedAdmin):
    list_display = ["kode", "nama", "jam_mulai", "jam_selesai", "target_menit", "aktif"]
    list_filter = ["aktif"]


@admin.register(JadwalPegawai)
class JadwalPegawaiAdmin(ReadOnlyAdmin):
    list_display = ["pegawai", "profil", "mulai", "selesai", "dibuat_oleh"]
    list_filter = ["profil"]
    search_fields = ["pegawai__nama", "pegawai__nip"]
    list_select_related = ["pegawai", "profil", "dibuat_oleh"]


@admin.register(Roster)
class RosterAdmin(ReadOnlyAdmin):
    list_display = ["tanggal", "pegawai", "shift", "diubah_oleh", "diubah_pada"]
    list_filter = ["shift"]
    search_fields = ["pegawai__nama", "pegawai__nip"]
    date_hierarchy = "tanggal"
    list_select_related = ["pegawai", "shift", "diubah_oleh"]


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "dibuat_pada"]
    search_fields = ["user__username", "unit__nama"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]

    def has_change_permission(self, request, obj=None):
        return False  # a grant is given or taken away, never edited

    def save_model(self, request, obj, form, change):
        granted = services_kalender.grant_admin_unit(obj.user, unit=obj.unit, by=request.user)
        obj.pk = granted.pk

    def delete_model(self, request, obj):
        services_kalender.revoke_admin_unit(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for grant in queryset.select_related("unit"):
            services_kalender.revoke_admin_unit(grant, by=request.user)


# Kehadiran ------------------------------------------------------------------------------------
# Attendance changes only through its services (imports, leave ranges, corrections): they refuse
# a closed month and write the history. Here it is read-only, for looking things up.


@admin.register(Kehadiran)
class KehadiranAdmin(ReadOnlyAdmin):
    list_display = ["tanggal", "pegawai", "tampil", "jam_masuk", "jam_pulang", "sumber"]
    list_filter = ["sumber", "kode", "tl", "psw"]
    search_fields = ["pegawai__nama", "pegawai__nip"]
    date_hierarchy = "tanggal"
    list_select_related = ["pegawai"]
    show_full_result_count = False  # a count of millions of rows on every page is slow


@admin.register(Izin)
class IzinAdmin(ReadOnlyAdmin):
    list_display = [
        "pegawai",
        "kode",
        "mulai",
        "selesai",
        "alasan",
        "dibuat_oleh",
        "dibatalkan_pada",
    ]
    list_filter = ["kode"]
    search_fields = ["pegawai__nama", "pegawai__nip", "alasan", "dasar"]
    date_hierarchy = "mulai"
    list_select_related = ["pegawai", "dibuat_oleh"]


@admin.register(RiwayatKehadiran)
class RiwayatKehadiranAdmin(ReadOnlyAdmin):
    list_display = [
        "pada",
        "oleh",
        "pegawai",
        "tanggal",
        "aksi",
        "dari_tampil",
        "ke_tampil",
        "alasan",
    ]
    list_filter = ["aksi"]
    search_fields = ["pegawai__nama", "pegawai__nip", "alasan"]
    date_hierarchy = "pada"
    list_select_related = ["pegawai", "oleh"]


@admin.register(LogAbsen)
class LogAbsenAdmin(ReadOnlyAdmin):
    list_display = ["waktu", "pegawai"]
    search_fields = ["pegawai__nama", "pegawai__nip", "pegawai__pin_absen"]
    date_hierarchy = "waktu"
    list_select_related = ["pegawai"]
    show_full_result_count = False
