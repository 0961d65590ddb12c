"""What the navigation shows on every page: the unread notifications (everyone) and the
entries waiting for the user's decision (supervisors only).

Lazy: a page that does not render the navigation (htmx fragments, the login page) pays
nothing. One that does pays ONE query for the figures and, for most users, the roles the menu
needs as well: the roles statement carries the unread count along. A supervisor's queue count
is a statement of its own (penilaian.queries.antrian_dan_notifikasi), which brings the unread
count too.
"""

from functools import cached_property

from django.db import connection
from django.utils.functional import SimpleLazyObject

from .models import Notifikasi
from .queries import antrian_dan_notifikasi

# Role names are group names and fixed words; none starts with this character.
_UNREAD = "#"


def roles_and_unread(user) -> int:
    """Load the user's roles and count their unread notifications, in one query."""
    sql, params = user.roles_statement()
    sql += (
        f" UNION ALL SELECT '{_UNREAD}' || CAST(COUNT(*) AS TEXT)"  # noqa: S608 (table name)
        f" FROM {Notifikasi._meta.db_table} WHERE penerima_id = %s AND dibaca_pada IS NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, user.pk])
        names = [name for (name,) in cursor.fetchall()]
    unread = next(int(name[1:]) for name in names if name.startswith(_UNREAD))
    user.set_roles(name for name in names if not name.startswith(_UNREAD))
    return unread


class _Hitungan:
    def __init__(self, user):
        self.user = user

    @cached_property
    def angka(self) -> tuple[int, int]:
        """(entries waiting for the user's decision, unread notifications)."""
        user = self.user
        unread = None if user.has_roles_loaded else roles_and_unread(user)
        # Only supervisors have a queue; its statement counts the unread notifications too.
        if user.is_atasan:
            return antrian_dan_notifikasi(user)
        return 0, Notifikasi.objects.unread_count(user) if unread is None else unread


def navigasi(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    hitungan = _Hitungan(user)
    return {
        "jumlah_antrian": SimpleLazyObject(lambda: hitungan.angka[0]),
        "notifikasi_belum_dibaca": SimpleLazyObject(lambda: hitungan.angka[1]),
    }
