"""The monthly close (tpk.penutupan.close_periode): domain.md's worked example end to end, the
snapshot, the staff it covers (a CPNS, a joiner, T = 0, leave credited), the sign-off policy,
what it records and what it refuses."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pegawai.models import HariLibur, Kehadiran, LogAksi, Pegawai, Periode, Roster, User
from penilaian.models import NilaiTim, PenilaianPerilaku, SetAspek, TandaTanganUnit, TimPenilai
from tests import factories as f
from tpk.defaults import create_default_aturan
from tpk.exceptions import TPKError
from tpk.models import AturanTPK, HasilTPK, PengaturanTPK, PenutupanPeriode, TarifKelas
from tpk.penutupan import _claim, close_periode, reopen_periode
from tpk.signals import periode_ditutup
from tpk.trace import format_trace

from . import bulan as b
from .bulan import tanpa_ekspor  # noqa: F401 (autouse)

pytestmark = pytest.mark.django_db

CONTOH_TRACE = [
    "Aturan TPK: Aturan TPK bawaan, berlaku mulai 01-01-2000.",
    "Pegawai: PNS, golongan III/b, kelas jabatan 7.",
    "Hari kerja: 22 dari 22 hari kerja jadwal bulan ini.",
    "Target T = 6.600 menit; menit disetujui A = 6.270; kredit L = 0.",
    "Produktivitas P = min(6.270 + 0, 6.600) / 6.600 = 0,95",
    "Potongan 01-07-2026: TL1 0,5%",
    "Potongan 08-07-2026: TL1 0,5%",
    "Potongan 15-07-2026: TL2 1%",
    "Potongan 22-07-2026: PSW1 0,5%",
    "Jumlah potongan = 0,5% + 0,5% + 1% + 0,5% = 2,5%",
    "Disiplin K = max(0, 100% − 2,5%) = 0,975",
    "Skor S = 100 × (0,6 × 0,95 + 0,4 × 0,975) = 96,00",
    "Predikat A (Sangat Baik): S ≥ 91",
    "Persentase bayar = S = 96,00% (mode linear)",
    "Dasar = Rp 3.854.725 × 1 (PNS) = Rp 3.854.725",
    "Bruto = Rp 3.854.725 × 96,00% = Rp 3.700.536",
    "PPh 21 = 5% × Rp 3.700.536 = Rp 185.027 (tarif golongan III)",
    "Netto = Rp 3.700.536 − Rp 185.027 = Rp 3.515.509",
]


@pytest.fixture
def juli(cast):
    create_default_aturan()
    b.juli()
    return cast


def contoh(cast) -> Pegawai:
    """domain.md's worked example: 6.270 approved minutes over the 22 days (285 a day), TL1
    twice, TL2 once, PSW1 once, every other working day H, all through the services."""
    p = b.analis(cast)
    days = b.hari_kerja()
    b.setujui(p, dict.fromkeys(days, 285), atasan=cast.atasan)
    special = {
        date(2026, 7, 1): "TL1",
        date(2026, 7, 8): "TL1",
        date(2026, 7, 15): "TL2",
        date(2026, 7, 22): "PSW1",
    }
    b.impor_kehadiran([(p, d, special.get(d, "H")) for d in days], admin=cast.admin)
    return p


def tutup(cast, **kwargs) -> PenutupanPeriode:
    return close_periode(b.TAHUN, b.BULAN, by=cast.admin.user, now=b.NOW, **kwargs)


def row(p: Pegawai, revisi: int = 1) -> HasilTPK:
    return HasilTPK.objects.get(
        pegawai=p, periode__tahun=b.TAHUN, periode__bulan=b.BULAN, revisi=revisi
    )


class TestWorkedExample:
    def test_domain_example_end_to_end_gives_net_3515509(self, juli):
        kelas7 = TarifKelas.objects.get(aturan__berlaku_mulai=date(2000, 1, 1), kelas=7)
        assert kelas7.tarif == D("3854725")
        p = contoh(juli)
        assert Kehadiran.objects.filter(pegawai=p).count() == 22
        run = tutup(juli)
        r = row(p)
        assert (r.hari_kerja, r.hari_kerja_jadwal, r.target_menit) == (22, 22, 6600)
        assert (r.menit_disetujui, r.menit_kredit) == (6270, 0)
        assert (r.produktivitas, r.potongan_persen, r.disiplin) == (D("95"), D("2.5"), D("97.5"))
        assert (r.skor, r.predikat, r.predikat_nama) == (D("96.00"), "A", "Sangat Baik")
        assert (r.dasar, r.bruto, r.tarif_pajak, r.pph21, r.netto) == (
            D("3854725.00"),
            D("3700536"),
            D("5"),
            D("185027"),
            D("3515509"),
        )
        assert format_trace(r.trace) == CONTOH_TRACE
        assert [d["kode"] for d in r.potongan_harian] == ["TL1", "TL1", "TL2", "PSW1"]
        assert (r.penutupan, r.aturan, r.revisi, r.dihitung_pada) == (run, run.aturan, 1, b.NOW)

    def test_the_snapshot_holds_who_the_person_was(self, juli):
        p = contoh(juli)
        tutup(juli)
        r = row(p)
        assert (r.nip, r.nama, r.golongan, r.jenis_asn) == (p.nip, p.nama, "III/b", "PNS")
        assert (r.jabatan, r.jabatan_nama, r.kelas) == (p.jabatan, "Analis Kepegawaian Ahli", 7)
        assert (r.unit, r.unit_nama, r.opd, r.opd_nama) == (
            juli.seksi,
            "Seksi Data",
            juli.opd,
            "Dinas Contoh",
        )
        # The kasi's position is vacant: the supervisor is the kabid.
        assert (r.atasan, r.atasan_nip, r.atasan_nama) == (
            juli.atasan,
            juli.atasan.nip,
            "Kabid Umum",
        )


def test_a_holiday_is_not_a_working_day(juli):
    p = b.analis(juli)
    tutup(juli)
    assert (row(p).hari_kerja, row(p).target_menit) == (22, 6600)  # 23 weekdays, 17 July off
    HariLibur.objects.filter(tanggal=b.LIBUR).delete()
    reopen_periode(2026, 7, alasan="Libur daerah dibatalkan", by=juli.admin.user, now=b.NOW)
    tutup(juli)
    assert (row(p, 2).hari_kerja, row(p, 2).target_menit) == (23, 6900)


class TestWhoIsCovered:
    def test_every_staff_member_active_in_the_month_and_nobody_else(self, juli):
        left = b.analis(juli, "Pensiun Juni", mulai=date(2020, 1, 1))
        Pegawai.objects.filter(pk=left.pk).update(aktif_selesai=date(2026, 6, 30))
        future = b.analis(juli, "Masuk Agustus", mulai=date(2026, 8, 1))
        run = tutup(juli)
        people = set(run.hasil.values_list("pegawai_id", flat=True))
        active = set(
            Pegawai.objects.exclude(pk__in=[left.pk, future.pk]).values_list("pk", flat=True)
        )
        assert people == active
        assert run.total == run.diproses == len(active)

    def test_a_cpns_is_paid_80_percent_of_the_class_amount(self, juli):
        p = b.analis(juli, "CPNS Baru", jenis_asn="CPNS", golongan="III/a")
        b.setujui(p, dict.fromkeys(b.hari_kerja(), 300), atasan=juli.atasan)
        tutup(juli)
        r = row(p)
        assert (r.skor, r.faktor_status) == (D("100.00"), D("0.8000"))
        assert (r.dasar, r.bruto, r.pph21, r.netto) == (
            D("3083780.00"),
            D("3083780"),
            D("154189"),
            D("2929591"),
        )

    def test_a_joiner_mid_month_is_prorated_by_working_days(self, juli):
        p = b.analis(juli, "Pindahan", mulai=date(2026, 7, 20))  # 20–31 July: 10 working days
        days = [d for d in b.hari_kerja() if d >= date(2026, 7, 20)]
        b.setujui(p, dict.fromkeys(days, 300), atasan=juli.atasan)
        tutup(juli)
        r = row(p)
        assert (r.hari_kerja, r.hari_kerja_jadwal, r.target_menit) == (10, 22, 3000)
        assert r.skor == D("100.00")
        # 3.854.725 × 10 / 22 = 1.752.147,727… → Rp 1.752.147,73 (sen), gross to the rupiah.
        assert (r.dasar, r.bruto) == (D("1752147.73"), D("1752148"))
        assert "prorata" in r.flags

    def test_a_leaver_is_snapshotted_on_their_last_day(self, juli):
        p = b.analis(juli, "Mutasi Keluar")
        Pegawai.objects.filter(pk=p.pk).update(aktif_selesai=date(2026, 7, 10))
        tutup(juli)
        r = row(p)
        assert (r.hari_kerja, r.atasan, r.jabatan_nama) == (
            8,
            juli.atasan,
            "Analis Kepegawaian Ahli",
        )

    def test_without_target_there_is_no_tpk_and_the_row_says_so(self, juli):
        puskesmas = f.puskesmas(juli.opd, atasan=juli.jab_kepala, nakes=("Perawat Tanpa Roster",))
        nakes = puskesmas.nakes[0]
        assert not Roster.objects.filter(pegawai=nakes).exists()
        tutup(juli)
        r = row(nakes)
        assert (r.hari_kerja, r.target_menit, r.skor, r.predikat) == (0, 0, None, "")
        assert (r.bruto, r.pph21, r.netto) == (0, 0, 0)
        assert "tanpa_target" in r.flags
        assert "Target T = 0: tidak ada TPK bulan ini" in r.flag_labels

    def test_leave_and_duty_days_are_credited_at_their_day_target(self, juli):
        p = b.analis(juli)
        days = b.hari_kerja()
        b.setujui(p, dict.fromkeys(days[2:], 270), atasan=juli.atasan)
        b.impor_kehadiran(
            [(p, days[0], "CT"), (p, days[1], "DL"), (p, days[2], "TK")], admin=juli.admin
        )
        tutup(juli)
        r = row(p)
        assert (r.menit_disetujui, r.menit_kredit) == (20 * 270, 600)
        assert r.potongan_harian == [
            {"tanggal": days[2].isoformat(), "kode": "TK", "persen": "4.00"}
        ]

    def test_behaviour_and_review_scores_are_read_for_the_month(self, juli):
        aturan = AturanTPK.objects.get()
        AturanTPK.objects.filter(pk=aturan.pk).update(
            bobot_produktivitas=D("0.5"), bobot_disiplin=D("0.3"), bobot_perilaku=D("0.1"),
            bobot_nilai_tim=D("0.1"),
        )  # fmt: skip
        p = b.analis(juli)
        set_aspek = SetAspek.objects.first() or SetAspek.objects.create(nama="Uji", kode="uji")
        PenilaianPerilaku.objects.create(
            pegawai=p, tahun=2026, bulan=7, set_aspek=set_aspek, nilai=D("80"), dinilai_pada=b.NOW
        )
        tim = TimPenilai.objects.create(nama="Tim Satu")
        NilaiTim.objects.create(pegawai=p, tahun=2026, bulan=7, nilai=D("90"), tim=tim, pada=b.NOW)
        NilaiTim.objects.create(pegawai=p, tahun=2026, bulan=6, nilai=D("10"), tim=tim, pada=b.NOW)
        tutup(juli)
        r = row(p)
        assert (r.perilaku, r.nilai_tim) == (D("80"), D("90"))
        assert row(juli.staf).perilaku is None and "perilaku_kosong" in row(juli.staf).flags


class TestSignOff:
    def test_by_default_unsigned_units_are_listed_and_the_month_closes(self, juli):
        tim = TimPenilai.objects.create(nama="Tim Satu")
        TandaTanganUnit.objects.create(unit=juli.opd, tahun=2026, bulan=7, tim=tim, pada=b.NOW)
        run = tutup(juli)
        assert run.status == "selesai"
        assert [(w["nama"], w["pegawai"]) for w in run.peringatan] == [("Badan Lain", 5)]

    def test_a_parent_units_sign_off_covers_the_units_below(self, juli):
        tim = TimPenilai.objects.create(nama="Tim Satu")
        for unit in (juli.opd, juli.opd_lain):
            TandaTanganUnit.objects.create(unit=unit, tahun=2026, bulan=7, tim=tim, pada=b.NOW)
        TandaTanganUnit.objects.create(unit=juli.opd, tahun=2026, bulan=6, tim=tim, pada=b.NOW)
        assert tutup(juli).peringatan == []

    def test_the_blocking_policy_refuses_and_records_why(self, juli):
        PengaturanTPK.objects.create(pk=1, kebijakan_tanda_tangan="blokir")
        with pytest.raises(TPKError, match="4 unit kerja belum ditandatangani tim penilai"):
            tutup(juli)
        run = PenutupanPeriode.objects.get()
        assert (run.status, len(run.peringatan)) == ("gagal", 4)
        assert "belum dapat ditutup" in run.pesan_galat
        assert not Periode.objects.closed().exists() and not HasilTPK.objects.exists()
        tim = TimPenilai.objects.create(nama="Tim Satu")
        for unit in (juli.opd, juli.opd_lain):
            TandaTanganUnit.objects.create(unit=unit, tahun=2026, bulan=7, tim=tim, pada=b.NOW)
        assert tutup(juli).status == "selesai"


class TestWhatItRecords:
    def test_the_month_is_closed_by_whom_and_when_with_a_log_row(self, juli):
        run = tutup(juli)
        periode = Periode.objects.get(tahun=2026, bulan=7)
        assert (periode.status, periode.ditutup_oleh, periode.ditutup_pada) == (
            "ditutup",
            juli.admin.user,
            b.NOW,
        )
        assert (run.status, run.oleh, run.mulai_pada, run.selesai_pada, run.revisi) == (
            "selesai",
            juli.admin.user,
            b.NOW,
            b.NOW,
            1,
        )
        log = LogAksi.objects.get(aksi="tpk.tutup")
        assert (log.pelaku, log.objek_id, log.data["revisi"]) == (juli.admin.user, periode.pk, 1)

    def test_the_signal_is_sent_after_the_commit(self, juli, django_capture_on_commit_callbacks):
        received = []

        def listener(sender, penutupan, **kwargs):
            received.append(penutupan.pk)

        periode_ditutup.connect(listener)
        try:
            with django_capture_on_commit_callbacks(execute=False) as callbacks:
                run = tutup(juli)
            assert received == []
            for callback in callbacks:
                callback()
            assert received == [run.pk]
        finally:
            periode_ditutup.disconnect(listener)

    def test_a_failing_listener_does_not_fail_the_close(
        self, juli, django_capture_on_commit_callbacks
    ):
        def broken(sender, **kwargs):
            raise RuntimeError("ekspor rusak")

        periode_ditutup.connect(broken)
        try:
            with django_capture_on_commit_callbacks(execute=True):
                run = tutup(juli)
        finally:
            periode_ditutup.disconnect(broken)
        assert run.status == "selesai"

    def test_the_queries_do_not_grow_with_the_staff(self, juli):
        periode = Periode.objects.create(tahun=2026, bulan=7)

        def count() -> int:
            HasilTPK.objects.all().delete()
            PenutupanPeriode.objects.all().delete()
            Periode.objects.filter(pk=periode.pk).update(status="terbuka")
            admin = User.objects.get(pk=juli.admin.user.pk)  # roles not yet read
            with CaptureQueriesContext(connection) as ctx:
                close_periode(2026, 7, by=admin, now=b.NOW)
            return len(ctx)

        few = count()
        added = []
        for i in range(40):
            p = b.analis(juli, f"Pegawai {i}", mulai=date(2026, 7, 1 + i % 20))
            b.entri(p, date(2026, 7, 21), 60, status="disetujui")
            added.append(p.pk)
        assert count() == few <= 45
        # Staff who leave during the month: the hierarchy of their last day, once per day.
        Pegawai.objects.filter(pk__in=added[::3]).update(aktif_selesai=date(2026, 7, 28))
        assert count() == few + 2


class TestWithoutAdvisoryLock:
    """SQLite (`make run`) has no advisory locks: the run rows decide, and a running run that
    stopped reporting for STALE is taken as dead."""

    def test_a_fresh_running_run_refuses_a_stale_one_is_marked_failed(self, juli):
        periode = Periode.objects.create(tahun=2026, bulan=7)
        running = PenutupanPeriode.objects.create(
            periode=periode, revisi=1, mulai_pada=b.NOW, diperbarui_pada=b.NOW
        )
        with pytest.raises(TPKError, match="sedang berjalan"):
            _claim(periode, locked=False, by=None, now=b.NOW + timedelta(minutes=5))
        run = _claim(periode, locked=False, by=None, now=b.NOW + timedelta(minutes=16))
        running.refresh_from_db()
        assert running.status == "gagal" and "proses penutupan mati" in running.pesan_galat
        assert (run.status, run.revisi) == ("berjalan", 1)


class TestRefusals:
    def test_a_month_that_has_not_ended(self, juli):
        with pytest.raises(TPKError, match="Bulan Agustus 2026 belum berakhir"):
            close_periode(2026, 8, by=juli.admin.user, now=b.NOW)

    def test_someone_not_admin(self, juli):
        with pytest.raises(TPKError, match="Hanya admin kepegawaian"):
            close_periode(2026, 7, by=juli.keuangan.user, now=b.NOW)
        assert not PenutupanPeriode.objects.exists()

    def test_a_month_already_closed(self, juli):
        tutup(juli)
        with pytest.raises(TPKError, match="Periode Juli 2026 sudah ditutup"):
            tutup(juli)
        assert PenutupanPeriode.objects.count() == 1

    def test_a_rule_version_that_cannot_be_used_fails_the_run_with_its_reason(self, juli):
        TarifKelas.objects.all().delete()
        with pytest.raises(TPKError, match="tidak bisa dipakai"):
            tutup(juli)
        run = PenutupanPeriode.objects.get()
        assert run.status == "gagal" and "tarif TPK" in run.pesan_galat
        assert not Periode.objects.closed().exists()


def test_a_class_missing_from_the_table_is_a_warning(juli):
    TarifKelas.objects.filter(kelas=14).delete()
    run = tutup(juli)
    assert {"jenis": "kelas_tanpa_tarif", "kelas": 14, "pegawai": 2} in run.peringatan
    r = row(juli.kepala)
    assert (r.kelas, r.tarif_kelas, r.netto) == (14, 0, 0)
