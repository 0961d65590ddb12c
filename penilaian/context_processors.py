"""What the navigation shows on every page: the unread notifications (everyone) and the
entries waiting for the user's decision (supervisors only).

Lazy: a page that does not render the navigation (htmx fragments, the login page) pays
nothing; one that does pays ONE query for both figures (a supervisor's queue statement carries
the unread count along, see penilaian.queries.antrian_dan_notifikasi).
"""

from functools import cached_property

from django.utils.functional import SimpleLazyObject

from .models import Notifikasi
from .queries import antrian_dan_notifikasi


class _Hitungan:
    def __init__(self, user):
        self.user = user

    @cached_property
    def angka(self) -> tuple[int, int]:
        """(entries waiting for the user's decision, unread notifications)."""
        # Only supervisors have a queue; their roles are loaded once per request anyway.
        if self.user.is_atasan:
            return antrian_dan_notifikasi(self.user)
        return 0, Notifikasi.objects.unread_count(self.user)


def navigasi(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    hitungan = _Hitungan(user)
    return {
        "jumlah_antrian": SimpleLazyObject(lambda: hitungan.angka[0]),
        "notifikasi_belum_dibaca": SimpleLazyObject(lambda: hitungan.angka[1]),
    }
