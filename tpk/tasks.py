import logging

from celery import shared_task

logger = logging.getLogger(__name__)


# No retries: a refused close (another one running, units not signed off under the blocking
# policy) is recorded as a failed run or needs a person; the daily job tries again tomorrow.
@shared_task
def close_due_periode_task() -> str:
    """The daily job: close last month once the pemda's close day has come."""
    from .exceptions import TPKError
    from .penutupan import close_due_periode

    try:
        run = close_due_periode()
    except TPKError as exc:
        logger.warning("Penutupan otomatis tidak berjalan: %s", exc)
        return str(exc)
    return f"{run.periode_id} revisi {run.revisi}: {run.total} pegawai" if run else ""


@shared_task
def close_periode_task(tahun: int, bulan: int, by_id: int | None = None) -> str:
    """A close started by an admin on the screen; the screen follows the run's progress."""
    from django.contrib.auth import get_user_model

    from .exceptions import TPKError
    from .penutupan import close_periode

    by = get_user_model().objects.filter(pk=by_id).first() if by_id else None
    try:
        run = close_periode(tahun, bulan, by=by)
    except TPKError as exc:
        return str(exc)
    return f"{run.periode_id} revisi {run.revisi}: {run.total} pegawai"
