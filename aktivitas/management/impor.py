"""What the catalog and entry import commands share: the file, the acting admin, the problems."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pegawai.importer import ImportErrors
from pegawai.models import User


class ImportCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("berkas", help="berkas CSV atau XLSX")
        parser.add_argument(
            "--encoding", help="pengodean CSV, mis. cp1252 (bawaan: UTF-8, lalu Windows-1252)"
        )
        parser.add_argument(
            "--oleh", metavar="NIP", help="NIP admin yang tercatat sebagai pelaku impor"
        )

    def run_import(self, importer, *, berkas: str, encoding: str | None, oleh: str | None):
        """`importer(file, filename=, by=, encoding=)`'s result; problems on stderr, then a
        non-zero exit."""
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
                return importer(fileobj, filename=path.name, by=by, encoding=encoding)
        except ImportErrors as exc:
            for error in exc.errors:
                where = [f"baris {error.row}"] if error.row else ["berkas"]
                if error.column:
                    where.append(f"kolom {error.column}")
                self.stderr.write(f"{', '.join(where)}: {error.message}")
            raise CommandError(
                f"Tidak ada data yang disimpan: {len(exc.errors)} masalah ditemukan di {path.name}."
            ) from None
