from collections import Counter
from datetime import date, datetime
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone

from pegawai import demo, jadwal, roles
from pegawai.hierarki import Hierarki
from pegawai.models import (
    AdminUnit,
    HariJadwal,
    HariLibur,
    Jabatan,
    JadwalPegawai,
    LogAksi,
    Pegawai,
    Pemda,
    Penugasan,
    Ramadan,
    Roster,
    UnitKerja,
    User,
)
from pegawai.nip import PPPK, parse_nip

ROWS = {
    Pemda: ("id", "nama", "jenis", "jabatan_kepala", "tempat"),
    UnitKerja: ("id", "kode", "nama", "jenis", "induk", "aktif"),
    Jabatan: ("id", "nama", "jenis", "eselon", "kelas", "unit", "atasan"),
    **{
        model: [f.attname for f in model._meta.concrete_fields]
        for model in (
            Pegawai,
            Penugasan,
            HariLibur,
            Ramadan,
            HariJadwal,
            JadwalPegawai,
            Roster,
            AdminUnit,
            LogAksi,
        )
    },
}


@pytest.fixture
def cast(db) -> demo.DemoCast:
    return demo.build(stdout=StringIO())


def _snapshot() -> dict:
    return {model: sorted(model.objects.values_list(*cols)) for model, cols in ROWS.items()}


def _depth(jabatan: dict[int, int | None], pk: int) -> int:
    depth = 0
    while jabatan[pk] is not None:
        pk, depth = jabatan[pk], depth + 1
    return depth


def test_builds_a_fictional_kota_of_about_twelve_opd(cast):
    pemda = Pemda.current()
    assert (pemda.nama, pemda.jenis, pemda.jabatan_kepala) == (
        "Pemerintah Kota Contoh",
        "kota",
        "Wali Kota",
    )
    opd = UnitKerja.objects.filter(induk=None)
    assert 11 <= opd.count() <= 13
    assert opd.filter(jenis=UnitKerja.Jenis.KECAMATAN).exists()
    jenis = set(UnitKerja.objects.values_list("jenis", flat=True))
    assert {"bidang", "seksi", "sekolah", "puskesmas", "kelurahan"} <= jenis
    assert UnitKerja.objects.filter(kode__regex=r"^\d\.\d\d\.\d\d\.\d\d$").exists()


def test_nothing_is_named_after_a_real_city(cast):
    names = [*UnitKerja.objects.values_list("nama", flat=True), Pemda.current().tempat]
    assert not [n for n in names if "Banda Aceh" in n]


def test_school_and_puskesmas_have_teachers_and_health_workers(cast):
    sekolah = UnitKerja.objects.get(jenis=UnitKerja.Jenis.SEKOLAH)
    puskesmas = UnitKerja.objects.get(jenis=UnitKerja.Jenis.PUSKESMAS)
    assert sekolah.induk.nama == "Dinas Pendidikan dan Kebudayaan"
    assert puskesmas.induk.nama == "Dinas Kesehatan"
    guru = Pegawai.objects.filter(unit=sekolah, jabatan__nama__startswith="Guru")
    assert guru.count() >= 5
    assert set(guru.values_list("jabatan__jenis", flat=True)) == {Jabatan.Jenis.FUNGSIONAL}
    nakes = Pegawai.objects.filter(unit=puskesmas, jabatan__jenis=Jabatan.Jenis.FUNGSIONAL)
    assert {"Bidan Terampil", "Perawat Terampil"} <= set(
        nakes.values_list("jabatan__nama", flat=True)
    )


def test_about_three_hundred_staff_each_with_one_definitive_position(cast):
    assert 280 <= Pegawai.objects.count() <= 320
    definitif = Penugasan.objects.filter(jenis=Penugasan.Jenis.DEFINITIF, selesai=None)
    assert Counter(definitif.values_list("pegawai", flat=True)) == Counter(
        Pegawai.objects.values_list("pk", flat=True)
    )
    mismatched = Pegawai.objects.exclude(
        penugasan__jenis=Penugasan.Jenis.DEFINITIF,
        penugasan__jabatan=F("jabatan"),
    )
    assert not mismatched.exists()
    assert not Pegawai.objects.exclude(unit=F("jabatan__unit")).exists()


def test_mix_of_pns_cpns_and_pppk_with_matching_golongan(cast):
    by_asn = dict(Counter(Pegawai.objects.values_list("jenis_asn", flat=True)))
    assert by_asn["PNS"] > by_asn["PPPK"] > 0
    assert by_asn["CPNS"] > 0
    cpns = set(Pegawai.objects.filter(jenis_asn="CPNS").values_list("golongan", flat=True))
    assert cpns <= {"II/a", "II/c", "III/a"}
    assert "IX" in set(Pegawai.objects.filter(jenis_asn="PPPK").values_list("golongan", flat=True))


def test_every_nip_is_valid_and_every_pin_bank_and_npwp_filled(cast):
    for nip, jenis_asn in Pegawai.objects.values_list("nip", "jenis_asn"):
        parse_nip(nip, jenis_asn=PPPK if jenis_asn == "PPPK" else None)
    rows = list(Pegawai.objects.values_list("pin_absen", "npwp", "bank", "nomor_rekening"))
    assert all(all(row) for row in rows)
    assert len({row[0] for row in rows}) == len({row[3] for row in rows}) == len(rows)


def test_positions_form_four_levels(cast):
    atasan = dict(Jabatan.objects.values_list("pk", "atasan"))
    depths = Counter(_depth(atasan, pk) for pk in atasan)
    assert set(depths) == {0, 1, 2, 3}
    assert depths[0] == UnitKerja.objects.filter(induk=None).count()
    heads = Jabatan.objects.filter(atasan=None)
    assert set(heads.values_list("eselon", flat=True)) <= {"II.b", "III.a"}
    kepala_dinas = Jabatan.objects.filter(nama="Kepala Dinas")
    kabid = Jabatan.objects.filter(nama__startswith="Kepala Bidang")
    kasi = Jabatan.objects.filter(nama__startswith="Kepala Seksi")
    assert set(kepala_dinas.values_list("eselon", "kelas")) == {("II.b", 14)}
    assert set(kabid.values_list("eselon", "kelas")) == {("III.b", 11)}
    assert set(kasi.values_list("eselon", "kelas")) == {("IV.a", 9)}
    staff = Jabatan.objects.exclude(jenis=Jabatan.Jenis.STRUKTURAL).exclude(nama="Kepala Sekolah")
    assert set(staff.values_list("kelas", flat=True)) <= {5, 6, 7, 8}


def test_vacant_kepala_seksi_passes_its_staff_to_the_kepala_bidang(cast):
    vacant = Jabatan.objects.filter(jenis=Jabatan.Jenis.STRUKTURAL, penugasan=None)
    kasi = vacant.get(eselon="IV.a")
    assert kasi.nama == "Kepala Seksi Pengembangan Aplikasi"
    hier = Hierarki.on(timezone.localdate())
    staff = Pegawai.objects.filter(jabatan__atasan=kasi)
    assert staff.count() >= 2
    assert {hier.atasan_of(p.pk) for p in staff} == {cast.atasan.pk}
    assert hier.atasan_of(cast.staf.pk) == cast.atasan.pk
    assert cast.staf.jabatan.atasan == kasi


def test_plt_kepala_bidang_supervises_the_bidang(cast):
    plt = Penugasan.objects.get(jenis=Penugasan.Jenis.PLT)
    assert plt.pegawai == cast.plt
    assert plt.jabatan.nama == "Kepala Bidang Statistik dan Persandian"
    assert not plt.jabatan.pemangku.exists()  # no definitive holder
    assert cast.plt.jabatan.atasan == plt.jabatan  # a kepala seksi of the same bidang
    hier = Hierarki.on(timezone.localdate())
    assert hier.atasan_of(cast.plt.pk) == cast.kepala.pk
    assert cast.plt.pk in hier.bawahan_of(cast.kepala.pk)
    others = Pegawai.objects.filter(jabatan__atasan=plt.jabatan).exclude(pk=cast.plt.pk)
    assert others.exists()
    assert {hier.atasan_of(p.pk) for p in others} == {cast.plt.pk}
    assert hier.bawahan_of(cast.plt.pk) == {p.pk for p in others} | set(
        Pegawai.objects.filter(jabatan__atasan=cast.plt.jabatan).values_list("pk", flat=True)
    )


def test_each_role_logs_in_with_the_printed_password(cast):
    for _label, person in cast.logins():
        user = authenticate(username=person.nip, password=demo.PASSWORD)
        assert user == person.user
    assert cast.admin.user.is_superuser and cast.admin.user.is_staff
    assert cast.admin.user.is_admin_kepegawaian
    assert cast.penilai.user.roles == {roles.TIM_PENILAI}
    assert cast.keuangan.user.roles == {roles.KEUANGAN}
    assert cast.keuangan.jabatan.nama == "Bendahara Pengeluaran"
    assert not User.objects.filter(is_superuser=True).exclude(pk=cast.admin.user.pk).exists()
    assert cast.kepala.jabatan.atasan is None
    assert cast.staf.jabatan.jenis == Jabatan.Jenis.PELAKSANA


def test_every_staff_member_has_a_login_named_by_nip(cast):
    assert not Pegawai.objects.filter(user=None).exists()
    assert not Pegawai.objects.exclude(user__username=F("nip")).exists()
    someone = Pegawai.objects.order_by("nip").last()
    assert authenticate(username=someone.nip, password=demo.PASSWORD) == someone.user


def test_running_twice_gives_identical_rows(cast):
    before = _snapshot()
    users = User.objects.count()
    again = demo.build(stdout=StringIO())
    assert _snapshot() == before
    assert User.objects.count() == users
    assert again.staf.pk == cast.staf.pk
    assert authenticate(username=cast.staf.nip, password=demo.PASSWORD) is not None


def test_rerun_resets_what_was_changed_by_hand(cast):
    before = _snapshot()
    Pegawai.objects.filter(pk=cast.staf.pk).update(nama="Diubah", golongan="IV/e")
    Penugasan.objects.filter(jenis=Penugasan.Jenis.PLT).delete()
    cast.staf.user.set_password("lain")
    cast.staf.user.save()
    demo.build(stdout=StringIO())
    after = _snapshot()
    plt_rows = [row for row in after[Penugasan] if row[3] == Penugasan.Jenis.PLT]
    assert len(plt_rows) == 1  # created again, under a new id
    assert [r for r in after[Penugasan] if r not in plt_rows] == [
        r for r in before[Penugasan] if r[3] != Penugasan.Jenis.PLT
    ]
    assert after[Pegawai] == before[Pegawai]
    assert authenticate(username=cast.staf.nip, password=demo.PASSWORD) is not None


def test_refuses_a_database_of_another_pemda(db):
    Pemda.objects.create(
        pk=1, nama="Pemerintah Kabupaten Lain", jenis="kabupaten", jabatan_kepala="Bupati"
    )
    with pytest.raises(CommandError, match="Kabupaten Lain"):
        call_command("demo", stdout=StringIO())
    assert not UnitKerja.objects.exists()


def test_command_prints_the_logins(db):
    out = StringIO()
    call_command("demo", stdout=out)
    text = out.getvalue()
    assert demo.URL in text
    cast_nips = set(demo.plan().roles.values())
    for nip in cast_nips:
        line = next(line for line in text.splitlines() if nip in line)
        assert demo.PASSWORD in line
    for label in ("Admin kepegawaian", "Kepala OPD", "Plt kepala bidang", "Tim penilai"):
        assert label in text
    roster_admin = next(line for line in text.splitlines() if "Admin roster puskesmas" in line)
    assert demo.plan().roles["admin_roster"] in roster_admin
    assert f"Kalender kerja {timezone.localdate().year}: " in text


def test_registered_steps_run_after_the_organisation(db, monkeypatch):
    monkeypatch.setattr(demo, "_steps", [])
    seen = []

    @demo.step
    def count_staff(cast):
        seen.append((cast.staf.nip, Pegawai.objects.count()))

    cast = demo.build(stdout=StringIO())
    assert seen == [(cast.staf.nip, Pegawai.objects.count())]


def test_builds_the_working_calendar_of_the_year(cast):
    today = timezone.localdate()
    libur = HariLibur.objects.filter(tanggal__year=today.year)
    assert libur.filter(jenis=HariLibur.Jenis.NASIONAL).count() >= 10
    assert libur.filter(jenis=HariLibur.Jenis.CUTI_BERSAMA).exists()
    assert Ramadan.objects.filter(tahun=today.year).exists()

    sekolah = UnitKerja.objects.get(jenis=UnitKerja.Jenis.SEKOLAH)
    guru = Pegawai.objects.filter(unit=sekolah, jabatan__nama__startswith="Guru")
    assert guru.count() >= 5
    assert not guru.exclude(jadwal__profil__kode="guru").exists()

    puskesmas = UnitKerja.objects.get(jenis=UnitKerja.Jenis.PUSKESMAS)
    nakes = Pegawai.objects.filter(unit=puskesmas, jabatan__jenis=Jabatan.Jenis.FUNGSIONAL)
    assert not nakes.exclude(jadwal__profil__kode="shift-nakes").exists()
    this_month = jadwal.ringkasan_bulan(nakes, today.year, today.month)
    assert len(this_month) == nakes.count() >= 5
    assert all(r.hari_kerja >= 15 for r in this_month.values())
    assert Roster.objects.filter(pegawai__in=nakes, tanggal__year=today.year).exists()

    assert cast.admin_roster.jabatan.nama == "Kepala UPTD Puskesmas"
    assert list(AdminUnit.objects.units_of(cast.admin_roster.user)) == [puskesmas]


def test_in_january_the_calendar_also_covers_last_year(db):
    demo.build(now=datetime(2027, 1, 10, 9, tzinfo=timezone.get_current_timezone()))
    assert HariLibur.objects.filter(tanggal=date(2026, 12, 25)).exists()
    assert HariLibur.objects.filter(tanggal=date(2027, 1, 1)).exists()
    nakes = Pegawai.objects.filter(jadwal__profil__kode="shift-nakes")
    december = jadwal.ringkasan_bulan(nakes, 2026, 12)
    assert december and all(r.hari_kerja >= 15 for r in december.values())


def test_calendar_years_are_this_year_and_last_year_in_january():
    assert demo.kalender_tahun(date(2026, 11, 29)) == [2026]
    assert demo.kalender_tahun(date(2026, 2, 1)) == [2026]
    assert demo.kalender_tahun(date(2026, 12, 31)) == [2026]
    assert demo.kalender_tahun(date(2027, 1, 1)) == [2026, 2027]
    assert demo.kalender_tahun(date(2027, 1, 31)) == [2026, 2027]


def test_plan_is_the_same_every_time():
    assert demo.plan() == demo.plan()
    assert demo.plan(seed=1) != demo.plan()
