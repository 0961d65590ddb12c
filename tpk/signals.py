"""What the close tells the rest of tpk, so the close does not need to know who listens.

Both are sent after the transaction that made the change has committed
(`transaction.on_commit`), with `penutupan` (a PenutupanPeriode) or `pembukaan` (a
PembukaanPeriode) as keyword argument.
"""

from django.dispatch import Signal

# A close finished: its HasilTPK rows for (periode, revisi) are complete and final.
periode_ditutup = Signal()

# A month was reopened: the results of the reopened revision are superseded.
periode_dibuka = Signal()
