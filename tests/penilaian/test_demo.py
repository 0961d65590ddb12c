"""The demo's decisions: behaviour, the staf's overtime with its objections, the review team's
month, the reminders and a reassignment, all made by the services; the same rows when the demo
runs again.

The demo runs on Wednesday 13 May 2026 at 16:30: last month is April (its validation deadline,
5 May, has passed), and the staf's last three working days (8, 11 and 12 May) wait for the
kepala bidang."""

from collections import Counter
from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aktivitas import demo as aktivitas_demo
from aktivitas.models import Entri, RiwayatEntri
from pegawai import demo
from pegawai.hierarki import Hierarki
from pegawai.models import LogAksi, Pegawai
from penilaian import demo as penilaian_demo
from penilaian.models import (
    FlagEntri,
    Keberatan,
    KeputusanTim,
    NilaiAspek,
    NilaiTim,
    Notifikasi,
    PemindaianAnomali,
    PengalihanEntri,
    PengambilanSampel,
    PenilaianPerilaku,
    SampelEntri,
    TandaTanganUnit,
    TimPenilai,
)
from penilaian.models.tim import entries_for_review, undecided
from penilaian.queries import jumlah_antrian

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 5, 13, 16, 30, tzinfo=WIB)
TODAY = NOW.date()
APRIL = (date(2026, 4, 1), date(2026, 4, 30))
Jenis = Notifikasi.Jenis


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """The demo, built once for the module inside a transaction rolled back at its end; each
    test runs in a savepoint of its own on top of it."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo.step(aktivitas_demo.build_aktivitas)  # registered even if a test reset the steps
        demo.step(penilaian_demo.build_penilaian)
        cast = demo.build(now=NOW, stdout=StringIO())
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        yield cast
        transaction.set_rollback(True)


@pytest.fixture
def cast(built, db):
    return built


def lembur(cast, uraian: str) -> Entri:
    return Entri.objects.get(pegawai=cast.staf, sumber=Entri.Sumber.ISIAN, uraian=uraian)


def test_each_demo_supervisor_assessed_each_direct_subordinate_through_the_service(cast):
    hier = Hierarki.on(TODAY)
    expected = {(sub, p.user_id) for _label, p in cast.logins() for sub in hier.bawahan_of(p.pk)}
    assessed = set(
        PenilaianPerilaku.objects.filter(tahun=2026, bulan=4).values_list(
            "pegawai_id", "dinilai_oleh_id"
        )
    )
    assert assessed == expected
    assert {cast.atasan.user_id, cast.kepala.user_id, cast.plt.user_id} <= {u for _p, u in assessed}
    assert cast.staf.pk in {p for p, _u in assessed}
    scores = NilaiAspek.objects.filter(penilaian__tahun=2026, penilaian__bulan=4)
    assert set(scores.values_list("nilai", flat=True)) <= set(range(70, 96))
    for nilai in PenilaianPerilaku.objects.values_list("nilai", flat=True):
        assert 70 <= nilai <= 95
    logged = LogAksi.objects.filter(aksi="penilaian.perilaku")
    assert logged.count() == len(expected)


def test_the_kepala_bidang_approved_an_evening_of_overtime_with_fewer_minutes(cast):
    entri = lembur(cast, penilaian_demo.DIKURANGI.uraian)
    assert APRIL[0] <= entri.tanggal <= APRIL[1]
    assert (entri.status, entri.menit, entri.menit_diakui) == ("disetujui", 90, 60)
    assert entri.diputuskan_oleh_id == cast.atasan.user_id
    assert entri.di_luar_jadwal
    history = list(entri.riwayat.order_by("pada").values_list("ke_status", "oleh_id", "catatan"))
    assert history[0] == ("diajukan", cast.staf.user_id, "Dibuat")
    assert history[1][:2] == ("disetujui", cast.atasan.user_id)
    assert history[1][2].startswith("Disetujui 60 dari 90 menit: ")
    told = Notifikasi.objects.get(
        penerima=cast.staf.user, jenis=Jenis.DIKOREKSI, dibaca_pada__lt=NOW
    )
    assert told.dibuat_pada == entri.diputuskan_pada


def test_the_objection_to_last_months_rejection_was_turned_down_by_the_kepala_dinas(cast):
    entri = lembur(cast, penilaian_demo.DITOLAK.uraian)
    assert APRIL[0] <= entri.tanggal <= APRIL[1]
    assert (entri.status, entri.diputuskan_oleh_id) == ("ditolak", cast.atasan.user_id)
    objection = Keberatan.objects.get(entri=entri)
    assert objection.status == Keberatan.Status.DITOLAK
    assert objection.pegawai_id == cast.staf.pk
    assert objection.keputusan_oleh_id == cast.atasan.user_id
    assert objection.pemutus_id == cast.kepala.pk
    assert objection.diputuskan_oleh_id == cast.kepala.user_id
    # Within the window after the rejection, all in April, decided after it was made.
    assert objection.keputusan_pada < objection.diajukan_pada < objection.diputuskan_pada
    assert objection.diajukan_pada - objection.keputusan_pada < timedelta(days=5)
    assert objection.diputuskan_pada.astimezone(WIB).month == 4
    assert objection.riwayat.ke_status == "ditolak"
    assert objection.alasan_keputusan == penilaian_demo.DITOLAK.putusan
    staf = Notifikasi.objects.filter(penerima=cast.staf.user)
    assert staf.filter(jenis=Jenis.KEBERATAN_DIPUTUSKAN, dibaca_pada__isnull=False).count() == 1
    assert Notifikasi.objects.filter(penerima=cast.kepala.user, jenis=Jenis.KEBERATAN).count() == 2


def test_an_objection_of_this_month_waits_for_the_kepala_dinas(cast):
    entri = lembur(cast, penilaian_demo.MENUNGGU.uraian)
    assert date(2026, 5, 1) <= entri.tanggal < date(2026, 5, 8)  # before the days still waiting
    assert entri.status == "ditolak"
    objection = Keberatan.objects.get(entri=entri)
    assert objection.status == Keberatan.Status.DIAJUKAN
    assert objection.pemutus_id == cast.kepala.pk
    assert list(Keberatan.objects.open().to_decide_by(cast.kepala.user, today=TODAY)) == [objection]
    assert not Keberatan.objects.open().to_decide_by(cast.atasan.user, today=TODAY).exists()
    unread = Notifikasi.objects.filter(dibaca_pada__isnull=True)
    assert unread.filter(penerima=cast.kepala.user, jenis=Jenis.KEBERATAN).count() == 1
    assert unread.filter(penerima=cast.staf.user, jenis=Jenis.DITOLAK).count() == 1


def test_the_activity_demos_waiting_days_are_left_to_the_supervisor(cast):
    waiting = Entri.objects.filter(pegawai=cast.staf, status="diajukan")
    assert set(waiting.values_list("tanggal", flat=True)) == {
        date(2026, 5, 8),
        date(2026, 5, 11),
        date(2026, 5, 12),
    }
    assert jumlah_antrian(cast.atasan.user, hari=TODAY) >= waiting.count()


def test_the_review_team_signed_off_the_stafs_seksi_after_deciding_all_it_had_to(cast):
    tim = TimPenilai.objects.get(nama=penilaian_demo.TIM)
    assert list(tim.anggota.all()) == [cast.penilai.user]
    assert list(tim.lingkup.values_list("kode", flat=True)) == ["1.06"]
    assert LogAksi.objects.filter(aksi="admin.timpenilai_tambah", objek_id=tim.pk).count() == 1
    scans = dict(PemindaianAnomali.objects.values_list("bulan", "pada"))
    assert scans == {4: NOW, 5: NOW}
    unit = cast.staf.unit
    assert PengambilanSampel.objects.get(unit=unit, tahun=2026, bulan=4).jumlah_sampel > 0
    signed = TandaTanganUnit.objects.get(unit=unit, tahun=2026, bulan=4)
    assert (signed.oleh_id, signed.tim_id) == (cast.penilai.user_id, tim.pk)
    review = entries_for_review(unit.pk, 2026, 4)
    assert review.filter(bertanda=True).exists() and review.filter(sampel=True).exists()
    assert not undecided(review).exists()
    decided = Counter(
        KeputusanTim.objects.filter(entri__pegawai__unit=unit).values_list("jenis", flat=True)
    )
    assert decided["koreksi"] == 1 and decided["konfirmasi"] == review.count() - 1
    koreksi = KeputusanTim.objects.get(entri__pegawai__unit=unit, jenis="koreksi")
    assert koreksi.entri.pegawai_id == cast.staf.pk
    assert koreksi.entri.menit_diakui == koreksi.menit_sesudah < koreksi.menit_sebelum
    assert RiwayatEntri.objects.filter(
        entri=koreksi.entri, oleh=cast.penilai.user, catatan__startswith="Menit dikoreksi tim"
    ).exists()
    # The staf's overtime outside the schedule's hours was flagged, and confirmed.
    overtime = lembur(cast, penilaian_demo.DIKURANGI.uraian)
    assert FlagEntri.objects.filter(entri=overtime, jenis="luar_jadwal").exists()
    assert KeputusanTim.objects.filter(entri=overtime, jenis="konfirmasi").exists()
    staff = set(Pegawai.objects.in_unit(unit).values_list("pk", flat=True))
    scored = NilaiTim.objects.filter(tahun=2026, bulan=4, oleh=cast.penilai.user)
    assert set(scored.values_list("pegawai_id", flat=True)) == staff
    assert all(75 <= n <= 95 for n in scored.values_list("nilai", flat=True))


def test_the_neighbouring_seksi_is_under_review(cast):
    sampled = PengambilanSampel.objects.exclude(unit=cast.staf.unit).get()
    assert sampled.unit.induk_id == cast.staf.unit.induk_id
    assert not TandaTanganUnit.objects.filter(unit=sampled.unit).exists()
    decided = KeputusanTim.objects.filter(entri__pegawai__unit=sampled.unit)
    assert decided.filter(jenis="konfirmasi").count() == penilaian_demo.DIKONFIRMASI_BERJALAN
    assert set(decided.values_list("entri", flat=True)) <= set(
        SampelEntri.objects.filter(pengambilan=sampled).values_list("entri", flat=True)
    )
    assert undecided(entries_for_review(sampled.unit_id, 2026, 4)).exists()


def test_supervisors_are_reminded_and_one_persons_entries_are_reassigned(cast):
    reminded = set(
        Notifikasi.objects.filter(jenis=Jenis.PENGINGAT_ATASAN).values_list("penerima", flat=True)
    )
    assert {cast.kepala.user_id, cast.atasan.user_id, cast.plt.user_id} <= reminded
    reassigned = PengalihanEntri.objects.select_related("entri__pegawai")
    assert {(p.entri.pegawai_id, p.ke_id, p.oleh_id) for p in reassigned} == {
        (reassigned[0].entri.pegawai_id, cast.kepala.pk, cast.admin.user_id)
    }
    assert reassigned[0].entri.pegawai_id in Hierarki.on(TODAY).bawahan_of(cast.plt.pk)
    assert LogAksi.objects.filter(aksi="penilaian.pengalihan_entri").count() == 1
    assert jumlah_antrian(cast.plt.user, hari=TODAY) > 0  # her queue did not empty


def test_each_login_sees_the_demo_on_its_page(cast, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW + timedelta(hours=1))
    pages = [
        ("atasan", reverse("penilaian:antrian"), cast.staf.nama),
        ("kepala", reverse("penilaian:keberatan_list"), cast.staf.nama),
        ("penilai", reverse("penilaian:tim_index") + "?bulan=2026-04", cast.staf.unit.nama),
        ("staf", reverse("penilaian:notifikasi_list"), "ditolak"),
        ("atasan", reverse("penilaian:perilaku_list") + "?bulan=2026-04", cast.staf.nama),
    ]
    for role, url, text in pages:
        client = Client()
        client.force_login(getattr(cast, role).user)
        response = client.get(url)
        assert response.status_code == 200, (role, url)
        assert text in response.content.decode(), (role, url)


def snapshot() -> dict:
    models = (
        PenilaianPerilaku,
        NilaiAspek,
        FlagEntri,
        Keberatan,
        KeputusanTim,
        NilaiTim,
        Notifikasi,
        PemindaianAnomali,
        PengalihanEntri,
        PengambilanSampel,
        TandaTanganUnit,
        TimPenilai,
        RiwayatEntri,
    )
    rows = {m: sorted(m.objects.values_list(*[f.attname for f in m._meta.concrete_fields]))
            for m in models}  # fmt: skip
    # This step's log rows (the other steps answer for their own).
    mine = LogAksi.objects.filter(aksi__regex=r"^(penilaian\.|admin\.timpenilai)")
    rows[LogAksi] = sorted(mine.values_list("pk", "aksi", "waktu", "objek_id"))
    rows[Entri] = sorted(Entri.objects.values_list("pk", "status", "menit_diakui", "diubah_pada"))
    return rows


def test_running_again_the_same_day_writes_nothing(cast):
    before = snapshot()
    demo.build(now=NOW.replace(hour=20), stdout=StringIO())
    assert snapshot() == before
