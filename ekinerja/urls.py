from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from pegawai import views as pegawai_views
from pegawai.forms import NipLoginForm
from pegawai.models import Pemda

urlpatterns = [
    path("", pegawai_views.home, name="home"),
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            authentication_form=NipLoginForm,
            redirect_authenticated_user=True,
            # A callable: the template asks for the pemda on each render.
            extra_context={"pemda": Pemda.current},
        ),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "akun/kata-sandi/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "akun/kata-sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # The language switch works on the login page too.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("pegawai/", include("pegawai.urls")),
    path("aktivitas/", include("aktivitas.urls")),
    path("penilaian/", include("penilaian.urls")),
    path("tpk/", include("tpk.urls")),
    path("admin/", admin.site.urls),
]
