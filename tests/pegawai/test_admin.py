from datetime import date

from django.urls import reverse

from pegawai.models import LogAksi, Penugasan, UnitKerja


def make_staff(cast):
    user = cast.admin.user
    user.is_staff = True
    user.save()
    return user


def test_the_admin_is_only_for_staff_accounts(login, cast):
    response = login(cast.staf).get(reverse("admin:pegawai_pegawai_changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_admin_kepegawaian_group_may_edit_master_data(client, cast):
    client.force_login(make_staff(cast))
    assert client.get(reverse("admin:pegawai_pegawai_changelist")).status_code == 200
    assert client.get(reverse("admin:pegawai_unitkerja_add")).status_code == 200


def test_a_unit_added_in_the_admin_is_a_logged_decision(client, cast):
    user = make_staff(cast)
    client.force_login(user)
    response = client.post(
        reverse("admin:pegawai_unitkerja_add"),
        {
            "kode": "1.01.02",
            "nama": "Bidang Baru",
            "jenis": "bidang",
            "induk": cast.opd.pk,
            "aktif": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = UnitKerja.objects.get(kode="1.01.02")
    log = LogAksi.objects.get(aksi="admin.unitkerja_tambah")
    assert (log.pelaku, log.objek_id) == (user, unit.pk)
    assert "nama" in log.data["kolom"]


def test_an_assignment_made_in_the_admin_records_who_made_it(client, cast):
    user = make_staff(cast)
    client.force_login(user)
    response = client.post(
        reverse("admin:pegawai_penugasan_add"),
        {
            "pegawai": cast.staf.pk,
            "jabatan": cast.jab_kasi.pk,
            "jenis": "plt",
            "mulai": "2026-01-05",
            "selesai": "",
            "dasar": "SK Plt 800/12/2026",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    plt = Penugasan.objects.get(jenis="plt")
    assert plt.dibuat_oleh == user and plt.mulai == date(2026, 1, 5)
    assert LogAksi.objects.filter(aksi="admin.penugasan_tambah", pelaku=user).exists()
