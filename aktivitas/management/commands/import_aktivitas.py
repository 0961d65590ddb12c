"""`manage.py import_aktivitas FILE`: entries from another e-Kinerja, kept as they were decided."""

import time

from aktivitas.entri_impor import import_entri
from aktivitas.management.impor import ImportCommand


class Command(ImportCommand):
    help = (
        "Impor entri aktivitas dari e-Kinerja lain (CSV atau XLSX) dengan kolom NIP, TANGGAL, "
        "MULAI, SELESAI, KODE AKTIVITAS, VOLUME, URAIAN, STATUS, NIP PEMUTUS, DIPUTUSKAN PADA. "
        "Status dan pemutusnya dipertahankan; entri ditandai sebagai hasil impor. Semua atau "
        "tidak sama sekali: satu baris salah dan tidak ada yang disimpan."
    )

    def handle(self, *args, berkas, encoding, oleh, **options):
        started = time.monotonic()
        result = self.run_import(import_entri, berkas=berkas, encoding=encoding, oleh=oleh)
        per_status = ", ".join(f"{n} {status}" for status, n in sorted(result.per_status.items()))
        rentang = ""
        if result.mulai:
            rentang = f", tanggal {result.mulai:%d-%m-%Y} s.d. {result.sampai:%d-%m-%Y}"
        self.stdout.write(
            self.style.SUCCESS(
                f"Impor entri selesai: {result.dibuat} entri dari {result.pegawai} pegawai"
                f"{rentang} ({per_status or 'kosong'}) dalam "
                f"{time.monotonic() - started:.1f} detik."
            )
        )
