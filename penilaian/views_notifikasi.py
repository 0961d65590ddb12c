"""The user's notifications: the list (unread first), marking one or all read, and the unread
count the navigation shows."""

from datetime import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from .models import Notifikasi
from .services import notifikasi as services

PER_HALAMAN = 30


def _now() -> datetime:
    """The clock of every screen; tests set it to a fixed moment."""
    return timezone.now()


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def get_notifikasi_for_user(request, pk: int) -> Notifikasi:
    """One of the user's own notifications; anyone else's is not found."""
    notifikasi = Notifikasi.objects.for_user(request.user).filter(pk=pk).first()
    if notifikasi is None:
        raise Http404(_("Notifikasi tidak ditemukan."))
    return notifikasi


@require_safe
def notifikasi_list(request):
    notifikasi = Notifikasi.objects.for_user(request.user)
    page = Paginator(notifikasi.unread_first(), PER_HALAMAN).get_page(request.GET.get("page"))
    return render(
        request,
        "penilaian/notifikasi_list.html",
        {"page": page, "belum_dibaca": notifikasi.unread().count()},
    )


def _tujuan(request, notifikasi: Notifikasi) -> str | None:
    """Where the notification points, if it points inside this site."""
    url = notifikasi.url
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


@require_POST
def notifikasi_baca(request, pk: int):
    """Mark one read; with `buka`, then go where it points. htmx gets the item back in place."""
    notifikasi = get_notifikasi_for_user(request, pk)
    now = _now()
    services.mark_read(notifikasi, by=request.user, now=now)
    if request.POST.get("buka"):
        tujuan = _tujuan(request, notifikasi)
        if tujuan:
            return redirect(tujuan)
    if _is_htmx(request):
        notifikasi.dibaca_pada = notifikasi.dibaca_pada or now
        return render(request, "penilaian/_notifikasi_item.html", {"n": notifikasi})
    return redirect("penilaian:notifikasi_list")


@require_POST
def notifikasi_baca_semua(request):
    n = services.mark_all_read(by=request.user, now=_now())
    if n:
        messages.success(
            request,
            ngettext(
                "%(n)d notifikasi ditandai sudah dibaca.",
                "%(n)d notifikasi ditandai sudah dibaca.",
                n,
            )
            % {"n": n},
        )
    else:
        messages.info(request, _("Tidak ada notifikasi yang belum dibaca."))
    return redirect("penilaian:notifikasi_list")
