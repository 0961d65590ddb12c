"""State changes of calendars and schedules: one function each, every decision logged.

Holidays (prefilled per year from the `holidays` package, then corrected by hand), the default
profile, Ramadan hours, schedule assignments, roster admins, roster edits and roster imports.

A holiday or roster change that would alter a date of a closed month is refused, the months'
rows locked until the change commits (`Periode.lock_months`): a close cannot slip in between.
"""

import csv
import io
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .exceptions import KepegawaianError
from .importer import ImportErrors, RowError
from .jadwal import Jadwal
from .models import (
    AdminUnit,
    HariJadwal,
    HariLibur,
    JadwalPegawai,
    JenisShift,
    Kalender,
    Pegawai,
    Periode,
    ProfilJadwal,
    Ramadan,
    Roster,
    UnitKerja,
)
from .nip import NipError, clean_nip
from .services import log_action
from .templatetags.ekinerja import tanggal as format_tanggal

# The schedules every pemda starts with (also seeded by migration 0004); admins change them.
KALENDER_PENDIDIKAN = "Kalender Pendidikan"
_KANTOR = (time(8), time(16, 30), time(12, 30), time(13, 30), 300)
_JUMAT_ACEH = (time(8), time(17), time(12), time(14), 300)  # long midday break for Friday prayer
_SEKOLAH = (time(7, 30), time(14), time(10), time(10, 30), 250)
_SEKOLAH_JUMAT = (time(7, 30), time(12), None, None, 250)
_SEKOLAH_SABTU = (time(7, 30), time(13), time(10), time(10, 30), 250)
_MINGGU_SEKOLAH = {0: _SEKOLAH, 1: _SEKOLAH, 2: _SEKOLAH, 3: _SEKOLAH, 4: _SEKOLAH_JUMAT}
_MINGGU_SEKOLAH[5] = _SEKOLAH_SABTU
JADWAL_BAWAAN = [
    {
        "kode": "kantor-5-hari",
        "nama": "Kantor 5 hari",
        "jenis": ProfilJadwal.Jenis.TETAP,
        "is_default": True,
        "hari": {0: _KANTOR, 1: _KANTOR, 2: _KANTOR, 3: _KANTOR, 4: _JUMAT_ACEH},
    },
    {
        "kode": "sekolah-6-hari",
        "nama": "Sekolah 6 hari",
        "jenis": ProfilJadwal.Jenis.TETAP,
        "kalender": KALENDER_PENDIDIKAN,
        "hari": _MINGGU_SEKOLAH,
    },
    {
        "kode": "guru",
        "nama": "Guru (mengajar)",
        "jenis": ProfilJadwal.Jenis.MENGAJAR,
        "kalender": KALENDER_PENDIDIKAN,
        # 24 teaching hours of 45 minutes plus 7 hours of other duties: 1,500 minutes a week,
        # the same as the office week's 5 × 300.
        "jam_mengajar_per_minggu": 24,
        "menit_per_jam_pelajaran": 45,
        "menit_tugas_tambahan_per_minggu": 420,
        "hari": _MINGGU_SEKOLAH,
    },
    {
        "kode": "shift-nakes",
        "nama": "Shift tenaga kesehatan",
        "jenis": ProfilJadwal.Jenis.SHIFT,
        "hari": {},
    },
]
SHIFT_BAWAAN = [
    ("P", "Pagi", time(8), time(14), 30, 300),
    ("S", "Siang", time(14), time(20), 30, 300),
    ("M", "Malam", time(20), time(8), 60, 600),
]


@transaction.atomic
def install_jadwal_bawaan(*, by=None, now=None) -> int:
    """Create the default calendar, profiles and shift types that are missing (by code)."""
    created = 0
    kalender, new = Kalender.objects.get_or_create(
        nama=KALENDER_PENDIDIKAN,
        defaults={"keterangan": "Libur semester dan hari libur sekolah."},
    )
    created += new
    has_default = ProfilJadwal.objects.filter(is_default=True).exists()
    for spec in JADWAL_BAWAAN:
        if ProfilJadwal.objects.filter(kode=spec["kode"]).exists():
            continue
        fields = {k: v for k, v in spec.items() if k not in ("hari", "kalender")}
        fields["is_default"] = spec.get("is_default", False) and not has_default
        profil = ProfilJadwal.objects.create(
            kalender=kalender if spec.get("kalender") else None, **fields
        )
        HariJadwal.objects.bulk_create(
            HariJadwal(
                profil=profil,
                hari=hari,
                jam_mulai=mulai,
                jam_selesai=selesai,
                istirahat_mulai=ist_mulai,
                istirahat_selesai=ist_selesai,
                target_menit=target,
            )
            for hari, (mulai, selesai, ist_mulai, ist_selesai, target) in spec["hari"].items()
        )
        created += 1
    known = set(JenisShift.objects.values_list("kode", flat=True))
    shifts = [
        JenisShift(
            kode=kode,
            nama=nama,
            jam_mulai=mulai,
            jam_selesai=selesai,
            istirahat_menit=istirahat,
            target_menit=target,
        )
        for kode, nama, mulai, selesai, istirahat, target in SHIFT_BAWAAN
        if kode not in known
    ]
    JenisShift.objects.bulk_create(shifts)
    created += len(shifts)
    if created:
        log_action("pegawai.jadwal_bawaan", by=by, now=now, data={"dibuat": created})
    return created


# Closed months ----------------------------------------------------------------------------


def _closed_months_of(days: Collection[date]) -> list[tuple[int, int]]:
    """The closed months among those of the days, every month of their range locked until the
    caller's transaction ends."""
    closed = Periode.lock_months(min(days), max(days))
    return sorted({(day.year, day.month) for day in days} & closed)


def _bulan_text(months: Iterable[tuple[int, int]]) -> str:
    return ", ".join(format_tanggal(date(tahun, bulan, 1), "bulan") for tahun, bulan in months)


def _check_libur_open(*days: date) -> None:
    closed = _closed_months_of(days)
    if closed:
        raise KepegawaianError(
            _("Periode %(bulan)s sudah ditutup: hari libur bulan itu tidak dapat diubah lagi.")
            % {"bulan": _bulan_text(closed)}
        )


# Holidays ---------------------------------------------------------------------------------


def _libur_data(libur: HariLibur) -> dict:
    return {
        "tanggal": libur.tanggal.isoformat(),
        "nama": libur.nama,
        "jenis": libur.jenis,
        "kalender": libur.kalender_id,
    }


@transaction.atomic
def prefill_hari_libur(tahun: int, *, by, now=None) -> int:
    """Add a year's national holidays and cuti bersama as the `holidays` package knows them.

    A year is prefilled once: afterwards the admin corrects the rows (a moved or added day),
    and a second run would bring back what they deleted. Dates the admin entered before are
    kept as they are.
    """
    import holidays

    if not 2000 <= tahun <= 2100:
        raise KepegawaianError(_("Tahun harus antara 2000 dan 2100."))
    if HariLibur.objects.filter(tanggal__year=tahun, dari_paket=True).exists():
        raise KepegawaianError(
            _(
                "Hari libur %(tahun)s sudah pernah diisi otomatis; koreksi langsung di daftar "
                "hari libur."
            )
            % {"tahun": tahun}
        )
    found: dict[date, tuple[str, str]] = {}
    for category, jenis in (
        ("public", HariLibur.Jenis.NASIONAL),
        ("government", HariLibur.Jenis.CUTI_BERSAMA),
    ):
        for tanggal, nama in holidays.Indonesia(
            years=tahun, language="id", categories=(category,)
        ).items():
            # A date that is both a holiday and cuti bersama stays a holiday.
            found.setdefault(tanggal, (nama, jenis))
    taken = set(
        HariLibur.objects.filter(tanggal__year=tahun, kalender__isnull=True).values_list(
            "tanggal", flat=True
        )
    )
    rows = [
        HariLibur(tanggal=tanggal, nama=nama[:200], jenis=jenis, dari_paket=True)
        for tanggal, (nama, jenis) in sorted(found.items())
        if tanggal not in taken
    ]
    HariLibur.objects.bulk_create(rows)
    log_action(
        "pegawai.hari_libur_isi",
        by=by,
        now=now,
        data={"tahun": tahun, "tanggal": [row.tanggal.isoformat() for row in rows]},
    )
    return len(rows)


def _save_libur(libur: HariLibur) -> None:
    try:
        with transaction.atomic():
            libur.save()
    except IntegrityError:
        raise KepegawaianError(
            _("%(tgl)s sudah menjadi hari libur di kalender itu.")
            % {"tgl": libur.tanggal.strftime("%d-%m-%Y")}
        ) from None


def _check_libur(jenis: str, kalender: Kalender | None) -> None:
    if (jenis == HariLibur.Jenis.KALENDER) != (kalender is not None):
        raise KepegawaianError(
            _("Libur kalender khusus harus memilih kalender; jenis lain berlaku umum.")
        )


@transaction.atomic
def create_hari_libur(
    *, tanggal: date, nama: str, jenis: str, kalender: Kalender | None = None, by, now=None
) -> HariLibur:
    """Add a holiday, cuti bersama, regional holiday or a day off of one calendar."""
    _check_libur(jenis, kalender)
    _check_libur_open(tanggal)
    libur = HariLibur(tanggal=tanggal, nama=nama, jenis=jenis, kalender=kalender)
    _save_libur(libur)
    log_action("pegawai.hari_libur_tambah", by=by, obj=libur, now=now, data=_libur_data(libur))
    return libur


@transaction.atomic
def update_hari_libur(
    libur: HariLibur,
    *,
    tanggal: date,
    nama: str,
    jenis: str,
    kalender: Kalender | None = None,
    alasan: str = "",
    by,
    now=None,
) -> HariLibur:
    """Correct a holiday (a moved date, a name, its kind)."""
    _check_libur(jenis, kalender)
    libur = HariLibur.objects.select_for_update().get(pk=libur.pk)
    kalender_id = kalender.pk if kalender is not None else None
    if (libur.tanggal, libur.kalender_id) != (tanggal, kalender_id):
        # Which days are off, and for whom, changes; a new name or kind alone changes no day.
        _check_libur_open(libur.tanggal, tanggal)
    before = _libur_data(libur)
    libur.tanggal, libur.nama, libur.jenis, libur.kalender = tanggal, nama, jenis, kalender
    _save_libur(libur)
    log_action(
        "pegawai.hari_libur_ubah",
        by=by,
        obj=libur,
        now=now,
        alasan=alasan,
        data={"dari": before, "ke": _libur_data(libur)},
    )
    return libur


@transaction.atomic
def delete_hari_libur(libur: HariLibur, *, alasan: str = "", by, now=None) -> None:
    """Remove a holiday: the day becomes a working day again for fixed schedules."""
    current = HariLibur.objects.select_for_update().filter(pk=libur.pk).first()
    if current is None:
        raise KepegawaianError(_("Hari libur ini sudah dihapus."))
    _check_libur_open(current.tanggal)
    log_action(
        "pegawai.hari_libur_hapus",
        by=by,
        obj=current,
        now=now,
        alasan=alasan,
        data=_libur_data(current),
    )
    current.delete()


# Profiles and Ramadan ---------------------------------------------------------------------


@transaction.atomic
def set_default_profil(profil: ProfilJadwal, *, by, now=None) -> None:
    """Make a fixed profile the one for staff without an assignment."""
    if profil.jenis != ProfilJadwal.Jenis.TETAP:
        raise KepegawaianError(_("Profil bawaan harus berjenis jam kerja tetap."))
    previous = list(ProfilJadwal.objects.select_for_update().filter(is_default=True))
    ProfilJadwal.objects.filter(is_default=True).exclude(pk=profil.pk).update(is_default=False)
    ProfilJadwal.objects.filter(pk=profil.pk).update(is_default=True)
    log_action(
        "pegawai.profil_bawaan",
        by=by,
        obj=profil,
        now=now,
        data={"sebelumnya": [p.pk for p in previous]},
    )


@transaction.atomic
def copy_jam_ramadan(ramadan: Ramadan, *, by, now=None) -> int:
    """Give this Ramadan the hours of the latest earlier one, for profiles that have none yet."""
    previous = (
        Ramadan.objects.filter(tahun__lt=ramadan.tahun, hari_jadwal__isnull=False)
        .order_by("-tahun")
        .first()
    )
    if previous is None:
        raise KepegawaianError(_("Belum ada jam Ramadan tahun sebelumnya untuk disalin."))
    have = set(ramadan.hari_jadwal.values_list("profil_id", flat=True))
    rows = [
        HariJadwal(
            profil_id=row.profil_id,
            ramadan=ramadan,
            hari=row.hari,
            jam_mulai=row.jam_mulai,
            jam_selesai=row.jam_selesai,
            istirahat_mulai=row.istirahat_mulai,
            istirahat_selesai=row.istirahat_selesai,
            target_menit=row.target_menit,
        )
        for row in previous.hari_jadwal.exclude(profil_id__in=have)
    ]
    HariJadwal.objects.bulk_create(rows)
    log_action(
        "pegawai.ramadan_salin",
        by=by,
        obj=ramadan,
        now=now,
        data={"dari": previous.tahun, "baris": len(rows)},
    )
    return len(rows)


# Assignments ------------------------------------------------------------------------------


def _check_mengajar(profil: ProfilJadwal, jam_mengajar, menit_tugas_tambahan) -> None:
    if profil.jenis != ProfilJadwal.Jenis.MENGAJAR and (
        jam_mengajar is not None or menit_tugas_tambahan is not None
    ):
        raise KepegawaianError(_("Jam pelajaran dan tugas tambahan hanya untuk profil mengajar."))


@transaction.atomic
def assign_jadwal_bulk(
    pegawai_ids: Iterable[int],
    *,
    profil: ProfilJadwal,
    mulai: date,
    selesai: date | None = None,
    jam_mengajar: int | None = None,
    menit_tugas_tambahan: int | None = None,
    dasar: str = "",
    by,
    now=None,
) -> list[JadwalPegawai]:
    """Put staff on a profile from `mulai`; an open-ended earlier assignment ends the day before.

    Set-based: a fixed number of queries for any number of staff.
    """
    ids = sorted(set(pegawai_ids))
    if not ids:
        return []
    if selesai is not None and selesai < mulai:
        raise KepegawaianError(_("Tanggal selesai jadwal tidak boleh sebelum tanggal mulai."))
    _check_mengajar(profil, jam_mengajar, menit_tugas_tambahan)
    # Lock the staff rows so two admins cannot interleave assignments of the same person.
    locked = list(Pegawai.objects.select_for_update().filter(pk__in=ids).values_list("pk", "nip"))
    if len(locked) != len(ids):
        raise KepegawaianError(_("Sebagian pegawai tidak ditemukan."))
    later = (
        JadwalPegawai.objects.filter(pegawai__in=ids, mulai__gte=mulai)
        .select_related("pegawai")
        .order_by("pegawai__nama")
        .first()
    )
    if later is not None:
        raise KepegawaianError(
            _(
                "%(nama)s sudah punya jadwal yang dimulai %(tgl)s; jadwal baru harus dimulai "
                "sesudahnya."
            )
            % {"nama": later.pegawai.nama, "tgl": later.mulai.strftime("%d-%m-%Y")}
        )
    # An earlier assignment that still runs on `mulai` ends the day before.
    JadwalPegawai.objects.filter(pegawai__in=ids, mulai__lt=mulai).exclude(
        selesai__lt=mulai
    ).update(selesai=mulai - timedelta(days=1))
    created = JadwalPegawai.objects.bulk_create(
        JadwalPegawai(
            pegawai_id=pk,
            profil=profil,
            mulai=mulai,
            selesai=selesai,
            jam_mengajar_per_minggu=jam_mengajar,
            menit_tugas_tambahan_per_minggu=menit_tugas_tambahan,
            dasar=dasar,
            dibuat_oleh=by,
        )
        for pk in ids
    )
    log_action(
        "pegawai.jadwal",
        by=by,
        obj=created[0].pegawai if len(created) == 1 else None,
        now=now,
        alasan=dasar,
        data={
            "profil": profil.pk,
            "mulai": mulai.isoformat(),
            "selesai": selesai.isoformat() if selesai else None,
            "jam_mengajar": jam_mengajar,
            "menit_tugas_tambahan": menit_tugas_tambahan,
            "pegawai": [nip for _pk, nip in locked],
        },
    )
    return created


def assign_jadwal(pegawai: Pegawai, **kwargs) -> JadwalPegawai:
    """Put one staff member on a profile from `mulai` (see assign_jadwal_bulk)."""
    return assign_jadwal_bulk([pegawai.pk], **kwargs)[0]


# Roster admins ----------------------------------------------------------------------------


@transaction.atomic
def grant_admin_unit(user, *, unit: UnitKerja, by, now=None) -> AdminUnit:
    """Let a user edit the roster of a unit and its sub-units."""
    grant, created = AdminUnit.objects.get_or_create(user=user, unit=unit)
    if not created:
        raise KepegawaianError(_("Pengguna ini sudah menjadi admin roster unit itu."))
    log_action("pegawai.admin_unit_beri", by=by, obj=unit, now=now, data={"user": user.pk})
    return grant


@transaction.atomic
def revoke_admin_unit(grant: AdminUnit, *, by, now=None) -> None:
    AdminUnit.objects.filter(pk=grant.pk).delete()
    log_action(
        "pegawai.admin_unit_cabut", by=by, obj=grant.unit, now=now, data={"user": grant.user_id}
    )


# Rosters ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RosterResult:
    dibuat: int
    diubah: int
    dihapus: int

    @property
    def total(self) -> int:
        return self.dibuat + self.diubah + self.dihapus


Entry = tuple[int, date]  # (pegawai id, date)


def _check_roster(
    unit: UnitKerja, entries: Mapping[Entry, int | None]
) -> tuple[dict[Entry, tuple[str, str]], dict[int, str]]:
    """Problems per entry as (column, Indonesian message), and the NIPs of the staff."""
    problems: dict[Entry, tuple[str, str]] = {}
    if not entries:
        return problems, {}
    ids = {pk for pk, _day in entries}
    days = [day for _pk, day in entries]
    in_unit = dict(Pegawai.objects.in_unit(unit).filter(pk__in=ids).values_list("pk", "nip"))
    shifts = JenisShift.objects.in_bulk({s for s in entries.values() if s is not None})
    jadwal = Jadwal.load(list(in_unit), min(days), max(days))
    for (pk, day), shift_id in entries.items():
        if pk not in in_unit:
            problems[pk, day] = (
                "NIP",
                _("Pegawai ini tidak terdaftar di %(unit)s atau sub-unitnya.")
                % {"unit": unit.nama},
            )
        elif shift_id is None:
            continue  # clearing a day is always allowed
        elif shift_id not in shifts or not shifts[shift_id].aktif:
            problems[pk, day] = ("SHIFT", _("Jenis shift tidak dikenal atau tidak aktif."))
        elif not jadwal.is_aktif(pk, day):
            problems[pk, day] = (
                "TANGGAL",
                _("Pegawai tidak aktif pada %(tgl)s.") % {"tgl": day.strftime("%d-%m-%Y")},
            )
        elif not jadwal.is_shift_on(pk, day):
            problems[pk, day] = (
                "TANGGAL",
                _(
                    "Pegawai tidak memakai jadwal shift pada %(tgl)s; roster hanya berlaku untuk "
                    "profil shift."
                )
                % {"tgl": day.strftime("%d-%m-%Y")},
            )
    return problems, in_unit


def _write_roster(
    unit: UnitKerja,
    entries: Mapping[Entry, int | None],
    *,
    nips: Mapping[int, str],
    sumber: str,
    by,
    now,
    data: dict | None = None,
    line_of: Mapping[Entry, int] | None = None,
) -> RosterResult:
    """Apply the entries that change something, in three queries plus the months' lock and the
    log row. A change on a date of a closed month refuses them all: a KepegawaianError, or with
    `line_of` (an import's line of each entry) an ImportErrors naming the lines."""
    now = now or timezone.now()
    ids = {pk for pk, _day in entries}
    days = [day for _pk, day in entries]
    existing = {
        (pk, day): (row_id, shift_id)
        for row_id, pk, day, shift_id in Roster.objects.select_for_update()
        .filter(pegawai__in=ids, tanggal__range=(min(days), max(days)))
        .values_list("id", "pegawai_id", "tanggal", "shift_id")
    }
    codes = dict(JenisShift.objects.values_list("id", "kode"))
    upsert, delete, changes, changed = [], [], [], []
    dibuat = diubah = 0
    for (pk, day), shift_id in sorted(entries.items(), key=lambda item: (item[0][1], item[0][0])):
        row_id, current = existing.get((pk, day), (None, None))
        if current == shift_id:
            continue
        changed.append((pk, day))
        if shift_id is None:
            delete.append(row_id)
        else:
            upsert.append(
                Roster(
                    pegawai_id=pk, tanggal=day, shift_id=shift_id, diubah_oleh=by, diubah_pada=now
                )
            )
            dibuat += current is None
            diubah += current is not None
        changes.append([nips[pk], day.isoformat(), codes.get(current, ""), codes.get(shift_id, "")])
    closed = _closed_months_of([day for _pk, day in changed]) if changed else []
    if closed:
        _refuse_closed_roster(closed, changed, line_of)
    if upsert:
        Roster.objects.bulk_create(
            upsert,
            update_conflicts=True,
            unique_fields=["pegawai", "tanggal"],
            update_fields=["shift", "diubah_oleh", "diubah_pada"],
        )
    if delete:
        Roster.objects.filter(pk__in=delete).delete()
    result = RosterResult(dibuat, diubah, len(delete))
    if changes:
        log_action(
            "pegawai.roster_ubah",
            by=by,
            obj=unit,
            now=now,
            data={"sumber": sumber, "perubahan": changes, **(data or {})},
        )
    return result


def _refuse_closed_roster(
    closed: list[tuple[int, int]], changed: list[Entry], line_of: Mapping[Entry, int] | None
) -> None:
    message = _("Periode %(bulan)s sudah ditutup: roster bulan itu tidak dapat diubah lagi.")
    if line_of is None:
        raise KepegawaianError(message % {"bulan": _bulan_text(closed)})
    errors = [
        RowError(line_of[pk, day], "TANGGAL", message % {"bulan": format_tanggal(day, "bulan")})
        for pk, day in changed
        if (day.year, day.month) in closed
    ]
    raise ImportErrors(sorted(errors, key=lambda e: e.row))


@transaction.atomic
def set_roster(
    unit: UnitKerja, entries: Mapping[Entry, int | None], *, by, now=None
) -> RosterResult:
    """Set shifts (a JenisShift id, or None for off) of staff of a unit on dates; all or none."""
    problems, nips = _check_roster(unit, entries)
    if problems:
        names = dict(
            Pegawai.objects.filter(pk__in={pk for pk, _d in problems}).values_list("pk", "nama")
        )
        details = [
            f"{names.get(pk, pk)} {day:%d-%m-%Y}: {message}"
            for (pk, day), (_column, message) in sorted(
                problems.items(), key=lambda item: item[0][1]
            )
        ]
        raise KepegawaianError(
            _("Roster tidak disimpan: %(masalah)s") % {"masalah": "; ".join(details[:5])}
            + (" …" if len(details) > 5 else "")
        )
    if not entries:
        return RosterResult(0, 0, 0)
    return _write_roster(unit, entries, nips=nips, sumber="grid", by=by, now=now)


# Roster import ----------------------------------------------------------------------------

ROSTER_COLUMNS = ("NIP", "TANGGAL", "SHIFT")
LIBUR_CODES = {"", "L", "-"}
MAX_ROSTER_DAYS = 366


def _parse_tanggal(text: str) -> date | None:
    for fmt in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _read_roster_csv(data: bytes) -> tuple[int, dict[str, int], list[tuple[int, list[str]]]]:
    """The header's line number and columns, and the data rows with their line numbers."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportErrors(
            [RowError(0, "", _("Berkas tidak dapat dibaca; simpan sebagai CSV UTF-8."))]
        )
    lines = text.splitlines()
    for delimiter in (";", ",", "\t"):
        try:
            rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
        except csv.Error as exc:
            raise ImportErrors(
                [RowError(0, "", _("Berkas CSV rusak: %(err)s") % {"err": exc})]
            ) from None
        for index, row in enumerate(rows[:10]):
            header = [cell.strip().upper() for cell in row]
            if all(column in header for column in ROSTER_COLUMNS):
                columns = {column: header.index(column) for column in ROSTER_COLUMNS}
                data_rows = [
                    (number, cells)
                    for number, cells in enumerate(rows[index + 1 :], start=index + 2)
                    if any(cell.strip() for cell in cells)
                ]
                return index + 1, columns, data_rows
    raise ImportErrors(
        [RowError(0, "", _("Kolom wajib tidak ditemukan: NIP, TANGGAL dan SHIFT (baris judul)."))]
    )


@transaction.atomic
def import_roster(fileobj, *, filename: str, unit: UnitKerja, by, now=None) -> RosterResult:
    """Read a roster CSV (NIP, TANGGAL, SHIFT) for staff of a unit: all of it, or nothing.

    Every problem comes back with its line and column. SHIFT is a shift code, or empty / "L"
    for a day off (which removes a shift already rostered).
    """
    _header_line, columns, rows = _read_roster_csv(fileobj.read())
    if not rows:
        raise ImportErrors([RowError(0, "", _("Berkas tidak berisi baris roster."))])
    errors: list[RowError] = []
    shift_by_code = {s.kode: s for s in JenisShift.objects.filter(aktif=True)}
    parsed: dict[tuple[str, date], tuple[int, str]] = {}

    def cell(cells, column):
        index = columns[column]
        return cells[index].strip() if index < len(cells) else ""

    for number, cells in rows:
        ok = True
        try:
            nip = clean_nip(cell(cells, "NIP"))
        except NipError as exc:
            errors.append(RowError(number, "NIP", str(exc)))
            ok = False
        else:
            if not (len(nip) == 18 and nip.isdigit()):
                errors.append(RowError(number, "NIP", _("NIP harus 18 digit angka.")))
                ok = False
        raw_date = cell(cells, "TANGGAL")
        tanggal = _parse_tanggal(raw_date)
        if tanggal is None:
            errors.append(
                RowError(
                    number,
                    "TANGGAL",
                    _("Tanggal '%(nilai)s' tidak dikenali; tulis dd-mm-yyyy atau yyyy-mm-dd.")
                    % {"nilai": raw_date},
                )
            )
            ok = False
        code = cell(cells, "SHIFT").upper()
        if code not in LIBUR_CODES and code not in shift_by_code:
            errors.append(
                RowError(
                    number,
                    "SHIFT",
                    _(
                        "Kode shift '%(kode)s' tidak dikenal; pilihan: %(pilihan)s, atau L/kosong untuk libur."
                    )
                    % {"kode": code, "pilihan": ", ".join(sorted(shift_by_code))},
                )
            )
            ok = False
        if not ok:
            continue
        if (nip, tanggal) in parsed:
            errors.append(
                RowError(
                    number,
                    "TANGGAL",
                    _("NIP dan tanggal ini sudah ada di baris %(baris)d.")
                    % {"baris": parsed[nip, tanggal][0]},
                )
            )
            continue
        parsed[nip, tanggal] = (number, code)

    days = [day for _nip, day in parsed]
    if days and (max(days) - min(days)).days >= MAX_ROSTER_DAYS:
        # A mistyped year would otherwise have us load decades of schedules.
        errors.append(
            RowError(
                0,
                "TANGGAL",
                _("Satu berkas paling banyak mencakup satu tahun (%(dari)s sampai %(sampai)s).")
                % {
                    "dari": min(days).strftime("%d-%m-%Y"),
                    "sampai": max(days).strftime("%d-%m-%Y"),
                },
            )
        )
        raise ImportErrors(sorted(errors, key=lambda e: (e.row, e.column)))
    ids = dict(
        Pegawai.objects.filter(nip__in={nip for nip, _day in parsed}).values_list("nip", "pk")
    )
    entries: dict[Entry, int | None] = {}
    line_of: dict[Entry, int] = {}
    for (nip, day), (number, code) in parsed.items():
        if nip not in ids:
            errors.append(
                RowError(
                    number,
                    "NIP",
                    _("NIP %(nip)s tidak terdaftar di %(unit)s atau sub-unitnya.")
                    % {"nip": nip, "unit": unit.nama},
                )
            )
            continue
        key = (ids[nip], day)
        entries[key] = None if code in LIBUR_CODES else shift_by_code[code].pk
        line_of[key] = number
    # The rules that need the staff's schedules are checked too, so one upload lists every
    # problem of the file.
    problems, nips = _check_roster(unit, entries)
    errors += [
        RowError(line_of[key], column, message) for key, (column, message) in problems.items()
    ]
    if errors:
        raise ImportErrors(sorted(errors, key=lambda e: (e.row, e.column)))
    return _write_roster(
        unit,
        entries,
        nips=nips,
        sumber="impor",
        by=by,
        now=now,
        data={"berkas": filename, "baris": len(rows)},
        line_of=line_of,
    )
