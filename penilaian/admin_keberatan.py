"""Objections and notifications in the admin: read-only, because they change only through
their services (an objection's decision is a record, a notification belongs to its reader).
Imported by penilaian/admin.py."""

from django.contrib import admin

from pegawai.admin import ReadOnlyAdmin

from .models import Keberatan, Notifikasi


@admin.register(Keberatan)
class KeberatanAdmin(ReadOnlyAdmin):
    list_display = [
        "diajukan_pada",
        "pegawai",
        "entri",
        "jenis",
        "status",
        "pemutus",
        "diputuskan_pada",
        "menit_sebelum",
        "menit_sesudah",
    ]
    list_filter = ["status", "jenis"]
    search_fields = ["pegawai__nip", "pegawai__nama", "alasan", "alasan_keputusan"]
    date_hierarchy = "diajukan_pada"
    list_select_related = ["pegawai", "entri", "pemutus"]
    raw_id_fields = ["entri", "riwayat"]


@admin.register(Notifikasi)
class NotifikasiAdmin(ReadOnlyAdmin):
    list_display = [
        "dibuat_pada",
        "penerima",
        "jenis",
        "judul",
        "dibaca_pada",
        "email_terkirim_pada",
    ]
    list_filter = ["jenis"]
    search_fields = ["penerima__username", "judul"]
    date_hierarchy = "dibuat_pada"
    list_select_related = ["penerima"]
