"""The close's screens: who sees what (404), who may change (403), the wrong method (405), the
happy paths and the pinned query counts of the lists."""

from datetime import date

import pytest
from django.urls import reverse

from pegawai.models import Periode
from tests import factories as f
from tpk import views
from tpk.calculation import FLAG_LABEL
from tpk.defaults import create_default_aturan
from tpk.models import HasilTPK, PembukaanPeriode, PenutupanPeriode
from tpk.penutupan import close_periode, reopen_periode

from . import bulan as b
from .bulan import tanpa_ekspor  # noqa: F401 (autouse)

pytestmark = pytest.mark.django_db

JULI = "2026-07"


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr(views, "_now", lambda: b.NOW)


@pytest.fixture
def juli(cast, clock):
    create_default_aturan()
    b.juli()
    return cast


@pytest.fixture
def ditutup(juli):
    p = b.analis(juli)
    b.setujui(p, dict.fromkeys(b.hari_kerja(), 285), atasan=juli.atasan)
    b.impor_kehadiran([(p, date(2026, 7, 1), "TL1")], admin=juli.admin)
    close_periode(2026, 7, by=juli.admin.user, now=b.NOW)
    juli.analis = p
    return juli


def slip_url(p, bulan=(2026, 7)):
    return reverse("tpk:slip", args=[p.nip, *bulan])


URLS = [
    reverse("tpk:slip_saya"),
    reverse("tpk:daftar"),
    reverse("tpk:periode_list"),
    reverse("tpk:tutup", args=[2026, 7]),
    reverse("tpk:progres", args=[2026, 7]),
    reverse("tpk:progres_status", args=[2026, 7]),
    reverse("tpk:buka", args=[2026, 7]),
    reverse("tpk:selisih", args=[2026, 7]),
    "/tpk/slip/199001012015031001/2026-07/",
]


@pytest.mark.parametrize("url", URLS)
def test_login_is_required(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


class TestSlip:
    def test_staff_see_their_own_slips_with_the_trace(self, ditutup, login):
        client = login(ditutup.analis)
        response = client.get(reverse("tpk:slip_saya"))
        assert response.status_code == 200
        assert slip_url(ditutup.analis).encode() in response.content
        response = client.get(slip_url(ditutup.analis))
        assert response.status_code == 200
        page = response.content.decode()
        hasil = response.context["hasil"]
        assert (hasil.pegawai, hasil.revisi, hasil.hari_kerja, hasil.menit_disetujui) == (
            ditutup.analis,
            1,
            22,
            6270,
        )
        assert "Disiplin K = max(0, 100% − 0,5%) = 0,995" in page
        assert response.context["potongan"] == [(date(2026, 7, 1), "TL1", pytest.approx(0.5))]
        assert f'data-testid="netto">{_rupiah(hasil.netto)}<' in page

    def test_the_latest_revision_of_a_closed_month_only(self, ditutup, login):
        reopen_periode(2026, 7, alasan="Koreksi", by=ditutup.admin.user, now=b.NOW)
        client = login(ditutup.analis)
        assert client.get(slip_url(ditutup.analis)).status_code == 404
        assert not client.get(reverse("tpk:slip_saya")).context["rows"]
        close_periode(2026, 7, by=ditutup.admin.user, now=b.NOW)
        assert client.get(slip_url(ditutup.analis)).context["hasil"].revisi == 2
        assert [s.revisi for _b, s in client.get(reverse("tpk:slip_saya")).context["rows"]] == [2]

    @pytest.mark.parametrize("who", ["atasan", "kepala", "keuangan", "admin"])
    def test_supervisors_finance_and_admin_see_a_staff_members_slip(self, ditutup, login, who):
        response = login(getattr(ditutup, who)).get(slip_url(ditutup.analis))
        assert response.status_code == 200

    @pytest.mark.parametrize("who", ["staf", "orang_luar", "penilai"])
    def test_anyone_else_gets_404(self, ditutup, login, who):
        assert login(getattr(ditutup, who)).get(slip_url(ditutup.analis)).status_code == 404

    def test_a_month_not_closed_is_404(self, ditutup, login):
        client = login(ditutup.analis)
        assert client.get(slip_url(ditutup.analis, (2026, 6))).status_code == 404

    def test_wrong_method(self, ditutup, login):
        client = login(ditutup.analis)
        assert client.post(slip_url(ditutup.analis)).status_code == 405
        assert client.post(reverse("tpk:slip_saya")).status_code == 405


def _rupiah(value) -> str:
    return f"Rp {int(value):,}".replace(",", ".")


class TestDaftar:
    @pytest.mark.parametrize("who", ["keuangan", "admin"])
    def test_finance_and_admin_see_every_opd_in_a_fixed_number_of_queries(
        self, ditutup, login, who, django_assert_num_queries
    ):
        client = login(getattr(ditutup, who))
        url = f"{reverse('tpk:daftar')}?bulan={JULI}&opd={ditutup.opd.pk}"
        client.get(url)  # the session and the first request's one-offs
        with django_assert_num_queries(6):
            response = client.get(url)
        assert [o["opd_nama"] for o in response.context["opd_list"]] == [
            "Badan Lain",
            "Dinas Contoh",
        ]
        names = [h.nama for h in response.context["rows"]]
        assert names == ["Analis Kepegawaian", "Kabid Umum", "Kepala Dinas Contoh", "Staf Data"]
        for i in range(20):
            p = b.analis(ditutup, f"Tambahan {i:02d}")
            row = HasilTPK.objects.get(pegawai=ditutup.staf)
            row.pk, row.pegawai, row.nip, row.nama = None, p, p.nip, p.nama
            row.save()
        with django_assert_num_queries(6):
            response = client.get(url)
        assert len(response.context["rows"]) == 24

    def test_the_default_is_the_last_closed_month_and_the_first_opd(self, ditutup, login):
        response = login(ditutup.keuangan).get(reverse("tpk:daftar"))
        assert response.context["bulan"] == date(2026, 7, 1)
        assert response.context["opd"]["opd_nama"] == "Badan Lain"

    def test_a_supervisor_sees_everyone_below_them_only(
        self, ditutup, login, django_assert_num_queries
    ):
        client = login(ditutup.atasan)
        url = f"{reverse('tpk:daftar')}?bulan={JULI}"
        client.get(url)
        with django_assert_num_queries(7):
            response = client.get(url)
        assert {h.pegawai for h in response.context["rows"]} == {ditutup.staf, ditutup.analis}
        kepala = login(ditutup.kepala).get(url)
        assert {h.pegawai for h in kepala.context["rows"]} == {
            ditutup.atasan,
            ditutup.staf,
            ditutup.analis,
        }

    def test_each_row_shows_its_own_person_figures_and_flags(self, ditutup, login):
        # Rows are stamped from markup rendered once (tpk.templatetags.tpk): each must still
        # carry its own link, figures and flags, and the supervisor's rows their unit.
        staf = HasilTPK.objects.get(pegawai=ditutup.staf)
        staf.flags, staf.nama = [next(iter(FLAG_LABEL))], "<b>Staf</b> Data"
        staf.save()
        HasilTPK.objects.filter(pegawai=ditutup.analis).update(produktivitas=None, skor=None)
        url = f"{reverse('tpk:daftar')}?bulan={JULI}"
        page = login(ditutup.atasan).get(url).content.decode()

        def row(hasil) -> str:
            start = page.index(f'href="{reverse("tpk:slip", args=[hasil.nip, 2026, 7])}"')
            return page[start : page.index("</tr>", start)]

        analis = HasilTPK.objects.get(pegawai=ditutup.analis)
        assert "&lt;b&gt;Staf&lt;/b&gt; Data" in row(staf) and "<b>Staf" not in page
        assert str(FLAG_LABEL[staf.flags[0]]) in row(staf)
        assert str(FLAG_LABEL[staf.flags[0]]) not in row(analis)
        assert _rupiah(staf.netto) in row(staf) and _rupiah(analis.netto) in row(analis)
        assert staf.unit_nama in row(staf) and analis.nip in row(analis)
        # No productivity, no score: a dash for each.
        assert 'text-end">–</td>' in row(analis) and 'text-end">– <span' in row(analis)

    @pytest.mark.parametrize("who", ["staf", "orang_luar", "penilai"])
    def test_someone_without_subordinates_gets_404(self, ditutup, login, who):
        assert login(getattr(ditutup, who)).get(reverse("tpk:daftar")).status_code == 404

    def test_a_month_not_closed_says_so(self, ditutup, login):
        response = login(ditutup.admin).get(f"{reverse('tpk:daftar')}?bulan=2026-06")
        assert response.status_code == 200 and "belum ditutup" in response.content.decode()

    def test_wrong_method(self, ditutup, login):
        assert login(ditutup.admin).post(reverse("tpk:daftar")).status_code == 405


class TestPeriodeList:
    @pytest.mark.parametrize("who", ["admin", "keuangan"])
    def test_admin_and_finance_see_the_months(self, ditutup, login, who, django_assert_num_queries):
        client = login(getattr(ditutup, who))
        client.get(reverse("tpk:periode_list"))
        with django_assert_num_queries(8):
            response = client.get(reverse("tpk:periode_list"))
        rows = {r["param"]: r for r in response.context["rows"]}
        assert rows[JULI]["ditutup"] and rows[JULI]["revisi"] == [1]
        assert rows[JULI]["total"]["n"] == HasilTPK.objects.count()
        assert not rows["2026-08"]["ditutup"] and not rows["2026-08"]["berakhir"]
        page = response.content.decode()
        buka = reverse("tpk:buka", args=[2026, 7])
        assert (buka in page) == (who == "admin")

    @pytest.mark.parametrize("who", ["staf", "atasan", "penilai", "orang_luar"])
    def test_anyone_else_gets_404(self, ditutup, login, who):
        assert login(getattr(ditutup, who)).get(reverse("tpk:periode_list")).status_code == 404

    def test_wrong_method(self, ditutup, login):
        assert login(ditutup.admin).post(reverse("tpk:periode_list")).status_code == 405


class TestTutup:
    def test_the_confirmation_page(self, juli, login):
        response = login(juli.admin).get(reverse("tpk:tutup", args=[2026, 7]))
        assert response.status_code == 200
        assert (response.context["jumlah_pegawai"], response.context["revisi"]) == (8, 1)
        assert "Ya, tutup periode" in response.content.decode()
        assert not Periode.objects.closed().exists()

    def test_confirming_runs_the_close_and_shows_its_progress(
        self, juli, login, django_capture_on_commit_callbacks, monkeypatch
    ):
        # Called in-process, as the eager setting would, without leaving an eager result
        # backend behind for the real-worker tests.
        monkeypatch.setattr(
            views.close_periode_task, "delay", lambda *args: views.close_periode_task(*args)
        )
        monkeypatch.setattr("django.utils.timezone.now", lambda: b.NOW)
        client = login(juli.admin)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("tpk:tutup", args=[2026, 7]))
        progres = reverse("tpk:progres", args=[2026, 7])
        assert response.status_code == 302 and response["Location"] == f"{progres}?setelah=0"
        run = PenutupanPeriode.objects.get()
        assert (run.status, run.oleh) == ("selesai", juli.admin.user)
        assert Periode.objects.get(tahun=2026, bulan=7).is_ditutup
        page = client.get(response["Location"])
        assert page.context["run"] == run and page.context["selesai"]
        fragment = client.get(f"{reverse('tpk:progres_status', args=[2026, 7])}?setelah=0")
        assert (
            b'data-status="selesai"' in fragment.content and b"hx-trigger" not in fragment.content
        )

    def test_a_closed_month_is_refused_with_a_message(self, ditutup, login):
        response = login(ditutup.admin).get(reverse("tpk:tutup", args=[2026, 7]), follow=True)
        assert "Periode Juli 2026 sudah ditutup" in response.content.decode()

    def test_finance_may_not_close_and_anyone_else_does_not_see_it(self, juli, login):
        url = reverse("tpk:tutup", args=[2026, 7])
        assert login(juli.keuangan).get(url).status_code == 403
        assert login(juli.keuangan).post(url).status_code == 403
        for who in (juli.staf, juli.atasan, juli.orang_luar):
            assert login(who).post(url).status_code == 404
        assert not PenutupanPeriode.objects.exists()

    def test_wrong_method(self, juli, login):
        assert login(juli.admin).delete(reverse("tpk:tutup", args=[2026, 7])).status_code == 405


class TestProgres:
    def test_a_running_close_keeps_polling(self, juli, login):
        periode = Periode.objects.create(tahun=2026, bulan=7)
        PenutupanPeriode.objects.create(
            periode=periode,
            revisi=1,
            mulai_pada=b.NOW,
            diperbarui_pada=b.NOW,
            total=200,
            diproses=50,
        )
        client = login(juli.keuangan)
        page = client.get(reverse("tpk:progres", args=[2026, 7]))
        assert page.status_code == 200
        fragment = client.get(reverse("tpk:progres_status", args=[2026, 7]))
        content = fragment.content.decode()
        assert 'hx-trigger="every 1s"' in content and 'aria-valuenow="25"' in content
        assert "50 dari 200 pegawai dihitung" in content

    def test_waiting_for_the_worker(self, juli, login):
        fragment = login(juli.admin).get(reverse("tpk:progres_status", args=[2026, 7]))
        assert "Menunggu giliran" in fragment.content.decode()
        assert b"hx-trigger" in fragment.content

    @pytest.mark.parametrize("name", ["tpk:progres", "tpk:progres_status"])
    def test_anyone_else_gets_404_and_wrong_method_405(self, juli, login, name):
        url = reverse(name, args=[2026, 7])
        assert login(juli.staf).get(url).status_code == 404
        assert login(juli.admin).post(url).status_code == 405


class TestBuka:
    def test_an_admin_reopens_with_a_reason(self, ditutup, login):
        client = login(ditutup.admin)
        url = reverse("tpk:buka", args=[2026, 7])
        assert client.get(url).status_code == 200
        response = client.post(url, {"alasan": ""})
        assert response.status_code == 200 and response.context["form"].errors
        response = client.post(url, {"alasan": "Surat koreksi BKPSDM 12/2026"}, follow=True)
        assert "penutupan berikutnya menjadi revisi 2" in response.content.decode()
        pembukaan = PembukaanPeriode.objects.get()
        assert (pembukaan.oleh, pembukaan.alasan) == (
            ditutup.admin.user,
            "Surat koreksi BKPSDM 12/2026",
        )
        assert not Periode.objects.get(tahun=2026, bulan=7).is_ditutup

    def test_finance_may_not_and_anyone_else_does_not_see_it(self, ditutup, login):
        url = reverse("tpk:buka", args=[2026, 7])
        assert login(ditutup.keuangan).post(url, {"alasan": "x"}).status_code == 403
        assert login(ditutup.atasan).post(url, {"alasan": "x"}).status_code == 404
        assert not PembukaanPeriode.objects.exists()

    def test_an_open_month_cannot_be_reopened(self, juli, login):
        response = login(juli.admin).get(reverse("tpk:buka", args=[2026, 7]), follow=True)
        assert "tidak sedang ditutup" in response.content.decode()

    def test_wrong_method(self, ditutup, login):
        assert login(ditutup.admin).delete(reverse("tpk:buka", args=[2026, 7])).status_code == 405


class TestSelisih:
    @pytest.fixture
    def dua_revisi(self, ditutup):
        reopen_periode(2026, 7, alasan="Koreksi", by=ditutup.admin.user, now=b.NOW)
        b.setujui(ditutup.staf, {date(2026, 7, 1): 300}, atasan=ditutup.atasan)
        baru = f.pegawai("Pegawai Baru", ditutup.jab_staf, mulai=date(2026, 7, 1))
        close_periode(2026, 7, by=ditutup.admin.user, now=b.NOW)
        ditutup.baru = baru
        return ditutup

    @pytest.mark.parametrize("who", ["admin", "keuangan"])
    def test_the_difference_per_person(self, dua_revisi, login, who, django_assert_num_queries):
        client = login(getattr(dua_revisi, who))
        url = reverse("tpk:selisih", args=[2026, 7])
        client.get(url)
        with django_assert_num_queries(7):
            response = client.get(url)
        rows = {r["nip"]: r for r in response.context["rows"]}
        assert set(rows) == {dua_revisi.staf.nip, dua_revisi.baru.nip}
        assert rows[dua_revisi.staf.nip]["selisih"] > 0
        assert rows[dua_revisi.baru.nip]["ada_dari"] == 0
        assert (response.context["dari"], response.context["ke"]) == (1, 2)
        assert "baru" in response.content.decode()

    def test_the_same_revision_twice_is_a_form_error(self, dua_revisi, login):
        url = reverse("tpk:selisih", args=[2026, 7])
        response = login(dua_revisi.admin).get(f"{url}?dari=2&ke=2")
        assert response.context["form"].errors and response.context["rows"] == []

    def test_one_revision_is_nothing_to_compare(self, ditutup, login):
        response = login(ditutup.admin).get(reverse("tpk:selisih", args=[2026, 7]), follow=True)
        assert "belum memiliki dua revisi" in response.content.decode()

    def test_anyone_else_gets_404_and_wrong_method_405(self, dua_revisi, login):
        url = reverse("tpk:selisih", args=[2026, 7])
        assert login(dua_revisi.atasan).get(url).status_code == 404
        assert login(dua_revisi.admin).post(url).status_code == 405
