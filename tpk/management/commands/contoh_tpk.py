from django.core.management.base import BaseCommand

from tpk.calculation import compute_tpk
from tpk.defaults import aturan_bawaan, contoh_domain
from tpk.trace import format_trace


class Command(BaseCommand):
    help = (
        "Cetak rincian perhitungan contoh domain.md (PNS III/b, kelas 7) dengan aturan TPK "
        "bawaan; docs/TPK.md memuat keluaran ini apa adanya."
    )

    def handle(self, *args, **options):
        for line in format_trace(compute_tpk(contoh_domain(aturan_bawaan())).trace):
            self.stdout.write(line)
