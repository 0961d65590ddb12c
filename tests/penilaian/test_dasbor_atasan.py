"""The supervisor's dashboard: each subordinate's month against the target, what still waits,
and the server-side SVG chart (pure, so it works in a PDF too)."""

import re
from datetime import date

import pytest
from django.urls import reverse

from aktivitas.models import Entri
from pegawai.services_kalender import install_jadwal_bawaan
from penilaian import views_persetujuan as views
from penilaian.models import PengalihanEntri
from penilaian.svg import Batang, bar_chart
from tests import factories as f
from tests.aktivitas.conftest import NOW

from .test_persetujuan import entri

DASBOR = reverse("penilaian:dasbor_atasan")


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(views, "_now", lambda: NOW)


class TestChart:
    def test_bars_are_scaled_stacked_and_labelled(self):
        svg = bar_chart(
            [Batang("Staf Data", (50, 25), "50%"), Batang("Ani", (100,), "100%")],
            judul="Capaian Mei 2026",
            maks=100,
            garis=100,
        )
        assert svg.startswith("<svg ") and svg.endswith("</svg>")
        assert 'role="img" aria-label="Capaian Mei 2026"' in svg
        assert "<title>Capaian Mei 2026</title>" in svg
        widths = re.findall(r'<rect x="[\d.]+" y="\d+" width="([\d.]+)" height="12" fill="#', svg)
        # per bar: the track, then its segments; the area is 320 - 44 = 276 wide
        assert widths == ["276", "138", "69", "276", "276"]
        assert 'x1="276"' in svg and ">50%</text>" in svg

    def test_text_is_escaped(self):
        svg = bar_chart([Batang("<script>x</script>", (1,))], judul='"judul" & <b>')
        assert "<script>" not in svg and "&lt;script&gt;" in svg
        assert 'aria-label="&quot;judul&quot; &amp; &lt;b&gt;"' in svg

    def test_overflow_is_clipped_and_empty_is_a_title(self):
        svg = bar_chart([Batang("Lebih", (150,))], judul="x", maks=100)
        assert 'width="276" height="12" fill="#198754"' in svg
        empty = bar_chart([], judul="Kosong")
        assert "<rect" not in empty and "<title>Kosong</title>" in empty


@pytest.mark.django_db
class TestDasbor:
    def test_each_subordinate_against_the_target(self, login, cast):
        install_jadwal_bawaan()
        staf2 = f.pegawai("Ani Pelaksana", cast.jab_staf)
        entri(cast.staf, date(2026, 5, 4), 8, status="disetujui")
        cut = entri(cast.staf, date(2026, 5, 4), 9, status="disetujui")
        Entri.objects.filter(pk=cut.pk).update(menit_diakui=30)
        entri(cast.staf, date(2026, 5, 5), 8, menit=45)
        entri(cast.staf, date(2026, 5, 6), 8)
        entri(cast.staf, date(2026, 5, 6), 9, status="ditolak")
        entri(cast.staf, date(2026, 4, 28), 8)  # April, past its deadline: waits for nobody
        elsewhere = entri(cast.staf, date(2026, 5, 7), 8)
        PengalihanEntri.objects.create(
            entri=elsewhere, ke=cast.kepala, oleh=cast.admin.user, pada=NOW, alasan="Cuti"
        )
        response = login(cast.atasan).get(DASBOR)
        assert response.status_code == 200
        rows = {r.pegawai: r for r in response.context["rows"]}
        assert list(rows) == [staf2, cast.staf]
        r = rows[cast.staf]
        assert (r.target, r.disetujui, r.diajukan, r.menunggu, r.tertua) == (
            6300,
            90,
            165,
            2,
            date(2026, 5, 5),
        )
        assert (r.persen, r.persen_diajukan) == (1, 3)
        assert (rows[staf2].disetujui, rows[staf2].menunggu, rows[staf2].tertua) == (0, 0, None)
        html = response.content.decode()
        assert "2 entri bawahan menunggu keputusan Anda." in html
        assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
        assert "Capaian menit disetujui terhadap target, Mei 2026" in html

    def test_another_month(self, login, cast):
        install_jadwal_bawaan()
        entri(cast.staf, date(2026, 4, 28), 8, status="disetujui")
        entri(cast.staf, date(2026, 5, 4), 8)
        response = login(cast.atasan).get(DASBOR, {"bulan": "2026-04"})
        row = response.context["rows"][0]
        assert (row.disetujui, row.menunggu) == (60, 1)  # waiting is always as of today
        assert response.context["berikutnya"] == "2026-05"
        assert login(cast.atasan).get(DASBOR).context["berikutnya"] is None

    def test_an_acting_supervisor_sees_their_acting_subordinates(self, login, cast):
        from .test_persetujuan import plt_kasi

        plt = plt_kasi(cast)
        response = login(plt).get(DASBOR)
        assert [r.pegawai for r in response.context["rows"]] == [cast.staf]

    def test_outsiders_and_methods(self, client, login, cast):
        assert login(cast.staf).get(DASBOR).status_code == 403
        assert login(cast.orang_luar).get(DASBOR).status_code == 403
        assert login(cast.atasan).post(DASBOR).status_code == 405
        client.logout()
        response = client.get(DASBOR)
        assert response.status_code == 302 and response["Location"].startswith("/masuk/")

    def test_query_count_does_not_grow_with_subordinates(
        self, login, cast, django_assert_num_queries
    ):
        install_jadwal_bawaan()
        client = login(cast.atasan)
        # session, user, menu roles, tree, settings, staff, schedules (five), entry totals
        with django_assert_num_queries(13):
            client.get(DASBOR)
        for i in range(20):
            p = f.pegawai(f"Pelaksana {i}", cast.jab_staf)
            entri(p, date(2026, 5, 4), 8, status="disetujui")
            entri(p, date(2026, 5, 5), 8)
        with django_assert_num_queries(13):
            response = client.get(DASBOR)
        assert len(response.context["rows"]) == 21
