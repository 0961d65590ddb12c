"""Screens of calendars, holidays, schedules and rosters: who may see, who may change."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from pegawai.models import (
    AdminUnit,
    HariLibur,
    JadwalPegawai,
    JenisShift,
    LogAksi,
    ProfilJadwal,
    Roster,
)
from pegawai.services_kalender import install_jadwal_bawaan
from tests import factories as f

pytestmark = pytest.mark.django_db
MEI = {"bulan": "2026-05"}


@pytest.fixture
def pkm(cast):
    return f.puskesmas(cast.opd, atasan=cast.jab_kepala)


def grid_url(pkm):
    return reverse("pegawai:roster_grid", args=[pkm.unit.pk])


class TestKalenderBulan:
    def test_my_calendar_leads_to_my_month(self, login, cast):
        response = login(cast.staf).get(reverse("pegawai:kalender_saya"), MEI)
        assert response.url == reverse("pegawai:kalender", args=[cast.staf.nip]) + "?bulan=2026-05"

    def test_a_login_without_a_staff_record_is_sent_to_the_holidays(self, client, db):
        client.force_login(f.User.objects.create_superuser("superadmin", password=f.PASSWORD))
        response = client.get(reverse("pegawai:kalender_saya"))
        assert response.url == reverse("pegawai:libur_list")

    def test_shows_holidays_working_days_and_target(self, login, cast):
        install_jadwal_bawaan()
        HariLibur.objects.create(
            tanggal=date(2026, 5, 14), nama="Kenaikan Yesus Kristus", jenis="nasional"
        )
        HariLibur.objects.create(
            tanggal=date(2026, 5, 15), nama="Cuti Bersama Kenaikan", jenis="cuti_bersama"
        )
        response = login(cast.staf).get(reverse("pegawai:kalender", args=[cast.staf.nip]), MEI)
        assert response.status_code == 200
        assert response.context["ringkasan"].hari_kerja == 19
        page = response.content.decode()
        assert "Kenaikan Yesus Kristus" in page and "cuti bersama" in page
        assert 'data-tanggal="2026-05-14" data-status="libur"' in page
        assert 'data-tanggal="2026-05-13" data-status="kerja"' in page
        assert "5700 menit" in page and "95 jam 0 menit" in page

    def test_a_nurse_sees_the_shifts_of_the_roster(self, login, pkm):
        Roster.objects.create(
            pegawai=pkm.nakes[0],
            tanggal=date(2026, 5, 9),
            shift=pkm.M,
            diubah_pada="2026-05-01T00:00Z",
        )
        response = login(pkm.nakes[0]).get(
            reverse("pegawai:kalender", args=[pkm.nakes[0].nip]), MEI
        )
        assert response.context["ringkasan"].target_menit == 600
        assert "(esok hari)" in response.content.decode()

    def test_the_supervisor_sees_a_subordinate_and_staff_do_not_see_upwards(self, login, cast):
        url = reverse("pegawai:kalender", args=[cast.staf.nip])
        assert login(cast.atasan).get(url).status_code == 200
        assert login(cast.orang_luar).get(url).status_code == 404
        up = reverse("pegawai:kalender", args=[cast.atasan.nip])
        assert login(cast.staf).get(up).status_code == 404

    def test_a_bad_month_falls_back_to_this_month_with_a_message(self, login, cast):
        response = login(cast.staf).get(
            reverse("pegawai:kalender", args=[cast.staf.nip]), {"bulan": "2026-13"}
        )
        assert response.status_code == 200
        assert response.context["bulan"] == timezone.localdate().replace(day=1)
        assert "Bulan tidak dikenali" in response.content.decode()

    def test_is_read_only(self, login, cast):
        client = login(cast.staf)
        assert client.post(reverse("pegawai:kalender", args=[cast.staf.nip])).status_code == 405
        assert client.post(reverse("pegawai:kalender_saya")).status_code == 405

    def test_query_count_is_fixed(self, client, cast, pkm, django_assert_num_queries):
        url = reverse("pegawai:kalender", args=[pkm.nakes[0].nip])

        def assert_fixed():
            client.force_login(pkm.nakes[0].user)
            with django_assert_num_queries(9):  # one's own record comes with the login
                client.get(url, MEI)
            client.force_login(pkm.kapus.user)
            with django_assert_num_queries(12):  # the supervisor's look-up
                client.get(url, MEI)

        assert_fixed()
        for day in range(1, 29):
            Roster.objects.create(
                pegawai=pkm.nakes[0],
                tanggal=date(2026, 5, day),
                shift=pkm.P,
                diubah_pada="2026-05-01T00:00Z",
            )
            HariLibur.objects.create(
                tanggal=date(2026, 5, day), nama=f"Libur {day}", jenis="daerah"
            )
        assert_fixed()


class TestHariLibur:
    def test_everyone_sees_the_year(self, login, cast):
        HariLibur.objects.create(
            tanggal=date(2026, 8, 17), nama="Hari Kemerdekaan", jenis="nasional"
        )
        page = login(cast.staf).get(reverse("pegawai:libur_list"), {"tahun": 2026})
        assert page.status_code == 200 and "Hari Kemerdekaan" in page.content.decode()
        assert "Isi otomatis" not in page.content.decode()

    def test_the_admin_adds_a_regional_holiday(self, login, cast):
        response = login(cast.admin).post(
            reverse("pegawai:libur_list"),
            {"tanggal": "2026-04-22", "nama": "Hari Jadi Kota", "jenis": "daerah"},
        )
        assert response.status_code == 302 and response.url.endswith("?tahun=2026")
        assert HariLibur.objects.get().nama == "Hari Jadi Kota"
        assert LogAksi.objects.filter(
            aksi="pegawai.hari_libur_tambah", pelaku=cast.admin.user
        ).exists()

    def test_bad_input_is_refused_in_indonesian(self, login, cast):
        HariLibur.objects.create(tanggal=date(2026, 4, 22), nama="Hari Jadi Kota", jenis="daerah")
        response = login(cast.admin).post(
            reverse("pegawai:libur_list"),
            {"tanggal": "2026-04-22", "nama": "Lagi", "jenis": "daerah"},
        )
        assert response.status_code == 400
        assert "Tanggal ini sudah menjadi hari libur." in response.content.decode()
        response = login(cast.admin).post(
            reverse("pegawai:libur_list"),
            {"tanggal": "2026-06-22", "nama": "Libur semester", "jenis": "kalender"},
        )
        assert response.status_code == 400
        assert "harus memilih kalender" in response.content.decode()

    def test_staff_may_look_but_not_add(self, login, cast):
        response = login(cast.staf).post(
            reverse("pegawai:libur_list"),
            {"tanggal": "2026-04-22", "nama": "Hari Jadi Kota", "jenis": "daerah"},
        )
        assert response.status_code == 403 and not HariLibur.objects.exists()

    def test_prefill_is_post_only_and_for_the_admin(self, login, cast):
        url = reverse("pegawai:libur_prefill")
        assert login(cast.admin).get(url).status_code == 405
        assert login(cast.staf).post(url, {"tahun": 2026}).status_code == 403
        response = login(cast.admin).post(url, {"tahun": 2026}, follow=True)
        assert HariLibur.objects.filter(tanggal__year=2026, dari_paket=True).count() >= 20
        assert "Periksa dan koreksi" in response.content.decode()
        again = login(cast.admin).post(url, {"tahun": 2026}, follow=True)
        assert "sudah pernah diisi otomatis" in again.content.decode()

    def test_the_admin_corrects_a_holiday(self, login, cast):
        libur = HariLibur.objects.create(
            tanggal=date(2026, 3, 20), nama="Idul Fitri", jenis="nasional"
        )
        url = reverse("pegawai:libur_edit", args=[libur.pk])
        assert login(cast.admin).get(url).status_code == 200
        response = login(cast.admin).post(
            url,
            {"tanggal": "2026-03-21", "nama": "Idul Fitri", "jenis": "nasional", "alasan": "SKB"},
        )
        assert response.status_code == 302
        libur.refresh_from_db()
        assert libur.tanggal == date(2026, 3, 21)
        assert LogAksi.objects.get(aksi="pegawai.hari_libur_ubah").alasan == "SKB"

    def test_others_may_not_correct_or_delete(self, login, cast):
        libur = HariLibur.objects.create(
            tanggal=date(2026, 3, 20), nama="Idul Fitri", jenis="nasional"
        )
        client = login(cast.staf)
        assert client.get(reverse("pegawai:libur_edit", args=[libur.pk])).status_code == 403
        assert client.post(reverse("pegawai:libur_delete", args=[libur.pk])).status_code == 403
        assert (
            login(cast.admin).get(reverse("pegawai:libur_edit", args=[999999])).status_code == 404
        )
        assert HariLibur.objects.exists()

    def test_the_admin_deletes_a_holiday_by_post(self, login, cast):
        libur = HariLibur.objects.create(
            tanggal=date(2026, 3, 20), nama="Idul Fitri", jenis="nasional"
        )
        url = reverse("pegawai:libur_delete", args=[libur.pk])
        assert login(cast.admin).get(url).status_code == 405
        response = login(cast.admin).post(url, {"alasan": "ganda"})
        assert response.status_code == 302 and not HariLibur.objects.exists()
        assert LogAksi.objects.get(aksi="pegawai.hari_libur_hapus").alasan == "ganda"

    def test_wrong_methods(self, login, cast):
        client = login(cast.admin)
        assert client.put(reverse("pegawai:libur_list")).status_code == 405
        libur = HariLibur.objects.create(tanggal=date(2026, 3, 20), nama="X", jenis="nasional")
        assert client.put(reverse("pegawai:libur_edit", args=[libur.pk])).status_code == 405

    def test_query_count_is_fixed(self, login, cast, django_assert_num_queries):
        client = login(cast.staf)
        with django_assert_num_queries(4):
            client.get(reverse("pegawai:libur_list"), {"tahun": 2026})
        for day in range(1, 29):
            HariLibur.objects.create(
                tanggal=date(2026, 2, day), nama=f"Libur {day}", jenis="daerah"
            )
        with django_assert_num_queries(4):
            client.get(reverse("pegawai:libur_list"), {"tahun": 2026})


class TestJadwalPegawai:
    def test_the_admin_puts_a_teacher_on_the_teaching_profile(self, login, cast):
        install_jadwal_bawaan()
        guru = ProfilJadwal.objects.get(kode="guru")
        url = reverse("pegawai:jadwal", args=[cast.staf.nip])
        response = login(cast.admin).post(
            url,
            {
                "profil": guru.pk,
                "mulai": "2026-07-13",
                "jam_mengajar_per_minggu": "20",
                "dasar": "SK",
            },
        )
        assert response.status_code == 302
        jadwal = JadwalPegawai.objects.get(pegawai=cast.staf)
        assert (jadwal.profil, jadwal.mulai, jadwal.jam_mengajar_per_minggu) == (
            guru,
            date(2026, 7, 13),
            20,
        )
        page = login(cast.staf).get(url).content.decode()
        assert "Guru (mengajar)" in page and "20 jam pelajaran/minggu" in page

    def test_a_broken_rule_is_a_message_not_a_traceback(self, login, cast):
        install_jadwal_bawaan()
        kantor = ProfilJadwal.objects.get(kode="kantor-5-hari")
        url = reverse("pegawai:jadwal", args=[cast.staf.nip])
        response = login(cast.admin).post(
            url, {"profil": kantor.pk, "mulai": "2026-07-13", "jam_mengajar_per_minggu": "20"}
        )
        assert response.status_code == 400
        assert "hanya untuk profil mengajar" in response.content.decode()
        response = login(cast.admin).post(
            url, {"profil": kantor.pk, "mulai": "2026-07-13", "selesai": "2026-07-01"}
        )
        assert response.status_code == 400
        assert "tidak boleh sebelum tanggal mulai" in response.content.decode()
        assert not JadwalPegawai.objects.exists()

    def test_staff_see_their_own_but_may_not_change_it(self, login, cast):
        install_jadwal_bawaan()
        url = reverse("pegawai:jadwal", args=[cast.staf.nip])
        client = login(cast.staf)
        assert client.get(url).status_code == 200
        kantor = ProfilJadwal.objects.get(kode="kantor-5-hari")
        assert client.post(url, {"profil": kantor.pk, "mulai": "2026-07-13"}).status_code == 403
        assert login(cast.orang_luar).get(url).status_code == 404
        assert client.put(url).status_code == 405


class TestRosterGrid:
    def test_the_unit_admin_fills_the_grid(self, login, pkm):
        a, b = pkm.nakes
        client = login(pkm.kapus)
        page = client.get(grid_url(pkm), MEI)
        assert page.status_code == 200
        assert [row["pegawai"] for row in page.context["rows"]] == [a, b]  # not the head
        response = client.post(
            f"{grid_url(pkm)}?bulan=2026-05",
            {
                f"s-{a.pk}-20260501": pkm.P.pk,
                f"s-{b.pk}-20260501": pkm.M.pk,
                f"s-{a.pk}-20260502": "",
            },
        )
        assert response.status_code == 302 and response.url == f"{grid_url(pkm)}?bulan=2026-05"
        assert set(Roster.objects.values_list("pegawai", "shift__kode")) == {
            (a.pk, "P"),
            (b.pk, "M"),
        }
        log = LogAksi.objects.get(aksi="pegawai.roster_ubah")
        assert log.pelaku == pkm.kapus.user and log.data["sumber"] == "grid"

    def test_htmx_saves_without_a_reload_and_returns_the_grid(self, login, pkm):
        a = pkm.nakes[0]
        response = login(pkm.kapus).post(
            f"{grid_url(pkm)}?bulan=2026-05",
            {f"s-{a.pk}-20260504": pkm.S.pk},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert html.lstrip().startswith('<div id="roster-grid">')
        assert "Roster disimpan: 1 perubahan." in html
        assert f'data-testid="target-{a.nip}">300<' in html

    def test_a_cell_the_grid_did_not_offer_is_refused(self, login, pkm, cast):
        a = pkm.nakes[0]
        response = login(pkm.kapus).post(
            f"{grid_url(pkm)}?bulan=2026-05",
            {f"s-{a.pk}-20260501": pkm.P.pk, f"s-{cast.staf.pk}-20260501": pkm.P.pk},
        )
        assert response.status_code == 400
        assert "1 isian roster tidak dikenal" in response.content.decode()
        assert not Roster.objects.exists()

    def test_reviewers_may_look_but_not_change(self, login, pkm, cast):
        client = login(cast.penilai)
        assert client.get(grid_url(pkm), MEI).status_code == 200
        a = pkm.nakes[0]
        response = client.post(f"{grid_url(pkm)}?bulan=2026-05", {f"s-{a.pk}-20260501": pkm.P.pk})
        assert response.status_code == 403 and not Roster.objects.exists()

    def test_outsiders_get_404(self, login, pkm, cast):
        for person in (cast.orang_luar, cast.staf, pkm.nakes[0]):
            assert login(person).get(grid_url(pkm)).status_code == 404
        missing = reverse("pegawai:roster_grid", args=[999999])
        assert login(cast.admin).get(missing).status_code == 404

    def test_wrong_method(self, login, pkm):
        assert login(pkm.kapus).put(grid_url(pkm)).status_code == 405

    def test_query_count_does_not_grow_with_staff(self, login, pkm, django_assert_num_queries):
        client = login(pkm.kapus)
        with django_assert_num_queries(14):
            client.get(grid_url(pkm), MEI)
        for i in range(10):
            p = f.pegawai(f"Bidan {i}", pkm.jab, login=False)
            JadwalPegawai.objects.create(pegawai=p, profil=pkm.shift, mulai=date(2026, 1, 1))
            Roster.objects.create(
                pegawai=p,
                tanggal=date(2026, 5, 1 + i),
                shift=pkm.P,
                diubah_pada="2026-05-01T00:00Z",
            )
        with django_assert_num_queries(14):
            response = client.get(grid_url(pkm), MEI)
        assert len(response.context["rows"]) == 12


class TestRosterIndex:
    def test_a_unit_admin_sees_their_units(self, login, pkm):
        response = login(pkm.kapus).get(reverse("pegawai:roster_index"))
        assert list(response.context["units"]) == [pkm.unit]

    def test_the_admin_sees_every_unit(self, login, pkm, cast):
        response = login(cast.admin).get(reverse("pegawai:roster_index"))
        assert pkm.unit in response.context["units"] and cast.opd_lain in response.context["units"]

    def test_others_are_refused(self, login, pkm, cast):
        assert login(cast.staf).get(reverse("pegawai:roster_index")).status_code == 403
        assert login(pkm.kapus).post(reverse("pegawai:roster_index")).status_code == 405


class TestRosterImport:
    def url(self, pkm):
        return reverse("pegawai:roster_import", args=[pkm.unit.pk])

    def upload(self, text: str):
        return {"berkas": SimpleUploadedFile("roster.csv", text.encode(), content_type="text/csv")}

    def test_the_unit_admin_imports_a_roster(self, login, pkm):
        a = pkm.nakes[0]
        client = login(pkm.kapus)
        assert client.get(self.url(pkm)).status_code == 200
        response = client.post(
            self.url(pkm), self.upload(f"NIP;TANGGAL;SHIFT\n{a.nip};01-05-2026;P\n")
        )
        assert response.status_code == 302 and response.url == grid_url(pkm)
        assert Roster.objects.get().pegawai == a

    def test_a_bad_row_is_shown_with_row_and_column_and_nothing_is_saved(self, login, pkm):
        a = pkm.nakes[0]
        response = login(pkm.kapus).post(
            self.url(pkm),
            self.upload(f"NIP;TANGGAL;SHIFT\n{a.nip};01-05-2026;P\n{a.nip};32-05-2026;P\n"),
        )
        assert response.status_code == 400
        assert [(e.row, e.column) for e in response.context["errors"]] == [(3, "TANGGAL")]
        page = response.content.decode()
        assert "Tidak ada roster yang disimpan: 1 masalah" in page
        assert "<td>3</td><td>TANGGAL</td>" in page
        assert not Roster.objects.exists()

    def test_reviewers_get_403_and_outsiders_404(self, login, pkm, cast):
        assert login(cast.penilai).get(self.url(pkm)).status_code == 403
        assert login(cast.orang_luar).get(self.url(pkm)).status_code == 404

    def test_wrong_method(self, login, pkm):
        assert login(pkm.kapus).put(self.url(pkm)).status_code == 405


def test_every_calendar_page_requires_login(client, cast):
    for url in [
        reverse("pegawai:kalender_saya"),
        reverse("pegawai:kalender", args=[cast.staf.nip]),
        reverse("pegawai:libur_list"),
        reverse("pegawai:jadwal", args=[cast.staf.nip]),
        reverse("pegawai:roster_index"),
        reverse("pegawai:roster_grid", args=[cast.opd.pk]),
        reverse("pegawai:roster_import", args=[cast.opd.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


class TestHtmxErrors:
    def test_a_refused_save_comes_back_inside_the_grid(self, login, pkm, cast):
        a = pkm.nakes[0]
        response = login(pkm.kapus).post(
            f"{grid_url(pkm)}?bulan=2026-05",
            {f"s-{a.pk}-20260501": "999999"},
            headers={"HX-Request": "true"},
        )
        # htmx does not swap 4xx answers, so the message comes as a 200 inside the grid.
        assert response.status_code == 200
        assert "1 isian roster tidak dikenal" in response.content.decode()
        assert not Roster.objects.exists()


class TestDjangoAdmin:
    @pytest.fixture
    def superuser(self, client, db):
        user = f.User.objects.create_superuser("superadmin", password=f.PASSWORD)
        client.force_login(user)
        return user

    def test_master_data_changes_are_logged(self, client, superuser):
        response = client.post(
            reverse("admin:pegawai_jenisshift_add"),
            {
                "kode": "PM",
                "nama": "Pagi-malam",
                "jam_mulai": "08:00",
                "jam_selesai": "08:00",
                "istirahat_menit": "0",
                "target_menit": "600",
                "aktif": "on",
            },
        )
        assert response.status_code == 200  # refused: a shift must end at another time
        assert "Jam selesai shift tidak boleh sama dengan jam mulai." in response.content.decode()
        client.post(
            reverse("admin:pegawai_harilibur_add"),
            {"tanggal": "2026-04-22", "nama": "Hari Jadi Kota", "jenis": "daerah"},
        )
        log = LogAksi.objects.get(aksi="admin.harilibur_tambah")
        assert log.pelaku == superuser and "Hari Jadi Kota" in log.data["nilai"]

    def test_hours_and_targets_that_cannot_be_met_are_refused(self, client, superuser):
        response = client.post(
            reverse("admin:pegawai_jenisshift_add"),
            {
                "kode": "M2",
                "nama": "Malam panjang",
                "jam_mulai": "20:00",
                "jam_selesai": "08:00",
                "istirahat_menit": "60",
                "target_menit": "700",
                "aktif": "on",
            },
        )
        assert "Target 700 menit melebihi lama shift tanpa istirahat (660 menit)." in (
            response.content.decode()
        )
        response = client.post(
            reverse("admin:pegawai_ramadan_add"),
            {
                "tahun": "2026",
                "mulai": "2025-02-19",
                "selesai": "2026-03-19",
                "hari_jadwal-TOTAL_FORMS": "0",
                "hari_jadwal-INITIAL_FORMS": "0",
            },
        )
        page = response.content.decode()
        assert "Awal Ramadan harus di tahun 2026." in page
        assert not JenisShift.objects.filter(kode="M2").exists()

    def test_roster_admins_are_granted_through_the_service(self, client, superuser, cast):
        response = client.post(
            reverse("admin:pegawai_adminunit_add"),
            {"user": cast.atasan.user.pk, "unit": cast.bidang.pk},
        )
        assert response.status_code == 302
        assert LogAksi.objects.filter(aksi="pegawai.admin_unit_beri", pelaku=superuser).exists()
        assert set(AdminUnit.objects.units_of(cast.atasan.user)) == {cast.bidang, cast.seksi}
