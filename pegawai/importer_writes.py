"""Set-based writes for the staff import: one query per batch of BATCH_SIZE rows, not per row.

write_plan writes a plan that importer._Impor has checked completely, inside the caller's
transaction. update_rows stands in for QuerySet.bulk_update, whose cost grows with the square of
the batch. importer.py looks rows up in the same batches (chunks).
"""

import secrets
from collections import defaultdict
from datetime import timedelta
from typing import TYPE_CHECKING

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import connection
from django.utils.translation import gettext as _

from .models import Jabatan, Pegawai, Penugasan, UnitKerja, User

if TYPE_CHECKING:
    from .importer import _Impor

BATCH_SIZE = 1000
# The Pegawai fields a file sets: importer.py compares them with the stored ones, write_plan
# writes them.
PEGAWAI_FIELDS = (
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "jenis_asn",
    "golongan",
    "pin_absen",
    "npwp",
    "bank",
    "nomor_rekening",
)


def write_plan(plan: "_Impor", *, by) -> None:
    """Write a checked plan: a fixed number of queries plus one per batch."""
    levels = defaultdict(list)
    for unit in plan.new_units:
        levels[len(list(unit.lineage()))].append(unit)
    for depth in sorted(levels):
        level = levels[depth]
        objs = UnitKerja.objects.bulk_create(
            [
                UnitKerja(kode=u.kode, nama=u.nama, jenis=u.jenis, induk_id=u.induk and u.induk.pk)
                for u in level
            ],
            batch_size=BATCH_SIZE,
        )
        for unit, obj in zip(level, objs, strict=True):
            unit.pk = obj.pk

    # Supervising positions first, so every new position is inserted with its link: one
    # query per level of the position tree instead of a second pass over every row.
    levels = defaultdict(list)
    for jab in plan.new_jabatan:
        levels[jab.new_ancestors].append(jab)
    for depth in sorted(levels):
        objs = Jabatan.objects.bulk_create(
            [
                Jabatan(
                    nama=j.nama,
                    unit_id=j.unit.pk,
                    jenis=j.jenis,
                    eselon=j.eselon,
                    kelas=j.kelas,
                    atasan_id=j.atasan and j.atasan.pk,
                )
                for j in levels[depth]
            ],
            batch_size=BATCH_SIZE,
        )
        for jab, obj in zip(levels[depth], objs, strict=True):
            jab.pk = obj.pk
    changed = [j for j in plan.touched_jabatan if j.stored and j.state() != j.stored]
    update_rows(
        Jabatan,
        [(j.pk, j.jenis, j.eselon, j.kelas, j.atasan and j.atasan.pk) for j in changed],
        ["jenis", "eselon", "kelas", "atasan"],
    )

    new_users = [b for b in plan.new_pegawai if b.nip not in plan.reused_users]
    users = User.objects.bulk_create(
        [
            User(username=b.nip, email=b.email or "", password=unusable_password())
            for b in new_users
        ],
        batch_size=BATCH_SIZE,
    )
    user_ids = plan.reused_users | {u.username: u.pk for u in users}
    plan.email_updates |= {
        plan.reused_users[b.nip]: b.email
        for b in plan.new_pegawai
        if b.nip in plan.reused_users and b.email
    }
    update_rows(User, list(plan.email_updates.items()), ["email"])

    # PINs move between people in the file: clear the old ones first so a swap does not trip
    # the unique constraint halfway through.
    repinned = [
        current["id"]
        for _b, current, desired in plan.changed_pegawai
        if current["pin_absen"] and current["pin_absen"] != desired["pin_absen"]
    ]
    for chunk in chunks(repinned):
        Pegawai.objects.filter(pk__in=chunk).update(pin_absen=None)
    update_rows(
        Pegawai,
        [
            (
                current["id"],
                *(desired[f] for f in PEGAWAI_FIELDS),
                b.jabatan.pk,
                b.jabatan.unit.pk,
            )
            for b, current, desired in plan.changed_pegawai
        ],
        [*PEGAWAI_FIELDS, "jabatan", "unit"],
    )
    created = Pegawai.objects.bulk_create(
        [
            Pegawai(
                user_id=user_ids[b.nip],
                nip=b.nip,
                jabatan_id=b.jabatan.pk,
                unit_id=b.jabatan.unit.pk,
                aktif_mulai=b.tmt or plan.today,
                **b.values,
            )
            for b in plan.new_pegawai
        ],
        batch_size=BATCH_SIZE,
    )

    closing = [
        (pk, (b.tmt or plan.today) - timedelta(days=1))
        for b, current in plan.moves
        for pk in plan.open_penugasan.get(current["id"], ())
    ]
    update_rows(Penugasan, closing, ["selesai"])
    starts = [(b, p.pk) for b, p in zip(plan.new_pegawai, created, strict=True)]
    starts += [(b, current["id"]) for b, current in plan.moves]
    Penugasan.objects.bulk_create(
        [
            Penugasan(
                pegawai_id=pegawai_id,
                jabatan_id=b.jabatan.pk,
                jenis=Penugasan.Jenis.DEFINITIF,
                mulai=b.tmt or plan.today,
                dasar=_("Impor data pegawai"),
                dibuat_oleh=by,
            )
            for b, pegawai_id in starts
        ],
        batch_size=BATCH_SIZE,
    )


def update_rows(model, rows: list[tuple], fields: list[str]) -> None:
    """Set `fields` of many rows, each given as (pk, *values), with UPDATE ... FROM (VALUES ...).

    One statement per batch, linear in its rows. QuerySet.bulk_update writes a CASE per field
    whose cost grows with the square of the batch: 80 s to update 20,000 staff.
    """
    meta = model._meta
    quote = connection.ops.quote_name
    columns = [meta.pk, *(meta.get_field(name) for name in fields)]
    names = ", ".join(quote(c.column) for c in columns)
    assignments = ", ".join(
        f"{quote(c.column)} = v.{quote(c.column)}::{c.db_type(connection)}" for c in columns[1:]
    )
    pk = quote(meta.pk.column)
    for chunk in chunks(rows):
        values = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(chunk))
        sql = (
            f"UPDATE {quote(meta.db_table)} SET {assignments} "  # noqa: S608 (names from the model)
            f"FROM (VALUES {values}) AS v({names}) "
            f"WHERE {quote(meta.db_table)}.{pk} = v.{pk}::{meta.pk.db_type(connection)}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [value for row in chunk for value in row])


def chunks(items: list, size: int = BATCH_SIZE):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def unusable_password() -> str:
    # What make_password(None) stores, without its 40 random.choice calls per account: staff
    # cannot log in until the admin sets a password.
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)
