"""What the navigation shows on every page: the unread notifications (everyone) and the
entries waiting for the user's decision (supervisors only).

Lazy: a page that does not render the navigation (htmx fragments, the login page) pays
nothing. The unread count rides along with the user's roles, which every page loads anyway
(`User.ROLE_EXTRAS`, registered in penilaian.apps): no query of its own. A supervisor's queue
count is a statement of its own (penilaian.queries.antrian_dan_notifikasi).
"""

from functools import cached_property

from django.utils.functional import SimpleLazyObject

from .models import Notifikasi
from .queries import antrian_dan_notifikasi

UNREAD = "notifikasi_belum_dibaca"


def unread_extra(user) -> tuple[str, str, list]:
    """The unread count as a figure of the roles' statement (pegawai.models.ROLE_EXTRAS)."""
    return (
        UNREAD,
        f"SELECT COUNT(*) FROM {Notifikasi._meta.db_table}"  # noqa: S608 (table name only)
        " WHERE penerima_id = %s AND dibaca_pada IS NULL",
        [user.pk],
    )


class _Hitungan:
    def __init__(self, user):
        self.user = user

    @cached_property
    def angka(self) -> tuple[int, int]:
        """(entries waiting for the user's decision, unread notifications)."""
        user = self.user
        # Only supervisors have a queue; its statement counts the unread notifications too.
        if user.is_atasan:
            return antrian_dan_notifikasi(user)
        unread = user.role_extras.get(UNREAD)
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
