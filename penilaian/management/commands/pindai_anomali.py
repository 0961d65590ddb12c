"""`manage.py pindai_anomali [YYYY-MM] [--unit ID …]`: the anomaly scan by hand. Without a
month it does what the nightly beat job does (penilaian.tasks.scan_anomalies_recent): last
month, until it is closed, and this month."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pegawai.forms_kalender import parse_bulan
from pegawai.models import UnitKerja
from penilaian.anomali import scan_anomalies, scan_recent_months
from penilaian.exceptions import PenilaianError
from penilaian.models import FlagEntri


class Command(BaseCommand):
    help = (
        "Pindai ulang tanda anomali entri yang disetujui dalam satu bulan (YYYY-MM): menit "
        "melebihi waktu efektif, di luar jam kerja, uraian berulang, dibuat terlambat, "
        "persetujuan massal. Tanpa bulan: bulan lalu (selama belum ditutup) dan bulan ini. "
        "Aman dijalankan berulang: tanda bulan itu ditulis ulang."
    )

    def add_arguments(self, parser):
        parser.add_argument("bulan", nargs="?", help="bulan yang dipindai, YYYY-MM")
        parser.add_argument(
            "--unit",
            type=int,
            action="append",
            dest="units",
            help="hanya pegawai unit ini dan unit di bawahnya (id; boleh berulang)",
        )

    def handle(self, *args, bulan=None, units=None, **options):
        started = time.monotonic()
        if units:
            missing = set(units) - set(
                UnitKerja.objects.filter(pk__in=units).values_list("pk", flat=True)
            )
            if missing:
                raise CommandError(f"Unit kerja tidak ditemukan: {sorted(missing)}")
        try:
            if bulan:
                parsed = parse_bulan(bulan, default=timezone.localdate())
                if parsed is None:
                    raise CommandError(f"Bulan tidak dikenal: {bulan!r} (tulis YYYY-MM)")
                results = {parsed: scan_anomalies(*parsed, units=units)}
            else:
                if units:
                    raise CommandError("--unit hanya bersama bulan (YYYY-MM).")
                results = scan_recent_months()
        except PenilaianError as exc:
            raise CommandError(str(exc)) from exc
        labels = dict(FlagEntri.LABEL_PENDEK)
        for (tahun, bln), counts in results.items():
            rincian = ", ".join(f"{labels[k]} {n}" for k, n in counts.items())
            self.stdout.write(
                self.style.SUCCESS(
                    f"Anomali {tahun:04d}-{bln:02d}: {sum(counts.values())} tanda ({rincian})."
                )
            )
        if not results:
            self.stdout.write("Tidak ada bulan terbuka untuk dipindai.")
        self.stdout.write(f"Selesai dalam {time.monotonic() - started:.1f} detik.")
