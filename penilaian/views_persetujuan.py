"""Screens of the supervisor: the queue of subordinates' submitted entries (and the review
team's queue of staff with no supervisor), decided in place with htmx; an admin's reassignment;
the monthly behaviour assessment; the supervisor's dashboard. Each view: authorise, validate the
form, call a service, say what happened, then redirect (or, for htmx, send the queue back)."""

from collections import OrderedDict
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from aktivitas.models import Entri
from pegawai.forms_kalender import parse_bulan
from pegawai.jadwal import rentang_bulan
from pegawai.models import Pegawai
from pegawai.templatetags.ekinerja import tanggal as format_tanggal

from . import queries
from .exceptions import PenilaianError
from .forms_persetujuan import (
    AntrianFilterForm,
    PengalihanForm,
    PerilakuForm,
    SetujuiBanyakForm,
    SetujuiForm,
    TolakForm,
)
from .models import Notifikasi, PengalihanEntri, PengaturanPenilaian, PenilaianPerilaku
from .services import perilaku as perilaku_services
from .services import persetujuan as services
from .svg import Batang, bar_chart

# Entries per page of the queue, in whole days: enough for a morning's work, light enough for a
# phone (a supervisor with 500 waiting pages through them, or filters one person).
PER_HALAMAN = 30
ATASAN, TIM = "atasan", "tim"
ANTRIAN_URL = {ATASAN: "penilaian:antrian", TIM: "penilaian:antrian_tim"}


def _now() -> datetime:
    """The clock of every screen; tests set it to a fixed moment."""
    return timezone.now()


def _pegawai(request) -> Pegawai:
    pegawai = getattr(request.user, "pegawai", None)
    if pegawai is None:
        raise PermissionDenied(
            _("Halaman ini untuk pegawai; akun Anda tidak terhubung ke data pegawai.")
        )
    return pegawai


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _safe_next(request, url: str | None) -> str | None:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def _bulan(request, hari_ini: date) -> tuple[int, int]:
    parsed = parse_bulan(request.GET.get("bulan"), default=hari_ini)
    if parsed is None:
        messages.error(request, _("Bulan tidak dikenali (tulis YYYY-MM); ditampilkan bulan ini."))
        parsed = hari_ini.year, hari_ini.month
    return parsed


# Fetch and authorise ------------------------------------------------------------------------


def _visible_ids(request, ids) -> set[int]:
    """Of these entries, those the user may look at: what aktivitas lets them see (their own,
    everyone below them, all for the admin and review team) and what was reassigned to them."""
    ids = list(ids)
    seen = set(
        Entri.objects.visible_to(request.user).filter(pk__in=ids).values_list("pk", flat=True)
    )
    pegawai = getattr(request.user, "pegawai", None)
    if pegawai is not None and len(seen) < len(ids):
        seen |= set(
            PengalihanEntri.objects.filter(entri_id__in=ids, ke=pegawai).values_list(
                "entri_id", flat=True
            )
        )
    return seen


def check_entries_for_decision(request, ids: list[int]) -> None:
    """404 unless the user may see every one of these entries; 403 if one of them waits for
    someone else's decision. Decided ones pass, for the service to say who decided them."""
    if len(_visible_ids(request, ids)) != len(ids):
        raise Http404(_("Entri tidak ditemukan."))
    waiting = list(
        Entri.objects.filter(pk__in=ids, status=Entri.Status.DIAJUKAN).values_list(
            "pk", "pegawai_id", "pengalihan__ke_id"
        )
    )
    wewenang = queries.Wewenang.of(request.user, timezone.localdate(_now()))
    if any(dasar is None for dasar in wewenang.dasar(waiting).values()):
        raise PermissionDenied(_("Sebagian entri menunggu keputusan orang lain."))


def get_entri_for_decision(request, pk: int) -> Entri:
    """The entry if the user may see it (404 otherwise); 403 while it waits for someone else's
    decision. A decided entry comes back, for the service to say who decided it and when."""
    entri = Entri.objects.filter(pk=pk).first()
    if entri is None:
        raise Http404(_("Entri tidak ditemukan."))
    check_entries_for_decision(request, [pk])
    return entri


def get_bawahan_for_user(request, nip: str) -> Pegawai:
    """A staff member the user may see (404 otherwise) and supervises directly today (403)."""
    pegawai = Pegawai.objects.visible_to(request.user).with_related().filter(nip=nip).first()
    if pegawai is None:
        raise Http404(_("Pegawai tidak ditemukan."))
    wewenang = queries.Wewenang.of(request.user, timezone.localdate(_now()))
    if pegawai.pk not in wewenang.bawahan:
        raise PermissionDenied(_("Hanya atasan langsung pegawai ini yang dapat menilainya."))
    return pegawai


# The queue ----------------------------------------------------------------------------------


def _pages(groups: list[dict]) -> list[list[dict]]:
    """Whole days of people, about PER_HALAMAN entries a page."""
    pages, current, n = [], [], 0
    for group in groups:
        current.append(group)
        n += group["jumlah"]
        if n >= PER_HALAMAN:
            pages.append(current)
            current, n = [], 0
    if current:
        pages.append(current)
    return pages


def _tree(entries) -> list[dict]:
    """Entries (ordered by person, date, time) as people → weeks → days."""
    people: OrderedDict[int, dict] = OrderedDict()
    for e in entries:
        person = people.setdefault(
            e.pegawai_id, {"pegawai": e.pegawai, "ids": [], "menit": 0, "minggu": OrderedDict()}
        )
        senin = e.tanggal - timedelta(days=e.tanggal.weekday())
        week = person["minggu"].setdefault(
            senin, {"senin": senin, "minggu": senin + timedelta(days=6), "ids": [], "hari": {}}
        )
        day = week["hari"].setdefault(
            e.tanggal, {"tanggal": e.tanggal, "ids": [], "menit": 0, "entries": []}
        )
        for node in (person, week, day):
            node["ids"].append(e.pk)
        person["menit"] += e.menit
        day["menit"] += e.menit
        day["entries"].append(e)
    return [
        {
            **person,
            "minggu": [{**w, "hari": list(w["hari"].values())} for w in person["minggu"].values()],
        }
        for person in people.values()
    ]


def _antrian_context(request, lingkup: str, params: QueryDict, *, guard: bool) -> dict:
    """The queue for one screen, filtered and paged: four queries whatever its length (the
    settings, the tree around the user, the days waiting, the page's entries); three more for
    the review team's (who waits, and the whole tree to find who has no supervisor)."""
    now = _now()
    hari_ini = timezone.localdate(now)
    pengaturan = PengaturanPenilaian.current()
    sejak = queries.awal_jendela(hari_ini, hari=pengaturan.batas_validasi_hari)
    wewenang = queries.Wewenang.of(request.user, hari_ini)
    if lingkup == TIM:
        qs = queries.antrian_tim(wewenang, sejak=sejak)
    else:
        qs = queries.antrian_atasan(wewenang, sejak=sejak)
    groups = queries.kelompok_hari(qs)
    if guard and lingkup == ATASAN and not wewenang.bawahan and not groups:
        raise PermissionDenied(_("Halaman ini untuk atasan: tidak ada bawahan di bawah Anda."))
    orang = list(
        OrderedDict((g["pegawai_id"], f"{g['nama']} ({g['nip']})") for g in groups).items()
    )
    form = AntrianFilterForm(params or None, orang=orang)
    shown = groups
    if form.is_bound and form.is_valid():
        f = form.cleaned_data
        shown = [
            g
            for g in groups
            if (f["pegawai"] is None or g["pegawai_id"] == f["pegawai"])
            and (f["dari"] is None or g["tanggal"] >= f["dari"])
            and (f["sampai"] is None or g["tanggal"] <= f["sampai"])
        ]
    pages = _pages(shown)
    try:
        nomor = min(max(int(params.get("hal", 1)), 1), max(len(pages), 1))
    except ValueError:
        nomor = 1
    page = pages[nomor - 1] if pages else []
    entries = []
    if page:
        # The page's people over the page's dates, trimmed to its days here: a short query
        # to plan, where thirty (person, day) pairs OR'ed together are not.
        days = {(g["pegawai_id"], g["tanggal"]) for g in page}
        entries = [
            e
            for e in qs.filter(
                pegawai_id__in={p for p, _d in days},
                tanggal__range=(min(d for _p, d in days), max(d for _p, d in days)),
            )
            .select_related("aktivitas", "pegawai", "pengalihan")
            .order_by("pegawai__nama", "pegawai_id", "tanggal", "mulai")
            if (e.pegawai_id, e.tanggal) in days
        ]
    query = params.copy()
    query.pop("hal", None)
    batas = None
    if sejak.month != hari_ini.month:
        batas = queries.batas_validasi(sejak.year, sejak.month, hari=pengaturan.batas_validasi_hari)
    return {
        "lingkup": lingkup,
        "antrian_url": reverse(ANTRIAN_URL[lingkup]),
        "url_setujui_banyak": reverse("penilaian:antrian_setujui"),
        "form": form,
        "orang": _tree(entries),
        "jumlah": sum(g["jumlah"] for g in groups),
        # The navigation's queue count is this very figure on the supervisor's queue: the bell
        # then needs only its plain count, not the supervisor's statement again.
        **(
            {
                "jumlah_antrian": sum(g["jumlah"] for g in groups),
                "notifikasi_belum_dibaca": SimpleLazyObject(
                    lambda: Notifikasi.objects.unread_count(request.user)
                ),
            }
            if lingkup == ATASAN
            else {}
        ),
        "jumlah_tampil": sum(g["jumlah"] for g in shown),
        "jumlah_halaman": len(entries),
        "halaman": nomor,
        "halaman_total": len(pages),
        "query": query.urlencode(),
        "sejak": sejak,
        "batas_bulan_lalu": batas,
        "hari_ini": hari_ini,
    }


def _render_antrian(request, lingkup: str, *, partial: bool, params=None, guard=True):
    params = request.GET if params is None else params
    context = _antrian_context(request, lingkup, params, guard=guard)
    context["next"] = f"{context['antrian_url']}?{params.urlencode()}".rstrip("?")
    # Where each decision form comes back to: this queue, same filters and page.
    context["konteks"] = format_html(
        '<input type="hidden" name="next" value="{}"><input type="hidden" name="lingkup" '
        'value="{}">',
        context["next"],
        lingkup,
    )
    template = "penilaian/_antrian_list.html" if partial else "penilaian/antrian_list.html"
    return render(request, template, {**context, "htmx": partial})


@require_safe
def antrian(request):
    """The supervisor's queue: subordinates' submitted entries, by person, week and day."""
    _pegawai(request)
    return _render_antrian(request, ATASAN, partial=_is_htmx(request))


@require_safe
def antrian_tim(request):
    """The review team's queue: entries of staff with no supervisor up the chain."""
    if not request.user.is_tim_penilai:
        raise PermissionDenied(_("Halaman ini untuk tim penilai."))
    return _render_antrian(request, TIM, partial=_is_htmx(request))


def _after_decision(request):
    """htmx gets the queue back in place (same filters and page); a form goes back."""
    lingkup = TIM if request.POST.get("lingkup") == TIM else ATASAN
    default = reverse(ANTRIAN_URL[lingkup])
    next_url = _safe_next(request, request.POST.get("next")) or default
    if _is_htmx(request):
        params = QueryDict(urlsplit(next_url).query)
        return _render_antrian(request, lingkup, partial=True, params=params, guard=False)
    return redirect(next_url)


@require_POST
def antrian_setujui(request):
    """Approve the entries ticked, or a day's or a week's shown: all or none."""
    _pegawai(request)
    form = SetujuiBanyakForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["entri"]))
        return _after_decision(request)
    ids = form.cleaned_data["entri"]
    check_entries_for_decision(request, ids)
    try:
        approved = services.approve_entries(ids, by=request.user, now=_now())
    except PenilaianError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(n)d entri disetujui.") % {"n": len(approved)})
    return _after_decision(request)


@require_POST
def entri_setujui(request, pk: int):
    """Approve one entry, as claimed or with fewer minutes and a reason."""
    entri = get_entri_for_decision(request, pk)
    form = SetujuiForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _after_decision(request)
    menit = form.cleaned_data["menit"]
    try:
        entri = services.approve_entry(
            entri, menit=menit, alasan=form.cleaned_data["alasan"], by=request.user, now=_now()
        )
    except PenilaianError as exc:
        messages.error(request, str(exc))
    else:
        label = services.label_entri(entri)
        if menit is None:
            messages.success(request, _("Entri %(entri)s disetujui.") % {"entri": label})
        else:
            messages.success(
                request,
                _("Entri %(entri)s disetujui dengan %(n)d dari %(m)d menit.")
                % {"entri": label, "n": menit, "m": entri.menit},
            )
    return _after_decision(request)


@require_POST
def entri_tolak(request, pk: int):
    """Reject one entry with a reason."""
    entri = get_entri_for_decision(request, pk)
    form = TolakForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["alasan"]))
        return _after_decision(request)
    try:
        entri = services.reject_entry(
            entri, alasan=form.cleaned_data["alasan"], by=request.user, now=_now()
        )
    except PenilaianError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Entri %(entri)s ditolak.") % {"entri": services.label_entri(entri)}
        )
    return _after_decision(request)


# Reassignment (admin kepegawaian) -----------------------------------------------------------


@require_http_methods(["GET", "POST"])
def pengalihan(request):
    """Send a person's undecided entries to someone else to decide, or back."""
    if not request.user.is_admin_kepegawaian:
        raise PermissionDenied(_("Hanya admin kepegawaian yang dapat mengalihkan entri."))
    now = _now()
    hari_ini = timezone.localdate(now)
    if request.method == "POST":
        form = PengalihanForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                n = services.reassign_entries(
                    data["pegawai"], ke=data["ke"], alasan=data["alasan"], by=request.user, now=now
                )
            except PenilaianError as exc:
                messages.error(request, str(exc))
            else:
                values = {"n": n, "nama": data["pegawai"].nama}
                if data["ke"] is None:
                    text = (
                        _("%(n)d entri %(nama)s dikembalikan ke atasan menurut jabatan.") % values
                    )
                else:
                    text = _("%(n)d entri %(nama)s dialihkan ke %(ke)s.") % {
                        **values,
                        "ke": data["ke"].nama,
                    }
                messages.success(request, text)
                return redirect(f"{reverse('penilaian:pengalihan')}?nip={data['pegawai'].nip}")
    else:
        form = PengalihanForm(initial={"pegawai": request.GET.get("nip", "")})
    ringkasan = None
    nip = request.POST.get("pegawai") or request.GET.get("nip")
    pegawai = Pegawai.objects.with_related().filter(nip=nip).first() if nip else None
    if pegawai is not None:
        sejak = queries.awal_jendela(
            hari_ini, hari=PengaturanPenilaian.current().batas_validasi_hari
        )
        waiting = queries.terbuka(Entri.objects.filter(pegawai=pegawai), sejak=sejak)
        ringkasan = {
            "pegawai": pegawai,
            "menunggu": waiting.count(),
            "dialihkan": list(
                PengalihanEntri.objects.filter(entri__in=waiting)
                .values("ke__nama", "ke__nip")
                .distinct()
                .order_by("ke__nama")
            ),
            "atasan": queries.pemutus_of(pegawai.pk, hari_ini),
        }
    return render(
        request,
        "penilaian/antrian_pengalihan.html",
        {"form": form, "ringkasan": ringkasan},
        status=400 if form.is_bound and form.errors else 200,
    )


# Behaviour assessment -----------------------------------------------------------------------


@require_safe
def perilaku_list(request):
    """This month's (or ?bulan=) behaviour assessment of each direct subordinate."""
    _pegawai(request)
    hari_ini = timezone.localdate(_now())
    tahun, bulan = _bulan(request, hari_ini)
    wewenang = queries.Wewenang.of(request.user, hari_ini)
    if not wewenang.bawahan:
        raise PermissionDenied(_("Halaman ini untuk atasan: tidak ada bawahan di bawah Anda."))
    people = list(Pegawai.objects.with_related().filter(pk__in=wewenang.bawahan).order_by("nama"))
    done = {
        p.pegawai_id: p
        for p in PenilaianPerilaku.objects.filter(
            pegawai_id__in=wewenang.bawahan, tahun=tahun, bulan=bulan
        ).select_related("set_aspek")
    }
    first = date(tahun, bulan, 1)
    prev = first - timedelta(days=1)
    nxt = rentang_bulan(tahun, bulan)[1] + timedelta(days=1)
    return render(
        request,
        "penilaian/perilaku_list.html",
        {
            "bulan": first,
            "param_bulan": f"{tahun:04d}-{bulan:02d}",
            "rows": [{"pegawai": p, "penilaian": done.get(p.pk)} for p in people],
            "sebelumnya": f"{prev.year:04d}-{prev.month:02d}",
            "berikutnya": f"{nxt.year:04d}-{nxt.month:02d}" if nxt <= hari_ini else None,
        },
    )


@require_http_methods(["GET", "POST"])
def perilaku_form(request, nip: str):
    """Score one subordinate's behaviour in a month, aspect by aspect."""
    pegawai = get_bawahan_for_user(request, nip)
    now = _now()
    hari_ini = timezone.localdate(now)
    tahun, bulan = _bulan(request, hari_ini)
    first, last = rentang_bulan(tahun, bulan)
    refused = None
    try:
        set_aspek = perilaku_services.active_set()
    except PenilaianError as exc:
        messages.error(request, str(exc))
        return redirect(f"{reverse('penilaian:perilaku_list')}?bulan={tahun:04d}-{bulan:02d}")
    pemimpin = perilaku_services.is_pemimpin(pegawai, min(hari_ini, last))
    aspek = perilaku_services.aspects_for(set_aspek, pemimpin=pemimpin)
    existing = (
        PenilaianPerilaku.objects.filter(pegawai=pegawai, tahun=tahun, bulan=bulan)
        .prefetch_related("rincian")
        .first()
    )
    initial = {}
    if existing is not None:
        initial = {f"aspek_{r.aspek_id}": r.nilai for r in existing.rincian.all()}
        initial["catatan"] = existing.catatan
    form = PerilakuForm(request.POST or None, aspek=aspek, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            hasil = perilaku_services.assess_behaviour(
                pegawai,
                tahun=tahun,
                bulan=bulan,
                nilai=form.nilai(),
                catatan=form.cleaned_data["catatan"],
                by=request.user,
                now=now,
            )
        except PenilaianError as exc:
            messages.error(request, str(exc))
            refused = True
        else:
            messages.success(
                request,
                _("Perilaku %(nama)s pada %(bulan)s dinilai %(nilai)s.")
                % {
                    "nama": pegawai.nama,
                    "bulan": format_tanggal(first, "bulan"),
                    "nilai": localize(hasil.nilai),
                },
            )
            return redirect(f"{reverse('penilaian:perilaku_list')}?bulan={tahun:04d}-{bulan:02d}")
    return render(
        request,
        "penilaian/perilaku_form.html",
        {
            "pegawai": pegawai,
            "form": form,
            "bulan": first,
            "param_bulan": f"{tahun:04d}-{bulan:02d}",
            "set_aspek": set_aspek,
            "pemimpin": pemimpin,
            "penilaian": existing,
        },
        status=400 if form.errors or refused else 200,
    )


# The supervisor's dashboard -----------------------------------------------------------------


@require_safe
def dasbor_atasan(request):
    """Each subordinate's month against the target, and what still waits for a decision."""
    _pegawai(request)
    now = _now()
    hari_ini = timezone.localdate(now)
    tahun, bulan = _bulan(request, hari_ini)
    wewenang = queries.Wewenang.of(request.user, hari_ini)
    if not wewenang.bawahan:
        raise PermissionDenied(_("Halaman ini untuk atasan: tidak ada bawahan di bawah Anda."))
    pengaturan = PengaturanPenilaian.current()
    sejak = queries.awal_jendela(hari_ini, hari=pengaturan.batas_validasi_hari)
    rows = queries.dasbor_atasan(wewenang.bawahan, tahun=tahun, bulan=bulan, sejak=sejak)
    first = date(tahun, bulan, 1)
    chart = bar_chart(
        [Batang(r.pegawai.nama, (r.persen, r.persen_diajukan), f"{r.persen}%") for r in rows],
        judul=_("Capaian menit disetujui terhadap target, %(bulan)s")
        % {"bulan": format_tanggal(first, "bulan")},
        maks=100,
        garis=100,
    )
    prev = first - timedelta(days=1)
    nxt = rentang_bulan(tahun, bulan)[1] + timedelta(days=1)
    return render(
        request,
        "penilaian/dasbor_atasan.html",
        {
            "bulan": first,
            "rows": rows,
            "chart": chart,
            "menunggu": sum(r.menunggu for r in rows),
            "sebelumnya": f"{prev.year:04d}-{prev.month:02d}",
            "berikutnya": f"{nxt.year:04d}-{nxt.month:02d}" if nxt <= hari_ini else None,
        },
    )
