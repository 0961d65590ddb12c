"""The anomaly scan: approved entries of a month that the review team should look at.

`scan_anomalies(tahun, bulan)` deletes the month's flags (FlagEntri) and writes them again,
set-based: an `INSERT … SELECT` per kind over the whole month (the two kinds an entry shows by
itself share one pass), so the number of queries is the same for ten staff or twenty thousand. Only approved entries (status disetujui) are flagged: they
are what counts for the TPK and what the team verifies. The kinds, with the pemda's thresholds
from PengaturanPenilaian:

- melebihi_waktu: on a working day, the person's counted minutes (Coalesce(menit_diakui, menit)
  of approved entries) add up to more than that day's effective time, the target minutes of
  their schedule (pegawai.jadwal, default 300). Every approved entry of that day is flagged.
  A day that is not a working day has no effective time; its entries are already outside the
  schedule's hours and carry the next flag.
- luar_jadwal: the entry lies (partly) outside the schedule's hours (Entri.di_luar_jadwal, set
  when the entry was made).
- uraian_berulang: the person used the same description (the same text, as saved: the services
  save it trimmed) more than `batas_uraian_sama` times in the month.
- terlambat_dibuat: the entry was made more than `batas_terlambat_hari` calendar days after its
  date (the date of dibuat_pada in the pemda's time zone minus tanggal). Imported entries are left
  out: their dibuat_pada is the moment of the import, not of the work's logging.
- persetujuan_kilat: a user approved more than `batas_persetujuan_kilat` entries within one
  minute (any 60 seconds, counted over their RiwayatEntri rows to disetujui since the month
  began, whatever the entries' month); every approved entry of the month in such a burst is
  flagged.

- tidak_hadir: the entry is dated on a day whose attendance record (pegawai's Kehadiran) says
  the person was not at work: TK (absent without leave) or a leave or duty code (DL, CT, CS,
  CM, CAP, I). Work on such a day is possible (a DL is work elsewhere) but worth a look; the
  attendance code is kept in the flag's detail.

A scan of a closed month is refused: its flags are part of what was decided. Two scans of the
same month wait for each other on the month's PemindaianAnomali row.
"""

import calendar
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from aktivitas.models import Entri, RiwayatEntri
from pegawai.jadwal import Jadwal
from pegawai.kehadiran_query import KODE_TIDAK_HADIR
from pegawai.models import Kehadiran, Pegawai, Periode, UnitKerja, User
from pegawai.templatetags.ekinerja import tanggal as format_tanggal

from .exceptions import PenilaianError
from .models import FlagEntri, PemindaianAnomali, PengaturanPenilaian

Jenis = FlagEntri.Jenis
DISETUJUI = Entri.Status.DISETUJUI
IMPOR = Entri.Sumber.IMPOR

# Memory for each sort or hash of the scan's queries (SET LOCAL: this transaction only).
WORK_MEM = "128MB"

_E = Entri._meta.db_table
_F = FlagEntri._meta.db_table
_K = Kehadiran._meta.db_table
_P = Pegawai._meta.db_table
_R = RiwayatEntri._meta.db_table
_U = UnitKerja._meta.db_table
_USER = User._meta.db_table

# The units given and every unit below them; one parameter: an array of ids.
_SUBTREE = (
    f"WITH RECURSIVE sub(id) AS (SELECT id FROM {_U} WHERE id = ANY(%s)"  # noqa: S608
    f" UNION SELECT u.id FROM {_U} u JOIN sub ON u.induk_id = sub.id) SELECT id FROM sub"
)
# A second scan writing the same (entri, jenis) replaces the detail instead of failing: an entry
# moved to this month after its old month's scan, or someone moved into the scanned units.
_UPSERT = (
    " ON CONFLICT (entri_id, jenis) DO UPDATE SET detail = EXCLUDED.detail,"
    " tahun = EXCLUDED.tahun, bulan = EXCLUDED.bulan"
)


def rentang(tahun: int, bulan: int) -> tuple[date, date]:
    return date(tahun, bulan, 1), date(tahun, bulan, calendar.monthrange(tahun, bulan)[1])


class _Bulan:
    """The month being scanned: its dates, its units and the WHERE clause of its entries."""

    def __init__(self, tahun: int, bulan: int, unit_ids: list[int] | None):
        self.tahun, self.bulan = tahun, bulan
        self.mulai, self.selesai = rentang(tahun, bulan)
        self.unit_ids = unit_ids

    def of_units(self, alias: str = "e") -> tuple[str, list]:
        """` AND` the entry's owner is in the scanned units (or below); nothing for a full scan."""
        if self.unit_ids is None:
            return "", []
        sql = (
            f" AND {alias}.pegawai_id IN (SELECT p.id FROM {_P} p WHERE p.unit_id IN ({_SUBTREE}))"  # noqa: S608
        )
        return sql, [self.unit_ids]

    def where(self, alias: str = "e") -> tuple[str, list]:
        """Approved entries of the month (of the units' staff, when the scan is limited)."""
        units, params = self.of_units(alias)
        sql = f"{alias}.status = %s AND {alias}.tanggal BETWEEN %s AND %s{units}"
        return sql, [DISETUJUI, self.mulai, self.selesai, *params]

    def pegawai(self):
        """The staff whose schedules the scan needs."""
        qs = Pegawai.objects.all()
        if self.unit_ids is not None:
            qs = qs.filter(unit__in=RawSQL(_SUBTREE, (self.unit_ids,)))  # noqa: S611
        return qs


def _execute(sql: str, params: list) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _insert(
    m: _Bulan, jenis: str, select: str, params: list, *, with_: str = "", with_params=()
) -> int:
    """INSERT the rows of `select` (entri_id, detail) as this month's flags of one kind."""
    sql = (
        f"{with_} INSERT INTO {_F} (entri_id, jenis, tahun, bulan, detail)"  # noqa: S608
        f" SELECT x.entri_id, %s, %s, %s, x.detail FROM ({select}) x{_UPSERT}"
    )
    return _execute(sql, [*with_params, jenis, m.tahun, m.bulan, *params])


# One step per kind -----------------------------------------------------------------------------


def _per_entri(m: _Bulan, pengaturan: PengaturanPenilaian) -> dict[str, int]:
    """The kinds that each entry shows by itself, in one pass over the month: outside the
    schedule's hours, and made long after its date."""
    # Each date's limit as a moment (local midnight of the first day that is too late), so
    # rows are compared with a timestamp rather than each converted to a local date.
    batas = pengaturan.batas_terlambat_hari
    tz = timezone.get_default_timezone()
    days = [m.mulai + timedelta(days=i) for i in range((m.selesai - m.mulai).days + 1)]
    limits = [
        datetime.combine(day + timedelta(days=batas + 1), datetime.min.time(), tzinfo=tz)
        for day in days
    ]
    where, params = m.where()
    sql = (
        f"WITH ins AS (INSERT INTO {_F} (entri_id, jenis, tahun, bulan, detail)"  # noqa: S608
        " SELECT x.id, k.jenis, %s, %s, k.detail FROM ("
        " SELECT e.id, e.di_luar_jadwal AS luar, e.dibuat_pada, e.tanggal,"
        " (e.sumber <> %s AND e.dibuat_pada >= t.batas) AS lambat"
        f" FROM {_E} e JOIN unnest(%s::date[], %s::timestamptz[]) AS t(tanggal, batas)"
        " ON t.tanggal = e.tanggal"
        f" WHERE {where} AND (e.di_luar_jadwal OR (e.sumber <> %s AND e.dibuat_pada >= t.batas))"
        # Only the few entries that show either kind come this far, one row per kind shown.
        " ) x CROSS JOIN LATERAL (VALUES (%s, '{}'::jsonb, x.luar),"
        " (%s, jsonb_build_object('hari', (x.dibuat_pada AT TIME ZONE %s)::date - x.tanggal,"
        " 'batas', %s::int), x.lambat)) AS k(jenis, detail, kena)"
        f" WHERE k.kena{_UPSERT} RETURNING jenis)"
        " SELECT jenis, count(*) FROM ins GROUP BY jenis"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [
                m.tahun,
                m.bulan,
                IMPOR,
                days,
                limits,
                *params,
                IMPOR,
                Jenis.LUAR_JADWAL,
                Jenis.TERLAMBAT_DIBUAT,
                settings.TIME_ZONE,
                batas,
            ],
        )
        counts = dict(cursor.fetchall())
    return {jenis: counts.get(jenis, 0) for jenis in (Jenis.LUAR_JADWAL, Jenis.TERLAMBAT_DIBUAT)}


def _uraian_berulang(m: _Bulan, pengaturan: PengaturanPenilaian) -> int:
    # The same text, as saved (the services save it trimmed). Rows are counted per person and
    # 64-bit hash of the text: sorting hashes is far cheaper than sorting texts, and two
    # different texts of one person's month sharing a hash is beyond any practical chance.
    where, params = m.where()
    select = (
        "SELECT u.id AS entri_id, jsonb_build_object('kali', u.n, 'batas', %s::int) AS detail"  # noqa: S608
        " FROM (SELECT e.id, count(*) OVER ("
        "PARTITION BY e.pegawai_id, hashtextextended(e.uraian, 0)) AS n"
        f" FROM {_E} e WHERE {where}) u WHERE u.n > %s"
    )
    batas = pengaturan.batas_uraian_sama
    return _insert(m, Jenis.URAIAN_BERULANG, select, [batas, *params, batas])


def _persetujuan_kilat(m: _Bulan, pengaturan: PengaturanPenilaian) -> int:
    # A supervisor's speed is about them: every approval they gave since the month began counts
    # towards a burst, whatever the entry's month or unit; the entries flagged are the scanned
    # month's (and units') approved ones. Sorting every approval by time would cost most;
    # instead they are counted per clock minute (first query), and since any 60 seconds lie
    # within two consecutive clock minutes, only the approvals of a pair of minutes holding
    # more than the threshold are looked at one by one (second query).
    batas = pengaturan.batas_persetujuan_kilat
    since = datetime.combine(m.mulai, datetime.min.time(), tzinfo=timezone.get_default_timezone())
    approvals = (
        f"SELECT r.entri_id, r.oleh_id, r.pada FROM {_R} r"  # noqa: S608
        " WHERE r.ke_status = %s AND r.dari_status <> %s AND r.oleh_id IS NOT NULL"
        " AND r.pada >= %s"
    )
    approval_params = [DISETUJUI, DISETUJUI, since]
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH per AS (SELECT a.oleh_id, date_trunc('minute', a.pada) AS b, count(*) AS n"  # noqa: S608
            f" FROM ({approvals}) a GROUP BY 1, 2)"
            " SELECT p.oleh_id, p.b FROM per p LEFT JOIN per q"
            " ON q.oleh_id = p.oleh_id AND q.b = p.b + INTERVAL '1 minute'"
            " WHERE p.n + coalesce(q.n, 0) > %s",
            [*approval_params, batas],
        )
        pairs = cursor.fetchall()
    minutes = sorted({(o, b) for o, b in pairs} | {(o, b + timedelta(minutes=1)) for o, b in pairs})
    oleh_ids, starts = [o for o, _b in minutes], [b for _o, b in minutes]
    where, params = m.where()
    with_ = (
        f"WITH dekat AS (SELECT a.* FROM ({approvals} AND r.oleh_id = ANY(%s)) a"  # noqa: S608
        " JOIN unnest(%s::bigint[], %s::timestamptz[]) AS menit(oleh_id, b)"
        " ON menit.oleh_id = a.oleh_id AND menit.b = date_trunc('minute', a.pada)),"
        # Approvals by the same user in the 60 seconds from each approval...
        " w AS MATERIALIZED (SELECT entri_id, oleh_id, pada, count(*) OVER (PARTITION BY"
        " oleh_id ORDER BY pada RANGE BETWEEN CURRENT ROW AND INTERVAL '1 minute' FOLLOWING)"
        " AS n FROM dekat),"
        # ...and an approval is in a burst when the latest such 60 seconds holding more than
        # the threshold started at most 60 seconds before it (a running maximum: one pass).
        " b AS (SELECT entri_id, oleh_id, pada, max(CASE WHEN n > %s THEN pada END) OVER"
        " (PARTITION BY oleh_id ORDER BY pada ROWS UNBOUNDED PRECEDING) AS mulai FROM w),"
        " hit AS (SELECT DISTINCT ON (b.entri_id) b.entri_id, b.oleh_id, s.n FROM b"
        " JOIN w s ON s.oleh_id = b.oleh_id AND s.pada = b.mulai"
        " WHERE b.mulai >= b.pada - INTERVAL '1 minute' ORDER BY b.entri_id, s.n DESC)"
    )
    # Each hit's entry is looked up by its key (OFFSET 0 keeps the lookup a per-row index scan
    # rather than a pass over the whole month's entries for a few thousand hits).
    select = (
        "SELECT e.id AS entri_id, jsonb_build_object('jumlah', hit.n, 'batas', %s::int,"  # noqa: S608
        " 'oleh', coalesce(nullif(pg.nama, ''), us.username)) AS detail"
        f" FROM hit CROSS JOIN LATERAL (SELECT e.id FROM {_E} e"
        f" WHERE e.id = hit.entri_id AND {where} OFFSET 0) e"
        f" LEFT JOIN {_USER} us ON us.id = hit.oleh_id"
        f" LEFT JOIN {_P} pg ON pg.user_id = hit.oleh_id"
    )
    return _insert(
        m,
        Jenis.PERSETUJUAN_KILAT,
        select,
        [batas, *params],
        with_=with_,
        with_params=[*approval_params, sorted(set(oleh_ids)), oleh_ids, starts, batas],
    )


def _melebihi_waktu(m: _Bulan, pengaturan: PengaturanPenilaian) -> int:
    """Day totals against each working day's target, the targets computed by pegawai.jadwal.

    Staff with the same schedule over the month share one list of days: what goes to the
    database is one (person, list) pair per person and the distinct lists' days.
    """
    jadwal = Jadwal.load(m.pegawai(), m.mulai, m.selesai)
    lists: dict[tuple, int] = {}
    peg_ids: list[int] = []
    peg_keys: list[int] = []
    day_keys: list[int] = []
    day_dates: list[date] = []
    day_targets: list[int] = []
    for pegawai_id, (aktif_mulai, aktif_selesai) in jadwal.aktif.items():
        roster = jadwal.roster.get(pegawai_id)
        key = (
            tuple(jadwal.penjadwalan.get(pegawai_id, ())),
            max(aktif_mulai, m.mulai),
            min(aktif_selesai or m.selesai, m.selesai),
            tuple(sorted(roster.items())) if roster else (),
        )
        k = lists.get(key)
        if k is None:
            k = lists[key] = len(lists)
            for day, hari in jadwal.hari_kerja(pegawai_id).items():
                day_keys.append(k)
                day_dates.append(day)
                day_targets.append(hari.target_menit)
        peg_ids.append(pegawai_id)
        peg_keys.append(k)
    if not day_keys:
        return 0
    where, params = m.where()
    with_ = (
        "WITH target AS ("  # noqa: S608
        " SELECT p.pegawai_id, d.tanggal, d.target"
        " FROM unnest(%s::bigint[], %s::int[]) AS p(pegawai_id, k)"
        " JOIN unnest(%s::int[], %s::date[], %s::int[]) AS d(k, tanggal, target) USING (k)),"
        " hari AS (SELECT e.pegawai_id, e.tanggal, sum(coalesce(e.menit_diakui, e.menit)) AS menit"
        f" FROM {_E} e WHERE {where} GROUP BY e.pegawai_id, e.tanggal"
        # No day under the smallest target can be over its own: most days stop here.
        " HAVING sum(coalesce(e.menit_diakui, e.menit)) > %s),"
        " lebih AS (SELECT h.pegawai_id, h.tanggal, h.menit, t.target FROM hari h"
        " JOIN target t ON t.pegawai_id = h.pegawai_id AND t.tanggal = h.tanggal"
        " WHERE h.menit > t.target)"
    )
    select = (
        "SELECT e.id AS entri_id, jsonb_build_object('menit', l.menit, 'target', l.target)"  # noqa: S608
        f" AS detail FROM lebih l JOIN {_E} e ON e.pegawai_id = l.pegawai_id"
        " AND e.tanggal = l.tanggal AND e.status = %s"
    )
    return _insert(
        m,
        Jenis.MELEBIHI_WAKTU,
        select,
        [DISETUJUI],
        with_=with_,
        with_params=[
            peg_ids,
            peg_keys,
            day_keys,
            day_dates,
            day_targets,
            *params,
            min(day_targets),
        ],
    )


def _tidak_hadir(m: _Bulan, pengaturan: PengaturanPenilaian) -> int:
    where, params = m.where()
    select = (
        "SELECT e.id AS entri_id, jsonb_build_object('kode', k.kode) AS detail"  # noqa: S608
        f" FROM {_E} e JOIN {_K} k ON k.pegawai_id = e.pegawai_id AND k.tanggal = e.tanggal"
        f" WHERE {where} AND k.kode = ANY(%s)"
    )
    return _insert(m, Jenis.TIDAK_HADIR, select, [*params, list(KODE_TIDAK_HADIR)])


def _one(jenis: str, step):
    return lambda m, pengaturan: {jenis: step(m, pengaturan)}


# Each step writes the flags of one kind or more and says how many of each.
_STEPS = [
    _one(Jenis.MELEBIHI_WAKTU, _melebihi_waktu),
    _per_entri,
    _one(Jenis.URAIAN_BERULANG, _uraian_berulang),
    _one(Jenis.PERSETUJUAN_KILAT, _persetujuan_kilat),
    _one(Jenis.TIDAK_HADIR, _tidak_hadir),
]


# The services ----------------------------------------------------------------------------------


def _unit_ids(units) -> list[int] | None:
    if units is None:
        return None
    return sorted({u.pk if isinstance(u, UnitKerja) else int(u) for u in units})


@transaction.atomic
def scan_anomalies(
    tahun: int, bulan: int, *, units=None, by=None, now: datetime | None = None
) -> dict[str, int]:
    """Rewrite the month's anomaly flags (of the staff of `units` and below, if given); the
    number of flags written per kind."""
    now = now or timezone.now()
    if not (1 <= bulan <= 12 and 2000 <= tahun <= 2100):
        raise PenilaianError(
            _("Bulan %(tahun)s-%(bulan)s tidak dikenal.") % {"tahun": tahun, "bulan": bulan}
        )
    m = _Bulan(tahun, bulan, _unit_ids(units))
    if Periode.is_closed(m.mulai):
        raise PenilaianError(
            _("Periode %(bulan)s sudah ditutup: tanda anomalinya tidak dipindai ulang.")
            % {"bulan": format_tanggal(m.mulai, "bulan")}
        )
    # The month's row, made if missing in one statement (ON CONFLICT DO NOTHING), then locked.
    PemindaianAnomali.objects.bulk_create(
        [PemindaianAnomali(tahun=tahun, bulan=bulan)], ignore_conflicts=True
    )
    # A second scan of the month waits here until the first one commits.
    pemindaian = PemindaianAnomali.objects.select_for_update().get(tahun=tahun, bulan=bulan)
    pengaturan = PengaturanPenilaian.current()
    # A month of a large pemda groups millions of rows: let this transaction's sorts and hashes
    # work in memory instead of spilling to disk at PostgreSQL's default 4 MB.
    _execute(f"SET LOCAL work_mem = '{WORK_MEM}'", [])
    # Compiling these one-off queries (JIT) costs seconds and saves none.
    _execute("SET LOCAL jit = off", [])

    units_sql, units_params = m.of_units()
    # Every flag of the month goes, also those of entries no longer approved.
    _execute(
        f"DELETE FROM {_F} f WHERE f.tahun = %s AND f.bulan = %s"  # noqa: S608
        f" AND f.entri_id IN (SELECT e.id FROM {_E} e WHERE true{units_sql})"
        if units_sql
        else f"DELETE FROM {_F} f WHERE f.tahun = %s AND f.bulan = %s",  # noqa: S608
        [tahun, bulan, *units_params],
    )
    written: dict[str, int] = {}
    for step in _STEPS:
        written.update(step(m, pengaturan))
    jumlah = {str(jenis): written.get(jenis, 0) for jenis in Jenis.values}

    pemindaian.pada, pemindaian.oleh = now, by
    if units is None:
        pemindaian.jumlah = jumlah
    else:
        # The month's totals, of the units scanned now and of the others scanned before.
        pemindaian.jumlah = dict(
            FlagEntri.objects.filter(tahun=tahun, bulan=bulan)
            .values_list("jenis")
            .annotate(n=Count("id"))
            .order_by()
        )
    pemindaian.save(update_fields=["pada", "oleh", "jumlah"])
    return jumlah


def recent_months(now: datetime) -> list[tuple[int, int]]:
    """The month before this one and this one: the months still under review."""
    today = timezone.localdate(now)
    prev = today.replace(day=1) - timedelta(days=1)
    return [(prev.year, prev.month), (today.year, today.month)]


def scan_recent_months(*, now: datetime | None = None) -> dict[tuple[int, int], dict[str, int]]:
    """The scheduled scan: last month (until it is closed) and this month, each on its own."""
    now = now or timezone.now()
    months = recent_months(now)
    closed = Periode.closed_months(rentang(*months[0])[0], rentang(*months[-1])[1])
    return {
        (tahun, bulan): scan_anomalies(tahun, bulan, now=now)
        for tahun, bulan in months
        if (tahun, bulan) not in closed
    }
