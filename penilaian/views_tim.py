"""Screens of the review team: flags per unit, a unit's month (staff, sample, sign-off), the
entries to review with the team's decisions, and the monthly score of a staff member.

Who sees what: a member of the Tim Penilai group sees the units of their teams' scope (each with
everything below it); the admin kepegawaian sees every unit but decides nothing unless they are
a member too. Each view: authorise, validate the form, call a service, say what happened,
redirect; htmx gets an entry's card back in place after a quick confirmation.
"""

import calendar
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from aktivitas.models import Entri
from pegawai.forms_kalender import parse_bulan
from pegawai.jadwal import ringkasan_bulan
from pegawai.models import Pegawai, Periode, UnitKerja
from pegawai.templatetags.ekinerja import tanggal as format_tanggal

from .exceptions import PenilaianError
from .forms_tim import (
    TAMPIL_BELUM,
    TAMPIL_SAMPEL,
    CariPegawaiForm,
    EntriTimFilterForm,
    KeputusanTimForm,
    NilaiTimForm,
    TandaTanganForm,
)
from .models import (
    FlagEntri,
    KeputusanTim,
    NilaiTim,
    PemindaianAnomali,
    PengambilanSampel,
    TandaTanganUnit,
)
from .models.tim import entries_for_review, undecided, units_in_scope_of
from .services import tim as services
from .svg import Batang, bar_chart
from .tasks import scan_anomalies_month

Status = Entri.Status
JENIS_FLAG = list(FlagEntri.Jenis)
# One colour per kind of flag, in FlagEntri.Jenis order; the legend uses the same.
WARNA_FLAG = ("#dc3545", "#fd7e14", "#ffc107", "#0dcaf0", "#6f42c1", "#6c757d")
PER_HALAMAN = 50


def _now() -> datetime:
    """The clock of every screen; tests set it to a fixed moment."""
    return timezone.now()


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _next_url(request, default: str) -> str:
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


# Who may see and decide ------------------------------------------------------------------------


def _require_role(request) -> None:
    user = request.user
    if not (user.is_tim_penilai or user.is_admin_kepegawaian):
        raise PermissionDenied(_("Halaman ini untuk tim penilai dan admin kepegawaian."))


def _scope_ids(user) -> set[int]:
    """Units the user reviews as a team member (with everything below them)."""
    if not user.is_tim_penilai:
        return set()
    return set(
        UnitKerja.objects.filter(id__in=units_in_scope_of(user.pk)).values_list("id", flat=True)
    )


def _authorise(request, unit_id: int, *, change: bool, not_found: str) -> bool:
    """Whether the user decides in this unit; 404 when they may not see it, 403 when they may
    see it (the admin kepegawaian) but asked to decide."""
    user = request.user
    in_scope = (
        user.is_tim_penilai
        and UnitKerja.objects.filter(pk=unit_id, id__in=units_in_scope_of(user.pk)).exists()
    )
    if not (in_scope or user.is_admin_kepegawaian):
        raise Http404(not_found)
    if change and not in_scope:
        raise PermissionDenied(
            _("Hanya anggota tim penilai yang lingkupnya mencakup unit ini yang dapat memutuskan.")
        )
    return in_scope


def get_unit_for_tim(request, unit_id: int, *, change: bool = False) -> tuple[UnitKerja, bool]:
    """The unit and whether the user decides in it."""
    unit = UnitKerja.objects.filter(pk=unit_id).first()
    if unit is None:
        raise Http404(_("Unit kerja tidak ditemukan."))
    return unit, _authorise(
        request, unit.pk, change=change, not_found=_("Unit kerja tidak ditemukan.")
    )


def get_entri_for_tim(request, pk: int, *, change: bool = False) -> tuple[Entri, bool]:
    """The entry (owner and activity loaded) and whether the user decides on it."""
    entri = Entri.objects.select_related("pegawai__unit", "aktivitas").filter(pk=pk).first()
    if entri is None:
        raise Http404(_("Entri tidak ditemukan."))
    boleh = _authorise(
        request, entri.pegawai.unit_id, change=change, not_found=_("Entri tidak ditemukan.")
    )
    return entri, boleh


def get_pegawai_for_tim(request, pegawai_id: int, *, change: bool = False) -> tuple[Pegawai, bool]:
    pegawai = Pegawai.objects.with_related().filter(pk=pegawai_id).first()
    if pegawai is None:
        raise Http404(_("Pegawai tidak ditemukan."))
    boleh = _authorise(
        request, pegawai.unit_id, change=change, not_found=_("Pegawai tidak ditemukan.")
    )
    return pegawai, boleh


# Months ----------------------------------------------------------------------------------------


def _bulan(tahun: int, bulan: int) -> date:
    """The first day of a month from the path; 404 for what cannot be one."""
    if not (2000 <= tahun <= 2100 and 1 <= bulan <= 12):
        raise Http404(_("Bulan tidak dikenal."))
    return date(tahun, bulan, 1)


def _rentang(first: date) -> tuple[date, date]:
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _nav(first: date) -> dict:
    prev = first - timedelta(days=1)
    nxt = _rentang(first)[1] + timedelta(days=1)
    return {"sebelumnya": prev.replace(day=1), "berikutnya": nxt}


def _default_bulan() -> date:
    """Last month: the one the team reviews once the supervisors have decided it."""
    return timezone.localdate(_now()).replace(day=1) - timedelta(days=1)


# Flags per unit --------------------------------------------------------------------------------


@require_safe
def tim_index(request):
    """Units in the user's scope with their flags per kind for a month, as a tree."""
    _require_role(request)
    user = request.user
    default = _default_bulan()
    parsed = parse_bulan(request.GET.get("bulan"), default=default)
    if parsed is None:
        messages.error(request, _("Bulan tidak dikenal (tulis YYYY-MM); ditampilkan bulan lalu."))
        parsed = default.year, default.month
    tahun, bulan = parsed
    first = date(tahun, bulan, 1)

    scope = _scope_ids(user)
    units = list(UnitKerja.objects.filter(aktif=True).order_by("kode"))
    visible = {u.pk for u in units} if user.is_admin_kepegawaian else scope
    per_unit: dict[int, Counter] = defaultdict(Counter)
    for unit_id, jenis, n in (
        FlagEntri.objects.filter(tahun=tahun, bulan=bulan)
        .values_list("entri__pegawai__unit", "jenis")
        .annotate(n=Count("id"))
        .order_by()
    ):
        per_unit[unit_id][jenis] = n
    entri_per_unit = dict(
        FlagEntri.objects.filter(tahun=tahun, bulan=bulan)
        .values_list("entri__pegawai__unit")
        .annotate(n=Count("entri", distinct=True))
        .order_by()
    )
    sampel = {s.unit_id: s for s in PengambilanSampel.objects.filter(tahun=tahun, bulan=bulan)}
    tanda = {
        t.unit_id: t
        for t in TandaTanganUnit.objects.filter(tahun=tahun, bulan=bulan).select_related("unit")
    }
    jenis_info = [
        {"jenis": j.value, "label": FlagEntri.LABEL_PENDEK[j], "nama": j.label, "warna": w}
        for j, w in zip(JENIS_FLAG, WARNA_FLAG, strict=True)
    ]
    pemindaian = PemindaianAnomali.objects.filter(tahun=tahun, bulan=bulan).first()

    children: dict[int | None, list[UnitKerja]] = defaultdict(list)
    for unit in units:
        if unit.pk in visible:
            children[unit.induk_id if unit.induk_id in visible else None].append(unit)
    rows: list[dict] = []

    def walk(unit: UnitKerja, depth: int, signed_above) -> tuple[Counter, int]:
        row = {
            "unit": unit,
            "depth": depth,
            "sampel": sampel.get(unit.pk),
            "tanda": tanda.get(unit.pk),
            "tercakup": signed_above,
        }
        rows.append(row)
        counts, entri_n = Counter(per_unit.get(unit.pk, {})), entri_per_unit.get(unit.pk, 0)
        for child in children.get(unit.pk, []):
            sub_counts, sub_n = walk(child, depth + 1, row["tanda"] or signed_above)
            counts.update(sub_counts)
            entri_n += sub_n
        row["jumlah"] = [counts.get(jenis, 0) for jenis in JENIS_FLAG]
        row["rincian"] = [
            {**info, "n": n} for info, n in zip(jenis_info, row["jumlah"], strict=True)
        ]
        row["entri"] = entri_n
        return counts, entri_n

    for root in children.get(None, []):
        walk(root, 0, None)
    roots = sorted((r for r in rows if r["depth"] == 0), key=lambda r: -r["entri"])
    teratas = [r for r in roots if r["entri"]][:10]
    grafik = bar_chart(
        [Batang(r["unit"].nama, tuple(r["jumlah"]), str(r["entri"])) for r in teratas],
        judul=_("Entri bertanda per unit, %(bulan)s") % {"bulan": format_tanggal(first, "bulan")},
        warna=WARNA_FLAG,
    )
    return render(
        request,
        "penilaian/tim_index.html",
        {
            "bulan": first,
            **_nav(first),
            "rows": rows,
            "jenis": jenis_info,
            "grafik": grafik if teratas else None,
            "pemindaian": pemindaian,
            "boleh_pindai": bool(scope) or user.is_admin_kepegawaian,
            "ditutup": Periode.is_closed(first),
        },
    )


@require_POST
def tim_pindai(request, tahun: int, bulan: int):
    """Scan the month's anomalies again, in the background."""
    _require_role(request)
    first = _bulan(tahun, bulan)
    user = request.user
    if not (user.is_admin_kepegawaian or _scope_ids(user)):
        raise PermissionDenied(_("Hanya anggota tim penilai dan admin yang dapat memindai ulang."))
    url = reverse("penilaian:tim_index") + f"?bulan={first:%Y-%m}"
    if Periode.is_closed(first):
        messages.error(
            request,
            _("Periode %(bulan)s sudah ditutup: tanda anomalinya tidak dipindai ulang.")
            % {"bulan": format_tanggal(first, "bulan")},
        )
        return redirect(url)
    transaction.on_commit(lambda: scan_anomalies_month.delay(tahun, bulan, by_id=user.pk))
    messages.success(
        request,
        _("Pemindaian anomali %(bulan)s dimulai; muat ulang halaman ini sebentar lagi.")
        % {"bulan": format_tanggal(first, "bulan")},
    )
    return redirect(url)


# A unit's month --------------------------------------------------------------------------------


def _unit_status(unit: UnitKerja, first: date) -> dict:
    """Scan, sample, sign-off and how much is left to decide: what the unit's pages show."""
    tahun, bulan = first.year, first.month
    review = entries_for_review(unit.pk, tahun, bulan)
    return {
        "pemindaian": PemindaianAnomali.objects.filter(tahun=tahun, bulan=bulan).first(),
        "sampel": PengambilanSampel.objects.filter(unit=unit, tahun=tahun, bulan=bulan)
        .select_related("oleh__pegawai")
        .first(),
        "tanda": services.signature_over(unit.pk, tahun, bulan),
        "jumlah_periksa": review.count(),
        "jumlah_belum": undecided(review).count(),
        "ditutup": Periode.is_closed(first),
    }


@require_safe
def tim_unit(request, unit_id: int, tahun: int, bulan: int):
    """A unit's month: its staff with claimed, approved and counted minutes against the target,
    flags and the team's score; the sample and the sign-off."""
    first = _bulan(tahun, bulan)
    unit, boleh = get_unit_for_tim(request, unit_id)
    mulai, selesai = _rentang(first)
    form = CariPegawaiForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    staff = (
        Pegawai.objects.in_unit(unit)
        .filter(
            Q(aktif_selesai__isnull=True) | Q(aktif_selesai__gte=mulai), aktif_mulai__lte=selesai
        )
        .search(q)
        .with_related()
        .order_by("nama", "pk")
    )
    page = Paginator(staff, PER_HALAMAN).get_page(request.GET.get("page"))
    ids = [p.pk for p in page]
    ringkasan = ringkasan_bulan(ids, tahun, bulan) if ids else {}
    menit = {
        row["pegawai"]: row
        for row in Entri.objects.filter(pegawai__in=ids, tanggal__range=(mulai, selesai))
        .values("pegawai")
        .annotate(
            diklaim=Sum("menit", filter=~Q(status=Status.DRAF)),
            disetujui=Sum("menit", filter=Q(status=Status.DISETUJUI)),
            diakui=Sum(Coalesce("menit_diakui", "menit"), filter=Q(status=Status.DISETUJUI)),
        )
        .order_by()
    }
    flags = dict(
        FlagEntri.objects.filter(tahun=tahun, bulan=bulan, entri__pegawai__in=ids)
        .values_list("entri__pegawai")
        .annotate(n=Count("entri", distinct=True))
        .order_by()
    )
    nilai = {
        n.pegawai_id: n for n in NilaiTim.objects.filter(pegawai__in=ids, tahun=tahun, bulan=bulan)
    }
    rows = []
    for p in page:
        target = ringkasan[p.pk].target_menit if p.pk in ringkasan else 0
        m = menit.get(p.pk, {})
        diakui = m.get("diakui") or 0
        rows.append(
            {
                "pegawai": p,
                "target": target,
                "diklaim": m.get("diklaim") or 0,
                "disetujui": m.get("disetujui") or 0,
                "diakui": diakui,
                "persen": min(100, round(100 * diakui / target)) if target else 0,
                "flag": flags.get(p.pk, 0),
                "nilai": nilai.get(p.pk),
            }
        )
    query = urlencode({"q": q}) if q else ""
    return render(
        request,
        "penilaian/tim_unit.html",
        {
            "unit": unit,
            "bulan": first,
            **_nav(first),
            **_unit_status(unit, first),
            "boleh_ubah": boleh,
            "form": form,
            "page": page,
            "rows": rows,
            "query": query,
        },
    )


@require_POST
def tim_sampel(request, unit_id: int, tahun: int, bulan: int):
    """Draw the unit's sample for the month."""
    first = _bulan(tahun, bulan)
    unit, _boleh = get_unit_for_tim(request, unit_id, change=True)
    try:
        pengambilan = services.draw_sample(
            unit, tahun=tahun, bulan=bulan, by=request.user, now=_now()
        )
    except PenilaianError as exc:
        messages.error(request, str(exc))
        return redirect("penilaian:tim_unit", unit_id=unit.pk, tahun=tahun, bulan=bulan)
    messages.success(
        request,
        _("Sampel %(bulan)s diambil: %(k)d dari %(n)d entri yang disetujui (%(persen)d%%).")
        % {
            "bulan": format_tanggal(first, "bulan"),
            "k": pengambilan.jumlah_sampel,
            "n": pengambilan.jumlah_populasi,
            "persen": pengambilan.persen,
        },
    )
    return redirect("penilaian:tim_entri_list", unit_id=unit.pk, tahun=tahun, bulan=bulan)


@require_http_methods(["GET", "POST"])
def tim_tandatangan(request, unit_id: int, tahun: int, bulan: int):
    """Sign off the unit's month, after a confirmation page."""
    first = _bulan(tahun, bulan)
    unit, _boleh = get_unit_for_tim(request, unit_id, change=True)
    form = TandaTanganForm(request.POST if request.method == "POST" else None)
    refused = False
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_off_unit(
                unit,
                tahun=tahun,
                bulan=bulan,
                by=request.user,
                catatan=form.cleaned_data["catatan"],
                now=_now(),
            )
        except PenilaianError as exc:
            messages.error(request, str(exc))
            refused = True
        else:
            messages.success(
                request,
                _("Bulan %(bulan)s unit %(unit)s ditandatangani.")
                % {"bulan": format_tanggal(first, "bulan"), "unit": unit.nama},
            )
            return redirect("penilaian:tim_unit", unit_id=unit.pk, tahun=tahun, bulan=bulan)
    return render(
        request,
        "penilaian/tim_tandatangan.html",
        {"unit": unit, "bulan": first, "form": form, **_unit_status(unit, first)},
        status=400 if form.errors or refused else 200,
    )


# Entries to review -----------------------------------------------------------------------------


def _with_decisions(entries):
    """Flags and the team's decisions in two more queries, whatever the number of entries."""
    return entries.prefetch_related(
        Prefetch("flag_anomali", queryset=FlagEntri.objects.order_by("jenis")),
        Prefetch(
            "keputusan_tim",
            queryset=KeputusanTim.objects.select_related("oleh__pegawai").order_by("pada", "id"),
        ),
    )


def _decorate(entri: Entri) -> Entri:
    """What a card shows: the last decision, and whether one is still needed."""
    keputusan = list(entri.keputusan_tim.all())
    entri.keputusan_terakhir = keputusan[-1] if keputusan else None
    last = entri.keputusan_terakhir
    entri.perlu_keputusan = entri.status == Status.DISETUJUI and (
        last is None or (entri.diputuskan_pada is not None and last.pada < entri.diputuskan_pada)
    )
    return entri


@require_safe
def tim_entri_list(request, unit_id: int, tahun: int, bulan: int):
    """The unit's sampled and flagged entries, the undecided ones first by default."""
    first = _bulan(tahun, bulan)
    unit, boleh = get_unit_for_tim(request, unit_id)
    form = EntriTimFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    tampil = data.get("tampil") or TAMPIL_BELUM
    entries = entries_for_review(unit.pk, tahun, bulan)
    if tampil == TAMPIL_BELUM:
        entries = undecided(entries)
    elif tampil == TAMPIL_SAMPEL:
        entries = entries.filter(sampel=True)
    elif tampil in FlagEntri.Jenis.values:
        entries = entries.filter(flag_anomali__jenis=tampil)
    if data.get("q"):
        entries = entries.filter(pegawai__in=Pegawai.objects.search(data["q"]))
    entries = _with_decisions(entries.order_by("pegawai__nama", "tanggal", "mulai"))
    page = Paginator(entries, PER_HALAMAN).get_page(request.GET.get("page"))
    for entri in page:
        _decorate(entri)
    params = {k: v for k, v in {"tampil": tampil, "q": data.get("q")}.items() if v}
    return render(
        request,
        "penilaian/tim_entri_list.html",
        {
            "unit": unit,
            "bulan": first,
            **_nav(first),
            **_unit_status(unit, first),
            "boleh_ubah": boleh,
            "form": form,
            "page": page,
            "query": urlencode(params),
            "next": request.get_full_path(),
        },
    )


def _entri_card(request, entri: Entri, boleh: bool):
    """The entry's card alone, for htmx, with the messages of what just happened."""
    tahun, bulan = entri.tanggal.year, entri.tanggal.month
    fresh = (
        _with_decisions(entries_for_review(entri.pegawai.unit_id, tahun, bulan))
        .filter(pk=entri.pk)
        .first()
    )
    if fresh is None:  # no longer sampled, flagged or decided: show it as it is
        fresh = _with_decisions(Entri.objects.select_related("pegawai", "aktivitas")).get(
            pk=entri.pk
        )
        fresh.sampel = False
    return render(
        request,
        "penilaian/_tim_entri_item.html",
        {
            "entri": _decorate(fresh),
            "boleh_ubah": boleh,
            "htmx": True,
            "next": _next_url(request, ""),
        },
    )


@require_http_methods(["GET", "POST"])
def tim_entri(request, pk: int):
    """One entry to review: its flags, history and the team's decisions; the decision form."""
    entri, boleh = get_entri_for_tim(request, pk, change=request.method == "POST")
    tahun, bulan = entri.tanggal.year, entri.tanggal.month
    default_next = reverse("penilaian:tim_entri_list", args=[entri.pegawai.unit_id, tahun, bulan])
    form = KeputusanTimForm(request.POST if request.method == "POST" else None)
    refused = False
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            jenis = data["jenis"]
            try:
                if jenis == KeputusanTim.Jenis.KONFIRMASI:
                    services.confirm_entry(
                        entri, by=request.user, alasan=data["alasan"], now=_now()
                    )
                    text = _("Entri %(entri)s dinyatakan sesuai.")
                elif jenis == KeputusanTim.Jenis.KOREKSI:
                    services.correct_entry(
                        entri,
                        menit=data["menit"],
                        alasan=data["alasan"],
                        by=request.user,
                        now=_now(),
                    )
                    text = _("Menit entri %(entri)s dikoreksi; pemiliknya diberi tahu.")
                else:
                    services.reject_entry(entri, alasan=data["alasan"], by=request.user, now=_now())
                    text = _("Entri %(entri)s ditolak; pemiliknya diberi tahu.")
            except PenilaianError as exc:
                messages.error(request, str(exc))
                refused = True
            else:
                messages.success(request, text % {"entri": _label(entri)})
                if _is_htmx(request):
                    return _entri_card(request, entri, boleh)
                return redirect(_next_url(request, default_next))
        else:
            refused = True
            if _is_htmx(request):
                messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        if _is_htmx(request):
            return _entri_card(request, entri, boleh)

    review = (
        _with_decisions(entries_for_review(entri.pegawai.unit_id, tahun, bulan))
        .filter(pk=entri.pk)
        .first()
    )
    return render(
        request,
        "penilaian/tim_entri.html",
        {
            "entri": entri,
            "review": _decorate(review) if review is not None else None,
            "flags": list(review.flag_anomali.all()) if review is not None else [],
            "keputusan": list(review.keputusan_tim.all()) if review is not None else [],
            "riwayat": entri.riwayat.select_related("oleh__pegawai"),
            "boleh_ubah": boleh,
            "form": form,
            "jenis": KeputusanTim.Jenis,
            "next": _next_url(request, default_next),
        },
        status=400 if refused else 200,
    )


def _label(entri: Entri) -> str:
    return f"{format_tanggal(entri.tanggal, 'pendek')} {entri.mulai:%H:%M}–{entri.selesai:%H:%M}"


# The team's score ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def tim_nilai(request, pegawai_id: int, tahun: int, bulan: int):
    """Give or change the team's score of a staff member's month."""
    first = _bulan(tahun, bulan)
    pegawai, _boleh = get_pegawai_for_tim(request, pegawai_id, change=True)
    existing = (
        NilaiTim.objects.filter(pegawai=pegawai, tahun=tahun, bulan=bulan)
        .select_related("oleh__pegawai")
        .first()
    )
    default_next = reverse("penilaian:tim_unit", args=[pegawai.unit_id, tahun, bulan])
    form = NilaiTimForm(
        request.POST if request.method == "POST" else None,
        initial={"nilai": existing.nilai} if existing else None,
    )
    refused = False
    if request.method == "POST" and form.is_valid():
        try:
            services.set_nilai_tim(
                pegawai,
                tahun=tahun,
                bulan=bulan,
                nilai=form.cleaned_data["nilai"],
                alasan=form.cleaned_data["alasan"],
                by=request.user,
                now=_now(),
            )
        except PenilaianError as exc:
            messages.error(request, str(exc))
            refused = True
        else:
            messages.success(
                request,
                _("Nilai tim penilai %(nama)s untuk %(bulan)s disimpan.")
                % {"nama": pegawai.nama_lengkap, "bulan": format_tanggal(first, "bulan")},
            )
            return redirect(_next_url(request, default_next))
    return render(
        request,
        "penilaian/tim_nilai.html",
        {
            "pegawai": pegawai,
            "bulan": first,
            "form": form,
            "nilai": existing,
            "next": _next_url(request, default_next),
        },
        status=400 if form.errors or refused else 200,
    )
