"""The review team's decisions: drawing a unit's sample, confirming, correcting or rejecting a
sampled or flagged entry, scoring a staff member's month, and signing off a unit's month.

Each is one function, one transaction, and rows that say who, when, what and why. A member acts
through a team whose scope holds the unit; nothing changes in a closed month, nor in a unit whose
month (or whose parent unit's month) is signed off. The anomaly scan is in penilaian.anomali.
"""

import hashlib
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aktivitas.models import Entri, RiwayatEntri
from pegawai.models import Pegawai, Periode, UnitKerja
from pegawai.services import log_action
from pegawai.templatetags.ekinerja import tanggal as format_tanggal

from ..anomali import rentang
from ..exceptions import PenilaianError
from ..models import (
    FlagEntri,
    KeputusanTim,
    NilaiTim,
    Notifikasi,
    PemindaianAnomali,
    PengambilanSampel,
    PengaturanPenilaian,
    SampelEntri,
    TandaTanganUnit,
    TimPenilai,
)
from ..models.tim import entries_for_review, undecided, unit_and_ancestors
from ..queries import batas_validasi
from .notifikasi import notify

Status = Entri.Status
Jenis = KeputusanTim.Jenis


# Rules -----------------------------------------------------------------------------------------


def _nama_bulan(tahun: int, bulan: int) -> str:
    return format_tanggal(date(tahun, bulan, 1), "bulan")


def _check_open(tahun: int, bulan: int) -> None:
    """Refuse a closed month; its row stays locked until the decision commits (a close waits
    for it, or it waits for a running close and is refused)."""
    if not (2000 <= tahun <= 2100 and 1 <= bulan <= 12):
        raise PenilaianError(
            _("Bulan %(tahun)s-%(bulan)s tidak dikenal.") % {"tahun": tahun, "bulan": bulan}
        )
    first = date(tahun, bulan, 1)
    if Periode.lock_months(first, first):
        raise PenilaianError(
            _("Periode %(bulan)s sudah ditutup: keputusan tim penilai tidak dapat diubah lagi.")
            % {"bulan": _nama_bulan(tahun, bulan)}
        )


def team_for(user, unit_id: int) -> TimPenilai | None:
    """The team through which this user reviews the unit (the first by name), or None."""
    return TimPenilai.objects.covering(unit_id).filter(anggota=user).order_by("nama").first()


def _team_for(user, unit: UnitKerja | int) -> TimPenilai:
    unit_id = unit.pk if isinstance(unit, UnitKerja) else unit
    tim = team_for(user, unit_id)
    if tim is None:
        raise PenilaianError(_("Anda bukan anggota tim penilai yang lingkupnya mencakup unit ini."))
    return tim


def signature_over(unit_id: int, tahun: int, bulan: int) -> TandaTanganUnit | None:
    """The sign-off of this month that covers the unit: its own or a parent unit's."""
    return (
        TandaTanganUnit.objects.filter(
            unit__in=unit_and_ancestors(unit_id), tahun=tahun, bulan=bulan
        )
        .select_related("unit", "oleh__pegawai")
        .first()
    )


def _check_not_signed(unit_id: int, tahun: int, bulan: int) -> None:
    signed = signature_over(unit_id, tahun, bulan)
    if signed is not None:
        raise PenilaianError(
            _(
                "Bulan %(bulan)s unit %(unit)s sudah ditandatangani tim penilai pada %(tgl)s; "
                "keputusannya tidak dapat diubah lagi."
            )
            % {
                "bulan": _nama_bulan(tahun, bulan),
                "unit": signed.unit.nama,
                "tgl": format_tanggal(signed.pada, "pendek"),
            }
        )


def _check_not_own(user, pegawai_id: int) -> None:
    own = getattr(user, "pegawai", None)
    if own is not None and own.pk == pegawai_id:
        raise PenilaianError(_("Anda tidak dapat menilai pekerjaan Anda sendiri."))


def validation_deadline(tahun: int, bulan: int, pengaturan: PengaturanPenilaian) -> date:
    """The last day the supervisors may decide the month's entries (in the next month)."""
    return batas_validasi(tahun, bulan, hari=pengaturan.batas_validasi_hari)


def _sample_salt(unit_id: int, tahun: int, bulan: int) -> str:
    # Deterministic per unit and month, but not guessable by staff who know the entry ids.
    secret = hashlib.sha256(f"{settings.SECRET_KEY}:sampel-tim".encode()).hexdigest()[:16]
    return f"{secret}:{unit_id}:{tahun}:{bulan}:"


# The sample ------------------------------------------------------------------------------------


@transaction.atomic
def draw_sample(
    unit: UnitKerja, *, tahun: int, bulan: int, by, now: datetime | None = None
) -> PengambilanSampel:
    """Draw the unit's sample for the month, once: a seeded random share of its approved
    entries, kept as rows so that every reviewer sees the same list."""
    now = now or timezone.now()
    _check_open(tahun, bulan)
    _team_for(by, unit)
    pengaturan = PengaturanPenilaian.current()
    batas = validation_deadline(tahun, bulan, pengaturan)
    if timezone.localdate(now) <= batas:
        raise PenilaianError(
            _(
                "Sampel %(bulan)s dapat diambil setelah batas validasi atasan (%(batas)s): "
                "sampai saat itu entri bulan itu masih dapat disetujui."
            )
            % {"bulan": _nama_bulan(tahun, bulan), "batas": format_tanggal(batas, "pendek")}
        )
    already = PengambilanSampel.objects.filter(unit=unit, tahun=tahun, bulan=bulan).first()
    if already is not None:
        raise PenilaianError(
            _("Sampel unit ini untuk %(bulan)s sudah diambil pada %(tgl)s.")
            % {"bulan": _nama_bulan(tahun, bulan), "tgl": format_tanggal(already.pada, "pendek")}
        )
    mulai, selesai = rentang(tahun, bulan)
    populasi = Entri.objects.filter(
        pegawai__in=Pegawai.objects.in_unit(unit),
        tanggal__range=(mulai, selesai),
        status=Status.DISETUJUI,
    )
    n = populasi.count()
    k = (n * pengaturan.persen_sampel + 99) // 100  # rounded up: 10% of 5 entries is 1
    try:
        with transaction.atomic():
            pengambilan = PengambilanSampel.objects.create(
                unit=unit,
                tahun=tahun,
                bulan=bulan,
                persen=pengaturan.persen_sampel,
                jumlah_populasi=n,
                jumlah_sampel=k,
                oleh=by,
                pada=now,
            )
    except IntegrityError:
        raise PenilaianError(
            _("Sampel unit ini baru saja diambil anggota tim yang lain; muat ulang halaman.")
        ) from None
    if k:
        inner, params = populasi.values("id").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {SampelEntri._meta.db_table} (pengambilan_id, entri_id)"  # noqa: S608
                f" SELECT %s, x.id FROM ({inner}) x ORDER BY md5(%s || x.id::text) LIMIT %s",
                [pengambilan.pk, *params, _sample_salt(unit.pk, tahun, bulan), k],
            )
    return pengambilan


# Decisions on one entry ------------------------------------------------------------------------


def _lock_for_decision(entri: Entri, by) -> tuple[Entri, TimPenilai]:
    """The entry, locked, after every rule a decision of the team must satisfy."""
    entri = (
        Entri.objects.select_for_update(of=("self",))
        .select_related("pegawai__user", "aktivitas")
        .get(pk=entri.pk)
    )
    tahun, bulan = entri.tanggal.year, entri.tanggal.month
    _check_open(tahun, bulan)
    if entri.status != Status.DISETUJUI:
        raise PenilaianError(
            _("Entri ini berstatus %(status)s; tim penilai hanya memeriksa entri yang disetujui.")
            % {"status": entri.get_status_display().lower()}
        )
    _check_not_own(by, entri.pegawai_id)
    if entri.diputuskan_oleh_id is not None and entri.diputuskan_oleh_id == by.pk:
        raise PenilaianError(
            _("Anda yang menyetujui entri ini; anggota tim yang lain yang memeriksanya.")
        )
    tim = _team_for(by, entri.pegawai.unit_id)
    _check_not_signed(entri.pegawai.unit_id, tahun, bulan)
    sampled = SampelEntri.objects.filter(
        entri=entri, pengambilan__tahun=tahun, pengambilan__bulan=bulan
    ).exists()
    if not sampled and not FlagEntri.objects.filter(entri=entri).exists():
        raise PenilaianError(
            _("Entri ini bukan sampel dan tidak bertanda; tim penilai memeriksa keduanya saja.")
        )
    return entri, tim


def _judul(entri: Entri) -> str:
    return f"{format_tanggal(entri.tanggal, 'pendek')} {entri.mulai:%H:%M}–{entri.selesai:%H:%M}"


def _keputusan(entri, tim, *, jenis, sesudah: int, alasan: str, by, now) -> KeputusanTim:
    return KeputusanTim.objects.create(
        entri=entri,
        tim=tim,
        oleh=by,
        pada=now,
        jenis=jenis,
        menit_sebelum=entri.menit_dihitung,
        menit_sesudah=sesudah,
        alasan=alasan,
    )


def _alasan(alasan: str, pesan: str) -> str:
    alasan = (alasan or "").strip()
    if not alasan:
        raise PenilaianError(pesan)
    return alasan


@transaction.atomic
def confirm_entry(entri: Entri, *, by, alasan: str = "", now: datetime | None = None):
    """Record that the team checked the entry and it stands as approved."""
    now = now or timezone.now()
    entri, tim = _lock_for_decision(entri, by)
    return _keputusan(
        entri,
        tim,
        jenis=Jenis.KONFIRMASI,
        sesudah=entri.menit_dihitung,
        alasan=(alasan or "").strip(),
        by=by,
        now=now,
    )


@transaction.atomic
def correct_entry(
    entri: Entri, *, menit: int, alasan: str, by, now: datetime | None = None
) -> KeputusanTim:
    """Count fewer minutes for an approved entry, with a reason; the owner is told."""
    now = now or timezone.now()
    alasan = _alasan(alasan, _("Tuliskan alasan koreksi."))
    entri, tim = _lock_for_decision(entri, by)
    sebelum = entri.menit_dihitung
    if menit is None or menit < 1:
        raise PenilaianError(
            _("Menit yang diakui paling sedikit 1; untuk tidak mengakui sama sekali, tolak entri.")
        )
    if menit >= sebelum:
        raise PenilaianError(
            _("Koreksi hanya menurunkan menit: yang diakui sekarang %(n)d menit.") % {"n": sebelum}
        )
    keputusan = _keputusan(
        entri, tim, jenis=Jenis.KOREKSI, sesudah=menit, alasan=alasan, by=by, now=now
    )
    Entri.objects.filter(pk=entri.pk).update(menit_diakui=menit, diubah_pada=now)
    catatan = _("Menit dikoreksi tim penilai: %(dari)d → %(ke)d. Alasan: %(alasan)s") % {
        "dari": sebelum,
        "ke": menit,
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
    if entri.pegawai.user is not None:
        notify(
            entri.pegawai.user,
            jenis=Notifikasi.Jenis.DIKOREKSI,
            judul=_("Menit entri %(entri)s dikoreksi tim penilai") % {"entri": _judul(entri)},
            pesan=catatan,
            url=reverse("aktivitas:entri_detail", args=[entri.pk]),
            now=now,
        )
    return keputusan


@transaction.atomic
def reject_entry(entri: Entri, *, alasan: str, by, now: datetime | None = None) -> KeputusanTim:
    """Reject an approved entry, with a reason: it no longer counts; the owner is told."""
    now = now or timezone.now()
    alasan = _alasan(alasan, _("Tuliskan alasan penolakan."))
    entri, tim = _lock_for_decision(entri, by)
    keputusan = _keputusan(entri, tim, jenis=Jenis.TOLAK, sesudah=0, alasan=alasan, by=by, now=now)
    # The lock above holds the row; the status in the filter says what this change assumes.
    changed = Entri.objects.filter(pk=entri.pk, status=Status.DISETUJUI).update(
        status=Status.DITOLAK, diputuskan_oleh=by, diputuskan_pada=now, diubah_pada=now
    )
    if changed != 1:
        raise PenilaianError(_("Entri ini baru saja berubah; muat ulang halaman."))
    catatan = _("Ditolak tim penilai. Alasan: %(alasan)s") % {"alasan": alasan}
    RiwayatEntri.objects.create(
        entri=entri,
        oleh=by,
        pada=now,
        dari_status=Status.DISETUJUI,
        ke_status=Status.DITOLAK,
        catatan=catatan,
    )
    if entri.pegawai.user is not None:
        notify(
            entri.pegawai.user,
            jenis=Notifikasi.Jenis.DITOLAK,
            judul=_("Entri %(entri)s ditolak tim penilai") % {"entri": _judul(entri)},
            pesan=catatan,
            url=reverse("aktivitas:entri_detail", args=[entri.pk]),
            now=now,
        )
    return keputusan


# The month of a unit and of a person -----------------------------------------------------------


@transaction.atomic
def sign_off_unit(
    unit: UnitKerja,
    *,
    tahun: int,
    bulan: int,
    by,
    catatan: str = "",
    now: datetime | None = None,
) -> TandaTanganUnit:
    """Sign off the unit's month (with every unit below it) once its review is complete."""
    now = now or timezone.now()
    _check_open(tahun, bulan)
    tim = _team_for(by, unit)
    signed = signature_over(unit.pk, tahun, bulan)
    if signed is not None:
        if signed.unit_id == unit.pk:
            raise PenilaianError(
                _("Bulan %(bulan)s unit ini sudah ditandatangani pada %(tgl)s.")
                % {"bulan": _nama_bulan(tahun, bulan), "tgl": format_tanggal(signed.pada, "pendek")}
            )
        raise PenilaianError(
            _("Bulan %(bulan)s unit ini sudah tercakup tanda tangan unit %(induk)s.")
            % {"bulan": _nama_bulan(tahun, bulan), "induk": signed.unit.nama}
        )
    batas = validation_deadline(tahun, bulan, PengaturanPenilaian.current())
    pemindaian = PemindaianAnomali.objects.filter(tahun=tahun, bulan=bulan).first()
    if (
        pemindaian is None
        or pemindaian.pada is None
        or timezone.localdate(pemindaian.pada) <= batas
    ):
        raise PenilaianError(
            _(
                "Tanda anomali %(bulan)s belum dipindai setelah batas validasi (%(batas)s); "
                "pindai ulang dulu agar persetujuan terakhir ikut diperiksa."
            )
            % {"bulan": _nama_bulan(tahun, bulan), "batas": format_tanggal(batas, "pendek")}
        )
    if not PengambilanSampel.objects.filter(unit=unit, tahun=tahun, bulan=bulan).exists():
        raise PenilaianError(_("Sampel unit ini untuk bulan itu belum diambil."))
    sisa = undecided(entries_for_review(unit.pk, tahun, bulan)).count()
    if sisa:
        raise PenilaianError(
            _(
                "Masih ada %(n)d entri sampel atau bertanda yang belum diputuskan; putuskan "
                "semuanya sebelum menandatangani."
            )
            % {"n": sisa}
        )
    try:
        with transaction.atomic():
            return TandaTanganUnit.objects.create(
                unit=unit,
                tahun=tahun,
                bulan=bulan,
                tim=tim,
                oleh=by,
                pada=now,
                catatan=(catatan or "").strip(),
            )
    except IntegrityError:
        raise PenilaianError(
            _("Unit ini baru saja ditandatangani anggota tim yang lain; muat ulang halaman.")
        ) from None


def _as_nilai(nilai) -> Decimal:
    try:
        value = Decimal(str(nilai))
    except (InvalidOperation, ValueError):
        raise PenilaianError(_("Nilai harus berupa angka 0–100.")) from None
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        raise PenilaianError(_("Nilai harus berupa angka 0–100."))
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def set_nilai_tim(
    pegawai: Pegawai,
    *,
    tahun: int,
    bulan: int,
    nilai,
    alasan: str = "",
    by,
    now: datetime | None = None,
) -> NilaiTim:
    """Give (or change, with a reason) the team's score 0–100 of a person's month."""
    now = now or timezone.now()
    _check_open(tahun, bulan)
    value = _as_nilai(nilai)
    alasan = (alasan or "").strip()
    _check_not_own(by, pegawai.pk)
    tim = _team_for(by, pegawai.unit_id)
    _check_not_signed(pegawai.unit_id, tahun, bulan)
    mulai, selesai = rentang(tahun, bulan)
    if pegawai.aktif_mulai > selesai or (
        pegawai.aktif_selesai is not None and pegawai.aktif_selesai < mulai
    ):
        raise PenilaianError(
            _("%(nama)s tidak aktif pada %(bulan)s.")
            % {"nama": pegawai.nama_lengkap, "bulan": _nama_bulan(tahun, bulan)}
        )
    existing = (
        NilaiTim.objects.select_for_update()
        .filter(pegawai=pegawai, tahun=tahun, bulan=bulan)
        .first()
    )
    if existing is None:
        try:
            with transaction.atomic():
                return NilaiTim.objects.create(
                    pegawai=pegawai,
                    tahun=tahun,
                    bulan=bulan,
                    nilai=value,
                    tim=tim,
                    oleh=by,
                    pada=now,
                    alasan=alasan,
                )
        except IntegrityError:
            raise PenilaianError(
                _("Nilai ini baru saja diisi anggota tim yang lain; muat ulang halaman.")
            ) from None
    if existing.nilai == value:
        return existing
    if not alasan:
        raise PenilaianError(
            _("Nilai bulan ini sudah diisi (%(nilai)s); tuliskan alasan perubahannya.")
            % {"nilai": existing.nilai}
        )
    log_action(
        "penilaian.nilai_tim_ubah",
        by=by,
        obj=existing,
        alasan=alasan,
        now=now,
        data={
            "pegawai": pegawai.pk,
            "bulan": f"{tahun:04d}-{bulan:02d}",
            "dari": str(existing.nilai),
            "ke": str(value),
            "oleh_sebelumnya": existing.oleh_id,
            "alasan_sebelumnya": existing.alasan,
        },
    )
    existing.nilai, existing.tim, existing.oleh, existing.pada, existing.alasan = (
        value,
        tim,
        by,
        now,
        alasan,
    )
    existing.save(update_fields=["nilai", "tim", "oleh", "pada", "alasan"])
    return existing
