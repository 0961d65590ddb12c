"""`manage.py isi_hari_libur TAHUN`: the holidays screen's prefill, for the command line."""

from django.core.management.base import BaseCommand, CommandError

from pegawai.exceptions import KepegawaianError
from pegawai.models import User
from pegawai.services_kalender import prefill_hari_libur


class Command(BaseCommand):
    help = (
        "Isi hari libur nasional dan cuti bersama satu tahun dari paket `holidays`, sekali per "
        "tahun; setelah itu admin mengoreksinya di layar Hari libur."
    )

    def add_arguments(self, parser):
        parser.add_argument("tahun", type=int)
        parser.add_argument(
            "--oleh", metavar="NIP", help="NIP admin yang tercatat sebagai pelaku pengisian"
        )

    def handle(self, *args, tahun, oleh, **options):
        by = None  # the system
        if oleh:
            by = User.objects.filter(username=oleh).first()
            if by is None:
                raise CommandError(f"Pengguna dengan NIP {oleh} tidak ditemukan.")
        try:
            n = prefill_hari_libur(tahun, by=by)
        except KepegawaianError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(f"{n} hari libur nasional dan cuti bersama {tahun} ditambahkan.")
        )
