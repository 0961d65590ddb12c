"""Finance's screens of the TPK: the month's exports per OPD and format, an OPD's exports with
the form to make new ones, the download of a stored file, and a staff member's slip as PDF
(the slip's page itself is tpk.views.slip).

Access (tpk.ekspor.akses): finance and the admin kepegawaian see and make everything; the Kepala
OPD sees and downloads their OPD's (403 on making); staff see their own slips; anyone else 404.
"""

import base64
from collections import defaultdict
from datetime import date, timedelta

from django.contrib import messages
from django.db.models import Count, Max, Sum
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pegawai.forms_kalender import parse_bulan
from pegawai.models import Pemda, Periode, UnitKerja

from .ekspor import services
from .ekspor.akses import (
    get_ekspor_for_user,
    get_hasil_for_user,
    require_export_screen,
    require_maker,
)
from .ekspor.daftar import Penandatangan
from .ekspor.forms import EksporForm
from .exceptions import TPKError
from .models import EksporTPK, HasilTPK, PembukaanPeriode, PenutupanPeriode

Format = EksporTPK.Format
CONTENT_TYPE = {
    Format.PDF: "application/pdf",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Format.CSV: "text/csv; charset=utf-8",
}


def _periode_for(request) -> Periode | None:
    """The month asked for (?bulan=YYYY-MM), by default the latest closed one; None when that
    month has no row (it was never closed)."""
    value = request.GET.get("bulan")
    if value:
        parsed = parse_bulan(value, default=timezone.localdate())
        if parsed is None:
            messages.error(request, _("Bulan tidak dikenali (tulis YYYY-MM)."))
        else:
            return Periode.objects.filter(tahun=parsed[0], bulan=parsed[1]).first() or Periode(
                tahun=parsed[0], bulan=parsed[1]
            )
    latest = (
        PenutupanPeriode.objects.selesai()
        .select_related("periode")
        .order_by("-periode__tahun", "-periode__bulan")
        .first()
    )
    if latest is not None:
        return latest.periode
    today = timezone.localdate().replace(day=1) - timedelta(days=1)
    return Periode(tahun=today.year, bulan=today.month)


def _nav(periode: Periode) -> dict:
    first = date(periode.tahun, periode.bulan, 1)
    prev = first - timedelta(days=1)
    nxt = first + timedelta(days=32)
    return {
        "bulan": first,
        "sebelumnya": f"{prev.year:04d}-{prev.month:02d}",
        "berikutnya": f"{nxt.year:04d}-{nxt.month:02d}",
    }


def _revisi(periode: Periode) -> list[int]:
    if periode.pk is None:
        return []
    return list(
        PenutupanPeriode.objects.selesai()
        .filter(periode=periode)
        .order_by("revisi")
        .values_list("revisi", flat=True)
    )


@require_safe
def ekspor_index(request):
    """The month: one row per OPD, one cell per format with its newest export."""
    opd_terlihat = require_export_screen(request.user)
    periode = _periode_for(request)
    revisi = _revisi(periode)
    rows, ada_antrian = [], False
    if revisi:
        ringkasan = (
            HasilTPK.objects.of_revisi(periode, revisi[-1])
            .order_by()
            .values("opd_id")
            .annotate(opd_nama=Max("opd_nama"), pegawai=Count("id"), netto=Sum("netto"))
        )
        ekspor = EksporTPK.objects.for_list().filter(periode=periode)
        if opd_terlihat is not None:
            ringkasan = ringkasan.filter(opd_id__in=opd_terlihat)
            ekspor = ekspor.filter(opd_id__in=opd_terlihat)
        per_sel: dict[tuple[int, str], list[EksporTPK]] = defaultdict(list)
        for e in ekspor:  # newest first
            per_sel[(e.opd_id, e.format)].append(e)
            ada_antrian |= e.status == EksporTPK.Status.ANTRI
        for r in sorted(ringkasan, key=lambda r: r["opd_nama"]):
            cells = []
            for format in Format.values:
                daftar = per_sel.get((r["opd_id"], format), [])
                cells.append({"terbaru": daftar[0] if daftar else None, "lainnya": len(daftar) - 1})
            rows.append({**r, "cells": cells})
    context = {
        "periode": periode,
        "revisi": revisi,
        "rows": rows,
        "bisa_buat": services.may_create_exports(request.user),
        "ada_antrian": ada_antrian,
        "bulan_param": f"{periode.tahun:04d}-{periode.bulan:02d}",
        **_nav(periode),
    }
    return render(request, "tpk/ekspor/ekspor_index.html", context)


def _periode_or_404(tahun: int, bulan: int) -> Periode:
    return get_object_or_404(Periode, tahun=tahun, bulan=bulan)


def _opd_or_404(opd_id: int, opd_terlihat: set[int] | None) -> UnitKerja:
    if opd_terlihat is not None and opd_id not in opd_terlihat:
        raise Http404(_("OPD tidak ditemukan."))
    return get_object_or_404(UnitKerja, pk=opd_id, induk__isnull=True)


@require_http_methods(["GET", "HEAD", "POST"])
def ekspor_opd(request, tahun: int, bulan: int, opd_id: int):
    """An OPD's month: every export made (superseded ones labelled), and the form for more."""
    opd_terlihat = require_export_screen(request.user)
    opd = _opd_or_404(opd_id, opd_terlihat)
    periode = _periode_or_404(tahun, bulan)
    if request.method == "POST":
        require_maker(request.user)
    revisi = _revisi(periode)
    form = None
    if services.may_create_exports(request.user) and revisi:
        if request.method == "POST":
            form = EksporForm(request.POST, revisi=revisi)
            if form.is_valid():
                return _buat(request, periode, opd, form)
        else:
            form = EksporForm(revisi=revisi, initial=_initial(periode, opd))
    elif request.method == "POST":
        messages.error(
            request, _("Periode ini belum pernah ditutup: belum ada TPK untuk diekspor.")
        )
        return redirect(request.path)
    context = {
        "periode": periode,
        "opd": opd,
        "ekspor": EksporTPK.objects.for_list().filter(periode=periode, opd=opd),
        "form": form,
        "revisi": revisi,
        "bulan_param": f"{tahun:04d}-{bulan:02d}",
        "bulan": date(tahun, bulan, 1),
    }
    return render(request, "tpk/ekspor/ekspor_opd.html", context)


def _initial(periode: Periode, opd: UnitKerja) -> dict:
    today = timezone.localdate()
    ttd, kertas = services.default_penandatangan(periode, [opd.pk], tanggal=today)[opd.pk]
    return {
        "kertas": kertas,
        "kepala_jabatan": ttd.kepala_jabatan,
        "kepala_nama": ttd.kepala_nama,
        "kepala_nip": ttd.kepala_nip,
        "bendahara_nama": ttd.bendahara_nama,
        "bendahara_nip": ttd.bendahara_nip,
        "tempat": ttd.tempat,
        "tanggal": today,
    }


def _buat(request, periode: Periode, opd: UnitKerja, form: EksporForm):
    data = form.cleaned_data
    ttd = Penandatangan(**{f: data[f] for f in services.PENANDATANGAN}, tanggal=data["tanggal"])
    try:
        for format in data["format"]:
            services.request_export(
                periode,
                opd,
                format=format,
                revisi=data["revisi"],
                kertas=data["kertas"],
                penandatangan=ttd,
                by=request.user,
            )
    except TPKError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Ekspor diminta: %(n)d berkas sedang dibuat. Muat ulang halaman untuk mengunduh.")
            % {"n": len(data["format"])},
        )
    return redirect(request.path)


@require_POST
def ekspor_semua(request, tahun: int, bulan: int):
    """Every OPD's files again, with the default signers (when the automatic run failed)."""
    require_export_screen(request.user)
    require_maker(request.user)
    periode = _periode_or_404(tahun, bulan)
    revisi = _revisi(periode)
    url = f"{reverse('tpk:ekspor_index')}?bulan={tahun:04d}-{bulan:02d}"
    if not revisi:
        messages.error(
            request, _("Periode ini belum pernah ditutup: belum ada TPK untuk diekspor.")
        )
        return redirect(url)
    penutupan = PenutupanPeriode.objects.selesai().get(periode=periode, revisi=revisi[-1])
    try:
        jumlah = len(services.request_exports_for_close(penutupan, by=request.user))
    except TPKError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(n)d berkas sedang dibuat.") % {"n": jumlah})
    return redirect(url)


@require_safe
def ekspor_unduh(request, pk: int):
    """A stored export, to the people who may see it; never a public URL."""
    ekspor = get_ekspor_for_user(request, pk)
    try:
        berkas = ekspor.berkas.open("rb")
    except FileNotFoundError:
        raise Http404(_("Berkas ekspor tidak ditemukan di penyimpanan.")) from None
    response = FileResponse(
        berkas,
        as_attachment=True,
        filename=ekspor.nama_berkas,
        content_type=CONTENT_TYPE[ekspor.format],
    )
    response["Cache-Control"] = "private, no-store"
    digest = base64.b64encode(bytes.fromhex(ekspor.sha256)).decode("ascii")
    response["Repr-Digest"] = f"sha-256=:{digest}:"
    return response


@require_safe
def slip_pdf(request, pk: int):
    """A staff member's slip for one month and revision, made when asked (PDF)."""
    from .ekspor.pdf import render_slip_pdf

    hasil = get_hasil_for_user(request, pk)
    diganti = PembukaanPeriode.objects.filter(
        periode=hasil.periode_id, revisi__gte=hasil.revisi
    ).exists()
    isi = render_slip_pdf(hasil, pemda=Pemda.current(), diganti=diganti)
    p = hasil.periode
    nama = f"Slip-TPK-{p.tahun:04d}-{p.bulan:02d}-{hasil.nip}-rev{hasil.revisi}.pdf"
    response = HttpResponse(isi, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{nama}"'
    response["Cache-Control"] = "private, no-store"
    return response
