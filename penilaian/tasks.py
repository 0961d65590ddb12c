from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notification_emails(ids: list[int]) -> int:
    """E-mail the notifications with these ids that have not been sent yet."""
    from .services.notifikasi_email import send_emails

    return send_emails(ids)


@shared_task
def send_reminders(jenis: str) -> int:
    """The scheduled reminders of one kind (harian, mingguan, batas); safe to run twice."""
    from .services.pengingat import send_reminders as send

    return send(jenis)


@shared_task
def scan_anomalies_month(tahun: int, bulan: int, unit_ids=None, by_id=None) -> dict:
    """Rewrite one month's anomaly flags (of these units, if given); counts per kind."""
    from django.contrib.auth import get_user_model

    from .anomali import scan_anomalies

    by = get_user_model().objects.filter(pk=by_id).first() if by_id else None
    return scan_anomalies(tahun, bulan, units=unit_ids, by=by)


@shared_task
def scan_anomalies_recent() -> dict:
    """The nightly scan: last month (until closed) and this month."""
    from .anomali import scan_recent_months

    return {f"{t:04d}-{b:02d}": counts for (t, b), counts in scan_recent_months().items()}


# No retries: it runs every day from the day after the deadline, so a failed run is redone the
# next morning, and a rerun changes nothing.
@shared_task
def apply_validation_deadline_task(tahun: int | None = None, bulan: int | None = None) -> int:
    """Apply the validation deadline of a month (by default the one just due); the number of
    late entries it handled."""
    from .services.persetujuan import apply_due_validation_deadline, apply_validation_deadline

    if tahun is None or bulan is None:
        result = apply_due_validation_deadline()
    else:
        result = apply_validation_deadline(tahun, bulan)
    return result.jumlah if result else 0
