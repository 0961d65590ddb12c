"""Demo data of the TPK (a step of `python manage.py demo`): last month closed through the
close's service, so that the demo shows a month with its TPK rows, slips and lists (and, through
tpk.signals.periode_ditutup, whatever listens to a close).

Re-runnable: a month already closed is left as it is. Runs on SQLite (`make run`) as on
PostgreSQL: without the advisory lock and the progress connection there, which a demo inside
one transaction does not need.
"""

from django.db.models import Sum
from django.utils import timezone

from pegawai.demo import DemoCast, step
from pegawai.models import Periode
from pegawai.templatetags.ekinerja import rupiah

from .defaults import create_default_aturan
from .penutupan import bulan_lalu, close_periode, nama_bulan


@step
def build_tpk(cast: DemoCast) -> None:
    """Close last month as the admin kepegawaian would."""
    create_default_aturan()  # only where the rules were removed; a pemda's own are kept
    tahun, bulan = bulan_lalu(timezone.localdate(cast.now))
    if Periode.objects.closed().filter(tahun=tahun, bulan=bulan).exists():
        cast.stdout.write(f"TPK {nama_bulan(tahun, bulan)}: sudah ditutup, dibiarkan.\n")
        return
    run = close_periode(tahun, bulan, by=cast.admin.user, now=cast.now)
    netto = run.hasil.aggregate(total=Sum("netto"))["total"] or 0
    cast.stdout.write(
        f"TPK {nama_bulan(tahun, bulan)}: periode ditutup (revisi {run.revisi}), "
        f"{run.total} pegawai, jumlah netto {rupiah(netto)}.\n"
    )
