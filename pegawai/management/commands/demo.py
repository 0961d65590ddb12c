import time

from django.core.management.base import BaseCommand, CommandError

from pegawai import demo
from pegawai.exceptions import KepegawaianError


class Command(BaseCommand):
    help = (
        "Isi basis data dengan Pemerintah Kota Contoh (fiktif): 12 OPD, sekitar 300 pegawai dan "
        "satu akun per peran. Aman dijalankan ulang: data demo diperbarui di tempat."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            cast = demo.build(stdout=self.stdout)
        except KepegawaianError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Selesai dalam {time.monotonic() - started:.1f} detik.")
        self.stdout.write(demo.format_logins(cast))
