"""Screens of objections (the staff member's form, the decider's list and decision page) and
the admin kepegawaian's compliance report. Each view: authorise, validate the form, call a
service, say what happened, redirect."""

from datetime import date, datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from aktivitas.views import get_entri_for_user
from pegawai.access import require_admin_kepegawaian

from . import kepatuhan as kepatuhan_
from .exceptions import PenilaianError
from .forms_keberatan import KeberatanForm, KepatuhanFilterForm, KeputusanKeberatanForm
from .models import Keberatan, PengaturanPenilaian
from .services import keberatan as services

DAFTAR_TERAKHIR = 20
KEPATUHAN_PER_HALAMAN = 50


def _now() -> datetime:
    """The clock of every screen; tests set it to a fixed moment."""
    return timezone.now()


def get_keberatan_for_user(request, pk: int, *, decide: bool = False) -> Keberatan:
    """The objection if the user may see it (404 otherwise); with `decide`, 403 unless they
    decide it.

    Seen by the objector, the person whose decision is contested, whoever decides it, the
    review team and the admin kepegawaian.
    """
    keberatan = Keberatan.objects.with_related().filter(pk=pk).first()
    if keberatan is None:
        raise Http404(_("Keberatan tidak ditemukan."))
    user = request.user
    may_decide = services.may_decide(keberatan, user, today=timezone.localdate(_now()))
    pegawai = getattr(user, "pegawai", None)
    sees = (
        may_decide
        or user.pk in (keberatan.pegawai.user_id, keberatan.keputusan_oleh_id)
        or (pegawai is not None and pegawai.pk == keberatan.pemutus_id)
        or user.is_tim_penilai
        or user.is_admin_kepegawaian
    )
    if not sees:
        raise Http404(_("Keberatan tidak ditemukan."))
    if decide and not may_decide:
        raise PermissionDenied(_("Keberatan ini tidak diputuskan oleh Anda."))
    return keberatan


@require_http_methods(["GET", "POST"])
def keberatan_ajukan(request, entri_pk: int):
    """Object to the rejection or correction of one's own entry."""
    entri = get_entri_for_user(request, entri_pk, change=True)
    now = _now()
    pengaturan = PengaturanPenilaian.current()
    keputusan = batas = None
    try:
        keputusan = services.check_objectable(
            entri, by=request.user, now=now, pengaturan=pengaturan
        )
        batas = services.batas_keberatan(keputusan, pengaturan)
        alasan_tolak = ""
    except PenilaianError as exc:
        alasan_tolak = str(exc)
    form = KeberatanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            keberatan = services.submit_keberatan(
                entri, alasan=form.cleaned_data["alasan"], by=request.user, now=now
            )
        except PenilaianError as exc:
            messages.error(request, str(exc))
        else:
            if keberatan.pemutus is not None:
                text = _("Keberatan diajukan kepada %(nama)s.") % {
                    "nama": keberatan.pemutus.nama_lengkap
                }
            else:
                text = _("Keberatan diajukan kepada tim penilai.")
            messages.success(request, text)
            return redirect("penilaian:keberatan_detail", pk=keberatan.pk)
    return render(
        request,
        "penilaian/keberatan_form.html",
        {
            "entri": entri,
            "keputusan": keputusan,
            "batas": batas,
            "alasan_tolak": alasan_tolak,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_safe
def keberatan_list(request):
    """Objections to decide (oldest first), those decided lately, and one's own."""
    user = request.user
    today = timezone.localdate(_now())
    qs = Keberatan.objects.with_related()
    untuk_diputuskan = list(qs.open().to_decide_by(user, today=today).order_by("diajukan_pada"))
    sudah_diputuskan = list(
        qs.filter(diputuskan_oleh=user).order_by("-diputuskan_pada")[:DAFTAR_TERAKHIR]
    )
    pegawai = getattr(user, "pegawai", None)
    milik_saya = []
    if pegawai is not None:
        milik_saya = list(qs.filter(pegawai=pegawai)[:DAFTAR_TERAKHIR])
    return render(
        request,
        "penilaian/keberatan_list.html",
        {
            "untuk_diputuskan": untuk_diputuskan,
            "sudah_diputuskan": sudah_diputuskan,
            "milik_saya": milik_saya,
        },
    )


@require_safe
def keberatan_detail(request, pk: int):
    keberatan = get_keberatan_for_user(request, pk)
    today = timezone.localdate(_now())
    return render(
        request,
        "penilaian/keberatan_detail.html",
        {
            "keberatan": keberatan,
            "entri": keberatan.entri,
            "boleh_memutuskan": keberatan.is_terbuka
            and services.may_decide(keberatan, request.user, today=today),
        },
    )


@require_http_methods(["GET", "POST"])
def keberatan_putuskan(request, pk: int):
    """The decision, after a confirmation page that shows the entry and both sides."""
    keberatan = get_keberatan_for_user(request, pk, decide=True)
    if not keberatan.is_terbuka:
        messages.info(
            request,
            _("Keberatan ini sudah diputuskan (%(status)s).")
            % {"status": keberatan.get_status_display().lower()},
        )
        return redirect("penilaian:keberatan_detail", pk=keberatan.pk)
    form = KeputusanKeberatanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            keberatan = services.decide_keberatan(
                keberatan,
                dikabulkan=form.dikabulkan,
                alasan=form.cleaned_data["alasan"],
                by=request.user,
                now=_now(),
            )
        except PenilaianError as exc:
            messages.error(request, str(exc))
        else:
            values = {
                "nama": keberatan.pegawai.nama_lengkap,
                "menit": keberatan.menit_sesudah,
            }
            if form.dikabulkan:
                text = _("Keberatan %(nama)s dikabulkan; entrinya kini dihitung %(menit)d menit.")
            else:
                text = _("Keberatan %(nama)s ditolak; entrinya tetap dihitung %(menit)d menit.")
            messages.success(request, text % values)
            return redirect("penilaian:keberatan_list")
    return render(
        request,
        "penilaian/keberatan_confirm.html",
        {"keberatan": keberatan, "entri": keberatan.entri, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# The compliance report -------------------------------------------------------------------------


def _bulan_lalu(today: date) -> str:
    first = today.replace(day=1)
    prev = date.fromordinal(first.toordinal() - 1)
    return f"{prev.year:04d}-{prev.month:02d}"


@require_safe
def kepatuhan(request):
    """Supervisor compliance for a month (by default the last one), worst first, with a bar
    chart of each person's share decided by the deadline."""
    require_admin_kepegawaian(request)
    today = timezone.localdate(_now())
    form = KepatuhanFilterForm(request.GET or None)
    bulan, unit = _bulan_lalu(today), None
    status = 200
    if form.is_bound:
        if form.is_valid():
            bulan = form.cleaned_data["bulan"] or bulan
            unit = form.cleaned_data["unit"]
        else:
            status = 400
    tahun, bulan_ = (int(part) for part in bulan.split("-"))
    report = kepatuhan_.kepatuhan_bulan(tahun, bulan_, unit=unit, today=today)
    page = Paginator(report.baris, KEPATUHAN_PER_HALAMAN).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    prev = date.fromordinal(report.mulai.toordinal() - 1)
    nxt = date.fromordinal(report.mulai.toordinal() + 31)
    return render(
        request,
        "penilaian/kepatuhan_bulan.html",
        {
            "form": form,
            "report": report,
            "page": page,
            "grafik": kepatuhan_.grafik(page.object_list),
            "query": query.urlencode(),
            "unit": unit,
            "sebelumnya": f"{prev.year:04d}-{prev.month:02d}",
            "berikutnya": f"{nxt.year:04d}-{nxt.month:02d}",
        },
        status=status,
    )
