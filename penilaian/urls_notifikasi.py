from django.urls import path

from . import views_notifikasi as views

urlpatterns = [
    path("notifikasi/", views.notifikasi_list, name="notifikasi_list"),
    path("notifikasi/baca-semua/", views.notifikasi_baca_semua, name="notifikasi_baca_semua"),
    path("notifikasi/<int:pk>/baca/", views.notifikasi_baca, name="notifikasi_baca"),
]
