"""`manage.py import_pegawai FILE`: the upload screen's import, for the command line."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pegawai.importer import ImportErrors, import_pegawai
from pegawai.models import User


class Command(BaseCommand):
    help = (
        "Impor pegawai dari ekspor SIMPEG (CSV atau XLSX). Semua atau tidak sama sekali: satu "
        "baris salah dan tidak ada yang disimpan. Akun baru dibuat tanpa kata sandi."
    )

    def add_arguments(self, parser):
        parser.add_argument("berkas", help="berkas CSV atau XLSX")
        parser.add_argument(
            "--encoding", help="pengodean CSV, mis. cp1252 (bawaan: UTF-8, lalu Windows-1252)"
        )
        parser.add_argument(
            "--oleh", metavar="NIP", help="NIP admin yang tercatat sebagai pelaku impor"
        )

    def handle(self, *args, berkas, encoding, oleh, **options):
        by = None  # the system
        if oleh:
            by = User.objects.filter(username=oleh).first()
            if by is None:
                raise CommandError(f"Pengguna dengan NIP {oleh} tidak ditemukan.")
        path = Path(berkas)
        try:
            fileobj = path.open("rb")
        except OSError as exc:
            raise CommandError(f"Berkas {berkas} tidak dapat dibuka: {exc.strerror}.") from None
        try:
            with fileobj:
                result = import_pegawai(fileobj, filename=path.name, by=by, encoding=encoding)
        except ImportErrors as exc:
            for error in exc.errors:
                where = [f"baris {error.row}"] if error.row else ["berkas"]
                if error.column:
                    where.append(f"kolom {error.column}")
                self.stderr.write(f"{', '.join(where)}: {error.message}")
            raise CommandError(
                f"Tidak ada data yang disimpan: {len(exc.errors)} masalah ditemukan di {path.name}."
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Impor selesai: {result.created} pegawai baru, {result.updated} diperbarui, "
                f"{result.unchanged} tidak berubah; {result.units_created} unit kerja baru, "
                f"{result.jabatan_created} jabatan baru."
            )
        )
        if result.created:
            self.stdout.write(
                "Akun pegawai baru belum punya kata sandi: admin menyetelnya sebelum mereka masuk."
            )
