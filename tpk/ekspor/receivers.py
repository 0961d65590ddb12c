"""What the exports do when the close says something (tpk.signals); connected in
`TpkConfig.ready()`. Both signals arrive after the close's or the reopen's commit."""

from django.db import transaction

# Imported here, at app loading, so that a Celery worker knows the exports' tasks.
from ..tasks_ekspor import ekspor_setelah_penutupan


def on_periode_ditutup(sender, penutupan, **kwargs) -> None:
    """A close finished: make its lists in the background."""
    transaction.on_commit(lambda: ekspor_setelah_penutupan.delay(penutupan.pk))


def on_periode_dibuka(sender, pembukaan, **kwargs) -> None:
    """A month was reopened: its exports so far are superseded (kept, labelled)."""
    from .services import supersede_exports  # not at app loading: it brings WeasyPrint

    supersede_exports(pembukaan)
