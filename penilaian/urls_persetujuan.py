from django.urls import path

from . import views_persetujuan as views

# The supervisor's decisions, the review team's for staff with no supervisor, an admin's
# reassignment, the behaviour assessment and the supervisor's dashboard.
urlpatterns = [
    path("persetujuan/", views.antrian, name="antrian"),
    path("persetujuan/tim/", views.antrian_tim, name="antrian_tim"),
    path("persetujuan/setujui/", views.antrian_setujui, name="antrian_setujui"),
    path("persetujuan/entri/<int:pk>/setujui/", views.entri_setujui, name="entri_setujui"),
    path("persetujuan/entri/<int:pk>/tolak/", views.entri_tolak, name="entri_tolak"),
    path("persetujuan/pengalihan/", views.pengalihan, name="pengalihan"),
    path("perilaku/", views.perilaku_list, name="perilaku_list"),
    path("perilaku/<str:nip>/", views.perilaku_form, name="perilaku_form"),
    path("dasbor/atasan/", views.dasbor_atasan, name="dasbor_atasan"),
]
