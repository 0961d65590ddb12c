from django.urls import path

from . import views_ekspor as views

# Finance's files (included by tpk.urls under "ekspor/", names in the "tpk" namespace): the
# month's grid, an OPD's exports and the form for more, downloads, and a staff member's slip as PDF.
urlpatterns = [
    path("", views.ekspor_index, name="ekspor_index"),
    path("<int:tahun>/<int:bulan>/semua/", views.ekspor_semua, name="ekspor_semua"),
    path("<int:tahun>/<int:bulan>/opd/<int:opd_id>/", views.ekspor_opd, name="ekspor_opd"),
    path("berkas/<int:pk>/", views.ekspor_unduh, name="ekspor_unduh"),
    path("slip/<int:pk>/pdf/", views.slip_pdf, name="slip_pdf"),
]
