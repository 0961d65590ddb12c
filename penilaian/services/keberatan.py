"""Objections (keberatan): a staff member contests a rejection or a correction of an entry, and
the decider's own supervisor upholds or overturns it.

    ditolak / disetujui with fewer minutes ──submit_keberatan──▶ Keberatan diajukan
    Keberatan diajukan ──decide_keberatan(dikabulkan=True)──▶ dikabulkan: a rejected entry is
        approved with its claimed minutes, a correction is undone (menit_diakui back to NULL)
    Keberatan diajukan ──decide_keberatan(dikabulkan=False)──▶ ditolak: the entry stays as it is

The decision objected to is read from the entry's history (RiwayatEntri: who, when, why) and
from Entri.diputuskan_oleh/pada, whichever is later, so it does not matter which screen made it.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aktivitas.models import Entri, RiwayatEntri
from pegawai import roles
from pegawai.hierarki import Hierarki
from pegawai.models import Pegawai, Periode
from pegawai.templatetags.ekinerja import tanggal as format_tanggal

from ..exceptions import PenilaianError
from ..models import Keberatan, Notifikasi, PengaturanPenilaian
from .notifikasi import notify, notify_many

Status = Entri.Status


@dataclass(frozen=True)
class KeputusanEntri:
    """The decision on an entry that its owner may object to."""

    jenis: str  # Keberatan.Jenis
    oleh: object  # the user who decided, or None (the system, an import)
    pada: datetime
    catatan: str
    riwayat: RiwayatEntri | None
    menit_dihitung: int  # what the entry counts for under this decision

    @property
    def pegawai(self) -> Pegawai | None:
        return getattr(self.oleh, "pegawai", None) if self.oleh is not None else None


def keputusan_terakhir(entri: Entri) -> KeputusanEntri | None:
    """The rejection a rejected entry is under, or the correction that cut an approved entry's
    minutes; None when the entry is neither (nothing to object to). One query."""
    if entri.status == Status.DITOLAK:
        jenis, menit = Keberatan.Jenis.PENOLAKAN, 0
        rows = RiwayatEntri.objects.filter(ke_status=Status.DITOLAK).exclude(
            dari_status=Status.DITOLAK
        )
    elif (
        entri.status == Status.DISETUJUI
        and entri.menit_diakui is not None
        and entri.menit_diakui < entri.menit
    ):
        jenis, menit = Keberatan.Jenis.KOREKSI, entri.menit_diakui
        # The supervisor's approval with fewer minutes, or the review team's correction (a
        # row that keeps the status): the latest decision by someone other than the owner.
        owner = entri.pegawai.user_id
        rows = RiwayatEntri.objects.filter(ke_status=Status.DISETUJUI, oleh__isnull=False)
        if owner is not None:
            rows = rows.exclude(oleh_id=owner)
    else:
        return None
    row = rows.filter(entri=entri).select_related("oleh__pegawai").order_by("-pada", "-id").first()
    if entri.diputuskan_pada is not None and (row is None or entri.diputuskan_pada > row.pada):
        return KeputusanEntri(jenis, entri.diputuskan_oleh, entri.diputuskan_pada, "", None, menit)
    if row is None:
        return None
    return KeputusanEntri(jenis, row.oleh, row.pada, row.catatan, row, menit)


def batas_keberatan(keputusan: KeputusanEntri, pengaturan: PengaturanPenilaian) -> date:
    """The last day an objection to this decision may be made."""
    return timezone.localdate(keputusan.pada) + timedelta(days=pengaturan.batas_keberatan_hari)


def pemutus_for(keputusan: KeputusanEntri, *, entri: Entri, today: date) -> Pegawai | None:
    """Who decides the objection: the supervisor (today) of the person who decided; None (the
    review team) when that person has no staff record, no supervisor, or one without a login,
    and never the objector themselves."""
    decider = keputusan.pegawai
    if decider is None:
        return None
    atasan_id = Hierarki.around(decider.pk, today).atasan_of(decider.pk)
    if atasan_id is None or atasan_id == entri.pegawai_id:
        return None
    return (
        Pegawai.objects.select_related("user")
        .filter(pk=atasan_id, user__isnull=False, user__is_active=True)
        .first()
    )


def _check_not_closed(entri: Entri, *, lock: bool) -> None:
    """Refuse an entry of a closed month. With `lock` (in a write's transaction) the month's row
    stays locked until the write commits: a close waits for it, or it waits for a running close
    and is refused."""
    if lock:
        closed = bool(Periode.lock_months(entri.tanggal, entri.tanggal))
    else:
        closed = Periode.is_closed(entri.tanggal)
    if closed:
        raise PenilaianError(
            _(
                "Periode %(bulan)s sudah ditutup: keberatan atas entri bulan itu tidak dapat "
                "diajukan atau diputuskan lagi."
            )
            % {"bulan": format_tanggal(entri.tanggal, "bulan")}
        )


def _entri_label(entri: Entri) -> str:
    return (
        f"{format_tanggal(entri.tanggal)} {entri.mulai:%H:%M}–{entri.selesai:%H:%M} "
        f"({entri.aktivitas.nama})"
    )


def check_objectable(
    entri: Entri,
    *,
    by,
    now: datetime,
    pengaturan: PengaturanPenilaian | None = None,
    lock: bool = False,
) -> KeputusanEntri:
    """Every rule of a new objection except the reason; the decision it would contest. With
    `lock`, in submit_keberatan's transaction, the entry's month stays locked until it commits."""
    if entri.pegawai.user_id is None or entri.pegawai.user_id != by.pk:
        raise PenilaianError(_("Hanya pemilik entri yang dapat mengajukan keberatan."))
    keputusan = keputusan_terakhir(entri)
    if keputusan is None:
        raise PenilaianError(
            _(
                "Entri ini tidak sedang ditolak atau dikoreksi (statusnya %(status)s), jadi tidak "
                "ada keputusan yang dapat diajukan keberatan."
            )
            % {"status": entri.get_status_display().lower()}
        )
    _check_not_closed(entri, lock=lock)
    pengaturan = pengaturan or PengaturanPenilaian.current()
    batas = batas_keberatan(keputusan, pengaturan)
    if timezone.localdate(now) > batas:
        raise PenilaianError(
            _(
                "Batas keberatan sudah lewat: keberatan atas keputusan %(tgl)s dapat diajukan "
                "paling lambat %(batas)s (%(n)d hari)."
            )
            % {
                "tgl": format_tanggal(keputusan.pada),
                "batas": format_tanggal(batas),
                "n": pengaturan.batas_keberatan_hari,
            }
        )
    earlier = (
        Keberatan.objects.filter(entri=entri)
        .filter(Q(status=Keberatan.Status.DIAJUKAN) | Q(keputusan_pada=keputusan.pada))
        .first()
    )
    if earlier is not None and earlier.is_terbuka:
        raise PenilaianError(
            _("Entri ini sudah punya keberatan yang belum diputuskan (diajukan %(tgl)s).")
            % {"tgl": format_tanggal(earlier.diajukan_pada)}
        )
    if earlier is not None:
        raise PenilaianError(
            _("Keberatan atas keputusan ini sudah diputuskan (%(status)s) pada %(tgl)s.")
            % {
                "status": earlier.get_status_display().lower(),
                "tgl": format_tanggal(earlier.diputuskan_pada),
            }
        )
    return keputusan


def _tim_penilai():
    return get_user_model().objects.filter(groups__name=roles.TIM_PENILAI, is_active=True)


@transaction.atomic
def submit_keberatan(entri: Entri, *, alasan: str, by, now: datetime | None = None) -> Keberatan:
    """Object to the rejection or correction of one's own entry; it goes to the decider's
    supervisor (or the review team), who is told."""
    now = now or timezone.now()
    entri = (
        Entri.objects.select_for_update(of=("self",))
        .select_related("aktivitas", "pegawai", "diputuskan_oleh__pegawai")
        .get(pk=entri.pk)
    )
    alasan = (alasan or "").strip()
    if not alasan:
        raise PenilaianError(_("Tulis alasan keberatan Anda."))
    keputusan = check_objectable(entri, by=by, now=now, lock=True)
    pemutus = pemutus_for(keputusan, entri=entri, today=timezone.localdate(now))
    keberatan = Keberatan(
        entri=entri,
        pegawai=entri.pegawai,
        alasan=alasan,
        diajukan_pada=now,
        jenis=keputusan.jenis,
        keputusan_oleh=keputusan.oleh,
        keputusan_pada=keputusan.pada,
        keputusan_catatan=keputusan.catatan,
        riwayat=keputusan.riwayat,
        menit_sebelum=keputusan.menit_dihitung,
        pemutus=pemutus,
    )
    try:
        with transaction.atomic():
            keberatan.save()
    except IntegrityError as exc:
        # Two tabs at once: the entry lock makes the second wait, the constraint makes it fail.
        raise PenilaianError(
            _("Entri ini sudah punya keberatan; muat ulang halaman untuk melihatnya.")
        ) from exc

    judul = _("Keberatan dari %(nama)s menunggu keputusan Anda") % {
        "nama": entri.pegawai.nama_lengkap
    }
    pesan = _("%(nama)s mengajukan keberatan atas %(jenis)s: %(entri)s. Alasan: %(alasan)s") % {
        "nama": entri.pegawai.nama_lengkap,
        "jenis": keberatan.get_jenis_display().lower(),
        "entri": _entri_label(entri),
        "alasan": alasan,
    }
    url = reverse("penilaian:keberatan_putuskan", args=[keberatan.pk])
    if pemutus is not None:
        notify(
            pemutus.user,
            jenis=Notifikasi.Jenis.KEBERATAN,
            judul=judul,
            pesan=pesan,
            url=url,
            now=now,
        )
    else:
        notify_many(
            [(user, judul, pesan, url) for user in _tim_penilai().exclude(pk=by.pk)],
            jenis=Notifikasi.Jenis.KEBERATAN,
            now=now,
        )
    return keberatan


def may_decide(keberatan: Keberatan, user, *, today: date) -> bool:
    """The assigned supervisor decides; the review team decides those assigned to nobody or to
    someone no longer active. Never the objector, nor whoever made the decision objected to."""
    if user.pk in (keberatan.pegawai.user_id, keberatan.keputusan_oleh_id):
        return False
    pegawai = getattr(user, "pegawai", None)
    if keberatan.pemutus_id is not None and pegawai is not None:
        if pegawai.pk == keberatan.pemutus_id:
            return True
    if not user.is_tim_penilai:
        return False
    return keberatan.pemutus_id is None or not keberatan.pemutus.is_active_on(today)


def _overturn(keberatan: Keberatan, entri: Entri, *, alasan: str, by, now: datetime) -> int:
    """Undo the decision objected to; the minutes the entry counts for afterwards."""
    changed = _("Entri sudah berubah sejak keberatan diajukan (sekarang %(status)s)") % {
        "status": entri.get_status_display().lower()
    }
    refuse = PenilaianError(
        changed + "; " + _("keberatan ini tidak dapat dikabulkan, hanya dapat ditolak.")
    )
    if keberatan.jenis == Keberatan.Jenis.PENOLAKAN:
        updated = Entri.objects.filter(pk=entri.pk, status=Status.DITOLAK).update(
            status=Status.DISETUJUI, menit_diakui=None, diputuskan_oleh=by, diputuskan_pada=now
        )
        if not updated:
            raise refuse
        catatan = _("Keberatan dikabulkan: %(alasan)s") % {"alasan": alasan}
        RiwayatEntri.objects.create(
            entri=entri,
            oleh=by,
            pada=now,
            dari_status=Status.DITOLAK,
            ke_status=Status.DISETUJUI,
            catatan=catatan,
        )
        return entri.menit
    updated = Entri.objects.filter(
        pk=entri.pk, status=Status.DISETUJUI, menit_diakui=keberatan.menit_sebelum
    ).update(menit_diakui=None)
    if not updated:
        raise refuse
    # The status stays: a row from = to, saying what changed (as every edit does).
    catatan = _("Keberatan dikabulkan: menit diakui %(dari)d → %(ke)d. %(alasan)s") % {
        "dari": keberatan.menit_sebelum,
        "ke": entri.menit,
        "alasan": alasan,
    }
    RiwayatEntri.objects.create(
        entri=entri,
        oleh=by,
        pada=now,
        dari_status=Status.DISETUJUI,
        ke_status=Status.DISETUJUI,
        catatan=catatan,
    )
    return entri.menit


@transaction.atomic
def decide_keberatan(
    keberatan: Keberatan, *, dikabulkan: bool, alasan: str, by, now: datetime | None = None
) -> Keberatan:
    """Uphold (ditolak: nothing changes) or overturn (dikabulkan: the entry counts its claimed
    minutes again) an objection, with a reason; the objector is told."""
    now = now or timezone.now()
    keberatan = (
        Keberatan.objects.select_for_update(of=("self",))
        .select_related("pemutus", "pegawai__user")
        .get(pk=keberatan.pk)
    )
    if not keberatan.is_terbuka:
        raise PenilaianError(
            _("Keberatan ini sudah diputuskan (%(status)s) pada %(tgl)s.")
            % {
                "status": keberatan.get_status_display().lower(),
                "tgl": format_tanggal(keberatan.diputuskan_pada),
            }
        )
    if not may_decide(keberatan, by, today=timezone.localdate(now)):
        raise PenilaianError(_("Anda tidak berwenang memutuskan keberatan ini."))
    alasan = (alasan or "").strip()
    if not alasan:
        raise PenilaianError(_("Tulis alasan keputusan atas keberatan ini."))
    entri = (
        Entri.objects.select_for_update(of=("self",))
        .select_related("aktivitas")
        .get(pk=keberatan.entri_id)
    )
    _check_not_closed(entri, lock=True)
    if dikabulkan:
        menit = _overturn(keberatan, entri, alasan=alasan, by=by, now=now)
        keberatan.status = Keberatan.Status.DIKABULKAN
    else:
        menit = keberatan.menit_sebelum
        keberatan.status = Keberatan.Status.DITOLAK
    keberatan.menit_sesudah = menit
    keberatan.diputuskan_oleh, keberatan.diputuskan_pada = by, now
    keberatan.alasan_keputusan = alasan
    keberatan.save(
        update_fields=[
            "status",
            "menit_sesudah",
            "diputuskan_oleh",
            "diputuskan_pada",
            "alasan_keputusan",
        ]
    )

    objector = keberatan.pegawai.user
    if objector is not None:
        values = {
            "jenis": keberatan.get_jenis_display().lower(),
            "entri": _entri_label(entri),
            "alasan": alasan,
            "sebelum": keberatan.menit_sebelum,
            "sesudah": menit,
        }
        if dikabulkan:
            judul = _("Keberatan Anda dikabulkan")
            pesan = _(
                "Keberatan atas %(jenis)s entri %(entri)s dikabulkan: %(alasan)s. Menit yang "
                "dihitung: %(sebelum)d → %(sesudah)d."
            )
        else:
            judul = _("Keberatan Anda ditolak")
            pesan = _(
                "Keberatan atas %(jenis)s entri %(entri)s ditolak: %(alasan)s. Menit yang "
                "dihitung tetap %(sebelum)d."
            )
        notify(
            objector,
            jenis=Notifikasi.Jenis.KEBERATAN_DIPUTUSKAN,
            judul=judul,
            pesan=pesan % values,
            url=reverse("penilaian:keberatan_detail", args=[keberatan.pk]),
            now=now,
        )
    return keberatan
