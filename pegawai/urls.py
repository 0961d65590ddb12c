from django.urls import path

from . import views

app_name = "pegawai"
urlpatterns = [
    path("", views.pegawai_list, name="list"),
    path("unit/", views.unit_tree, name="unit_tree"),
    path("impor/", views.pegawai_import, name="import"),
    path("pemda/logo/", views.pemda_logo, name="pemda_logo"),
    path("<str:nip>/", views.pegawai_detail, name="detail"),
]
