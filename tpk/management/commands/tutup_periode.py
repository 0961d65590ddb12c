"""Close a month by hand: what the daily Celery job and the admin's screen do.

python manage.py tutup_periode 2026-07
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Sum
from django.utils.translation import gettext as _

from pegawai.forms_kalender import parse_bulan
from pegawai.templatetags.ekinerja import rupiah

from ...exceptions import TPKError
from ...penutupan import close_periode, nama_bulan, peringatan_text


class Command(BaseCommand):
    help = (
        "Tutup periode satu bulan: hitung TPK setiap pegawai yang aktif pada bulan itu dan "
        "bekukan datanya."
    )

    def add_arguments(self, parser):
        parser.add_argument("bulan", help="YYYY-MM, mis. 2026-07")

    def handle(self, *args, bulan, **options):
        parsed = parse_bulan(bulan, default=None)
        if parsed is None:
            raise CommandError(_("Bulan tidak dikenali (tulis YYYY-MM): %s") % bulan)
        try:
            run = close_periode(*parsed, by=None)
        except TPKError as exc:
            raise CommandError(str(exc)) from exc
        netto = run.hasil.aggregate(total=Sum("netto"))["total"] or 0
        self.stdout.write(
            _(
                "Periode %(bulan)s ditutup: revisi %(revisi)d, %(n)d pegawai, jumlah netto "
                "%(netto)s."
            )
            % {
                "bulan": nama_bulan(*parsed),
                "revisi": run.revisi,
                "n": run.total,
                "netto": rupiah(netto),
            }
        )
        for line in peringatan_text(run.peringatan):
            self.stdout.write(_("Peringatan: %s") % line)
