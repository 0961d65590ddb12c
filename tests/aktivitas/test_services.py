"""Every rule of an entry with its message, the state machine and its history, copying a day,
and a closed month refusing every change."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from aktivitas import services
from aktivitas.exceptions import AktivitasError
from aktivitas.models import Entri, PengaturanAktivitas, RiwayatEntri
from pegawai.models import (
    HariLibur,
    JadwalPegawai,
    JenisShift,
    LogAksi,
    Periode,
    ProfilJadwal,
    Roster,
)

from .conftest import HARI_INI, JUMAT, NOW, PNG, SABTU, SELASA, SENIN, WIB, buat

pytestmark = pytest.mark.django_db
S = Entri.Status


def ubah(entri, **kwargs):
    values = {
        "tanggal": entri.tanggal,
        "mulai": entri.mulai,
        "selesai": entri.selesai,
        "aktivitas": entri.aktivitas,
        "volume": entri.volume,
        "uraian": entri.uraian,
        **kwargs,
    }
    return services.update_entry(entri, by=entri.pegawai.user, now=NOW, **values)


def riwayat(entri):
    return list(
        RiwayatEntri.objects.filter(entri=entri)
        .order_by("id")
        .values_list("dari_status", "ke_status")
    )


class TestCreate:
    def test_a_draft_keeps_its_minutes_the_standard_and_a_history_row(self, cast, katalog):
        entri = buat(cast.staf, katalog.arsip, volume=4)
        assert (entri.status, entri.menit, entri.menit_standar) == (S.DRAF, 40, 10)
        assert entri.sumber == Entri.Sumber.ISIAN and not entri.di_luar_jadwal
        row = entri.riwayat.get()
        assert (row.dari_status, row.ke_status, row.oleh, row.pada) == (
            "",
            S.DRAF,
            cast.staf.user,
            NOW,
        )

    def test_may_be_submitted_at_once(self, cast, katalog):
        entri = buat(cast.staf, katalog.arsip, ajukan=True)
        assert entri.status == S.DIAJUKAN and riwayat(entri) == [("", S.DIAJUKAN)]

    def test_minutes_never_exceed_the_span(self, cast, katalog):
        entri = buat(cast.staf, katalog.rapat, mulai=(8, 0), selesai=(9, 30), volume=3)
        assert entri.menit == 90

    def test_the_standard_is_kept_when_the_catalog_changes(self, cast, katalog):
        entri = buat(cast.staf, katalog.arsip, volume=2)
        katalog.arsip.menit_standar = 30
        katalog.arsip.save()
        entri.refresh_from_db()
        assert (entri.menit_standar, entri.menit) == (10, 20)

    def test_the_end_must_be_after_the_start(self, cast, katalog):
        with pytest.raises(
            AktivitasError, match=r"Jam selesai \(08:00\) harus setelah jam mulai \(09:00\)"
        ):
            buat(cast.staf, katalog.arsip, mulai=(9, 0), selesai=(8, 0))

    def test_work_past_midnight_is_two_entries(self, cast, katalog):
        with pytest.raises(AktivitasError, match="dicatat sebagai dua entri"):
            buat(cast.staf, katalog.arsip, tanggal=SELASA, mulai=(22, 0), selesai=(2, 0))

    def test_volume_at_least_one(self, cast, katalog):
        with pytest.raises(AktivitasError, match="Volume paling sedikit 1."):
            buat(cast.staf, katalog.arsip, volume=0)

    def test_nothing_in_the_future(self, cast, katalog):
        with pytest.raises(
            AktivitasError,
            match="Kamis, 14 Mei 2026 belum tiba: entri tidak boleh untuk masa depan.",
        ):
            buat(cast.staf, katalog.arsip, tanggal=date(2026, 5, 14))

    def test_nothing_later_today_than_now(self, cast, katalog):
        with pytest.raises(
            AktivitasError, match=r"Jam selesai 17:00 belum lewat \(sekarang 16:30\)"
        ):
            buat(cast.staf, katalog.arsip, mulai=(16, 0), selesai=(17, 0))
        assert buat(cast.staf, katalog.arsip, mulai=(15, 30), selesai=(16, 30)).pk

    def test_up_to_three_working_days_back(self, cast, katalog):
        assert buat(cast.staf, katalog.arsip, tanggal=JUMAT).pk
        with pytest.raises(
            AktivitasError,
            match=r"hari ini dan 3 hari kerja ke belakang \(paling awal Jumat, 8 Mei 2026\); "
            "Kamis, 7 Mei 2026 sudah lewat.",
        ):
            buat(cast.staf, katalog.arsip, tanggal=date(2026, 5, 7))

    def test_a_weekend_day_inside_the_window_is_accepted_and_flagged(self, cast, katalog):
        entri = buat(cast.staf, katalog.arsip, tanggal=SABTU)
        assert entri.di_luar_jadwal

    def test_a_holiday_does_not_count_as_a_working_day_back(self, cast, katalog):
        HariLibur.objects.create(tanggal=SENIN, nama="Libur daerah", jenis="daerah")
        assert buat(cast.staf, katalog.arsip, tanggal=date(2026, 5, 7)).pk

    def test_the_window_is_a_pemda_setting(self, cast, katalog):
        PengaturanAktivitas.objects.create(pk=1, batas_hari_kerja_mundur=0)
        with pytest.raises(AktivitasError, match="Entri hanya boleh dibuat untuk hari ini."):
            buat(cast.staf, katalog.arsip, tanggal=SELASA)

    def test_no_two_entries_overlap(self, cast, katalog):
        buat(cast.staf, katalog.arsip, mulai=(8, 0), selesai=(9, 0))
        with pytest.raises(
            AktivitasError,
            match="Waktu 08:30–10:00 bertabrakan dengan entri Anda yang lain: 08:00–09:00 "
            "Mengarsipkan surat.",
        ):
            buat(cast.staf, katalog.rapat, mulai=(8, 30), selesai=(10, 0))

    def test_entries_that_touch_and_other_peoples_entries_are_fine(self, cast, katalog):
        buat(cast.staf, katalog.arsip, mulai=(8, 0), selesai=(9, 0))
        assert buat(cast.staf, katalog.rapat, mulai=(9, 0), selesai=(10, 0)).pk
        assert buat(cast.atasan, katalog.rapat, mulai=(8, 0), selesai=(9, 0)).pk

    def test_only_activities_meant_for_the_position(self, cast, katalog):
        with pytest.raises(
            AktivitasError,
            match="Aktivitas Mengonsep kebijakan tidak dapat Anda pakai pada Rabu, 13 Mei 2026.",
        ):
            buat(cast.staf, katalog.konsep)
        assert buat(cast.atasan, katalog.konsep).pk

    def test_only_activities_in_force_on_the_date(self, cast, katalog):
        with pytest.raises(
            AktivitasError, match="Mengetik dengan mesin tik tidak dapat Anda pakai"
        ):
            buat(cast.staf, katalog.lama)

    def test_outside_the_schedules_hours_is_accepted_and_flagged(self, cast, katalog):
        early = buat(cast.staf, katalog.arsip, mulai=(7, 0), selesai=(8, 0))
        inside = buat(cast.staf, katalog.arsip, mulai=(8, 0), selesai=(9, 0))
        assert early.di_luar_jadwal and not inside.di_luar_jadwal

    def test_not_for_days_the_person_was_not_active(self, cast, katalog):
        cast.staf.aktif_mulai = HARI_INI
        cast.staf.save()
        with pytest.raises(
            AktivitasError, match="tidak tercatat sebagai pegawai aktif pada Selasa"
        ):
            buat(cast.staf, katalog.arsip, tanggal=SELASA)

    def test_a_night_shift_worker_logs_the_morning_after_inside_the_shift(self, cast, katalog):
        JadwalPegawai.objects.create(
            pegawai=cast.staf, profil=ProfilJadwal.objects.get(kode="shift-nakes"), mulai=JUMAT
        )
        Roster.objects.create(
            pegawai=cast.staf,
            tanggal=SELASA,
            shift=JenisShift.objects.get(kode="M"),
            diubah_pada=NOW,
        )
        evening = buat(cast.staf, katalog.arsip, tanggal=SELASA, mulai=(21, 0), selesai=(23, 59))
        morning = buat(cast.staf, katalog.arsip, tanggal=HARI_INI, mulai=(0, 0), selesai=(7, 30))
        late = buat(cast.staf, katalog.arsip, tanggal=HARI_INI, mulai=(7, 30), selesai=(9, 0))
        assert not evening.di_luar_jadwal and not morning.di_luar_jadwal
        assert late.di_luar_jadwal


class TestStateMachine:
    def test_submit_withdraw_change_and_submit_again(self, cast, katalog):
        entri = buat(cast.staf, katalog.arsip)
        services.submit_entry(entri, by=cast.staf.user, now=NOW)
        services.withdraw_entry(entri, by=cast.staf.user, now=NOW)
        entri.refresh_from_db()
        ubah(entri, volume=3, ajukan=True)
        entri.refresh_from_db()
        assert entri.status == S.DIAJUKAN and entri.menit == 30
        assert riwayat(entri) == [
            ("", S.DRAF),
            (S.DRAF, S.DIAJUKAN),
            (S.DIAJUKAN, S.DRAF),
            (S.DRAF, S.DIAJUKAN),
        ]
        assert entri.riwayat.order_by("id").last().catatan == "volume: 1 → 3"

    def test_a_submitted_entry_changed_stays_submitted_and_says_what_changed(self, cast, katalog):
        entri = buat(cast.staf, katalog.arsip, ajukan=True)
        ubah(entri, mulai=time(8, 15), aktivitas=katalog.rapat, uraian="Rapat pagi", ajukan=False)
        entri.refresh_from_db()
        assert entri.status == S.DIAJUKAN and entri.menit == 45
        row = entri.riwayat.order_by("id").last()
        assert (row.dari_status, row.ke_status) == (S.DIAJUKAN, S.DIAJUKAN)
        assert row.catatan == "jam mulai: 08:00 → 08:15; aktivitas: P-001 → U-001; uraian diubah"

    def test_an_edit_without_changes_writes_nothing(self, cast, katalog):
        entri = buat(cast.staf, katalog.arsip)
        ubah(entri)
        assert riwayat(entri) == [("", S.DRAF)]

    def test_only_drafts_and_rejected_entries_are_submitted(self, cast, katalog):
        entri = buat(cast.staf, katalog.arsip, ajukan=True)
        with pytest.raises(AktivitasError, match="Entri berstatus diajukan tidak dapat diajukan."):
            services.submit_entry(entri, by=cast.staf.user, now=NOW)

    def test_only_submitted_entries_are_withdrawn(self, cast, katalog):
        entri = buat(cast.staf, katalog.arsip)
        with pytest.raises(AktivitasError, match="Hanya entri yang diajukan dan belum diputuskan"):
            services.withdraw_entry(entri, by=cast.staf.user, now=NOW)

    def test_an_approved_entry_does_not_change(self, cast, katalog):
        entri = buat(cast.staf, katalog.arsip, ajukan=True)
        Entri.objects.filter(pk=entri.pk).update(status=S.DISETUJUI)
        with pytest.raises(AktivitasError, match="Entri yang sudah disetujui tidak dapat diubah."):
            ubah(entri, volume=2)
        with pytest.raises(AktivitasError, match="entri ini disetujui"):
            services.withdraw_entry(entri, by=cast.staf.user, now=NOW)
        with pytest.raises(
            AktivitasError, match="Hanya draf yang dapat dihapus; entri ini disetujui."
        ):
            services.delete_entry(entri, by=cast.staf.user, now=NOW)

    def test_a_rejected_entry_changed_becomes_a_draft_or_is_resubmitted(self, cast, katalog):
        first = buat(cast.staf, katalog.arsip, ajukan=True)
        second = buat(cast.staf, katalog.arsip, ajukan=True, mulai=(9, 0), selesai=(10, 0))
        Entri.objects.filter(pk__in=[first.pk, second.pk]).update(
            status=S.DITOLAK, diputuskan_oleh=cast.atasan.user, diputuskan_pada=NOW
        )
        first.refresh_from_db()
        second.refresh_from_db()
        ubah(first, volume=2)
        ubah(second, volume=2, ajukan=True)
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.status, second.status) == (S.DRAF, S.DIAJUKAN)
        assert riwayat(second)[-1] == (S.DITOLAK, S.DIAJUKAN)

    def test_a_rejection_decided_late_can_still_be_fixed(self, cast, katalog):
        old = date(2026, 4, 28)
        entri = buat(
            cast.staf, katalog.arsip, tanggal=old, now=datetime(2026, 4, 28, 17, tzinfo=WIB)
        )
        Entri.objects.filter(pk=entri.pk).update(
            status=S.DITOLAK, diputuskan_pada=datetime(2026, 5, 11, 9, tzinfo=WIB)
        )
        entri.refresh_from_db()
        services.submit_entry(entri, by=cast.staf.user, now=NOW)
        assert Entri.objects.get(pk=entri.pk).status == S.DIAJUKAN

    def test_but_not_long_after_the_rejection(self, cast, katalog):
        old = date(2026, 4, 28)
        entri = buat(
            cast.staf, katalog.arsip, tanggal=old, now=datetime(2026, 4, 28, 17, tzinfo=WIB)
        )
        Entri.objects.filter(pk=entri.pk).update(
            status=S.DITOLAK, diputuskan_pada=datetime(2026, 5, 4, 9, tzinfo=WIB)
        )
        entri.refresh_from_db()
        with pytest.raises(
            AktivitasError, match="perbaikan hanya dapat diajukan sampai 3 hari kerja"
        ):
            services.submit_entry(entri, by=cast.staf.user, now=NOW)

    def test_an_old_draft_is_not_submitted_after_the_window(self, cast, katalog):
        entri = buat(cast.staf, katalog.arsip, tanggal=JUMAT)
        later = NOW + timedelta(days=1)  # Thursday: Friday is now four working days back
        with pytest.raises(AktivitasError, match="3 hari kerja ke belakang"):
            services.submit_entry(entri, by=cast.staf.user, now=later)

    def test_deleting_a_draft_keeps_a_copy_in_the_log(self, cast, katalog):
        entri = buat(cast.staf, katalog.arsip, ajukan=True)
        services.withdraw_entry(entri, by=cast.staf.user, now=NOW)
        services.delete_entry(entri, by=cast.staf.user, now=NOW)
        assert not Entri.objects.filter(pk=entri.pk).exists()
        log = LogAksi.objects.get(aksi="aktivitas.entri_hapus")
        assert log.objek_id == entri.pk and log.pelaku == cast.staf.user
        assert log.data["aktivitas"] == "P-001" and [r["ke"] for r in log.data["riwayat"]] == [
            "diajukan",
            "draf",
        ]

    def test_only_drafts_are_deleted(self, cast, katalog):
        entri = buat(cast.staf, katalog.arsip, ajukan=True)
        with pytest.raises(
            AktivitasError, match="Hanya draf yang dapat dihapus; entri ini diajukan."
        ):
            services.delete_entry(entri, by=cast.staf.user, now=NOW)


class TestSubmitDay:
    def test_submits_every_draft_of_the_day_in_a_fixed_number_of_queries(
        self, cast, katalog, django_assert_num_queries
    ):
        for hour in range(8, 13):
            buat(cast.staf, katalog.arsip, mulai=(hour, 0), selesai=(hour, 45))
        buat(cast.staf, katalog.arsip, tanggal=SELASA)
        # Lock, period, settings, schedule (5), catalog, update, history, and the savepoint.
        with django_assert_num_queries(13):
            n = services.submit_entries(cast.staf, tanggal=HARI_INI, by=cast.staf.user, now=NOW)
        assert n == 5
        assert Entri.objects.filter(status=S.DIAJUKAN).count() == 5
        assert RiwayatEntri.objects.filter(ke_status=S.DIAJUKAN).count() == 5

    def test_says_when_there_is_nothing_to_submit(self, cast, katalog):
        with pytest.raises(
            AktivitasError, match="Tidak ada draf pada Rabu, 13 Mei 2026 untuk diajukan."
        ):
            services.submit_entries(cast.staf, tanggal=HARI_INI, by=cast.staf.user, now=NOW)


class TestCopy:
    def test_copies_the_previous_working_day_as_drafts(self, cast, katalog):
        buat(cast.staf, katalog.arsip, tanggal=SELASA, volume=3, ajukan=True)
        buat(cast.staf, katalog.rapat, tanggal=SELASA, mulai=(9, 0), selesai=(10, 0))
        hasil = services.copy_entries(cast.staf, ke=HARI_INI, by=cast.staf.user, now=NOW)
        assert hasil.dari == SELASA and len(hasil.disalin) == 2 and hasil.dilewati == 0
        copies = Entri.objects.filter(tanggal=HARI_INI).order_by("mulai")
        assert [(e.status, e.sumber, e.volume, e.menit) for e in copies] == [
            (S.DRAF, Entri.Sumber.SALINAN, 3, 30),
            (S.DRAF, Entri.Sumber.SALINAN, 1, 60),
        ]
        assert copies[0].riwayat.get().catatan == "Disalin dari 12-05-2026"

    def test_on_monday_copies_friday(self, cast, katalog):
        buat(cast.staf, katalog.arsip, tanggal=JUMAT)
        monday = datetime(2026, 5, 11, 17, tzinfo=WIB)
        hasil = services.copy_entries(cast.staf, ke=SENIN, by=cast.staf.user, now=monday)
        assert hasil.dari == JUMAT and len(hasil.disalin) == 1

    def test_skips_overlaps_later_hours_unavailable_activities_and_rejected_entries(
        self, cast, katalog
    ):
        buat(cast.staf, katalog.arsip, tanggal=SELASA, mulai=(8, 0), selesai=(9, 0))
        buat(cast.staf, katalog.rapat, tanggal=SELASA, mulai=(9, 0), selesai=(10, 0))
        buat(cast.staf, katalog.olah_data, tanggal=SELASA, mulai=(10, 0), selesai=(11, 0))
        buat(cast.staf, katalog.arsip, tanggal=SELASA, mulai=(11, 0), selesai=(12, 0))
        buat(cast.staf, katalog.arsip, tanggal=SELASA, mulai=(16, 0), selesai=(17, 0))
        Entri.objects.filter(tanggal=SELASA, mulai=time(11)).update(status=S.DITOLAK)
        katalog.olah_data.jabatan.clear()
        buat(cast.staf, katalog.arsip, mulai=(8, 30), selesai=(8, 45))
        hasil = services.copy_entries(cast.staf, ke=HARI_INI, by=cast.staf.user, now=NOW)
        assert len(hasil.disalin) == 1 and hasil.disalin[0].mulai == time(9)
        assert (hasil.bertabrakan, hasil.belum_lewat, hasil.tidak_tersedia) == (1, 1, 1)

    def test_nothing_to_copy(self, cast, katalog):
        hasil = services.copy_entries(cast.staf, ke=HARI_INI, by=cast.staf.user, now=NOW)
        assert hasil.dari == SELASA and not hasil.disalin and not hasil.dilewati

    def test_not_to_a_day_outside_the_window(self, cast, katalog):
        with pytest.raises(AktivitasError, match="3 hari kerja ke belakang"):
            services.copy_entries(cast.staf, ke=date(2026, 5, 6), by=cast.staf.user, now=NOW)

    def test_copying_is_set_based(self, cast, katalog, django_assert_num_queries):
        for hour in range(8, 14):
            buat(cast.staf, katalog.arsip, tanggal=SELASA, mulai=(hour, 0), selesai=(hour, 30))
        # Period, settings, schedule (5), the two days, catalog, insert, history, savepoints.
        with django_assert_num_queries(16):
            hasil = services.copy_entries(cast.staf, ke=HARI_INI, by=cast.staf.user, now=NOW)
        assert len(hasil.disalin) == 6


class TestClosedMonth:
    """The close comes later (tpk); every change already refuses a closed month."""

    @pytest.fixture
    def entries(self, cast, katalog):
        made = {
            "draf": buat(cast.staf, katalog.arsip, mulai=(8, 0), selesai=(9, 0)),
            "diajukan": buat(cast.staf, katalog.arsip, mulai=(9, 0), selesai=(10, 0), ajukan=True),
            "kemarin": buat(cast.staf, katalog.arsip, tanggal=SELASA),
        }
        # The entries made the month's row (Periode.lock_months); the close then sets it.
        Periode.objects.filter(tahun=2026, bulan=5).update(status=Periode.Status.DITUTUP)
        return made

    MESSAGE = "Periode Mei 2026 sudah ditutup: entri bulan itu tidak dapat diubah lagi."

    @pytest.mark.parametrize(
        "action",
        ["create", "update", "submit", "submit_day", "withdraw", "delete", "copy"],
    )
    def test_every_change_is_refused(self, cast, katalog, entries, action):
        user = cast.staf.user
        calls = {
            "create": lambda: buat(cast.staf, katalog.arsip, mulai=(13, 0), selesai=(14, 0)),
            "update": lambda: ubah(entries["draf"], volume=2),
            "submit": lambda: services.submit_entry(entries["draf"], by=user, now=NOW),
            "submit_day": lambda: services.submit_entries(
                cast.staf, tanggal=HARI_INI, by=user, now=NOW
            ),
            "withdraw": lambda: services.withdraw_entry(entries["diajukan"], by=user, now=NOW),
            "delete": lambda: services.delete_entry(entries["draf"], by=user, now=NOW),
            "copy": lambda: services.copy_entries(cast.staf, ke=HARI_INI, by=user, now=NOW),
        }
        before = list(Entri.objects.order_by("pk").values_list("pk", "status", "volume"))
        with pytest.raises(AktivitasError, match=self.MESSAGE):
            calls[action]()
        assert list(Entri.objects.order_by("pk").values_list("pk", "status", "volume")) == before

    def test_an_open_period_row_changes_nothing(self, cast, katalog):
        Periode.objects.create(tahun=2026, bulan=5, status=Periode.Status.TERBUKA)
        assert buat(cast.staf, katalog.arsip).pk

    def test_an_entry_is_not_moved_out_of_a_closed_month(self, cast, katalog):
        entri = buat(
            cast.staf,
            katalog.arsip,
            tanggal=date(2026, 4, 30),
            now=datetime(2026, 5, 1, 9, tzinfo=WIB),
        )
        Periode.objects.filter(tahun=2026, bulan=4).update(status=Periode.Status.DITUTUP)
        with pytest.raises(AktivitasError, match="Periode April 2026 sudah ditutup"):
            ubah(entri, tanggal=HARI_INI)


class TestPeriode:
    def test_no_row_is_open_and_each_question_is_one_query(self, db, django_assert_num_queries):
        Periode.objects.create(tahun=2026, bulan=3, status=Periode.Status.DITUTUP)
        Periode.objects.create(tahun=2026, bulan=4)
        with django_assert_num_queries(1):
            assert Periode.is_closed(date(2026, 3, 31))
        with django_assert_num_queries(1):
            assert not Periode.is_closed(date(2026, 4, 1))
        assert not Periode.is_closed(date(2026, 5, 1))
        with django_assert_num_queries(1):
            assert Periode.closed_months(date(2025, 12, 1), date(2026, 6, 30)) == {(2026, 3)}
        assert Periode.closed_months(date(2026, 4, 1), date(2026, 6, 30)) == set()

    def test_settings_and_closed_months_in_one_query_agree_with_the_model(
        self, db, django_assert_num_queries
    ):
        for tahun, bulan in ((2025, 12), (2026, 1), (2026, 3)):
            Periode.objects.create(tahun=tahun, bulan=bulan, status=Periode.Status.DITUTUP)
        Periode.objects.create(tahun=2026, bulan=2)
        ranges = [
            (date(2025, 12, 29), date(2026, 1, 4)),  # a week across the new year
            (date(2026, 2, 23), date(2026, 3, 1)),
            (date(2026, 2, 1), date(2026, 2, 28)),
            (date(2025, 1, 1), date(2026, 12, 31)),
        ]
        for mulai, selesai in ranges:
            with django_assert_num_queries(1):
                pengaturan, closed = PengaturanAktivitas.current_and_closed(mulai, selesai)
            assert closed == Periode.closed_months(mulai, selesai)
            assert pengaturan.batas_hari_kerja_mundur == 3  # the defaults: no row saved yet
        PengaturanAktivitas.objects.create(pk=1, batas_hari_kerja_mundur=5, ukuran_bukti_maks_mb=2)
        pengaturan, _closed = PengaturanAktivitas.current_and_closed(*ranges[0])
        assert (pengaturan.batas_hari_kerja_mundur, pengaturan.ukuran_bukti_maks_mb) == (5, 2)


class TestBukti:
    def upload(self, content=PNG, name="foto.png"):
        return SimpleUploadedFile(name, content, content_type="image/png")

    def test_is_stored_privately_under_a_random_name_with_its_real_type(self, cast, katalog):
        from .conftest import PDF

        entri = buat(cast.staf, katalog.arsip, bukti=self.upload(PDF, "foto.jpg"))
        assert entri.bukti_jenis == "application/pdf" and entri.bukti_nama == "foto.jpg"
        assert entri.bukti.name.startswith("privat/bukti/2026/05/")
        assert entri.bukti.name.endswith(".pdf") and "foto" not in entri.bukti.name

    def test_only_images_and_pdfs(self, cast, katalog):
        html = self.upload(b"<html><script>alert(1)</script>", "bukti.png")
        with pytest.raises(
            AktivitasError, match="Berkas bukti bukti.png bukan gambar JPEG, PNG, WebP, atau PDF."
        ):
            buat(cast.staf, katalog.arsip, bukti=html)
        assert not Entri.objects.exists()

    def test_up_to_the_size_limit(self, cast, katalog):
        PengaturanAktivitas.objects.create(pk=1, ukuran_bukti_maks_mb=1)
        big = self.upload(PNG + b"\0" * (1024 * 1024), "besar.png")
        with pytest.raises(
            AktivitasError, match=r"besar.png terlalu besar \(1.0 MB\); paling besar 1 MB."
        ):
            buat(cast.staf, katalog.arsip, bukti=big)
        assert buat(cast.staf, katalog.arsip, bukti=self.upload()).bukti

    def test_default_limit_is_five_megabytes(self, cast, katalog):
        big = self.upload(PNG + b"\0" * (5 * 1024 * 1024), "besar.png")
        with pytest.raises(AktivitasError, match="paling besar 5 MB"):
            buat(cast.staf, katalog.arsip, bukti=big)

    def test_replaced_and_deleted_files_leave_the_storage_after_commit(
        self, cast, katalog, django_capture_on_commit_callbacks
    ):
        entri = buat(cast.staf, katalog.arsip, bukti=self.upload())
        storage, first = entri.bukti.storage, entri.bukti.name
        with django_capture_on_commit_callbacks(execute=True):
            entri = ubah(entri, bukti=self.upload(name="baru.png"))
        assert not storage.exists(first) and storage.exists(entri.bukti.name)
        assert entri.riwayat.order_by("id").last().catatan == "bukti diganti"
        second = entri.bukti.name
        with django_capture_on_commit_callbacks(execute=True):
            services.delete_entry(entri, by=cast.staf.user, now=NOW)
        assert not storage.exists(second)

    def test_removing_evidence(self, cast, katalog, django_capture_on_commit_callbacks):
        entri = buat(cast.staf, katalog.arsip, bukti=self.upload())
        with django_capture_on_commit_callbacks(execute=True):
            entri = ubah(entri, hapus_bukti=True)
        entri.refresh_from_db()
        assert not entri.bukti and entri.bukti_nama == "" and entri.bukti_jenis == ""
