"""The monthly behaviour assessment: aspects as data, the weighted score, who may assess and
when, and its screens."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from pegawai.models import LogAksi, Periode
from penilaian import views_persetujuan as views
from penilaian.defaults import BERAKHLAK, LAMA, create_default_aspects
from penilaian.exceptions import PenilaianError
from penilaian.models import Aspek, NilaiAspek, PenilaianPerilaku, SetAspek
from penilaian.services.perilaku import assess_behaviour, weighted_score
from tests import factories as f
from tests.aktivitas.conftest import NOW, WIB

from .test_persetujuan import plt_kasi

LIST = reverse("penilaian:perilaku_list")


def form_url(p, bulan="2026-05"):
    return f"{reverse('penilaian:perilaku_form', args=[p.nip])}?bulan={bulan}"


@pytest.fixture
def aspek(db):
    create_default_aspects()
    return {a.kode: a for a in Aspek.objects.filter(set_aspek__kode=LAMA)}


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(views, "_now", lambda: NOW)


def nilai(aspek, **scores) -> dict[int, int]:
    """Every applicable aspect 80 unless given."""
    return {
        a.pk: scores.get(kode.replace("-", "_"), 80)
        for kode, a in aspek.items()
        if kode != "kepemimpinan" or "kepemimpinan" in scores
    }


def test_weighted_score_is_a_pure_calculation():
    assert weighted_score([(80, Decimal(1)), (90, Decimal(1))]) == Decimal("85.00")
    assert weighted_score([(80, Decimal(3)), (90, Decimal(1))]) == Decimal("82.50")
    assert weighted_score([(1, Decimal(1)), (2, Decimal(1)), (2, Decimal(1))]) == Decimal("1.67")
    assert weighted_score([(0, Decimal("0.5"))]) == Decimal("0.00")
    with pytest.raises(ValueError):
        weighted_score([])


class TestDefaults:
    def test_the_legacy_six_are_in_force_and_berakhlak_is_ready(self, db):
        create_default_aspects(django_apps)
        lama = SetAspek.objects.get(kode=LAMA)
        assert lama.aktif and not SetAspek.objects.get(kode=BERAKHLAK).aktif
        assert [(a.nama, a.hanya_pemimpin) for a in lama.aspek.all()] == [
            ("Orientasi pelayanan", False),
            ("Integritas", False),
            ("Komitmen", False),
            ("Disiplin", False),
            ("Kerja sama", False),
            ("Kepemimpinan", True),
        ]
        assert SetAspek.objects.get(kode=BERAKHLAK).aspek.count() == 7

    def test_running_again_keeps_the_admins_choices(self, db):
        create_default_aspects()
        SetAspek.objects.update(aktif=False)
        SetAspek.objects.filter(kode=BERAKHLAK).update(aktif=True)
        Aspek.objects.filter(kode="disiplin").update(bobot=Decimal("2"))
        create_default_aspects()
        assert list(SetAspek.objects.filter(aktif=True).values_list("kode", flat=True)) == [
            BERAKHLAK
        ]
        assert Aspek.objects.get(kode="disiplin").bobot == Decimal("2")
        assert Aspek.objects.count() == 13


@pytest.mark.django_db
class TestAssess:
    def test_a_subordinate_scored_without_the_leadership_aspect(self, cast, aspek):
        scores = nilai(aspek, disiplin=60, integritas=100)
        hasil = assess_behaviour(
            cast.staf, tahun=2026, bulan=5, nilai=scores, by=cast.atasan.user, now=NOW
        )
        assert hasil.nilai == Decimal("80.00") and not hasil.pemimpin
        assert hasil.set_aspek.kode == LAMA and hasil.dinilai_oleh == cast.atasan.user
        assert NilaiAspek.objects.filter(penilaian=hasil).count() == 5
        log = LogAksi.objects.get(aksi="penilaian.perilaku")
        assert log.data["aspek"]["disiplin"] == 60 and log.data["sebelumnya"] is None

    def test_a_leader_is_scored_on_leadership_too(self, cast, aspek):
        scores = nilai(aspek, kepemimpinan=50)
        hasil = assess_behaviour(
            cast.atasan, tahun=2026, bulan=5, nilai=scores, by=cast.kepala.user, now=NOW
        )
        assert hasil.pemimpin and hasil.nilai == Decimal("75.00")  # (5 × 80 + 50) / 6

    def test_an_acting_head_counts_as_a_leader(self, cast, aspek):
        plt = plt_kasi(cast)
        hasil = assess_behaviour(
            plt,
            tahun=2026,
            bulan=5,
            nilai=nilai(aspek, kepemimpinan=80),
            by=cast.atasan.user,
            now=NOW,
        )
        assert hasil.pemimpin

    def test_weights_are_data(self, cast, aspek):
        Aspek.objects.filter(kode="disiplin").update(bobot=Decimal("3"))
        hasil = assess_behaviour(
            cast.staf,
            tahun=2026,
            bulan=5,
            nilai=nilai(aspek, disiplin=100),
            by=cast.atasan.user,
            now=NOW,
        )
        assert hasil.nilai == Decimal("88.57")  # (4 × 80 + 3 × 100) / 7

    def test_a_second_assessment_replaces_the_first_and_keeps_it_in_the_log(self, cast, aspek):
        assess_behaviour(
            cast.staf, tahun=2026, bulan=5, nilai=nilai(aspek), by=cast.atasan.user, now=NOW
        )
        hasil = assess_behaviour(
            cast.staf,
            tahun=2026,
            bulan=5,
            nilai=nilai(aspek, komitmen=30),
            catatan="Sering terlambat rapat",
            by=cast.atasan.user,
            now=NOW,
        )
        assert PenilaianPerilaku.objects.count() == 1 and hasil.nilai == Decimal("70.00")
        log = LogAksi.objects.get(aksi="penilaian.perilaku_ubah")
        assert log.data["sebelumnya"]["nilai"] == "80.00"
        assert log.data["sebelumnya"]["aspek"]["komitmen"] == 80

    def test_every_aspect_in_range(self, cast, aspek):
        by = cast.atasan.user
        scores = nilai(aspek)
        del scores[aspek["disiplin"].pk]
        with pytest.raises(PenilaianError, match="belum: Disiplin"):
            assess_behaviour(cast.staf, tahun=2026, bulan=5, nilai=scores, by=by, now=NOW)
        with pytest.raises(PenilaianError, match="Nilai Disiplin harus 0 sampai 100"):
            assess_behaviour(
                cast.staf, tahun=2026, bulan=5, nilai=nilai(aspek, disiplin=101), by=by, now=NOW
            )
        with pytest.raises(PenilaianError, match="tidak berlaku"):
            assess_behaviour(
                cast.staf,
                tahun=2026,
                bulan=5,
                nilai=nilai(aspek, kepemimpinan=90),
                by=by,
                now=NOW,
            )
        assert not PenilaianPerilaku.objects.exists()

    def test_only_the_current_supervisor(self, cast, aspek):
        for who in (cast.kepala, cast.orang_luar, cast.staf, cast.admin):
            with pytest.raises(PenilaianError, match="Hanya atasan langsung Staf Data"):
                assess_behaviour(
                    cast.staf, tahun=2026, bulan=5, nilai=nilai(aspek), by=who.user, now=NOW
                )
        plt = plt_kasi(cast)
        with pytest.raises(PenilaianError):
            assess_behaviour(
                cast.staf, tahun=2026, bulan=5, nilai=nilai(aspek), by=cast.atasan.user, now=NOW
            )
        assess_behaviour(cast.staf, tahun=2026, bulan=5, nilai=nilai(aspek), by=plt.user, now=NOW)

    def test_closed_or_future_months_and_inactive_staff_are_refused(self, cast, aspek):
        by = cast.atasan.user
        Periode.objects.create(tahun=2026, bulan=4, status="ditutup")
        with pytest.raises(PenilaianError, match="Periode April 2026 sudah ditutup"):
            assess_behaviour(cast.staf, tahun=2026, bulan=4, nilai=nilai(aspek), by=by, now=NOW)
        with pytest.raises(PenilaianError, match="Juni 2026 belum berjalan"):
            assess_behaviour(cast.staf, tahun=2026, bulan=6, nilai=nilai(aspek), by=by, now=NOW)
        with pytest.raises(PenilaianError, match="tidak aktif pada Desember 2019"):
            assess_behaviour(cast.staf, tahun=2019, bulan=12, nilai=nilai(aspek), by=by, now=NOW)

    def test_no_set_in_force(self, cast, aspek):
        SetAspek.objects.update(aktif=False)
        with pytest.raises(PenilaianError, match="Belum ada set aspek perilaku yang aktif"):
            assess_behaviour(
                cast.staf, tahun=2026, bulan=5, nilai=nilai(aspek), by=cast.atasan.user, now=NOW
            )

    def test_last_month_early_in_this_one(self, cast, aspek):
        on_the_second = datetime(2026, 6, 2, 9, 0, tzinfo=WIB)
        hasil = assess_behaviour(
            cast.staf,
            tahun=2026,
            bulan=5,
            nilai=nilai(aspek),
            by=cast.atasan.user,
            now=on_the_second,
        )
        assert (hasil.tahun, hasil.bulan) == (2026, 5)


@pytest.mark.django_db
class TestScreens:
    def test_the_list_shows_each_subordinate_and_their_score(self, login, cast, aspek):
        staf2 = f.pegawai("Ani Pelaksana", cast.jab_staf)
        assess_behaviour(
            cast.staf, tahun=2026, bulan=5, nilai=nilai(aspek), by=cast.atasan.user, now=NOW
        )
        response = login(cast.atasan).get(LIST)
        assert response.status_code == 200
        rows = response.context["rows"]
        assert [(r["pegawai"], r["penilaian"] is not None) for r in rows] == [
            (staf2, False),
            (cast.staf, True),
        ]
        assert "Nilai 80,00" in response.content.decode()
        assert (
            login(cast.atasan).get(LIST, {"bulan": "2026-04"}).context["rows"][1]["penilaian"]
            is None
        )

    def test_form_saves_and_goes_back_to_the_list(self, login, cast, aspek):
        client = login(cast.atasan)
        page = client.get(form_url(cast.staf))
        assert page.status_code == 200
        assert [name for name in page.context["form"].fields] == [
            *(f"aspek_{a.pk}" for a in aspek.values() if not a.hanya_pemimpin),
            "catatan",
        ]
        data = {f"aspek_{pk}": v for pk, v in nilai(aspek, disiplin=70).items()}
        response = client.post(form_url(cast.staf), {**data, "catatan": "Baik"})
        assert response.status_code == 302 and response["Location"] == f"{LIST}?bulan=2026-05"
        after = client.get(response["Location"])
        assert [str(m) for m in after.context["messages"]] == [
            "Perilaku Staf Data pada Mei 2026 dinilai 78,00."
        ]
        again = client.get(form_url(cast.staf))
        assert again.context["form"].initial[f"aspek_{aspek['disiplin'].pk}"] == 70

    def test_bad_scores_are_explained(self, login, cast, aspek):
        client = login(cast.atasan)
        data = {f"aspek_{pk}": v for pk, v in nilai(aspek).items()}
        data[f"aspek_{aspek['disiplin'].pk}"] = "150"
        response = client.post(form_url(cast.staf), data)
        assert response.status_code == 400
        assert not PenilaianPerilaku.objects.exists()
        Periode.objects.create(tahun=2026, bulan=4, status="ditutup")
        data[f"aspek_{aspek['disiplin'].pk}"] = "90"
        closed = client.post(form_url(cast.staf, "2026-04"), data)
        assert closed.status_code == 400
        assert "Periode April 2026 sudah ditutup" in closed.content.decode()

    def test_no_set_in_force_sends_back_to_the_list(self, login, cast, aspek):
        SetAspek.objects.update(aktif=False)
        response = login(cast.atasan).get(form_url(cast.staf))
        assert response.status_code == 302

    def test_outsiders(self, login, cast, aspek):
        assert login(cast.staf).get(LIST).status_code == 403  # no subordinates
        assert login(cast.orang_luar).get(form_url(cast.staf)).status_code == 404
        assert login(cast.kepala).get(form_url(cast.staf)).status_code == 403  # sees, not theirs
        assert login(cast.admin).get(form_url(cast.staf)).status_code == 403
        assert login(cast.atasan).get(form_url(cast.kepala)).status_code == 404

    def test_wrong_method_and_login(self, client, login, cast, aspek):
        assert login(cast.atasan).post(LIST).status_code == 405
        assert login(cast.atasan).delete(form_url(cast.staf)).status_code == 405
        client.logout()
        for url in (LIST, form_url(cast.staf)):
            response = client.get(url)
            assert response.status_code == 302 and response["Location"].startswith("/masuk/")

    def test_list_query_count_is_fixed(self, login, cast, aspek, django_assert_num_queries):
        client = login(cast.atasan)
        with django_assert_num_queries(7):  # session, user, roles, tree, staff, assessments
            client.get(LIST)
        for i in range(15):
            p = f.pegawai(f"Pelaksana {i}", cast.jab_staf)
            assess_behaviour(
                p, tahun=2026, bulan=5, nilai=nilai(aspek), by=cast.atasan.user, now=NOW
            )
        with django_assert_num_queries(7):
            response = client.get(LIST)
        assert len(response.context["rows"]) == 16

    def test_a_month_that_is_not_one(self, login, cast, aspek):
        response = login(cast.atasan).get(LIST, {"bulan": "2026-13"})
        assert response.context["bulan"] == date(2026, 5, 1)
        assert "Bulan tidak dikenali" in response.content.decode()
