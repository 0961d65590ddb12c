import pytest
from django.urls import reverse

from pegawai.models import Pemda
from tests import factories as f


def test_staff_log_in_with_their_nip_and_password(client, cast):
    response = client.post(
        reverse("login"), {"username": f"'{cast.staf.nip}", "password": f.PASSWORD}
    )
    assert response.status_code == 302 and response.url == reverse("home")
    home = client.get(reverse("home"))
    assert "Staf Data" in home.content.decode()


def test_wrong_password_is_refused_in_indonesian(client, cast):
    response = client.post(reverse("login"), {"username": cast.staf.nip, "password": "salah"})
    assert response.status_code == 200
    assert "NIP atau kata sandi salah" in response.content.decode()


def test_every_page_requires_login(client, cast):
    for url in [
        reverse("home"),
        reverse("pegawai:list"),
        reverse("pegawai:unit_tree"),
        reverse("pegawai:import"),
        reverse("pegawai:detail", args=[cast.staf.nip]),
        reverse("password_change"),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_logout_is_post_only(login, cast):
    client = login(cast.staf)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_change(login, cast):
    client = login(cast.staf)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": f.PASSWORD,
            "new_password1": "Kinerja-baru-2026",
            "new_password2": "Kinerja-baru-2026",
        },
    )
    assert response.status_code == 302
    cast.staf.user.refresh_from_db()
    assert cast.staf.user.check_password("Kinerja-baru-2026")


def test_home_shows_own_position_and_supervisor(login, cast):
    page = login(cast.staf).get(reverse("home")).content.decode()
    assert "Pengelola Data" in page
    assert "Kabid Umum" in page  # the vacant kasi passes supervision to the kabid


def test_home_of_a_supervisor_lists_direct_subordinates(login, cast):
    page = login(cast.atasan).get(reverse("home")).content.decode()
    assert "Staf Data" in page


@pytest.mark.parametrize("view", ["home", "pegawai:list", "pegawai:unit_tree"])
def test_read_only_pages_refuse_post(login, cast, view):
    assert login(cast.admin).post(reverse(view)).status_code == 405


def test_menu_shows_each_role_its_entries(login, cast):
    staf = login(cast.staf).get(reverse("home")).content.decode()
    assert reverse("pegawai:import") not in staf
    assert f'href="{reverse("pegawai:list")}"' not in staf
    atasan = login(cast.atasan).get(reverse("home")).content.decode()
    assert f'href="{reverse("pegawai:list")}"' in atasan
    assert reverse("pegawai:import") not in atasan
    admin = login(cast.admin).get(reverse("home")).content.decode()
    assert reverse("pegawai:import") in admin and reverse("admin:index") in admin


class TestUnitTree:
    def test_shows_every_unit_with_head_counts_including_sub_units(self, login, cast):
        response = login(cast.staf).get(reverse("pegawai:unit_tree"))
        rows = {row["unit"].kode: (row["own"], row["total"]) for row in response.context["rows"]}
        assert rows["1.01"] == (1, 3)  # the kepala; kabid and staf below
        assert rows["1.01.01.01"] == (1, 1)
        assert rows["2.01"] == (5, 5)

    def test_query_count_does_not_grow_with_units(self, login, cast, django_assert_num_queries):
        client = login(cast.staf)
        for i in range(20):
            f.unit(f"Seksi {i}", f"1.01.01.{i + 10}", induk=cast.bidang)
        with django_assert_num_queries(5):
            client.get(reverse("pegawai:unit_tree"))


class TestPegawaiList:
    def test_admin_sees_everyone_and_can_search(self, login, cast):
        client = login(cast.admin)
        everyone = client.get(reverse("pegawai:list")).context["page"].paginator.count
        assert everyone == 8
        found = client.get(reverse("pegawai:list"), {"q": "kabid"}).context["page"]
        assert [p.nama for p in found] == ["Kabid Umum"]
        by_nip = client.get(reverse("pegawai:list"), {"q": cast.staf.nip[:12]}).context["page"]
        assert cast.staf in list(by_nip)

    def test_unit_filter_includes_sub_units(self, login, cast):
        page = login(cast.keuangan).get(reverse("pegawai:list"), {"unit": cast.opd.pk})
        assert {p.nama for p in page.context["page"]} == {
            "Kepala Dinas Contoh",
            "Kabid Umum",
            "Staf Data",
        }

    def test_supervisor_sees_only_the_people_below(self, login, cast):
        page = login(cast.atasan).get(reverse("pegawai:list")).context["page"]
        assert {p.nama for p in page} == {"Kabid Umum", "Staf Data"}

    def test_staff_without_subordinates_are_refused(self, login, cast):
        assert login(cast.staf).get(reverse("pegawai:list")).status_code == 403
        assert login(cast.orang_luar).get(reverse("pegawai:list")).status_code == 403

    def test_inactive_staff_only_on_request(self, login, cast):
        from datetime import date

        cast.staf.aktif_selesai = date(2021, 1, 1)
        cast.staf.save()
        client = login(cast.admin)
        assert cast.staf not in list(client.get(reverse("pegawai:list")).context["page"])
        inactive = client.get(reverse("pegawai:list"), {"status": "nonaktif"}).context["page"]
        assert list(inactive) == [cast.staf]

    def test_query_count_is_fixed_whatever_the_number_of_rows(
        self, login, cast, django_assert_num_queries
    ):
        client = login(cast.admin)
        # Session, user, roles with the unread count; the chosen unit, the count, the filter's
        # units, the rows.
        with django_assert_num_queries(7):
            client.get(reverse("pegawai:list"), {"unit": cast.seksi.pk})
        for i in range(60):
            f.pegawai(f"Pelaksana {i}", cast.jab_staf, login=False)
        with django_assert_num_queries(7):
            response = client.get(reverse("pegawai:list"), {"unit": cast.seksi.pk})
        assert len(response.context["page"]) == 50


class TestPegawaiDetail:
    def test_own_profile_shows_private_fields(self, login, cast):
        cast.staf.npwp = "12.345.678.9-101.000"
        cast.staf.save()
        page = login(cast.staf).get(reverse("pegawai:detail", args=[cast.staf.nip]))
        assert page.status_code == 200 and "12.345.678.9-101.000" in page.content.decode()

    def test_supervisor_sees_subordinate_without_bank_details(self, login, cast):
        cast.staf.nomor_rekening = "0012345678"
        cast.staf.save()
        page = login(cast.atasan).get(reverse("pegawai:detail", args=[cast.staf.nip]))
        assert page.status_code == 200 and "0012345678" not in page.content.decode()

    def test_links_to_the_calendar_and_schedule_the_viewer_may_open(self, login, cast):
        client = login(cast.atasan)
        page = client.get(reverse("pegawai:detail", args=[cast.staf.nip])).content.decode()
        for name in ("pegawai:kalender", "pegawai:jadwal"):
            url = reverse(name, args=[cast.staf.nip])
            assert f'href="{url}"' in page
            assert client.get(url).status_code == 200

    def test_staff_cannot_look_up_their_supervisor_or_outsiders(self, login, cast):
        client = login(cast.staf)
        assert client.get(reverse("pegawai:detail", args=[cast.atasan.nip])).status_code == 404
        assert client.get(reverse("pegawai:detail", args=[cast.orang_luar.nip])).status_code == 404

    def test_outsider_from_another_unit_gets_404(self, login, cast):
        client = login(cast.orang_luar)
        assert client.get(reverse("pegawai:detail", args=[cast.staf.nip])).status_code == 404

    def test_unknown_nip_is_404(self, login, cast):
        assert login(cast.admin).get(reverse("pegawai:detail", args=["1" * 18])).status_code == 404

    def test_shows_acting_assignment_in_history(self, login, cast):
        f.acting(cast.atasan, cast.jab_kasi)
        page = login(cast.admin).get(reverse("pegawai:detail", args=[cast.atasan.nip]))
        assert "Plt (pelaksana tugas)" in page.content.decode()

    def test_refuses_post(self, login, cast):
        response = login(cast.admin).post(reverse("pegawai:detail", args=[cast.staf.nip]))
        assert response.status_code == 405


def test_pemda_profile_falls_back_before_it_is_filled_in(db):
    assert Pemda.current().pk == 1 and not Pemda.objects.exists()


def test_english_is_available(login, cast):
    client = login(cast.staf)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in page


def test_home_page_query_count_does_not_grow_with_the_pemda(login, cast, django_assert_num_queries):
    client = login(cast.atasan)
    with django_assert_num_queries(6):
        client.get(reverse("home"))
    for i in range(30):
        f.pegawai(f"Staf Baru {i}", cast.jab_staf, login=False)
        f.unit(f"Dinas Baru {i}", f"9.{i}")
    with django_assert_num_queries(6):
        response = client.get(reverse("home"))
    assert len(response.context["bawahan"]) == 31


def test_own_profile_query_count(login, cast, django_assert_num_queries):
    client = login(cast.staf)
    # Session, user, roles with the unread count; the person, the hierarchy, the assignments.
    with django_assert_num_queries(6):
        client.get(reverse("pegawai:detail", args=[cast.staf.nip]))


class TestPemdaLogo:
    PNG = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
        b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
        b"\x00\x00\x00IEND\xaeB`\x82"
    )

    def test_is_404_until_uploaded(self, client, cast):
        assert client.get(reverse("pegawai:pemda_logo")).status_code == 404

    def test_shown_on_the_login_page_without_login(self, client, cast, settings, tmp_path):
        from django.core.files.base import ContentFile

        settings.MEDIA_ROOT = tmp_path
        pemda = Pemda.current()
        pemda.logo.save("logo.png", ContentFile(self.PNG))
        response = client.get(reverse("pegawai:pemda_logo"))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == self.PNG
        login_page = client.get(reverse("login")).content.decode()
        assert reverse("pegawai:pemda_logo") in login_page
        assert "Pemerintah Kota Contoh" in login_page

    def test_refuses_post(self, client, cast):
        assert client.post(reverse("pegawai:pemda_logo")).status_code == 405


def test_calendar_menu_shows_the_roster_only_to_those_who_keep_or_review_it(login, cast):
    from pegawai.models import AdminUnit

    roster = f'href="{reverse("pegawai:roster_index")}"'
    staf = login(cast.staf).get(reverse("home")).content.decode()
    assert f'href="{reverse("pegawai:kalender_saya")}"' in staf
    assert f'href="{reverse("pegawai:libur_list")}"' in staf
    assert roster not in staf
    AdminUnit.objects.create(user=cast.staf.user, unit=cast.seksi)
    assert roster in login(cast.staf).get(reverse("home")).content.decode()
    assert roster in login(cast.penilai).get(reverse("home")).content.decode()
