"""Apply the validation deadline: what the daily Celery job does, by hand.

python manage.py terapkan_batas_validasi                # the month just due, if any
python manage.py terapkan_batas_validasi --bulan 2026-04
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from pegawai.forms_kalender import parse_bulan
from pegawai.templatetags.ekinerja import tanggal as format_tanggal

from ...exceptions import PenilaianError
from ...models import PengaturanPenilaian
from ...services.persetujuan import apply_due_validation_deadline, apply_validation_deadline


class Command(BaseCommand):
    help = "Terapkan kebijakan batas validasi pada entri yang belum diputuskan."

    def add_arguments(self, parser):
        parser.add_argument("--bulan", help="YYYY-MM; tanpa ini: bulan yang batasnya baru lewat")

    def handle(self, *args, bulan=None, **options):
        try:
            if bulan:
                parsed = parse_bulan(bulan, default=None)
                if parsed is None:
                    raise CommandError(_("Bulan tidak dikenali (tulis YYYY-MM): %s") % bulan)
                result = apply_validation_deadline(*parsed)
            else:
                result = apply_due_validation_deadline()
        except PenilaianError as exc:
            raise CommandError(str(exc)) from exc
        if result is None:
            self.stdout.write(_("Belum ada bulan yang batas validasinya baru lewat."))
            return
        nama = format_tanggal(date(result.tahun, result.bulan, 1), "bulan")
        if result.ditutup:
            self.stdout.write(
                _("Periode %(bulan)s sudah ditutup; tidak ada yang diubah.") % {"bulan": nama}
            )
            return
        kebijakan = PengaturanPenilaian.Kebijakan(result.kebijakan).label
        self.stdout.write(
            _("%(bulan)s (batas %(batas)s, kebijakan: %(kebijakan)s): %(n)d entri diproses.")
            % {
                "bulan": nama,
                "batas": format_tanggal(result.batas, "pendek"),
                "kebijakan": kebijakan,
                "n": result.jumlah,
            }
        )
