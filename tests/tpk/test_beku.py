"""A closed month is frozen: no entry, decision, attendance record or assessment of it changes
through any path the application offers, and every refusal says why.

The month (July 2026) is filled through the services first (entries in every status, an
approval, a rejection, an objection, attendance with a leave range and a correction, a
behaviour assessment, a review team with a sample, a score), then closed; each test tries one
path and checks both the message and that nothing of July changed.
"""

from datetime import date, datetime, time

import pytest
from django.contrib import admin
from django.db.models import ProtectedError
from django.test import RequestFactory

from aktivitas import services as aktivitas
from aktivitas.entri_impor import import_entri
from aktivitas.exceptions import AktivitasError
from aktivitas.models import Entri, RiwayatEntri
from pegawai import services_kehadiran as kehadiran
from pegawai.exceptions import KepegawaianError
from pegawai.importer import ImportErrors
from pegawai.kehadiran_impor import import_kehadiran
from pegawai.models import Izin, Kehadiran, Pegawai, RiwayatKehadiran
from penilaian.anomali import scan_anomalies
from penilaian.defaults import create_default_aspects
from penilaian.exceptions import PenilaianError
from penilaian.models import (
    Keberatan,
    KeputusanTim,
    NilaiTim,
    PengalihanEntri,
    PengambilanSampel,
    PenilaianPerilaku,
    TandaTanganUnit,
    TimPenilai,
)
from penilaian.services import keberatan, perilaku, persetujuan, tim
from tpk.defaults import create_default_aturan
from tpk.penutupan import close_periode

from . import bulan as b
from .bulan import tanpa_ekspor  # noqa: F401 (autouse)

pytestmark = pytest.mark.django_db

SESUDAH = datetime(2026, 8, 3, 9, 0, tzinfo=b.WIB)  # within every July window and deadline
J28, J29, J30, J31 = (date(2026, 7, d) for d in (28, 29, 30, 31))
AGUSTUS = date(2026, 8, 3)


def hari(*, jam: int, now=None):
    return {"mulai": time(jam), "selesai": time(jam + 1)}


class Juli:
    """July of the staff member (cast.staf), everything made through the services."""

    def __init__(self, cast):
        create_default_aturan()
        create_default_aspects()
        b.juli()
        self.cast = cast
        staf, atasan = cast.staf, cast.atasan
        Pegawai.objects.filter(pk=staf.pk).update(pin_absen="101")
        staf.refresh_from_db()
        akt = b.aktivitas()
        akt.jabatan.add(cast.jab_staf)

        def buat(tanggal, jam, now, ajukan):
            return aktivitas.create_entry(
                staf, tanggal=tanggal, aktivitas=akt, volume=4, uraian="Menyusun bahan",
                ajukan=ajukan, by=staf.user, now=now, **hari(jam=jam),
            )  # fmt: skip

        sore = datetime(2026, 7, 31, 17, 0, tzinfo=b.WIB)
        self.draf = buat(J31, 8, sore, False)
        self.diajukan = buat(J30, 8, sore, True)
        self.disetujui = buat(J29, 8, sore, True)
        self.ditolak = buat(J28, 8, sore, True)
        self.agustus = buat(AGUSTUS, 8, SESUDAH, False)
        persetujuan.approve_entries([self.disetujui.pk], by=atasan.user, now=SESUDAH)
        persetujuan.reject_entry(
            self.ditolak, alasan="Uraian tidak jelas", by=atasan.user, now=SESUDAH
        )
        self.keberatan = keberatan.submit_keberatan(
            Entri.objects.get(pk=self.ditolak.pk),
            alasan="Uraian sudah sesuai",
            by=staf.user,
            now=SESUDAH,
        )

        b.impor_kehadiran([(staf, d, "H") for d in b.hari_kerja()], admin=cast.admin)
        self.izin = kehadiran.create_izin(
            staf, kode="DL", mulai=date(2026, 7, 20), selesai=date(2026, 7, 21),
            alasan="Surat tugas", by=cast.admin.user, now=SESUDAH,
        ).izin  # fmt: skip
        kehadiran.correct_kehadiran(
            staf, date(2026, 7, 22), kode="H", tl=1, alasan="Mesin rusak",
            by=cast.admin.user, now=SESUDAH,
        )  # fmt: skip

        set_aspek = perilaku.active_set()
        nilai = {a.pk: 80 for a in perilaku.aspects_for(set_aspek, pemimpin=False)}
        perilaku.assess_behaviour(
            staf, tahun=2026, bulan=7, nilai=nilai, by=atasan.user, now=SESUDAH
        )
        self.nilai_aspek = nilai

        self.tim = TimPenilai.objects.create(nama="Tim Dinas Contoh")
        self.tim.anggota.add(cast.penilai.user)
        self.tim.lingkup.add(cast.opd)
        tim.set_nilai_tim(staf, tahun=2026, bulan=7, nilai=85, by=cast.penilai.user, now=SESUDAH)

        close_periode(2026, 7, by=cast.admin.user, now=b.NOW)
        self.sebelum = snapshot()


def snapshot() -> dict:
    """Every July row an attempt could touch, field by field."""
    juli = {"tanggal__range": (date(2026, 7, 1), date(2026, 7, 31))}
    return {
        "entri": list(Entri.objects.filter(**juli).order_by("pk").values()),
        "riwayat": list(RiwayatEntri.objects.filter(entri__tanggal__month=7).values()),
        "pengalihan": list(PengalihanEntri.objects.values()),
        "kehadiran": list(Kehadiran.objects.filter(**juli).order_by("pk").values()),
        "izin": list(Izin.objects.order_by("pk").values()),
        "riwayat_kehadiran": list(RiwayatKehadiran.objects.order_by("pk").values()),
        "perilaku": list(PenilaianPerilaku.objects.order_by("pk").values()),
        "nilai_tim": list(NilaiTim.objects.order_by("pk").values()),
        "keputusan_tim": list(KeputusanTim.objects.order_by("pk").values()),
        "keberatan": list(Keberatan.objects.order_by("pk").values()),
        "tanda_tangan": list(TandaTanganUnit.objects.values()),
        "sampel": list(PengambilanSampel.objects.values()),
    }


@pytest.fixture
def juli(cast):
    return Juli(cast)


def unchanged(juli: Juli) -> bool:
    return snapshot() == juli.sebelum


DITUTUP = "Periode Juli 2026 sudah ditutup"


class TestEntries:
    def test_create(self, juli):
        with pytest.raises(AktivitasError, match=DITUTUP):
            aktivitas.create_entry(
                juli.cast.staf, tanggal=J31, aktivitas=b.aktivitas(), volume=1, uraian="x",
                by=juli.cast.staf.user, now=SESUDAH, **hari(jam=10),
            )  # fmt: skip
        assert unchanged(juli)

    def test_edit(self, juli):
        with pytest.raises(AktivitasError, match=DITUTUP):
            aktivitas.update_entry(
                juli.draf, tanggal=J31, aktivitas=b.aktivitas(), volume=2, uraian="diubah",
                by=juli.cast.staf.user, now=SESUDAH, **hari(jam=8),
            )  # fmt: skip
        assert unchanged(juli)

    def test_moving_an_august_entry_into_july(self, juli):
        with pytest.raises(AktivitasError, match=DITUTUP):
            aktivitas.update_entry(
                juli.agustus, tanggal=J31, aktivitas=b.aktivitas(), volume=4, uraian="x",
                by=juli.cast.staf.user, now=SESUDAH, **hari(jam=13),
            )  # fmt: skip
        assert unchanged(juli)

    def test_submit(self, juli):
        with pytest.raises(AktivitasError, match=DITUTUP):
            aktivitas.submit_entry(juli.draf, by=juli.cast.staf.user, now=SESUDAH)
        with pytest.raises(AktivitasError, match=DITUTUP):
            aktivitas.submit_entries(
                juli.cast.staf, tanggal=J31, by=juli.cast.staf.user, now=SESUDAH
            )
        assert unchanged(juli)

    def test_withdraw(self, juli):
        with pytest.raises(AktivitasError, match=DITUTUP):
            aktivitas.withdraw_entry(juli.diajukan, by=juli.cast.staf.user, now=SESUDAH)
        assert unchanged(juli)

    def test_delete(self, juli):
        with pytest.raises(AktivitasError, match=DITUTUP):
            aktivitas.delete_entry(juli.draf, by=juli.cast.staf.user, now=SESUDAH)
        assert unchanged(juli)

    def test_copy_into_july(self, juli):
        with pytest.raises(AktivitasError, match=DITUTUP):
            aktivitas.copy_entries(
                juli.cast.staf, ke=J31, dari=J30, by=juli.cast.staf.user, now=SESUDAH
            )
        assert unchanged(juli)

    def test_import(self, juli):
        row = {
            "nip": juli.cast.staf.nip, "tanggal": J31, "mulai": time(13), "selesai": time(14),
            "kode": "TPK-001", "volume": 4, "uraian": "Diimpor", "status": "diajukan",
        }  # fmt: skip
        with pytest.raises(ImportErrors) as raised:
            import_entri([row], by=juli.cast.admin.user, now=SESUDAH)
        assert "sudah ditutup" in " ".join(e.message for e in raised.value.errors)
        assert unchanged(juli)


class TestDecisions:
    def test_approve(self, juli):
        with pytest.raises(PenilaianError, match=DITUTUP):
            persetujuan.approve_entries([juli.diajukan.pk], by=juli.cast.atasan.user, now=SESUDAH)
        assert unchanged(juli)

    def test_approve_with_fewer_minutes(self, juli):
        with pytest.raises(PenilaianError, match=DITUTUP):
            persetujuan.approve_entry(
                juli.diajukan, menit=30, alasan="Terlalu lama", by=juli.cast.atasan.user,
                now=SESUDAH,
            )  # fmt: skip
        assert unchanged(juli)

    def test_reject(self, juli):
        with pytest.raises(PenilaianError, match=DITUTUP):
            persetujuan.reject_entry(
                juli.diajukan, alasan="Tidak sesuai", by=juli.cast.atasan.user, now=SESUDAH
            )
        assert unchanged(juli)

    def test_reassign_leaves_the_closed_months_entries_alone(self, juli):
        with pytest.raises(PenilaianError, match="tidak punya entri yang menunggu keputusan"):
            persetujuan.reassign_entries(
                juli.cast.staf, ke=juli.cast.kepala, alasan="Atasan cuti",
                by=juli.cast.admin.user, now=SESUDAH,
            )  # fmt: skip
        assert unchanged(juli)

    def test_the_validation_deadline(self, juli):
        result = persetujuan.apply_validation_deadline(
            2026, 7, now=datetime(2026, 8, 7, tzinfo=b.WIB)
        )
        assert result.ditutup and result.jumlah == 0
        assert unchanged(juli)

    @pytest.mark.parametrize("keputusan", ["confirm", "correct", "reject"])
    def test_review_team_decisions(self, juli, keputusan):
        entri = Entri.objects.get(pk=juli.disetujui.pk)
        by = juli.cast.penilai.user
        with pytest.raises(PenilaianError, match=DITUTUP):
            if keputusan == "confirm":
                tim.confirm_entry(entri, by=by, now=SESUDAH)
            elif keputusan == "correct":
                tim.correct_entry(entri, menit=30, alasan="Berlebihan", by=by, now=SESUDAH)
            else:
                tim.reject_entry(entri, alasan="Tidak ada bukti", by=by, now=SESUDAH)
        assert unchanged(juli)

    def test_review_team_sample_score_and_sign_off(self, juli):
        by = juli.cast.penilai.user
        with pytest.raises(PenilaianError, match=DITUTUP):
            tim.draw_sample(juli.cast.opd, tahun=2026, bulan=7, by=by, now=SESUDAH)
        with pytest.raises(PenilaianError, match=DITUTUP):
            tim.set_nilai_tim(juli.cast.staf, tahun=2026, bulan=7, nilai=50, by=by, now=SESUDAH)
        with pytest.raises(PenilaianError, match=DITUTUP):
            tim.sign_off_unit(juli.cast.opd, tahun=2026, bulan=7, by=by, now=SESUDAH)
        assert unchanged(juli)

    def test_anomaly_scan(self, juli):
        with pytest.raises(PenilaianError, match=DITUTUP):
            scan_anomalies(2026, 7, now=SESUDAH)
        assert unchanged(juli)

    def test_objection_submitted(self, juli):
        entri = Entri.objects.get(pk=juli.ditolak.pk)
        Keberatan.objects.filter(pk=juli.keberatan.pk).delete()  # as if never objected
        sebelum = snapshot()
        with pytest.raises(PenilaianError, match=DITUTUP):
            keberatan.submit_keberatan(
                entri, alasan="Sudah sesuai", by=juli.cast.staf.user, now=SESUDAH
            )
        assert snapshot() == sebelum

    def test_objection_decided(self, juli):
        with pytest.raises(PenilaianError, match=DITUTUP):
            keberatan.decide_keberatan(
                juli.keberatan, dikabulkan=True, alasan="Diterima", by=juli.cast.kepala.user,
                now=SESUDAH,
            )  # fmt: skip
        assert unchanged(juli)


class TestAssessment:
    def test_behaviour(self, juli):
        nilai = {pk: 95 for pk in juli.nilai_aspek}
        with pytest.raises(PenilaianError, match=DITUTUP):
            perilaku.assess_behaviour(
                juli.cast.staf, tahun=2026, bulan=7, nilai=nilai, by=juli.cast.atasan.user,
                now=SESUDAH,
            )  # fmt: skip
        assert unchanged(juli)


class TestAttendance:
    def test_daily_summary_import(self, juli):
        with pytest.raises(ImportErrors) as raised:
            b.impor_kehadiran([(juli.cast.staf, J31, "TK")], admin=juli.cast.admin)
        assert "sudah ditutup" in " ".join(e.message for e in raised.value.errors)
        assert unchanged(juli)

    def test_machine_log_import(self, juli):
        log = "101\t2026-07-31 09:45:00\t1\t0\n101\t2026-07-31 15:00:00\t1\t1\n"
        with pytest.raises(ImportErrors) as raised:
            import_kehadiran(
                log.encode(), filename="attlog.dat", by=juli.cast.admin.user, now=SESUDAH
            )
        assert "sudah ditutup" in " ".join(e.message for e in raised.value.errors)
        assert unchanged(juli)

    def test_leave_entered_into_the_month_or_across_it(self, juli):
        for mulai, selesai in ((J28, J29), (J31, AGUSTUS)):
            with pytest.raises(KepegawaianError, match=DITUTUP):
                kehadiran.create_izin(
                    juli.cast.staf, kode="CT", mulai=mulai, selesai=selesai, alasan="Cuti",
                    by=juli.cast.admin.user, now=SESUDAH,
                )  # fmt: skip
        assert unchanged(juli)

    def test_leave_cancelled(self, juli):
        with pytest.raises(KepegawaianError, match=DITUTUP):
            kehadiran.cancel_izin(
                juli.izin, alasan="Salah input", by=juli.cast.admin.user, now=SESUDAH
            )
        assert unchanged(juli)

    def test_correction_and_its_withdrawal(self, juli):
        with pytest.raises(KepegawaianError, match=DITUTUP):
            kehadiran.correct_kehadiran(
                juli.cast.staf, J31, kode="CS", alasan="Sakit", by=juli.cast.admin.user,
                now=SESUDAH,
            )  # fmt: skip
        with pytest.raises(KepegawaianError, match=DITUTUP):
            kehadiran.withdraw_koreksi(
                juli.cast.staf, date(2026, 7, 22), alasan="Batal", by=juli.cast.admin.user,
                now=SESUDAH,
            )  # fmt: skip
        assert unchanged(juli)


class TestOtherPaths:
    @pytest.mark.parametrize(
        "model",
        [
            Entri, RiwayatEntri, Kehadiran, Izin, RiwayatKehadiran, PenilaianPerilaku, NilaiTim,
            KeputusanTim, Keberatan, TandaTanganUnit, PengambilanSampel, PengalihanEntri,
        ],
    )  # fmt: skip
    def test_the_django_admin_cannot_write_these_rows(self, juli, model):
        request = RequestFactory().get("/admin/")
        request.user = juli.cast.admin.user
        request.user.is_superuser = True
        model_admin = admin.site._registry[model]
        obj = model.objects.first()
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request, obj)
        assert not model_admin.has_delete_permission(request, obj)

    def test_a_staff_member_with_a_closed_months_result_cannot_be_deleted(self, juli):
        with pytest.raises(ProtectedError):
            Pegawai.objects.get(pk=juli.cast.staf.pk).delete()
        assert unchanged(juli)

    def test_after_a_reopen_the_month_changes_again(self, juli):
        from tpk.penutupan import reopen_periode

        reopen_periode(2026, 7, alasan="Koreksi", by=juli.cast.admin.user, now=SESUDAH)
        persetujuan.approve_entries([juli.diajukan.pk], by=juli.cast.atasan.user, now=SESUDAH)
        assert Entri.objects.get(pk=juli.diajukan.pk).status == "disetujui"
