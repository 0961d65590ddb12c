"""The supervisor's decisions on submitted entries, an admin's reassignment of who decides, and
the validation deadline. One function per state change, each writing the entries' history rows
(aktivitas.RiwayatEntri) in the same transaction; see docs/PENILAIAN.md.

A decision is refused, with a message a person can read, for an entry that is not (or no longer)
submitted, one's own entry, an entry of a closed month or past its month's validation deadline,
and an entry someone else decides. Decisions lock the entries (in id order, so two bulk
decisions never deadlock) and change them with a compare-and-swap on the status: of two tabs
approving the same entry one wins, the other is told who decided it and when. The same statement
locks the entries' months (`Periode.locked_status`, FOR KEY SHARE): a running close of the month
is waited for and then refuses the decision, and a close that starts later waits for its commit.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aktivitas.models import Entri, RiwayatEntri
from pegawai.hierarki import Hierarki
from pegawai.jadwal import rentang_bulan
from pegawai.models import Pegawai, Periode
from pegawai.services import log_action
from pegawai.templatetags.ekinerja import tanggal as format_tanggal

from ..exceptions import PenilaianError
from ..models import EntriLewatBatas, Notifikasi, PengalihanEntri, PengaturanPenilaian
from ..queries import (
    DASAR_PENGALIHAN,
    DASAR_TIM,
    Wewenang,
    awal_jendela,
    batas_validasi,
    terbuka,
)
from .notifikasi import notify

Status = Entri.Status
Kebijakan = PengaturanPenilaian.Kebijakan
# Rows per INSERT of the deadline job: ten parameters a row stays far below PostgreSQL's limit.
_BATCH = 2000


# Reading and checking -------------------------------------------------------------------------


def label_entri(entri: Entri) -> str:
    """ "Senin, 11 Mei 2026 08:00–09:00 (Staf Data)": an entry as messages name it."""
    return (
        f"{format_tanggal(entri.tanggal)} {entri.mulai:%H:%M}–{entri.selesai:%H:%M}"
        f" ({entri.pegawai.nama})"
    )


def _nama_pemutus(entri: Entri) -> str:
    user = entri.diputuskan_oleh
    if user is None:
        return _("sistem")
    pegawai = getattr(user, "pegawai", None)
    return pegawai.nama if pegawai is not None else user.get_username()


def _sudah_diputuskan(entri: Entri) -> str:
    values = {"entri": label_entri(entri), "status": entri.get_status_display().lower()}
    if entri.status == Status.DRAF:
        return _("Entri %(entri)s sudah ditarik kembali oleh pegawai menjadi draf.") % values
    if entri.diputuskan_pada is None:
        return _("Entri %(entri)s berstatus %(status)s, tidak menunggu keputusan.") % values
    pada = timezone.localtime(entri.diputuskan_pada)
    return _("Entri %(entri)s sudah %(status)s oleh %(oleh)s pada %(pada)s.") % {
        **values,
        "oleh": _nama_pemutus(entri),
        "pada": f"{format_tanggal(pada, 'pendek')} {pada:%H:%M}",
    }


def _lock(ids: list[int]) -> list[Entri]:
    """The entries, locked in id order, with what the checks and messages need, and whether
    their month is closed, its Periode row locked until the decision commits (one query when
    the months have their rows; lock_months makes them otherwise)."""
    entries = list(
        Entri.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("pegawai__user", "pengalihan", "diputuskan_oleh__pegawai")
        .annotate(status_periode=Periode.locked_status("tanggal"))
        .order_by("pk")
    )
    # A month without a row yet (its entries made before the row was): made and locked here.
    tanpa_baris = [e.tanggal for e in entries if e.status_periode is None]
    closed = Periode.lock_months(min(tanpa_baris), max(tanpa_baris)) if tanpa_baris else set()
    for e in entries:
        e.bulan_ditutup = (
            e.status_periode == Periode.Status.DITUTUP
            or (e.tanggal.year, e.tanggal.month) in closed
        )
    return entries


def _check(entries: list[Entri], ids: list[int], *, by, now: datetime, pengaturan) -> dict:
    """Every rule of a decision on these entries; how `by` decides each (one query)."""
    if len(entries) != len(ids):
        raise PenilaianError(
            _("Sebagian entri tidak ditemukan lagi (mungkin sudah dihapus); muat ulang antrian.")
        )
    hari_ini = timezone.localdate(now)
    wewenang = Wewenang.of(by, hari_ini)
    sejak = awal_jendela(hari_ini, hari=pengaturan.batas_validasi_hari)
    for entri in entries:
        if entri.pegawai_id == wewenang.pegawai_id:
            raise PenilaianError(
                _("Anda tidak dapat memutuskan entri Anda sendiri (%(entri)s).")
                % {"entri": label_entri(entri)}
            )
        if entri.status != Status.DIAJUKAN:
            raise PenilaianError(_sudah_diputuskan(entri))
        if entri.bulan_ditutup:
            raise PenilaianError(
                _("Periode %(bulan)s sudah ditutup: entri %(entri)s tidak dapat diputuskan lagi.")
                % {"bulan": format_tanggal(entri.tanggal, "bulan"), "entri": label_entri(entri)}
            )
        if entri.tanggal < sejak:
            batas = batas_validasi(
                entri.tanggal.year, entri.tanggal.month, hari=pengaturan.batas_validasi_hari
            )
            raise PenilaianError(
                _(
                    "Batas validasi entri %(bulan)s sudah lewat (%(batas)s): entri %(entri)s "
                    "tidak dapat diputuskan lagi."
                )
                % {
                    "bulan": format_tanggal(entri.tanggal, "bulan"),
                    "batas": format_tanggal(batas, "pendek"),
                    "entri": label_entri(entri),
                }
            )
    dasar = wewenang.dasar(
        [(e.pk, e.pegawai_id, p.ke_id if (p := _pengalihan(e)) else None) for e in entries]
    )
    refused = [e for e in entries if dasar[e.pk] is None]
    if refused:
        raise PenilaianError(
            _("Anda bukan yang memutuskan entri %(entri)s.") % {"entri": label_entri(refused[0])}
        )
    return dasar


def _pengalihan(entri: Entri) -> PengalihanEntri | None:
    return getattr(entri, "pengalihan", None)


def _catatan_dasar(dasar: str) -> str:
    """The basis of a decision not made by the supervisor by position, for the history."""
    if dasar == DASAR_TIM:
        return _("Diputuskan tim penilai: pegawai tanpa atasan.")
    if dasar == DASAR_PENGALIHAN:
        return _("Diputuskan atas pengalihan oleh admin.")
    return ""


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _swap(ids: list[int], *, ke: str, by, now: datetime, **fields) -> None:
    """Compare-and-swap the entries from submitted to `ke`; all of them or nothing."""
    changed = Entri.objects.filter(pk__in=ids, status=Status.DIAJUKAN).update(
        status=ke, diputuskan_oleh=by, diputuskan_pada=now, **fields
    )
    if changed != len(ids):  # the rows are locked: only a bug elsewhere gets here
        raise PenilaianError(_("Entri berubah saat diputuskan; muat ulang antrian lalu coba lagi."))


def _decided(entri: Entri, *, ke: str, by, now: datetime, **fields) -> None:
    """Bring the loaded entry in line with what was written."""
    entri.status, entri.diputuskan_oleh, entri.diputuskan_pada = ke, by, now
    for name, value in fields.items():
        setattr(entri, name, value)


# Decisions ------------------------------------------------------------------------------------


@transaction.atomic
def approve_entries(entri_ids: Iterable[int], *, by, now: datetime | None = None) -> list[Entri]:
    """Approve submitted entries as claimed, all or none; five queries however many."""
    now = now or timezone.now()
    ids = sorted({int(pk) for pk in entri_ids})
    if not ids:
        raise PenilaianError(_("Pilih dulu entri yang akan disetujui."))
    pengaturan = PengaturanPenilaian.current()
    entries = _lock(ids)
    dasar = _check(entries, ids, by=by, now=now, pengaturan=pengaturan)
    _swap(ids, ke=Status.DISETUJUI, by=by, now=now, menit_diakui=None)
    RiwayatEntri.objects.bulk_create(
        RiwayatEntri(
            entri_id=e.pk,
            oleh=by,
            pada=now,
            dari_status=Status.DIAJUKAN,
            ke_status=Status.DISETUJUI,
            catatan=_catatan_dasar(dasar[e.pk]),
        )
        for e in entries
    )
    for e in entries:
        _decided(e, ke=Status.DISETUJUI, by=by, now=now, menit_diakui=None)
    return entries


@transaction.atomic
def approve_entry(
    entri: Entri,
    *,
    menit: int | None = None,
    alasan: str = "",
    by,
    now: datetime | None = None,
) -> Entri:
    """Approve one entry; with `menit`, fewer minutes than claimed, for a reason the owner is
    told."""
    if menit is None:
        return approve_entries([entri.pk], by=by, now=now)[0]
    now = now or timezone.now()
    alasan = alasan.strip()
    if not alasan:
        raise PenilaianError(_("Tuliskan alasan mengurangi menit entri ini."))
    pengaturan = PengaturanPenilaian.current()
    entries = _lock([entri.pk])
    dasar = _check(entries, [entri.pk], by=by, now=now, pengaturan=pengaturan)
    entri = entries[0]
    if not 0 <= menit < entri.menit:
        raise PenilaianError(
            _(
                "Menit yang diakui harus antara 0 dan %(maks)d (kurang dari %(menit)d menit yang "
                "diklaim); untuk menyetujui seluruhnya, pakai tombol Setujui."
            )
            % {"maks": entri.menit - 1, "menit": entri.menit}
        )
    _swap([entri.pk], ke=Status.DISETUJUI, by=by, now=now, menit_diakui=menit)
    values = {"n": menit, "m": entri.menit, "alasan": alasan}
    RiwayatEntri.objects.create(
        entri=entri,
        oleh=by,
        pada=now,
        dari_status=Status.DIAJUKAN,
        ke_status=Status.DISETUJUI,
        catatan=_join(
            _("Disetujui %(n)d dari %(m)d menit: %(alasan)s") % values,
            _catatan_dasar(dasar[entri.pk]),
        ),
    )
    _decided(entri, ke=Status.DISETUJUI, by=by, now=now, menit_diakui=menit)
    if entri.pegawai.user_id:
        notify(
            entri.pegawai.user,
            jenis=Notifikasi.Jenis.DIKOREKSI,
            judul=_("Menit entri %(entri)s dikurangi menjadi %(n)d")
            % {"entri": _label_singkat(entri), "n": menit},
            pesan=_("Disetujui %(n)d dari %(m)d menit. Alasan: %(alasan)s") % values,
            url=reverse("aktivitas:entri_detail", args=[entri.pk]),
            now=now,
        )
    return entri


@transaction.atomic
def reject_entry(entri: Entri, *, alasan: str, by, now: datetime | None = None) -> Entri:
    """Reject one entry for a reason the owner is told; they may fix and resubmit it."""
    now = now or timezone.now()
    alasan = alasan.strip()
    if not alasan:
        raise PenilaianError(_("Tuliskan alasan penolakan entri ini."))
    pengaturan = PengaturanPenilaian.current()
    entries = _lock([entri.pk])
    dasar = _check(entries, [entri.pk], by=by, now=now, pengaturan=pengaturan)
    entri = entries[0]
    _swap([entri.pk], ke=Status.DITOLAK, by=by, now=now)
    RiwayatEntri.objects.create(
        entri=entri,
        oleh=by,
        pada=now,
        dari_status=Status.DIAJUKAN,
        ke_status=Status.DITOLAK,
        catatan=_join(alasan, _catatan_dasar(dasar[entri.pk])),
    )
    _decided(entri, ke=Status.DITOLAK, by=by, now=now)
    if entri.pegawai.user_id:
        notify(
            entri.pegawai.user,
            jenis=Notifikasi.Jenis.DITOLAK,
            judul=_("Entri %(entri)s ditolak") % {"entri": _label_singkat(entri)},
            pesan=_("Alasan: %(alasan)s") % {"alasan": alasan},
            url=reverse("aktivitas:entri_detail", args=[entri.pk]),
            now=now,
        )
    return entri


def _label_singkat(entri: Entri) -> str:
    return f"{format_tanggal(entri.tanggal, 'pendek')} {entri.mulai:%H:%M}–{entri.selesai:%H:%M}"


# Reassignment ---------------------------------------------------------------------------------


@transaction.atomic
def reassign_entries(
    pegawai: Pegawai,
    *,
    ke: Pegawai | None,
    alasan: str,
    by,
    now: datetime | None = None,
) -> int:
    """Send every undecided entry of a person to `ke` instead of their supervisor (or, with
    `ke` None, back to the supervisor by position); the number of entries."""
    now = now or timezone.now()
    alasan = alasan.strip()
    if not alasan:
        raise PenilaianError(_("Tuliskan alasan pengalihan."))
    hari_ini = timezone.localdate(now)
    if ke is not None:
        if ke.pk == pegawai.pk:
            raise PenilaianError(_("Pegawai tidak dapat memutuskan entrinya sendiri."))
        if not ke.user_id:
            raise PenilaianError(
                _("%(nama)s tidak punya akun, sehingga tidak dapat memutuskan entri.")
                % {"nama": ke.nama}
            )
        if not ke.is_active_on(hari_ini):
            raise PenilaianError(
                _("%(nama)s tidak tercatat sebagai pegawai aktif hari ini.") % {"nama": ke.nama}
            )
    pengaturan = PengaturanPenilaian.current()
    sejak = awal_jendela(hari_ini, hari=pengaturan.batas_validasi_hari)
    # The months that may hold undecided entries, locked before they are asked whether closed.
    Periode.lock_months(sejak, hari_ini)
    ids = list(
        terbuka(Entri.objects.select_for_update(of=("self",)), sejak=sejak)
        .filter(pegawai=pegawai)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        raise PenilaianError(
            _("%(nama)s tidak punya entri yang menunggu keputusan.") % {"nama": pegawai.nama}
        )
    if ke is None:
        PengalihanEntri.objects.filter(entri_id__in=ids).delete()
    else:
        PengalihanEntri.objects.bulk_create(
            [PengalihanEntri(entri_id=pk, ke=ke, oleh=by, pada=now, alasan=alasan) for pk in ids],
            update_conflicts=True,
            unique_fields=["entri"],
            update_fields=["ke", "oleh", "pada", "alasan"],
        )
    log_action(
        "penilaian.pengalihan_entri",
        by=by,
        obj=pegawai,
        alasan=alasan,
        now=now,
        data={"ke": ke.pk if ke else None, "entri": ids},
    )
    return len(ids)


# The validation deadline ----------------------------------------------------------------------


@dataclass
class HasilBatasValidasi:
    """What applying a month's deadline did."""

    tahun: int
    bulan: int
    batas: date
    kebijakan: str
    jumlah: int = 0
    ditutup: bool = False


@transaction.atomic
def apply_validation_deadline(
    tahun: int, bulan: int, *, now: datetime | None = None
) -> HasilBatasValidasi:
    """Apply the pemda's policy to the month's entries still undecided after its deadline.

    Each becomes an EntriLewatBatas row naming who should have decided it, and a history row by
    the system; with auto-approval it is approved too (by nobody). A rerun changes nothing.
    """
    now = now or timezone.now()
    pengaturan = PengaturanPenilaian.current()
    batas = batas_validasi(tahun, bulan, hari=pengaturan.batas_validasi_hari)
    result = HasilBatasValidasi(
        tahun=tahun, bulan=bulan, batas=batas, kebijakan=pengaturan.kebijakan_lewat_batas
    )
    if timezone.localdate(now) <= batas:
        raise PenilaianError(
            _("Batas validasi %(bulan)s adalah %(batas)s; belum lewat.")
            % {
                "bulan": format_tanggal(date(tahun, bulan, 1), "bulan"),
                "batas": format_tanggal(batas, "pendek"),
            }
        )
    first, last = rentang_bulan(tahun, bulan)
    if Periode.lock_months(first, first):
        result.ditutup = True  # a closed month is frozen, late entries included
        return result
    # Locked: the owner cannot withdraw one while the policy is applied, and a second run
    # waits for this one (then finds nothing new to claim).
    rows = list(
        Entri.objects.select_for_update(of=("self",))
        .filter(tanggal__range=(first, last), status=Status.DIAJUKAN, lewat_batas__isnull=True)
        .order_by("pk")
        .values_list("pk", "pegawai_id", "tanggal", "menit", "pengalihan__ke_id")
    )
    if not rows:
        return result
    hier = Hierarki.on(batas)
    kebijakan = pengaturan.kebijakan_lewat_batas
    values = [
        (pk, pegawai_id, tanggal, menit, ke_id or hier.atasan_of(pegawai_id))
        for pk, pegawai_id, tanggal, menit, ke_id in rows
    ]
    claimed = _claim(values, tahun=tahun, bulan=bulan, kebijakan=kebijakan, batas=batas, now=now)
    if not claimed:
        return result
    if kebijakan == Kebijakan.DISETUJUI_OTOMATIS:
        Entri.objects.filter(pk__in=claimed, status=Status.DIAJUKAN).update(
            status=Status.DISETUJUI, diputuskan_oleh=None, diputuskan_pada=now
        )
        ke, catatan = Status.DISETUJUI, _("Disetujui otomatis: batas validasi %(batas)s lewat.")
    else:
        ke, catatan = (
            Status.DIAJUKAN,
            _("Tidak dihitung: belum diputuskan sampai batas validasi %(batas)s."),
        )
    catatan %= {"batas": format_tanggal(batas, "pendek")}
    RiwayatEntri.objects.bulk_create(
        RiwayatEntri(
            entri_id=pk,
            oleh=None,
            pada=now,
            dari_status=Status.DIAJUKAN,
            ke_status=ke,
            catatan=catatan,
        )
        for pk in claimed
    )
    result.jumlah = len(claimed)
    return result


def _claim(values, *, tahun, bulan, kebijakan, batas, now) -> list[int]:
    """Insert the EntriLewatBatas rows that do not exist yet; the entry ids inserted.

    ON CONFLICT DO NOTHING RETURNING tells which rows this run wrote, so two runs at once never
    both act on an entry (bulk_create with ignore_conflicts cannot say which it inserted).
    """
    table = EntriLewatBatas._meta.db_table
    columns = (
        "entri_id, pegawai_id, tanggal, menit, atasan_id, tahun, bulan, kebijakan, batas,"
        " diterapkan_pada"
    )
    claimed: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(values), _BATCH):
            batch = values[start : start + _BATCH]
            placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(batch))
            params = [v for row in batch for v in (*row, tahun, bulan, kebijakan, batas, now)]
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {placeholders}"  # noqa: S608
                " ON CONFLICT (entri_id) DO NOTHING RETURNING entri_id",
                params,
            )
            claimed += [pk for (pk,) in cursor.fetchall()]
    return sorted(claimed)


def bulan_jatuh_tempo(now: datetime, pengaturan: PengaturanPenilaian) -> tuple[int, int] | None:
    """The month whose deadline has passed by `now` and is the latest to: the previous month,
    from the day after its deadline on; None before that."""
    hari_ini = timezone.localdate(now)
    prev = hari_ini.replace(day=1) - timedelta(days=1)
    if hari_ini <= batas_validasi(prev.year, prev.month, hari=pengaturan.batas_validasi_hari):
        return None
    return prev.year, prev.month


def apply_due_validation_deadline(*, now: datetime | None = None) -> HasilBatasValidasi | None:
    """Apply the deadline of the month that is due (what the daily scheduled job runs); None
    when no month's deadline has just passed. Daily runs after the first change nothing."""
    now = now or timezone.now()
    due = bulan_jatuh_tempo(now, PengaturanPenilaian.current())
    if due is None:
        return None
    return apply_validation_deadline(*due, now=now)
