"""The schedules every pemda starts with, and the admin kepegawaian's rights on them.

A frozen copy of services_kalender.JADWAL_BAWAAN / SHIFT_BAWAAN as they were when this migration
was written: an office week (Friday with the long midday break, as in Aceh, and the default for
staff without an assignment), a 6-day school week, a teaching profile on the school calendar, and
a shift profile with pagi, siang and malam shifts. Admins change them as data afterwards.
"""

from datetime import time

from django.db import migrations

KANTOR = (time(8), time(16, 30), time(12, 30), time(13, 30), 300)
JUMAT = (time(8), time(17), time(12), time(14), 300)
SEKOLAH = (time(7, 30), time(14), time(10), time(10, 30), 250)
SEKOLAH_JUMAT = (time(7, 30), time(12), None, None, 250)
SEKOLAH_SABTU = (time(7, 30), time(13), time(10), time(10, 30), 250)
MINGGU_SEKOLAH = {0: SEKOLAH, 1: SEKOLAH, 2: SEKOLAH, 3: SEKOLAH, 4: SEKOLAH_JUMAT, 5: SEKOLAH_SABTU}
PROFIL = [
    ("kantor-5-hari", "Kantor 5 hari", "tetap", True, False, None, {0: KANTOR, 1: KANTOR, 2: KANTOR, 3: KANTOR, 4: JUMAT}),
    ("sekolah-6-hari", "Sekolah 6 hari", "tetap", False, True, None, MINGGU_SEKOLAH),
    ("guru", "Guru (mengajar)", "mengajar", False, True, (24, 45, 420), MINGGU_SEKOLAH),
    ("shift-nakes", "Shift tenaga kesehatan", "shift", False, False, None, {}),
]
SHIFT = [
    ("P", "Pagi", time(8), time(14), 30, 300),
    ("S", "Siang", time(14), time(20), 30, 300),
    ("M", "Malam", time(20), time(8), 60, 600),
]
# Master data the admin kepegawaian edits in the admin; assignments and rosters change only
# through the screens (and their services), so the admin only views them there.
EDIT = ["kalender", "harilibur", "profiljadwal", "ramadan", "harijadwal", "jenisshift", "adminunit"]
VIEW = ["jadwalpegawai", "roster"]


def seed(apps, schema_editor):
    Kalender = apps.get_model("pegawai", "Kalender")
    ProfilJadwal = apps.get_model("pegawai", "ProfilJadwal")
    HariJadwal = apps.get_model("pegawai", "HariJadwal")
    JenisShift = apps.get_model("pegawai", "JenisShift")
    kalender, _ = Kalender.objects.get_or_create(
        nama="Kalender Pendidikan", defaults={"keterangan": "Libur semester dan hari libur sekolah."}
    )
    has_default = ProfilJadwal.objects.filter(is_default=True).exists()
    for kode, nama, jenis, is_default, sekolah, mengajar, hari in PROFIL:
        if ProfilJadwal.objects.filter(kode=kode).exists():
            continue
        jam, menit, tugas = mengajar or (None, None, 0)
        profil = ProfilJadwal.objects.create(
            kode=kode,
            nama=nama,
            jenis=jenis,
            is_default=is_default and not has_default,
            kalender=kalender if sekolah else None,
            jam_mengajar_per_minggu=jam,
            menit_per_jam_pelajaran=menit,
            menit_tugas_tambahan_per_minggu=tugas,
        )
        HariJadwal.objects.bulk_create(
            HariJadwal(
                profil=profil,
                hari=day,
                jam_mulai=mulai,
                jam_selesai=selesai,
                istirahat_mulai=ist_mulai,
                istirahat_selesai=ist_selesai,
                target_menit=target,
            )
            for day, (mulai, selesai, ist_mulai, ist_selesai, target) in hari.items()
        )
    for kode, nama, mulai, selesai, istirahat, target in SHIFT:
        JenisShift.objects.get_or_create(
            kode=kode,
            defaults={
                "nama": nama,
                "jam_mulai": mulai,
                "jam_selesai": selesai,
                "istirahat_menit": istirahat,
                "target_menit": target,
            },
        )

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    admin, _ = Group.objects.get_or_create(name="Admin Kepegawaian")
    for model in EDIT + VIEW:
        ct, _ = ContentType.objects.get_or_create(app_label="pegawai", model=model)
        actions = ("add", "change", "delete", "view") if model in EDIT else ("view",)
        for action in actions:
            perm, _ = Permission.objects.get_or_create(
                content_type=ct, codename=f"{action}_{model}", defaults={"name": f"Can {action} {model}"}
            )
            admin.permissions.add(perm)


class Migration(migrations.Migration):
    dependencies = [("pegawai", "0003_kalender_jadwal"), ("auth", "0012_alter_user_first_name_max_length")]
    # Going back, the tables go away with 0003: nothing to undo here.
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
