"""The read side of approvals: who decides which entry today, the supervisor's and the review
team's queues, the count for the navigation, and the supervisor's dashboard figures.

Who decides a submitted entry is resolved when the decision is made, never stored: the owner's
supervisor by position on that day (an acting Plt/Plh included, a vacancy passing up, nobody
their own supervisor; `pegawai.hierarki`), unless an admin reassigned the entry
(`PengalihanEntri`); staff with no supervisor up the chain are decided by the review team. So
when a subordinate moves or a supervisor changes, the undecided entries simply follow.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection
from django.db.models import Count, Exists, F, Min, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils import timezone

from aktivitas.models import Entri, EntriQuerySet
from pegawai.hierarki import Hierarki
from pegawai.jadwal import rentang_bulan, ringkasan_bulan
from pegawai.models import Jabatan, Pegawai, Penugasan, Periode

from .models import Notifikasi, PengalihanEntri, PengaturanPenilaian

Status = Entri.Status

# How the current decider comes to decide an entry; recorded with the decision.
DASAR_ATASAN = "atasan"
DASAR_PENGALIHAN = "pengalihan"
DASAR_TIM = "tim"


# The validation deadline --------------------------------------------------------------------


def batas_validasi(tahun: int, bulan: int, *, hari: int) -> date:
    """The last day on which entries of the month may be decided: day `hari` of the next."""
    return date(tahun + bulan // 12, bulan % 12 + 1, hari)


def awal_jendela(hari_ini: date, *, hari: int) -> date:
    """The earliest entry date still open for decisions today: the previous month's first day
    up to and including its deadline, this month's first day after it."""
    first = hari_ini.replace(day=1)
    if hari_ini.day <= hari:
        return (first - timedelta(days=1)).replace(day=1)
    return first


def bulan_ditutup():
    """Exists: the entry's month is closed (the entry is frozen)."""
    return Exists(
        Periode.objects.closed().filter(
            tahun=ExtractYear(OuterRef("tanggal")), bulan=ExtractMonth(OuterRef("tanggal"))
        )
    )


def terbuka(qs: EntriQuerySet, *, sejak: date) -> EntriQuerySet:
    """Submitted entries that may still be decided: within the deadline, month not closed."""
    return qs.filter(status=Status.DIAJUKAN, tanggal__gte=sejak).exclude(bulan_ditutup())


# Who decides -------------------------------------------------------------------------------


@dataclass
class Wewenang:
    """What one user may decide on a day: their direct subordinates' entries nobody
    reassigned, the entries reassigned to them, and for the review team the entries of staff
    with no supervisor."""

    user: object
    pegawai_id: int | None
    hari: date
    bawahan: frozenset[int]
    _hier_semua: Hierarki | None = field(default=None, repr=False)

    @classmethod
    def of(cls, user, hari: date) -> "Wewenang":
        """One query (the part of the tree around the user), plus the user's staff record if it
        is not loaded yet."""
        pegawai = getattr(user, "pegawai", None)
        bawahan: set[int] = set()
        if pegawai is not None:
            bawahan = Hierarki.around(pegawai.pk, hari).bawahan_of(pegawai.pk)
        return cls(
            user=user,
            pegawai_id=pegawai.pk if pegawai else None,
            hari=hari,
            bawahan=frozenset(bawahan),
        )

    @property
    def is_tim(self) -> bool:
        return self.user.is_tim_penilai

    def tanpa_atasan(self, pegawai_ids) -> set[int]:
        """Of these staff, those with no supervisor on the day (two queries, once)."""
        if self._hier_semua is None:
            self._hier_semua = Hierarki.on(self.hari)
        return {p for p in pegawai_ids if self._hier_semua.atasan_of(p) is None}

    def dasar(self, items) -> dict[int, str | None]:
        """For (entri_id, pegawai_id, pengalihan_ke_id) items: how this user decides each, or
        None where someone else does."""
        result: dict[int, str | None] = {}
        for entri_id, pegawai_id, ke_id in items:
            if pegawai_id == self.pegawai_id:
                result[entri_id] = None
            elif ke_id is not None:
                result[entri_id] = DASAR_PENGALIHAN if ke_id == self.pegawai_id else None
            elif pegawai_id in self.bawahan:
                result[entri_id] = DASAR_ATASAN
            else:
                result[entri_id] = None
        rest = [
            (entri_id, pegawai_id)
            for entri_id, pegawai_id, ke_id in items
            if result[entri_id] is None and ke_id is None and pegawai_id != self.pegawai_id
        ]
        if rest and self.is_tim:
            top = self.tanpa_atasan({p for _e, p in rest})
            for entri_id, pegawai_id in rest:
                if pegawai_id in top:
                    result[entri_id] = DASAR_TIM
        return result


def pemutus_of(pegawai_id: int, hari: date) -> Pegawai | None:
    """The supervisor who decides this person's (not reassigned) entries on the day, or None
    when the review team does."""
    atasan_id = Hierarki.around(pegawai_id, hari).atasan_of(pegawai_id)
    return Pegawai.objects.with_related().filter(pk=atasan_id).first() if atasan_id else None


# The queues ---------------------------------------------------------------------------------


def antrian_atasan(wewenang: Wewenang, *, sejak: date) -> EntriQuerySet:
    """Entries waiting for this supervisor: their subordinates' not reassigned, and those an
    admin reassigned to them."""
    if wewenang.pegawai_id is None:
        return Entri.objects.none()
    mine = Q(pengalihan__ke_id=wewenang.pegawai_id)
    if wewenang.bawahan:
        mine |= Q(pegawai_id__in=wewenang.bawahan, pengalihan__isnull=True)
    return (
        terbuka(Entri.objects.all(), sejak=sejak)
        .filter(mine)
        .exclude(pegawai_id=wewenang.pegawai_id)
    )


def antrian_tim(wewenang: Wewenang, *, sejak: date) -> EntriQuerySet:
    """Entries of staff with no supervisor up the chain, for the review team (three queries
    to find those staff)."""
    waiting = terbuka(Entri.objects.filter(pengalihan__isnull=True), sejak=sejak)
    owners = set(waiting.values_list("pegawai_id", flat=True).distinct().order_by())
    top = wewenang.tanpa_atasan(owners) - {wewenang.pegawai_id}
    return waiting.filter(pegawai_id__in=top)


def kelompok_hari(qs: EntriQuerySet) -> list[dict]:
    """Each person's day in the queue: who, which day, how many entries and minutes."""
    return list(
        qs.values("pegawai_id", "tanggal")
        .annotate(
            nama=F("pegawai__nama"),
            nip=F("pegawai__nip"),
            jumlah=Count("id"),
            menit=Sum("menit"),
        )
        .order_by("nama", "pegawai_id", "tanggal")
    )


def jumlah_antrian(user, *, hari: date | None = None) -> int:
    """How many entries wait for this user's decision as a supervisor, in ONE query."""
    if getattr(user, "pegawai", None) is None:
        return 0
    return antrian_dan_notifikasi(user, hari=hari)[0]


def antrian_dan_notifikasi(user, *, hari: date | None = None) -> tuple[int, int]:
    """The entries waiting for this user's decision as a supervisor and the user's unread
    notifications, in ONE query: for the navigation on every page.

    The statement is Hierarki.around's (the positions above and below the user's, and who holds
    them) with two more branches: the waiting entries of each person holding a position below,
    and the entries reassigned to the user. The supervisor is then resolved in Python by the
    same Hierarki rules, so the count always agrees with `antrian_atasan`.
    """
    pegawai = getattr(user, "pegawai", None)
    if pegawai is None:
        return 0, Notifikasi.objects.unread_count(user)
    hari = hari or timezone.localdate()
    jab, pen, peg = (m._meta.db_table for m in (Jabatan, Penugasan, Pegawai))
    ent, alih, per = (m._meta.db_table for m in (Entri, PengalihanEntri, Periode))
    cfg = PengaturanPenilaian._meta.db_table
    notif = Notifikasi._meta.db_table
    first = hari.replace(day=1)
    prev = (first - timedelta(days=1)).replace(day=1)
    in_force = (
        "t.mulai <= %(hari)s AND (t.selesai IS NULL OR t.selesai >= %(hari)s)"
        " AND p.aktif_mulai <= %(hari)s AND (p.aktif_selesai IS NULL OR p.aktif_selesai >= %(hari)s)"
    )
    # The decision window spans at most this month and the previous one; the deadline day is
    # the pemda's setting, read in the same statement.
    sql = (
        "WITH RECURSIVE held(id) AS ("  # noqa: S608 (table names only; values are params)
        f" SELECT t.jabatan_id FROM {pen} t JOIN {peg} p ON p.id = t.pegawai_id"
        f" WHERE t.pegawai_id = %(me)s AND {in_force}),"
        f" up(id, atasan_id) AS (SELECT j.id, j.atasan_id FROM {jab} j JOIN held ON j.id = held.id"
        f" UNION SELECT j.id, j.atasan_id FROM {jab} j JOIN up ON j.id = up.atasan_id),"
        f" down(id, atasan_id) AS (SELECT j.id, j.atasan_id FROM {jab} j JOIN held ON j.id = held.id"
        f" UNION SELECT j.id, j.atasan_id FROM {jab} j JOIN down ON j.atasan_id = down.id),"
        " tree(id, atasan_id) AS (SELECT id, atasan_id FROM up UNION SELECT id, atasan_id FROM down),"
        " sejak(d) AS (SELECT CASE WHEN %(day)s <= COALESCE("
        f"(SELECT batas_validasi_hari FROM {cfg} WHERE id = 1), %(default_day)s)"
        " THEN %(prev)s ELSE %(first)s END),"
        f" waiting(id, pegawai_id) AS (SELECT e.id, e.pegawai_id FROM {ent} e, sejak"
        " WHERE e.status = %(diajukan)s AND e.tanggal >= sejak.d AND e.pegawai_id <> %(me)s"
        f" AND NOT (e.tanggal < %(first)s AND EXISTS (SELECT 1 FROM {per}"
        " WHERE status = %(ditutup)s AND tahun = %(prev_y)s AND bulan = %(prev_m)s))"
        f" AND NOT (e.tanggal >= %(first)s AND EXISTS (SELECT 1 FROM {per}"
        " WHERE status = %(ditutup)s AND tahun = %(first_y)s AND bulan = %(first_m)s)))"
        " SELECT 1, id, atasan_id, NULL, NULL, NULL, NULL, NULL FROM tree"
        " UNION ALL"
        " SELECT 2, NULL, NULL, t.pegawai_id, t.jabatan_id, t.jenis, t.mulai, t.id"
        f" FROM {pen} t JOIN {peg} p ON p.id = t.pegawai_id JOIN tree ON tree.id = t.jabatan_id"
        f" WHERE {in_force}"
        " UNION ALL"
        " SELECT 3, NULL, NULL, w.pegawai_id, COUNT(*), NULL, NULL, NULL FROM waiting w"
        f" WHERE NOT EXISTS (SELECT 1 FROM {alih} a WHERE a.entri_id = w.id)"
        f" AND w.pegawai_id IN (SELECT t.pegawai_id FROM {pen} t JOIN {peg} p"
        f" ON p.id = t.pegawai_id JOIN down ON down.id = t.jabatan_id WHERE {in_force})"
        " GROUP BY w.pegawai_id"
        " UNION ALL"
        " SELECT 4, NULL, NULL, NULL, COUNT(*), NULL, NULL, NULL FROM waiting w"
        f" JOIN {alih} a ON a.entri_id = w.id WHERE a.ke_id = %(me)s"
        # The bell's unread count rides along, so the supervisor's navigation is one statement.
        " UNION ALL"
        " SELECT 5, NULL, NULL, NULL, COUNT(*), NULL, NULL, NULL"
        f" FROM {notif} n WHERE n.penerima_id = %(user)s AND n.dibaca_pada IS NULL"
    )
    params = {
        "me": pegawai.pk,
        "user": user.pk,
        "hari": hari,
        "day": hari.day,
        "default_day": PengaturanPenilaian._meta.get_field("batas_validasi_hari").default,
        "prev": prev,
        "first": first,
        "prev_y": prev.year,
        "prev_m": prev.month,
        "first_y": first.year,
        "first_m": first.month,
        "diajukan": Status.DIAJUKAN,
        "ditutup": Periode.Status.DITUTUP,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    hier = Hierarki(atasan_jabatan={r[1]: r[2] for r in rows if r[0] == 1})
    # Oldest first, as Hierarki loads them: (mulai, id).
    assignments = sorted((r[6], r[7], r[3], r[4], r[5]) for r in rows if r[0] == 2)
    hier._add_assignments((p, j, jenis) for _mulai, _id, p, j, jenis in assignments)
    waiting = {r[3]: r[4] for r in rows if r[0] == 3}
    reassigned = sum(r[4] for r in rows if r[0] == 4)
    unread = sum(r[4] for r in rows if r[0] == 5)
    return sum(waiting.get(p, 0) for p in hier.bawahan_of(pegawai.pk)) + reassigned, unread


# The supervisor's dashboard -----------------------------------------------------------------


@dataclass
class BarisDasbor:
    pegawai: Pegawai
    target: int
    disetujui: int
    diajukan: int
    menunggu: int
    tertua: date | None

    @property
    def persen(self) -> int:
        return min(100, round(100 * self.disetujui / self.target)) if self.target else 0

    @property
    def persen_diajukan(self) -> int:
        if not self.target:
            return 0
        return min(100 - self.persen, round(100 * self.diajukan / self.target))


def dasbor_atasan(bawahan, *, tahun: int, bulan: int, sejak: date) -> list[BarisDasbor]:
    """Each subordinate's month: target, approved and submitted minutes; and what still waits
    for the supervisor (count, oldest date). Eight queries, whatever the number of people."""
    ids = list(bawahan)
    if not ids:
        return []
    people = list(Pegawai.objects.with_related().filter(pk__in=ids).order_by("nama"))
    targets = ringkasan_bulan(ids, tahun, bulan)
    first, last = rentang_bulan(tahun, bulan)
    in_month = Q(tanggal__range=(first, last))
    waiting = Q(
        status=Status.DIAJUKAN,
        tanggal__gte=sejak,
        pengalihan__isnull=True,
        bulan_ditutup=False,
    )
    rows = {
        row["pegawai_id"]: row
        for row in Entri.objects.filter(pegawai_id__in=ids)
        .filter(Q(tanggal__range=(first, last)) | Q(status=Status.DIAJUKAN, tanggal__gte=sejak))
        .alias(bulan_ditutup=bulan_ditutup())
        .values("pegawai_id")
        .annotate(
            disetujui=Coalesce(
                Sum(
                    Coalesce("menit_diakui", "menit"),
                    filter=in_month & Q(status=Status.DISETUJUI),
                ),
                0,
            ),
            diajukan=Coalesce(Sum("menit", filter=in_month & Q(status=Status.DIAJUKAN)), 0),
            menunggu=Count("id", filter=waiting),
            tertua=Min("tanggal", filter=waiting),
        )
        .order_by()
    }
    result = []
    for p in people:
        row = rows.get(p.pk, {})
        ringkasan = targets.get(p.pk)
        result.append(
            BarisDasbor(
                pegawai=p,
                target=ringkasan.target_menit if ringkasan else 0,
                disetujui=row.get("disetujui", 0),
                diajukan=row.get("diajukan", 0),
                menunggu=row.get("menunggu", 0),
                tertua=row.get("tertua"),
            )
        )
    return result
