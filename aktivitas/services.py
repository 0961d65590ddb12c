"""Every change of a daily entry: one function each, each a row in the entry's history.

The state machine (docs/AKTIVITAS.md): draf → diajukan (submit) → disetujui | ditolak (the
supervisor, in penilaian); diajukan → draf (withdraw); ditolak → diajukan (resubmit, changed or
not) or → draf (changed and kept as a draft); a draft may be deleted. Entries dated in a closed
month do not change at all: every change locks its months' rows (`Periode.lock_months`) until it
commits, so a close cannot commit between the check and the change.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pegawai.jadwal import Jadwal
from pegawai.kalender import HariKerja
from pegawai.models import Pegawai, Periode
from pegawai.services import log_action
from pegawai.templatetags.ekinerja import tanggal as format_tanggal

from . import calculation
from .bukti import nama_asli, periksa_bukti
from .exceptions import AktivitasError
from .models import Aktivitas, Entri, PengaturanAktivitas, RiwayatEntri

# The PostgreSQL exclusion constraint of migration 0002: no two entries of a person overlap.
OVERLAP_CONSTRAINT = "aktivitas_entri_tidak_bertumpuk"
Status = Entri.Status


# Reading what the rules need -----------------------------------------------------------------


@dataclass
class Jendela:
    """The person's working days around today, and the earliest date they may log for."""

    hari_ini: date
    batas: date  # the earliest date an entry may be made for
    hari_kerja: dict[date, HariKerja]
    n: int

    def allows(self, tanggal: date) -> bool:
        return self.batas <= tanggal <= self.hari_ini

    def hari_kerja_sebelumnya(self, tanggal: date) -> date | None:
        return calculation.hari_kerja_sebelumnya(tanggal, self.hari_kerja)


def jendela(
    pegawai: Pegawai, *, hari_ini: date, n: int, sejak: date | None = None, sampai=None
) -> Jendela:
    """Load the person's working days from the window's start (or `sejak`, if earlier) to
    today (or `sampai`, if later): eight queries, whatever the range."""
    # Enough days back to find n working days across a Lebaran break of two weeks.
    start = hari_ini - timedelta(days=14 + 3 * n)
    if sejak is not None:
        start = min(start, sejak)
    end = max(hari_ini, sampai) if sampai else hari_ini
    hari_kerja = Jadwal.load([pegawai.pk], start, end).hari_kerja(pegawai.pk)
    return Jendela(
        hari_ini=hari_ini,
        batas=calculation.batas_mundur(hari_ini, hari_kerja, n),
        hari_kerja=hari_kerja,
        n=n,
    )


def _today_and_time(now: datetime) -> tuple[date, time]:
    local = timezone.localtime(now)
    return local.date(), local.time().replace(second=0, microsecond=0)


def _jam(value: time) -> str:
    return value.strftime("%H:%M")


# Rules -----------------------------------------------------------------------------------------


def _check_not_closed(*days: date) -> None:
    """Refuse a change dated in a closed month; the months stay locked until the change commits
    (a close waits for it, or it waits for a running close and is refused)."""
    closed = Periode.lock_months(min(days), max(days))
    for day in sorted(set(days)):
        if (day.year, day.month) in closed:
            raise AktivitasError(
                _("Periode %(bulan)s sudah ditutup: entri bulan itu tidak dapat diubah lagi.")
                % {"bulan": format_tanggal(day, "bulan")}
            )


def _check_shape(mulai: time, selesai: time, volume: int) -> None:
    if selesai <= mulai:
        raise AktivitasError(
            _(
                "Jam selesai (%(selesai)s) harus setelah jam mulai (%(mulai)s). Pekerjaan yang "
                "melewati tengah malam dicatat sebagai dua entri: sampai 23:59, lalu mulai 00:00 "
                "pada tanggal berikutnya."
            )
            % {"mulai": _jam(mulai), "selesai": _jam(selesai)}
        )
    if volume is None or volume < 1:
        raise AktivitasError(_("Volume paling sedikit 1."))


def _check_not_future(tanggal: date, selesai: time, now: datetime) -> None:
    hari_ini, jam = _today_and_time(now)
    if tanggal > hari_ini:
        raise AktivitasError(
            _("Tanggal %(tgl)s belum tiba: entri tidak boleh untuk masa depan.")
            % {"tgl": format_tanggal(tanggal)}
        )
    if tanggal == hari_ini and selesai > jam:
        raise AktivitasError(
            _(
                "Jam selesai %(selesai)s belum lewat (sekarang %(jam)s): entri tidak boleh untuk "
                "masa depan."
            )
            % {"selesai": _jam(selesai), "jam": _jam(jam)}
        )


def _check_active(pegawai: Pegawai, tanggal: date) -> None:
    if not pegawai.is_active_on(tanggal):
        raise AktivitasError(
            _("Anda tidak tercatat sebagai pegawai aktif pada %(tgl)s.")
            % {"tgl": format_tanggal(tanggal)}
        )


def _check_window(window: Jendela, tanggal: date, entri: Entri | None = None) -> None:
    """Today and up to n working days back; a rejected entry kept on its date may be fixed and
    resubmitted within n working days of the rejection instead (the supervisor may decide late)."""
    if (
        entri is not None
        and entri.status == Status.DITOLAK
        and entri.tanggal == tanggal
        and entri.diputuskan_pada is not None
    ):
        if window.allows(timezone.localdate(entri.diputuskan_pada)):
            return
        raise AktivitasError(
            _(
                "Entri ini ditolak pada %(tgl)s; perbaikan hanya dapat diajukan sampai %(n)d hari "
                "kerja setelah penolakan."
            )
            % {"tgl": format_tanggal(entri.diputuskan_pada), "n": window.n}
        )
    if not window.allows(tanggal):
        if window.n == 0:
            raise AktivitasError(_("Entri hanya boleh dibuat untuk hari ini."))
        raise AktivitasError(
            _(
                "Entri hanya boleh dibuat untuk hari ini dan %(n)d hari kerja ke belakang "
                "(paling awal %(batas)s); %(tgl)s sudah lewat."
            )
            % {
                "n": window.n,
                "batas": format_tanggal(window.batas),
                "tgl": format_tanggal(tanggal),
            }
        )


def _check_aktivitas(pegawai: Pegawai, aktivitas: Aktivitas, tanggal: date) -> None:
    # The hand-written `pilihan`, held to `for_pegawai`'s answer by tests/aktivitas/test_katalog:
    # compiling the ORM's statement took most of an entry's save.
    if aktivitas.pk not in {a.pk for a in Aktivitas.objects.pilihan(pegawai, tanggal)}:
        raise AktivitasError(
            _("Aktivitas %(nama)s tidak dapat Anda pakai pada %(tgl)s.")
            % {"nama": aktivitas.nama, "tgl": format_tanggal(tanggal)}
        )


def _overlap_error(mulai: time, selesai: time, other: Entri | None = None) -> AktivitasError:
    if other is None:
        return AktivitasError(
            _(
                "Waktu %(mulai)s–%(selesai)s bertabrakan dengan entri Anda yang lain pada hari "
                "itu. Muat ulang halaman untuk melihatnya."
            )
            % {"mulai": _jam(mulai), "selesai": _jam(selesai)}
        )
    return AktivitasError(
        _(
            "Waktu %(mulai)s–%(selesai)s bertabrakan dengan entri Anda yang lain: "
            "%(lain_mulai)s–%(lain_selesai)s %(aktivitas)s."
        )
        % {
            "mulai": _jam(mulai),
            "selesai": _jam(selesai),
            "lain_mulai": _jam(other.mulai),
            "lain_selesai": _jam(other.selesai),
            "aktivitas": other.aktivitas.nama,
        }
    )


def _check_overlap(
    pegawai: Pegawai, tanggal: date, mulai: time, selesai: time, *, kecuali: int | None = None
) -> None:
    """The friendly check; the database constraint stops what slips past it in a race."""
    others = Entri.objects.overlapping(pegawai.pk, tanggal, mulai, selesai).select_related(
        "aktivitas"
    )
    if kecuali is not None:
        others = others.exclude(pk=kecuali)
    other = others.order_by("mulai").first()
    if other is not None:
        raise _overlap_error(mulai, selesai, other)


def is_overlap_violation(exc: IntegrityError) -> bool:
    diag = getattr(exc.__cause__, "diag", None)
    name = getattr(diag, "constraint_name", None)
    return name == OVERLAP_CONSTRAINT or (name is None and OVERLAP_CONSTRAINT in str(exc))


def _save(entri: Entri, **kwargs) -> None:
    """Save in a savepoint; a lost race on the overlap constraint becomes the rule's message."""
    new_file = bool(entri.bukti) and not entri.bukti._committed
    try:
        with transaction.atomic():
            entri.save(**kwargs)
    except IntegrityError as exc:
        if new_file and entri.bukti.name:
            entri.bukti.storage.delete(entri.bukti.name)
        if is_overlap_violation(exc):
            raise _overlap_error(entri.mulai, entri.selesai) from exc
        raise


def _riwayat(entri: Entri, dari: str, ke: str, *, by, now, catatan: str = "") -> RiwayatEntri:
    return RiwayatEntri(
        entri=entri, oleh=by, pada=now, dari_status=dari, ke_status=ke, catatan=catatan
    )


def _attach_bukti(entri: Entri, bukti, pengaturan: PengaturanAktivitas) -> None:
    entri.bukti_jenis = periksa_bukti(bukti, maks_mb=pengaturan.ukuran_bukti_maks_mb)
    entri.bukti_nama = nama_asli(bukti.name)
    entri.bukti = bukti  # stored on save, named by bukti.bukti_path


def _delete_file_on_commit(name: str, storage) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _lock(entri: Entri) -> Entri:
    return Entri.objects.select_for_update().select_related("aktivitas", "pegawai").get(pk=entri.pk)


def _check_entry(
    pegawai: Pegawai,
    *,
    tanggal: date,
    mulai: time,
    selesai: time,
    aktivitas: Aktivitas,
    volume: int,
    now: datetime,
    pengaturan: PengaturanAktivitas,
    entri: Entri | None = None,
) -> tuple[int, bool]:
    """Every rule of a new or changed entry; the minutes and the outside-hours flag."""
    _check_shape(mulai, selesai, volume)
    _check_not_future(tanggal, selesai, now)
    _check_not_closed(tanggal, *([entri.tanggal] if entri else []))
    _check_active(pegawai, tanggal)
    window = jendela(
        pegawai,
        hari_ini=timezone.localdate(now),
        n=pengaturan.batas_hari_kerja_mundur,
        sejak=tanggal - timedelta(days=1),
    )
    _check_window(window, tanggal, entri)
    _check_aktivitas(pegawai, aktivitas, tanggal)
    _check_overlap(pegawai, tanggal, mulai, selesai, kecuali=entri.pk if entri else None)
    flag = calculation.di_luar_jadwal(
        tanggal,
        mulai,
        selesai,
        hari_ini=window.hari_kerja.get(tanggal),
        kemarin=window.hari_kerja.get(tanggal - timedelta(days=1)),
    )
    return calculation.menit_entri(aktivitas.menit_standar, volume, mulai, selesai), flag


# Services --------------------------------------------------------------------------------------


@transaction.atomic
def create_entry(
    pegawai: Pegawai,
    *,
    tanggal: date,
    mulai: time,
    selesai: time,
    aktivitas: Aktivitas,
    volume: int,
    uraian: str,
    bukti=None,
    ajukan: bool = False,
    by,
    now: datetime | None = None,
) -> Entri:
    """Log a piece of work as a draft, or submit it to the supervisor at once."""
    now = now or timezone.now()
    pengaturan = PengaturanAktivitas.current()
    menit, flag = _check_entry(
        pegawai,
        tanggal=tanggal,
        mulai=mulai,
        selesai=selesai,
        aktivitas=aktivitas,
        volume=volume,
        now=now,
        pengaturan=pengaturan,
    )
    status = Status.DIAJUKAN if ajukan else Status.DRAF
    entri = Entri(
        pegawai=pegawai,
        tanggal=tanggal,
        mulai=mulai,
        selesai=selesai,
        aktivitas=aktivitas,
        volume=volume,
        uraian=uraian.strip(),
        menit_standar=aktivitas.menit_standar,
        menit=menit,
        di_luar_jadwal=flag,
        status=status,
        sumber=Entri.Sumber.ISIAN,
        dibuat_pada=now,
        diubah_pada=now,
    )
    if bukti:
        _attach_bukti(entri, bukti, pengaturan)
    _save(entri)
    _riwayat(entri, "", status, by=by, now=now, catatan=_("Dibuat")).save()
    return entri


def _changes(entri: Entri, **new) -> list[str]:
    """What an edit changes, in words for the history."""
    labels = {
        "tanggal": lambda v: v.strftime("%d-%m-%Y"),
        "mulai": _jam,
        "selesai": _jam,
        "aktivitas": lambda v: v.kode,
        "volume": str,
    }
    changes = []
    for name, show in labels.items():
        old, value = getattr(entri, name), new[name]
        if old != value:
            changes.append(
                f"{entri._meta.get_field(name).verbose_name}: {show(old)} → {show(value)}"
            )
    if entri.uraian != new["uraian"]:
        changes.append(str(_("uraian diubah")))
    return changes


@transaction.atomic
def update_entry(
    entri: Entri,
    *,
    tanggal: date,
    mulai: time,
    selesai: time,
    aktivitas: Aktivitas,
    volume: int,
    uraian: str,
    bukti=None,
    hapus_bukti: bool = False,
    ajukan: bool = False,
    by,
    now: datetime | None = None,
) -> Entri:
    """Change an entry that is not approved. A submitted one stays submitted (the supervisor
    sees the change in its history); a rejected one becomes a draft, or is resubmitted."""
    now = now or timezone.now()
    entri = _lock(entri)
    if not entri.can_edit:
        raise AktivitasError(
            _("Entri yang sudah %(status)s tidak dapat diubah.")
            % {"status": entri.get_status_display().lower()}
        )
    pengaturan = PengaturanAktivitas.current()
    uraian = uraian.strip()
    menit, flag = _check_entry(
        entri.pegawai,
        tanggal=tanggal,
        mulai=mulai,
        selesai=selesai,
        aktivitas=aktivitas,
        volume=volume,
        now=now,
        pengaturan=pengaturan,
        entri=entri,
    )
    changes = _changes(
        entri,
        tanggal=tanggal,
        mulai=mulai,
        selesai=selesai,
        aktivitas=aktivitas,
        volume=volume,
        uraian=uraian,
    )
    old_file = entri.bukti.name if entri.bukti else ""
    if bukti:
        _attach_bukti(entri, bukti, pengaturan)
        changes.append(str(_("bukti diganti") if old_file else _("bukti ditambahkan")))
    elif hapus_bukti and old_file:
        entri.bukti = ""
        entri.bukti_nama = entri.bukti_jenis = ""
        changes.append(str(_("bukti dihapus")))

    dari = entri.status
    if dari == Status.DIAJUKAN:
        ke = Status.DIAJUKAN
    else:
        ke = Status.DIAJUKAN if ajukan else Status.DRAF
    if not changes and ke == dari:
        return entri
    entri.tanggal, entri.mulai, entri.selesai = tanggal, mulai, selesai
    entri.aktivitas, entri.volume, entri.uraian = aktivitas, volume, uraian
    entri.menit_standar, entri.menit, entri.di_luar_jadwal = aktivitas.menit_standar, menit, flag
    entri.status, entri.diubah_pada = ke, now
    _save(entri)
    if old_file and (bukti or hapus_bukti):
        _delete_file_on_commit(old_file, entri.bukti.storage)
    catatan = "; ".join(changes) if changes else _("Diajukan ulang tanpa perubahan")
    _riwayat(entri, dari, ke, by=by, now=now, catatan=catatan).save()
    return entri


@transaction.atomic
def submit_entry(entri: Entri, *, by, now: datetime | None = None) -> Entri:
    """Send a draft, or a rejected entry as it is, to the supervisor."""
    now = now or timezone.now()
    entri = _lock(entri)
    if not entri.can_submit:
        raise AktivitasError(
            _("Entri berstatus %(status)s tidak dapat diajukan.")
            % {"status": entri.get_status_display().lower()}
        )
    _check_not_closed(entri.tanggal)
    _check_active(entri.pegawai, entri.tanggal)
    pengaturan = PengaturanAktivitas.current()
    window = jendela(
        entri.pegawai, hari_ini=timezone.localdate(now), n=pengaturan.batas_hari_kerja_mundur
    )
    _check_window(window, entri.tanggal, entri)
    _check_aktivitas(entri.pegawai, entri.aktivitas, entri.tanggal)
    dari = entri.status
    entri.status, entri.diubah_pada = Status.DIAJUKAN, now
    entri.save(update_fields=["status", "diubah_pada"])
    _riwayat(entri, dari, Status.DIAJUKAN, by=by, now=now).save()
    return entri


@transaction.atomic
def submit_entries(pegawai: Pegawai, *, tanggal: date, by, now: datetime | None = None) -> int:
    """Submit every draft of a day at once; the number submitted."""
    now = now or timezone.now()
    drafts = list(
        Entri.objects.select_for_update()
        .filter(pegawai=pegawai, tanggal=tanggal, status=Status.DRAF)
        .order_by("mulai")
    )
    if not drafts:
        raise AktivitasError(
            _("Tidak ada draf pada %(tgl)s untuk diajukan.") % {"tgl": format_tanggal(tanggal)}
        )
    _check_not_closed(tanggal)
    _check_active(pegawai, tanggal)
    pengaturan = PengaturanAktivitas.current()
    window = jendela(
        pegawai, hari_ini=timezone.localdate(now), n=pengaturan.batas_hari_kerja_mundur
    )
    _check_window(window, tanggal)
    allowed = set(
        Aktivitas.objects.for_pegawai(pegawai, tanggal)
        .filter(pk__in={e.aktivitas_id for e in drafts})
        .values_list("pk", flat=True)
    )
    refused = [e for e in drafts if e.aktivitas_id not in allowed]
    if refused:
        raise AktivitasError(
            _(
                "Draf %(jam)s memakai aktivitas yang tidak dapat Anda pakai pada tanggal itu; "
                "ubah aktivitasnya dulu."
            )
            % {"jam": ", ".join(f"{_jam(e.mulai)}–{_jam(e.selesai)}" for e in refused)}
        )
    ids = [e.pk for e in drafts]
    Entri.objects.filter(pk__in=ids).update(status=Status.DIAJUKAN, diubah_pada=now)
    RiwayatEntri.objects.bulk_create(
        _riwayat(e, Status.DRAF, Status.DIAJUKAN, by=by, now=now) for e in drafts
    )
    return len(ids)


@transaction.atomic
def withdraw_entry(entri: Entri, *, by, now: datetime | None = None) -> Entri:
    """Take back a submitted entry the supervisor has not decided on; it becomes a draft."""
    now = now or timezone.now()
    entri = _lock(entri)
    if not entri.can_withdraw:
        raise AktivitasError(
            _(
                "Hanya entri yang diajukan dan belum diputuskan yang dapat ditarik; entri ini %(status)s."
            )
            % {"status": entri.get_status_display().lower()}
        )
    _check_not_closed(entri.tanggal)
    entri.status, entri.diubah_pada = Status.DRAF, now
    entri.save(update_fields=["status", "diubah_pada"])
    _riwayat(entri, Status.DIAJUKAN, Status.DRAF, by=by, now=now, catatan=_("Ditarik")).save()
    return entri


@transaction.atomic
def delete_entry(entri: Entri, *, by, now: datetime | None = None) -> None:
    """Delete a draft. Its history goes with it; the log keeps a copy of both."""
    now = now or timezone.now()
    entri = _lock(entri)
    if not entri.can_delete:
        raise AktivitasError(
            _("Hanya draf yang dapat dihapus; entri ini %(status)s.")
            % {"status": entri.get_status_display().lower()}
        )
    _check_not_closed(entri.tanggal)
    riwayat = [
        {
            "pada": r.pada.isoformat(),
            "oleh": r.oleh_id,
            "dari": r.dari_status,
            "ke": r.ke_status,
            "catatan": r.catatan,
        }
        for r in entri.riwayat.all()
    ]
    log_action(
        "aktivitas.entri_hapus",
        by=by,
        obj=entri,
        now=now,
        data={
            "pegawai": entri.pegawai_id,
            "tanggal": entri.tanggal.isoformat(),
            "mulai": _jam(entri.mulai),
            "selesai": _jam(entri.selesai),
            "aktivitas": entri.aktivitas.kode,
            "volume": entri.volume,
            "menit": entri.menit,
            "uraian": entri.uraian,
            "bukti": entri.bukti.name if entri.bukti else "",
            "riwayat": riwayat,
        },
    )
    if entri.bukti:
        _delete_file_on_commit(entri.bukti.name, entri.bukti.storage)
    entri.delete()


@dataclass
class HasilSalin:
    """What copying a day did: the source day and how many were copied or skipped why."""

    dari: date | None
    disalin: list[Entri] = field(default_factory=list)
    bertabrakan: int = 0
    belum_lewat: int = 0
    tidak_tersedia: int = 0

    @property
    def dilewati(self) -> int:
        return self.bertabrakan + self.belum_lewat + self.tidak_tersedia


@transaction.atomic
def copy_entries(
    pegawai: Pegawai, *, ke: date, dari: date | None = None, by, now: datetime | None = None
) -> HasilSalin:
    """Copy a day's entries (by default the previous working day's) to `ke` as drafts.

    Rejected entries are not copied, nor is evidence. An entry that would overlap one already
    there, end later than now, or use an activity no longer open to the person is skipped.
    """
    now = now or timezone.now()
    hari_ini, jam = _today_and_time(now)
    if ke > hari_ini:
        raise AktivitasError(
            _("Tanggal %(tgl)s belum tiba: entri tidak boleh untuk masa depan.")
            % {"tgl": format_tanggal(ke)}
        )
    _check_not_closed(ke)
    _check_active(pegawai, ke)
    pengaturan = PengaturanAktivitas.current()
    window = jendela(
        pegawai,
        hari_ini=hari_ini,
        n=pengaturan.batas_hari_kerja_mundur,
        sejak=min(ke, dari or ke) - timedelta(days=31),
    )
    _check_window(window, ke)
    if dari is None:
        dari = window.hari_kerja_sebelumnya(ke) or ke - timedelta(days=1)
    result = HasilSalin(dari=dari)
    sources = list(
        Entri.objects.filter(pegawai=pegawai, tanggal=dari)
        .exclude(status=Status.DITOLAK)
        .select_related("aktivitas")
        .order_by("mulai")
    )
    if not sources:
        return result
    existing = [
        (e.mulai, e.selesai)
        for e in Entri.objects.filter(pegawai=pegawai, tanggal=ke).only("mulai", "selesai")
    ]
    allowed = set(
        Aktivitas.objects.for_pegawai(pegawai, ke)
        .filter(pk__in={e.aktivitas_id for e in sources})
        .values_list("pk", flat=True)
    )
    hari, kemarin = window.hari_kerja.get(ke), window.hari_kerja.get(ke - timedelta(days=1))
    copies = []
    for source in sources:
        if ke == hari_ini and source.selesai > jam:
            result.belum_lewat += 1
        elif any(calculation.bertumpuk((source.mulai, source.selesai), span) for span in existing):
            result.bertabrakan += 1
        elif source.aktivitas_id not in allowed:
            result.tidak_tersedia += 1
        else:
            aktivitas = source.aktivitas
            copies.append(
                Entri(
                    pegawai=pegawai,
                    tanggal=ke,
                    mulai=source.mulai,
                    selesai=source.selesai,
                    aktivitas=aktivitas,
                    volume=source.volume,
                    uraian=source.uraian,
                    menit_standar=aktivitas.menit_standar,
                    menit=calculation.menit_entri(
                        aktivitas.menit_standar, source.volume, source.mulai, source.selesai
                    ),
                    di_luar_jadwal=calculation.di_luar_jadwal(
                        ke, source.mulai, source.selesai, hari_ini=hari, kemarin=kemarin
                    ),
                    status=Status.DRAF,
                    sumber=Entri.Sumber.SALINAN,
                    dibuat_pada=now,
                    diubah_pada=now,
                )
            )
    if copies:
        try:
            with transaction.atomic():
                Entri.objects.bulk_create(copies)
        except IntegrityError as exc:
            if is_overlap_violation(exc):
                raise AktivitasError(
                    _(
                        "Entri pada %(tgl)s baru saja berubah di tempat lain; muat ulang halaman "
                        "lalu salin lagi."
                    )
                    % {"tgl": format_tanggal(ke)}
                ) from exc
            raise
        catatan = _("Disalin dari %(tgl)s") % {"tgl": dari.strftime("%d-%m-%Y")}
        RiwayatEntri.objects.bulk_create(
            _riwayat(e, "", Status.DRAF, by=by, now=now, catatan=catatan) for e in copies
        )
    result.disalin = copies
    return result
