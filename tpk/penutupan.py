"""The monthly close and the reopen (issue #6, "The close"; docs/TPK.md, "Penutupan bulan").

`close_periode(tahun, bulan, by=, now=)` is the one way a month is closed: the daily beat job
(`close_due_periode`), the admin's screen and `python manage.py tutup_periode` all call it. It
runs in three steps:

1. **Claim** (short, committed): the month's `Periode` row exists; a PostgreSQL advisory lock
   on it, held by this connection's session until the close returns, makes sure one close runs
   at a time (a second one is refused at once with a readable message). Holding the lock, any
   `berjalan` run left by a worker that died is marked `gagal`, and this run's
   `PenutupanPeriode` row is written and committed, so that the progress screen can see it.
   The database backs this up: at most one running run per month, one finished run per revision.
2. **Compute** (one transaction): the `Periode` row is locked `FOR UPDATE` (attendance writes
   lock it too, so none slips in), the month's inputs are loaded set-based (a fixed number of
   queries, whatever the number of staff), one `HasilTPK` per staff member active in the month
   is computed with `tpk.calculation.compute_tpk` and written in batches, and the `Periode`
   becomes `ditutup` and the run `selesai` in the same transaction. Nothing of the month's
   results is visible to anyone before that single commit; a crash anywhere rolls it all back.
3. **Record** the outcome: on an error the run becomes `gagal` with the message; after the
   commit `tpk.signals.periode_ditutup` is sent.

Progress while step 2 runs: its transaction is invisible to others until it commits, so the
counters (`total`, `diproses`, `diperbarui_pada`) are written through a *second* database
connection in autocommit after every batch; the screen polls them. Only the run row is touched
there, which the main transaction does not lock (its rows merely reference the run). On SQLite
(the demo), or inside a caller's transaction, there is no second connection: the run shows 0 %
until it is done.
"""

import json
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import partial
from operator import itemgetter

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, transaction
from django.db.models import Count, F, JSONField, Max, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from aktivitas.models import Entri
from pegawai.hierarki import Hierarki
from pegawai.jadwal import Jadwal, rentang_bulan
from pegawai.kehadiran import H
from pegawai.models import Jabatan, Kehadiran, Pegawai, Periode, UnitKerja
from pegawai.services import log_action
from pegawai.templatetags.ekinerja import tanggal as format_tanggal
from penilaian.models import NilaiTim, PenilaianPerilaku, TandaTanganUnit

from . import calculation
from .exceptions import TPKError
from .models import (
    AturanTPK,
    HasilTPK,
    PembukaanPeriode,
    PengaturanTPK,
    PenutupanPeriode,
    opd_per_unit,
)
from .signals import periode_dibuka, periode_ditutup

logger = logging.getLogger(__name__)

Status = PenutupanPeriode.Status
BATCH = 500  # result rows per INSERT (about 60 parameters each) and per progress step
# The advisory lock's first key: "TPK" in ASCII; the second is the Periode's id.
LOCK_CLASS = 0x54504B
# Without advisory locks (SQLite): a running run not updated for this long is taken as dead.
STALE = timedelta(minutes=15)

PERINGATAN_TANDA_TANGAN = "tanda_tangan"
PERINGATAN_KELAS = "kelas_tanpa_tarif"


def nama_bulan(tahun: int, bulan: int) -> str:
    return format_tanggal(date(tahun, bulan, 1), "bulan")


# Claiming the month ----------------------------------------------------------------------------


def _check_month(tahun: int, bulan: int, now: datetime) -> None:
    if not (2000 <= tahun <= 2100 and 1 <= bulan <= 12):
        raise TPKError(
            _("Bulan %(tahun)s-%(bulan)s tidak dikenal.") % {"tahun": tahun, "bulan": bulan}
        )
    if rentang_bulan(tahun, bulan)[1] >= timezone.localdate(now):
        raise TPKError(
            _("Bulan %(bulan)s belum berakhir: periode hanya dapat ditutup setelah bulannya lewat.")
            % {"bulan": nama_bulan(tahun, bulan)}
        )


def _check_admin(by) -> None:
    if by is not None and not by.is_admin_kepegawaian:
        raise TPKError(_("Hanya admin kepegawaian yang dapat menutup atau membuka periode."))


def _busy(periode: Periode) -> TPKError:
    return TPKError(
        _(
            "Penutupan periode %(bulan)s sedang berjalan. Tunggu sampai selesai, lalu muat ulang "
            "halaman ini."
        )
        % {"bulan": nama_bulan(periode.tahun, periode.bulan)}
    )


def _closed(periode: Periode) -> TPKError:
    return TPKError(
        _("Periode %(bulan)s sudah ditutup. Untuk mengubahnya, buka kembali periode itu.")
        % {"bulan": nama_bulan(periode.tahun, periode.bulan)}
    )


@contextmanager
def _kunci(periode: Periode):
    """Hold this month's advisory lock (PostgreSQL) for the whole close, or refuse at once.

    Session-level, so it survives the close's own commits; released on the way out, and by the
    server if the process dies. Yields whether a lock was taken (False off PostgreSQL)."""
    if connection.vendor != "postgresql":
        yield False
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_CLASS, periode.pk])
        (taken,) = cursor.fetchone()
    if not taken:
        raise _busy(periode)
    try:
        yield True
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_CLASS, periode.pk])


def _claim(periode: Periode, *, locked: bool, by, now: datetime) -> PenutupanPeriode:
    """Write this close's run row (committed unless the caller holds a transaction)."""
    with transaction.atomic():
        periode = Periode.objects.get(pk=periode.pk)
        if periode.is_ditutup:
            raise _closed(periode)
        running = PenutupanPeriode.objects.select_for_update().filter(
            periode=periode, status=Status.BERJALAN
        )
        if not locked:
            # Without the lock, only a run that stopped reporting is known to be dead.
            if running.filter(diperbarui_pada__gte=now - STALE).exists():
                raise _busy(periode)
        running.update(
            status=Status.GAGAL,
            selesai_pada=now,
            diperbarui_pada=now,
            pesan_galat=_(
                "Terhenti sebelum selesai (proses penutupan mati); tidak ada hasil yang tersimpan."
            ),
        )
        last = (
            PenutupanPeriode.objects.selesai()
            .filter(periode=periode)
            .aggregate(revisi=Max("revisi"))["revisi"]
        )
        try:
            with transaction.atomic():
                return PenutupanPeriode.objects.create(
                    periode=periode,
                    revisi=(last or 0) + 1,
                    status=Status.BERJALAN,
                    oleh=by,
                    mulai_pada=now,
                    diperbarui_pada=now,
                )
        except IntegrityError:
            raise _busy(periode) from None


class _Progres:
    """Counters of a running close, written where others see them while its transaction is
    still open: through a second connection in autocommit (PostgreSQL, outside a caller's
    transaction); otherwise not at all."""

    def __init__(self, run: PenutupanPeriode):
        self.run = run
        self.conn = None
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            self.conn = connections.create_connection(DEFAULT_DB_ALIAS)

    def __call__(self, diproses: int) -> None:
        if self.conn is None:
            return
        meta = PenutupanPeriode._meta
        sql = (
            f"UPDATE {meta.db_table} SET total = %s, diproses = %s, diperbarui_pada = %s"  # noqa: S608
            " WHERE id = %s AND status = %s"
        )
        with self.conn.cursor() as cursor:
            cursor.execute(
                sql, [self.run.total, diproses, timezone.now(), self.run.pk, Status.BERJALAN]
            )

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


def _kirim(signal, **kwargs) -> None:
    """Send a signal after the commit; a receiver that fails (an export) is logged, and does not
    undo or fail the close."""
    for receiver, result in signal.send_robust(sender=PenutupanPeriode, **kwargs):
        if isinstance(result, Exception):
            logger.error("Penerima sinyal %s gagal: %r", receiver, result, exc_info=result)


def check_can_close(tahun: int, bulan: int, *, by, now: datetime) -> Periode | None:
    """Refuse what is known before a close starts: a month not over, someone not admin, a month
    closed or being closed. The month's Periode, or None when it has no row yet."""
    _check_month(tahun, bulan, now)
    _check_admin(by)
    periode = Periode.objects.filter(tahun=tahun, bulan=bulan).first()
    if periode is not None:
        if periode.is_ditutup:
            raise _closed(periode)
        running = PenutupanPeriode.objects.filter(periode=periode, status=Status.BERJALAN)
        if running.filter(diperbarui_pada__gte=timezone.now() - STALE).exists():
            raise _busy(periode)
    return periode


# Not @transaction.atomic as a whole: the run row is committed first (the progress screen reads
# it), the month is then computed and frozen in a transaction of its own (module docstring).
def close_periode(tahun: int, bulan: int, *, by=None, now=None) -> PenutupanPeriode:
    """Close a month: compute every active staff member's TPK, freeze the month, in one commit."""
    now = now or timezone.now()
    _check_month(tahun, bulan, now)
    _check_admin(by)
    periode, _created = Periode.objects.get_or_create(tahun=tahun, bulan=bulan)
    if periode.is_ditutup:
        raise _closed(periode)
    with _kunci(periode) as locked:
        run = _claim(periode, locked=locked, by=by, now=now)
        progres = _Progres(run)
        try:
            with transaction.atomic():
                _compute(run, progres=progres, by=by, now=now)
        except Exception as exc:
            _fail(run, exc, now=now)
            raise
        finally:
            progres.close()
    run.refresh_from_db()
    return run


def _fail(run: PenutupanPeriode, exc: Exception, *, now: datetime) -> None:
    message = str(exc) if isinstance(exc, TPKError) else f"{type(exc).__name__}: {exc}"
    try:
        PenutupanPeriode.objects.filter(pk=run.pk, status=Status.BERJALAN).update(
            status=Status.GAGAL,
            selesai_pada=now,
            diperbarui_pada=timezone.now(),
            pesan_galat=message[:2000],
            peringatan=getattr(exc, "peringatan", run.peringatan),
        )
    except Exception:  # the database itself may be what failed; the next close cleans up
        logger.exception("Penutupan %s tidak dapat ditandai gagal", run.pk)


class TandaTanganKurang(TPKError):
    """The pemda's policy blocks the close while units lack the review team's sign-off."""

    def __init__(self, message: str, peringatan: list[dict]):
        super().__init__(message)
        self.peringatan = peringatan


# The month's inputs, set-based ----------------------------------------------------------------


@dataclass
class Orang:
    """A staff member active in the month, as the close reads them (one query for all)."""

    pk: int
    nip: str
    nama: str
    gelar_depan: str
    gelar_belakang: str
    golongan: str
    jenis_asn: str
    jabatan_id: int | None
    unit_id: int
    aktif_mulai: date
    aktif_selesai: date | None
    bank: str
    nomor_rekening: str
    npwp: str

    FIELDS = (
        "pk", "nip", "nama", "gelar_depan", "gelar_belakang", "golongan", "jenis_asn",
        "jabatan_id", "unit_id", "aktif_mulai", "aktif_selesai", "bank", "nomor_rekening",
        "npwp",
    )  # fmt: skip

    @property
    def nama_lengkap(self) -> str:
        nama = f"{self.gelar_depan} {self.nama}".strip()
        return f"{nama}, {self.gelar_belakang}" if self.gelar_belakang else nama


@dataclass
class Bahan:
    """Everything the month's results are computed from."""

    mulai: date
    selesai: date
    orang: list[Orang]
    jadwal: Jadwal
    menit: dict[int, int]
    hari: dict[int, list[tuple[date, str, int, int]]]  # attendance days that matter
    perilaku: dict[int, Decimal]
    nilai_tim: dict[int, Decimal]
    jabatan: dict[int, tuple[str, int, int]]  # id -> (nama, kelas, unit id)
    unit: dict[int, tuple[str, str, int | None]]  # id -> (kode, nama, induk id)
    opd: dict[int, int]
    posisi: dict[int, tuple[int | None, int | None]] = field(default_factory=dict)

    @property
    def by_pk(self) -> dict[int, Orang]:
        return {o.pk: o for o in self.orang}


def active_in(mulai: date, selesai: date):
    return Pegawai.objects.filter(
        Q(aktif_selesai__isnull=True) | Q(aktif_selesai__gte=mulai), aktif_mulai__lte=selesai
    )


def load(tahun: int, bulan: int) -> Bahan:
    """Read the month for everyone in a fixed number of queries (about 20, plus two for each
    distinct last working day of staff who leave during the month)."""
    mulai, selesai = rentang_bulan(tahun, bulan)
    staff = active_in(mulai, selesai)
    orang = [Orang(*row) for row in staff.order_by("pk").values_list(*Orang.FIELDS)]
    menit = dict(
        Entri.objects.filter(status=Entri.Status.DISETUJUI, tanggal__range=(mulai, selesai))
        .order_by()
        .values("pegawai_id")
        .annotate(m=Sum(Coalesce("menit_diakui", "menit")))
        .values_list("pegawai_id", "m")
    )
    # Only the days that deduct or may credit: a plain H day changes nothing.
    hari: dict[int, list[tuple[date, str, int, int]]] = defaultdict(list)
    for pegawai_id, tanggal, kode, tl, psw in (
        Kehadiran.objects.filter(tanggal__range=(mulai, selesai))
        .exclude(kode=H, tl=0, psw=0)
        .order_by()
        .values_list("pegawai_id", "tanggal", "kode", "tl", "psw")
        .iterator(chunk_size=10_000)
    ):
        hari[pegawai_id].append((tanggal, kode, tl, psw))
    month = {"tahun": tahun, "bulan": bulan}
    bahan = Bahan(
        mulai=mulai,
        selesai=selesai,
        orang=orang,
        jadwal=Jadwal.load(staff, mulai, selesai),
        menit=menit,
        hari=hari,
        perilaku=dict(
            PenilaianPerilaku.objects.filter(**month).order_by().values_list("pegawai_id", "nilai")
        ),
        nilai_tim=dict(
            NilaiTim.objects.filter(**month).order_by().values_list("pegawai_id", "nilai")
        ),
        jabatan={
            pk: (nama, kelas, unit_id)
            for pk, nama, kelas, unit_id in Jabatan.objects.order_by().values_list(
                "pk", "nama", "kelas", "unit_id"
            )
        },
        unit={
            pk: (kode, nama, induk)
            for pk, kode, nama, induk in UnitKerja.objects.order_by().values_list(
                "pk", "kode", "nama", "induk_id"
            )
        },
        opd=opd_per_unit(),
    )
    bahan.posisi = _posisi(bahan)
    return bahan


def _posisi(bahan: Bahan) -> dict[int, tuple[int | None, int | None]]:
    """Each person's position and supervisor on their last active day of the month: the month's
    last day, or the day they left. The hierarchy is read once per such day (two queries)."""
    by_day: dict[date, list[int]] = defaultdict(list)
    for o in bahan.orang:
        last = bahan.selesai
        if o.aktif_selesai is not None and o.aktif_selesai < last:
            last = o.aktif_selesai
        by_day[last].append(o.pk)
    posisi = {}
    for day, ids in sorted(by_day.items()):
        hier = Hierarki.on(day)
        for pk in ids:
            posisi[pk] = (hier.jabatan_sendiri.get(pk), hier.atasan_of(pk))
    return posisi


def unsigned_units(bahan: Bahan, units: Iterable[int], tahun: int, bulan: int) -> list[dict]:
    """The staff's units not covered by a sign-off of the review team (their own or one above
    them), with how many of the staff are in each, in the org tree's order."""
    signed = set(
        TandaTanganUnit.objects.filter(tahun=tahun, bulan=bulan)
        .order_by()
        .values_list("unit_id", flat=True)
    )
    covered: dict[int, bool] = {}

    def is_covered(unit_id: int) -> bool:
        chain = []
        current: int | None = unit_id
        result = False
        while current is not None and current not in chain:
            if current in covered:
                result = covered[current]
                break
            if current in signed:
                result = True
                break
            chain.append(current)
            current = bahan.unit[current][2]
        for u in chain:
            covered[u] = result
        return result

    counts = Counter(u for u in units if not is_covered(u))
    return [
        {
            "jenis": PERINGATAN_TANDA_TANGAN,
            "unit": unit_id,
            "nama": bahan.unit[unit_id][1],
            "pegawai": n,
        }
        for unit_id, n in sorted(counts.items(), key=lambda item: bahan.unit[item[0]][0])
    ]


# Computing ------------------------------------------------------------------------------------


_KODE: dict[tuple[str, int, int], tuple[str, ...]] = {}


def _kode(kode: str, tl: int, psw: int) -> tuple[str, ...]:
    """A day's codes as the rules name them: TL2 and PSW1 for an H day with bands, else the code.
    A handful of combinations over hundreds of thousands of days: each is built once."""
    key = (kode, tl, psw)
    codes = _KODE.get(key)
    if codes is None:
        if kode != H:
            codes = (kode,)
        else:
            codes = tuple(c for c in (tl and f"TL{tl}", psw and f"PSW{psw}") if c)
        codes = _KODE[key] = codes
    return codes


def masukan_for(
    o: Orang, bahan: Bahan, aturan: calculation.Aturan, kelas: int | None
) -> calculation.MasukanTPK:
    """One person's month as the pure calculation takes it."""
    ringkasan = bahan.jadwal.ringkasan(o.pk)
    start = max(o.aktif_mulai, bahan.mulai)
    end = min(o.aktif_selesai or bahan.selesai, bahan.selesai)
    potongan = []
    kredit_days = []
    for tanggal, kode, tl, psw in bahan.hari.get(o.pk, ()):
        if not start <= tanggal <= end:
            continue
        codes = _kode(kode, tl, psw)
        potongan.append(calculation.PotonganHari(tanggal, codes))
        if kode in aturan.kode_kredit:
            kredit_days.append(tanggal)
    kredit = 0
    if kredit_days:
        # Only people with leave or duty need their days; everyone else needs the totals.
        hari_kerja = bahan.jadwal.hari_kerja(o.pk)
        kredit = sum(hari_kerja[d].target_menit for d in kredit_days if d in hari_kerja)
    perilaku = bahan.perilaku.get(o.pk)
    nilai_tim = bahan.nilai_tim.get(o.pk)
    return calculation.MasukanTPK(
        aturan=aturan,
        jenis_asn=o.jenis_asn,
        golongan=o.golongan,
        kelas=kelas,
        tarif_kelas=aturan.tarif_untuk(kelas) or Decimal(0),
        hari_kerja=ringkasan.hari_kerja,
        hari_kerja_jadwal=ringkasan.hari_kerja_jadwal,
        target_menit=ringkasan.target_menit,
        menit_disetujui=bahan.menit.get(o.pk, 0),
        menit_kredit=kredit,
        potongan=tuple(potongan),
        perilaku=perilaku / 100 if perilaku is not None else None,
        nilai_tim=nilai_tim / 100 if nilai_tim is not None else None,
    )


@dataclass(frozen=True)
class Snapshot:
    """Who a person was in the month: position, class, unit, OPD and supervisor."""

    jabatan_id: int | None
    jabatan_nama: str
    kelas: int | None
    unit_id: int
    atasan_id: int | None


def snapshot_for(o: Orang, bahan: Bahan) -> Snapshot:
    jabatan_id, atasan_id = bahan.posisi.get(o.pk, (None, None))
    if jabatan_id is None:
        jabatan_id = o.jabatan_id
    jabatan = bahan.jabatan.get(jabatan_id) if jabatan_id is not None else None
    # The unit on the staff record goes with the position on it (a teacher may be placed in a
    # school under an office's position); a position held earlier brings its own unit.
    unit_id = o.unit_id if jabatan is None or jabatan_id == o.jabatan_id else jabatan[2]
    return Snapshot(
        jabatan_id=jabatan_id if jabatan else None,
        jabatan_nama=jabatan[0] if jabatan else "",
        kelas=jabatan[1] if jabatan else None,
        unit_id=unit_id,
        atasan_id=atasan_id,
    )


def _values(
    o: Orang,
    snap: Snapshot,
    perhitungan: calculation.PerhitunganTPK,
    *,
    run: PenutupanPeriode,
    bahan: Bahan,
    atasan: Orang | None,
    now: datetime,
) -> dict:
    """One HasilTPK row as field values (attnames): the snapshot and every figure."""
    opd_id = bahan.opd[snap.unit_id]
    return {
        "periode_id": run.periode_id,
        "revisi": run.revisi,
        "penutupan_id": run.pk,
        "pegawai_id": o.pk,
        "aturan_id": run.aturan_id,
        "dihitung_pada": now,
        "nip": o.nip,
        "nama": o.nama,
        "gelar_depan": o.gelar_depan,
        "gelar_belakang": o.gelar_belakang,
        "golongan": o.golongan,
        "jenis_asn": o.jenis_asn,
        "jabatan_id": snap.jabatan_id,
        "jabatan_nama": snap.jabatan_nama,
        "kelas": snap.kelas,
        "unit_id": snap.unit_id,
        "unit_nama": bahan.unit[snap.unit_id][1],
        "opd_id": opd_id,
        "opd_nama": bahan.unit[opd_id][1],
        "atasan_id": atasan.pk if atasan else None,
        "atasan_nip": atasan.nip if atasan else "",
        "atasan_nama": atasan.nama_lengkap if atasan else "",
        "bank": o.bank,
        "nomor_rekening": o.nomor_rekening,
        "npwp": o.npwp,
        **perhitungan.as_fields(),
    }


# The result rows' JSON columns (trace, deductions, flags), written compactly: jsonb keeps no
# whitespace anyway, and 20,000 rows of traces are a large share of the close's own work.
_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class _Penulis:
    """Writes the result rows in the close's transaction: on PostgreSQL one binary COPY for all
    of them (no model instances, no SQL text to quote: several times faster than bulk_create
    for 20,000 rows of 60 columns), elsewhere bulk_create in batches."""

    def __init__(self):
        self.fields = [f for f in HasilTPK._meta.concrete_fields if not f.primary_key]
        self.copy = None
        self._stack = None

    def __enter__(self):
        if connection.vendor == "postgresql":
            from psycopg.types.json import Jsonb

            self.Jsonb = Jsonb
            self.values_of = itemgetter(*(f.attname for f in self.fields))
            self.json_at = [i for i, f in enumerate(self.fields) if isinstance(f, JSONField)]
            table = HasilTPK._meta.db_table
            quote = connection.ops.quote_name
            self._stack = ExitStack()
            cursor = self._stack.enter_context(connection.cursor())
            cursor.execute(
                "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass"
                " AND attnum > 0 AND NOT attisdropped",
                [table],
            )
            oid = dict(cursor.fetchall())
            names = ", ".join(quote(f.column) for f in self.fields)
            self.copy = self._stack.enter_context(
                cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN (FORMAT BINARY)")
            )
            self.copy.set_types([oid[f.column] for f in self.fields])
        return self

    def write(self, rows: list[dict]) -> None:
        if self.copy is None:
            HasilTPK.objects.bulk_create([HasilTPK(**row) for row in rows], batch_size=BATCH)
            return
        # The values in column order by one C call per row, the JSON columns then wrapped.
        Jsonb, values_of, json_at = self.Jsonb, self.values_of, self.json_at
        write_row = self.copy.write_row
        for row in rows:
            values = list(values_of(row))
            for i in json_at:
                values[i] = Jsonb(values[i], dumps=_json)
            write_row(values)

    def __exit__(self, *exc):
        if self._stack is not None:
            return self._stack.__exit__(*exc)
        return False


def _compute(run: PenutupanPeriode, *, progres: _Progres, by, now: datetime) -> None:
    """Step 2 of the close, inside its transaction: see the module's docstring."""
    periode = Periode.objects.select_for_update().get(pk=run.periode_id)
    if periode.is_ditutup:
        raise _closed(periode)
    tahun, bulan = periode.tahun, periode.bulan
    aturan_row = AturanTPK.objects.with_rincian().for_date(date(tahun, bulan, 1))
    aturan = aturan_row.snapshot()
    run.aturan = aturan_row
    bahan = load(tahun, bulan)
    by_pk = bahan.by_pk
    snapshots = {o.pk: snapshot_for(o, bahan) for o in bahan.orang}

    peringatan = unsigned_units(bahan, (s.unit_id for s in snapshots.values()), tahun, bulan)
    if peringatan and PengaturanTPK.current().blokir:
        raise TandaTanganKurang(
            _(
                "Periode %(bulan)s belum dapat ditutup: %(n)d unit kerja belum ditandatangani tim "
                "penilai (%(unit)s)."
            )
            % {
                "bulan": nama_bulan(tahun, bulan),
                "n": len(peringatan),
                "unit": ", ".join(w["nama"] for w in peringatan[:10])
                + (" …" if len(peringatan) > 10 else ""),
            },
            peringatan,
        )
    tanpa_tarif = Counter(
        s.kelas
        for s in snapshots.values()
        if s.kelas is not None and aturan.tarif_untuk(s.kelas) is None
    )
    peringatan += [
        {"jenis": PERINGATAN_KELAS, "kelas": kelas, "pegawai": n}
        for kelas, n in sorted(tanpa_tarif.items())
    ]
    run.peringatan = peringatan
    run.total = len(bahan.orang)
    progres(0)

    missing_atasan = {
        s.atasan_id for s in snapshots.values() if s.atasan_id and s.atasan_id not in by_pk
    }
    if missing_atasan:  # a supervisor not active in the month: not expected, but be exact
        for row in Pegawai.objects.filter(pk__in=missing_atasan).values_list(*Orang.FIELDS):
            by_pk[row[0]] = Orang(*row)

    run.aturan_id = aturan_row.pk
    done = 0
    with _Penulis() as penulis:
        for start in range(0, len(bahan.orang), BATCH):
            rows = []
            for o in bahan.orang[start : start + BATCH]:
                snap = snapshots[o.pk]
                perhitungan = calculation.compute_tpk(masukan_for(o, bahan, aturan, snap.kelas))
                atasan = by_pk.get(snap.atasan_id) if snap.atasan_id else None
                rows.append(
                    _values(o, snap, perhitungan, run=run, bahan=bahan, atasan=atasan, now=now)
                )
            penulis.write(rows)
            done += len(rows)
            progres(done)

    Periode.objects.filter(pk=periode.pk).update(
        status=Periode.Status.DITUTUP, ditutup_oleh=by, ditutup_pada=now
    )
    PenutupanPeriode.objects.filter(pk=run.pk).update(
        status=Status.SELESAI,
        aturan=aturan_row,
        total=run.total,
        diproses=run.total,
        peringatan=peringatan,
        diperbarui_pada=now,
        selesai_pada=now,
    )
    log_action(
        "tpk.tutup",
        by=by,
        obj=periode,
        now=now,
        data={
            "penutupan": run.pk,
            "revisi": run.revisi,
            "pegawai": run.total,
            "aturan": aturan_row.pk,
            "peringatan": len(peringatan),
        },
    )
    transaction.on_commit(partial(_kirim, periode_ditutup, penutupan=run))


# The beat job --------------------------------------------------------------------------------


def bulan_lalu(today: date) -> tuple[int, int]:
    first = today.replace(day=1) - timedelta(days=1)
    return first.year, first.month


def close_due_periode(*, now=None) -> PenutupanPeriode | None:
    """The daily job: close last month from the pemda's close day on, once. A month that has
    been closed before (and reopened since) is closed again by an admin, not by the schedule."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if today.day < PengaturanTPK.current().tanggal_tutup:
        return None
    tahun, bulan = bulan_lalu(today)
    periode = Periode.objects.filter(tahun=tahun, bulan=bulan).first()
    if periode is not None and (
        periode.is_ditutup or PenutupanPeriode.objects.selesai().filter(periode=periode).exists()
    ):
        return None
    return close_periode(tahun, bulan, by=None, now=now)


# Reopening ------------------------------------------------------------------------------------


@transaction.atomic
def reopen_periode(tahun: int, bulan: int, *, alasan: str, by, now=None) -> PembukaanPeriode:
    """Open a closed month again for corrections; its results stay, the next close is revisi + 1."""
    now = now or timezone.now()
    if by is None or not by.is_admin_kepegawaian:
        raise TPKError(_("Hanya admin kepegawaian yang dapat menutup atau membuka periode."))
    alasan = (alasan or "").strip()
    if not alasan:
        raise TPKError(_("Alasan membuka kembali periode wajib diisi."))
    periode = Periode.objects.select_for_update().filter(tahun=tahun, bulan=bulan).first()
    if periode is None or not periode.is_ditutup:
        raise TPKError(
            _("Periode %(bulan)s tidak sedang ditutup.") % {"bulan": nama_bulan(tahun, bulan)}
        )
    revisi = (
        PenutupanPeriode.objects.selesai()
        .filter(periode=periode)
        .aggregate(revisi=Max("revisi"))["revisi"]
        or 0
    )
    Periode.objects.filter(pk=periode.pk).update(
        status=Periode.Status.TERBUKA, ditutup_oleh=None, ditutup_pada=None
    )
    pembukaan = PembukaanPeriode.objects.create(
        periode=periode, revisi=revisi, oleh=by, pada=now, alasan=alasan
    )
    log_action(
        "tpk.buka",
        by=by,
        obj=periode,
        now=now,
        alasan=alasan,
        data={"pembukaan": pembukaan.pk, "revisi": revisi},
    )
    transaction.on_commit(partial(_kirim, periode_dibuka, pembukaan=pembukaan))
    return pembukaan


# Reads for the screens ------------------------------------------------------------------------


def peringatan_text(peringatan: list[dict]) -> list[str]:
    """A run's warnings as sentences."""
    lines = []
    for w in peringatan:
        if w.get("jenis") == PERINGATAN_TANDA_TANGAN:
            lines.append(
                _("%(unit)s belum ditandatangani tim penilai (%(n)d pegawai).")
                % {"unit": w["nama"], "n": w["pegawai"]}
            )
        elif w.get("jenis") == PERINGATAN_KELAS:
            lines.append(
                _(
                    "Kelas jabatan %(kelas)d tidak ada di tabel tarif aturan TPK: dasar TPK nol "
                    "untuk %(n)d pegawai."
                )
                % {"kelas": w["kelas"], "n": w["pegawai"]}
            )
    return lines


def revisi_selesai(periode: Periode) -> list[int]:
    """The finished revisions of a month, oldest first."""
    return list(
        PenutupanPeriode.objects.selesai()
        .filter(periode=periode)
        .order_by("revisi")
        .values_list("revisi", flat=True)
    )


def selisih(periode: Periode, dari: int, ke: int):
    """Per person, the amounts of two revisions side by side, in one query: people in only one
    of them (added or removed) included, people whose amounts did not change left out."""
    in_dari, in_ke = Q(revisi=dari), Q(revisi=ke)
    return (
        HasilTPK.objects.filter(periode=periode, revisi__in=[dari, ke])
        .order_by()
        .values("pegawai_id")
        .annotate(
            nip=Max("nip"),
            nama=Max("nama"),
            opd_nama=Max("opd_nama"),
            ada_dari=Count("id", filter=in_dari),
            ada_ke=Count("id", filter=in_ke),
            skor_dari=Max("skor", filter=in_dari),
            skor_ke=Max("skor", filter=in_ke),
            bruto_dari=Coalesce(Sum("bruto", filter=in_dari), Decimal(0)),
            bruto_ke=Coalesce(Sum("bruto", filter=in_ke), Decimal(0)),
            netto_dari=Coalesce(Sum("netto", filter=in_dari), Decimal(0)),
            netto_ke=Coalesce(Sum("netto", filter=in_ke), Decimal(0)),
        )
        .filter(
            ~Q(ada_dari=1, ada_ke=1) | ~Q(netto_dari=F("netto_ke")) | ~Q(bruto_dari=F("bruto_ke"))
        )
        .order_by("nama", "nip")
    )
