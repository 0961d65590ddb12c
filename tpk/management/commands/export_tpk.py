from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pegawai.forms_kalender import parse_bulan
from pegawai.models import Periode, UnitKerja
from tpk.angka import format_rupiah
from tpk.ekspor.daftar import load_daftar
from tpk.ekspor.services import default_penandatangan, render_export
from tpk.exceptions import TPKError
from tpk.models import EksporTPK


class Command(BaseCommand):
    help = (
        "Tulis daftar TPK satu OPD untuk satu bulan ke berkas: PDF, XLSX atau CSV transfer bank "
        "(revisi terakhir yang selesai, atau --revisi). Penanda tangan dan kertas seperti bawaan "
        "layar keuangan. Berkas tidak disimpan di daftar ekspor."
    )

    def add_arguments(self, parser):
        parser.add_argument("bulan", help="YYYY-MM, mis. 2026-07")
        parser.add_argument("--unit", required=True, help="kode OPD (unit teratas), mis. 1.01")
        parser.add_argument("--format", required=True, choices=EksporTPK.Format.values)
        parser.add_argument("-o", "--output", required=True, help="berkas tujuan")
        parser.add_argument("--revisi", type=int, help="revisi tertentu (bawaan: terakhir)")
        parser.add_argument(
            "--kertas", choices=EksporTPK.Kertas.values, help="ukuran kertas PDF (bawaan: terakhir)"
        )

    def handle(self, *args, **options):
        parsed = parse_bulan(options["bulan"], default=None)
        if parsed is None:
            raise CommandError(f"Bulan tidak dikenali: {options['bulan']!r} (tulis YYYY-MM).")
        periode = Periode.objects.filter(tahun=parsed[0], bulan=parsed[1]).first()
        if periode is None:
            raise CommandError(f"Periode {options['bulan']} belum pernah ditutup.")
        opd = UnitKerja.objects.filter(kode=options["unit"]).first()
        if opd is None:
            raise CommandError(f"Tidak ada unit kerja dengan kode {options['unit']!r}.")
        if opd.induk_id is not None:
            raise CommandError(f"{opd.nama} bukan OPD: daftar TPK dibuat per unit teratas.")
        ttd, kertas = default_penandatangan(periode, [opd.pk], tanggal=timezone.localdate())[opd.pk]
        try:
            daftar = load_daftar(
                periode,
                opd,
                revisi=options["revisi"],
                penandatangan=ttd,
                kertas=options["kertas"] or kertas,
            )
        except TPKError as exc:
            raise CommandError(str(exc)) from exc
        if not daftar.rows:
            raise CommandError(
                f"{opd.nama} tidak punya pegawai dalam hasil TPK revisi {daftar.revisi}."
            )
        isi, peringatan = render_export(options["format"], daftar)
        Path(options["output"]).write_bytes(isi)
        for line in peringatan:
            self.stderr.write(f"Peringatan: {line}")
        self.stdout.write(
            f"{options['output']}: {len(daftar.rows)} pegawai, revisi {daftar.revisi}, "
            f"netto {format_rupiah(daftar.total['netto'])}"
        )
