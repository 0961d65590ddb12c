"""The approval screens: the supervisor's and the review team's queues, deciding in place with
htmx, and the admin's reassignment. Every view: the happy path, the outsider, the wrong method,
the login; list pages with a fixed number of queries."""

from datetime import date

import pytest
from django.urls import reverse

from aktivitas.models import Entri, RiwayatEntri
from penilaian import views_persetujuan as views
from penilaian.models import PengalihanEntri
from tests import factories as f
from tests.aktivitas.conftest import NOW

from .test_persetujuan import SENIN, entri, fresh, plt_kasi

pytestmark = pytest.mark.django_db

ANTRIAN = reverse("penilaian:antrian")
TIM = reverse("penilaian:antrian_tim")
SETUJUI = reverse("penilaian:antrian_setujui")
PENGALIHAN = reverse("penilaian:pengalihan")
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(views, "_now", lambda: NOW)


def setujui_url(e):
    return reverse("penilaian:entri_setujui", args=[e.pk])


def tolak_url(e):
    return reverse("penilaian:entri_tolak", args=[e.pk])


def pesan(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize(
    ("url", "method"),
    [
        (ANTRIAN, "get"),
        (TIM, "get"),
        (SETUJUI, "post"),
        (reverse("penilaian:entri_setujui", args=[1]), "post"),
        (reverse("penilaian:entri_tolak", args=[1]), "post"),
        (PENGALIHAN, "get"),
    ],
)
def test_login_required(client, url, method):
    response = getattr(client, method)(url)
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


@pytest.mark.parametrize(
    ("url", "method"),
    [
        (ANTRIAN, "post"),
        (TIM, "post"),
        (SETUJUI, "get"),
        (reverse("penilaian:entri_setujui", args=[1]), "get"),
        (reverse("penilaian:entri_tolak", args=[1]), "get"),
        (PENGALIHAN, "delete"),
    ],
)
def test_wrong_method(login, cast, url, method):
    assert getattr(login(cast.atasan), method)(url).status_code == 405


class TestAntrian:
    def test_subordinates_entries_by_person_week_and_day(self, login, cast):
        staf2 = f.pegawai("Ani Pelaksana", cast.jab_staf)
        a = entri(cast.staf, tanggal=date(2026, 5, 8), jam=8)
        b = entri(cast.staf, tanggal=SENIN, jam=8)
        c = entri(cast.staf, tanggal=SENIN, jam=9)
        d = entri(staf2, tanggal=SENIN, jam=13)
        entri(cast.atasan)  # their own: not here
        response = login(cast.atasan).get(ANTRIAN)
        assert response.status_code == 200
        orang = response.context["orang"]
        assert [o["pegawai"].nama for o in orang] == ["Ani Pelaksana", "Staf Data"]
        assert orang[0]["ids"] == [d.pk]
        weeks = orang[1]["minggu"]
        assert [w["senin"] for w in weeks] == [date(2026, 5, 4), date(2026, 5, 11)]
        assert [[e.pk for e in day["entries"]] for day in weeks[1]["hari"]] == [[b.pk, c.pk]]
        assert weeks[0]["ids"] == [a.pk]
        html = response.content.decode()
        assert "4 entri menunggu keputusan" in html
        assert "Setujui sehari (2)" in html and f'id="antrian-entri-{c.pk}"' in html

    def test_filters_by_person_and_dates(self, login, cast):
        staf2 = f.pegawai("Ani Pelaksana", cast.jab_staf)
        entri(cast.staf, tanggal=date(2026, 5, 8))
        keep = entri(cast.staf, tanggal=SENIN)
        entri(staf2, tanggal=SENIN)
        client = login(cast.atasan)
        response = client.get(ANTRIAN, {"pegawai": cast.staf.pk, "dari": "2026-05-11"})
        assert [o["ids"] for o in response.context["orang"]] == [[keep.pk]]
        assert response.context["jumlah"] == 3 and response.context["jumlah_tampil"] == 1
        keep.status = "disetujui"
        keep.save()
        done = client.get(ANTRIAN, {"pegawai": cast.staf.pk, "dari": "2026-05-11"})
        assert done.context["orang"] == [] and done.context["jumlah_tampil"] == 0
        assert "Tidak ada entri yang sesuai saringan." in done.content.decode()
        wrong = client.get(ANTRIAN, {"dari": "2026-05-12", "sampai": "2026-05-01"})
        assert "Tanggal awal harus sebelum tanggal akhir." in wrong.content.decode()
        assert wrong.context["jumlah_tampil"] == 2

    def test_pages_hold_whole_days(self, login, cast, monkeypatch):
        monkeypatch.setattr(views, "PER_HALAMAN", 5)
        for day in (4, 5, 6, 7):
            for jam in (8, 9, 10):
                entri(cast.staf, tanggal=date(2026, 5, day), jam=jam)
        client = login(cast.atasan)
        first = client.get(ANTRIAN)
        assert first.context["halaman_total"] == 2 and first.context["jumlah_halaman"] == 6
        second = client.get(ANTRIAN, {"hal": 2})
        days = [d["tanggal"] for w in second.context["orang"][0]["minggu"] for d in w["hari"]]
        assert days == [date(2026, 5, 6), date(2026, 5, 7)]
        assert client.get(ANTRIAN, {"hal": "x"}).context["halaman"] == 1
        assert client.get(ANTRIAN, {"hal": 99}).context["halaman"] == 2

    def test_an_acting_supervisor_sees_the_entries_and_the_one_above_does_not(self, login, cast):
        plt = plt_kasi(cast)
        e = entri(cast.staf)
        assert login(plt).get(ANTRIAN).context["orang"][0]["ids"] == [e.pk]
        assert login(cast.atasan).get(ANTRIAN).context["orang"] == []

    def test_each_entry_carries_its_own_values_links_and_flags(self, login, cast):
        # Entries are stamped from markup rendered once (penilaian.templatetags.antrian).
        a = entri(cast.staf, tanggal=SENIN, jam=8)
        b = entri(cast.staf, tanggal=SENIN, jam=10)
        Entri.objects.filter(pk=b.pk).update(
            uraian="<i>Rapat</i>", bukti="b/x.png", sumber="salinan", di_luar_jadwal=True
        )
        page = login(cast.atasan).get(ANTRIAN).content.decode()

        def card(e) -> str:
            start = page.index(f'id="antrian-entri-{e.pk}"')
            return (
                page[start : page.index('id="antrian-entri-', start + 1)]
                if e == a
                else page[start:]
            )

        assert f'action="{setujui_url(a)}"' in card(a) and f'action="{tolak_url(a)}"' in card(a)
        assert f'action="{setujui_url(b)}"' in card(b) and setujui_url(a) not in card(b)
        assert "08:00–" in card(a) and "10:00–" in card(b)
        assert "&lt;i&gt;Rapat&lt;/i&gt;" in card(b) and "<i>Rapat" not in page
        assert reverse("aktivitas:entri_bukti", args=[b.pk]) in card(b)
        assert "bi-paperclip" not in card(a) and "salinan" not in card(a)
        assert "salinan" in card(b) and "di luar jam kerja" in card(b)
        assert card(a).count('<input type="hidden" name="next"') == 3
        assert "\ue000" not in page

    def test_reassigned_entries_show_for_the_new_decider(self, login, cast):
        e = entri(cast.staf)
        PengalihanEntri.objects.create(
            entri=e, ke=cast.orang_luar, oleh=cast.admin.user, pada=NOW, alasan="Cuti"
        )
        response = login(cast.orang_luar).get(ANTRIAN)
        assert response.context["orang"][0]["ids"] == [e.pk]
        assert "dialihkan kepada Anda" in response.content.decode()
        assert login(cast.atasan).get(ANTRIAN).context["orang"] == []

    def test_staff_without_subordinates_or_waiting_entries_are_refused(self, login, cast):
        assert login(cast.orang_luar).get(ANTRIAN).status_code == 403
        assert login(cast.staf).get(ANTRIAN).status_code == 403
        no_staff_record = f.User.objects.create_user("bukan-pegawai", password=f.PASSWORD)
        login_client = login(cast.staf)
        login_client.force_login(no_staff_record)
        assert login_client.get(ANTRIAN).status_code == 403

    def test_empty_queue_for_a_supervisor(self, login, cast):
        response = login(cast.atasan).get(ANTRIAN)
        assert response.status_code == 200
        assert "Tidak ada entri yang menunggu keputusan Anda." in response.content.decode()

    def test_htmx_gets_the_list_alone(self, login, cast):
        entri(cast.staf)
        response = login(cast.atasan).get(ANTRIAN, **HTMX)
        html = response.content.decode()
        assert html.startswith('<section id="antrian"') and "<html" not in html

    def test_query_count_does_not_grow_with_the_queue(self, login, cast, django_assert_num_queries):
        client = login(cast.atasan)
        entri(cast.staf)
        # session, user with staff record, menu roles, settings, tree, days, entries
        with django_assert_num_queries(8):
            client.get(ANTRIAN)
        for i in range(12):
            p = f.pegawai(f"Pelaksana {i}", cast.jab_staf)
            for day in (4, 5, 6, 7, 8):
                entri(p, tanggal=date(2026, 5, day))
        with django_assert_num_queries(8):
            response = client.get(ANTRIAN)
        assert response.context["jumlah"] == 61


class TestAntrianTim:
    def test_the_review_team_sees_the_top_of_the_hierarchy(self, login, cast):
        top = entri(cast.kepala)
        entri(cast.staf)
        response = login(cast.penilai).get(TIM)
        assert response.status_code == 200
        assert [o["ids"] for o in response.context["orang"]] == [[top.pk]]
        assert "Antrian tim penilai" in response.content.decode()

    def test_others_are_refused(self, login, cast):
        for who in (cast.atasan, cast.kepala, cast.admin, cast.orang_luar):
            assert login(who).get(TIM).status_code == 403

    def test_query_count_does_not_grow(self, login, cast, django_assert_num_queries):
        client = login(cast.penilai)
        entri(cast.kepala)
        # as the supervisor's, plus the owners waiting and the whole tree (two queries)
        with django_assert_num_queries(10):
            client.get(TIM)
        for i in range(8):
            kepala = f.pegawai(f"Kepala {i}", f.jabatan(f"Kepala Badan {i}", cast.opd_lain))
            entri(kepala, tanggal=date(2026, 5, 4))
            entri(kepala, tanggal=date(2026, 5, 5))
        with django_assert_num_queries(10):
            response = client.get(TIM)
        assert response.context["jumlah"] == 17


class TestSetujui:
    def test_approve_one_in_place(self, login, cast):
        e, other = entri(cast.staf, jam=8), entri(cast.staf, jam=9)
        client = login(cast.atasan)
        response = client.post(
            setujui_url(e), {"next": f"{ANTRIAN}?pegawai={cast.staf.pk}"}, **HTMX
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "Entri Senin, 11 Mei 2026 08:00–09:00 (Staf Data) disetujui." in html
        assert f'id="antrian-entri-{e.pk}"' not in html
        assert f'id="antrian-entri-{other.pk}"' in html
        assert fresh(e).status == "disetujui"

    def test_approve_with_fewer_minutes(self, login, cast):
        e = entri(cast.staf, menit=60)
        response = login(cast.atasan).post(
            setujui_url(e), {"menit": "45", "alasan": "Rapat selesai lebih cepat"}
        )
        assert response.status_code == 302 and response["Location"] == ANTRIAN
        assert fresh(e).menit_diakui == 45

    def test_fewer_minutes_need_a_reason(self, login, cast):
        e = entri(cast.staf)
        response = login(cast.atasan).post(setujui_url(e), {"menit": "45"}, **HTMX)
        assert "Tuliskan alasan mengurangi menit entri ini." in response.content.decode()
        assert fresh(e).status == "diajukan"

    def test_too_many_minutes_is_a_message_not_an_error(self, login, cast):
        e = entri(cast.staf, menit=60)
        response = login(cast.atasan).post(
            setujui_url(e), {"menit": "90", "alasan": "x"}, follow=True
        )
        assert any("antara 0 dan 59" in m for m in pesan(response))

    def test_two_tabs_the_second_is_told_who_decided(self, login, cast, client):
        e = entri(cast.staf)
        tab_one = login(cast.atasan)
        assert tab_one.post(setujui_url(e), **HTMX).status_code == 200
        second = tab_one.post(setujui_url(e), **HTMX)
        assert second.status_code == 200
        assert (
            "Entri Senin, 11 Mei 2026 08:00–09:00 (Staf Data) sudah disetujui oleh Kabid Umum "
            "pada 13 Mei 2026 16:30." in second.content.decode()
        )
        assert RiwayatEntri.objects.filter(entri=e).count() == 1

    def test_outsider_gets_404_and_someone_who_only_sees_it_403(self, login, cast):
        e = entri(cast.staf)
        assert login(cast.orang_luar).post(setujui_url(e)).status_code == 404
        assert login(cast.kepala).post(setujui_url(e)).status_code == 403
        assert login(cast.penilai).post(setujui_url(e)).status_code == 403
        assert (
            login(cast.atasan).post(reverse("penilaian:entri_setujui", args=[999])).status_code
            == 404
        )
        assert fresh(e).status == "diajukan"

    def test_the_review_team_decides_the_top_from_its_queue(self, login, cast):
        e = entri(cast.kepala)
        response = login(cast.penilai).post(setujui_url(e), {"lingkup": "tim"}, **HTMX)
        assert response.context["lingkup"] == "tim"
        assert "disetujui." in response.content.decode()
        assert fresh(e).diputuskan_oleh == cast.penilai.user

    def test_a_foreign_next_url_is_ignored(self, login, cast):
        e = entri(cast.staf)
        response = login(cast.atasan).post(setujui_url(e), {"next": "https://contoh.id/"})
        assert response["Location"] == ANTRIAN


class TestSetujuiBanyak:
    def test_selected_or_a_day_or_a_week(self, login, cast):
        ids = [entri(cast.staf, jam=j).pk for j in (8, 9, 10)]
        keep = entri(cast.staf, jam=13)
        response = login(cast.atasan).post(SETUJUI, {"entri": ids}, **HTMX)
        assert "3 entri disetujui." in response.content.decode()
        assert set(Entri.objects.filter(status="disetujui").values_list("pk", flat=True)) == set(
            ids
        )
        assert response.context["orang"][0]["ids"] == [keep.pk]

    def test_nothing_selected(self, login, cast):
        response = login(cast.atasan).post(SETUJUI, {}, follow=True)
        assert pesan(response) == ["Pilih dulu entri yang akan disetujui."]
        bad = login(cast.atasan).post(SETUJUI, {"entri": ["x"]}, follow=True)
        assert pesan(bad) == ["Pilihan entri tidak dikenali; muat ulang antrian."]

    def test_one_that_is_not_theirs_spoils_the_lot(self, login, cast):
        mine = entri(cast.staf, jam=8)
        other = entri(cast.orang_luar)
        elsewhere = entri(cast.staf, jam=9)
        PengalihanEntri.objects.create(
            entri=elsewhere, ke=cast.kepala, oleh=cast.admin.user, pada=NOW, alasan="Cuti"
        )
        client = login(cast.atasan)
        assert client.post(SETUJUI, {"entri": [mine.pk, other.pk]}).status_code == 404
        assert client.post(SETUJUI, {"entri": [mine.pk, elsewhere.pk]}).status_code == 403
        assert fresh(mine).status == "diajukan"

    def test_an_entry_decided_meanwhile_is_named(self, login, cast):
        a, b = entri(cast.staf, jam=8), entri(cast.staf, jam=9)
        client = login(cast.atasan)
        client.post(setujui_url(a))
        response = client.post(SETUJUI, {"entri": [a.pk, b.pk]}, **HTMX)
        assert (
            "08:00–09:00 (Staf Data) sudah disetujui oleh Kabid Umum" in response.content.decode()
        )
        assert fresh(b).status == "diajukan"


class TestTolak:
    def test_reject_with_a_reason(self, login, cast):
        e = entri(cast.staf)
        response = login(cast.atasan).post(tolak_url(e), {"alasan": "Tidak sesuai tugas"}, **HTMX)
        assert (
            "Entri Senin, 11 Mei 2026 08:00–09:00 (Staf Data) ditolak." in response.content.decode()
        )
        assert fresh(e).status == "ditolak"
        assert RiwayatEntri.objects.get(entri=e).catatan == "Tidak sesuai tugas"

    def test_a_reason_is_required(self, login, cast):
        e = entri(cast.staf)
        response = login(cast.atasan).post(tolak_url(e), {"alasan": "  "}, follow=True)
        assert pesan(response) == ["Tuliskan alasan penolakan entri ini."]
        assert fresh(e).status == "diajukan"

    def test_outsider_404_and_onlooker_403(self, login, cast):
        e = entri(cast.staf)
        assert login(cast.orang_luar).post(tolak_url(e), {"alasan": "x"}).status_code == 404
        assert login(cast.kepala).post(tolak_url(e), {"alasan": "x"}).status_code == 403


class TestPengalihan:
    def test_admin_sees_who_decides_and_reassigns(self, login, cast):
        entri(cast.staf)
        client = login(cast.admin)
        page = client.get(PENGALIHAN, {"nip": cast.staf.nip})
        assert page.status_code == 200
        ringkasan = page.context["ringkasan"]
        assert ringkasan["menunggu"] == 1 and ringkasan["atasan"] == cast.atasan
        response = client.post(
            PENGALIHAN, {"pegawai": cast.staf.nip, "ke": cast.kepala.nip, "alasan": "Kabid cuti"}
        )
        assert response.status_code == 302
        assert response["Location"] == f"{PENGALIHAN}?nip={cast.staf.nip}"
        after = client.get(response["Location"])
        assert pesan(after) == ["1 entri Staf Data dialihkan ke Kepala Dinas Contoh."]
        assert after.context["ringkasan"]["dialihkan"] == [
            {"ke__nama": "Kepala Dinas Contoh", "ke__nip": cast.kepala.nip}
        ]
        back = client.post(PENGALIHAN, {"pegawai": cast.staf.nip, "alasan": "Kabid masuk"})
        assert pesan(client.get(back["Location"])) == [
            "1 entri Staf Data dikembalikan ke atasan menurut jabatan."
        ]
        assert not PengalihanEntri.objects.exists()

    def test_bad_input_is_explained(self, login, cast):
        client = login(cast.admin)
        response = client.post(PENGALIHAN, {"pegawai": "1" * 18, "ke": "", "alasan": ""})
        assert response.status_code == 400
        html = response.content.decode()
        assert f"Tidak ada pegawai dengan NIP {'1' * 18}." in html
        assert "Tuliskan alasan pengalihan." in html
        nothing = client.post(PENGALIHAN, {"pegawai": cast.kepala.nip, "alasan": "x"})
        assert nothing.status_code == 200
        assert pesan(nothing) == ["Kepala Dinas Contoh tidak punya entri yang menunggu keputusan."]

    def test_only_the_admin(self, login, cast):
        for who in (cast.atasan, cast.penilai, cast.orang_luar):
            assert login(who).get(PENGALIHAN).status_code == 403
            assert login(who).post(PENGALIHAN, {}).status_code == 403
