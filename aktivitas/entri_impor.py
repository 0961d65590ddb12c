"""Entries brought in from another e-Kinerja (a kabupaten switching systems), and the demo's and
the benchmark's months, which come in the same way: `import_entri(file or rows, by=...)`.

All or nothing, like the staff import. Everything is read and checked before anything is written:
one bad row and nothing is saved; each problem comes back as (row, column, message) in
Indonesian. The columns (header aliases in KOLOM): NIP, TANGGAL, MULAI, SELESAI, KODE AKTIVITAS,
VOLUME, URAIAN, STATUS, and for decided entries NIP PEMUTUS and DIPUTUSKAN PADA.

What a row must satisfy: a known NIP, active on the date; a known activity code (whether the
activity was open to the person's position is not asked: the history was made under the old
system's catalog rights); dates and times that parse; SELESAI after MULAI on the same day; VOLUME
at least 1; a date that has come; STATUS one of the model's; for disetujui and ditolak a decider
(a known NIP with a login) and the moment of the decision, not before the entry's date nor after
now; no overlap with another row of the person or with their entries already stored; and no
date in a closed month (pegawai's Periode; asked again in the write's transaction, the months
locked until it commits, so that a close cannot slip in between).

What is written, per row one Entri: sumber impor, the status and the decider as in the file,
minutes = standard minutes × volume capped at the span (calculation.menit_entri) with the
catalog's standard of today kept on the entry, the outside-hours flag from the person's schedule
as for any entry, created and changed at the moment of the import. The import itself is one
decision, one LogAksi row ("aktivitas.entri_impor": who, when, the file, how many, which dates);
it writes no RiwayatEntri: the original decision is kept on the entry (diputuskan_oleh/pada), the
import decided nothing about each entry, and a history row each would double the cost of a
migration of millions. The entries of one import share `dibuat_pada`, the log row's `waktu`.

Writes are set-based: on PostgreSQL one COPY for all rows (psycopg's cursor.copy), elsewhere
(SQLite, `make run`) a parameterised INSERT per batch of rows (executemany); both write the same
rows. Reads are a fixed number of queries plus one per batch of NIPs or codes, and a few per
batch of BATCH_PEGAWAI staff (their stored entries and their schedules).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import DateField, TimeField
from django.utils import timezone
from django.utils.translation import gettext as _

from pegawai.importer import ImportErrors, RowError
from pegawai.importer_writes import chunks
from pegawai.jadwal import Jadwal
from pegawai.models import Pegawai, Periode
from pegawai.services import log_action
from pegawai.simpeg import identifier

from . import calculation
from .models import Aktivitas, Entri
from .tabel_impor import (
    FileError,
    Kolom,
    cell_text,
    parse_date,
    parse_int,
    parse_moment,
    parse_time,
)

KOLOM = Kolom(
    {
        "nip": ("NIP", "NIP PEGAWAI"),
        "tanggal": ("TANGGAL", "TGL", "TANGGAL AKTIVITAS", "TANGGAL KEGIATAN"),
        "mulai": ("MULAI", "JAM MULAI", "WAKTU MULAI"),
        "selesai": ("SELESAI", "JAM SELESAI", "WAKTU SELESAI"),
        "kode": ("KODE AKTIVITAS", "KODE", "KODE KEGIATAN"),
        "volume": ("VOLUME", "VOL", "JUMLAH"),
        "uraian": ("URAIAN", "URAIAN KEGIATAN", "KETERANGAN", "DESKRIPSI"),
        "status": ("STATUS", "STATUS ENTRI"),
        "nip_pemutus": ("NIP PEMUTUS", "DIPUTUSKAN OLEH", "NIP ATASAN", "PEMUTUS"),
        "diputuskan_pada": ("DIPUTUSKAN PADA", "WAKTU PUTUSAN", "TANGGAL PUTUSAN"),
    },
    required=("nip", "tanggal", "mulai", "selesai", "kode", "volume", "uraian", "status"),
    header=("nip", "tanggal"),
)
Status = Entri.Status
DECIDED = frozenset({Status.DISETUJUI.value, Status.DITOLAK.value})
_STATUS = {s.upper(): s for s in Status.values} | {"DRAFT": Status.DRAF.value}
_STATUS_VALUES = frozenset(Status.values)
_URAIAN_MAX = Entri._meta.get_field("uraian").max_length
# Staff checked together: their stored entries and schedules are read in one go.
BATCH_PEGAWAI = 1000
INSERT_BATCH = 1000
# A file broken throughout must not keep millions of messages: the first ones are enough.
MAX_ERRORS = 1000
COPY = "copy"
INSERT = "insert"


@dataclass(frozen=True)
class HasilImporEntri:
    dibuat: int
    per_status: dict[str, int]
    pegawai: int
    mulai: date | None
    sampai: date | None


def import_entri(
    source,
    *,
    by,
    filename: str = "",
    encoding: str | None = None,
    now: datetime | None = None,
    cara: str | None = None,
) -> HasilImporEntri:
    """Check entries completely, then write all of them or none.

    `source` is a file (bytes, text or an open file; CSV or XLSX by `filename`) or rows handed
    over in Python: dicts keyed by column (header or KOLOM key) or sequences in KOLOM's order,
    with text or Python values (date, time, int, datetime). Python rows are numbered from 2,
    as if under a header row. `cara` picks the write: "copy" (PostgreSQL, the default there) or
    "insert" (batches of INSERT, the default elsewhere).
    """
    now = now or timezone.now()
    cara = cara or (COPY if connection.vendor == "postgresql" else INSERT)
    try:
        table = KOLOM.table(source, filename=filename, encoding=encoding)
    except FileError as exc:
        raise ImportErrors([RowError(0, "", str(exc))]) from None
    impor = _Impor(table, now=now)
    impor.check()
    if impor.errors:
        raise ImportErrors(impor.sorted_errors())
    rows = impor.rows
    result = HasilImporEntri(
        dibuat=len(rows),
        per_status=dict(Counter(r[_STATUS_AT] for r in rows)),
        pegawai=len({r[0] for r in rows}),
        mulai=min((r[1] for r in rows), default=None),
        sampai=max((r[1] for r in rows), default=None),
    )
    try:
        with transaction.atomic():
            # The months again, locked until the write commits: a close that committed since
            # the check above refuses the file, a running one is waited for, a later one waits.
            closed = Periode.lock_months(result.mulai, result.sampai) if rows else set()
            for r in rows:
                if (r[1].year, r[1].month) in closed:
                    impor.fail(r[12], "tanggal", _closed_text(r[1]))
            if impor.errors:
                raise ImportErrors(impor.sorted_errors())
            write_entries(rows, now=now, cara=cara)
            log_action(
                "aktivitas.entri_impor",
                by=by,
                now=now,
                data={
                    "filename": filename,
                    "dibuat": result.dibuat,
                    "per_status": result.per_status,
                    "pegawai": result.pegawai,
                    "mulai": result.mulai.isoformat() if result.mulai else None,
                    "sampai": result.sampai.isoformat() if result.sampai else None,
                },
            )
    except IntegrityError:
        # The exclusion constraint: the person logged an entry between our check and our write.
        raise ImportErrors(
            [
                RowError(
                    0,
                    "",
                    _(
                        "Entri berubah selama impor berlangsung; tidak ada yang disimpan. Ulangi impor."
                    ),
                )
            ]
        ) from None
    return result


# A checked row, as write_entries takes it:
# (pegawai_id, tanggal, mulai, selesai, aktivitas_id, volume, uraian, status, pemutus user id,
#  diputuskan_pada, menit_standar, menit, di_luar_jadwal)
_STATUS_AT = 7


class _Impor:
    """One file on its way in: parsed, checked against the database, then handed to the writer."""

    def __init__(self, table: list[list], *, now: datetime):
        self.table = table
        self.now = now
        self.today = timezone.localdate(now)
        self.tz = timezone.get_current_timezone()
        self.errors: list[tuple[int, int, RowError]] = []
        self.error_count = 0
        self.position: dict[str, int] = {}
        self.label: dict[str, str] = {}
        self.rows: list[tuple] = []

    # errors

    def fail(self, row: int, key: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            column = self.label.get(key) or (KOLOM.name(key) if key else "")
            order = self.position.get(key, len(KOLOM.aliases))
            self.errors.append((row, order, RowError(row, column, message)))

    def sorted_errors(self) -> list[RowError]:
        errors = [e for _r, _o, e in sorted(self.errors, key=lambda t: (t[0], t[1]))]
        if self.error_count > len(errors):
            errors.append(
                RowError(
                    0,
                    "",
                    _("Dan %(n)d masalah lain; perbaiki yang di atas dulu lalu impor lagi.")
                    % {"n": self.error_count - len(errors)},
                )
            )
        return errors

    # the whole check

    def check(self) -> None:
        header = KOLOM.find_header(self.table)
        if header is None:
            self.fail(
                0,
                "",
                _(
                    "Baris header tidak ditemukan: tidak ada baris yang memuat kolom NIP dan "
                    "TANGGAL. Kolom wajib: %(kolom)s."
                )
                % {"kolom": ", ".join(KOLOM.name(k) for k in KOLOM.required)},
            )
            return
        self.position, self.label, problems = KOLOM.map_header(self.table[header])
        for message in problems:
            self.fail(header + 1, "", message)
        if problems:
            return
        parsed = self._parse(header)
        if not parsed and not self.error_count:
            self.fail(0, "", _("Berkas tidak berisi entri di bawah baris header."))
            return
        resolved = self._resolve(parsed)
        self._check_overlaps_and_schedules(resolved)

    # 1. Each row alone, without the database

    def _parse(self, header: int) -> list[tuple]:
        """(line, nip, tanggal, mulai, selesai, kode, volume, uraian, status, nip pemutus,
        diputuskan_pada) of each row whose cells parse; every problem reported."""
        pos = self.position
        i_nip, i_tgl, i_mulai, i_selesai = pos["nip"], pos["tanggal"], pos["mulai"], pos["selesai"]
        i_kode, i_vol, i_uraian, i_status = pos["kode"], pos["volume"], pos["uraian"], pos["status"]
        i_pemutus, i_pada = pos.get("nip_pemutus"), pos.get("diputuskan_pada")
        width = max(pos.values()) + 1
        fail, today, tz = self.fail, self.today, self.tz
        out = []
        for index in range(header + 1, len(self.table)):
            cells = self.table[index]
            line = index + 1
            if len(cells) < width:
                cells = [*cells, *[None] * (width - len(cells))]
            if not cells[i_nip] and not any(cell_text(c) for c in cells):
                continue  # blank lines
            ok = True

            nip = cells[i_nip]
            if type(nip) is not str or not nip.isdigit():
                try:
                    nip = _nip(nip)
                except ValueError as exc:
                    fail(line, "nip", str(exc))
                    nip, ok = None, False
                else:
                    if not nip:
                        fail(line, "nip", _("NIP wajib diisi"))
                        ok = False

            tanggal = cells[i_tgl]
            if type(tanggal) is not date:
                try:
                    tanggal = parse_date(tanggal)
                except ValueError:
                    fail(line, "tanggal", _bad_date(tanggal))
                    tanggal, ok = None, False
                else:
                    if tanggal is None:
                        fail(line, "tanggal", _("Tanggal wajib diisi"))
                        ok = False
            if tanggal is not None and tanggal > today:
                fail(
                    line,
                    "tanggal",
                    _("Tanggal %(tgl)s belum tiba") % {"tgl": f"{tanggal:%d-%m-%Y}"},
                )
                ok = False

            mulai = self._time(cells[i_mulai], line, "mulai")
            selesai = self._time(cells[i_selesai], line, "selesai")
            if mulai is None or selesai is None:
                ok = False
            elif selesai <= mulai:
                fail(
                    line,
                    "selesai",
                    _(
                        "Jam selesai %(s)s harus setelah jam mulai %(m)s (entri tidak melewati "
                        "tengah malam: pekerjaan setelah pukul 00:00 dicatat pada tanggal berikutnya)"
                    )
                    % {"s": _jam(selesai), "m": _jam(mulai)},
                )
                ok = False

            kode = cells[i_kode]
            kode = kode.strip() if type(kode) is str else cell_text(kode)
            if not kode:
                fail(line, "kode", _("Kode aktivitas wajib diisi"))
                ok = False

            volume = cells[i_vol]
            if type(volume) is not int:
                try:
                    volume = parse_int(volume)
                except ValueError:
                    volume = -1
            if volume is None or volume < 1:
                fail(
                    line,
                    "volume",
                    _("Volume harus bilangan bulat paling sedikit 1; bukan %(v)s")
                    % {"v": cell_text(cells[i_vol]) or _("kosong")},
                )
                ok = False

            uraian = cells[i_uraian]
            uraian = uraian.strip() if type(uraian) is str else cell_text(uraian)
            if not uraian:
                fail(line, "uraian", _("Uraian wajib diisi"))
                ok = False
            elif len(uraian) > _URAIAN_MAX:
                fail(
                    line,
                    "uraian",
                    _("Uraian paling panjang %(n)d karakter") % {"n": _URAIAN_MAX},
                )
                ok = False

            status = cells[i_status]
            if type(status) is not str or status not in _STATUS_VALUES:
                status = _status(status)
            if status is None:
                fail(
                    line,
                    "status",
                    _("Status %(v)s tidak dikenal; tulis draf, diajukan, disetujui atau ditolak")
                    % {"v": cell_text(cells[i_status]) or _("kosong")},
                )
                ok = False

            pemutus = "" if i_pemutus is None else cells[i_pemutus]
            if type(pemutus) is not str or not pemutus.isdigit():
                try:
                    pemutus = _nip(pemutus)
                except ValueError as exc:
                    fail(line, "nip_pemutus", str(exc))
                    pemutus, ok = "", False
            pada = None if i_pada is None else cells[i_pada]
            pada_bad = False
            if pada is not None and type(pada) is not datetime:
                try:
                    pada = parse_moment(pada)
                except ValueError:
                    pada_bad = True
                    fail(
                        line,
                        "diputuskan_pada",
                        _(
                            "Waktu putusan %(v)s tidak dikenali; tulis dd-mm-yyyy jj:mm, mis. "
                            "14-05-2026 09:15"
                        )
                        % {"v": cell_text(pada)},
                    )
                    pada, ok = None, False
            if pada is not None:
                if pada.tzinfo is None:
                    pada = timezone.make_aware(pada, tz)
                if pada > self.now:
                    fail(line, "diputuskan_pada", _("Waktu putusan belum tiba"))
                    ok = False
                elif tanggal is not None and timezone.localdate(pada, tz) < tanggal <= today:
                    fail(
                        line,
                        "diputuskan_pada",
                        _("Waktu putusan %(p)s sebelum tanggal entri %(t)s")
                        % {"p": f"{timezone.localtime(pada, tz):%d-%m-%Y %H:%M}",
                           "t": f"{tanggal:%d-%m-%Y}"},
                    )  # fmt: skip
                    ok = False
            if status in DECIDED:
                if not pemutus:
                    fail(
                        line,
                        "nip_pemutus",
                        _("NIP pemutus wajib diisi untuk entri yang %(status)s")
                        % {"status": status},
                    )
                    ok = False
                if pada is None and not pada_bad:
                    fail(
                        line,
                        "diputuskan_pada",
                        _("Waktu putusan wajib diisi untuk entri yang %(status)s")
                        % {"status": status},
                    )
                    ok = False
            if ok:
                out.append(
                    (
                        line,
                        nip,
                        tanggal,
                        mulai,
                        selesai,
                        kode,
                        volume,
                        uraian,
                        status,
                        pemutus,
                        pada,
                    )
                )
        return out

    def _time(self, value, line: int, key: str) -> time | None:
        if type(value) is time and not value.second and not value.microsecond:
            return value
        try:
            parsed = parse_time(value)
        except ValueError:
            self.fail(
                line,
                key,
                _("Jam %(v)s tidak dikenali; tulis jj:mm antara 00:00 dan 23:59, mis. 08:30")
                % {"v": cell_text(value)},
            )
            return None
        if parsed is None:
            self.fail(line, key, _("%(kolom)s wajib diisi") % {"kolom": self.label[key]})
        return parsed

    # 2. Against the staff, the catalog and the months

    def _resolve(self, parsed: list[tuple]) -> list[tuple]:
        nips = {p[1] for p in parsed} | {p[9] for p in parsed if p[9]}
        kodes = {p[5] for p in parsed}
        pegawai: dict[str, tuple] = {}
        for chunk in chunks(sorted(nips)):
            for nip, *rest in Pegawai.objects.filter(nip__in=chunk).values_list(
                "nip", "id", "user_id", "aktif_mulai", "aktif_selesai"
            ):
                pegawai[nip] = tuple(rest)
        aktivitas: dict[str, tuple[int, int]] = {}
        for chunk in chunks(sorted(kodes)):
            for kode, pk, menit in Aktivitas.objects.filter(kode__in=chunk).values_list(
                "kode", "id", "menit_standar"
            ):
                aktivitas[kode] = (pk, menit)
        closed = set()
        if parsed:
            days = [p[2] for p in parsed]
            closed = Periode.closed_months(min(days), max(days))

        fail, menit_entri = self.fail, calculation.menit_entri
        out = []
        for (
            line,
            nip,
            tanggal,
            mulai,
            selesai,
            kode,
            volume,
            uraian,
            status,
            pemutus,
            pada,
        ) in parsed:
            ok = True
            orang = pegawai.get(nip)
            if orang is None:
                fail(line, "nip", _("Pegawai dengan NIP %(nip)s tidak ada") % {"nip": nip})
                ok = False
            else:
                pegawai_id, _user, aktif_mulai, aktif_selesai = orang
                if tanggal < aktif_mulai or (aktif_selesai is not None and tanggal > aktif_selesai):
                    fail(
                        line,
                        "tanggal",
                        _("Pegawai %(nip)s tidak aktif pada %(tgl)s")
                        % {"nip": nip, "tgl": f"{tanggal:%d-%m-%Y}"},
                    )
                    ok = False
            katalog = aktivitas.get(kode)
            if katalog is None:
                fail(
                    line, "kode", _("Kode aktivitas %(kode)s tidak ada di katalog") % {"kode": kode}
                )
                ok = False
            user_id = None
            if pemutus:
                decider = pegawai.get(pemutus)
                user_id = decider[1] if decider else None
                if user_id is None:
                    fail(
                        line,
                        "nip_pemutus",
                        _("Pemutus dengan NIP %(nip)s tidak ada") % {"nip": pemutus}
                        if decider is None
                        else _("Pemutus dengan NIP %(nip)s tidak punya akun") % {"nip": pemutus},
                    )
                    ok = False
            if closed and (tanggal.year, tanggal.month) in closed:
                fail(line, "tanggal", _closed_text(tanggal))
                ok = False
            if ok:
                standar = katalog[1]
                out.append(
                    (
                        pegawai_id, tanggal, mulai, selesai, katalog[0], volume, uraian, status,
                        user_id, pada, standar, menit_entri(standar, volume, mulai, selesai), line,
                    )
                )  # fmt: skip
        return out

    # 3. Overlaps, in the file and with stored entries, and the outside-hours flag

    def _check_overlaps_and_schedules(self, resolved: list[tuple]) -> None:
        resolved.sort(key=lambda r: (r[0], r[1], r[2]))
        by_pegawai: dict[int, list[tuple]] = defaultdict(list)
        for r in resolved:
            by_pegawai[r[0]].append(r)
        ids = list(by_pegawai)
        fail, di_luar_jadwal, one_day = self.fail, calculation.di_luar_jadwal, timedelta(days=1)
        rows = self.rows
        for chunk in chunks(ids, BATCH_PEGAWAI):
            group = [r for pk in chunk for r in by_pegawai[pk]]
            first, last = min(r[1] for r in group), max(r[1] for r in group)
            stored: dict[tuple[int, date], list[tuple[time, time]]] = defaultdict(list)
            for key in (
                Entri.objects.filter(pegawai_id__in=chunk, tanggal__range=(first, last))
                .order_by()
                .values_list("pegawai_id", "tanggal", "mulai", "selesai")
            ):
                stored[key[0], key[1]].append((key[2], key[3]))
            jadwal = Jadwal.load(chunk, first - one_day, last)
            hari_kerja = {pk: jadwal.hari_kerja(pk) for pk in chunk}

            previous = None  # the row that reaches furthest into the day, for the file's overlaps
            for r in group:
                pegawai_id, tanggal, mulai, selesai = r[0], r[1], r[2], r[3]
                ok = True
                if (
                    previous is not None
                    and previous[0] == pegawai_id
                    and previous[1] == tanggal
                    and mulai < previous[3]
                ):
                    fail(
                        r[12],
                        "mulai",
                        _("Bertumpuk dengan baris %(baris)d (%(jam)s) milik pegawai yang sama")
                        % {
                            "baris": previous[12],
                            "jam": f"{_jam(previous[2])}–{_jam(previous[3])}",
                        },
                    )
                    ok = False
                if (
                    previous is None
                    or previous[:2] != (pegawai_id, tanggal)
                    or selesai > previous[3]
                ):
                    previous = r
                spans = stored.get((pegawai_id, tanggal))
                if spans:
                    clash = next((s for s in spans if mulai < s[1] and s[0] < selesai), None)
                    if clash is not None:
                        fail(
                            r[12],
                            "mulai",
                            _("Bertumpuk dengan entri yang sudah tersimpan pada %(tgl)s %(jam)s")
                            % {
                                "tgl": f"{tanggal:%d-%m-%Y}",
                                "jam": f"{_jam(clash[0])}–{_jam(clash[1])}",
                            },
                        )
                        ok = False
                if ok:
                    days = hari_kerja.get(pegawai_id, {})
                    hk = days.get(tanggal)
                    if (
                        hk is not None
                        and hk.mulai <= mulai
                        and (selesai <= hk.selesai or hk.melewati_tengah_malam)
                    ):
                        flag = False  # inside the day's own hours: what most entries are
                    else:
                        flag = di_luar_jadwal(
                            tanggal,
                            mulai,
                            selesai,
                            hari_ini=hk,
                            kemarin=days.get(tanggal - one_day),
                        )
                    rows.append((*r[:12], flag))


# Writing ---------------------------------------------------------------------------------------

# Entri fields the import sets, in the order of a checked row; the rest get their defaults.
_SET = (
    "pegawai_id", "tanggal", "mulai", "selesai", "aktivitas_id", "volume", "uraian", "status",
    "diputuskan_oleh_id", "diputuskan_pada", "menit_standar", "menit", "di_luar_jadwal",
)  # fmt: skip
_STAMPS = ("sumber", "dibuat_pada", "diubah_pada")


def write_entries(rows: list[tuple], *, now: datetime, cara: str = COPY) -> None:
    """Write checked rows as entries of sumber impor, in the caller's transaction.

    COPY (PostgreSQL) streams the rows in one statement. INSERT, the generic way (SQLite for
    `make run`, or any database), sends batches of a parameterised INSERT through executemany,
    dates and times prepared by the model's fields as bulk_create would prepare them, without
    building a model instance per row: bulk_create spent 10 s on the demo's 60,000 entries.
    """
    fields = {f.attname: f for f in Entri._meta.concrete_fields if not f.primary_key}
    rest = [name for name in fields if name not in _SET and name not in _STAMPS]
    columns = [*_SET, *_STAMPS, *rest]
    tail = (Entri.Sumber.IMPOR.value, now, now) + tuple(fields[n].get_default() for n in rest)
    quote = connection.ops.quote_name
    table = quote(Entri._meta.db_table)
    names = ", ".join(quote(fields[c].column) for c in columns)
    if cara == COPY:
        # Binary: the server parses no text (four times faster than text COPY for these rows);
        # the column types are the table's own, read from the catalog.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass"
                " AND attnum > 0 AND NOT attisdropped",
                [Entri._meta.db_table],
            )
            oid = dict(cursor.fetchall())
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types([oid[fields[c].column] for c in columns])
                for row in rows:
                    copy.write_row(row + tail)
    elif cara == INSERT:
        prepare = [
            (i, fields[c].get_db_prep_save)
            for i, c in enumerate(columns)
            if isinstance(fields[c], DateField | TimeField)  # DateTimeField is a DateField
        ]
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608 (model names)
        with connection.cursor() as cursor:
            for chunk in chunks(rows, INSERT_BATCH):
                params = []
                for row in chunk:
                    values = [*row, *tail]
                    for i, prep in prepare:
                        values[i] = prep(values[i], connection)
                    params.append(values)
                cursor.executemany(sql, params)
    else:
        raise ValueError(cara)


# Cells -----------------------------------------------------------------------------------------


def _nip(value) -> str:
    """A NIP cell as text; ValueError (with the message) when a spreadsheet made it a number."""
    try:
        return identifier(value)
    except ValueError as exc:
        raise ValueError(_("NIP %(masalah)s") % {"masalah": exc}) from None


def _status(value) -> str | None:
    return _STATUS.get(cell_text(value).upper())


def _jam(value: time) -> str:
    return f"{value:%H:%M}"


def _closed_text(tanggal: date) -> str:
    return _("Periode %(bulan)s sudah ditutup; entri bulan itu tidak dapat ditambahkan") % {
        "bulan": f"{tanggal:%m-%Y}"
    }


def _bad_date(value) -> str:
    return _("Tanggal %(v)s tidak dikenali; tulis dd-mm-yyyy atau yyyy-mm-dd") % {
        "v": cell_text(value)
    }
