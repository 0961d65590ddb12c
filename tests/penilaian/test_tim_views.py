"""The review team's screens: each one's happy path, who is refused (404 for what one may not
see, 403 for what one may see but not decide), the wrong method, the login, and list pages in a
fixed number of queries."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from aktivitas.models import Entri
from pegawai import roles
from penilaian import views_tim
from penilaian.anomali import scan_anomalies
from penilaian.models import (
    FlagEntri,
    KeputusanTim,
    NilaiTim,
    PengambilanSampel,
    TandaTanganUnit,
)
from tests import factories as f
from tests.penilaian.test_tim import (
    BULAN,
    NOW,
    SABTU,
    SENIN,
    TAHUN,
    bertanda,
    buat,
    make_kerja,
    make_tim,
    sampel,
    tutup,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tim(cast):
    return make_tim(cast)


@pytest.fixture
def kerja(db):
    return make_kerja()


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(views_tim, "_now", lambda: NOW)


@pytest.fixture
def entri(cast, tim, kerja) -> Entri:
    """An approved entry of the staff member, outside hours and flagged so."""
    e = buat(cast.staf, SABTU, aktivitas=kerja, di_luar_jadwal=True, oleh=cast.atasan.user)
    scan_anomalies(TAHUN, BULAN, now=NOW)
    return e


def unit_url(name, unit, tahun=TAHUN, bulan=BULAN):
    return reverse(f"penilaian:{name}", args=[unit.pk, tahun, bulan])


def assert_login_required(client, url, method="get"):
    response = getattr(client, method)(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def message_texts(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# Flags per unit --------------------------------------------------------------------------------


class TestIndex:
    @property
    def url(self) -> str:
        return reverse("penilaian:tim_index")

    def test_a_member_sees_the_units_of_the_scope_with_their_flags(self, cast, login, entri):
        response = login(cast.penilai).get(self.url, {"bulan": "2026-04"})
        assert response.status_code == 200
        rows = {r["unit"].nama: r for r in response.context["rows"]}
        assert set(rows) == {"Dinas Contoh", "Bidang Umum", "Seksi Data"}
        assert rows["Dinas Contoh"]["entri"] == 1 and rows["Seksi Data"]["entri"] == 1
        assert rows["Bidang Umum"]["jumlah"][list(FlagEntri.Jenis).index("luar_jadwal")] == 1
        assert b"Pindai ulang" in response.content and b"<svg" in response.content

    def test_the_admin_sees_every_unit(self, cast, login, entri):
        response = login(cast.admin).get(self.url, {"bulan": "2026-04"})
        assert {r["unit"].nama for r in response.context["rows"]} >= {"Dinas Contoh", "Badan Lain"}

    def test_last_month_by_default_and_a_bad_month_is_said(self, cast, login, tim):
        client = login(cast.penilai)
        assert client.get(self.url).context["bulan"] == date(2026, 4, 1)
        response = client.get(self.url, {"bulan": "April"})
        assert response.context["bulan"] == date(2026, 4, 1)
        assert "Bulan tidak dikenal" in message_texts(response)[0]

    @pytest.mark.parametrize("who", ["orang_luar", "keuangan", "staf"])
    def test_others_are_refused(self, cast, login, tim, who):
        assert login(getattr(cast, who)).get(self.url).status_code == 403

    def test_wrong_method_and_login(self, cast, login, client, tim):
        assert_login_required(client, self.url)
        assert login(cast.penilai).post(self.url).status_code == 405

    def test_queries_do_not_grow_with_units_and_flags(
        self, cast, login, tim, kerja, django_assert_num_queries
    ):
        client = login(cast.penilai)
        bertanda(buat(cast.staf, SENIN, aktivitas=kerja))
        client.get(self.url)
        with django_assert_num_queries(11):
            client.get(self.url, {"bulan": "2026-04"})
        for i in range(4):
            unit = f.unit(f"Seksi {i}", f"1.01.01.0{i + 2}", induk=cast.bidang)
            p = f.pegawai(f"Staf {i}", f.jabatan(f"Pelaksana {i}", unit))
            # One entry per flag kind, an hour apart: a person's entries never overlap.
            for jam, jenis in enumerate(FlagEntri.Jenis, start=7):
                entry = buat(p, SENIN, aktivitas=kerja, mulai=(jam, 0), selesai=(jam + 1, 0))
                bertanda(entry, jenis)
            sampel(unit)
            TandaTanganUnit.objects.create(
                unit=unit, tahun=TAHUN, bulan=BULAN, tim=tim, oleh=cast.penilai.user, pada=NOW
            )
        with django_assert_num_queries(11):
            response = client.get(self.url, {"bulan": "2026-04"})
        assert len(response.context["rows"]) == 7


class TestPindai:
    def url(self, tahun=TAHUN, bulan=BULAN):
        return reverse("penilaian:tim_pindai", args=[tahun, bulan])

    def test_a_member_rescans_the_month_after_commit(
        self, cast, login, tim, kerja, django_capture_on_commit_callbacks
    ):
        buat(cast.staf, SABTU, aktivitas=kerja, di_luar_jadwal=True)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = login(cast.penilai).post(self.url())
        assert response.status_code == 302 and response["Location"].endswith("?bulan=2026-04")
        assert len(callbacks) == 1
        assert FlagEntri.objects.filter(jenis="luar_jadwal").count() == 1

    def test_a_closed_month_is_not_rescanned(self, cast, login, tim):
        tutup()
        response = login(cast.penilai).post(self.url(), follow=True)
        assert "sudah ditutup" in message_texts(response)[0]

    def test_refused_to_others(self, cast, login, tim):
        assert login(cast.orang_luar).post(self.url()).status_code == 403
        lone = f.pegawai("Penilai tanpa tim", cast.penilai.jabatan, groups=[roles.TIM_PENILAI])
        assert login(lone).post(self.url()).status_code == 403

    def test_wrong_method_login_and_bad_month(self, cast, login, client, tim):
        assert_login_required(client, self.url(), "post")
        assert login(cast.penilai).get(self.url()).status_code == 405
        assert login(cast.penilai).post(self.url(2026, 13)).status_code == 404


# A unit's month --------------------------------------------------------------------------------


class TestUnit:
    def test_staff_with_their_minutes_against_the_target(self, cast, login, entri, kerja):
        buat(cast.staf, SENIN, aktivitas=kerja, menit_diakui=40)
        buat(cast.staf, SENIN, (9, 0), (10, 0), aktivitas=kerja, status=Entri.Status.DIAJUKAN)
        response = login(cast.penilai).get(unit_url("tim_unit", cast.opd))
        assert response.status_code == 200
        rows = {r["pegawai"]: r for r in response.context["rows"]}
        assert set(rows) == {cast.kepala, cast.atasan, cast.staf}
        staf = rows[cast.staf]
        # April 2026: 22 working days of 300 minutes.
        assert (staf["target"], staf["diklaim"], staf["disetujui"], staf["diakui"]) == (
            6600,
            180,
            120,
            100,
        )
        assert staf["flag"] == 1
        assert response.context["boleh_ubah"] and b"Ambil sampel" in response.content

    def test_the_admin_looks_without_deciding(self, cast, login, entri):
        response = login(cast.admin).get(unit_url("tim_unit", cast.opd))
        assert response.status_code == 200 and not response.context["boleh_ubah"]
        assert b"Ambil sampel" not in response.content

    def test_units_outside_the_scope_are_not_found(self, cast, login, tim):
        assert login(cast.penilai).get(unit_url("tim_unit", cast.opd_lain)).status_code == 404
        assert login(cast.orang_luar).get(unit_url("tim_unit", cast.opd)).status_code == 404
        assert login(cast.penilai).get(unit_url("tim_unit", cast.opd, 2026, 0)).status_code == 404

    def test_wrong_method_and_login(self, cast, login, client, tim):
        url = unit_url("tim_unit", cast.opd)
        assert_login_required(client, url)
        assert login(cast.penilai).post(url).status_code == 405

    def test_queries_do_not_grow_with_staff(
        self, cast, login, tim, kerja, django_assert_num_queries
    ):
        client = login(cast.penilai)
        url = unit_url("tim_unit", cast.opd)
        bertanda(buat(cast.staf, SENIN, aktivitas=kerja))
        client.get(url)
        with django_assert_num_queries(21):
            client.get(url)
        for i in range(5):
            p = f.pegawai(f"Staf {i}", cast.jab_staf)
            bertanda(buat(p, SENIN, aktivitas=kerja))
            NilaiTim.objects.create(
                pegawai=p, tahun=TAHUN, bulan=BULAN, nilai=80, tim=tim, pada=NOW
            )
        with django_assert_num_queries(21):
            response = client.get(url)
        assert len(response.context["rows"]) == 8


class TestSampel:
    def test_a_member_draws_the_sample(self, cast, login, entri):
        response = login(cast.penilai).post(unit_url("tim_sampel", cast.opd), follow=True)
        assert response.redirect_chain[-1][0] == unit_url("tim_entri_list", cast.opd)
        assert "1 dari 1 entri" in message_texts(response)[0]
        assert PengambilanSampel.objects.get().jumlah_sampel == 1

    def test_a_refusal_is_said(self, cast, login, entri, monkeypatch):
        monkeypatch.setattr(views_tim, "_now", lambda: NOW - timedelta(days=6))
        response = login(cast.penilai).post(unit_url("tim_sampel", cast.opd), follow=True)
        assert "batas validasi" in message_texts(response)[0]
        assert not PengambilanSampel.objects.exists()

    def test_refused_to_the_admin_and_outsiders(self, cast, login, tim):
        assert login(cast.admin).post(unit_url("tim_sampel", cast.opd)).status_code == 403
        assert login(cast.orang_luar).post(unit_url("tim_sampel", cast.opd)).status_code == 404

    def test_wrong_method_and_login(self, cast, login, client, tim):
        url = unit_url("tim_sampel", cast.opd)
        assert_login_required(client, url, "post")
        assert login(cast.penilai).get(url).status_code == 405


class TestTandaTangan:
    def test_confirm_page_then_sign_off(self, cast, login, entri):
        client = login(cast.penilai)
        url = unit_url("tim_tandatangan", cast.opd)
        sampel(cast.opd)
        KeputusanTim.objects.create(
            entri=entri,
            tim=cast.penilai.user.tim_penilai.get(),
            oleh=cast.penilai.user,
            pada=NOW,
            jenis="konfirmasi",
            menit_sebelum=60,
            menit_sesudah=60,
        )
        page = client.get(url)
        assert page.status_code == 200 and b"Tandatangani" in page.content
        response = client.post(url, {"catatan": "Lengkap"})
        assert response.status_code == 302
        assert TandaTanganUnit.objects.get().catatan == "Lengkap"

    def test_a_refusal_keeps_the_page_with_the_reason(self, cast, login, entri):
        response = login(cast.penilai).post(unit_url("tim_tandatangan", cast.opd))
        assert response.status_code == 400
        assert "belum diambil" in message_texts(response)[0]
        assert not TandaTanganUnit.objects.exists()

    def test_refused_to_the_admin_and_outsiders(self, cast, login, tim):
        assert login(cast.admin).get(unit_url("tim_tandatangan", cast.opd)).status_code == 403
        url = unit_url("tim_tandatangan", cast.opd)
        assert login(cast.orang_luar).get(url).status_code == 404

    def test_wrong_method_and_login(self, cast, login, client, tim):
        url = unit_url("tim_tandatangan", cast.opd)
        assert_login_required(client, url)
        assert login(cast.penilai).put(url).status_code == 405


# Entries to review -----------------------------------------------------------------------------


class TestEntriList:
    def test_the_undecided_first_then_any_filter(self, cast, login, entri, kerja):
        decided = bertanda(buat(cast.staf, SENIN, aktivitas=kerja), FlagEntri.Jenis.URAIAN_BERULANG)
        KeputusanTim.objects.create(
            entri=decided,
            tim=cast.penilai.user.tim_penilai.get(),
            oleh=cast.penilai.user,
            pada=NOW,
            jenis="konfirmasi",
            menit_sebelum=60,
            menit_sesudah=60,
        )
        buat(cast.staf, SENIN, (9, 0), (10, 0), aktivitas=kerja)  # neither sampled nor flagged
        client = login(cast.penilai)
        url = unit_url("tim_entri_list", cast.opd)
        assert list(client.get(url).context["page"]) == [entri]
        assert set(client.get(url, {"tampil": "semua"}).context["page"]) == {entri, decided}
        assert list(client.get(url, {"tampil": "luar_jadwal"}).context["page"]) == [entri]
        assert list(client.get(url, {"tampil": "sampel"}).context["page"]) == []
        assert list(client.get(url, {"tampil": "semua", "q": "Tidak ada"}).context["page"]) == []
        page = client.get(url)
        assert b"Sesuai" in page.content and b'data-jenis="luar_jadwal"' in page.content

    def test_outsiders_are_refused(self, cast, login, tim):
        assert login(cast.orang_luar).get(unit_url("tim_entri_list", cast.opd)).status_code == 404
        url = unit_url("tim_entri_list", cast.opd_lain)
        assert login(cast.penilai).get(url).status_code == 404

    def test_wrong_method_and_login(self, cast, login, client, tim):
        url = unit_url("tim_entri_list", cast.opd)
        assert_login_required(client, url)
        assert login(cast.penilai).post(url).status_code == 405

    def test_queries_do_not_grow_with_entries(
        self, cast, login, tim, kerja, django_assert_num_queries
    ):
        client = login(cast.penilai)
        url = unit_url("tim_entri_list", cast.opd) + "?tampil=semua"
        bertanda(buat(cast.staf, SENIN, aktivitas=kerja))
        client.get(url)
        with django_assert_num_queries(15):
            client.get(url)
        tim_ = cast.penilai.user.tim_penilai.get()
        for day in range(1, 8):
            e = bertanda(buat(cast.atasan, SENIN + timedelta(days=day), aktivitas=kerja))
            bertanda(e, FlagEntri.Jenis.URAIAN_BERULANG)
            KeputusanTim.objects.create(
                entri=e,
                tim=tim_,
                oleh=cast.penilai.user,
                pada=NOW,
                jenis="konfirmasi",
                menit_sebelum=60,
                menit_sesudah=60,
            )
        sampel(cast.bidang, *Entri.objects.all())
        with django_assert_num_queries(15):
            response = client.get(url)
        assert len(response.context["page"]) == 8


class TestEntri:
    def url(self, entri):
        return reverse("penilaian:tim_entri", args=[entri.pk])

    def test_the_page_shows_why_it_is_reviewed_and_the_form(self, cast, login, entri):
        response = login(cast.penilai).get(self.url(entri))
        assert response.status_code == 200
        assert "di luar jam kerja jadwal" in response.content.decode()
        assert b'name="jenis"' in response.content

    def test_confirm_then_back_to_the_list(self, cast, login, entri):
        response = login(cast.penilai).post(self.url(entri), {"jenis": "konfirmasi"})
        assert response.status_code == 302
        assert response["Location"] == unit_url("tim_entri_list", cast.seksi)
        assert KeputusanTim.objects.get().jenis == "konfirmasi"

    def test_correct_and_go_where_one_came_from(self, cast, login, entri):
        back = unit_url("tim_entri_list", cast.opd) + "?tampil=semua"
        response = login(cast.penilai).post(
            self.url(entri),
            {"jenis": "koreksi", "menit": "30", "alasan": "Terlalu lama", "next": back},
        )
        assert response["Location"] == back
        entri.refresh_from_db()
        assert entri.menit_diakui == 30

    def test_htmx_gets_the_card_back_with_the_message(self, cast, login, entri):
        response = login(cast.penilai).post(
            self.url(entri), {"jenis": "konfirmasi"}, headers={"HX-Request": "true"}
        )
        assert response.status_code == 200
        assert response.templates[0].name == "penilaian/_tim_entri_item.html"
        body = response.content.decode()
        assert f'id="tim-entri-{entri.pk}"' in body and "dinyatakan sesuai" in body
        assert "Koreksi / tolak" not in body  # decided: the actions are gone

    def test_bad_input_and_broken_rules_are_said_and_nothing_changes(self, cast, login, entri):
        client = login(cast.penilai)
        response = client.post(self.url(entri), {"jenis": "koreksi", "alasan": ""})
        assert response.status_code == 400
        assert response.context["form"].errors.keys() == {"menit", "alasan"}
        response = client.post(self.url(entri), {"jenis": "koreksi", "menit": "90", "alasan": "x"})
        assert response.status_code == 400
        assert "hanya menurunkan" in message_texts(response)[0]
        response = client.post(self.url(entri), {"jenis": "tolak"}, headers={"HX-Request": "true"})
        assert response.status_code == 200 and "Alasan wajib diisi" in response.content.decode()
        assert not KeputusanTim.objects.exists()

    def test_the_admin_looks_but_does_not_decide(self, cast, login, entri):
        client = login(cast.admin)
        page = client.get(self.url(entri))
        assert page.status_code == 200 and b'name="jenis"' not in page.content
        assert client.post(self.url(entri), {"jenis": "konfirmasi"}).status_code == 403

    def test_outsiders_are_refused(self, cast, login, entri):
        assert login(cast.orang_luar).get(self.url(entri)).status_code == 404
        assert login(cast.staf).get(self.url(entri)).status_code == 404
        assert (
            login(cast.orang_luar).post(self.url(entri), {"jenis": "konfirmasi"}).status_code == 404
        )

    def test_wrong_method_and_login(self, cast, login, client, entri):
        assert_login_required(client, self.url(entri))
        assert login(cast.penilai).delete(self.url(entri)).status_code == 405


# The monthly score -----------------------------------------------------------------------------


class TestNilai:
    def url(self, pegawai, tahun=TAHUN, bulan=BULAN):
        return reverse("penilaian:tim_nilai", args=[pegawai.pk, tahun, bulan])

    def test_give_a_score(self, cast, login, tim):
        client = login(cast.penilai)
        assert client.get(self.url(cast.staf)).status_code == 200
        response = client.post(self.url(cast.staf), {"nilai": "85"})
        assert response["Location"] == unit_url("tim_unit", cast.seksi)
        assert NilaiTim.objects.get().nilai == 85

    def test_bad_input_and_a_change_without_reason(self, cast, login, tim):
        client = login(cast.penilai)
        assert client.post(self.url(cast.staf), {"nilai": "150"}).status_code == 400
        client.post(self.url(cast.staf), {"nilai": "85"})
        response = client.post(self.url(cast.staf), {"nilai": "70"})
        assert response.status_code == 400 and "alasan" in message_texts(response)[-1]
        assert NilaiTim.objects.get().nilai == 85

    def test_refused_to_the_admin_and_outsiders(self, cast, login, tim):
        assert login(cast.admin).get(self.url(cast.staf)).status_code == 403
        assert login(cast.orang_luar).get(self.url(cast.staf)).status_code == 404
        assert login(cast.penilai).get(self.url(cast.keuangan)).status_code == 404

    def test_wrong_method_and_login(self, cast, login, client, tim):
        assert_login_required(client, self.url(cast.staf))
        assert login(cast.penilai).put(self.url(cast.staf)).status_code == 405


def test_the_group_alone_without_a_team_sees_no_unit(cast, login, tim):
    lone = f.pegawai("Penilai baru", cast.penilai.jabatan, groups=[roles.TIM_PENILAI])
    client = login(lone)
    assert client.get(reverse("penilaian:tim_index")).context["rows"] == []
    assert client.get(unit_url("tim_unit", cast.opd)).status_code == 404
    assert Group.objects.filter(name=roles.TIM_PENILAI).exists()
