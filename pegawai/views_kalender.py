"""Screens of calendars and schedules: a person's month, holidays, schedule assignment, and the
unit admin's roster grid and import. Each view: authorise, validate, call a service, redirect."""

import calendar as pycalendar
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import services_kalender as services
from .access import get_pegawai_for_user, get_unit_for_roster, require_admin_kepegawaian
from .exceptions import KepegawaianError
from .forms_kalender import (
    HapusHariLiburForm,
    HariLiburForm,
    IsiHariLiburForm,
    JadwalPegawaiForm,
    RosterGridForm,
    RosterImportForm,
    parse_bulan,
)
from .importer import ImportErrors
from .jadwal import Jadwal, rentang_bulan
from .kalender import SHIFT
from .models import AdminUnit, HariLibur, JenisShift, Pegawai, UnitKerja

ROSTER_PAGE_SIZE = 25  # 25 people × 31 days stays below Django's 1,000 form fields
NAMA_HARI = [
    gettext_lazy("Sen"),
    gettext_lazy("Sel"),
    gettext_lazy("Rab"),
    gettext_lazy("Kam"),
    gettext_lazy("Jum"),
    gettext_lazy("Sab"),
    gettext_lazy("Min"),
]


def _bulan(request) -> tuple[int, int]:
    today = timezone.localdate()
    parsed = parse_bulan(request.GET.get("bulan"), default=today)
    if parsed is None:
        messages.error(request, _("Bulan tidak dikenali (tulis YYYY-MM); ditampilkan bulan ini."))
        return today.year, today.month
    return parsed


def _month_nav(tahun: int, bulan: int) -> dict:
    first = date(tahun, bulan, 1)
    prev = first - timedelta(days=1)
    nxt = first + timedelta(days=32)
    return {
        "bulan": first,
        "bulan_param": f"{tahun:04d}-{bulan:02d}",
        "sebelumnya": f"{prev.year:04d}-{prev.month:02d}",
        "berikutnya": f"{nxt.year:04d}-{nxt.month:02d}",
    }


# A person's month -------------------------------------------------------------------------


@require_safe
def kalender_saya(request):
    pegawai = getattr(request.user, "pegawai", None)
    if pegawai is None:
        return redirect("pegawai:libur_list")
    url = reverse("pegawai:kalender", args=[pegawai.nip])
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url)


@require_safe
def kalender_pegawai(request, nip: str):
    """The month calendar: holidays, the person's working days with hours and target."""
    pegawai = get_pegawai_for_user(request, nip)
    tahun, bulan = _bulan(request)
    start, end = rentang_bulan(tahun, bulan)
    jadwal = Jadwal.load([pegawai.pk], start, end)
    hari_kerja = jadwal.hari_kerja(pegawai.pk)
    libur = jadwal.libur_for(pegawai.pk)
    weeks = []
    for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(tahun, bulan):
        weeks.append(
            [
                {
                    "tanggal": day,
                    "di_bulan": day.month == bulan,
                    "hari": hari_kerja.get(day),
                    "libur": libur.get(day) if day.month == bulan else None,
                    "aktif": jadwal.is_aktif(pegawai.pk, day),
                }
                for day in week
            ]
        )
    start_aktif, end_aktif = pegawai.aktif_mulai, pegawai.aktif_selesai
    profil = [
        {"profil": jadwal.profil[run.profil_id], "mulai": run.mulai, "selesai": run.selesai}
        for run in jadwal.kalender.potong(jadwal.segmen(pegawai.pk), start_aktif, end_aktif)
    ]
    ringkasan = jadwal.ringkasan(pegawai.pk)
    return render(
        request,
        "pegawai/kalender_bulan.html",
        {
            "pegawai": pegawai,
            "weeks": weeks,
            "hari_kerja": hari_kerja.values(),
            "libur": sorted(libur.values(), key=lambda item: item.tanggal),
            "profil": profil,
            "ringkasan": ringkasan,
            "target_jam": divmod(ringkasan.target_menit, 60),
            "nama_hari": NAMA_HARI,
            **_month_nav(tahun, bulan),
        },
    )


# Holidays ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def libur_list(request):
    """A year's holidays for everyone to see; the admin adds, prefills and corrects them."""
    try:
        tahun = int(request.GET.get("tahun") or timezone.localdate().year)
    except ValueError:
        tahun = timezone.localdate().year
    tahun = min(max(tahun, 2000), 2100)
    form = HariLiburForm(request.POST or None, initial={"tanggal": date(tahun, 1, 1)})
    refused = False
    if request.method == "POST":
        require_admin_kepegawaian(request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                libur = services.create_hari_libur(
                    tanggal=data["tanggal"],
                    nama=data["nama"],
                    jenis=data["jenis"],
                    kalender=data["kalender"],
                    by=request.user,
                )
            except KepegawaianError as exc:
                messages.error(request, str(exc))
                refused = True
            else:
                messages.success(
                    request,
                    _("Hari libur %(nama)s ditambahkan.") % {"nama": libur.nama},
                )
                return redirect(f"{reverse('pegawai:libur_list')}?tahun={libur.tanggal.year}")
    rows = HariLibur.objects.filter(tanggal__year=tahun).select_related("kalender")
    return render(
        request,
        "pegawai/kalender_libur_list.html",
        {
            "tahun": tahun,
            "rows": rows,
            "form": form,
            "isi_form": IsiHariLiburForm(initial={"tahun": tahun}),
        },
        status=400 if form.errors or refused else 200,
    )


@require_POST
def libur_prefill(request):
    require_admin_kepegawaian(request)
    form = IsiHariLiburForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tahun harus antara 2000 dan 2100."))
        return redirect("pegawai:libur_list")
    tahun = form.cleaned_data["tahun"]
    try:
        n = services.prefill_hari_libur(tahun, by=request.user)
    except KepegawaianError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _(
                "%(n)d hari libur nasional dan cuti bersama %(tahun)s ditambahkan. Periksa dan "
                "koreksi sesuai SKB yang berlaku."
            )
            % {"n": n, "tahun": tahun},
        )
    return redirect(f"{reverse('pegawai:libur_list')}?tahun={tahun}")


@require_http_methods(["GET", "POST"])
def libur_edit(request, pk: int):
    libur = get_object_or_404(HariLibur, pk=pk)
    require_admin_kepegawaian(request)
    judul = f"{libur.tanggal:%d-%m-%Y} {libur.nama}"  # before the form changes the instance
    form = HariLiburForm(request.POST or None, instance=libur, with_alasan=True)
    refused = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_hari_libur(
                libur,
                tanggal=data["tanggal"],
                nama=data["nama"],
                jenis=data["jenis"],
                kalender=data["kalender"],
                alasan=data["alasan"],
                by=request.user,
            )
        except KepegawaianError as exc:
            messages.error(request, str(exc))
            refused = True
        else:
            messages.success(request, _("Hari libur diperbarui."))
            return redirect(f"{reverse('pegawai:libur_list')}?tahun={data['tanggal'].year}")
    return render(
        request,
        "pegawai/kalender_libur_form.html",
        {"form": form, "judul": judul, "libur": libur},
        status=400 if form.errors or refused else 200,
    )


@require_POST
def libur_delete(request, pk: int):
    libur = get_object_or_404(HariLibur, pk=pk)
    require_admin_kepegawaian(request)
    form = HapusHariLiburForm(request.POST)
    alasan = form.cleaned_data["alasan"] if form.is_valid() else ""
    try:
        services.delete_hari_libur(libur, alasan=alasan, by=request.user)
    except KepegawaianError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Hari libur %(nama)s dihapus.") % {"nama": libur.nama})
    return redirect(f"{reverse('pegawai:libur_list')}?tahun={libur.tanggal.year}")


# A person's schedule ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def jadwal_pegawai(request, nip: str):
    """A person's schedule history; the admin assigns a new profile from a date."""
    pegawai = get_pegawai_for_user(request, nip)
    form = JadwalPegawaiForm(request.POST or None)
    refused = False
    if request.method == "POST":
        require_admin_kepegawaian(request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.assign_jadwal(
                    pegawai,
                    profil=data["profil"],
                    mulai=data["mulai"],
                    selesai=data["selesai"],
                    jam_mengajar=data["jam_mengajar_per_minggu"],
                    menit_tugas_tambahan=data["menit_tugas_tambahan_per_minggu"],
                    dasar=data["dasar"],
                    by=request.user,
                )
            except KepegawaianError as exc:
                messages.error(request, str(exc))
                refused = True
            else:
                messages.success(
                    request,
                    _("Jadwal %(nama)s: %(profil)s mulai %(tgl)s.")
                    % {
                        "nama": pegawai.nama,
                        "profil": data["profil"].nama,
                        "tgl": data["mulai"].strftime("%d-%m-%Y"),
                    },
                )
                return redirect("pegawai:jadwal", nip=pegawai.nip)
    riwayat = pegawai.jadwal.select_related("profil").order_by("-mulai", "-id")
    return render(
        request,
        "pegawai/jadwal_pegawai.html",
        {"pegawai": pegawai, "riwayat": riwayat, "form": form},
        status=400 if form.errors or refused else 200,
    )


# Rosters ----------------------------------------------------------------------------------


@require_safe
def roster_index(request):
    """The units whose roster the user keeps (or, for HR and reviewers, any unit)."""
    user = request.user
    if user.sees_all_pegawai:
        units = UnitKerja.objects.filter(aktif=True).order_by("kode")
    else:
        units = AdminUnit.objects.units_of(user).filter(aktif=True).order_by("kode")
    units = list(units)
    if not units and not user.sees_all_pegawai:
        raise PermissionDenied(_("Roster hanya untuk admin unit dan admin kepegawaian."))
    return render(request, "pegawai/roster_index.html", {"units": units})


def _roster_context(unit: UnitKerja, tahun: int, bulan: int, page_number) -> dict:
    """The grid: staff of the unit with a shift profile in the month, 25 to a page."""
    start, end = rentang_bulan(tahun, bulan)
    staff = list(
        Pegawai.objects.in_unit(unit)
        .filter(aktif_mulai__lte=end)
        .exclude(aktif_selesai__lt=start)
        .with_related()
        .order_by("nama", "nip")
    )
    jadwal = Jadwal.load([p.pk for p in staff], start, end)
    on_shift = [
        p
        for p in staff
        if any(
            jadwal.profil[run.profil_id].jenis == SHIFT
            for run in jadwal.kalender.potong(jadwal.segmen(p.pk), p.aktif_mulai, p.aktif_selesai)
        )
    ]
    page = Paginator(on_shift, ROSTER_PAGE_SIZE).get_page(page_number)
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    libur_umum = {item.tanggal: item for item in jadwal.libur if item.kalender_id is None}
    shifts = list(JenisShift.objects.filter(aktif=True).order_by("jam_mulai", "kode"))
    active = {s.pk for s in shifts}
    rows, editable = [], set()
    for p in page:
        roster = jadwal.roster.get(p.pk, {})
        cells = []
        for day in days:
            shift_id = roster.get(day)
            can_edit = jadwal.is_shift_on(p.pk, day)
            if can_edit:
                editable.add((p.pk, day))
            cells.append(
                {
                    "tanggal": day,
                    "name": f"s-{p.pk}-{day:%Y%m%d}",
                    "shift_id": shift_id,
                    "kode": jadwal.shift[shift_id].kode if shift_id else "",
                    # A shift type retired since keeps showing where it was rostered.
                    "nonaktif": shift_id is not None and shift_id not in active,
                    "editable": can_edit,
                    "libur": day in libur_umum,
                }
            )
        rows.append({"pegawai": p, "cells": cells, "ringkasan": jadwal.ringkasan(p.pk)})
    return {
        "unit": unit,
        "days": [
            {"tanggal": d, "libur": libur_umum.get(d), "nama": NAMA_HARI[d.weekday()]} for d in days
        ],
        "rows": rows,
        "page": page,
        "editable": editable,
        "shifts": shifts,
        **_month_nav(tahun, bulan),
    }


@require_http_methods(["GET", "POST"])
def roster_grid(request, unit_id: int):
    """The month grid of a unit's shift staff; the unit's admin fills and saves it."""
    unit, can_change = get_unit_for_roster(request, unit_id)
    tahun, bulan = _bulan(request)
    page_number = request.GET.get("page")
    is_htmx = request.headers.get("HX-Request") == "true"
    context = _roster_context(unit, tahun, bulan, page_number)
    status = 200
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied(_("Anda hanya dapat melihat roster unit ini."))
        form = RosterGridForm(request.POST, editable=context["editable"], shifts=context["shifts"])
        if form.is_valid():
            try:
                result = services.set_roster(unit, form.cleaned_data["entries"], by=request.user)
            except KepegawaianError as exc:
                messages.error(request, str(exc))
                status = 400
            else:
                if result.total:
                    messages.success(
                        request, _("Roster disimpan: %(n)d perubahan.") % {"n": result.total}
                    )
                else:
                    messages.info(request, _("Roster tidak berubah."))
                if not is_htmx:
                    return redirect(request.get_full_path())
                context = _roster_context(unit, tahun, bulan, page_number)
        else:
            for error in form.non_field_errors():
                messages.error(request, error)
            status = 400
    context["can_change"] = can_change
    if is_htmx:
        # htmx swaps only the grid (keeping the scroll position); it ignores 4xx bodies, so
        # the problems come back as a 200 with the message inside the grid.
        return render(request, "pegawai/_roster_grid.html", context)
    return render(request, "pegawai/roster_grid.html", context, status=status)


@require_http_methods(["GET", "POST"])
def roster_import(request, unit_id: int):
    unit, can_change = get_unit_for_roster(request, unit_id)
    if not can_change:
        raise PermissionDenied(_("Hanya admin roster unit ini yang dapat mengimpor roster."))
    form = RosterImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        berkas = form.cleaned_data["berkas"]
        try:
            result = services.import_roster(
                berkas, filename=berkas.name, unit=unit, by=request.user
            )
        except ImportErrors as exc:
            errors = exc.errors
            messages.error(
                request,
                _(
                    "Tidak ada roster yang disimpan: %(n)d masalah ditemukan di berkas. Perbaiki "
                    "lalu unggah lagi."
                )
                % {"n": len(errors)},
            )
        else:
            messages.success(
                request,
                _(
                    "Roster diimpor: %(baru)d shift baru, %(ubah)d diubah, %(hapus)d dijadikan "
                    "libur."
                )
                % {"baru": result.dibuat, "ubah": result.diubah, "hapus": result.dihapus},
            )
            return redirect("pegawai:roster_grid", unit_id=unit.pk)
    return render(
        request,
        "pegawai/roster_import.html",
        {"unit": unit, "form": form, "errors": errors},
        status=400 if errors or form.errors else 200,
    )
