from django.urls import path

from . import views, views_kalender, views_kehadiran

app_name = "pegawai"
urlpatterns = [
    path("", views.pegawai_list, name="list"),
    path("unit/", views.unit_tree, name="unit_tree"),
    path("impor/", views.pegawai_import, name="import"),
    path("pemda/logo/", views.pemda_logo, name="pemda_logo"),
    # Calendars, schedules and rosters; before "<nip>/" so that their words are not NIPs.
    path("kalender/", views_kalender.kalender_saya, name="kalender_saya"),
    path("kalender/libur/", views_kalender.libur_list, name="libur_list"),
    path("kalender/libur/isi/", views_kalender.libur_prefill, name="libur_prefill"),
    path("kalender/libur/<int:pk>/ubah/", views_kalender.libur_edit, name="libur_edit"),
    path("kalender/libur/<int:pk>/hapus/", views_kalender.libur_delete, name="libur_delete"),
    path("roster/", views_kalender.roster_index, name="roster_index"),
    path("roster/<int:unit_id>/", views_kalender.roster_grid, name="roster_grid"),
    path("roster/<int:unit_id>/impor/", views_kalender.roster_import, name="roster_import"),
    # Attendance; before "<nip>/" too.
    path("kehadiran/", views_kehadiran.kehadiran_saya, name="kehadiran_saya"),
    path("kehadiran/unit/", views_kehadiran.kehadiran_index, name="kehadiran_index"),
    path("kehadiran/unit/<int:unit_id>/", views_kehadiran.kehadiran_unit, name="kehadiran_unit"),
    path("kehadiran/impor/", views_kehadiran.kehadiran_import, name="kehadiran_import"),
    path("kehadiran/izin/", views_kehadiran.izin_list, name="izin_list"),
    path("kehadiran/izin/<int:pk>/batal/", views_kehadiran.izin_batal, name="izin_batal"),
    path("<str:nip>/", views.pegawai_detail, name="detail"),
    path("<str:nip>/kalender/", views_kalender.kalender_pegawai, name="kalender"),
    path("<str:nip>/jadwal/", views_kalender.jadwal_pegawai, name="jadwal"),
    path("<str:nip>/kehadiran/", views_kehadiran.kehadiran_pegawai, name="kehadiran"),
    path(
        "<str:nip>/kehadiran/<str:tanggal>/",
        views_kehadiran.kehadiran_koreksi,
        name="kehadiran_koreksi",
    ),
]
