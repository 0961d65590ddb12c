"""State changes of attendance: leave ranges and corrections, and the engine every attendance
write runs (the imports in pegawai/kehadiran_impor.py too).

The engine, `hitung_ulang`, classifies a set of people over a range of days from what is stored
(their schedules, their machine scans, their leave, the days decided by a person) and writes only
the days that differ, set-based. The precedence (models/kehadiran.py): correction > leave > daily
summary > machine. A day is classified from the machine once its scan window has closed
(pegawai/kehadiran.py), so today's record does not say PSW4 while people are still at work; and
only for people with a machine PIN, so nobody without a machine becomes TK.

Every write locks the people it touches (their Pegawai rows, FOR NO KEY UPDATE, in id order):
two imports, or an import and a correction, of the same people run one after the other. And every
write refuses a closed month (Periode), locking the months' rows (`Periode.lock_months`, FOR KEY
SHARE: writers do not wait for each other, only for a running close) so that a close cannot slip
in between the check and the commit.

Decisions of a person (a correction, a leave range entered or cancelled) write a RiwayatKehadiran
row per day changed and a LogAksi row.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import connection, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from . import kehadiran as rules
from .exceptions import KepegawaianError
from .importer_writes import chunks
from .jadwal import Jadwal, hari_kerja_on
from .models import Izin, Kehadiran, LogAbsen, Pegawai, Periode, RiwayatKehadiran
from .services import log_action
from .templatetags.ekinerja import tanggal as format_tanggal

Sumber = Kehadiran.Sumber
Aksi = RiwayatKehadiran.Aksi
ONE_DAY = timedelta(days=1)
MAX_HARI_IZIN = 366
WRITE_BATCH = 50_000
# Where PostgreSQL gets a list of ids as one array instead of a parameter each.
_ARRAY_FROM = 500

# The fields that make a day's state, in this order everywhere below.
STATE = (
    "kode",
    "tl",
    "psw",
    "jam_masuk",
    "jam_pulang",
    "menit_terlambat",
    "menit_pulang_cepat",
    "sumber",
    "izin_id",
)
State = tuple


# Helpers ---------------------------------------------------------------------------------------


def ids_filter(ids: Sequence[int]):
    if len(ids) >= _ARRAY_FROM and connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", (list(ids),))  # noqa: S611 (one parameter)
    return list(ids)


def _aware(naive: datetime | None, tz) -> datetime | None:
    return None if naive is None else naive.replace(tzinfo=tz)


def bulan_text(months: Iterable[tuple[int, int]]) -> str:
    return ", ".join(format_tanggal(date(y, m, 1), "bulan") for y, m in sorted(months))


def _closed_error(months: Iterable[tuple[int, int]]) -> KepegawaianError:
    return KepegawaianError(
        _("Periode %(bulan)s sudah ditutup: kehadiran bulan itu tidak dapat diubah lagi.")
        % {"bulan": bulan_text(months)}
    )


def check_open(mulai: date, selesai: date, *, sejak: date | None = None) -> None:
    """Refuse a range touching a closed month; the months' rows stay locked until commit (a
    close waits for the write, or the write waits for a running close and is refused).

    `sejak`: an earlier day the write reads too but does not refuse (the engine skips the days
    of a closed month by itself); its months are locked as well, so that what it reads of them
    holds until the commit."""
    closed = Periode.lock_months(min(mulai, sejak or mulai), selesai)
    closed = [m for m in closed if m >= (mulai.year, mulai.month)]
    if closed:
        raise _closed_error(closed)


def lock_pegawai(ids: Sequence[int]) -> dict[int, str | None]:
    """Lock the people's rows in id order (no deadlock between two writers) and return their
    machine PINs."""
    rows = (
        Pegawai.objects.select_for_update(no_key=True)
        .filter(pk__in=ids_filter(sorted(ids)))
        .order_by("pk")
        .values_list("pk", "pin_absen")
    )
    return dict(rows)


def _check_alasan(alasan: str) -> str:
    alasan = (alasan or "").strip()
    if not alasan:
        raise KepegawaianError(_("Alasan wajib diisi."))
    return alasan


# The engine -------------------------------------------------------------------------------------


@dataclass
class Perubahan:
    """What a classification wrote; with `track`, each day as (pegawai id, date, state before,
    state after), None for no record."""

    dibuat: int = 0
    diubah: int = 0
    dihapus: int = 0
    hari: list[tuple[int, date, State | None, State | None]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.dibuat + self.diubah + self.dihapus

    def add(self, other: "Perubahan") -> None:
        self.dibuat += other.dibuat
        self.diubah += other.diubah
        self.dihapus += other.dihapus
        self.hari += other.hari


def hitung_ulang(
    ids: Sequence[int],
    mulai: date,
    selesai: date,
    *,
    pins: set[int],
    by,
    now: datetime,
    sejak: datetime | None = None,
    scans: dict[int, list[datetime]] | None = None,
    track: bool = False,
) -> Perubahan:
    """Classify the people's days from `mulai` to `selesai` again and write what differs.

    `pins`: the people with a machine PIN. `sejak` (naive local, an import's first moment): a
    day before it is classified only when one of its scans is from `sejak` on (the night shift
    of the evening before, whose morning check-out is in the file). `scans`: the people's scans
    from the day before `mulai` to two days after `selesai` (naive local, any order), when the
    caller has them already; read from the database otherwise. The people must be
    locked and the range checked for closed months by the caller; days of a closed month are
    skipped all the same.
    """
    result = Perubahan()
    if not ids:
        return result
    tz = timezone.get_current_timezone()
    now_local = timezone.localtime(now, tz).replace(tzinfo=None)
    id_filter = ids_filter(ids)
    jadwal = Jadwal.load(ids, mulai - ONE_DAY, selesai + ONE_DAY)
    closed = Periode.closed_months(mulai, selesai)

    if scans is None:
        scans = read_scans(ids, mulai - ONE_DAY, selesai + 2 * ONE_DAY, tz)
    izin: dict[int, list[tuple[date, date, str, int]]] = defaultdict(list)
    for pegawai_id, pk, kode, start, end in (
        Izin.objects.aktif()
        .overlapping(mulai, selesai)
        .filter(pegawai__in=id_filter)
        .values_list("pegawai_id", "id", "kode", "mulai", "selesai")
    ):
        izin[pegawai_id].append((start, end, kode, pk))
    existing = read_days(ids, mulai, selesai, tz)

    upserts: list[tuple] = []
    deletes: list[int] = []
    by_id = by.pk if by is not None else None
    KOREKSI, HARIAN, IZIN, MESIN = Sumber.KOREKSI, Sumber.HARIAN, Sumber.IZIN, Sumber.MESIN
    # People on one schedule share its HariKerja objects (pegawai.kalender builds one per
    # profile and day, or per shift and day): their windows and hours are computed once.
    windows_of: dict[tuple[int, ...], dict[date, tuple[datetime, datetime]]] = {}
    hours_of: dict[int, tuple[datetime, datetime]] = {}

    def klasifikasi(hari, scans):
        hours = hours_of.get(id(hari))
        if hours is None:
            hours = hours_of[id(hari)] = (hari.mulai_pada, hari.selesai_pada)
        return rules.klasifikasi_jam(*hours, scans)

    for pegawai_id in ids:
        hari_kerja = jadwal.hari_kerja(pegawai_id)
        stored = existing.get(pegawai_id, {})
        if not hari_kerja and not stored:
            continue
        key = tuple(map(id, hari_kerja.values()))
        windows = windows_of.get(key)
        if windows is None:
            windows = windows_of[key] = rules.jendela(hari_kerja.values())
        per_day = rules.bagi_scan(windows, rules.rapikan(scans.get(pegawai_id, ())))
        ranges = izin.get(pegawai_id, ())
        has_pin = pegawai_id in pins
        days = [d for d in hari_kerja if mulai <= d <= selesai]
        days += [d for d in stored if d not in hari_kerja]  # no longer working days
        for day in days:
            if (day.year, day.month) in closed:
                continue
            pk, current = stored.get(day, (None, None))
            current_sumber = current[7] if current else None
            if current_sumber == KOREKSI:
                continue  # a person's decision on this very day
            hari = hari_kerja.get(day)
            before_period = sejak is not None and day < sejak.date()
            if hari is None and before_period:
                continue
            if hari is None:
                # No longer a working day (the schedule changed): what the machine or a leave
                # range put there goes; a summary row stays as the file said it.
                if current_sumber in (MESIN, IZIN):
                    deletes.append(pk)
                    result.dihapus += 1
                    if track:
                        result.hari.append((pegawai_id, day, current, None))
                continue
            window_end = windows[day][1]
            if before_period:
                # Before the period: only a shift whose end the period's scans bring (a night
                # shift's morning check-out); otherwise the earlier import's result stands.
                day_scans = per_day.get(day, ())
                if window_end <= sejak or not day_scans or day_scans[-1] < sejak:
                    continue
            cuti = next(((k, i) for s, e, k, i in ranges if s <= day <= e), None)
            desired: State | None
            if cuti is not None:
                hasil = klasifikasi(hari, per_day.get(day, ())).dengan_izin(cuti[0])
                desired = (*_hasil_state(hasil), IZIN, cuti[1])
            elif current_sumber == HARIAN:
                continue
            elif window_end > now_local:
                desired = None  # the day is not over yet
            elif not has_pin:
                if current_sumber != IZIN:
                    continue  # no machine: nothing to classify, and old records stay
                desired = None
            else:
                hasil = klasifikasi(hari, per_day.get(day, ()))
                desired = (*_hasil_state(hasil), MESIN, None)
            if desired == current:
                continue
            if desired is None:
                if pk is None:
                    continue
                deletes.append(pk)
                result.dihapus += 1
            else:
                upserts.append((pegawai_id, day, *desired, by_id, now))
                if pk is None:
                    result.dibuat += 1
                else:
                    result.diubah += 1
            if track:
                result.hari.append((pegawai_id, day, current, desired))
    write_days(upserts, deletes)
    return result


def _hasil_state(hasil: rules.Hasil) -> tuple:
    return (
        hasil.kode,
        hasil.tl,
        hasil.psw,
        hasil.jam_masuk,
        hasil.jam_pulang,
        hasil.menit_terlambat,
        hasil.menit_pulang_cepat,
    )


# Reads and writes ---------------------------------------------------------------------------
# The engine holds scan times and check-in/out times as naive local datetimes, as the rules do.
# On PostgreSQL the conversion is the database's (`AT TIME ZONE`), and bulk writes go through a
# binary COPY into a temporary table and one INSERT … SELECT: Django's loader of timestamptz
# and psycopg's quoting of large arrays cost more than the rest of a 440,000-day import.


def _is_pg() -> bool:
    return connection.vendor == "postgresql"


def read_scans(ids: Sequence[int], mulai: date, sebelum: date, tz) -> dict[int, list[datetime]]:
    """The people's stored scans from `mulai` to before `sebelum`, per person, in no particular
    order (the rules sort each person's few dozen; sorting a million in the database costs more)."""
    since = datetime.combine(mulai, time()).replace(tzinfo=tz)
    until = datetime.combine(sebelum, time()).replace(tzinfo=tz)
    scans: dict[int, list[datetime]] = defaultdict(list)
    if _is_pg():
        table = connection.ops.quote_name(LogAbsen._meta.db_table)
        sql = (
            f"SELECT pegawai_id, waktu AT TIME ZONE %s FROM {table}"  # noqa: S608
            " WHERE pegawai_id = ANY(%s) AND waktu >= %s AND waktu < %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [str(tz), list(ids), since, until])
            for pegawai_id, waktu in cursor.fetchall():
                scans[pegawai_id].append(waktu)
        return scans
    rows = LogAbsen.objects.filter(pegawai__in=ids_filter(ids), waktu__gte=since, waktu__lt=until)
    for pegawai_id, waktu in rows.order_by().values_list("pegawai_id", "waktu"):
        scans[pegawai_id].append(waktu.astimezone(tz).replace(tzinfo=None))
    return scans


def read_days(
    ids: Sequence[int], mulai: date, selesai: date, tz
) -> dict[int, dict[date, tuple[int, State]]]:
    """The stored days of the people between two dates: {pegawai: {date: (pk, state)}}."""
    days: dict[int, dict[date, tuple[int, State]]] = defaultdict(dict)
    if _is_pg():
        table = connection.ops.quote_name(Kehadiran._meta.db_table)
        sql = (
            "SELECT id, pegawai_id, tanggal, kode, tl, psw, jam_masuk AT TIME ZONE %s,"  # noqa: S608
            " jam_pulang AT TIME ZONE %s, menit_terlambat, menit_pulang_cepat, sumber, izin_id"
            f" FROM {table} WHERE pegawai_id = ANY(%s) AND tanggal BETWEEN %s AND %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [str(tz), str(tz), list(ids), mulai, selesai])
            for pk, pegawai_id, tanggal, *state in cursor.fetchall():
                days[pegawai_id][tanggal] = (pk, tuple(state))
        return days
    for pk, pegawai_id, tanggal, *state in (
        Kehadiran.objects.filter(pegawai__in=ids_filter(ids), tanggal__range=(mulai, selesai))
        .order_by()
        .values_list("id", "pegawai_id", "tanggal", *STATE)
    ):
        for i in (3, 4):
            if state[i] is not None:
                state[i] = state[i].astimezone(tz).replace(tzinfo=None)
        days[pegawai_id][tanggal] = (pk, tuple(state))
    return days


_COLUMNS = ("pegawai_id", "tanggal", *STATE, "diubah_oleh_id", "diubah_pada")
_PG_TYPES = (
    "int8", "date", "text", "int2", "int2", "timestamp", "timestamp",
    "int4", "int4", "text", "int8", "int8", "timestamptz",
)  # fmt: skip


def copy_rows(table: str, types: Sequence[str], rows: Iterable[tuple]) -> None:
    """Stream rows into a new temporary table (dropped at commit) with a binary COPY."""
    columns = ", ".join(f"c{i} {t}" for i, t in enumerate(types))
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(f"CREATE TEMPORARY TABLE {table} ({columns}) ON COMMIT DROP")
        with cursor.copy(f"COPY {table} FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(list(types))
            for row in rows:
                copy.write_row(row)


def write_days(upserts: list[tuple], deletes: list[int]) -> None:
    """Insert or update whole days (rows in _COLUMNS order, times naive local) and delete
    others, set-based."""
    for batch in chunks(deletes, WRITE_BATCH):
        Kehadiran.objects.filter(pk__in=ids_filter(batch)).delete()
    if not upserts:
        return
    tz = timezone.get_current_timezone()
    if _is_pg():
        quote = connection.ops.quote_name
        table = quote(Kehadiran._meta.db_table)
        columns = [Kehadiran._meta.get_field(n.removesuffix("_id")).column for n in _COLUMNS]
        values = [f"c{i}" for i in range(len(columns))]
        values[5], values[6] = "c5 AT TIME ZONE %s", "c6 AT TIME ZONE %s"  # local → timestamptz
        updates = ", ".join(f"{quote(c)} = EXCLUDED.{quote(c)}" for c in columns[2:])
        copy_rows("kehadiran_tulis", _PG_TYPES, upserts)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
                f"SELECT {', '.join(values)} FROM kehadiran_tulis "
                f"ON CONFLICT ({quote('pegawai_id')}, {quote('tanggal')}) DO UPDATE SET {updates}",
                [str(tz), str(tz)],
            )
        return
    objs = []
    for row in upserts:
        obj = Kehadiran(**dict(zip(_COLUMNS, row, strict=True)))
        obj.jam_masuk = _aware(obj.jam_masuk, tz)
        obj.jam_pulang = _aware(obj.jam_pulang, tz)
        objs.append(obj)
    Kehadiran.objects.bulk_create(
        objs,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["pegawai", "tanggal"],
        update_fields=[n.removesuffix("_id") for n in _COLUMNS[2:]],
    )


def _riwayat(
    perubahan: Perubahan, *, aksi: str, alasan: str, by, now, izin: Izin | None = None
) -> None:
    """One history row per day the decision changed."""
    empty = ("", 0, 0, "", "", 0, 0, "", None)
    RiwayatKehadiran.objects.bulk_create(
        RiwayatKehadiran(
            pegawai_id=pegawai_id,
            tanggal=day,
            aksi=aksi,
            dari_kode=(before or empty)[0],
            dari_tl=(before or empty)[1],
            dari_psw=(before or empty)[2],
            dari_sumber=(before or empty)[7],
            ke_kode=(after or empty)[0],
            ke_tl=(after or empty)[1],
            ke_psw=(after or empty)[2],
            ke_sumber=(after or empty)[7],
            alasan=alasan,
            izin=izin,
            oleh=by,
            pada=now,
        )
        for pegawai_id, day, before, after in perubahan.hari
    )


# Leave and duty ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HasilIzin:
    izin: Izin
    hari: int  # working days it decided
    dikoreksi: list[date]  # working days left as a correction decided them


@transaction.atomic
def create_izin(
    pegawai: Pegawai,
    *,
    kode: str,
    mulai: date,
    selesai: date,
    alasan: str,
    dasar: str = "",
    by,
    now: datetime | None = None,
) -> HasilIzin:
    """Record leave or duty over a date range: every working day of it takes the code, ahead of
    the machine and the daily summary; days corrected by a person keep their correction."""
    now = now or timezone.now()
    alasan = _check_alasan(alasan)
    if kode not in rules.KODE_IZIN:
        raise KepegawaianError(_("Jenis izin/cuti tidak dikenal."))
    if selesai < mulai:
        raise KepegawaianError(_("Tanggal selesai tidak boleh sebelum tanggal mulai."))
    if (selesai - mulai).days >= MAX_HARI_IZIN:
        raise KepegawaianError(
            _("Satu izin/cuti paling panjang %(n)d hari; catat sisanya terpisah.")
            % {"n": MAX_HARI_IZIN}
        )
    check_open(mulai, selesai)
    pins = lock_pegawai([pegawai.pk])
    clash = Izin.objects.aktif().overlapping(mulai, selesai).filter(pegawai=pegawai).first()
    if clash is not None:
        raise KepegawaianError(
            _("Sudah ada %(kode)s %(dari)s s.d. %(sampai)s yang bertumpuk dengan rentang ini.")
            % {
                "kode": clash.get_kode_display(),
                "dari": format_tanggal(clash.mulai, "pendek"),
                "sampai": format_tanggal(clash.selesai, "pendek"),
            }
        )
    working = Jadwal.load([pegawai.pk], mulai, selesai).hari_kerja(pegawai.pk)
    if not working:
        raise KepegawaianError(
            _("Tidak ada hari kerja %(nama)s antara %(dari)s dan %(sampai)s.")
            % {
                "nama": pegawai.nama,
                "dari": format_tanggal(mulai, "pendek"),
                "sampai": format_tanggal(selesai, "pendek"),
            }
        )
    izin = Izin.objects.create(
        pegawai=pegawai,
        kode=kode,
        mulai=mulai,
        selesai=selesai,
        alasan=alasan,
        dasar=dasar.strip(),
        dibuat_oleh=by,
        dibuat_pada=now,
    )
    perubahan = hitung_ulang(
        [pegawai.pk],
        mulai,
        selesai,
        pins={pk for pk, pin in pins.items() if pin},
        by=by,
        now=now,
        track=True,
    )
    _riwayat(perubahan, aksi=Aksi.IZIN, alasan=alasan, by=by, now=now, izin=izin)
    dikoreksi = sorted(
        Kehadiran.objects.filter(
            pegawai=pegawai, tanggal__range=(mulai, selesai), sumber=Sumber.KOREKSI
        ).values_list("tanggal", flat=True)
    )
    log_action(
        "pegawai.izin_catat",
        by=by,
        obj=pegawai,
        now=now,
        alasan=alasan,
        data={
            "izin": izin.pk,
            "kode": kode,
            "mulai": mulai.isoformat(),
            "selesai": selesai.isoformat(),
            "dasar": izin.dasar,
            "hari_diubah": perubahan.total,
        },
    )
    return HasilIzin(izin, len(working) - len(dikoreksi), dikoreksi)


@transaction.atomic
def cancel_izin(izin: Izin, *, alasan: str, by, now: datetime | None = None) -> Perubahan:
    """Cancel a leave range entered by mistake: its days go back to what the daily summary said
    before it, or are classified from the machine again (TK where nothing was scanned)."""
    now = now or timezone.now()
    alasan = _check_alasan(alasan)
    check_open(izin.mulai, izin.selesai)
    pins = lock_pegawai([izin.pegawai_id])
    updated = Izin.objects.filter(pk=izin.pk, dibatalkan_pada__isnull=True).update(
        dibatalkan_pada=now, dibatalkan_oleh=by, alasan_batal=alasan
    )
    if not updated:
        raise KepegawaianError(_("Izin/cuti ini sudah dibatalkan."))
    izin.refresh_from_db()
    # A summary row the leave covered comes back as it was (the import is not repeated).
    before = {}
    for tanggal, *state in (
        RiwayatKehadiran.objects.filter(izin=izin, aksi=Aksi.IZIN)
        .order_by("pada", "id")
        .values_list("tanggal", "dari_kode", "dari_tl", "dari_psw", "dari_sumber")
    ):
        before.setdefault(tanggal, state)
    restore = []
    perubahan = Perubahan()
    by_id = by.pk if by is not None else None
    for _pk, tanggal, *state in Kehadiran.objects.filter(izin=izin).values_list(
        "id", "tanggal", *STATE
    ):
        kode, tl, psw, sumber = before.get(tanggal, ("", 0, 0, ""))
        if sumber == Sumber.HARIAN:
            desired = (kode, tl, psw, None, None, 0, 0, Sumber.HARIAN, None)
            restore.append((izin.pegawai_id, tanggal, *desired, by_id, now))
            perubahan.diubah += 1
            perubahan.hari.append((izin.pegawai_id, tanggal, tuple(state), desired))
    write_days(restore, [])
    perubahan.add(
        hitung_ulang(
            [izin.pegawai_id],
            izin.mulai,
            izin.selesai,
            pins={pk for pk, pin in pins.items() if pin},
            by=by,
            now=now,
            track=True,
        )
    )
    _riwayat(perubahan, aksi=Aksi.IZIN_BATAL, alasan=alasan, by=by, now=now, izin=izin)
    log_action(
        "pegawai.izin_batal",
        by=by,
        obj=izin.pegawai,
        now=now,
        alasan=alasan,
        data={"izin": izin.pk, "hari_diubah": perubahan.total},
    )
    return perubahan


# Corrections ------------------------------------------------------------------------------------


def _check_day(pegawai: Pegawai, tanggal: date, now: datetime) -> None:
    if tanggal > timezone.localdate(now):
        raise KepegawaianError(
            _("Tanggal %(tgl)s belum tiba.") % {"tgl": format_tanggal(tanggal, "pendek")}
        )
    check_open(tanggal, tanggal)
    if hari_kerja_on(pegawai.pk, tanggal) is None:
        raise KepegawaianError(
            _("%(tgl)s bukan hari kerja %(nama)s; hanya hari kerja yang punya catatan kehadiran.")
            % {"tgl": format_tanggal(tanggal), "nama": pegawai.nama}
        )


@transaction.atomic
def correct_kehadiran(
    pegawai: Pegawai,
    tanggal: date,
    *,
    kode: str,
    tl: int = 0,
    psw: int = 0,
    alasan: str,
    by,
    now: datetime | None = None,
) -> Kehadiran:
    """Set a working day's code by hand (the machine was broken, a scan was missed): the day
    keeps it against every later import and leave range until the correction is withdrawn."""
    now = now or timezone.now()
    alasan = _check_alasan(alasan)
    if kode not in rules.KODE:
        raise KepegawaianError(_("Kode kehadiran tidak dikenal."))
    if not (0 <= tl <= 4 and 0 <= psw <= 4):
        raise KepegawaianError(_("TL dan PSW antara 0 dan 4."))
    if kode != rules.H and (tl or psw):
        raise KepegawaianError(_("TL dan PSW hanya untuk hari hadir (H)."))
    _check_day(pegawai, tanggal, now)
    lock_pegawai([pegawai.pk])
    current = Kehadiran.objects.filter(pegawai=pegawai, tanggal=tanggal).first()
    before = tuple(getattr(current, f) for f in STATE) if current else None
    if current is not None and (current.kode, current.tl, current.psw) == (kode, tl, psw):
        raise KepegawaianError(
            _("Kode %(kode)s sudah tercatat untuk hari itu; tidak ada yang dikoreksi.")
            % {"kode": current.tampil}
        )
    row = current or Kehadiran(pegawai=pegawai, tanggal=tanggal)
    row.kode, row.tl, row.psw = kode, tl, psw
    row.sumber, row.izin = Sumber.KOREKSI, None
    row.diubah_oleh, row.diubah_pada = by, now
    row.save()
    after = tuple(getattr(row, f) for f in STATE)
    _riwayat(
        Perubahan(hari=[(pegawai.pk, tanggal, before, after)]),
        aksi=Aksi.KOREKSI,
        alasan=alasan,
        by=by,
        now=now,
    )
    log_action(
        "pegawai.kehadiran_koreksi",
        by=by,
        obj=pegawai,
        now=now,
        alasan=alasan,
        data={
            "tanggal": tanggal.isoformat(),
            "dari": rules.kode_tampil(*before[:3]) if before else "",
            "ke": row.tampil,
        },
    )
    return row


@transaction.atomic
def withdraw_koreksi(
    pegawai: Pegawai, tanggal: date, *, alasan: str, by, now: datetime | None = None
) -> Kehadiran | None:
    """Withdraw a correction: the day is decided again by leave or the machine, as if the
    correction had never been made. Returns the day's record, None when it has none now."""
    now = now or timezone.now()
    alasan = _check_alasan(alasan)
    check_open(tanggal, tanggal)
    pins = lock_pegawai([pegawai.pk])
    current = Kehadiran.objects.filter(
        pegawai=pegawai, tanggal=tanggal, sumber=Sumber.KOREKSI
    ).first()
    if current is None:
        raise KepegawaianError(_("Hari itu tidak sedang dikoreksi."))
    before = tuple(getattr(current, f) for f in STATE)
    current.delete()
    perubahan = hitung_ulang(
        [pegawai.pk],
        tanggal,
        tanggal,
        pins={pk for pk, pin in pins.items() if pin},
        by=by,
        now=now,
        track=True,
    )
    after = perubahan.hari[0][3] if perubahan.hari else None
    _riwayat(
        Perubahan(hari=[(pegawai.pk, tanggal, before, after)]),
        aksi=Aksi.KOREKSI_BATAL,
        alasan=alasan,
        by=by,
        now=now,
    )
    log_action(
        "pegawai.kehadiran_koreksi_batal",
        by=by,
        obj=pegawai,
        now=now,
        alasan=alasan,
        data={
            "tanggal": tanggal.isoformat(),
            "dari": rules.kode_tampil(*before[:3]),
            "ke": rules.kode_tampil(*after[:3]) if after else "",
        },
    )
    return Kehadiran.objects.filter(pegawai=pegawai, tanggal=tanggal).first()
