"""Every state change of the organisation and staff data: one function each."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .exceptions import KepegawaianError
from .models import Jabatan, LogAksi, Pegawai, Penugasan


def log_action(aksi: str, *, by, obj=None, alasan: str = "", data=None, now=None) -> LogAksi:
    """Record who did what, when and why, in the caller's transaction."""
    return LogAksi.objects.create(
        pelaku=by,
        waktu=now or timezone.now(),
        aksi=aksi,
        objek_tipe=obj._meta.label_lower if obj is not None else "",
        objek_id=obj.pk if obj is not None else None,
        alasan=alasan,
        data=data or {},
    )


@transaction.atomic
def assign_jabatan(
    pegawai: Pegawai,
    *,
    jabatan: Jabatan,
    mulai: date,
    jenis: str = Penugasan.Jenis.DEFINITIF,
    selesai: date | None = None,
    dasar: str = "",
    by,
    now=None,
) -> Penugasan:
    """Put a staff member in a position from `mulai`; a definitive move ends the previous one."""
    pegawai = Pegawai.objects.select_for_update().get(pk=pegawai.pk)
    if selesai is not None and selesai < mulai:
        raise KepegawaianError(_("Tanggal selesai penugasan tidak boleh sebelum tanggal mulai."))
    if mulai < pegawai.aktif_mulai:
        raise KepegawaianError(
            _("Penugasan tidak boleh dimulai sebelum pegawai aktif (%(tgl)s).")
            % {"tgl": pegawai.aktif_mulai.strftime("%d-%m-%Y")}
        )
    if jenis == Penugasan.Jenis.DEFINITIF:
        later = pegawai.penugasan.filter(jenis=jenis, mulai__gte=mulai)
        if later.exists():
            raise KepegawaianError(
                _("Sudah ada penugasan definitif yang dimulai pada atau setelah tanggal ini.")
            )
        pegawai.penugasan.filter(jenis=jenis, selesai__isnull=True).update(
            selesai=mulai - timedelta(days=1)
        )
        pegawai.jabatan = jabatan
        pegawai.unit = jabatan.unit
        pegawai.save(update_fields=["jabatan", "unit"])
    else:
        if jabatan.pk == pegawai.jabatan_id:
            raise KepegawaianError(_("Pegawai tidak dapat menjadi Plt/Plh jabatannya sendiri."))
        overlapping = Penugasan.objects.filter(
            jabatan=jabatan, jenis=jenis, mulai__lte=selesai or date.max
        )
        overlapping = overlapping.exclude(selesai__lt=mulai)
        if overlapping.exists():
            raise KepegawaianError(
                _("Jabatan %(jabatan)s sudah memiliki %(jenis)s pada rentang tanggal itu.")
                % {"jabatan": jabatan.nama, "jenis": Penugasan.Jenis(jenis).label}
            )
    penugasan = Penugasan.objects.create(
        pegawai=pegawai,
        jabatan=jabatan,
        jenis=jenis,
        mulai=mulai,
        selesai=selesai,
        dasar=dasar,
        dibuat_oleh=by,
    )
    log_action(
        "pegawai.penugasan",
        by=by,
        obj=pegawai,
        now=now,
        alasan=dasar,
        data={
            "jabatan": jabatan.pk,
            "jenis": jenis,
            "mulai": mulai.isoformat(),
            "selesai": selesai.isoformat() if selesai else None,
        },
    )
    return penugasan


@transaction.atomic
def end_penugasan(penugasan: Penugasan, *, selesai: date, by, alasan: str = "", now=None) -> None:
    """End an assignment (an acting one usually) on `selesai`."""
    if selesai < penugasan.mulai:
        raise KepegawaianError(_("Tanggal selesai penugasan tidak boleh sebelum tanggal mulai."))
    updated = Penugasan.objects.filter(pk=penugasan.pk, selesai__isnull=True).update(
        selesai=selesai
    )
    if not updated:
        raise KepegawaianError(_("Penugasan ini sudah berakhir."))
    log_action(
        "pegawai.penugasan_selesai",
        by=by,
        obj=penugasan.pegawai,
        alasan=alasan,
        now=now,
        data={"penugasan": penugasan.pk, "selesai": selesai.isoformat()},
    )
