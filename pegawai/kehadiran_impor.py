"""Attendance imports: the fingerprint machine's log and the daily summary CSV, all or nothing.

`import_kehadiran` (machine) and `import_kehadiran_harian` (summary) read the whole file first;
one bad line and nothing is saved, every problem reported with its line and column in
Indonesian. What is not an error but is left out is reported as a warning with its lines and
written to the import's LogAksi row: a PIN (or NIP) that belongs to nobody, a summary row on a
day that is not a working day of the person or that a person already decided (leave, a
correction). Decision: unknown PINs do not block the import. A machine also holds guests,
retired staff and test fingers; refusing the whole file for them would stop every pemda on the
first day, and an admin who sees the list fills the PIN on the staff record and imports the same
file again, which is safe.

Machine log (attlog, as ../shared/data/attlog-sample.dat): one scan per line, tab separated
(runs of spaces are accepted too): PIN, date and time (YYYY-MM-DD HH:MM[:SS], local time of the
pemda), verify mode, in/out state, then columns this import does not read. The verify mode and
the in/out state must be whole numbers when present; their values are not used (see
pegawai/kehadiran.py: the time decides check-in and check-out). A PIN is matched exactly as
written against Pegawai.pin_absen.

Daily summary (CSV or XLSX, comma or semicolon): a header row with NIP, TANGGAL and KODE (aliases
in HARIAN_KOLOM), one row per person and day, KODE as pegawai.kehadiran.parse_kode reads it.

Writes are set-based: scans through `INSERT … SELECT unnest(…) ON CONFLICT DO NOTHING` (a scan
stored once, however often it is imported), days through services_kehadiran.write_days. The
import is one decision: one LogAksi row with the file, the period and the counts, written only
when it changed something, so importing the same file again writes nothing at all; the scans it
stored are its evidence.
"""

import calendar
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from . import kehadiran as rules
from .exceptions import KepegawaianError
from .importer import ImportErrors, RowError
from .importer_writes import chunks
from .jadwal import Jadwal
from .models import Kehadiran, LogAbsen, Pegawai, Periode
from .models.periode import TAHUN_MIN
from .nip import NipError, clean_nip
from .services import log_action
from .services_kehadiran import (
    ONE_DAY,
    STATE,
    Perubahan,
    bulan_text,
    check_open,
    copy_rows,
    hitung_ulang,
    ids_filter,
    lock_pegawai,
    read_scans,
    write_days,
)
from .simpeg import FileError, cell_text, parse_date, read_table

Sumber = Kehadiran.Sumber
# An import without a month may span this many days at most: a machine whose clock was once
# reset to 2000 must not make us classify twenty years.
MAX_HARI_IMPOR = 93
# Where PostgreSQL gets a list of PINs as one array instead of a parameter each.
_ARRAY_FROM = 500

# A broken file of a million lines must not keep a million messages: the first ones are enough.
MAX_ERRORS = 1000
# A scan further ahead than this is a machine clock set wrong, not a clock running a bit fast.
TOLERANSI_MASA_DEPAN = timedelta(hours=1)

KOLOM_PIN = "PIN (kolom 1)"
KOLOM_WAKTU = "WAKTU (kolom 2)"
_KOLOM_ANGKA = ((2, "VERIFIKASI (kolom 3)"), (3, "STATUS (kolom 4)"))


class Kesalahan:
    """Errors of one file, in line order, at most MAX_ERRORS kept and the rest counted."""

    def __init__(self):
        self.items: list[RowError] = []
        self.count = 0

    def add(self, row: int, column: str, message: str) -> None:
        self.count += 1
        if len(self.items) < MAX_ERRORS:
            self.items.append(RowError(row, column, message))

    def __bool__(self) -> bool:
        return self.count > 0

    def sorted(self) -> list[RowError]:
        errors = sorted(self.items, key=lambda e: e.row)
        if self.count > len(errors):
            errors.append(
                RowError(
                    0,
                    "",
                    _("Dan %(n)d masalah lain; perbaiki yang di atas dulu lalu impor lagi.")
                    % {"n": self.count - len(errors)},
                )
            )
        return errors


def decode(data: bytes | str, encoding: str | None = None) -> str:
    if isinstance(data, str):
        return data
    for candidate in [encoding] if encoding else ["utf-8-sig", "cp1252"]:
        try:
            return data.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
    raise FileError(
        _("Berkas tidak dapat dibaca sebagai %(enc)s; simpan ulang sebagai teks UTF-8.")
        % {"enc": encoding or "UTF-8 / Windows-1252"}
    )


class Scan(NamedTuple):  # a tuple: a million of them are made per month of a pemda
    baris: int
    pin: str
    waktu: datetime  # naive, the pemda's local time


def baca_attlog(text: str, *, now: datetime, errors: Kesalahan) -> tuple[list[Scan], int]:
    """The scans of a machine log and the number of lines with data; problems go to `errors`.
    `now` is naive local time."""
    scans: list[Scan] = []
    lines = 0
    limit = now + TOLERANSI_MASA_DEPAN
    fromisoformat = datetime.fromisoformat
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.split("\t")
        if len(parts) == 1:
            if not line or line.isspace():
                continue
            parts = line.split()
            if len(parts) >= 3 and ":" in parts[2]:
                parts = [parts[0], f"{parts[1]} {parts[2]}", *parts[3:]]
        lines += 1
        pin = parts[0].strip()
        ok = True
        if not (pin.isalnum() and pin.isascii() and len(pin) <= 20):
            errors.add(
                number,
                KOLOM_PIN,
                _("PIN '%(pin)s' tidak sah: 1–20 huruf atau angka tanpa spasi") % {"pin": pin[:30]},
            )
            ok = False
        raw = parts[1].strip() if len(parts) > 1 else ""
        waktu = None
        if len(raw) >= 16:
            try:
                waktu = fromisoformat(raw)
            except ValueError:
                waktu = None
        if waktu is None or waktu.tzinfo is not None:
            errors.add(
                number,
                KOLOM_WAKTU,
                _("Waktu '%(nilai)s' tidak dikenali; tulis YYYY-MM-DD JJ:MM:DD waktu setempat")
                % {"nilai": raw[:40]},
            )
            ok = False
        elif waktu > limit:
            errors.add(
                number,
                KOLOM_WAKTU,
                _("Waktu %(nilai)s belum tiba; periksa jam mesin absen")
                % {"nilai": f"{waktu:%d-%m-%Y %H:%M}"},
            )
            ok = False
        for index, column in _KOLOM_ANGKA:
            if len(parts) > index and not parts[index].strip().isdigit():
                errors.add(
                    number,
                    column,
                    _("Harus bilangan bulat, bukan '%(nilai)s'") % {"nilai": parts[index][:20]},
                )
                ok = False
        if ok:
            scans.append(
                Scan(number, pin, waktu.replace(microsecond=0) if waktu.microsecond else waktu)
            )
    return scans, lines


# The daily summary ----------------------------------------------------------------------------

HARIAN_KOLOM = {
    "nip": ("NIP", "NIP PEGAWAI"),
    "tanggal": ("TANGGAL", "TGL", "TANGGAL ABSEN", "HARI/TANGGAL"),
    "kode": ("KODE", "KODE ABSEN", "KODE KEHADIRAN", "KETERANGAN", "STATUS"),
}
_HARIAN_ALIAS = {alias: key for key, aliases in HARIAN_KOLOM.items() for alias in aliases}


def _header_key(cell) -> str | None:
    text = " ".join(str(cell or "").replace("_", " ").replace(".", " ").split()).upper()
    return _HARIAN_ALIAS.get(text)


def _find_header(rows: list[list]) -> int | None:
    for index, cells in enumerate(rows[:20]):
        if {_header_key(c) for c in cells} >= set(HARIAN_KOLOM):
            return index
    return None


@dataclass(frozen=True, slots=True)
class BarisHarian:
    baris: int
    nip: str
    tanggal: date
    kode: str
    tl: int
    psw: int


def baca_harian(
    data: bytes | str,
    *,
    filename: str,
    today: date,
    errors: Kesalahan,
    encoding: str | None = None,
) -> tuple[list[BarisHarian], int]:
    """The rows of a daily summary and the number of rows with data; problems go to `errors`."""
    try:
        table = read_table(data, filename=filename, encoding=encoding, header=_find_header)
    except FileError as exc:
        errors.add(0, "", str(exc))
        return [], 0
    header = _find_header(table)
    if header is None:
        errors.add(
            0,
            "",
            _(
                "Baris header tidak ditemukan: berkas rekap harian memerlukan kolom NIP, TANGGAL dan KODE."
            ),
        )
        return [], 0
    position, label = {}, {}
    for index, cell in enumerate(table[header]):
        key = _header_key(cell)
        if key and key not in position:
            position[key] = index
            label[key] = cell_text(cell)
    rows: list[BarisHarian] = []
    seen: dict[tuple[str, date], int] = {}
    count = 0
    for index in range(header + 1, len(table)):
        cells = table[index]
        if not any(cell_text(c) for c in cells):
            continue
        count += 1
        line = index + 1

        def cell(key, cells=cells):
            i = position[key]
            return cells[i] if i < len(cells) else None

        ok = True
        try:
            nip = clean_nip(cell_text(cell("nip")))
        except NipError as exc:
            errors.add(line, label["nip"], str(exc))
            nip, ok = "", False
        else:
            if not (len(nip) == 18 and nip.isdigit()):
                errors.add(
                    line,
                    label["nip"],
                    _("NIP harus 18 digit angka, bukan '%(nip)s'") % {"nip": nip},
                )
                ok = False
        raw_date = cell("tanggal")
        try:
            tanggal = parse_date(raw_date)
        except ValueError:
            tanggal = None
        if tanggal is None:
            errors.add(
                line,
                label["tanggal"],
                _("Tanggal '%(nilai)s' tidak dikenali; tulis dd-mm-yyyy atau yyyy-mm-dd")
                % {"nilai": cell_text(raw_date)},
            )
            ok = False
        elif tanggal > today:
            errors.add(
                line,
                label["tanggal"],
                _("Tanggal %(tgl)s belum tiba") % {"tgl": f"{tanggal:%d-%m-%Y}"},
            )
            ok = False
        raw_kode = cell_text(cell("kode"))
        try:
            kode, tl, psw = rules.parse_kode(raw_kode)
        except ValueError:
            errors.add(
                line,
                label["kode"],
                _(
                    "Kode '%(kode)s' tidak dikenal; pilihan: H, TL1–TL4, PSW1–PSW4 (boleh "
                    "berdua, mis. TL1+PSW2), TK, DL, CT, CS, CM, CAP, I"
                )
                % {"kode": raw_kode},
            )
            ok = False
        if not ok:
            continue
        if (nip, tanggal) in seen:
            errors.add(
                line,
                label["tanggal"],
                _("NIP dan tanggal ini sudah ada di baris %(baris)d")
                % {"baris": seen[nip, tanggal]},
            )
            continue
        seen[nip, tanggal] = line
        rows.append(BarisHarian(line, nip, tanggal, kode, tl, psw))
    return rows, count


# Machine import ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HasilImpor:
    """What an import did. `peringatan`: what was left out and why (unknown PINs or NIPs with
    their lines, days that are not working days, days decided by a person), shown and logged."""

    baris: int
    pegawai: int
    mulai: date | None
    sampai: date | None
    dibuat: int
    diubah: int
    dihapus: int
    scan_baru: int = 0
    di_luar_bulan: int = 0
    peringatan: list[RowError] = field(default_factory=list)

    @property
    def berubah(self) -> int:
        return self.dibuat + self.diubah + self.dihapus


def _pins_to_ids(pins: Iterable[str]) -> dict[str, int]:
    pins = sorted(set(pins))
    found: dict[str, int] = {}
    for batch in chunks(pins, 20_000):
        if connection.vendor == "postgresql" and len(batch) >= _ARRAY_FROM:
            pin_filter = RawSQL("SELECT unnest(%s::varchar[])", (batch,))  # noqa: S611
        else:
            pin_filter = batch
        found.update(
            Pegawai.objects.filter(pin_absen__in=pin_filter).values_list("pin_absen", "pk")
        )
    return found


def _unknown_warnings(lines_of: dict[str, list[int]], column: str, message) -> list[RowError]:
    warnings = []
    for key, lines in sorted(lines_of.items(), key=lambda item: item[1][0]):
        shown = ", ".join(str(n) for n in lines[:10]) + (" …" if len(lines) > 10 else "")
        warnings.append(
            RowError(lines[0], column, message % {"nilai": key, "n": len(lines), "baris": shown})
        )
    return warnings


def _scope(ids: set[int], *, units: Sequence, semua: bool, mulai: date, selesai: date) -> set[int]:
    """The people whose days an import classifies: those in the file, and with `units` or
    `semua` every person with a PIN active in the period there (they become TK where absent)."""
    if not (units or semua):
        return ids
    others = Pegawai.objects.filter(pin_absen__isnull=False, aktif_mulai__lte=selesai).exclude(
        aktif_selesai__lt=mulai
    )
    if not semua:
        condition = Q()
        for unit in units:
            condition |= Q(pk__in=Pegawai.objects.in_unit(unit).values("pk"))
        others = others.filter(condition)
    return ids | set(others.values_list("pk", flat=True))


def import_kehadiran(
    source,
    *,
    filename: str = "",
    by,
    bulan: tuple[int, int] | None = None,
    units: Sequence = (),
    semua: bool = False,
    encoding: str | None = None,
    now: datetime | None = None,
) -> HasilImpor:
    """Import a fingerprint machine log: check everything, then store the new scans and classify
    the days of the people in the file (and, with `units` or `semua`, every person with a PIN
    there) over the file's dates, or over the month `bulan` (YYYY, MM). All or nothing: a bad
    line and nothing is saved. Unknown PINs are reported with their lines and skipped.

    With `bulan`, scans outside the month are left out (counted), except those of the first day
    after it, which close a night shift of the month's last day.
    """
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    now_local = timezone.localtime(now, tz).replace(tzinfo=None)
    errors = Kesalahan()
    try:
        text = decode(source if isinstance(source, bytes | str) else source.read(), encoding)
    except FileError as exc:
        raise ImportErrors([RowError(0, "", str(exc))]) from None
    scans, lines = baca_attlog(text, now=now_local, errors=errors)
    if not lines:
        raise ImportErrors([RowError(0, "", _("Berkas tidak berisi baris log mesin absen."))])

    di_luar = 0
    if bulan is not None:
        first = date(bulan[0], bulan[1], 1)
        last = first.replace(day=calendar.monthrange(*bulan)[1])
        kept = [s for s in scans if first <= s.waktu.date() <= last + ONE_DAY]
        di_luar, scans = len(scans) - len(kept), kept
        period = (first, last)
    elif scans:
        days = [s.waktu.date() for s in scans]
        period = (min(days), max(days))
        if (period[1] - period[0]).days >= MAX_HARI_IMPOR:
            errors.add(
                0,
                KOLOM_WAKTU,
                _(
                    "Berkas mencakup %(dari)s sampai %(sampai)s, lebih dari %(n)d hari; impor per "
                    "bulan dengan memilih bulannya (scan di luar bulan itu dilewati)."
                )
                % {
                    "dari": f"{period[0]:%d-%m-%Y}",
                    "sampai": f"{period[1]:%d-%m-%Y}",
                    "n": MAX_HARI_IMPOR,
                },
            )
        elif period[0].year < TAHUN_MIN:
            # A clock reset to its factory date (0001-01-01 would overflow the day before the
            # period); no month before TAHUN_MIN can be a Periode anyway.
            errors.add(
                min(scans, key=lambda s: s.waktu).baris,
                KOLOM_WAKTU,
                _(
                    "Waktu %(nilai)s sebelum tahun %(tahun)d; periksa jam mesin absen, atau impor "
                    "per bulan dengan memilih bulannya (scan di luar bulan itu dilewati)."
                )
                % {"nilai": f"{period[0]:%d-%m-%Y}", "tahun": TAHUN_MIN},
            )
    else:
        period = None

    if scans and period is not None:
        closed = Periode.closed_months(min(s.waktu.date() for s in scans), period[1] + ONE_DAY)
        if closed:
            for s in scans:
                if (s.waktu.year, s.waktu.month) in closed:
                    errors.add(
                        s.baris,
                        KOLOM_WAKTU,
                        _("Periode %(bulan)s sudah ditutup; kehadirannya tidak dapat diubah")
                        % {"bulan": bulan_text([(s.waktu.year, s.waktu.month)])},
                    )
    if errors:
        raise ImportErrors(errors.sorted())

    ids_of = _pins_to_ids(s.pin for s in scans)
    unknown: dict[str, list[int]] = defaultdict(list)
    rows: set[tuple[int, datetime]] = set()
    in_period: set[int] = set()
    for s in scans:
        pegawai_id = ids_of.get(s.pin)
        if pegawai_id is None:
            unknown[s.pin].append(s.baris)
            continue
        rows.add((pegawai_id, s.waktu))
        if period[0] <= s.waktu.date() <= period[1]:
            in_period.add(pegawai_id)
    peringatan = _unknown_warnings(
        unknown,
        KOLOM_PIN,
        _(
            "PIN %(nilai)s tidak terdaftar pada pegawai mana pun: %(n)d scan dilewati (baris "
            "%(baris)s). Isi PIN absen di data pegawai lalu impor ulang berkas ini."
        ),
    )
    if not rows:
        # Nothing of a known person: the file says nothing about anyone's days (a --semua
        # here would make everybody TK for a month on the strength of an empty file).
        return HasilImpor(lines, 0, None, None, 0, 0, 0, 0, di_luar, peringatan)
    ids = _scope(in_period, units=units, semua=semua, mulai=period[0], selesai=period[1])

    try:
        with transaction.atomic():
            # The day before the period is classified too (a night shift ending in it), but
            # only if its month is open: the engine skips closed months by itself.
            check_open(period[0], max(w for _pk, w in rows).date(), sejak=period[0] - ONE_DAY)
            pins = lock_pegawai(ids)
            # The scans already stored around the period are read once: what the file adds to
            # them is all that is written, and together they are what the days are read from.
            mulai = period[0] - ONE_DAY
            scans = read_scans(sorted(pins), mulai - ONE_DAY, period[1] + 2 * ONE_DAY, tz)
            stored = {pk: set(times) for pk, times in scans.items()}
            new = [(pk, w) for pk, w in rows if w not in stored.get(pk, ())]
            baru = _store_scans(new, tz)
            for pk, w in new:
                if pk in pins:
                    scans[pk].append(w)
            perubahan = hitung_ulang(
                sorted(pins),
                mulai,
                period[1],
                pins={pk for pk, pin in pins.items() if pin},
                by=by,
                now=now,
                sejak=datetime.combine(period[0], time()),
                scans=scans,
            )
            result = HasilImpor(
                baris=lines,
                pegawai=len(pins),
                mulai=period[0],
                sampai=period[1],
                dibuat=perubahan.dibuat,
                diubah=perubahan.diubah,
                dihapus=perubahan.dihapus,
                scan_baru=baru,
                di_luar_bulan=di_luar,
                peringatan=peringatan,
            )
            if baru or perubahan.total:
                _log_import("pegawai.kehadiran_impor_mesin", result, filename, by=by, now=now)
    except KepegawaianError as exc:
        raise ImportErrors([RowError(0, "", str(exc))]) from None
    return result


def _log_import(aksi: str, result: HasilImpor, filename: str, *, by, now) -> None:
    log_action(
        aksi,
        by=by,
        now=now,
        data={
            "berkas": filename,
            "baris": result.baris,
            "mulai": result.mulai.isoformat() if result.mulai else None,
            "sampai": result.sampai.isoformat() if result.sampai else None,
            "pegawai": result.pegawai,
            "scan_baru": result.scan_baru,
            "dibuat": result.dibuat,
            "diubah": result.diubah,
            "dihapus": result.dihapus,
            "di_luar_bulan": result.di_luar_bulan,
            "peringatan": [[w.row, w.message] for w in result.peringatan[:200]],
        },
    )


def _store_scans(rows: list[tuple[int, datetime]], tz) -> int:
    """Store the scans (naive local times) not stored yet; returns how many were new."""
    if not rows:
        return 0
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(LogAbsen._meta.db_table)
        copy_rows("logabsen_baru", ("int8", "timestamp"), rows)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (pegawai_id, waktu) "  # noqa: S608
                "SELECT c0, c1 AT TIME ZONE %s FROM logabsen_baru "
                "ON CONFLICT (pegawai_id, waktu) DO NOTHING",
                [str(tz)],
            )
            return cursor.rowcount
    before = LogAbsen.objects.count()
    LogAbsen.objects.bulk_create(
        [LogAbsen(pegawai_id=pk, waktu=w.replace(tzinfo=tz)) for pk, w in rows],
        batch_size=1000,
        ignore_conflicts=True,
    )
    return LogAbsen.objects.count() - before


# Daily summary import ---------------------------------------------------------------------------


def import_kehadiran_harian(
    source,
    *,
    filename: str,
    by,
    encoding: str | None = None,
    now: datetime | None = None,
) -> HasilImpor:
    """Import a daily summary (NIP, TANGGAL, KODE): all or nothing. Each row sets that working
    day (sumber harian) unless a leave range or a correction decided it; unknown NIPs and days
    that are not working days of the person are reported and skipped."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    errors = Kesalahan()
    data = source if isinstance(source, bytes | str) else source.read()
    rows, count = baca_harian(
        data, filename=filename, today=today, errors=errors, encoding=encoding
    )
    if not count and not errors:
        errors.add(0, "", _("Berkas tidak berisi baris di bawah header."))
    if rows:
        closed = Periode.closed_months(min(r.tanggal for r in rows), max(r.tanggal for r in rows))
        for r in rows:
            if (r.tanggal.year, r.tanggal.month) in closed:
                errors.add(
                    r.baris,
                    "TANGGAL",
                    _("Periode %(bulan)s sudah ditutup; kehadirannya tidak dapat diubah")
                    % {"bulan": bulan_text([(r.tanggal.year, r.tanggal.month)])},
                )
    if errors:
        raise ImportErrors(errors.sorted())

    ids_of: dict[str, int] = {}
    for batch in chunks(sorted({r.nip for r in rows}), 5000):
        ids_of.update(Pegawai.objects.filter(nip__in=batch).values_list("nip", "pk"))
    unknown: dict[str, list[int]] = defaultdict(list)
    known = []
    for r in rows:
        if r.nip in ids_of:
            known.append(r)
        else:
            unknown[r.nip].append(r.baris)
    peringatan = _unknown_warnings(
        unknown,
        "NIP",
        _("NIP %(nilai)s tidak terdaftar: %(n)d baris dilewati (baris %(baris)s)."),
    )
    if not known:
        return HasilImpor(count, 0, None, None, 0, 0, 0, peringatan=peringatan)
    mulai, selesai = min(r.tanggal for r in known), max(r.tanggal for r in known)
    try:
        with transaction.atomic():
            check_open(mulai, selesai)
            ids = sorted({ids_of[r.nip] for r in known})
            lock_pegawai(ids)
            result, skipped = _write_harian(known, ids_of, ids, mulai, selesai, by=by, now=now)
            result = HasilImpor(
                baris=count,
                pegawai=len(ids),
                mulai=mulai,
                sampai=selesai,
                dibuat=result.dibuat,
                diubah=result.diubah,
                dihapus=0,
                peringatan=sorted(peringatan + skipped, key=lambda w: w.row),
            )
            if result.berubah:
                _log_import("pegawai.kehadiran_impor_harian", result, filename, by=by, now=now)
    except KepegawaianError as exc:
        raise ImportErrors([RowError(0, "", str(exc))]) from None
    return result


def _write_harian(known, ids_of, ids, mulai, selesai, *, by, now) -> tuple[Perubahan, list]:
    jadwal = Jadwal.load(ids, mulai, selesai)
    hari_kerja = {pk: jadwal.hari_kerja(pk) for pk in ids}
    existing = {
        (pegawai_id, tanggal): (pk, tuple(state))
        for pk, pegawai_id, tanggal, *state in Kehadiran.objects.filter(
            pegawai__in=ids_filter(ids), tanggal__range=(mulai, selesai)
        )
        .order_by()
        .values_list("id", "pegawai_id", "tanggal", *STATE)
    }
    skipped: list[RowError] = []
    upserts = []
    result = Perubahan()
    by_id = by.pk if by is not None else None
    for r in known:
        pegawai_id = ids_of[r.nip]
        day = f"{r.tanggal:%d-%m-%Y}"
        if r.tanggal not in hari_kerja.get(pegawai_id, {}):
            skipped.append(
                RowError(
                    r.baris,
                    "TANGGAL",
                    _("%(tgl)s bukan hari kerja NIP %(nip)s; baris dilewati")
                    % {"tgl": day, "nip": r.nip},
                )
            )
            continue
        pk, current = existing.get((pegawai_id, r.tanggal), (None, None))
        if current is not None and current[7] in (Sumber.KOREKSI, Sumber.IZIN):
            skipped.append(
                RowError(
                    r.baris,
                    "KODE",
                    _(
                        "%(tgl)s NIP %(nip)s sudah diputuskan admin (%(kode)s, %(sumber)s); "
                        "kode berkas tidak dipakai"
                    )
                    % {
                        "tgl": day,
                        "nip": r.nip,
                        "kode": rules.kode_tampil(*current[:3]),
                        "sumber": Sumber(current[7]).label,
                    },
                )
            )
            continue
        desired = (r.kode, r.tl, r.psw, None, None, 0, 0, Sumber.HARIAN, None)
        if desired == current:
            continue
        upserts.append((pegawai_id, r.tanggal, *desired, by_id, now))
        if pk is None:
            result.dibuat += 1
        else:
            result.diubah += 1
    write_days(upserts, [])
    return result, skipped
