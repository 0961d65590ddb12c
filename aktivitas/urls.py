from datetime import date

from django.urls import path, register_converter

from . import views, views_impor


class TanggalConverter:
    """A date as YYYY-MM-DD in the path; anything else is not this route (404)."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> date:
        day = date.fromisoformat(value)  # ValueError: not a date, so not this route
        if not 2000 <= day.year <= 2100:
            raise ValueError(value)
        return day

    def to_url(self, value) -> str:
        return value.isoformat() if isinstance(value, date) else str(value)


register_converter(TanggalConverter, "tanggal")

app_name = "aktivitas"
urlpatterns = [
    path("", views.index, name="index"),
    # Days, weeks and months of one's own log.
    path("hari/<tanggal:tanggal>/", views.hari, name="hari"),
    path("hari/<tanggal:tanggal>/ajukan/", views.hari_ajukan, name="hari_ajukan"),
    path("hari/<tanggal:tanggal>/salin/", views.hari_salin, name="hari_salin"),
    path("minggu/", views.minggu, name="minggu_ini"),
    path("minggu/<tanggal:tanggal>/", views.minggu, name="minggu"),
    path("bulan/", views.bulan, name="bulan"),
    # One entry.
    path("entri/tambah/", views.entri_tambah, name="entri_tambah"),
    path("entri/<int:pk>/", views.entri_detail, name="entri_detail"),
    path("entri/<int:pk>/ubah/", views.entri_ubah, name="entri_ubah"),
    path("entri/<int:pk>/ajukan/", views.entri_ajukan, name="entri_ajukan"),
    path("entri/<int:pk>/tarik/", views.entri_tarik, name="entri_tarik"),
    path("entri/<int:pk>/hapus/", views.entri_hapus, name="entri_hapus"),
    path("entri/<int:pk>/bukti/", views.entri_bukti, name="entri_bukti"),
    path("katalog/impor/", views_impor.katalog_import, name="katalog_import"),
]
