from django.urls import include, path

from . import views

app_name = "tpk"

urlpatterns = [
    # Staff: their own slips; supervisors, finance and admin: the lists.
    path("slip/", views.slip_saya, name="slip_saya"),
    path("slip/<str:nip>/<int:tahun>-<int:bulan>/", views.slip, name="slip"),
    path("daftar/", views.daftar, name="daftar"),
    # Admin kepegawaian (finance looks): the months, their close, progress, reopen, revisions.
    path("periode/", views.periode_list, name="periode_list"),
    path("periode/<int:tahun>-<int:bulan>/tutup/", views.tutup, name="tutup"),
    path("periode/<int:tahun>-<int:bulan>/progres/", views.progres, name="progres"),
    path(
        "periode/<int:tahun>-<int:bulan>/progres/status/",
        views.progres_status,
        name="progres_status",
    ),
    path("periode/<int:tahun>-<int:bulan>/buka/", views.buka, name="buka"),
    path("periode/<int:tahun>-<int:bulan>/selisih/", views.selisih, name="selisih"),
    # Exports (tpk/ekspor/) are included below this line.
    path("ekspor/", include("tpk.urls_ekspor")),
]
