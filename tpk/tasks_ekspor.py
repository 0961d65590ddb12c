"""The exports' Celery tasks: thin, ids in, one service call (tpk.ekspor.services).

No retries: a failed export is recorded on its row (`gagal`, with the message) and finance asks
for it again on the screen; the after-close task is safe to run again.
"""

from celery import shared_task


@shared_task
def ekspor_setelah_penutupan(penutupan_id: int) -> int:
    """Create and queue the automatic exports of a finished close; how many were queued."""
    from .ekspor.services import queue_exports_after_close
    from .models import PenutupanPeriode

    penutupan = PenutupanPeriode.objects.select_related("periode").filter(pk=penutupan_id).first()
    return len(queue_exports_after_close(penutupan)) if penutupan else 0


@shared_task
def buat_ekspor(ekspor_id: int) -> str:
    """Render and store one queued export; its status afterwards."""
    from .ekspor.services import build_export

    ekspor = build_export(ekspor_id)
    return ekspor.status if ekspor else ""
