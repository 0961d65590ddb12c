"""Screens of the monthly close and its results.

Who sees what:
- every staff member: their own TPK slip for each closed month (latest revision);
- a supervisor: the slips and the list of everyone below them in the hierarchy;
- finance (Keuangan) and admin kepegawaian: every list (per OPD), every slip, the periods with
  their runs and revisions, and the difference between revisions;
- only admin kepegawaian closes and reopens (finance gets 403 there, anyone else 404).

Each view: authorise, validate, call a service, say what happened, redirect. A close started on
the screen runs as a Celery task; the progress page polls a small fragment (htmx) that reads
the run's counters, which the close writes through its own connection while it runs.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Max, OuterRef, Q, Subquery, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from pegawai.forms_kalender import parse_bulan
from pegawai.hierarki import Hierarki
from pegawai.jadwal import rentang_bulan
from pegawai.models import Periode

from . import penutupan
from .exceptions import TPKError
from .forms import PembukaanForm, SelisihForm
from .models import AturanTPK, HasilTPK, PembukaanPeriode, PengaturanTPK, PenutupanPeriode
from .tasks import close_periode_task
from .trace import format_trace

BULAN_DI_DAFTAR = 13  # the period list: this month and the twelve before it


def _now():
    """The clock of every screen; tests set it to a fixed moment."""
    return timezone.now()


# Who may do what ------------------------------------------------------------------------------


def _sees_all(user) -> bool:
    return user.is_admin_kepegawaian or user.is_keuangan


def _require_periode_screens(request, *, change: bool = False) -> None:
    """The period screens: admin kepegawaian and finance see them (anyone else 404); only the
    admin changes anything (finance 403)."""
    user = request.user
    if not _sees_all(user):
        raise Http404(_("Halaman tidak ditemukan."))
    if change and not user.is_admin_kepegawaian:
        raise PermissionDenied(
            _("Hanya admin kepegawaian yang dapat menutup atau membuka periode.")
        )


def _bawahan(user, today: date) -> set[int]:
    """Everyone below the user in today's hierarchy (one query)."""
    pegawai = getattr(user, "pegawai", None)
    if pegawai is None:
        return set()
    return Hierarki.around(pegawai.pk, today).bawahan_semua(pegawai.pk)


def get_hasil_for_user(request, nip: str, tahun: int, bulan: int) -> HasilTPK:
    """A person's result of a closed month at its latest revision, if the user may see it:
    their own, a subordinate's, or anyone's for finance and admin; 404 otherwise."""
    user = request.user
    own = getattr(user, "pegawai", None)
    hasil = (
        HasilTPK.objects.filter(
            nip=nip,
            periode__tahun=tahun,
            periode__bulan=bulan,
            periode__status=Periode.Status.DITUTUP,
        )
        .select_related("periode", "aturan")
        .order_by("-revisi")
        .first()
    )
    if hasil is None:
        raise Http404(_("Slip TPK tidak ditemukan."))
    allowed = (
        _sees_all(user)
        or (own is not None and own.pk == hasil.pegawai_id)
        or hasil.pegawai_id in _bawahan(user, timezone.localdate(_now()))
    )
    if not allowed:
        raise Http404(_("Slip TPK tidak ditemukan."))
    return hasil


def _periode_or_404(tahun: int, bulan: int) -> Periode:
    if not (2000 <= tahun <= 2100 and 1 <= bulan <= 12):
        raise Http404(_("Bulan tidak dikenal."))
    return Periode.objects.filter(tahun=tahun, bulan=bulan).first() or Periode(
        tahun=tahun, bulan=bulan
    )


def _bulan_param(tahun: int, bulan: int) -> str:
    return f"{tahun:04d}-{bulan:02d}"


# Staff: the slip ----------------------------------------------------------------------------


def latest_revisi():
    """The latest finished revision of a result's month, as a subquery."""
    return Subquery(
        PenutupanPeriode.objects.selesai()
        .filter(periode=OuterRef("periode"))
        .order_by("-revisi")
        .values("revisi")[:1]
    )


@require_safe
def slip_saya(request):
    """The user's slips: one per closed month, the latest revision of each."""
    pegawai = getattr(request.user, "pegawai", None)
    if pegawai is None:
        raise Http404(_("Akun ini tidak terhubung dengan data pegawai."))
    slips = (
        HasilTPK.objects.filter(pegawai=pegawai, periode__status=Periode.Status.DITUTUP)
        .filter(revisi=latest_revisi())
        .select_related("periode")
        .order_by("-periode__tahun", "-periode__bulan")
    )
    rows = [(date(s.periode.tahun, s.periode.bulan, 1), s) for s in slips]
    return render(request, "tpk/slip_list.html", {"pegawai": pegawai, "rows": rows})


@require_safe
def slip(request, nip: str, tahun: int, bulan: int):
    """One month's slip with every figure of the computation and its trace."""
    hasil = get_hasil_for_user(request, nip, tahun, bulan)
    own = getattr(request.user, "pegawai", None)
    return render(
        request,
        "tpk/slip_detail.html",
        {
            "hasil": hasil,
            "bulan": date(tahun, bulan, 1),
            "own": own is not None and own.pk == hasil.pegawai_id,
            "flags": hasil.flag_labels,
            "trace": format_trace(hasil.trace),
            "potongan": [
                (date.fromisoformat(p["tanggal"]), p["kode"], Decimal(p["persen"]))
                for p in hasil.potongan_harian
            ],
        },
    )


# Lists ---------------------------------------------------------------------------------------


def _last_closed() -> tuple[int, int] | None:
    row = Periode.objects.closed().order_by("-tahun", "-bulan").values_list("tahun", "bulan")
    return row.first()


@require_safe
def daftar(request):
    """A month's results: per OPD for finance and admin, the user's subordinates for a
    supervisor. A fixed number of queries, whatever the size of the list."""
    user = request.user
    sees_all = _sees_all(user)
    bawahan = set() if sees_all else _bawahan(user, timezone.localdate(_now()))
    if not sees_all and not bawahan:
        raise Http404(_("Halaman tidak ditemukan."))
    if request.GET.get("bulan"):
        parsed = parse_bulan(request.GET["bulan"], default=None)
    else:
        today = timezone.localdate(_now())
        parsed = _last_closed() or (today.year, today.month)
    if parsed is None:
        raise Http404(_("Bulan tidak dikenal."))
    tahun, bulan = parsed
    periode = (
        Periode.objects.filter(tahun=tahun, bulan=bulan)
        .annotate(
            revisi=Max(
                "penutupan__revisi", filter=Q(penutupan__status=PenutupanPeriode.Status.SELESAI)
            )
        )
        .first()
    )
    context = {
        "bulan": date(tahun, bulan, 1),
        "bulan_param": _bulan_param(tahun, bulan),
        "periode": periode,
        "sees_all": sees_all,
        "rows": [],
        "opd_list": [],
        "opd": None,
    }
    if periode is not None and periode.is_ditutup and periode.revisi:
        rows = HasilTPK.objects.of_revisi(periode, periode.revisi)
        if sees_all:
            opd_list = list(
                rows.order_by("opd_nama")
                .values("opd_id", "opd_nama")
                .annotate(n=Count("id"), netto=Sum("netto"))
            )
            try:
                opd_id = int(request.GET.get("opd") or 0)
            except ValueError:
                opd_id = 0
            chosen = next((o for o in opd_list if o["opd_id"] == opd_id), None) or (
                opd_list[0] if opd_list else None
            )
            context |= {"opd_list": opd_list, "opd": chosen}
            rows = rows.filter(opd_id=chosen["opd_id"]) if chosen else rows.none()
            rows = rows.order_by("nama", "nip")
        else:
            rows = rows.filter(pegawai_id__in=bawahan).order_by("opd_nama", "unit_nama", "nama")
        rows = list(rows.defer("trace", "potongan_harian"))
        context |= {
            "rows": rows,
            "jumlah": {
                "bruto": sum(r.bruto for r in rows),
                "pph21": sum(r.pph21 for r in rows),
                "bpjs": sum(r.bpjs for r in rows),
                "netto": sum(r.netto for r in rows),
            },
        }
    return render(request, "tpk/hasil_list.html", context)


# Admin: periods, close, progress, reopen, difference ------------------------------------------


@require_safe
def periode_list(request):
    """This month and the twelve before it, plus any older month with a row: status, runs,
    revisions and reopens (four queries)."""
    _require_periode_screens(request)
    today = timezone.localdate(_now())
    months = []
    first = today.replace(day=1)
    for _i in range(BULAN_DI_DAFTAR):
        months.append((first.year, first.month))
        first = (first - timedelta(days=1)).replace(day=1)
    periode = {
        (p.tahun, p.bulan): p for p in Periode.objects.select_related("ditutup_oleh__pegawai")
    }
    months = sorted(set(months) | set(periode), reverse=True)
    runs: dict[int, list[PenutupanPeriode]] = {}
    for run in PenutupanPeriode.objects.select_related("oleh__pegawai").order_by(
        "-mulai_pada", "-id"
    ):
        runs.setdefault(run.periode_id, []).append(run)
    pembukaan: dict[int, list[PembukaanPeriode]] = {}
    for row in PembukaanPeriode.objects.select_related("oleh__pegawai").order_by("-pada"):
        pembukaan.setdefault(row.periode_id, []).append(row)
    totals = {
        (r["periode_id"], r["revisi"]): r
        for r in HasilTPK.objects.order_by()
        .values("periode_id", "revisi")
        .annotate(n=Count("id"), netto=Sum("netto"))
    }
    rows = []
    for tahun, bulan in months:
        p = periode.get((tahun, bulan))
        p_runs = runs.get(p.pk, []) if p else []
        selesai = [r for r in p_runs if r.status == PenutupanPeriode.Status.SELESAI]
        latest = max(selesai, key=lambda r: r.revisi) if selesai else None
        rows.append(
            {
                "tahun": tahun,
                "bulan": date(tahun, bulan, 1),
                "param": _bulan_param(tahun, bulan),
                "periode": p,
                "ditutup": bool(p and p.is_ditutup),
                "berakhir": rentang_bulan(tahun, bulan)[1] < today,
                "run": p_runs[0] if p_runs else None,
                "runs": p_runs,
                "revisi": [r.revisi for r in sorted(selesai, key=lambda r: r.revisi)],
                "total": totals.get((p.pk, latest.revisi)) if latest else None,
                "pembukaan": pembukaan.get(p.pk, []) if p else [],
            }
        )
    return render(
        request,
        "tpk/periode_list.html",
        {
            "rows": rows,
            "pengaturan": PengaturanTPK.current(),
            "can_change": request.user.is_admin_kepegawaian,
        },
    )


@require_http_methods(["GET", "POST"])
def tutup(request, tahun: int, bulan: int):
    """The confirmation page of a close, and its start (a Celery task; then the progress page)."""
    _require_periode_screens(request, change=True)
    _periode_or_404(tahun, bulan)
    now = _now()
    try:
        penutupan.check_can_close(tahun, bulan, by=request.user, now=now)
    except TPKError as exc:
        messages.error(request, str(exc))
        return redirect("tpk:periode_list")
    if request.method == "POST":
        last = PenutupanPeriode.objects.filter(periode__tahun=tahun, periode__bulan=bulan)
        setelah = last.aggregate(n=Max("id"))["n"] or 0
        by_id = request.user.pk
        transaction.on_commit(lambda: close_periode_task.delay(tahun, bulan, by_id))
        url = reverse("tpk:progres", args=[tahun, bulan])
        return redirect(f"{url}?setelah={setelah}")
    mulai, selesai = rentang_bulan(tahun, bulan)
    aturan = AturanTPK.objects.filter(berlaku_mulai__lte=mulai).order_by("-berlaku_mulai").first()
    return render(
        request,
        "tpk/periode_tutup.html",
        {
            "bulan": mulai,
            "tahun_": tahun,
            "bulan_": bulan,
            "jumlah_pegawai": penutupan.active_in(mulai, selesai).count(),
            "aturan": aturan,
            "pengaturan": PengaturanTPK.current(),
            "revisi": (
                PenutupanPeriode.objects.selesai()
                .filter(periode__tahun=tahun, periode__bulan=bulan)
                .aggregate(n=Max("revisi"))["n"]
                or 0
            )
            + 1,
        },
    )


def _run_after(tahun: int, bulan: int, request) -> PenutupanPeriode | None:
    try:
        setelah = int(request.GET.get("setelah") or 0)
    except ValueError:
        setelah = 0
    return (
        PenutupanPeriode.objects.filter(periode__tahun=tahun, periode__bulan=bulan, pk__gt=setelah)
        .select_related("oleh__pegawai", "aturan")
        .order_by("-id")
        .first()
    )


def _progres_context(request, tahun: int, bulan: int) -> dict:
    run = _run_after(tahun, bulan, request)
    return {
        "run": run,
        "bulan": date(tahun, bulan, 1),
        "tahun_": tahun,
        "bulan_": bulan,
        "bulan_param": _bulan_param(tahun, bulan),
        "setelah": request.GET.get("setelah", ""),
        "peringatan": penutupan.peringatan_text(run.peringatan) if run else [],
        "selesai": run is not None and run.status != PenutupanPeriode.Status.BERJALAN,
    }


@require_safe
def progres(request, tahun: int, bulan: int):
    """The page that follows a close while it runs."""
    _require_periode_screens(request)
    _periode_or_404(tahun, bulan)
    return render(request, "tpk/periode_progres.html", _progres_context(request, tahun, bulan))


@require_safe
def progres_status(request, tahun: int, bulan: int):
    """The fragment the progress page polls: it stops polling once the run has ended."""
    _require_periode_screens(request)
    _periode_or_404(tahun, bulan)
    return render(request, "tpk/_progres.html", _progres_context(request, tahun, bulan))


@require_http_methods(["GET", "POST"])
def buka(request, tahun: int, bulan: int):
    """Reopen a closed month, with the reason."""
    _require_periode_screens(request, change=True)
    periode = _periode_or_404(tahun, bulan)
    if not periode.is_ditutup:
        messages.error(
            request,
            _("Periode %(bulan)s tidak sedang ditutup.")
            % {"bulan": penutupan.nama_bulan(tahun, bulan)},
        )
        return redirect("tpk:periode_list")
    form = PembukaanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pembukaan = penutupan.reopen_periode(
                tahun, bulan, alasan=form.cleaned_data["alasan"], by=request.user, now=_now()
            )
        except TPKError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _(
                    "Periode %(bulan)s dibuka kembali. Revisi %(revisi)d tetap tersimpan; "
                    "penutupan berikutnya menjadi revisi %(baru)d."
                )
                % {
                    "bulan": penutupan.nama_bulan(tahun, bulan),
                    "revisi": pembukaan.revisi,
                    "baru": pembukaan.revisi + 1,
                },
            )
            return redirect("tpk:periode_list")
    return render(
        request,
        "tpk/periode_buka.html",
        {"form": form, "bulan": date(tahun, bulan, 1), "periode": periode},
    )


@require_safe
def selisih(request, tahun: int, bulan: int):
    """The difference in amounts per person between two revisions of a month."""
    _require_periode_screens(request)
    periode = _periode_or_404(tahun, bulan)
    revisi = penutupan.revisi_selesai(periode) if periode.pk else []
    if len(revisi) < 2:
        messages.info(
            request,
            _("Periode %(bulan)s belum memiliki dua revisi untuk dibandingkan.")
            % {"bulan": penutupan.nama_bulan(tahun, bulan)},
        )
        return redirect("tpk:periode_list")
    data = request.GET if "dari" in request.GET else {"dari": revisi[-2], "ke": revisi[-1]}
    form = SelisihForm(data, revisi=revisi)
    rows, jumlah = [], None
    if form.is_valid():
        dari, ke = form.cleaned_data["dari"], form.cleaned_data["ke"]
        rows = list(penutupan.selisih(periode, dari, ke))
        for r in rows:
            r["selisih"] = r["netto_ke"] - r["netto_dari"]
        jumlah = {
            r["revisi"]: r
            for r in HasilTPK.objects.filter(periode=periode, revisi__in=[dari, ke])
            .order_by()
            .values("revisi")
            .annotate(n=Count("id"), netto=Sum("netto"))
        }
    return render(
        request,
        "tpk/periode_selisih.html",
        {
            "form": form,
            "bulan": date(tahun, bulan, 1),
            "periode": periode,
            "rows": rows,
            "jumlah": jumlah,
            "dari": form.cleaned_data.get("dari") if form.is_valid() else None,
            "ke": form.cleaned_data.get("ke") if form.is_valid() else None,
        },
    )
