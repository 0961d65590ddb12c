from django.urls import path

from . import views_tim as views

# The review team: flags per unit, a unit's month (staff, sample, sign-off), the entries to
# review and their decisions, and a staff member's monthly score.
urlpatterns = [
    path("tim/", views.tim_index, name="tim_index"),
    path("tim/<int:tahun>/<int:bulan>/pindai/", views.tim_pindai, name="tim_pindai"),
    path("tim/unit/<int:unit_id>/<int:tahun>/<int:bulan>/", views.tim_unit, name="tim_unit"),
    path(
        "tim/unit/<int:unit_id>/<int:tahun>/<int:bulan>/entri/",
        views.tim_entri_list,
        name="tim_entri_list",
    ),
    path(
        "tim/unit/<int:unit_id>/<int:tahun>/<int:bulan>/sampel/",
        views.tim_sampel,
        name="tim_sampel",
    ),
    path(
        "tim/unit/<int:unit_id>/<int:tahun>/<int:bulan>/tandatangan/",
        views.tim_tandatangan,
        name="tim_tandatangan",
    ),
    path("tim/entri/<int:pk>/", views.tim_entri, name="tim_entri"),
    path(
        "tim/pegawai/<int:pegawai_id>/<int:tahun>/<int:bulan>/nilai/",
        views.tim_nilai,
        name="tim_nilai",
    ),
]
