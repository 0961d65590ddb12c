"""Screens of attendance: who may see, who may change, and what each shows."""

from datetime import date, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from pegawai.kehadiran_impor import import_kehadiran
from pegawai.models import Izin, Kehadiran, RiwayatKehadiran
from pegawai.services_kalender import install_jadwal_bawaan
from pegawai.services_kehadiran import create_izin
from tests import factories as f

pytestmark = pytest.mark.django_db
SAMPLE = Path("/work/shared/data/attlog-sample.dat")
TZ = timezone.get_current_timezone()
NOW = datetime(2026, 3, 20, 9, tzinfo=TZ)
MARET = {"bulan": "2026-03"}


@pytest.fixture
def data(cast):
    """The sample file imported: the staf is PIN 101, two colleagues in the seksi 103 and 104."""
    install_jadwal_bawaan()
    cast.staf.pin_absen = "101"
    cast.staf.save(update_fields=["pin_absen"])
    f.pegawai("Pegawai 103", cast.jab_staf, pin_absen="103")
    f.pegawai("Pegawai 104", cast.jab_staf, pin_absen="104")
    import_kehadiran(SAMPLE.read_bytes(), filename=SAMPLE.name, by=None, now=NOW)
    return cast


def month_url(p):
    return reverse("pegawai:kehadiran", args=[p.nip])


def koreksi_url(p, tanggal="2026-03-04"):
    return reverse("pegawai:kehadiran_koreksi", args=[p.nip, tanggal])


class TestBulanPegawai:
    def test_my_attendance_leads_to_my_month(self, login, cast):
        response = login(cast.staf).get(reverse("pegawai:kehadiran_saya"), MARET)
        assert response.url == month_url(cast.staf) + "?bulan=2026-03"

    def test_shows_each_working_day_with_its_code_and_times(self, login, data):
        response = login(data.staf).get(month_url(data.staf), MARET)
        assert response.status_code == 200
        page = response.content.decode()
        assert 'data-testid="kode-2026-03-04"><span class="badge text-bg-warning">PSW1' in page
        assert 'data-testid="kode-2026-03-02"><span class="badge text-bg-success">H' in page
        assert "16:14" in page and "−16′" in page
        ringkasan = response.context["ringkasan"]
        assert (ringkasan.per_kode["H"], ringkasan.psw) == (10, 3)
        assert "Koreksi</a>" not in page  # staff do not correct

    def test_shows_the_leave_of_the_month(self, login, data):
        create_izin(
            data.staf,
            kode="CT",
            mulai=date(2026, 3, 16),
            selesai=date(2026, 3, 18),
            alasan="Ke kampung",
            by=None,
            now=NOW,
        )
        page = login(data.staf).get(month_url(data.staf), MARET).content.decode()
        assert 'data-testid="jumlah-izin"><span class="badge text-bg-info">CT</span> 3' in page
        assert "Ke kampung" in page

    def test_the_admin_gets_a_correction_link_per_past_working_day(self, login, data):
        page = login(data.admin).get(month_url(data.staf), MARET).content.decode()
        assert koreksi_url(data.staf) in page
        assert koreksi_url(data.staf, "2026-03-07") not in page  # a Saturday

    def test_the_supervisor_sees_a_subordinate_and_nobody_else_does(self, login, data):
        url = month_url(data.staf)
        assert login(data.atasan).get(url).status_code == 200
        assert login(data.penilai).get(url).status_code == 200
        assert login(data.orang_luar).get(url).status_code == 404
        assert login(data.staf).get(month_url(data.atasan)).status_code == 404

    def test_is_read_only(self, login, data):
        assert login(data.staf).post(month_url(data.staf)).status_code == 405

    def test_query_count_is_fixed(self, client, data, django_assert_num_queries):
        def count():
            client.force_login(data.staf.user)
            # Session, user, roles with the menu's notifications; the schedule (5), the days,
            # leave, history, the month's status.
            with django_assert_num_queries(12):
                client.get(month_url(data.staf), MARET)

        count()
        create_izin(
            data.staf,
            kode="CT",
            mulai=date(2026, 3, 16),
            selesai=date(2026, 3, 18),
            alasan="x",
            by=None,
            now=NOW,
        )
        create_izin(
            data.staf,
            kode="DL",
            mulai=date(2026, 3, 19),
            selesai=date(2026, 3, 19),
            alasan="y",
            by=None,
            now=NOW,
        )
        count()


class TestGridUnit:
    def grid(self, cast):
        return reverse("pegawai:kehadiran_unit", args=[cast.seksi.pk])

    def test_shows_a_code_per_person_per_day(self, login, data):
        response = login(data.admin).get(self.grid(data), MARET)
        assert response.status_code == 200
        page = response.content.decode()
        assert f'data-testid="{data.staf.nip}-2026-03-04">' in page
        assert [row["pegawai"].nama for row in response.context["rows"]] == [
            "Pegawai 103",
            "Pegawai 104",
            "Staf Data",
        ]
        cells = {c["tanggal"]: c for c in response.context["rows"][0]["cells"]}
        assert cells[date(2026, 3, 6)]["teks"] == "TL2\nPSW1"
        assert cells[date(2026, 3, 7)]["k"] is None and not cells[date(2026, 3, 7)]["kerja"]
        assert "TL2<br>PSW1" in page

    def test_a_supervisor_sees_only_their_people(self, login, data):
        response = login(data.atasan).get(
            reverse("pegawai:kehadiran_unit", args=[data.opd.pk]), MARET
        )
        assert response.status_code == 200
        names = {row["pegawai"].nama for row in response.context["rows"]}
        assert names == {"Staf Data", "Pegawai 103", "Pegawai 104"}  # not the kabid, not the kepala

    def test_outsiders_get_404(self, login, data):
        assert login(data.orang_luar).get(self.grid(data)).status_code == 404
        assert login(data.staf).get(self.grid(data)).status_code == 404
        assert (
            login(data.admin).get(reverse("pegawai:kehadiran_unit", args=[99999])).status_code
            == 404
        )

    def test_is_read_only(self, login, data):
        assert login(data.admin).post(self.grid(data)).status_code == 405

    def test_query_count_does_not_grow_with_the_staff(
        self, client, data, django_assert_num_queries
    ):
        client.force_login(data.penilai.user)
        # Session, user, roles with the menu's notifications, the unit, the page (count and rows),
        # the schedule (5), the days, the month's status.
        with django_assert_num_queries(13):
            client.get(self.grid(data), MARET)
        for i in range(8):
            f.pegawai(f"Tambahan {i}", data.jab_staf, pin_absen=f"9{i}")
        text = "".join(
            f"9{i}\t2026-03-0{d} 07:5{i}\t1\t0\t0\t0\n" for i in range(8) for d in (2, 3)
        )
        import_kehadiran(text, by=None, now=NOW)
        with django_assert_num_queries(13):
            response = client.get(self.grid(data), MARET)
        assert len(response.context["rows"]) == 11


class TestIndex:
    def test_everyone_with_a_view_gets_units(self, login, data):
        response = login(data.keuangan).get(reverse("pegawai:kehadiran_index"))
        assert data.seksi in response.context["units"]
        atasan = login(data.atasan).get(reverse("pegawai:kehadiran_index"))
        assert atasan.context["units"] == [data.seksi]

    def test_staff_without_people_go_to_their_own_month(self, login, data):
        response = login(data.staf).get(reverse("pegawai:kehadiran_index"))
        assert response.url == reverse("pegawai:kehadiran_saya")

    def test_is_read_only(self, login, data):
        assert login(data.admin).post(reverse("pegawai:kehadiran_index")).status_code == 405


class TestIzin:
    def post(self, client, cast, **extra):
        data = {
            "pegawai": cast.staf.nip,
            "kode": "CT",
            "mulai": "2026-03-09",
            "selesai": "2026-03-11",
            "alasan": "Cuti tahunan",
            "dasar": "",
        }
        return client.post(reverse("pegawai:izin_list") + "?bulan=2026-03", data | extra)

    def test_the_admin_records_leave(self, login, data):
        response = self.post(login(data.admin), data)
        assert response.status_code == 302
        assert response.url == reverse("pegawai:izin_list") + "?bulan=2026-03"
        izin = Izin.objects.get()
        assert (izin.pegawai, izin.kode, izin.dibuat_oleh) == (data.staf, "CT", data.admin.user)
        assert Kehadiran.objects.get(pegawai=data.staf, tanggal=date(2026, 3, 10)).kode == "CT"
        page = login(data.admin).get(reverse("pegawai:izin_list"), MARET).content.decode()
        assert "Cuti tahunan" in page and data.staf.nama in page

    def test_a_bad_form_or_a_broken_rule_comes_back_with_400(self, login, data):
        client = login(data.admin)
        assert self.post(client, data, pegawai="199901012020011999").status_code == 400
        assert self.post(client, data, selesai="2026-03-01").status_code == 400
        assert self.post(client, data, mulai="2026-03-07", selesai="2026-03-08").status_code == 400
        assert not Izin.objects.exists()

    def test_the_review_team_sees_but_may_not_record(self, login, data):
        client = login(data.penilai)
        assert client.get(reverse("pegawai:izin_list")).status_code == 200
        assert self.post(client, data).status_code == 403
        assert not Izin.objects.exists()

    def test_staff_may_not_see_the_list(self, login, data):
        assert login(data.staf).get(reverse("pegawai:izin_list")).status_code == 403
        assert self.post(login(data.staf), data).status_code == 403

    def test_wrong_method(self, login, data):
        assert login(data.admin).put(reverse("pegawai:izin_list")).status_code == 405

    def test_cancel(self, login, data):
        hasil = create_izin(
            data.staf,
            kode="DL",
            mulai=date(2026, 3, 9),
            selesai=date(2026, 3, 9),
            alasan="x",
            by=None,
            now=NOW,
        )
        url = reverse("pegawai:izin_batal", args=[hasil.izin.pk])
        assert login(data.orang_luar).post(url, {"alasan": "a"}).status_code == 404
        assert login(data.staf).post(url, {"alasan": "a"}).status_code == 403  # sees it, may not
        assert login(data.penilai).post(url, {"alasan": "a"}).status_code == 403
        assert login(data.admin).get(url).status_code == 405
        no_reason = login(data.admin).post(url, {"alasan": ""})
        assert no_reason.status_code == 302 and Izin.objects.get().is_aktif
        done = login(data.admin).post(url, {"alasan": "Batal berangkat"})
        assert done.status_code == 302
        izin = Izin.objects.get()
        assert not izin.is_aktif and izin.alasan_batal == "Batal berangkat"
        assert Kehadiran.objects.get(pegawai=data.staf, tanggal=date(2026, 3, 9)).kode == "H"


class TestKoreksi:
    def test_the_admin_corrects_a_day(self, login, data):
        client = login(data.admin)
        page = client.get(koreksi_url(data.staf))
        assert page.status_code == 200
        assert 'data-testid="scan">07:38:00, 16:14:00<' in page.content.decode()  # the evidence
        response = client.post(
            koreksi_url(data.staf),
            {"kode": "H", "tl": "0", "psw": "0", "alasan": "Izin atasan pulang awal"},
        )
        assert response.status_code == 302
        assert response.url == month_url(data.staf) + "?bulan=2026-03"
        k = Kehadiran.objects.get(pegawai=data.staf, tanggal=date(2026, 3, 4))
        assert (k.tampil, k.sumber) == ("H", "koreksi")
        page = client.get(koreksi_url(data.staf)).content.decode()
        assert "Izin atasan pulang awal" in page and "Batalkan koreksi" in page

    def test_withdraw(self, login, data):
        client = login(data.admin)
        client.post(koreksi_url(data.staf), {"kode": "TK", "alasan": "x"})
        response = client.post(koreksi_url(data.staf), {"aksi": "batal", "alasan": "keliru"})
        assert response.status_code == 302
        assert Kehadiran.objects.get(pegawai=data.staf, tanggal=date(2026, 3, 4)).tampil == "PSW1"
        assert RiwayatKehadiran.objects.filter(aksi="koreksi_batal").count() == 1

    def test_refusals_come_back_with_400(self, login, data):
        client = login(data.admin)
        assert client.post(koreksi_url(data.staf), {"kode": "H", "alasan": ""}).status_code == 400
        assert (
            client.post(
                koreksi_url(data.staf), {"kode": "CT", "tl": "2", "alasan": "x"}
            ).status_code
            == 400
        )
        same = client.post(koreksi_url(data.staf), {"kode": "H", "psw": "1", "alasan": "x"})
        assert same.status_code == 400 and "sudah tercatat" in same.content.decode()
        saturday = client.post(koreksi_url(data.staf, "2026-03-07"), {"kode": "H", "alasan": "x"})
        assert saturday.status_code == 400 and "bukan hari kerja" in saturday.content.decode()
        assert client.get(koreksi_url(data.staf, "2026-02-30")).status_code == 404

    def test_who_may_not(self, login, data):
        assert login(data.orang_luar).get(koreksi_url(data.staf)).status_code == 404
        assert login(data.staf).get(koreksi_url(data.staf)).status_code == 403
        assert (
            login(data.atasan)
            .post(koreksi_url(data.staf), {"kode": "H", "alasan": "x"})
            .status_code
            == 403
        )
        assert login(data.admin).put(koreksi_url(data.staf)).status_code == 405
        assert not RiwayatKehadiran.objects.exists()


class TestImport:
    url = "/pegawai/kehadiran/impor/"

    def test_url(self):
        assert reverse("pegawai:kehadiran_import") == self.url

    def upload(self, client, content: bytes, name="attlog.dat", **extra):
        return client.post(
            self.url, {"berkas": SimpleUploadedFile(name, content), "format": "mesin"} | extra
        )

    def test_the_admin_imports_and_sees_the_unknown_pins(self, login, cast):
        install_jadwal_bawaan()
        cast.staf.pin_absen = "101"
        cast.staf.save(update_fields=["pin_absen"])
        client = login(cast.admin)
        assert client.get(self.url).status_code == 200
        response = self.upload(client, SAMPLE.read_bytes())
        assert response.status_code == 200
        page = response.content.decode()
        assert "PIN 103 tidak terdaftar" in page and "PIN 105 tidak terdaftar" in page
        assert response.context["result"].pegawai == 1
        assert Kehadiran.objects.filter(pegawai=cast.staf).exists()
        again = self.upload(client, SAMPLE.read_bytes())
        assert "tidak ada yang berubah" in again.content.decode()

    def test_errors_are_listed_by_row_and_column(self, login, cast):
        response = self.upload(login(cast.admin), b"   101\tkemarin\t1\t0\t0\t0\n")
        assert response.status_code == 400
        page = response.content.decode()
        assert "<td>1</td><td>WAKTU (kolom 2)</td>" in page
        assert not Kehadiran.objects.exists()

    def test_a_daily_summary(self, login, cast):
        install_jadwal_bawaan()
        text = f"NIP;TANGGAL;KODE\n{cast.staf.nip};02-03-2026;TL3\n".encode()
        response = self.upload(login(cast.admin), text, name="rekap.csv", format="harian")
        assert response.status_code == 200
        assert Kehadiran.objects.get(pegawai=cast.staf).tampil == "TL3"

    def test_a_month_only_for_machine_logs(self, login, cast):
        response = self.upload(
            login(cast.admin), b"x", name="rekap.csv", format="harian", bulan="2026-03"
        )
        assert response.status_code == 400

    def test_only_the_admin(self, login, cast):
        assert login(cast.penilai).get(self.url).status_code == 403
        assert self.upload(login(cast.staf), SAMPLE.read_bytes()).status_code == 403
        assert login(cast.admin).put(self.url).status_code == 405


class TestCommand:
    def test_imports_a_machine_log(self, cast):
        install_jadwal_bawaan()
        cast.staf.pin_absen = "101"
        cast.staf.save(update_fields=["pin_absen"])
        out, err = StringIO(), StringIO()
        call_command("import_kehadiran", str(SAMPLE), "--bulan", "2026-03", stdout=out, stderr=err)
        assert "Impor selesai: 01-03-2026 s.d. 31-03-2026" in out.getvalue()
        assert "PIN 105 tidak terdaftar" in err.getvalue()
        assert (
            Kehadiran.objects.filter(pegawai=cast.staf, tanggal=date(2026, 3, 4)).get().tampil
            == "PSW1"
        )

    def test_reports_errors_and_saves_nothing(self, cast, tmp_path):
        bad = tmp_path / "rusak.dat"
        bad.write_text("   101\t2026-03-02 7:5\t1\t0\t0\t0\n")
        err = StringIO()
        with pytest.raises(CommandError, match="1 masalah"):
            call_command("import_kehadiran", str(bad), stderr=err)
        assert "baris 1, kolom WAKTU (kolom 2)" in err.getvalue()

    def test_refuses_a_bad_month(self, cast):
        with pytest.raises(CommandError, match="tidak dikenali"):
            call_command("import_kehadiran", str(SAMPLE), "--bulan", "2026-13")
