from datetime import date
from math import ceil

from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from .access import get_pegawai_for_user, require_admin_kepegawaian
from .forms import ImportPegawaiForm, PegawaiFilterForm
from .hierarki import Hierarki
from .importer import ImportErrors, import_pegawai
from .models import Pegawai, Pemda, UnitKerja

PAGE_SIZE = 50
# A badly broken file of 20,000 rows must not render 20,000 table rows.
MAX_ERRORS_SHOWN = 500


@login_not_required
@require_safe
def pemda_logo(request):
    """The pemda's logo for the login page and documents; media is never served publicly."""
    pemda = Pemda.current()
    if not pemda.logo:
        raise Http404(_("Logo pemda belum diunggah."))
    return FileResponse(pemda.logo.open("rb"))


def login_locked_out(request, original_response=None, credentials=None):
    """The page axes shows instead of the login form while a NIP is locked out from the address
    (AXES_LOCKOUT_CALLABLE): until when, and who can unlock it sooner."""
    cooloff = settings.AXES_COOLOFF_TIME
    terakhir = AccessAttempt.objects.filter(
        username=get_client_username(request, credentials),
        ip_address=getattr(request, "axes_ip_address", None),
    ).aggregate(terakhir=Max("attempt_time"))["terakhir"]
    context = {
        "menit": ceil(cooloff.total_seconds() / 60),
        "sampai": terakhir + cooloff if terakhir else None,
    }
    return render(request, "registration/lockout.html", context, status=429)


@require_safe
def home(request):
    pegawai = getattr(request.user, "pegawai", None)
    atasan = bawahan = None
    if pegawai is not None:
        hier = Hierarki.around(pegawai.pk, date.today())
        atasan_id = hier.atasan_of(pegawai.pk)
        people = Pegawai.objects.with_related().in_bulk({atasan_id, *hier.bawahan_of(pegawai.pk)})
        atasan = people.pop(atasan_id, None)
        bawahan = sorted(people.values(), key=lambda p: p.nama)
    return render(
        request,
        "pegawai/home.html",
        {
            "pegawai": pegawai,
            "atasan": atasan,
            "bawahan": bawahan,
            "today": date.today(),
        },
    )


@require_safe
def unit_tree(request):
    """The whole org tree with head counts, in two queries, shown as an indented list."""
    today = date.today()
    counts = dict(
        Pegawai.objects.active_on(today).values_list("unit").annotate(n=Count("id")).order_by()
    )
    units = list(UnitKerja.objects.filter(aktif=True).order_by("kode"))
    children: dict[int | None, list[UnitKerja]] = {}
    for unit in units:
        children.setdefault(unit.induk_id, []).append(unit)

    rows = []

    def walk(unit: UnitKerja, depth: int) -> int:
        index = len(rows)
        rows.append({"unit": unit, "depth": depth, "own": counts.get(unit.pk, 0), "total": 0})
        total = counts.get(unit.pk, 0) + sum(walk(c, depth + 1) for c in children.get(unit.pk, []))
        rows[index]["total"] = total
        return total

    known = {u.pk for u in units}
    for root in [u for u in units if u.induk_id is None or u.induk_id not in known]:
        walk(root, 0)
    return render(request, "pegawai/unit_tree.html", {"rows": rows, "total": sum(counts.values())})


@require_safe
def pegawai_list(request):
    """The staff directory: everyone for HR, review team and finance; a supervisor's people."""
    queryset = Pegawai.objects.visible_to(request.user)
    if not request.user.sees_all_pegawai and not queryset.exclude(user=request.user).exists():
        raise PermissionDenied(
            _("Daftar pegawai hanya untuk atasan, tim penilai, keuangan, dan admin.")
        )
    form = PegawaiFilterForm(request.GET or None)
    today = date.today()
    status = "aktif"
    if form.is_valid():
        data = form.cleaned_data
        queryset = queryset.search(data["q"])
        if data["unit"]:
            queryset = queryset.in_unit(data["unit"])
        if data["jenis_asn"]:
            queryset = queryset.filter(jenis_asn=data["jenis_asn"])
        if data["golongan"]:
            queryset = queryset.filter(golongan=data["golongan"])
        status = data["status"] or "aktif"
    if status == "aktif":
        queryset = queryset.active_on(today)
    elif status == "nonaktif":
        queryset = queryset.exclude(pk__in=Pegawai.objects.active_on(today))
    page = Paginator(queryset.with_related().order_by("nama", "nip"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "pegawai/pegawai_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@require_safe
def pegawai_detail(request, nip: str):
    pegawai = get_pegawai_for_user(request, nip)
    hier = Hierarki.around(pegawai.pk, date.today())
    atasan_id = hier.atasan_of(pegawai.pk)
    related = Pegawai.objects.with_related().in_bulk({atasan_id, *hier.bawahan_of(pegawai.pk)})
    atasan = related.pop(atasan_id, None)
    penugasan = pegawai.penugasan.select_related("jabatan__unit").order_by("-mulai", "-id")
    can_see_private = (
        request.user.is_admin_kepegawaian
        or request.user.is_keuangan
        or (pegawai.user_id == request.user.pk)
    )
    return render(
        request,
        "pegawai/pegawai_detail.html",
        {
            "pegawai": pegawai,
            "atasan": atasan,
            "bawahan": sorted(related.values(), key=lambda p: p.nama),
            "penugasan": penugasan,
            "can_see_private": can_see_private,
        },
    )


@require_http_methods(["GET", "POST"])
def pegawai_import(request):
    require_admin_kepegawaian(request)
    form = ImportPegawaiForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        berkas = form.cleaned_data["berkas"]
        try:
            result = import_pegawai(berkas, filename=berkas.name, by=request.user)
        except ImportErrors as exc:
            errors = exc.errors
            messages.error(
                request,
                _(
                    "Tidak ada data yang disimpan: %(n)d masalah ditemukan di berkas. Perbaiki lalu unggah lagi."
                )
                % {"n": len(errors)},
            )
        else:
            messages.success(
                request,
                _(
                    "Impor selesai: %(baru)d pegawai baru, %(ubah)d diperbarui, %(sama)d tidak "
                    "berubah; %(unit)d unit kerja dan %(jabatan)d jabatan baru dibuat. Pegawai baru "
                    "belum punya kata sandi: setel di data master."
                )
                % {
                    "baru": result.created,
                    "ubah": result.updated,
                    "sama": result.unchanged,
                    "unit": result.units_created,
                    "jabatan": result.jabatan_created,
                },
            )
            return redirect("pegawai:list")
    status = 400 if errors else 200
    context = {"form": form, "errors": errors[:MAX_ERRORS_SHOWN], "error_count": len(errors)}
    return render(request, "pegawai/pegawai_import.html", context, status=status)
