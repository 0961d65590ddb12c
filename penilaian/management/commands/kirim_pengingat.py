"""`manage.py kirim_pengingat harian|mingguan|batas`: the scheduled reminders by hand (beat
runs the same service through penilaian.tasks.send_reminders)."""

from django.core.management.base import BaseCommand

from penilaian.services.pengingat import KIRIM, send_reminders


class Command(BaseCommand):
    help = (
        "Kirim pengingat: harian (pegawai yang belum mengisi aktivitas pada hari kerja "
        "sebelumnya), mingguan (atasan yang punya entri belum diputuskan), batas (batas "
        "validasi bulan lalu mendekat). Aman dijalankan berulang: pengingat yang sama tidak "
        "dikirim dua kali."
    )

    def add_arguments(self, parser):
        parser.add_argument("jenis", choices=sorted(KIRIM), help="jenis pengingat")

    def handle(self, *args, jenis, **options):
        n = send_reminders(jenis)
        self.stdout.write(self.style.SUCCESS(f"Pengingat {jenis}: {n} notifikasi dikirim."))
