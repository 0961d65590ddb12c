"""Notifications: written in the caller's transaction, e-mailed by Celery after it commits."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from ..models import Notifikasi

EMAIL_BATCH = 200


def notify(
    penerima,
    *,
    jenis: str,
    judul: str,
    pesan: str = "",
    url: str = "",
    now=None,
    kunci: str | None = None,
) -> Notifikasi | None:
    """Tell one user something; the e-mail (if they have an address) goes after commit.

    With `kunci`, a notification the user already has under that key is not sent again (None).
    """
    rows = notify_many([(penerima, judul, pesan, url)], jenis=jenis, now=now, kunci=kunci)
    return rows[0] if rows else None


def notify_many(
    items: Iterable[tuple], *, jenis: str, now=None, kunci: str | None = None
) -> list[Notifikasi]:
    """Tell many users at once, set-based: items are (user, judul, pesan, url).

    With `kunci` (one key for the batch; it is unique per recipient), users who already have a
    notification under that key are skipped, by the database: a scheduled job run twice on the
    same day, or by two workers at once, sends each reminder once. Returns the rows written.
    """
    now = now or timezone.now()
    rows = [
        Notifikasi(
            penerima=user,
            jenis=jenis,
            judul=judul[:200],
            pesan=pesan,
            url=url,
            dibuat_pada=now,
            kunci=kunci,
        )
        for user, judul, pesan, url in items
    ]
    if not rows:
        return []
    if kunci is None:
        created = Notifikasi.objects.bulk_create(rows)
    else:
        # Who has it already (an earlier run) is skipped; ON CONFLICT DO NOTHING skips what a
        # run at the same moment wrote. It gives no ids back: the rows this call wrote are the
        # ones under the key stamped with its `now`, for the users who did not have one.
        had = set(Notifikasi.objects.filter(kunci=kunci).values_list("penerima_id", flat=True))
        rows = [n for n in rows if n.penerima_id not in had]
        if not rows:
            return []
        Notifikasi.objects.bulk_create(rows, ignore_conflicts=True)
        created = [
            n
            for n in Notifikasi.objects.filter(kunci=kunci, dibuat_pada=now).select_related(
                "penerima"
            )
            if n.penerima_id not in had
        ]
    _email_on_commit([n.pk for n in created if n.penerima.email])
    return created


def _email_on_commit(ids: list[int]) -> None:
    """Queue the e-mails once the caller's transaction commits (a rollback sends nothing), in
    tasks of EMAIL_BATCH so the morning reminder to every staff member is not one huge task."""
    from ..tasks import send_notification_emails

    for start in range(0, len(ids), EMAIL_BATCH):
        batch = ids[start : start + EMAIL_BATCH]
        transaction.on_commit(lambda batch=batch: send_notification_emails.delay(batch))


def mark_read(notifikasi: Notifikasi, *, by, now=None) -> bool:
    """Mark one of the user's notifications read; False when it already was."""
    now = now or timezone.now()
    return bool(
        Notifikasi.objects.filter(pk=notifikasi.pk, penerima=by, dibaca_pada__isnull=True).update(
            dibaca_pada=now
        )
    )


def mark_all_read(*, by, now=None) -> int:
    """Mark every unread notification of the user read, in one update; how many."""
    now = now or timezone.now()
    return Notifikasi.objects.for_user(by).unread().update(dibaca_pada=now)
