"""Who supervises whom on a given day, resolved for everyone at once in two queries.

The supervisor of a staff member is the holder of their position's atasan jabatan; where it has
no definitive holder, the acting holder (Plt, then Plh); where it has neither, the next position
up. Nobody is their own supervisor: a person acting in their own supervisor's position is
skipped and the search goes further up.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import connection

from .models import Jabatan, Pegawai, Penugasan

_ACTING_ORDER = {Penugasan.Jenis.PLT: 0, Penugasan.Jenis.PLH: 1}


@dataclass
class Hierarki:
    atasan_jabatan: dict[int, int | None]
    jabatan_sendiri: dict[int, int] = field(default_factory=dict)
    definitif: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    acting: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    _children_cache: dict[int, list[int]] | None = field(default=None, repr=False)

    @classmethod
    def on(cls, day: date) -> "Hierarki":
        """Load the position tree and every assignment in force on `day` (two queries)."""
        hier = cls(atasan_jabatan=dict(Jabatan.objects.values_list("id", "atasan_id")))
        hier._load(Penugasan.objects.on(day), day)
        return hier

    @classmethod
    def around(cls, pegawai_id: int, day: date) -> "Hierarki":
        """Only the part of the tree one person needs: the chain above the positions they hold,
        everything below them, and who holds those positions. One query however large the
        pemda: staff open pages that need it every day."""
        jab, pen, peg = (m._meta.db_table for m in (Jabatan, Penugasan, Pegawai))
        in_force = (
            "t.mulai <= %s AND (t.selesai IS NULL OR t.selesai >= %s)"
            " AND p.aktif_mulai <= %s AND (p.aktif_selesai IS NULL OR p.aktif_selesai >= %s)"
        )
        sql = (
            "WITH RECURSIVE held(id) AS ("  # noqa: S608 (table names only; values are params)
            f" SELECT t.jabatan_id FROM {pen} t JOIN {peg} p ON p.id = t.pegawai_id"
            f" WHERE t.pegawai_id = %s AND {in_force}),"
            f" up(id, atasan_id) AS (SELECT j.id, j.atasan_id FROM {jab} j JOIN held ON j.id = held.id"
            f" UNION SELECT j.id, j.atasan_id FROM {jab} j JOIN up ON j.id = up.atasan_id),"
            f" down(id, atasan_id) AS (SELECT j.id, j.atasan_id FROM {jab} j JOIN held ON j.id = held.id"
            f" UNION SELECT j.id, j.atasan_id FROM {jab} j JOIN down ON j.atasan_id = down.id),"
            " tree(id, atasan_id) AS (SELECT id, atasan_id FROM up UNION SELECT id, atasan_id FROM down)"
            " SELECT id, atasan_id, NULL, NULL, NULL, NULL, NULL FROM tree"
            " UNION ALL"
            f" SELECT NULL, NULL, t.pegawai_id, t.jabatan_id, t.jenis, t.mulai, t.id FROM {pen} t"
            f" JOIN {peg} p ON p.id = t.pegawai_id JOIN tree ON tree.id = t.jabatan_id"
            f" WHERE {in_force}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [pegawai_id, *[day] * 4, *[day] * 4])
            rows = cursor.fetchall()
        hier = cls(atasan_jabatan={r[0]: r[1] for r in rows if r[0] is not None})
        # Oldest first, as the whole-tree load orders them: (mulai, id).
        assignments = sorted((r[5], r[6], r[2], r[3], r[4]) for r in rows if r[0] is None)
        hier._add_assignments((p, j, jenis) for _mulai, _id, p, j, jenis in assignments)
        return hier

    def _load(self, penugasan, day: date) -> None:
        rows = (
            penugasan.filter(pegawai__in=Pegawai.objects.active_on(day))
            .order_by("mulai", "id")
            .values_list("pegawai_id", "jabatan_id", "jenis")
        )
        self._add_assignments(rows)

    def _add_assignments(self, rows) -> None:
        """Record (pegawai, jabatan, jenis) rows, oldest first."""
        hier = self
        acting_rows = []
        for pegawai_id, jabatan_id, jenis in rows:
            if jenis == Penugasan.Jenis.DEFINITIF:
                # The latest definitive assignment wins if an old one was left open.
                hier.jabatan_sendiri[pegawai_id] = jabatan_id
                hier.definitif[jabatan_id].append(pegawai_id)
            else:
                acting_rows.append((_ACTING_ORDER[jenis], pegawai_id, jabatan_id))
        for _order, pegawai_id, jabatan_id in sorted(acting_rows):
            hier.acting[jabatan_id].append(pegawai_id)

    def holder_of(self, jabatan_id: int, *, excluding: int | None = None) -> int | None:
        """The person who answers for a position: definitive holder, else acting, else None."""
        for pool in (self.definitif.get(jabatan_id, ()), self.acting.get(jabatan_id, ())):
            for pegawai_id in pool:
                if pegawai_id != excluding:
                    return pegawai_id
        return None

    def atasan_of(self, pegawai_id: int) -> int | None:
        """The supervisor's pegawai id, or None at the top of the hierarchy."""
        jabatan_id = self.jabatan_sendiri.get(pegawai_id)
        seen = set()
        while jabatan_id is not None and jabatan_id not in seen:
            seen.add(jabatan_id)  # a cycle in bad master data must not hang a request
            jabatan_id = self.atasan_jabatan.get(jabatan_id)
            if jabatan_id is None:
                return None
            holder = self.holder_of(jabatan_id, excluding=pegawai_id)
            if holder is not None:
                return holder
        return None

    def atasan_map(self, pegawai_ids=None) -> dict[int, int | None]:
        ids = self.jabatan_sendiri.keys() if pegawai_ids is None else pegawai_ids
        return {pegawai_id: self.atasan_of(pegawai_id) for pegawai_id in ids}

    def held_by(self, pegawai_id: int) -> set[int]:
        """Positions a person answers for: their own and the ones they act in."""
        held = {j for j, ids in self.definitif.items() if pegawai_id in ids}
        held |= {j for j, ids in self.acting.items() if pegawai_id in ids}
        return held

    def _children(self) -> dict[int, list[int]]:
        if self._children_cache is None:
            self._children_cache = defaultdict(list)
            for jabatan_id, atasan_id in self.atasan_jabatan.items():
                if atasan_id is not None:
                    self._children_cache[atasan_id].append(jabatan_id)
        return self._children_cache

    def bawahan_of(self, pegawai_id: int) -> set[int]:
        """Direct subordinates: everyone whose resolved supervisor is this person."""
        children = self._children()
        candidates: set[int] = set()
        stack = list(self.held_by(pegawai_id))
        seen: set[int] = set()
        while stack:
            jabatan_id = stack.pop()
            if jabatan_id in seen:
                continue
            seen.add(jabatan_id)
            for child in children.get(jabatan_id, ()):
                holders = set(self.definitif.get(child, ())) - {pegawai_id}
                candidates |= holders
                # Without a definitive holder (vacant, self-held, or only acted in) people
                # further down may answer to us: an acting holder whose own position is below
                # skips themselves. The final filter keeps only those who really do.
                if not holders:
                    stack.append(child)
        return {p for p in candidates if self.atasan_of(p) == pegawai_id}

    def bawahan_semua(self, pegawai_id: int) -> set[int]:
        """Everyone below a person, at any depth."""
        result: set[int] = set()
        frontier = {pegawai_id}
        while frontier:
            nxt: set[int] = set()
            for p in frontier:
                nxt |= self.bawahan_of(p)
            nxt -= result | {pegawai_id}
            result |= nxt
            frontier = nxt
        return result
