"""`manage.py import_katalog FILE`: the catalog upload screen's import, for the command line."""

from aktivitas.katalog_impor import import_katalog
from aktivitas.management.impor import ImportCommand


class Command(ImportCommand):
    help = (
        "Impor katalog aktivitas (Anjab/ABK) dari CSV atau XLSX dengan kolom KODE, NAMA, SATUAN, "
        "MENIT, dan bila perlu KELOMPOK, JENIS JABATAN, JABATAN, BERLAKU MULAI, BERLAKU SAMPAI. "
        "Aktivitas dicocokkan menurut KODE. Semua atau tidak sama sekali: satu baris salah dan "
        "tidak ada yang disimpan."
    )

    def handle(self, *args, berkas, encoding, oleh, **options):
        result = self.run_import(import_katalog, berkas=berkas, encoding=encoding, oleh=oleh)
        self.stdout.write(
            self.style.SUCCESS(
                f"Impor katalog selesai: {result.dibuat} aktivitas baru, {result.diubah} "
                f"diperbarui, {result.tetap} tidak berubah."
            )
        )
