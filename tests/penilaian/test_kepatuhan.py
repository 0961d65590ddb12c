"""Supervisor compliance on a constructed month (April 2026, validation deadline 5 May): the
figures per person, the review team's bucket, the deadline job's record, a unit filter, the
chart, and a fixed number of queries."""

from datetime import date, datetime, time

import pytest
from django.urls import reverse

from aktivitas.models import Entri, RiwayatEntri
from penilaian import kepatuhan, views_keberatan
from penilaian.kepatuhan import TIM, grafik, kepatuhan_bulan
from penilaian.models import EntriLewatBatas, PengaturanPenilaian
from tests import factories as f
from tests.aktivitas.conftest import NOW, WIB, Katalog

pytestmark = pytest.mark.django_db
S = Entri.Status
HARI_INI = date(2026, 5, 13)


def at(day, hour=10, minute=0):
    return datetime(2026, *day, hour, minute, tzinfo=WIB)


class Bulan:
    """Entries written straight into the tables, with their history at chosen moments."""

    def __init__(self, katalog):
        self.aktivitas = katalog.rapat
        self.jam = 7

    def entri(self, pegawai, tanggal):
        self.jam += 1
        return Entri.objects.create(
            pegawai=pegawai,
            tanggal=tanggal,
            mulai=time(self.jam % 24),
            selesai=time(self.jam % 24, 59),
            aktivitas=self.aktivitas,
            volume=1,
            uraian="Rapat",
            menit_standar=60,
            menit=59,
            status=S.DRAF,
            dibuat_pada=NOW,
            diubah_pada=NOW,
        )

    def riwayat(self, entri, dari, ke, pada, oleh):
        RiwayatEntri.objects.create(
            entri=entri, oleh=oleh, pada=pada, dari_status=dari, ke_status=ke
        )
        Entri.objects.filter(pk=entri.pk).update(status=ke)

    def ajukan(self, entri, pada):
        self.riwayat(entri, S.DRAF, S.DIAJUKAN, pada, entri.pegawai.user)

    def putuskan(self, entri, pada, oleh, ke=S.DISETUJUI):
        self.riwayat(entri, S.DIAJUKAN, ke, pada, oleh)

    def diputuskan(self, pegawai, tanggal, diajukan, diputuskan, oleh, ke=S.DISETUJUI):
        e = self.entri(pegawai, tanggal)
        self.ajukan(e, diajukan)
        self.putuskan(e, diputuskan, oleh, ke)
        return e

    def menunggu(self, pegawai, tanggal, diajukan):
        e = self.entri(pegawai, tanggal)
        self.ajukan(e, diajukan)
        return e


@pytest.fixture
def bulan(cast):
    return Bulan(Katalog(cast))


@pytest.fixture
def april(cast, bulan):
    """The staff member's supervisor (the kabid) decides four on time, one late, leaves one
    waiting and one the deadline job settled; the kepala decides the kabid's one in half a day;
    the kepala's own waits for the review team; another OPD's head decides one."""
    kabid, kepala = cast.atasan.user, cast.kepala.user
    bulan.diputuskan(cast.staf, date(2026, 4, 1), at((4, 1)), at((4, 3)), kabid)  # 2 days
    bulan.diputuskan(cast.staf, date(2026, 4, 10), at((4, 10)), at((4, 11)), kabid, S.DITOLAK)
    bulan.diputuskan(cast.staf, date(2026, 4, 20), at((4, 20)), at((5, 7)), kabid)  # late
    # Rejected after 4 hours, resubmitted the next morning, approved a day later.
    e = bulan.entri(cast.staf, date(2026, 4, 22))
    bulan.ajukan(e, at((4, 22), 8))
    bulan.putuskan(e, at((4, 22), 12), kabid, S.DITOLAK)
    bulan.ajukan(e, at((4, 23), 8))
    bulan.putuskan(e, at((4, 24), 8), kabid)
    bulan.menunggu(cast.staf, date(2026, 4, 21), at((4, 21)))
    # Auto-approved by the deadline job (by nobody), recorded against the kabid.
    e = bulan.menunggu(cast.staf, date(2026, 4, 23), at((4, 23)))
    bulan.putuskan(e, at((5, 6), 0, 5), None)
    EntriLewatBatas.objects.create(
        entri=e,
        pegawai=cast.staf,
        tanggal=e.tanggal,
        menit=e.menit,
        tahun=2026,
        bulan=4,
        kebijakan=PengaturanPenilaian.Kebijakan.DISETUJUI_OTOMATIS,
        atasan=cast.atasan,
        batas=date(2026, 5, 5),
        diterapkan_pada=at((5, 6), 0, 5),
    )
    bulan.diputuskan(cast.atasan, date(2026, 4, 2), at((4, 2), 9), at((4, 2), 21), kepala)
    bulan.menunggu(cast.kepala, date(2026, 4, 3), at((4, 3)))
    kepala_lain = f.Pegawai.objects.get(nama="Kepala Badan Lain")
    bulan.diputuskan(cast.orang_luar, date(2026, 4, 6), at((4, 6)), at((4, 7)), kepala_lain.user)
    # Outside the month: neither counts.
    bulan.diputuskan(cast.staf, date(2026, 3, 31), at((3, 31)), at((4, 1)), kabid)
    bulan.diputuskan(cast.staf, date(2026, 5, 4), at((5, 4)), at((5, 4), 12), kabid)
    return kepala_lain


def rows_by_name(report):
    return {row.nama: row for row in report.baris}


class TestFigures:
    def test_per_person(self, cast, april):
        report = kepatuhan_bulan(2026, 4, today=HARI_INI)
        assert report.batas == date(2026, 5, 5)
        rows = rows_by_name(report)
        kabid = rows["Kabid Umum"]
        assert kabid.pegawai == cast.atasan
        assert (kabid.diputuskan, kabid.tepat_waktu, kabid.terlambat) == (5, 4, 1)
        assert kabid.belum == 2  # one still waiting, one settled by the deadline job
        assert kabid.persen_tepat == pytest.approx(100 * 4 / 7)
        # Days from submission to decision: 2, 1, 17, 1/6 and 1 (from the resubmission).
        assert kabid.median_hari == pytest.approx(1.0)
        kepala = rows["Kepala Dinas Contoh"]
        assert (kepala.diputuskan, kepala.tepat_waktu, kepala.belum) == (1, 1, 0)
        assert kepala.median_hari == pytest.approx(0.5) and kepala.persen_tepat == 100
        tim = rows["Tim penilai (pegawai tanpa atasan)"]
        assert tim.kunci == TIM and tim.pegawai is None
        assert (tim.diputuskan, tim.belum, tim.persen_tepat) == (0, 1, 0)
        assert rows["Kepala Badan Lain"].diputuskan == 1

    def test_worst_first(self, april):
        report = kepatuhan_bulan(2026, 4, today=HARI_INI)
        assert [row.nama for row in report.baris] == [
            "Tim penilai (pegawai tanpa atasan)",
            "Kabid Umum",
            "Kepala Badan Lain",
            "Kepala Dinas Contoh",
        ]

    def test_totals(self, april):
        total = kepatuhan_bulan(2026, 4, today=HARI_INI).total
        assert (total.diputuskan, total.tepat_waktu, total.belum) == (7, 6, 3)
        assert total.persen_tepat == pytest.approx(60.0)
        # 1/6, 0.5, 1, 1, 1, 2, 17
        assert total.median_hari == pytest.approx(1.0)

    def test_the_deadline_is_the_pemdas_setting(self, april):
        PengaturanPenilaian.objects.create(pk=1, batas_validasi_hari=10)
        report = kepatuhan_bulan(2026, 4, today=HARI_INI)
        assert report.batas == date(2026, 5, 10)
        assert rows_by_name(report)["Kabid Umum"].tepat_waktu == 5

    def test_a_unit_filter_keeps_its_staff(self, cast, april):
        report = kepatuhan_bulan(2026, 4, unit=cast.opd, today=HARI_INI)
        assert "Kepala Badan Lain" not in rows_by_name(report)
        assert report.total.diputuskan == 6
        report = kepatuhan_bulan(2026, 4, unit=cast.opd_lain, today=HARI_INI)
        assert list(rows_by_name(report)) == ["Kepala Badan Lain"]

    def test_before_the_deadline_waiting_entries_go_to_todays_supervisor(self, cast, bulan):
        bulan.menunggu(cast.staf, date(2026, 5, 4), at((5, 4)))
        report = kepatuhan_bulan(2026, 5, today=HARI_INI)
        [row] = report.baris
        assert row.pegawai == cast.atasan and row.belum == 1 and row.persen_tepat == 0

    @pytest.mark.parametrize("unit", [None, "opd", "opd_lain"])
    def test_the_portable_count_for_sqlite_agrees_with_the_statement(self, cast, april, unit):
        unit = getattr(cast, unit) if unit else None
        args = (date(2026, 4, 1), date(2026, 4, 30), kepatuhan._akhir_batas(date(2026, 5, 5)))
        statement = kepatuhan._keputusan(*args, unit)
        portable = kepatuhan._keputusan_portable(*args, unit)

        def by_user(rows):
            return {
                r[0]: (r[1], r[2], r[3], None if r[4] is None else round(r[4], 6)) for r in rows
            }

        assert by_user(portable) == by_user(statement)
        assert None in by_user(portable)  # the total row, as ROLLUP gives it

    def test_an_empty_month(self, cast):
        report = kepatuhan_bulan(2026, 2, today=HARI_INI)
        assert report.baris == [] and report.total.persen_tepat is None
        assert report.total.median_hari is None

    def test_a_fixed_number_of_queries(self, cast, bulan, django_assert_num_queries):
        kabid = cast.atasan.user
        bulan.diputuskan(cast.staf, date(2026, 4, 1), at((4, 1)), at((4, 2)), kabid)
        bulan.menunggu(cast.staf, date(2026, 4, 2), at((4, 2)))
        # Settings; the decisions; recorded, waiting; the hierarchy (two); the people.
        with django_assert_num_queries(7):
            kepatuhan_bulan(2026, 4, today=HARI_INI)
        # Ten more supervisors, each with a subordinate, decided and waiting entries.
        for i in range(10):
            jab = f.jabatan(f"Kasi {i}", cast.seksi, atasan=cast.jab_kabid, kelas=9)
            kasi = f.pegawai(f"Kasi {i}", jab)
            staf = f.pegawai(f"Staf {i}", f.jabatan(f"Staf {i}", cast.seksi, atasan=jab))
            bulan.diputuskan(staf, date(2026, 4, 2), at((4, 2)), at((4, 3)), kasi.user)
            bulan.menunggu(staf, date(2026, 4, 3), at((4, 3)))
        with django_assert_num_queries(7):
            report = kepatuhan_bulan(2026, 4, today=HARI_INI)
        assert len(report.baris) == 11


class TestChart:
    def test_a_bar_per_person_coloured_by_band(self, april):
        svg = str(grafik(kepatuhan_bulan(2026, 4, today=HARI_INI).baris))
        assert svg.startswith("<svg") and svg.count("<text") == 8  # name and figure each
        # 276 units for 100%: the kabid's 4 of 7 in time is red, the kepala's all is green.
        assert 'width="157.7" height="12" fill="#dc3545"><title>Kabid Umum: 57.1' in svg
        assert 'width="276" height="12" fill="#198754"><title>Kepala Dinas Contoh: 100' in svg
        assert ">57%</text>" in svg and ">0%</text>" in svg

    def test_the_middle_band_is_yellow(self, cast, bulan):
        kabid = cast.atasan.user
        for day in range(1, 4):
            bulan.diputuskan(cast.staf, date(2026, 4, day), at((4, day)), at((4, day)), kabid)
        bulan.diputuskan(cast.staf, date(2026, 4, 4), at((4, 4)), at((5, 9)), kabid)
        svg = str(grafik(kepatuhan_bulan(2026, 4, today=HARI_INI).baris))
        assert 'fill="#ffc107"><title>Kabid Umum: 75' in svg


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr(views_keberatan, "_now", lambda: NOW)


class TestScreen:
    def test_the_admin_sees_last_month_with_its_chart(self, login, cast, april, clock):
        response = login(cast.admin).get(reverse("penilaian:kepatuhan"))
        page = response.content.decode()
        assert response.status_code == 200
        assert "Kepatuhan atasan · April 2026" in page
        assert "Selasa, 5 Mei 2026" in page
        assert page.count("<svg") == 1 and "<title>Kabid Umum: 57.1" in page

    def test_another_month_and_unit(self, login, cast, april, clock):
        response = login(cast.admin).get(
            reverse("penilaian:kepatuhan"), {"bulan": "2026-04", "unit": cast.opd_lain.pk}
        )
        assert [r.nama for r in response.context["page"]] == ["Kepala Badan Lain"]

    def test_a_bad_month_is_a_message(self, login, cast, clock):
        response = login(cast.admin).get(reverse("penilaian:kepatuhan"), {"bulan": "2026-13"})
        assert response.status_code == 400
        assert "Tulis bulan sebagai YYYY-MM." in response.content.decode()

    @pytest.mark.parametrize("bulan", ["9999-12", "0000-01"])
    def test_a_month_outside_the_years_is_a_message_not_an_error(self, login, cast, clock, bulan):
        response = login(cast.admin).get(reverse("penilaian:kepatuhan"), {"bulan": bulan})
        assert response.status_code == 400
        assert "Bulan di luar rentang tahun 2000–2100." in response.content.decode()

    @pytest.mark.parametrize("who", ["staf", "atasan", "kepala", "penilai", "keuangan"])
    def test_only_for_the_admin_kepegawaian(self, login, cast, clock, who):
        assert login(getattr(cast, who)).get(reverse("penilaian:kepatuhan")).status_code == 403

    def test_read_only(self, login, cast, clock):
        assert login(cast.admin).post(reverse("penilaian:kepatuhan")).status_code == 405

    def test_a_fixed_number_of_queries(
        self, login, cast, bulan, april, clock, django_assert_num_queries
    ):
        client = login(cast.admin)
        # session, user, roles with the unread notifications; the report's seven; the unit choices.
        with django_assert_num_queries(11):
            client.get(reverse("penilaian:kepatuhan"))
        for i in range(5):
            jab = f.jabatan(f"Kasi {i}", cast.seksi, atasan=cast.jab_kabid, kelas=9)
            kasi = f.pegawai(f"Kasi {i}", jab)
            staf = f.pegawai(f"Staf {i}", f.jabatan(f"Staf {i}", cast.seksi, atasan=jab))
            bulan.diputuskan(staf, date(2026, 4, 2), at((4, 2)), at((4, 3)), kasi.user)
        with django_assert_num_queries(11):
            response = client.get(reverse("penilaian:kepatuhan"))
        assert len(response.context["page"]) == 9
