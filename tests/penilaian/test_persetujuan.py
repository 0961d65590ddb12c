"""The supervisor's decisions (services and who decides): every rule, the hierarchy cases
(acting, moved, top), the admin's reassignment, the query budget and two tabs at once.

The clock is Wednesday 13 May 2026, 16:30 in Jakarta: May is open for decisions, April's
deadline (5 May) has passed."""

import threading
import time as time_module
from datetime import date, datetime, time

import pytest
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from aktivitas.models import Aktivitas, Entri, RiwayatEntri
from pegawai.models import LogAksi, Periode
from pegawai.services import assign_jabatan
from penilaian.exceptions import PenilaianError
from penilaian.models import Notifikasi, PengalihanEntri
from penilaian.queries import (
    Wewenang,
    antrian_atasan,
    antrian_tim,
    awal_jendela,
    batas_validasi,
    jumlah_antrian,
)
from penilaian.services import persetujuan as services
from tests import factories as f
from tests.aktivitas.conftest import NOW, WIB

pytestmark = pytest.mark.django_db

HARI_INI = date(2026, 5, 13)
SENIN = date(2026, 5, 11)
APRIL = date(2026, 4, 28)


def aktivitas() -> Aktivitas:
    return Aktivitas.objects.get_or_create(
        kode="T-001",
        defaults={
            "nama": "Menyusun laporan",
            "satuan": "laporan",
            "menit_standar": 60,
            "untuk_struktural": True,
            "untuk_fungsional": True,
            "untuk_pelaksana": True,
        },
    )[0]


def entri(pegawai, tanggal=SENIN, jam=8, *, menit=60, status="diajukan") -> Entri:
    """A submitted entry of an hour, made directly (the logging rules are aktivitas' tests)."""
    return Entri.objects.create(
        pegawai=pegawai,
        tanggal=tanggal,
        mulai=time(jam),
        selesai=time(jam + 1),
        aktivitas=aktivitas(),
        volume=1,
        uraian="Menyusun laporan bulanan",
        menit_standar=60,
        menit=menit,
        status=status,
        dibuat_pada=NOW,
        diubah_pada=NOW,
    )


def tutup(tanggal: date) -> None:
    Periode.objects.create(tahun=tanggal.year, bulan=tanggal.month, status="ditutup")


def fresh(e: Entri) -> Entri:
    return Entri.objects.get(pk=e.pk)


def plt_kasi(cast):
    """An analyst acting as the vacant kasi: the staff member's supervisor while it lasts."""
    plt = f.pegawai("Plt Kasi Data", f.jabatan("Analis Data", cast.seksi, atasan=cast.jab_kasi))
    f.acting(plt, cast.jab_kasi, mulai=date(2026, 5, 1))
    return plt


# Approve ----------------------------------------------------------------------------------------


class TestApprove:
    def test_approves_as_claimed_with_a_history_row_per_entry(self, cast):
        a, b = entri(cast.staf, jam=8), entri(cast.staf, jam=9, menit=45)
        Entri.objects.filter(pk=b.pk).update(menit_diakui=30)  # an old correction is undone
        done = services.approve_entries([a.pk, b.pk], by=cast.atasan.user, now=NOW)
        assert [e.pk for e in done] == [a.pk, b.pk]
        for e in (fresh(a), fresh(b)):
            assert e.status == "disetujui"
            assert e.diputuskan_oleh == cast.atasan.user and e.diputuskan_pada == NOW
            assert e.menit_diakui is None and e.menit_dihitung == e.menit
        rows = RiwayatEntri.objects.filter(entri__in=[a, b])
        assert {(r.dari_status, r.ke_status, r.oleh_id, r.catatan) for r in rows} == {
            ("diajukan", "disetujui", cast.atasan.user.pk, "")
        }
        assert rows.count() == 2
        assert not Notifikasi.objects.exists()  # approval as claimed tells nobody

    def test_nothing_chosen_is_a_clear_refusal(self, cast):
        with pytest.raises(PenilaianError, match="Pilih dulu entri"):
            services.approve_entries([], by=cast.atasan.user, now=NOW)

    def test_all_or_none(self, cast):
        a = entri(cast.staf, jam=8)
        own = entri(cast.atasan, jam=8)
        with pytest.raises(PenilaianError, match="entri Anda sendiri"):
            services.approve_entries([a.pk, own.pk], by=cast.atasan.user, now=NOW)
        assert fresh(a).status == "diajukan" and not RiwayatEntri.objects.exists()

    def test_a_deleted_entry_is_reported(self, cast):
        a = entri(cast.staf)
        with pytest.raises(PenilaianError, match="tidak ditemukan lagi"):
            services.approve_entries([a.pk, a.pk + 999], by=cast.atasan.user, now=NOW)

    @pytest.mark.parametrize("status", ["draf", "ditolak"])
    def test_only_submitted_entries(self, cast, status):
        e = entri(cast.staf, status=status)
        with pytest.raises(PenilaianError):
            services.approve_entries([e.pk], by=cast.atasan.user, now=NOW)
        assert fresh(e).status == status

    def test_a_second_approval_says_who_decided_and_when(self, cast):
        e = entri(cast.staf)
        services.approve_entries([e.pk], by=cast.atasan.user, now=NOW)
        with pytest.raises(PenilaianError) as refused:
            services.approve_entries([e.pk], by=cast.atasan.user, now=NOW)
        assert str(refused.value) == (
            "Entri Senin, 11 Mei 2026 08:00–09:00 (Staf Data) sudah disetujui oleh Kabid Umum "
            "pada 13 Mei 2026 16:30."
        )
        assert RiwayatEntri.objects.count() == 1

    def test_a_withdrawn_entry_is_named_as_such(self, cast):
        e = entri(cast.staf)
        Entri.objects.filter(pk=e.pk).update(status="draf")
        with pytest.raises(PenilaianError, match="ditarik kembali oleh pegawai"):
            services.approve_entries([e.pk], by=cast.atasan.user, now=NOW)

    def test_nobody_decides_their_own_entries(self, cast):
        e = entri(cast.atasan)
        with pytest.raises(PenilaianError, match="entri Anda sendiri"):
            services.approve_entries([e.pk], by=cast.atasan.user, now=NOW)

    def test_only_the_current_decider(self, cast):
        e = entri(cast.staf)
        for outsider in (cast.kepala, cast.orang_luar, cast.admin, cast.penilai):
            with pytest.raises(PenilaianError, match="bukan yang memutuskan"):
                services.approve_entries([e.pk], by=outsider.user, now=NOW)
        assert fresh(e).status == "diajukan"

    def test_closed_month_is_refused(self, cast):
        e = entri(cast.staf)
        tutup(SENIN)
        with pytest.raises(PenilaianError, match="Periode Mei 2026 sudah ditutup"):
            services.approve_entries([e.pk], by=cast.atasan.user, now=NOW)

    def test_last_month_until_its_deadline_then_no_more(self, cast):
        e = entri(cast.staf, tanggal=APRIL)
        with pytest.raises(PenilaianError, match=r"Batas validasi entri April 2026 sudah lewat"):
            services.approve_entries([e.pk], by=cast.atasan.user, now=NOW)
        on_the_fifth = datetime(2026, 5, 5, 23, 50, tzinfo=WIB)
        services.approve_entries([e.pk], by=cast.atasan.user, now=on_the_fifth)
        assert fresh(e).status == "disetujui"

    def test_five_queries_whatever_the_number(self, cast):
        for i in range(40):
            f.pegawai(f"Pelaksana {i}", cast.jab_staf, login=False)
        staff = list(cast.jab_staf.pemangku.all())
        ids = [entri(p, tanggal=date(2026, 5, d), jam=8).pk for p in staff for d in (4, 5, 6)]
        by = cast.atasan.user
        by.pegawai  # the view has loaded it to authorise  # noqa: B018
        # The month's row, as the entries' creation through aktivitas leaves it (these are made
        # directly); without it the first decision makes it: three queries more, once.
        Periode.objects.create(tahun=2026, bulan=5)
        with CaptureQueriesContext(connection) as queries:
            services.approve_entries(ids, by=by, now=NOW)
        sent = [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
        assert len(sent) == 5, sent
        assert "FOR KEY SHARE" in sent[1]  # the months' lock rides on the entries' lock
        assert Entri.objects.filter(pk__in=ids, status="disetujui").count() == len(ids) == 123


class TestApproveWithFewerMinutes:
    def test_counts_the_reduced_minutes_and_tells_the_owner(self, cast):
        e = entri(cast.staf, menit=60)
        services.approve_entry(e, menit=40, alasan="Sebagian rapat", by=cast.atasan.user, now=NOW)
        e = fresh(e)
        assert (e.status, e.menit, e.menit_diakui, e.menit_dihitung) == ("disetujui", 60, 40, 40)
        row = RiwayatEntri.objects.get(entri=e)
        assert row.catatan == "Disetujui 40 dari 60 menit: Sebagian rapat"
        note = Notifikasi.objects.get()
        assert note.penerima == cast.staf.user and note.jenis == "dikoreksi"
        assert note.judul == "Menit entri 11 Mei 2026 08:00–09:00 dikurangi menjadi 40"
        assert "Sebagian rapat" in note.pesan and note.url == f"/aktivitas/entri/{e.pk}/"

    def test_zero_minutes_is_allowed(self, cast):
        e = entri(cast.staf)
        services.approve_entry(e, menit=0, alasan="Bukan tugas", by=cast.atasan.user, now=NOW)
        assert fresh(e).menit_dihitung == 0

    @pytest.mark.parametrize("menit", [60, 61, -1])
    def test_minutes_must_be_fewer_than_claimed(self, cast, menit):
        e = entri(cast.staf, menit=60)
        with pytest.raises(PenilaianError, match="antara 0 dan 59"):
            services.approve_entry(e, menit=menit, alasan="x", by=cast.atasan.user, now=NOW)
        assert fresh(e).status == "diajukan" and not Notifikasi.objects.exists()

    def test_a_reason_is_required(self, cast):
        e = entri(cast.staf)
        with pytest.raises(PenilaianError, match="alasan mengurangi"):
            services.approve_entry(e, menit=30, alasan="  ", by=cast.atasan.user, now=NOW)

    def test_without_minutes_it_is_a_plain_approval(self, cast):
        e = entri(cast.staf)
        services.approve_entry(e, by=cast.atasan.user, now=NOW)
        assert fresh(e).status == "disetujui" and not Notifikasi.objects.exists()


class TestReject:
    def test_rejects_with_the_reason_in_the_history_and_tells_the_owner(self, cast):
        e = entri(cast.staf)
        services.reject_entry(e, alasan="Uraian tidak jelas", by=cast.atasan.user, now=NOW)
        e = fresh(e)
        assert (e.status, e.diputuskan_oleh, e.diputuskan_pada) == (
            "ditolak",
            cast.atasan.user,
            NOW,
        )
        row = RiwayatEntri.objects.get(entri=e)
        assert (row.dari_status, row.ke_status, row.catatan) == (
            "diajukan",
            "ditolak",
            "Uraian tidak jelas",
        )
        note = Notifikasi.objects.get()
        assert (note.penerima, note.jenis) == (cast.staf.user, "ditolak")
        assert note.judul == "Entri 11 Mei 2026 08:00–09:00 ditolak"

    def test_a_reason_is_required(self, cast):
        e = entri(cast.staf)
        with pytest.raises(PenilaianError, match="alasan penolakan"):
            services.reject_entry(e, alasan="", by=cast.atasan.user, now=NOW)
        assert fresh(e).status == "diajukan"

    def test_owner_without_a_login_gets_no_notification(self, cast):
        tanpa_akun = f.pegawai("Tanpa Akun", cast.jab_staf, login=False)
        e = entri(tanpa_akun)
        services.reject_entry(e, alasan="Salah tanggal", by=cast.atasan.user, now=NOW)
        assert fresh(e).status == "ditolak" and not Notifikasi.objects.exists()

    def test_an_approved_entry_cannot_be_rejected_here(self, cast):
        e = entri(cast.staf, status="disetujui")
        with pytest.raises(PenilaianError, match="tidak menunggu keputusan"):
            services.reject_entry(e, alasan="x", by=cast.atasan.user, now=NOW)


# Who decides ------------------------------------------------------------------------------------


class TestWhoDecides:
    def test_an_acting_supervisor_decides_and_the_one_above_no_longer(self, cast):
        plt = plt_kasi(cast)
        e = entri(cast.staf)
        with pytest.raises(PenilaianError, match="bukan yang memutuskan"):
            services.approve_entries([e.pk], by=cast.atasan.user, now=NOW)
        services.approve_entries([e.pk], by=plt.user, now=NOW)
        assert fresh(e).diputuskan_oleh == plt.user

    def test_when_the_acting_ends_the_entries_go_back_up(self, cast):
        plt = plt_kasi(cast)
        cast.jab_kasi.penugasan.filter(pegawai=plt).update(selesai=date(2026, 5, 12))
        e = entri(cast.staf, tanggal=SENIN)  # dated while the Plt acted
        with pytest.raises(PenilaianError, match="bukan yang memutuskan"):
            services.approve_entries([e.pk], by=plt.user, now=NOW)
        services.approve_entries([e.pk], by=cast.atasan.user, now=NOW)

    def test_a_subordinate_moved_mid_month_takes_the_undecided_entries_along(self, cast):
        before = entri(cast.staf, tanggal=date(2026, 5, 4))
        decided = entri(cast.staf, tanggal=date(2026, 5, 5))
        services.approve_entries([decided.pk], by=cast.atasan.user, now=NOW)
        analis = cast.orang_luar.jabatan  # in the other office, under its head
        kepala_lain = analis.atasan.pemangku.get()
        assign_jabatan(cast.staf, jabatan=analis, mulai=date(2026, 5, 11), by=cast.admin.user)
        assert before.pk in antrian_atasan(
            Wewenang.of(kepala_lain.user, HARI_INI), sejak=SENIN.replace(day=1)
        ).values_list("pk", flat=True)
        with pytest.raises(PenilaianError, match="bukan yang memutuskan"):
            services.approve_entries([before.pk], by=cast.atasan.user, now=NOW)
        services.reject_entry(before, alasan="Bukan tugas di sini", by=kepala_lain.user, now=NOW)
        assert fresh(before).diputuskan_oleh == kepala_lain.user
        assert fresh(decided).diputuskan_oleh == cast.atasan.user  # decisions stay as made

    def test_the_top_of_the_hierarchy_is_decided_by_the_review_team(self, cast):
        e = entri(cast.kepala)
        with pytest.raises(PenilaianError, match="bukan yang memutuskan"):
            services.approve_entries([e.pk], by=cast.atasan.user, now=NOW)
        services.approve_entries([e.pk], by=cast.penilai.user, now=NOW)
        assert RiwayatEntri.objects.get(entri=e).catatan == (
            "Diputuskan tim penilai: pegawai tanpa atasan."
        )

    def test_the_review_team_does_not_decide_for_supervisors(self, cast):
        e = entri(cast.staf)
        with pytest.raises(PenilaianError, match="bukan yang memutuskan"):
            services.approve_entries([e.pk], by=cast.penilai.user, now=NOW)

    def test_a_review_team_member_at_the_top_still_cannot_decide_their_own(self, cast):
        cast.kepala.user.groups.add(cast.penilai.user.groups.get())
        e = entri(cast.kepala)
        with pytest.raises(PenilaianError, match="entri Anda sendiri"):
            services.approve_entries([e.pk], by=cast.kepala.user, now=NOW)


class TestReassignment:
    def test_the_new_decider_decides_and_nobody_else(self, cast):
        e, other = entri(cast.staf, jam=8), entri(cast.staf, jam=9)
        n = services.reassign_entries(
            cast.staf, ke=cast.kepala, alasan="Kabid cuti", by=cast.admin.user, now=NOW
        )
        assert n == 2
        assert set(PengalihanEntri.objects.values_list("entri", "ke")) == {
            (e.pk, cast.kepala.pk),
            (other.pk, cast.kepala.pk),
        }
        log = LogAksi.objects.get(aksi="penilaian.pengalihan_entri")
        assert (log.pelaku, log.alasan, log.data["ke"]) == (
            cast.admin.user,
            "Kabid cuti",
            cast.kepala.pk,
        )
        with pytest.raises(PenilaianError, match="bukan yang memutuskan"):
            services.approve_entries([e.pk], by=cast.atasan.user, now=NOW)
        services.approve_entries([e.pk], by=cast.kepala.user, now=NOW)
        assert RiwayatEntri.objects.get(entri=e).catatan == "Diputuskan atas pengalihan oleh admin."

    def test_the_new_decider_may_open_the_entry_and_nobody_else_outside(self, cast):
        e = entri(cast.staf)
        assert not Entri.objects.visible_to(cast.orang_luar.user).filter(pk=e.pk).exists()
        services.reassign_entries(
            cast.staf, ke=cast.orang_luar, alasan="Kabid cuti", by=cast.admin.user, now=NOW
        )
        assert Entri.objects.visible_to(cast.orang_luar.user).filter(pk=e.pk).count() == 1
        # The reassignment opens that entry only, not the rest of the owner's month.
        decided = entri(cast.staf, jam=10, status="disetujui")
        assert not Entri.objects.visible_to(cast.orang_luar.user).filter(pk=decided.pk).exists()

    def test_back_to_the_supervisor_by_position(self, cast):
        e = entri(cast.staf)
        services.reassign_entries(
            cast.staf, ke=cast.kepala, alasan="Cuti", by=cast.admin.user, now=NOW
        )
        services.reassign_entries(
            cast.staf, ke=None, alasan="Sudah masuk", by=cast.admin.user, now=NOW
        )
        assert not PengalihanEntri.objects.exists()
        services.approve_entries([e.pk], by=cast.atasan.user, now=NOW)

    def test_a_second_reassignment_replaces_the_first(self, cast):
        e = entri(cast.staf)
        services.reassign_entries(
            cast.staf, ke=cast.kepala, alasan="Cuti", by=cast.admin.user, now=NOW
        )
        services.reassign_entries(
            cast.staf, ke=cast.orang_luar, alasan="Kepala dinas luar", by=cast.admin.user, now=NOW
        )
        assert PengalihanEntri.objects.get(entri=e).ke == cast.orang_luar
        assert LogAksi.objects.filter(aksi="penilaian.pengalihan_entri").count() == 2

    def test_refusals(self, cast):
        entri(cast.staf)
        admin = cast.admin.user
        with pytest.raises(PenilaianError, match="alasan pengalihan"):
            services.reassign_entries(cast.staf, ke=cast.kepala, alasan=" ", by=admin, now=NOW)
        with pytest.raises(PenilaianError, match="entrinya sendiri"):
            services.reassign_entries(cast.staf, ke=cast.staf, alasan="x", by=admin, now=NOW)
        tanpa_akun = f.pegawai("Tanpa Akun", cast.jab_staf, login=False)
        with pytest.raises(PenilaianError, match="tidak punya akun"):
            services.reassign_entries(cast.staf, ke=tanpa_akun, alasan="x", by=admin, now=NOW)
        with pytest.raises(PenilaianError, match="tidak punya entri yang menunggu"):
            services.reassign_entries(cast.kepala, ke=cast.atasan, alasan="x", by=admin, now=NOW)
        assert not PengalihanEntri.objects.exists()


# The queues and the navigation count ------------------------------------------------------------


class TestQueues:
    def test_the_deadline_window(self):
        assert batas_validasi(2026, 4, hari=5) == date(2026, 5, 5)
        assert batas_validasi(2026, 12, hari=5) == date(2027, 1, 5)
        assert awal_jendela(date(2026, 5, 5), hari=5) == date(2026, 4, 1)
        assert awal_jendela(date(2026, 5, 6), hari=5) == date(2026, 5, 1)
        assert awal_jendela(date(2026, 1, 3), hari=5) == date(2025, 12, 1)

    def test_supervisor_queue_holds_what_they_may_decide(self, cast):
        mine = entri(cast.staf)
        entri(cast.staf, jam=9, status="draf")
        entri(cast.staf, tanggal=APRIL)  # past April's deadline
        entri(cast.atasan)  # their own
        entri(cast.kepala)  # the review team's
        closed = entri(cast.staf, tanggal=date(2026, 5, 4))
        queue = antrian_atasan(Wewenang.of(cast.atasan.user, HARI_INI), sejak=date(2026, 5, 1))
        assert set(queue.values_list("pk", flat=True)) == {mine.pk, closed.pk}
        tutup(date(2026, 5, 1))
        assert not queue.all().exists()

    def test_review_team_queue_holds_the_top(self, cast):
        top = entri(cast.kepala)
        entri(cast.staf)
        queue = antrian_tim(Wewenang.of(cast.penilai.user, HARI_INI), sejak=date(2026, 5, 1))
        assert list(queue.values_list("pk", flat=True)) == [top.pk]

    def test_navigation_count_agrees_with_the_queue_in_one_query(
        self, cast, django_assert_num_queries
    ):
        plt = plt_kasi(cast)
        staf2 = f.pegawai("Staf Dua", cast.jab_staf)
        analis = f.pegawai(
            "Analis Bidang", f.jabatan("Analis Bidang", cast.bidang, atasan=cast.jab_kabid)
        )
        for p in (cast.staf, staf2, analis):
            entri(p, jam=8)
            entri(p, jam=10)
        entri(cast.staf, tanggal=APRIL)
        moved = entri(analis, jam=13)
        services.reassign_entries(
            analis, ke=cast.kepala, alasan="Cuti", by=cast.admin.user, now=NOW
        )
        PengalihanEntri.objects.exclude(entri=moved).delete()
        cases = {cast.atasan: 2, plt: 4, cast.kepala: 1, cast.staf: 0, cast.orang_luar: 0}
        for who, expected in cases.items():
            who.user.pegawai  # loaded with the login  # noqa: B018
            with django_assert_num_queries(1):
                n = jumlah_antrian(who.user, hari=HARI_INI)
            queue = antrian_atasan(Wewenang.of(who.user, HARI_INI), sejak=date(2026, 5, 1))
            assert n == queue.count() == expected, who

    def test_navigation_count_follows_the_deadline_setting_and_closed_months(self, cast):
        from penilaian.models import PengaturanPenilaian

        entri(cast.staf, tanggal=APRIL)
        assert jumlah_antrian(cast.atasan.user, hari=date(2026, 5, 5)) == 1
        assert jumlah_antrian(cast.atasan.user, hari=date(2026, 5, 6)) == 0
        PengaturanPenilaian.objects.create(pk=1, batas_validasi_hari=10)
        assert jumlah_antrian(cast.atasan.user, hari=date(2026, 5, 6)) == 1
        tutup(APRIL)
        assert jumlah_antrian(cast.atasan.user, hari=date(2026, 5, 6)) == 0

    def test_no_staff_record_means_nothing_to_decide(self, cast, django_assert_num_queries):
        user = f.User.objects.create_user("tanpa-pegawai", password=f.PASSWORD)
        with django_assert_num_queries(1):  # the reverse look-up of a staff record
            assert jumlah_antrian(user, hari=HARI_INI) == 0


# Two tabs at once -------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_tabs_approving_at_once_one_wins_the_other_is_told(cast):
    """Tab one holds the entry's lock inside its transaction while tab two asks; tab two waits,
    then finds it decided."""
    e = entri(cast.staf)
    ready, results = threading.Event(), {}

    def tab(name, hold):
        try:
            from django.db import transaction

            with transaction.atomic():
                services.approve_entries([e.pk], by=cast.atasan.user, now=NOW)
                if hold:
                    ready.set()
                    deadline = time_module.monotonic() + 5
                    while time_module.monotonic() < deadline and not _someone_waits():
                        time_module.sleep(0.02)
            results[name] = "ok"
        except PenilaianError as exc:
            results[name] = str(exc)
        finally:
            close_old_connections()
            connection.close()

    one = threading.Thread(target=tab, args=("one", True))
    one.start()
    assert ready.wait(5)
    two = threading.Thread(target=tab, args=("two", False))
    two.start()
    one.join(10)
    two.join(10)
    assert results["one"] == "ok"
    assert results["two"].startswith(
        "Entri Senin, 11 Mei 2026 08:00–09:00 (Staf Data) sudah disetujui"
    )
    assert RiwayatEntri.objects.filter(entri=e).count() == 1


def _someone_waits() -> bool:
    """A backend of this database waits for a row lock (tab two reached the lock)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0
