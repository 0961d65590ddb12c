"""Screens of the daily log: the day, the week, the month, each entry with its history and
evidence. Each view: authorise, validate the form, call a service, say what happened, redirect;
htmx gets the day's list back in place of a reload."""

import calendar
from collections import defaultdict
from datetime import date, datetime, timedelta
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ekinerja.rute import rute
from pegawai.forms_kalender import parse_bulan
from pegawai.jadwal import Jadwal
from pegawai.models import Pegawai
from pegawai.templatetags.ekinerja import tanggal as format_tanggal

from . import services
from .exceptions import AktivitasError
from .forms import EntriForm
from .models import Aktivitas, Entri, PengaturanAktivitas

Status = Entri.Status


def _now() -> datetime:
    """The clock of every screen; tests set it to a fixed moment."""
    return timezone.now()


def _pegawai(request) -> Pegawai:
    """The signed-in person's staff record: these screens are about one's own work."""
    pegawai = getattr(request.user, "pegawai", None)
    if pegawai is None:
        raise PermissionDenied(
            _("Halaman ini untuk pegawai; akun Anda tidak terhubung ke data pegawai.")
        )
    return pegawai


def get_entri_for_user(request, pk: int, *, change: bool = False) -> Entri:
    """The entry if the user may see it (404 otherwise); with `change`, 403 unless it is theirs.

    The owner sees and changes; supervisors up the chain, the admin kepegawaian and the review
    team see.
    """
    entri = Entri.objects.with_related().filter(pk=pk).first()
    if entri is None:
        raise Http404(_("Entri tidak ditemukan."))
    own = getattr(request.user, "pegawai", None)
    if own is not None and entri.pegawai_id == own.pk:
        return entri
    if not Entri.objects.visible_to(request.user).filter(pk=pk).exists():
        raise Http404(_("Entri tidak ditemukan."))
    if change:
        raise PermissionDenied(_("Hanya pemilik entri yang dapat mengubahnya."))
    return entri


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _next_url(request, default: str) -> str:
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


def _hari_url(tanggal: date) -> str:
    return reverse("aktivitas:hari", args=[tanggal])


def _jam_awal(entries, hari_kerja) -> str:
    """A sensible start for the next entry: where the last one ended, else the day's start."""
    if entries:
        return max(e.selesai for e in entries).strftime("%H:%M")
    return hari_kerja.mulai.strftime("%H:%M") if hari_kerja else ""


def _entri_form(pegawai, tanggal, entries, hari_kerja, data=None, files=None) -> EntriForm:
    return EntriForm(
        data,
        files,
        aktivitas=Aktivitas.objects.pilihan(pegawai, tanggal),
        with_tanggal=False,
        initial={"tanggal": tanggal, "mulai": _jam_awal(entries, hari_kerja), "volume": 1},
    )


def _ringkas(entries) -> dict:
    """Minutes of a list of entries by status; rejected ones do not count towards the total."""
    menit = defaultdict(int)
    for e in entries:
        menit[e.status] += e.menit_dihitung
    return {
        "draf": menit[Status.DRAF],
        "diajukan": menit[Status.DIAJUKAN],
        "disetujui": menit[Status.DISETUJUI],
        "ditolak": menit[Status.DITOLAK],
        "total": sum(v for k, v in menit.items() if k != Status.DITOLAK),
    }


def _persen(nilai: int, target: int) -> int:
    return min(100, round(100 * nilai / target)) if target else 0


def _annotate_entries(entries, *, actions: bool) -> None:
    """Give each entry what the lists show of it, formatted once here: its hours, its status's
    label, its URL and, with `actions`, the URLs of what its owner may do with it."""
    labels = {value: str(label) for value, label in Status.choices}
    for e in entries:
        e.jam = _jam_entri(e)
        e.jam_mulai = f"{e.mulai:%H:%M}"
        e.status_label = labels[e.status]
        e.url = rute("aktivitas:entri_detail", e.pk)
        if actions:
            e.url_bukti = rute("aktivitas:entri_bukti", e.pk) if e.bukti else ""
            e.url_ajukan = rute("aktivitas:entri_ajukan", e.pk) if e.can_submit else ""
            e.url_tarik = rute("aktivitas:entri_tarik", e.pk) if e.can_withdraw else ""
            e.url_ubah = rute("aktivitas:entri_ubah", e.pk) if e.can_edit else ""
            e.url_hapus = rute("aktivitas:entri_hapus", e.pk) if e.can_delete else ""


def _check_not_far_ahead(tanggal: date, hari_ini: date) -> None:
    # Nothing is logged ahead; a year's margin keeps a typo'd year from loading decades.
    if tanggal > hari_ini + timedelta(days=366):
        raise Http404(_("Tanggal terlalu jauh ke depan."))


def _hari_context(pegawai: Pegawai, tanggal: date, now: datetime) -> dict:
    """The day: its entries with totals against the target, and whether entries may be added."""
    hari_ini = timezone.localdate(now)
    _check_not_far_ahead(tanggal, hari_ini)
    pengaturan, closed = PengaturanAktivitas.current_and_closed(tanggal, tanggal)
    window = services.jendela(
        pegawai,
        hari_ini=hari_ini,
        n=pengaturan.batas_hari_kerja_mundur,
        sejak=tanggal - timedelta(days=1),
        sampai=tanggal,
    )
    entries = Entri.objects.shown(pegawai, tanggal, tanggal)
    _annotate_entries(entries, actions=True)
    hari_kerja = window.hari_kerja.get(tanggal)
    ditutup = bool(closed)
    ringkasan = _ringkas(entries)
    target = hari_kerja.target_menit if hari_kerja else 0
    return {
        "pegawai": pegawai,
        "tanggal": tanggal,
        "entries": entries,
        "ringkasan": ringkasan,
        "hari_kerja": hari_kerja,
        "target": target,
        "persen": _persen(ringkasan["total"], target),
        "ditutup": ditutup,
        "boleh_isi": window.allows(tanggal) and not ditutup and pegawai.is_active_on(tanggal),
        "batas": window.batas,
        "n_mundur": window.n,
        "hari_ini": hari_ini,
        "jumlah_draf": sum(e.status == Status.DRAF for e in entries),
        "sebelumnya": tanggal - timedelta(days=1),
        "berikutnya": tanggal + timedelta(days=1) if tanggal < hari_ini else None,
        "hari_kerja_sebelumnya": window.hari_kerja_sebelumnya(tanggal),
    }


def _render_hari_list(request, pegawai: Pegawai, tanggal: date):
    context = _hari_context(pegawai, tanggal, _now())
    return render(request, "aktivitas/_entri_hari.html", {**context, "htmx": True})


def _after_change(request, tanggal: date, default: str):
    """htmx gets the day's list in place; a plain form goes back where it came from."""
    if _is_htmx(request):
        return _render_hari_list(request, _pegawai(request), tanggal)
    return redirect(_next_url(request, default))


# The day, the week, the month ------------------------------------------------------------------


@require_safe
def index(request):
    """Today's page, or the day asked for with ?tanggal=YYYY-MM-DD."""
    _pegawai(request)
    tanggal = _tanggal_dari(request.GET.get("tanggal"), timezone.localdate(_now()))
    return redirect("aktivitas:hari", tanggal=tanggal)


@require_safe
def hari(request, tanggal: date):
    """One day: its entries and total against the target, the add form, copy and submit."""
    pegawai = _pegawai(request)
    context = _hari_context(pegawai, tanggal, _now())
    if context["boleh_isi"]:
        context["form"] = _entri_form(pegawai, tanggal, context["entries"], context["hari_kerja"])
    return render(request, "aktivitas/entri_hari.html", context)


@require_safe
def minggu(request, tanggal: date | None = None):
    """Monday to Sunday of the week that holds `tanggal`, with a quick add per day."""
    pegawai = _pegawai(request)
    now = _now()
    hari_ini = timezone.localdate(now)
    tanggal = tanggal or hari_ini
    _check_not_far_ahead(tanggal, hari_ini)
    senin = tanggal - timedelta(days=tanggal.weekday())
    minggu_ = senin + timedelta(days=6)
    pengaturan, closed = PengaturanAktivitas.current_and_closed(senin, minggu_)
    window = services.jendela(
        pegawai,
        hari_ini=hari_ini,
        n=pengaturan.batas_hari_kerja_mundur,
        sejak=senin - timedelta(days=1),
        sampai=minggu_,
    )
    week = Entri.objects.shown(pegawai, senin, minggu_)
    _annotate_entries(week, actions=False)
    by_day = defaultdict(list)
    for e in week:
        by_day[e.tanggal].append(e)
    tambah = reverse("aktivitas:entri_tambah")
    kembali = quote(request.path)
    days = []
    for i in range(7):
        day = senin + timedelta(days=i)
        entries = by_day.get(day, [])
        hk = window.hari_kerja.get(day)
        ringkasan = _ringkas(entries)
        target = hk.target_menit if hk else 0
        boleh_isi = (
            window.allows(day) and (day.year, day.month) not in closed and pegawai.is_active_on(day)
        )
        days.append(
            {
                "tanggal": day,
                "iso": day.isoformat(),
                "nama": format_tanggal(day),
                "url": reverse("aktivitas:hari", args=[day]),
                "entries": entries,
                "hari_kerja": hk,
                "target": target,
                "ringkasan": ringkasan,
                "persen": _persen(ringkasan["total"], target),
                "boleh_isi": boleh_isi,
                "url_tambah": f"{tambah}?tanggal={day.isoformat()}&next={kembali}"
                if boleh_isi
                else "",
                "hari_ini": day == hari_ini,
            }
        )
    return render(
        request,
        "aktivitas/entri_minggu.html",
        {
            "pegawai": pegawai,
            "days": days,
            "senin": senin,
            "minggu": minggu_,
            "sebelumnya": senin - timedelta(days=7),
            "berikutnya": senin + timedelta(days=7) if minggu_ < hari_ini else None,
            "total": sum(d["ringkasan"]["total"] for d in days),
            "target": sum(d["target"] for d in days),
        },
    )


@require_safe
def bulan(request):
    """The month: target from the schedule against approved, submitted and rejected minutes."""
    pegawai = _pegawai(request)
    hari_ini = timezone.localdate(_now())
    parsed = parse_bulan(request.GET.get("bulan"), default=hari_ini)
    if parsed is None:
        messages.error(request, _("Bulan tidak dikenali (tulis YYYY-MM); ditampilkan bulan ini."))
        parsed = hari_ini.year, hari_ini.month
    tahun, bulan_ = parsed
    jadwal = Jadwal.load_bulan([pegawai.pk], tahun, bulan_)
    hari_kerja = jadwal.hari_kerja(pegawai.pk)
    ringkasan_jadwal = jadwal.ringkasan(pegawai.pk)
    first = date(tahun, bulan_, 1)
    last = date(tahun, bulan_, calendar.monthrange(tahun, bulan_)[1])
    per_hari: dict[date, dict] = defaultdict(lambda: defaultdict(int))
    total: dict[str, int] = defaultdict(int)
    rows = (
        Entri.objects.of(pegawai)
        .filter(tanggal__range=(first, last))
        .values("tanggal", "status")
        .annotate(menit=Sum(Coalesce("menit_diakui", "menit")), jumlah=Count("id"))
        .order_by()
    )
    for row in rows:
        per_hari[row["tanggal"]][row["status"]] += row["menit"]
        per_hari[row["tanggal"]]["jumlah"] += row["jumlah"]
        total[row["status"]] += row["menit"]
    days = []
    for i in range(last.day):
        day = first + timedelta(days=i)
        hk = hari_kerja.get(day)
        values = per_hari.get(day, {})
        if hk is None and not values:
            continue
        days.append(
            {
                "tanggal": day,
                # Formatted here rather than with a filter per cell: a month is 31 rows.
                "iso": day.isoformat(),
                "url": reverse("aktivitas:hari", args=[day]),
                "label": f"{day:%d} {format_tanggal(day)[:3]}",
                "target": hk.target_menit if hk else 0,
                "hari_kerja": hk,
                "draf": values.get(Status.DRAF, 0),
                "diajukan": values.get(Status.DIAJUKAN, 0),
                "disetujui": values.get(Status.DISETUJUI, 0),
                "ditolak": values.get(Status.DITOLAK, 0),
                "jumlah": values.get("jumlah", 0),
            }
        )
    target = ringkasan_jadwal.target_menit
    disetujui, diajukan = total[Status.DISETUJUI], total[Status.DIAJUKAN]
    persen_disetujui = _persen(disetujui, target)
    prev = first - timedelta(days=1)
    nxt = last + timedelta(days=1)
    return render(
        request,
        "aktivitas/entri_bulan.html",
        {
            "pegawai": pegawai,
            "bulan": first,
            "days": days,
            "target": target,
            "hari_kerja_jumlah": ringkasan_jadwal.hari_kerja,
            "draf": total[Status.DRAF],
            "diajukan": diajukan,
            "disetujui": disetujui,
            "ditolak": total[Status.DITOLAK],
            "persen": persen_disetujui,
            # The submitted part of the bar, never past 100% together with the approved part.
            "persen_diajukan": min(100 - persen_disetujui, _persen(diajukan, target)),
            "sebelumnya": f"{prev.year:04d}-{prev.month:02d}",
            "berikutnya": f"{nxt.year:04d}-{nxt.month:02d}" if nxt <= hari_ini else None,
        },
    )


# Entries --------------------------------------------------------------------------------------


def _tanggal_dari(value: str | None, default: date) -> date:
    try:
        return date.fromisoformat(value) if value else default
    except ValueError:
        return default


@require_http_methods(["GET", "POST"])
def entri_tambah(request):
    """Add an entry: the form on its own page (or, for htmx, the form alone for the week's
    quick add); the day view carries the same form."""
    pegawai = _pegawai(request)
    now = _now()
    hari_ini = timezone.localdate(now)
    source = request.POST if request.method == "POST" else request.GET
    tanggal = _tanggal_dari(source.get("tanggal"), hari_ini)
    entries = list(Entri.objects.of(pegawai).filter(tanggal=tanggal).only("selesai"))
    form = EntriForm(
        request.POST or None,
        request.FILES or None,
        aktivitas=Aktivitas.objects.pilihan(pegawai, tanggal),
        # The week's quick add is for one day: the date goes along unseen.
        with_tanggal=not _is_htmx(request),
        initial={"tanggal": tanggal, "mulai": _jam_awal(entries, None), "volume": 1},
    )
    refused = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ajukan = request.POST.get("aksi") == "ajukan"
        try:
            entri = services.create_entry(
                pegawai,
                tanggal=data["tanggal"],
                mulai=data["mulai"],
                selesai=data["selesai"],
                aktivitas=data["aktivitas"],
                volume=data["volume"],
                uraian=data["uraian"],
                bukti=data["bukti"],
                ajukan=ajukan,
                by=request.user,
                now=now,
            )
        except AktivitasError as exc:
            messages.error(request, str(exc))
            refused = True
        else:
            messages.success(request, _entri_saved_message(entri, ajukan))
            return redirect(_next_url(request, _hari_url(entri.tanggal)))
    context = {
        "form": form,
        "tanggal": tanggal,
        "next": _next_url(request, _hari_url(tanggal)),
    }
    if request.method == "GET" and _is_htmx(request):
        return render(request, "aktivitas/_entri_form.html", context)
    return render(
        request,
        "aktivitas/entri_form.html",
        context,
        status=400 if form.errors or refused else 200,
    )


def _entri_saved_message(entri: Entri, ajukan: bool) -> str:
    values = {
        "jam": f"{entri.mulai:%H:%M}–{entri.selesai:%H:%M}",
        "menit": entri.menit,
    }
    if ajukan:
        text = _("Entri %(jam)s (%(menit)d menit) diajukan ke atasan.") % values
    else:
        text = _("Entri %(jam)s (%(menit)d menit) disimpan sebagai draf.") % values
    if entri.di_luar_jadwal:
        text += " " + _("Catatan: entri ini di luar jam kerja Anda dan ditandai untuk atasan.")
    return text


@require_safe
def entri_detail(request, pk: int):
    """An entry with its evidence and its history of decisions."""
    entri = get_entri_for_user(request, pk)
    own = getattr(request.user, "pegawai", None)
    return render(
        request,
        "aktivitas/entri_detail.html",
        {
            "entri": entri,
            "riwayat": entri.riwayat.select_related("oleh__pegawai"),
            "milik_sendiri": own is not None and own.pk == entri.pegawai_id,
        },
    )


@require_http_methods(["GET", "POST"])
def entri_ubah(request, pk: int):
    entri = get_entri_for_user(request, pk, change=True)
    if not entri.can_edit:
        messages.error(
            request,
            _("Entri yang sudah %(status)s tidak dapat diubah.")
            % {"status": entri.get_status_display().lower()},
        )
        return redirect("aktivitas:entri_detail", pk=entri.pk)
    now = _now()
    form = EntriForm(
        request.POST or None,
        request.FILES or None,
        aktivitas=Aktivitas.objects.pilihan(entri.pegawai, entri.tanggal),
        with_hapus_bukti=bool(entri.bukti),
        initial={
            "tanggal": entri.tanggal,
            "mulai": entri.mulai,
            "selesai": entri.selesai,
            "aktivitas": entri.aktivitas_id,
            "volume": entri.volume,
            "uraian": entri.uraian,
        },
    )
    refused = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entri = services.update_entry(
                entri,
                tanggal=data["tanggal"],
                mulai=data["mulai"],
                selesai=data["selesai"],
                aktivitas=data["aktivitas"],
                volume=data["volume"],
                uraian=data["uraian"],
                bukti=data["bukti"],
                hapus_bukti=data.get("hapus_bukti", False),
                ajukan=request.POST.get("aksi") == "ajukan",
                by=request.user,
                now=now,
            )
        except AktivitasError as exc:
            messages.error(request, str(exc))
            refused = True
        else:
            messages.success(
                request,
                _("Entri disimpan; statusnya %(status)s.")
                % {"status": entri.get_status_display().lower()},
            )
            return redirect(_next_url(request, _hari_url(entri.tanggal)))
    return render(
        request,
        "aktivitas/entri_form.html",
        {"form": form, "entri": entri, "tanggal": entri.tanggal, "next": _hari_url(entri.tanggal)},
        status=400 if form.errors or refused else 200,
    )


@require_POST
def entri_ajukan(request, pk: int):
    entri = get_entri_for_user(request, pk, change=True)
    try:
        services.submit_entry(entri, by=request.user, now=_now())
    except AktivitasError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Entri %(jam)s diajukan ke atasan.") % {"jam": _jam_entri(entri)}
        )
    return _after_change(request, entri.tanggal, _hari_url(entri.tanggal))


@require_POST
def entri_tarik(request, pk: int):
    entri = get_entri_for_user(request, pk, change=True)
    try:
        services.withdraw_entry(entri, by=request.user, now=_now())
    except AktivitasError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Entri %(jam)s ditarik dan kembali menjadi draf.") % {"jam": _jam_entri(entri)},
        )
    return _after_change(request, entri.tanggal, _hari_url(entri.tanggal))


@require_http_methods(["GET", "POST"])
def entri_hapus(request, pk: int):
    """Delete a draft, after a confirmation page (htmx asks in the browser instead)."""
    entri = get_entri_for_user(request, pk, change=True)
    if request.method == "GET":
        return render(request, "aktivitas/entri_confirm_delete.html", {"entri": entri})
    try:
        services.delete_entry(entri, by=request.user, now=_now())
    except AktivitasError as exc:
        messages.error(request, str(exc))
        default = reverse("aktivitas:entri_detail", args=[entri.pk])
    else:
        messages.success(request, _("Draf %(jam)s dihapus.") % {"jam": _jam_entri(entri)})
        default = _hari_url(entri.tanggal)
    if _is_htmx(request):
        return _render_hari_list(request, _pegawai(request), entri.tanggal)
    return redirect(default)


def _jam_entri(entri: Entri) -> str:
    return f"{entri.mulai:%H:%M}–{entri.selesai:%H:%M}"


@require_safe
def entri_bukti(request, pk: int):
    """The evidence file, to those who may see the entry; never from a public URL."""
    entri = get_entri_for_user(request, pk)
    if not entri.bukti:
        raise Http404(_("Entri ini tidak punya bukti."))
    try:
        berkas = entri.bukti.open("rb")
    except FileNotFoundError:
        raise Http404(_("Berkas bukti tidak ditemukan.")) from None
    response = FileResponse(
        berkas,
        content_type=entri.bukti_jenis or "application/octet-stream",
        as_attachment=request.GET.get("unduh") == "1",
        filename=entri.bukti_nama or entri.bukti.name.rsplit("/", 1)[-1],
    )
    response["Cache-Control"] = "private, no-store"
    return response


# A whole day ----------------------------------------------------------------------------------


@require_POST
def hari_ajukan(request, tanggal: date):
    """Submit every draft of the day."""
    pegawai = _pegawai(request)
    try:
        n = services.submit_entries(pegawai, tanggal=tanggal, by=request.user, now=_now())
    except AktivitasError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(n)d draf diajukan ke atasan.") % {"n": n})
    return _after_change(request, tanggal, _hari_url(tanggal))


@require_POST
def hari_salin(request, tanggal: date):
    """Copy the previous working day's entries to this day as drafts."""
    pegawai = _pegawai(request)
    try:
        hasil = services.copy_entries(pegawai, ke=tanggal, by=request.user, now=_now())
    except AktivitasError as exc:
        messages.error(request, str(exc))
        return redirect(_hari_url(tanggal))
    values = {
        "dari": format_tanggal(hasil.dari),
        "n": len(hasil.disalin),
        "tabrak": hasil.bertabrakan,
        "belum": hasil.belum_lewat,
        "tidak": hasil.tidak_tersedia,
    }
    if not hasil.disalin and not hasil.dilewati:
        messages.info(request, _("Tidak ada entri pada %(dari)s untuk disalin.") % values)
    else:
        parts = [_("%(n)d entri dari %(dari)s disalin sebagai draf.") % values]
        if hasil.bertabrakan:
            parts.append(
                _("%(tabrak)d dilewati karena bertabrakan dengan entri yang ada.") % values
            )
        if hasil.belum_lewat:
            parts.append(_("%(belum)d dilewati karena jamnya belum lewat.") % values)
        if hasil.tidak_tersedia:
            parts.append(_("%(tidak)d dilewati karena aktivitasnya tidak tersedia lagi.") % values)
        level = messages.success if hasil.disalin else messages.warning
        level(request, " ".join(parts))
    return redirect(_hari_url(tanggal))
