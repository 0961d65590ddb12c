"""State changes of the exports; the receivers of the close's signals, the tasks, the finance
screen and `export_tpk` call these.

An export is a row first (`antri`), then a file: `build_export` renders it, stores it through
Django's storage API with its SHA-256 and flips the row to `selesai` with a compare-and-swap, so
two workers on the same row store one file. Automatic exports (after a close) are unique per
month, revision, OPD and format in the database: a rerun of the after-close task adds nothing.
"""

import hashlib
import logging
from calendar import monthrange
from collections.abc import Iterable
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from pegawai.models import Pemda, Periode, UnitKerja
from pegawai.services import log_action

from ..exceptions import TPKError
from ..models import EksporTPK, HasilTPK, PembukaanPeriode, PenutupanPeriode
from ..models.ekspor import berkas_path
from .bank import render_daftar_bank
from .daftar import DaftarTPK, Penandatangan, load_daftar, revisi_for
from .organisasi import kepala_opd

logger = logging.getLogger(__name__)

Format = EksporTPK.Format
Status = EksporTPK.Status
EKSTENSI = {Format.PDF: "pdf", Format.XLSX: "xlsx", Format.CSV: "csv"}
PENANDATANGAN = (
    "kepala_jabatan",
    "kepala_nama",
    "kepala_nip",
    "bendahara_nama",
    "bendahara_nip",
    "tempat",
)


def may_create_exports(user) -> bool:
    """Finance and the admin kepegawaian make exports; a Kepala OPD only downloads them."""
    return bool(user and (user.is_keuangan or user.is_admin_kepegawaian))


def render_export(format: str, daftar: DaftarTPK) -> tuple[bytes, list[str]]:
    """The file of one format, and its warnings (staff left out of the bank list)."""
    # Imported when used: WeasyPrint and openpyxl are heavy for every process that loads tpk.
    if format == Format.PDF:
        from .pdf import render_daftar_pdf

        return render_daftar_pdf(daftar), []
    if format == Format.XLSX:
        from .xlsx import render_daftar_xlsx

        return render_daftar_xlsx(daftar), []
    if format == Format.CSV:
        bank = render_daftar_bank(daftar)
        return bank.csv, bank.peringatan
    raise ValueError(f"format ekspor tidak dikenal: {format!r}")


# Defaults of the signers --------------------------------------------------------------------


def last_used(opd_ids: Iterable[int]) -> dict[int, dict]:
    """Per OPD, the signers and paper of its newest export that named a bendahara (and its
    newest PDF's paper), in one query."""
    terakhir = EksporTPK.objects.filter(opd=OuterRef("pk")).exclude(bendahara_nama="")
    terakhir = terakhir.order_by("-dibuat_pada", "-id")
    kertas = EksporTPK.objects.filter(opd=OuterRef("pk"), format=Format.PDF)
    kertas = kertas.order_by("-dibuat_pada", "-id").values("kertas")[:1]
    units = UnitKerja.objects.filter(pk__in=list(opd_ids)).annotate(
        kertas_terakhir=Subquery(kertas),
        **{f"{f}_terakhir": Subquery(terakhir.values(f)[:1]) for f in PENANDATANGAN},
    )
    return {
        u.pk: {
            "kertas": u.kertas_terakhir,
            **{f: getattr(u, f"{f}_terakhir") for f in PENANDATANGAN},
        }
        for u in units
        if u.kertas_terakhir or u.bendahara_nama_terakhir
    }


def default_penandatangan(
    periode: Periode, opd_ids: Iterable[int], *, tanggal: date
) -> dict[int, tuple[Penandatangan, str]]:
    """Per OPD, who signs and on which paper, unless the person asking says otherwise.

    The Kepala OPD is whoever heads the OPD at the end of the month (org data); the wording
    finance last used for the same person is kept. The bendahara and the paper are the last
    used for the OPD; the place is the pemda's. Three queries, whatever the number of OPDs.
    """
    opd_ids = list(opd_ids)
    akhir = date(periode.tahun, periode.bulan, monthrange(periode.tahun, periode.bulan)[1])
    kepala = kepala_opd(opd_ids, akhir)
    dulu = last_used(opd_ids)
    tempat = Pemda.current().tempat
    hasil = {}
    for opd_id in opd_ids:
        lama = dulu.get(opd_id, {})
        k = kepala.get(opd_id)
        if k is not None and lama.get("kepala_nip") != k.nip:
            kepala_fields = {
                "kepala_jabatan": k.jabatan,
                "kepala_nama": k.nama,
                "kepala_nip": k.nip,
            }
        else:
            kepala_fields = {f: lama.get(f) or "" for f in PENANDATANGAN[:3]}
        hasil[opd_id] = (
            Penandatangan(
                **kepala_fields,
                bendahara_nama=lama.get("bendahara_nama") or "",
                bendahara_nip=lama.get("bendahara_nip") or "",
                tempat=lama.get("tempat") or tempat,
                tanggal=tanggal,
            ),
            lama.get("kertas") or EksporTPK.Kertas.A4,
        )
    return hasil


# Creating and building ----------------------------------------------------------------------


def _pembukaan_for(periode: Periode, revisi: int) -> PembukaanPeriode | None:
    """The reopen that superseded a revision, if the month was reopened since."""
    return (
        PembukaanPeriode.objects.filter(periode=periode, revisi__gte=revisi)
        .order_by("pada", "id")
        .first()
    )


def _queue(ids: list[int]) -> None:
    from ..tasks_ekspor import buat_ekspor

    for pk in ids:
        transaction.on_commit(lambda pk=pk: buat_ekspor.delay(pk))


def opd_of_revisi(periode: Periode, revisi: int) -> list[int]:
    return list(
        HasilTPK.objects.of_revisi(periode, revisi)
        .order_by()
        .values_list("opd_id", flat=True)
        .distinct()
    )


def _create_for_close(penutupan: PenutupanPeriode, *, otomatis: bool, by, now) -> list[EksporTPK]:
    """One export per OPD of the close's results and per format, with the default signers."""
    periode, revisi = penutupan.periode, penutupan.revisi
    opd_ids = opd_of_revisi(periode, revisi)
    defaults = default_penandatangan(periode, opd_ids, tanggal=timezone.localdate(now))
    pembukaan = _pembukaan_for(periode, revisi)
    rows = []
    for opd_id in opd_ids:
        ttd, kertas = defaults[opd_id]
        for format in Format.values:
            rows.append(
                EksporTPK(
                    periode=periode,
                    revisi=revisi,
                    opd_id=opd_id,
                    format=format,
                    kertas=kertas if format == Format.PDF else "",
                    otomatis=otomatis,
                    dibuat_oleh=by,
                    dibuat_pada=now,
                    diganti_pada=pembukaan.pada if pembukaan else None,
                    pembukaan=pembukaan,
                    **_ttd_fields(ttd),
                )
            )
    return rows


@transaction.atomic
def queue_exports_after_close(penutupan: PenutupanPeriode, *, now=None) -> list[int]:
    """Create and queue the automatic exports of a finished close: every OPD of its results as
    PDF (on the paper the OPD last used), XLSX and bank CSV. Safe to run again: the database
    keeps one automatic export per month, revision, OPD and format."""
    now = now or timezone.now()
    if penutupan.status != PenutupanPeriode.Status.SELESAI:
        return []
    rows = _create_for_close(penutupan, otomatis=True, by=None, now=now)
    EksporTPK.objects.bulk_create(rows, ignore_conflicts=True)
    ids = list(
        EksporTPK.objects.filter(
            periode=penutupan.periode,
            revisi=penutupan.revisi,
            otomatis=True,
            status=Status.ANTRI,
        ).values_list("id", flat=True)
    )
    _queue(ids)
    return ids


@transaction.atomic
def request_exports_for_close(penutupan: PenutupanPeriode, *, by, now=None) -> list[int]:
    """Every OPD's files of a close again, on demand, with the default signers."""
    now = now or timezone.now()
    if not may_create_exports(by):
        raise TPKError(_("Hanya keuangan dan admin kepegawaian yang dapat membuat ekspor TPK."))
    if penutupan.status != PenutupanPeriode.Status.SELESAI:
        raise TPKError(_("Penutupan ini belum selesai: belum ada TPK untuk diekspor."))
    rows = EksporTPK.objects.bulk_create(
        _create_for_close(penutupan, otomatis=False, by=by, now=now)
    )
    log_action(
        "tpk.ekspor_minta_semua",
        by=by,
        obj=penutupan,
        now=now,
        data={"periode": penutupan.periode_id, "revisi": penutupan.revisi, "berkas": len(rows)},
    )
    ids = [e.pk for e in rows]
    _queue(ids)
    return ids


def _ttd_fields(ttd: Penandatangan) -> dict:
    return {**{f: getattr(ttd, f) for f in PENANDATANGAN}, "tanggal": ttd.tanggal}


@transaction.atomic
def request_export(
    periode: Periode,
    opd: UnitKerja,
    *,
    format: str,
    by,
    revisi: int | None = None,
    kertas: str = "",
    penandatangan: Penandatangan,
    now=None,
) -> EksporTPK:
    """Ask for one export on demand (the finance screen); it is made by a worker."""
    now = now or timezone.now()
    if not may_create_exports(by):
        raise TPKError(_("Hanya keuangan dan admin kepegawaian yang dapat membuat ekspor TPK."))
    if format not in Format.values:
        raise TPKError(_("Format ekspor tidak dikenal."))
    revisi = revisi_for(periode, revisi)
    if not HasilTPK.objects.for_opd(periode, revisi, opd).exists():
        raise TPKError(
            _("%(opd)s tidak punya pegawai dalam hasil TPK revisi %(revisi)d.")
            % {"opd": opd.nama, "revisi": revisi}
        )
    if format == Format.PDF:
        kertas = kertas or EksporTPK.Kertas.A4
        if kertas not in EksporTPK.Kertas.values:
            raise TPKError(_("Ukuran kertas tidak dikenal."))
    else:
        kertas = ""
    pembukaan = _pembukaan_for(periode, revisi)
    ekspor = EksporTPK.objects.create(
        periode=periode,
        revisi=revisi,
        opd=opd,
        format=format,
        kertas=kertas,
        dibuat_oleh=by,
        dibuat_pada=now,
        diganti_pada=pembukaan.pada if pembukaan else None,
        pembukaan=pembukaan,
        **_ttd_fields(penandatangan),
    )
    log_action(
        "tpk.ekspor_minta",
        by=by,
        obj=ekspor,
        now=now,
        data={"periode": periode.pk, "revisi": revisi, "opd": opd.pk, "format": format},
    )
    _queue([ekspor.pk])
    return ekspor


def build_export(ekspor_id: int, *, now=None) -> EksporTPK | None:
    """Render and store a queued export. A failure is recorded on the row (`gagal`, with the
    message) for finance to see and ask again; a row already done is left as it is."""
    ekspor = EksporTPK.objects.select_related("periode", "opd").filter(pk=ekspor_id).first()
    if ekspor is None or ekspor.status != Status.ANTRI:
        return ekspor
    try:
        daftar = load_daftar(
            ekspor.periode,
            ekspor.opd,
            revisi=ekspor.revisi,
            penandatangan=Penandatangan(**_ttd_fields(ekspor)),
            kertas=ekspor.kertas or EksporTPK.Kertas.A4,
        )
        isi, peringatan = render_export(ekspor.format, daftar)
    except Exception as exc:
        logger.exception("Ekspor TPK %s gagal", ekspor_id)
        EksporTPK.objects.filter(pk=ekspor_id, status=Status.ANTRI).update(
            status=Status.GAGAL, pesan_galat=str(exc)[:2000], selesai_pada=now or timezone.now()
        )
        ekspor.refresh_from_db()
        return ekspor
    ext = EKSTENSI[ekspor.format]
    nama = daftar.nama_berkas(ext)
    # The stored name only needs to be unique (the id) and dot-free before the extension; the
    # person downloading gets `nama`.
    disimpan_sebagai = f"{ekspor.pk}-rev{ekspor.revisi}-{ekspor.kertas or ext}.{ext}"
    storage = ekspor.berkas.storage
    disimpan = storage.save(berkas_path(ekspor, disimpan_sebagai), ContentFile(isi))
    selesai = EksporTPK.objects.filter(pk=ekspor_id, status=Status.ANTRI).update(
        status=Status.SELESAI,
        berkas=disimpan,
        nama_berkas=nama,
        sha256=hashlib.sha256(isi).hexdigest(),
        ukuran=len(isi),
        jumlah_pegawai=len(daftar.rows),
        jumlah_netto=daftar.total["netto"],
        peringatan=peringatan,
        selesai_pada=now or timezone.now(),
    )
    if not selesai:  # another worker finished it first: keep one file
        storage.delete(disimpan)
    ekspor.refresh_from_db()
    return ekspor


def supersede_exports(pembukaan: PembukaanPeriode) -> int:
    """Label the exports of the reopened revision (and older) as superseded; they are kept."""
    return EksporTPK.objects.filter(
        periode=pembukaan.periode_id, revisi__lte=pembukaan.revisi, diganti_pada__isnull=True
    ).update(diganti_pada=pembukaan.pada, pembukaan=pembukaan)
