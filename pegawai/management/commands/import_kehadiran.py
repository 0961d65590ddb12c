"""`manage.py import_kehadiran FILE [--bulan YYYY-MM]`: the upload screen's import, for the
command line (and for cron on a server that collects the machines' logs)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pegawai.forms_kalender import parse_bulan
from pegawai.importer import ImportErrors
from pegawai.kehadiran_impor import import_kehadiran, import_kehadiran_harian
from pegawai.models import UnitKerja, User

MESIN, HARIAN = "mesin", "harian"


class Command(BaseCommand):
    help = (
        "Impor kehadiran: log mesin absen sidik jari (.dat/.txt, kolom PIN dan waktu dipisah "
        "tab) atau rekap harian (CSV/XLSX dengan kolom NIP, TANGGAL, KODE). Semua atau tidak "
        "sama sekali; PIN yang tidak dikenal dilaporkan dan dilewati. Aman diulang."
    )

    def add_arguments(self, parser):
        parser.add_argument("berkas", help="berkas log mesin atau rekap harian")
        parser.add_argument(
            "--bulan", metavar="YYYY-MM", help="hanya bulan ini (scan di luar bulan dilewati)"
        )
        parser.add_argument(
            "--format",
            choices=[MESIN, HARIAN],
            help="bawaan: dari nama berkas (.csv/.xlsx = harian, lainnya = mesin)",
        )
        parser.add_argument(
            "--unit",
            metavar="KODE",
            action="append",
            default=[],
            help=(
                "juga nilai semua pegawai ber-PIN di unit ini dan sub-unitnya (TK bila tidak "
                "ada scan); boleh diulang"
            ),
        )
        parser.add_argument(
            "--semua",
            action="store_true",
            help="juga nilai semua pegawai ber-PIN (TK bila tidak ada scan)",
        )
        parser.add_argument("--encoding", help="pengodean berkas, mis. cp1252")
        parser.add_argument("--oleh", metavar="NIP", help="NIP admin yang tercatat sebagai pelaku")

    def handle(self, *args, berkas, bulan, format, unit, semua, encoding, oleh, **options):
        by = None  # the system
        if oleh:
            by = User.objects.filter(username=oleh).first()
            if by is None:
                raise CommandError(f"Pengguna dengan NIP {oleh} tidak ditemukan.")
        path = Path(berkas)
        jenis = format or (HARIAN if path.suffix.lower() in (".csv", ".xlsx") else MESIN)
        month = None
        if bulan:
            month = parse_bulan(bulan, default=None)
            if month is None:
                raise CommandError(f"Bulan {bulan} tidak dikenali; tulis YYYY-MM.")
        units = []
        for kode in unit:
            found = UnitKerja.objects.filter(kode=kode).first()
            if found is None:
                raise CommandError(f"Unit kerja dengan kode {kode} tidak ditemukan.")
            units.append(found)
        if jenis == HARIAN and (month or units or semua):
            raise CommandError("--bulan, --unit dan --semua hanya untuk log mesin.")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Berkas {berkas} tidak dapat dibuka: {exc.strerror}.") from None
        try:
            if jenis == MESIN:
                result = import_kehadiran(
                    data,
                    filename=path.name,
                    by=by,
                    bulan=month,
                    units=units,
                    semua=semua,
                    encoding=encoding,
                )
            else:
                result = import_kehadiran_harian(data, filename=path.name, by=by, encoding=encoding)
        except ImportErrors as exc:
            for error in exc.errors:
                self.stderr.write(_where(error) + error.message)
            raise CommandError(
                f"Tidak ada data yang disimpan: {len(exc.errors)} masalah ditemukan di {path.name}."
            ) from None
        for warning in result.peringatan:
            self.stderr.write("Peringatan, " + _where(warning) + warning.message)
        period = ""
        if result.mulai:
            period = f" {result.mulai:%d-%m-%Y} s.d. {result.sampai:%d-%m-%Y},"
        extra = f" {result.scan_baru} scan baru," if jenis == MESIN else ""
        if result.di_luar_bulan:
            extra += f" {result.di_luar_bulan} scan di luar bulan dilewati,"
        self.stdout.write(
            self.style.SUCCESS(
                f"Impor selesai:{period} {result.baris} baris,{extra} {result.pegawai} pegawai; "
                f"{result.dibuat} hari baru, {result.diubah} diubah, {result.dihapus} dihapus."
            )
        )


def _where(error) -> str:
    where = [f"baris {error.row}"] if error.row else ["berkas"]
    if error.column:
        where.append(f"kolom {error.column}")
    return ", ".join(where) + ": "
