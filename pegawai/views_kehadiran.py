"""Screens of attendance: a person's month, a unit's month grid, leave ranges, corrections and the
import. Who sees what: everyone their own month; a supervisor their subordinates (also as a
grid of a unit); admin kepegawaian, the review team and finance everyone. Only admin kepegawaian
changes anything. Each view: authorise, validate, call a service, redirect."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import kehadiran as rules
from . import services_kehadiran as services
from .access import get_pegawai_for_user, require_admin_kepegawaian
from .exceptions import KepegawaianError
from .forms_kehadiran import AlasanForm, ImporKehadiranForm, IzinForm, KoreksiForm
from .importer import ImportErrors
from .jadwal import Jadwal, hari_kerja_on, rentang_bulan
from .kehadiran_impor import import_kehadiran, import_kehadiran_harian
from .models import Izin, Kehadiran, LogAbsen, Pegawai, Periode, RiwayatKehadiran, UnitKerja
from .templatetags.ekinerja import tanggal as format_tanggal
from .views_kalender import NAMA_HARI, _bulan, _month_nav

GRID_PAGE_SIZE = 50
IZIN_PAGE_SIZE = 50
MAX_ERRORS_SHOWN = 500


def css_kode(kode: str, tl: int = 0, psw: int = 0) -> str:
    """The badge colour of a code: present, present with a band, absent, on leave."""
    if kode == rules.H:
        return "text-bg-warning" if tl or psw else "text-bg-success"
    if kode == rules.TK:
        return "text-bg-danger"
    return "text-bg-info"


@dataclass
class Ringkasan:
    hari: int
    per_kode: dict[str, int]
    tl: int  # days with a TL band
    psw: int  # days with a PSW band

    @property
    def izin(self) -> list[tuple[str, int]]:
        """Days of each leave or duty code that occurs."""
        return [(k, self.per_kode[k]) for k in rules.KODE_IZIN if self.per_kode[k]]

    @classmethod
    def of(cls, rows) -> "Ringkasan":
        kode = Counter(r.kode for r in rows)
        return cls(
            hari=len(rows),
            per_kode={k: kode.get(k, 0) for k in rules.KODE},
            tl=sum(1 for r in rows if r.tl),
            psw=sum(1 for r in rows if r.psw),
        )


def _is_closed(tahun: int, bulan: int) -> bool:
    return Periode.is_closed(date(tahun, bulan, 1))


# A person's month ---------------------------------------------------------------------------


@require_safe
def kehadiran_saya(request):
    pegawai = getattr(request.user, "pegawai", None)
    if pegawai is None:
        return redirect("pegawai:kehadiran_index")
    url = reverse("pegawai:kehadiran", args=[pegawai.nip])
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url)


@require_safe
def kehadiran_pegawai(request, nip: str):
    """A person's month: each working day with its code, scan times, minutes and source; the
    month's counts, leave ranges and the decisions taken on its days."""
    pegawai = get_pegawai_for_user(request, nip)
    tahun, bulan = _bulan(request)
    start, end = rentang_bulan(tahun, bulan)
    jadwal = Jadwal.load([pegawai.pk], start, end)
    hari_kerja = jadwal.hari_kerja(pegawai.pk)
    libur = jadwal.libur_for(pegawai.pk)
    records = {
        k.tanggal: k
        for k in Kehadiran.objects.filter(pegawai=pegawai, tanggal__range=(start, end)).order_by()
    }
    today = timezone.localdate()
    can_change = request.user.is_admin_kepegawaian
    days = []
    for i in range((end - start).days + 1):
        day = start + timedelta(days=i)
        record = records.get(day)
        hari = hari_kerja.get(day)
        if hari is None and record is None:
            continue
        days.append(
            {
                "tanggal": day,
                "hari": hari,
                "libur": libur.get(day),
                "k": record,
                "css": css_kode(record.kode, record.tl, record.psw) if record else "",
                "bisa_koreksi": can_change and hari is not None and day <= today,
            }
        )
    izin = Izin.objects.filter(pegawai=pegawai).overlapping(start, end).order_by("mulai", "id")
    riwayat = (
        RiwayatKehadiran.objects.filter(pegawai=pegawai, tanggal__range=(start, end))
        .select_related("oleh__pegawai", "izin")
        .order_by("-pada", "-id")
    )
    return render(
        request,
        "pegawai/kehadiran_pegawai.html",
        {
            "pegawai": pegawai,
            "days": days,
            "ringkasan": Ringkasan.of(list(records.values())),
            "izin": izin,
            "riwayat": riwayat,
            "can_change": can_change,
            "ditutup": _is_closed(tahun, bulan),
            **_month_nav(tahun, bulan),
        },
    )


# A unit's month grid ----------------------------------------------------------------------


def get_unit_for_kehadiran(request, unit_id: int):
    """The unit and the staff of it (and below) the user may see: all of them for HR, the
    review team and finance; a supervisor's own people there; 404 when none."""
    unit = UnitKerja.objects.filter(pk=unit_id).first()
    if unit is None:
        raise Http404(_("Unit kerja tidak ditemukan."))
    staff = Pegawai.objects.in_unit(unit)
    if not request.user.sees_all_pegawai:
        own = getattr(request.user, "pegawai", None)
        staff = staff.filter(pk__in=Pegawai.objects.visible_to(request.user).values("pk"))
        if own is not None:
            staff = staff.exclude(pk=own.pk)
        if not staff.exists():
            raise Http404(_("Unit kerja tidak ditemukan."))
    return unit, staff


@require_safe
def kehadiran_index(request):
    """The units whose grid the user may open: every unit for HR, the review team and finance;
    for a supervisor the units of their people. Anyone else goes to their own month."""
    user = request.user
    if user.sees_all_pegawai:
        units = UnitKerja.objects.filter(aktif=True).order_by("kode")
    else:
        own = getattr(user, "pegawai", None)
        people = Pegawai.objects.visible_to(user)
        if own is not None:
            people = people.exclude(pk=own.pk)
        units = UnitKerja.objects.filter(pk__in=people.values("unit")).order_by("kode")
    units = list(units)
    if not units and not user.sees_all_pegawai:
        return redirect("pegawai:kehadiran_saya")
    return render(request, "pegawai/kehadiran_index.html", {"units": units})


@require_safe
def kehadiran_unit(request, unit_id: int):
    """The month grid of a unit: a code per person per day, 50 people to a page; a fixed number
    of queries whatever the unit's size."""
    unit, staff = get_unit_for_kehadiran(request, unit_id)
    tahun, bulan = _bulan(request)
    start, end = rentang_bulan(tahun, bulan)
    staff = (
        staff.filter(aktif_mulai__lte=end)
        .exclude(aktif_selesai__lt=start)
        .select_related("jabatan")
        .order_by("nama", "nip")
    )
    page = Paginator(staff, GRID_PAGE_SIZE).get_page(request.GET.get("page"))
    people = list(page)
    ids = [p.pk for p in people]
    jadwal = Jadwal.load(ids, start, end)
    records: dict[int, dict[date, Kehadiran]] = {pk: {} for pk in ids}
    for k in Kehadiran.objects.filter(pegawai__in=ids, tanggal__range=(start, end)).only(
        "pegawai_id", "tanggal", "kode", "tl", "psw", "sumber"
    ):
        records[k.pegawai_id][k.tanggal] = k
    dates = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    libur_umum = {item.tanggal: item for item in jadwal.libur if item.kalender_id is None}
    rows = []
    for p in people:
        hari_kerja = jadwal.hari_kerja(p.pk)
        mine = records[p.pk]
        cells = []
        for day in dates:
            k = mine.get(day)
            cells.append(
                {
                    "tanggal": day,
                    "k": k,
                    # "TL1 PSW2" on two lines keeps the grid's columns narrow.
                    "teks": k.tampil.replace(" ", "\n") if k else "",
                    "kerja": day in hari_kerja,
                    "css": css_kode(k.kode, k.tl, k.psw) if k else "",
                    "libur": day in libur_umum,
                }
            )
        rows.append({"pegawai": p, "cells": cells, "ringkasan": Ringkasan.of(list(mine.values()))})
    return render(
        request,
        "pegawai/kehadiran_unit.html",
        {
            "unit": unit,
            "rows": rows,
            "page": page,
            "days": [
                {"tanggal": d, "libur": libur_umum.get(d), "nama": NAMA_HARI[d.weekday()]}
                for d in dates
            ],
            "ditutup": _is_closed(tahun, bulan),
            **_month_nav(tahun, bulan),
        },
    )


# Leave and duty ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def izin_list(request):
    """The month's leave and duty ranges; the admin records new ones here."""
    if not request.user.sees_all_pegawai:
        raise PermissionDenied(_("Daftar izin/cuti hanya untuk admin, tim penilai dan keuangan."))
    tahun, bulan = _bulan(request)
    initial = {}
    nip = request.GET.get("nip", "")
    if nip:
        initial["pegawai"] = nip
    form = IzinForm(request.POST or None, initial=initial)
    refused = False
    if request.method == "POST":
        require_admin_kepegawaian(request)
        if form.is_valid():
            data = form.cleaned_data
            try:
                hasil = services.create_izin(
                    data["pegawai"],
                    kode=data["kode"],
                    mulai=data["mulai"],
                    selesai=data["selesai"],
                    alasan=data["alasan"],
                    dasar=data["dasar"],
                    by=request.user,
                )
            except KepegawaianError as exc:
                messages.error(request, str(exc))
                refused = True
            else:
                messages.success(
                    request,
                    _("%(kode)s %(nama)s dicatat: %(n)d hari kerja.")
                    % {
                        "kode": hasil.izin.get_kode_display(),
                        "nama": data["pegawai"].nama,
                        "n": hasil.hari,
                    },
                )
                if hasil.dikoreksi:
                    messages.warning(
                        request,
                        _("Hari yang sudah dikoreksi tidak diubah: %(tgl)s.")
                        % {"tgl": ", ".join(format_tanggal(d, "pendek") for d in hasil.dikoreksi)},
                    )
                mulai = hasil.izin.mulai
                return redirect(
                    f"{reverse('pegawai:izin_list')}?bulan={mulai.year:04d}-{mulai.month:02d}"
                )
    start, end = rentang_bulan(tahun, bulan)
    izin = (
        Izin.objects.overlapping(start, end)
        .select_related("pegawai", "dibuat_oleh__pegawai", "dibatalkan_oleh__pegawai")
        .order_by("mulai", "pegawai__nama", "id")
    )
    page = Paginator(izin, IZIN_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "pegawai/kehadiran_izin.html",
        {
            "form": form,
            "page": page,
            "can_change": request.user.is_admin_kepegawaian,
            "batal_form": AlasanForm(),
            **_month_nav(tahun, bulan),
        },
        status=400 if form.errors or refused else 200,
    )


def get_izin_for_user(request, pk: int) -> Izin:
    """A leave range if the user may see its person; 404 otherwise."""
    izin = Izin.objects.select_related("pegawai").filter(pk=pk).first()
    if (
        izin is None
        or not Pegawai.objects.visible_to(request.user).filter(pk=izin.pegawai_id).exists()
    ):
        raise Http404(_("Izin/cuti tidak ditemukan."))
    return izin


@require_POST
def izin_batal(request, pk: int):
    izin = get_izin_for_user(request, pk)
    require_admin_kepegawaian(request)
    form = AlasanForm(request.POST)
    back = f"{reverse('pegawai:izin_list')}?bulan={izin.mulai.year:04d}-{izin.mulai.month:02d}"
    if not form.is_valid():
        messages.error(request, _("Alasan pembatalan wajib diisi."))
        return redirect(back)
    try:
        perubahan = services.cancel_izin(izin, alasan=form.cleaned_data["alasan"], by=request.user)
    except KepegawaianError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(kode)s %(nama)s dibatalkan; %(n)d hari dihitung ulang.")
            % {"kode": izin.get_kode_display(), "nama": izin.pegawai.nama, "n": perubahan.total},
        )
    return redirect(back)


# Corrections ------------------------------------------------------------------------------


def _scans_of_day(pegawai: Pegawai, day: date) -> list:
    """The machine's scans in the day's window (its own, not cut by a neighbouring shift): the
    evidence the admin looks at before correcting."""
    hari = hari_kerja_on(pegawai.pk, day)
    if hari is None:
        return []
    ((start, end),) = rules.jendela([hari]).values()
    tz = timezone.get_current_timezone()
    return [
        timezone.localtime(w, tz)
        for w in LogAbsen.objects.filter(
            pegawai=pegawai, waktu__gte=start.replace(tzinfo=tz), waktu__lt=end.replace(tzinfo=tz)
        )
        .order_by("waktu")
        .values_list("waktu", flat=True)
    ]


def _parse_tanggal(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise Http404(_("Tanggal tidak dikenali.")) from None


@require_http_methods(["GET", "POST"])
def kehadiran_koreksi(request, nip: str, tanggal: str):
    """A day of a person: its record and history; the admin corrects it or withdraws a
    correction."""
    pegawai = get_pegawai_for_user(request, nip)
    day = _parse_tanggal(tanggal)
    require_admin_kepegawaian(request)
    record = Kehadiran.objects.filter(pegawai=pegawai, tanggal=day).select_related("izin").first()
    initial = {"kode": record.kode, "tl": record.tl, "psw": record.psw} if record else {}
    form = KoreksiForm(initial=initial)
    batal_form = AlasanForm()
    back = f"{reverse('pegawai:kehadiran', args=[pegawai.nip])}?bulan={day:%Y-%m}"
    refused = False
    if request.method == "POST":
        withdraw = request.POST.get("aksi") == "batal"
        if withdraw:
            batal_form = AlasanForm(request.POST)
            valid = batal_form.is_valid()
        else:
            form = KoreksiForm(request.POST)
            valid = form.is_valid()
        if valid:
            try:
                if withdraw:
                    services.withdraw_koreksi(
                        pegawai, day, alasan=batal_form.cleaned_data["alasan"], by=request.user
                    )
                else:
                    data = form.cleaned_data
                    services.correct_kehadiran(
                        pegawai,
                        day,
                        kode=data["kode"],
                        tl=data["tl"],
                        psw=data["psw"],
                        alasan=data["alasan"],
                        by=request.user,
                    )
            except KepegawaianError as exc:
                messages.error(request, str(exc))
                refused = True
            else:
                messages.success(
                    request,
                    (
                        _("Koreksi %(tgl)s dibatalkan.")
                        if withdraw
                        else _("Kehadiran %(tgl)s dikoreksi.")
                    )
                    % {"tgl": format_tanggal(day)},
                )
                return redirect(back)
        else:
            refused = True
    riwayat = (
        RiwayatKehadiran.objects.filter(pegawai=pegawai, tanggal=day)
        .select_related("oleh__pegawai", "izin")
        .order_by("-pada", "-id")
    )
    return render(
        request,
        "pegawai/kehadiran_koreksi.html",
        {
            "scans": _scans_of_day(pegawai, day),
            "pegawai": pegawai,
            "tanggal": day,
            "k": record,
            "css": css_kode(record.kode, record.tl, record.psw) if record else "",
            "form": form,
            "batal_form": batal_form,
            "riwayat": riwayat,
            "back": back,
        },
        status=400 if refused else 200,
    )


# Import -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def kehadiran_import(request):
    require_admin_kepegawaian(request)
    form = ImporKehadiranForm(request.POST or None, request.FILES or None)
    errors, result = [], None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        berkas = data["berkas"]
        try:
            if data["format"] == ImporKehadiranForm.HARIAN:
                result = import_kehadiran_harian(
                    berkas.read(), filename=berkas.name, by=request.user
                )
            else:
                result = import_kehadiran(
                    berkas.read(),
                    filename=berkas.name,
                    by=request.user,
                    bulan=data["bulan"],
                    units=[data["unit"]] if data["unit"] else [],
                    semua=data["semua"],
                )
        except ImportErrors as exc:
            errors = exc.errors
            messages.error(
                request,
                _(
                    "Tidak ada kehadiran yang disimpan: %(n)d masalah ditemukan di berkas. "
                    "Perbaiki lalu unggah lagi."
                )
                % {"n": len(errors)},
            )
        else:
            if result.berubah or result.scan_baru:
                messages.success(
                    request,
                    _(
                        "Impor selesai: %(pegawai)d pegawai, %(baru)d hari baru, %(ubah)d diubah, "
                        "%(hapus)d dihapus."
                    )
                    % {
                        "pegawai": result.pegawai,
                        "baru": result.dibuat,
                        "ubah": result.diubah,
                        "hapus": result.dihapus,
                    },
                )
            else:
                messages.info(request, _("Berkas ini sudah diimpor: tidak ada yang berubah."))
    return render(
        request,
        "pegawai/kehadiran_import.html",
        {
            "form": form,
            "errors": errors[:MAX_ERRORS_SHOWN],
            "error_count": len(errors),
            "result": result,
            "peringatan": result.peringatan[:MAX_ERRORS_SHOWN] if result else [],
        },
        status=400 if errors or form.errors else 200,
    )
