"""The review team's services: the sample, decisions on entries, the monthly score and the
sign-off. The month under review is April 2026; the clock is 10 May 2026, after the validation
deadline (5 May). Fixtures and builders here are shared with test_tim_views and test_anomali."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from aktivitas.models import Aktivitas, Entri, RiwayatEntri
from pegawai.models import LogAksi, Periode
from pegawai.services_kalender import install_jadwal_bawaan
from penilaian.anomali import scan_anomalies
from penilaian.exceptions import PenilaianError
from penilaian.models import (
    FlagEntri,
    KeputusanTim,
    NilaiTim,
    Notifikasi,
    PengambilanSampel,
    PengaturanPenilaian,
    SampelEntri,
    TandaTanganUnit,
    TimPenilai,
)
from penilaian.models.tim import entries_for_review, undecided
from penilaian.services import tim as services
from tests import factories as f

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 5, 10, 9, 0, tzinfo=WIB)
TAHUN, BULAN = 2026, 4
SENIN = date(2026, 4, 6)  # a Monday of the month under review
SABTU = date(2026, 4, 11)
DISETUJUI = Entri.Status.DISETUJUI


def make_tim(cast) -> TimPenilai:
    """A team of one (cast.penilai) reviewing Dinas Contoh and everything below it; with the
    default schedules installed."""
    install_jadwal_bawaan()
    t = TimPenilai.objects.create(nama="Tim Penilai I")
    t.anggota.add(cast.penilai.user)
    t.lingkup.add(cast.opd)
    return t


def make_kerja() -> Aktivitas:
    return Aktivitas.objects.create(
        kode="T-001", nama="Mengolah data", satuan="laporan", menit_standar=600
    )


@pytest.fixture
def tim(cast) -> TimPenilai:
    return make_tim(cast)


@pytest.fixture
def kerja(db) -> Aktivitas:
    return make_kerja()


def buat(
    pegawai,
    tanggal=SENIN,
    mulai=(8, 0),
    selesai=(9, 0),
    *,
    aktivitas,
    status=DISETUJUI,
    uraian="Mengolah data harian",
    menit=None,
    menit_diakui=None,
    dibuat=None,
    di_luar_jadwal=False,
    sumber=Entri.Sumber.ISIAN,
    oleh=None,
    diputuskan=None,
) -> Entri:
    """An entry as the services leave it: written directly, so every field is the test's."""
    mulai, selesai = time(*mulai), time(*selesai)
    span = (selesai.hour * 60 + selesai.minute) - (mulai.hour * 60 + mulai.minute)
    menit = span if menit is None else menit
    dibuat = dibuat or datetime.combine(tanggal, time(17, 0), tzinfo=WIB)
    decided = status in (DISETUJUI, Entri.Status.DITOLAK)
    return Entri.objects.create(
        pegawai=pegawai,
        tanggal=tanggal,
        mulai=mulai,
        selesai=selesai,
        aktivitas=aktivitas,
        volume=1,
        uraian=uraian,
        menit_standar=aktivitas.menit_standar,
        menit=menit,
        menit_diakui=menit_diakui,
        di_luar_jadwal=di_luar_jadwal,
        status=status,
        sumber=sumber,
        dibuat_pada=dibuat,
        diubah_pada=dibuat,
        diputuskan_oleh=oleh if decided else None,
        diputuskan_pada=(diputuskan or dibuat + timedelta(hours=16)) if decided else None,
    )


def bertanda(entri: Entri, jenis=FlagEntri.Jenis.LUAR_JADWAL) -> Entri:
    FlagEntri.objects.create(
        entri=entri, jenis=jenis, tahun=entri.tanggal.year, bulan=entri.tanggal.month
    )
    return entri


def sampel(unit, *entries, oleh=None) -> PengambilanSampel:
    """A drawn sample holding exactly these entries."""
    header = PengambilanSampel.objects.create(
        unit=unit,
        tahun=TAHUN,
        bulan=BULAN,
        persen=10,
        jumlah_populasi=max(len(entries), 1),
        jumlah_sampel=len(entries),
        oleh=oleh,
        pada=NOW,
    )
    SampelEntri.objects.bulk_create(SampelEntri(pengambilan=header, entri=e) for e in entries)
    return header


def tutup(tahun=TAHUN, bulan=BULAN):
    # The month's row may exist already: every write of the month makes it (lock_months).
    Periode.objects.update_or_create(
        tahun=tahun, bulan=bulan, defaults={"status": Periode.Status.DITUTUP}
    )


# The sample ------------------------------------------------------------------------------------


class TestDrawSample:
    def test_draws_a_tenth_rounded_up_of_the_units_approved_entries(self, cast, tim, kerja):
        for day in range(1, 16):  # 15 approved entries of April, in the seksi below the OPD
            buat(cast.staf, date(2026, 4, day), aktivitas=kerja)
        buat(cast.staf, date(2026, 4, 16), aktivitas=kerja, status=Entri.Status.DIAJUKAN)
        buat(cast.staf, date(2026, 3, 31), aktivitas=kerja)  # another month
        lain = f.pegawai("Orang Badan Lain", cast.penilai.jabatan)
        buat(lain, SENIN, aktivitas=kerja)  # another unit

        s = services.draw_sample(cast.opd, tahun=TAHUN, bulan=BULAN, by=cast.penilai.user, now=NOW)

        assert (s.jumlah_populasi, s.jumlah_sampel, s.persen) == (15, 2, 10)
        drawn = list(s.sampel.values_list("entri__tanggal", "entri__status"))
        assert len(drawn) == 2
        assert all(d.month == BULAN and st == DISETUJUI for d, st in drawn)
        assert (s.oleh, s.pada) == (cast.penilai.user, NOW)

    def test_the_draw_is_the_same_for_the_same_unit_and_month(self, cast, tim, kerja):
        for day in range(1, 21):
            buat(cast.staf, date(2026, 4, day), aktivitas=kerja)
        first = services.draw_sample(
            cast.opd, tahun=TAHUN, bulan=BULAN, by=cast.penilai.user, now=NOW
        )
        ids = set(first.sampel.values_list("entri_id", flat=True))
        first.delete()
        again = services.draw_sample(
            cast.opd, tahun=TAHUN, bulan=BULAN, by=cast.penilai.user, now=NOW
        )
        assert set(again.sampel.values_list("entri_id", flat=True)) == ids

    def test_the_share_is_the_pemdas_setting(self, cast, tim, kerja):
        PengaturanPenilaian.objects.create(pk=1, persen_sampel=50)
        for day in range(1, 6):
            buat(cast.staf, date(2026, 4, day), aktivitas=kerja)
        s = services.draw_sample(cast.opd, tahun=TAHUN, bulan=BULAN, by=cast.penilai.user, now=NOW)
        assert (s.persen, s.jumlah_sampel, s.sampel.count()) == (50, 3, 3)

    def test_an_empty_month_draws_an_empty_sample(self, cast, tim):
        s = services.draw_sample(cast.opd, tahun=TAHUN, bulan=BULAN, by=cast.penilai.user, now=NOW)
        assert (s.jumlah_populasi, s.jumlah_sampel) == (0, 0)

    def test_refused_a_second_time(self, cast, tim):
        services.draw_sample(cast.opd, tahun=TAHUN, bulan=BULAN, by=cast.penilai.user, now=NOW)
        with pytest.raises(PenilaianError, match="sudah diambil"):
            services.draw_sample(cast.opd, tahun=TAHUN, bulan=BULAN, by=cast.penilai.user, now=NOW)
        assert PengambilanSampel.objects.count() == 1

    def test_refused_until_the_validation_deadline_has_passed(self, cast, tim):
        on_deadline = datetime(2026, 5, 5, 20, 0, tzinfo=WIB)
        with pytest.raises(PenilaianError, match="batas validasi"):
            services.draw_sample(
                cast.opd, tahun=TAHUN, bulan=BULAN, by=cast.penilai.user, now=on_deadline
            )
        assert not PengambilanSampel.objects.exists()

    def test_refused_outside_the_members_scope(self, cast, tim):
        with pytest.raises(PenilaianError, match="bukan anggota"):
            services.draw_sample(
                cast.opd_lain, tahun=TAHUN, bulan=BULAN, by=cast.penilai.user, now=NOW
            )
        with pytest.raises(PenilaianError, match="bukan anggota"):
            services.draw_sample(cast.opd, tahun=TAHUN, bulan=BULAN, by=cast.admin.user, now=NOW)

    def test_refused_in_a_closed_month(self, cast, tim):
        tutup()
        with pytest.raises(PenilaianError, match="sudah ditutup"):
            services.draw_sample(cast.opd, tahun=TAHUN, bulan=BULAN, by=cast.penilai.user, now=NOW)


# Decisions on an entry -------------------------------------------------------------------------


@pytest.fixture
def diperiksa(cast, tim, kerja) -> Entri:
    """An approved, sampled entry of the staff member, approved by their supervisor."""
    e = buat(cast.staf, aktivitas=kerja, menit=60, oleh=cast.atasan.user)
    sampel(cast.opd, e)
    return e


class TestDecisions:
    def test_confirm_records_a_decision_and_changes_nothing_else(self, cast, diperiksa):
        k = services.confirm_entry(diperiksa, by=cast.penilai.user, alasan=" cocok ", now=NOW)
        diperiksa.refresh_from_db()
        assert (k.jenis, k.menit_sebelum, k.menit_sesudah, k.alasan) == (
            "konfirmasi",
            60,
            60,
            "cocok",
        )
        assert (k.oleh, k.pada, k.tim.nama) == (cast.penilai.user, NOW, "Tim Penilai I")
        assert diperiksa.status == DISETUJUI and diperiksa.menit_diakui is None
        assert not RiwayatEntri.objects.filter(entri=diperiksa).exists()
        assert not Notifikasi.objects.exists()

    def test_correct_lowers_the_counted_minutes_and_tells_the_owner(self, cast, diperiksa):
        k = services.correct_entry(
            diperiksa, menit=45, alasan="Rapat hanya 45 menit", by=cast.penilai.user, now=NOW
        )
        diperiksa.refresh_from_db()
        assert (diperiksa.menit, diperiksa.menit_diakui, diperiksa.status) == (60, 45, DISETUJUI)
        assert (k.jenis, k.menit_sebelum, k.menit_sesudah) == ("koreksi", 60, 45)
        riwayat = RiwayatEntri.objects.get(entri=diperiksa)
        assert (riwayat.dari_status, riwayat.ke_status, riwayat.oleh) == (
            DISETUJUI,
            DISETUJUI,
            cast.penilai.user,
        )
        assert "60 → 45" in riwayat.catatan and "Rapat hanya 45 menit" in riwayat.catatan
        n = Notifikasi.objects.get()
        assert (n.penerima, n.jenis) == (cast.staf.user, Notifikasi.Jenis.DIKOREKSI)
        assert n.url == f"/aktivitas/entri/{diperiksa.pk}/"

    def test_a_second_correction_starts_from_the_corrected_minutes(self, cast, diperiksa):
        services.correct_entry(diperiksa, menit=45, alasan="a", by=cast.penilai.user, now=NOW)
        with pytest.raises(PenilaianError, match="45 menit"):
            services.correct_entry(diperiksa, menit=45, alasan="b", by=cast.penilai.user, now=NOW)
        k = services.correct_entry(diperiksa, menit=30, alasan="b", by=cast.penilai.user, now=NOW)
        assert (k.menit_sebelum, k.menit_sesudah) == (45, 30)

    def test_reject_takes_the_entry_out_and_tells_the_owner(self, cast, diperiksa):
        k = services.reject_entry(
            diperiksa, alasan="Tidak ada bukti", by=cast.penilai.user, now=NOW
        )
        diperiksa.refresh_from_db()
        assert diperiksa.status == Entri.Status.DITOLAK
        assert (diperiksa.diputuskan_oleh, diperiksa.diputuskan_pada) == (cast.penilai.user, NOW)
        assert (k.jenis, k.menit_sebelum, k.menit_sesudah, k.alasan) == (
            "tolak",
            60,
            0,
            "Tidak ada bukti",
        )
        riwayat = RiwayatEntri.objects.get(entri=diperiksa)
        assert (riwayat.dari_status, riwayat.ke_status) == (DISETUJUI, Entri.Status.DITOLAK)
        assert Notifikasi.objects.get().jenis == Notifikasi.Jenis.DITOLAK

    def test_flagged_entries_may_be_decided_without_a_sample(self, cast, tim, kerja):
        e = bertanda(buat(cast.staf, aktivitas=kerja))
        assert services.confirm_entry(e, by=cast.penilai.user, now=NOW).jenis == "konfirmasi"

    @pytest.mark.parametrize(
        ("menit", "alasan", "pesan"),
        [
            (60, "x", "hanya menurunkan"),
            (61, "x", "hanya menurunkan"),
            (0, "x", "paling sedikit 1"),
            (30, "  ", "Tuliskan alasan"),
        ],
    )
    def test_bad_corrections_are_refused_and_nothing_is_written(
        self, cast, diperiksa, menit, alasan, pesan
    ):
        with pytest.raises(PenilaianError, match=pesan):
            services.correct_entry(
                diperiksa, menit=menit, alasan=alasan, by=cast.penilai.user, now=NOW
            )
        diperiksa.refresh_from_db()
        assert diperiksa.menit_diakui is None
        assert not KeputusanTim.objects.exists() and not RiwayatEntri.objects.exists()
        assert not Notifikasi.objects.exists()

    def test_reject_needs_a_reason(self, cast, diperiksa):
        with pytest.raises(PenilaianError, match="Tuliskan alasan"):
            services.reject_entry(diperiksa, alasan="", by=cast.penilai.user, now=NOW)
        diperiksa.refresh_from_db()
        assert diperiksa.status == DISETUJUI

    def test_an_entry_neither_sampled_nor_flagged_is_not_the_teams(self, cast, tim, kerja):
        e = buat(cast.staf, aktivitas=kerja)
        with pytest.raises(PenilaianError, match="bukan sampel"):
            services.reject_entry(e, alasan="x", by=cast.penilai.user, now=NOW)
        e.refresh_from_db()
        assert e.status == DISETUJUI

    def test_only_approved_entries(self, cast, tim, kerja):
        e = bertanda(buat(cast.staf, aktivitas=kerja, status=Entri.Status.DIAJUKAN))
        with pytest.raises(PenilaianError, match="hanya memeriksa entri yang disetujui"):
            services.confirm_entry(e, by=cast.penilai.user, now=NOW)

    def test_not_ones_own_entry_nor_one_approved_oneself(self, cast, tim, kerja):
        own = bertanda(buat(cast.penilai, aktivitas=kerja))
        tim.lingkup.add(cast.opd_lain)
        with pytest.raises(PenilaianError, match="sendiri"):
            services.confirm_entry(own, by=cast.penilai.user, now=NOW)
        approved = bertanda(buat(cast.staf, aktivitas=kerja, oleh=cast.penilai.user))
        with pytest.raises(PenilaianError, match="Anda yang menyetujui"):
            services.confirm_entry(approved, by=cast.penilai.user, now=NOW)

    def test_only_members_of_a_team_covering_the_unit(self, cast, diperiksa):
        with pytest.raises(PenilaianError, match="bukan anggota"):
            services.confirm_entry(diperiksa, by=cast.admin.user, now=NOW)
        with pytest.raises(PenilaianError, match="bukan anggota"):
            services.confirm_entry(diperiksa, by=cast.orang_luar.user, now=NOW)
        assert not KeputusanTim.objects.exists()

    def test_a_team_covering_only_a_sub_unit_is_enough(self, cast, diperiksa):
        kecil = TimPenilai.objects.create(nama="Tim Seksi")
        kecil.anggota.add(cast.orang_luar.user)
        kecil.lingkup.add(cast.seksi)
        k = services.confirm_entry(diperiksa, by=cast.orang_luar.user, now=NOW)
        assert k.tim == kecil

    def test_refused_in_a_closed_month(self, cast, diperiksa):
        tutup()
        with pytest.raises(PenilaianError, match="sudah ditutup"):
            services.reject_entry(diperiksa, alasan="x", by=cast.penilai.user, now=NOW)

    def test_refused_once_the_unit_or_a_parent_is_signed_off(self, cast, tim, diperiksa):
        TandaTanganUnit.objects.create(
            unit=cast.bidang, tahun=TAHUN, bulan=BULAN, tim=tim, oleh=cast.penilai.user, pada=NOW
        )
        with pytest.raises(PenilaianError, match="Bidang Umum sudah ditandatangani"):
            services.confirm_entry(diperiksa, by=cast.penilai.user, now=NOW)


# What is left to review ------------------------------------------------------------------------


class TestReviewSet:
    def test_sampled_flagged_and_decided_entries_are_reviewed(self, cast, tim, kerja):
        sampled = buat(cast.staf, SENIN, aktivitas=kerja)
        flagged = bertanda(buat(cast.staf, SENIN, (9, 0), (10, 0), aktivitas=kerja))
        neither = buat(cast.staf, SENIN, (10, 0), (11, 0), aktivitas=kerja)
        sampel(cast.opd, sampled)
        review = entries_for_review(cast.opd.pk, TAHUN, BULAN)
        assert set(review) == {sampled, flagged}
        assert neither not in review
        assert set(entries_for_review(cast.seksi.pk, TAHUN, BULAN)) == {sampled, flagged}
        assert not entries_for_review(cast.opd_lain.pk, TAHUN, BULAN).exists()

    def test_an_entry_approved_again_after_a_team_rejection_is_undecided_again(
        self, cast, diperiksa
    ):
        review = entries_for_review(cast.opd.pk, TAHUN, BULAN)
        assert list(undecided(review)) == [diperiksa]
        services.reject_entry(diperiksa, alasan="x", by=cast.penilai.user, now=NOW)
        assert not undecided(review).exists()
        Entri.objects.filter(pk=diperiksa.pk).update(
            status=DISETUJUI, diputuskan_pada=NOW + timedelta(days=1)
        )
        assert list(undecided(review)) == [diperiksa]


# Sign-off --------------------------------------------------------------------------------------


@pytest.fixture
def siap(cast, tim, kerja):
    """April reviewed: scanned after the deadline, sampled, every sampled entry decided."""
    e = buat(cast.staf, aktivitas=kerja, oleh=cast.atasan.user)
    scan_anomalies(TAHUN, BULAN, now=NOW)
    sampel(cast.opd, e)
    services.confirm_entry(e, by=cast.penilai.user, now=NOW)
    return e


class TestSignOff:
    def test_signs_a_reviewed_unit(self, cast, tim, siap):
        t = services.sign_off_unit(
            cast.opd, tahun=TAHUN, bulan=BULAN, by=cast.penilai.user, catatan=" ok ", now=NOW
        )
        assert (t.unit, t.tim, t.oleh, t.pada, t.catatan) == (
            cast.opd,
            tim,
            cast.penilai.user,
            NOW,
            "ok",
        )

    def test_refused_twice_and_for_a_sub_unit_covered_by_it(self, cast, siap):
        services.sign_off_unit(cast.opd, tahun=TAHUN, bulan=BULAN, by=cast.penilai.user, now=NOW)
        with pytest.raises(PenilaianError, match="sudah ditandatangani"):
            services.sign_off_unit(
                cast.opd, tahun=TAHUN, bulan=BULAN, by=cast.penilai.user, now=NOW
            )
        with pytest.raises(PenilaianError, match="tercakup tanda tangan unit Dinas Contoh"):
            services.sign_off_unit(
                cast.seksi, tahun=TAHUN, bulan=BULAN, by=cast.penilai.user, now=NOW
            )
        assert TandaTanganUnit.objects.count() == 1

    def test_refused_while_an_entry_to_review_is_undecided(self, cast, kerja, siap):
        bertanda(buat(cast.staf, SENIN, (9, 0), (10, 0), aktivitas=kerja))
        with pytest.raises(PenilaianError, match="Masih ada 1 entri"):
            services.sign_off_unit(
                cast.opd, tahun=TAHUN, bulan=BULAN, by=cast.penilai.user, now=NOW
            )
        assert not TandaTanganUnit.objects.exists()

    def test_refused_without_a_sample(self, cast, tim):
        scan_anomalies(TAHUN, BULAN, now=NOW)
        with pytest.raises(PenilaianError, match="Sampel unit ini untuk bulan itu belum diambil"):
            services.sign_off_unit(
                cast.opd, tahun=TAHUN, bulan=BULAN, by=cast.penilai.user, now=NOW
            )

    def test_refused_without_a_scan_after_the_deadline(self, cast, tim):
        with pytest.raises(PenilaianError, match="belum dipindai"):
            services.sign_off_unit(
                cast.opd, tahun=TAHUN, bulan=BULAN, by=cast.penilai.user, now=NOW
            )
        scan_anomalies(TAHUN, BULAN, now=datetime(2026, 5, 5, 23, 0, tzinfo=WIB))
        with pytest.raises(PenilaianError, match="belum dipindai setelah batas validasi"):
            services.sign_off_unit(
                cast.opd, tahun=TAHUN, bulan=BULAN, by=cast.penilai.user, now=NOW
            )

    def test_refused_to_non_members_and_in_a_closed_month(self, cast, siap):
        with pytest.raises(PenilaianError, match="bukan anggota"):
            services.sign_off_unit(cast.opd, tahun=TAHUN, bulan=BULAN, by=cast.admin.user, now=NOW)
        tutup()
        with pytest.raises(PenilaianError, match="sudah ditutup"):
            services.sign_off_unit(
                cast.opd, tahun=TAHUN, bulan=BULAN, by=cast.penilai.user, now=NOW
            )


# The monthly score -----------------------------------------------------------------------------


class TestNilaiTim:
    def test_gives_a_score(self, cast, tim):
        n = services.set_nilai_tim(
            cast.staf, tahun=TAHUN, bulan=BULAN, nilai="87.5", by=cast.penilai.user, now=NOW
        )
        assert (n.nilai, n.tim, n.oleh, n.pada, n.alasan) == (
            Decimal("87.50"),
            tim,
            cast.penilai.user,
            NOW,
            "",
        )

    def test_a_change_needs_a_reason_and_is_logged(self, cast, tim):
        services.set_nilai_tim(
            cast.staf, tahun=TAHUN, bulan=BULAN, nilai=80, by=cast.penilai.user, now=NOW
        )
        with pytest.raises(PenilaianError, match="alasan perubahannya"):
            services.set_nilai_tim(
                cast.staf, tahun=TAHUN, bulan=BULAN, nilai=70, by=cast.penilai.user, now=NOW
            )
        n = services.set_nilai_tim(
            cast.staf,
            tahun=TAHUN,
            bulan=BULAN,
            nilai=70,
            alasan="Dua entri ditolak",
            by=cast.penilai.user,
            now=NOW,
        )
        assert (n.nilai, n.alasan) == (Decimal("70.00"), "Dua entri ditolak")
        assert NilaiTim.objects.count() == 1
        log = LogAksi.objects.get(aksi="penilaian.nilai_tim_ubah")
        assert (log.data["dari"], log.data["ke"], log.alasan) == (
            "80.00",
            "70.00",
            "Dua entri ditolak",
        )

    def test_the_same_score_again_changes_nothing(self, cast, tim):
        services.set_nilai_tim(
            cast.staf, tahun=TAHUN, bulan=BULAN, nilai=80, by=cast.penilai.user, now=NOW
        )
        services.set_nilai_tim(
            cast.staf, tahun=TAHUN, bulan=BULAN, nilai="80.00", by=cast.penilai.user, now=NOW
        )
        assert not LogAksi.objects.filter(aksi="penilaian.nilai_tim_ubah").exists()

    @pytest.mark.parametrize("nilai", ["-1", "100.01", "abc", "NaN"])
    def test_refuses_what_is_not_0_to_100(self, cast, tim, nilai):
        with pytest.raises(PenilaianError, match="0–100"):
            services.set_nilai_tim(
                cast.staf, tahun=TAHUN, bulan=BULAN, nilai=nilai, by=cast.penilai.user, now=NOW
            )
        assert not NilaiTim.objects.exists()

    def test_refuses_oneself_outsiders_the_inactive_and_closed_or_signed_months(self, cast, tim):
        tim.lingkup.add(cast.opd_lain)
        with pytest.raises(PenilaianError, match="sendiri"):
            services.set_nilai_tim(
                cast.penilai, tahun=TAHUN, bulan=BULAN, nilai=90, by=cast.penilai.user, now=NOW
            )
        with pytest.raises(PenilaianError, match="bukan anggota"):
            services.set_nilai_tim(
                cast.staf, tahun=TAHUN, bulan=BULAN, nilai=90, by=cast.admin.user, now=NOW
            )
        with pytest.raises(PenilaianError, match="tidak aktif"):
            services.set_nilai_tim(
                cast.staf, tahun=2019, bulan=12, nilai=90, by=cast.penilai.user, now=NOW
            )
        TandaTanganUnit.objects.create(
            unit=cast.opd, tahun=TAHUN, bulan=BULAN, tim=tim, oleh=cast.penilai.user, pada=NOW
        )
        with pytest.raises(PenilaianError, match="sudah ditandatangani"):
            services.set_nilai_tim(
                cast.staf, tahun=TAHUN, bulan=BULAN, nilai=90, by=cast.penilai.user, now=NOW
            )
        tutup(2026, 3)
        with pytest.raises(PenilaianError, match="sudah ditutup"):
            services.set_nilai_tim(
                cast.staf, tahun=2026, bulan=3, nilai=90, by=cast.penilai.user, now=NOW
            )
        assert not NilaiTim.objects.exists()
