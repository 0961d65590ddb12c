"""The rule versions: the defaults the migration loads, effective dating, validation and the
snapshot the calculation runs on."""

from datetime import date
from decimal import Decimal as D
from importlib import import_module

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from pegawai import roles
from tpk import calculation, defaults
from tpk.exceptions import TPKError
from tpk.models import (
    AturanTPK,
    TarifKelas,
    snapshot_for_date,
    validate_potongan,
    validate_predikat,
    validate_tarif_kelas,
    validate_tarif_pajak,
)
from tpk.services import copy_aturan, free_berlaku_mulai

pytestmark = pytest.mark.django_db


def test_the_data_migration_loads_every_default_number_and_the_permissions():
    AturanTPK.objects.all().delete()
    state = MigrationExecutor(connection).loader.project_state(("tpk", "0002_aturan_bawaan"))
    import_module("tpk.migrations.0002_aturan_bawaan").forwards(state.apps, None)

    aturan = AturanTPK.objects.get()
    assert (aturan.nama, aturan.berlaku_mulai) == ("Aturan TPK bawaan", date(2000, 1, 1))
    assert (aturan.bobot_produktivitas, aturan.bobot_disiplin) == (D("0.6"), D("0.4"))
    assert (aturan.bobot_perilaku, aturan.bobot_nilai_tim) == (0, 0)
    assert (aturan.mode_bayar, aturan.strategi_pajak) == ("linear", "tarif_golongan")
    assert (aturan.bpjs_aktif, aturan.tarif_bpjs) == (False, D("1"))
    assert aturan.faktor_status == {"PNS": 1, "CPNS": D("0.8"), "PPPK": 1}
    assert aturan.kode_kredit_set == {"DL", "CT", "CS", "CM", "CAP"}
    tarif = dict(aturan.tarif_kelas.values_list("kelas", "tarif"))
    assert sorted(tarif) == list(range(1, 18)) and tarif[7] == D("3854725")
    assert all(tarif[k] < tarif[k + 1] for k in range(1, 17))
    assert dict(aturan.potongan.values_list("kode", "persen")) == {
        "TL1": D("0.5"),
        "TL2": 1,
        "TL3": D("1.5"),
        "TL4": 2,
        "PSW1": D("0.5"),
        "PSW2": 1,
        "PSW3": D("1.5"),
        "PSW4": 2,
        "TK": 4,
    }
    assert list(aturan.predikat.values_list("kode", "nama", "batas_bawah")) == [
        ("A", "Sangat Baik", 91),
        ("B", "Baik", 76),
        ("C", "Cukup", 61),
        ("D", "Kurang", 51),
        ("E", "Buruk", 0),
    ]
    assert dict(aturan.tarif_pajak.values_list("kelompok", "persen")) == {
        "I": 0,
        "II": 0,
        "III": 5,
        "IV": 15,
    }
    aturan.full_clean()
    aturan.clean_rincian()

    admin = set(
        Group.objects.get(name=roles.ADMIN_KEPEGAWAIAN).permissions.values_list(
            "codename", flat=True
        )
    )
    assert {"add_aturantpk", "change_aturantpk", "view_aturantpk"} <= admin
    assert "delete_aturantpk" not in admin
    assert {"add_tarifkelas", "change_tarifkelas", "delete_tarifkelas"} <= admin
    assert {"view_hasiltpk", "view_penutupanperiode"} <= admin and "change_hasiltpk" not in admin
    keuangan = set(
        Group.objects.get(name=roles.KEUANGAN).permissions.values_list("codename", flat=True)
    )
    assert {"view_aturantpk", "view_tarifkelas", "view_predikattpk", "view_hasiltpk"} <= keuangan
    assert not {p for p in keuangan if p.startswith(("add_", "change_")) and "tpk" in p}


def test_the_defaults_are_left_alone_once_an_admin_has_versions(aturan):
    aturan.nama = "Perwal 12/2025"
    aturan.save()
    assert defaults.create_default_aturan() is None
    assert AturanTPK.objects.get().nama == "Perwal 12/2025"


class TestEffectiveDating:
    def test_the_version_in_force_is_the_latest_started(self, aturan):
        baru = copy_aturan(aturan, berlaku_mulai=date(2026, 1, 1), by=None)
        assert AturanTPK.for_date(date(2025, 12, 31)) == aturan
        assert AturanTPK.for_date(date(2026, 1, 1)) == baru
        assert AturanTPK.for_date(date(2030, 6, 15)) == baru

    def test_no_version_before_the_first_is_a_readable_error(self, aturan):
        with pytest.raises(
            TPKError, match="Tidak ada aturan TPK yang berlaku pada 31 Desember 1999"
        ):
            AturanTPK.for_date(date(1999, 12, 31))

    def test_a_version_starts_on_the_first_of_a_month(self, aturan):
        aturan.berlaku_mulai = date(2026, 1, 15)
        with pytest.raises(ValidationError) as exc:
            aturan.full_clean()
        assert exc.value.message_dict["berlaku_mulai"] == [
            "Aturan TPK berlaku per bulan: tanggal berlaku mulai harus tanggal 1."
        ]

    def test_two_versions_cannot_start_on_the_same_day(self, aturan):
        with pytest.raises(TPKError, match="Sudah ada versi"):
            copy_aturan(aturan, berlaku_mulai=date(2000, 1, 1), by=None)

    def test_a_copy_starts_after_today_and_after_every_version(self, aturan):
        assert free_berlaku_mulai(date(2026, 5, 13)) == date(2026, 6, 1)
        copy_aturan(aturan, berlaku_mulai=date(2026, 12, 1), by=None)
        assert free_berlaku_mulai(date(2026, 5, 13)) == date(2027, 1, 1)


class TestSnapshot:
    def test_the_snapshot_equals_the_default_rules(self, aturan):
        snapshot = snapshot_for_date(date(2026, 7, 1))
        assert snapshot == calculation.Aturan(
            **{**defaults.aturan_bawaan().__dict__, "id": aturan.pk}
        )

    def test_five_queries_whatever_the_table_sizes(self, aturan, django_assert_num_queries):
        with django_assert_num_queries(5):  # the version, then one per child table
            snapshot_for_date(date(2026, 7, 1))

    def test_a_prefetched_version_needs_no_more_queries(self, aturan, django_assert_num_queries):
        loaded = AturanTPK.objects.with_rincian().get(pk=aturan.pk)
        with django_assert_num_queries(0):
            loaded.snapshot()

    def test_the_worked_example_on_the_stored_rules(self, aturan):
        hasil = calculation.compute_tpk(defaults.contoh_domain(snapshot_for_date(date(2026, 7, 1))))
        assert hasil.netto == D("3515509")

    def test_an_edited_number_reaches_the_calculation(self, aturan):
        TarifKelas.objects.filter(aturan=aturan, kelas=7).update(tarif=D("4000000"))
        aturan.tarif_pajak.filter(kelompok="III").update(persen=D("0"))
        snapshot = snapshot_for_date(date(2026, 7, 1))
        hasil = calculation.compute_tpk(defaults.contoh_domain(snapshot))
        assert hasil.bruto == D("3840000") and hasil.netto == D("3840000")


class TestVersionValidation:
    def test_weights_sum_to_one(self, aturan):
        aturan.bobot_disiplin = D("0.30")
        with pytest.raises(ValidationError) as exc:
            aturan.full_clean()
        assert exc.value.message_dict["bobot_produktivitas"] == [
            "Jumlah keempat bobot harus 1 (sekarang 0,9)."
        ]

    def test_a_weight_is_a_fraction(self, aturan):
        aturan.bobot_produktivitas, aturan.bobot_disiplin = D("1.5"), D("-0.5")
        with pytest.raises(ValidationError) as exc:
            aturan.full_clean()
        assert set(exc.value.message_dict) >= {"bobot_produktivitas", "bobot_disiplin"}

    def test_a_fixed_tax_rate_with_bpjs_leaves_a_net(self, aturan):
        aturan.tarif_pajak_tetap, aturan.bpjs_aktif, aturan.tarif_bpjs = D(99), True, D(2)
        with pytest.raises(ValidationError) as exc:
            aturan.full_clean()
        assert exc.value.message_dict["tarif_pajak_tetap"] == [
            "Tarif PPh 21 tetap ditambah BPJS melebihi 100%: TPK bersih akan negatif."
        ]
        aturan.bpjs_aktif = False
        aturan.full_clean()

    def test_credited_codes_are_normalised(self, aturan):
        aturan.kode_kredit = "dl; ct  cs,CM ,cap"
        aturan.full_clean()
        assert aturan.kode_kredit == "DL,CT,CS,CM,CAP"

    @pytest.mark.parametrize(
        ("kode", "pesan"),
        [
            ("DL,XX", "Kode XX tidak dikenal; pilih dari DL, CT, CS, CM, CAP, I."),
            ("DL,CT,DL", "Kode DL tercantum dua kali."),
            ("TK", "Kode TK tidak dikenal; pilih dari DL, CT, CS, CM, CAP, I."),
        ],
    )
    def test_credited_codes_are_checked(self, aturan, kode, pesan):
        aturan.kode_kredit = kode
        with pytest.raises(ValidationError) as exc:
            aturan.full_clean()
        assert exc.value.message_dict["kode_kredit"] == [pesan]


def _message(call, *args) -> str:
    with pytest.raises(ValidationError) as exc:
        call(*args)
    return exc.value.messages[0]


class TestRowValidation:
    def test_kelas_amounts_rise_with_the_class(self):
        rows = [(6, D("3375000")), (7, D("3000000")), (8, D("4400000"))]
        assert _message(validate_tarif_kelas, rows) == (
            "Tarif kelas 7 (Rp 3.000.000) lebih kecil dari tarif kelas 6 (Rp 3.375.000); kelas "
            "yang lebih tinggi tidak boleh dibayar lebih kecil."
        )

    def test_a_kabupaten_table_may_stop_at_15(self):
        validate_tarif_kelas([(k, D(k * 1_000_000)) for k in range(1, 16)])

    def test_a_class_once(self):
        rows = [(7, D(1)), (7, D(2))]
        assert _message(validate_tarif_kelas, rows) == "Kelas 7 tercantum dua kali."
        assert _message(validate_tarif_kelas, []) == (
            "Isi tarif TPK untuk setidaknya satu kelas jabatan."
        )

    def test_a_code_once_and_never_both_deducted_and_credited(self):
        rows = [("TL1", D("0.5")), ("TL1", D("1"))]
        assert _message(validate_potongan, rows, frozenset()) == "Kode TL1 tercantum dua kali."
        rows = [("I", D("1"))]
        assert _message(validate_potongan, rows, frozenset({"I"})) == (
            "Kode I tidak bisa sekaligus dipotong dan dihitung bekerja."
        )
        validate_potongan([("I", D("0"))], frozenset({"I"}))

    @pytest.mark.parametrize(
        ("rows", "pesan"),
        [
            ([], "Isi setidaknya satu predikat."),
            (
                [("A", "Sangat Baik", D(91), D(100)), ("A", "Baik", D(0), D(90))],
                "Predikat A tercantum dua kali.",
            ),
            (
                [("A", "Sangat Baik", D(91), D(100)), ("B", "Baik", D(91), D(90))],
                "Predikat A dan B memiliki batas bawah yang sama.",
            ),
            (
                [("A", "Sangat Baik", D(91), D(100)), ("B", "Baik", D(76), D(90))],
                "Predikat terendah harus mulai dari skor 0, agar setiap skor mendapat predikat.",
            ),
            (
                [("A", "Sangat Baik", D(91), D(80)), ("B", "Baik", D(0), D(90))],
                "Predikat B membayar lebih besar dari predikat A yang lebih tinggi; urutkan "
                "persentase bayar menurun dari predikat tertinggi.",
            ),
        ],
    )
    def test_bands_are_ordered_and_cover_every_score(self, rows, pesan):
        assert _message(validate_predikat, rows) == pesan

    def test_every_golongan_group_has_a_tax_rate(self):
        rows = [("I", D(0)), ("II", D(0)), ("IV", D(15))]
        assert _message(validate_tarif_pajak, rows) == "Tarif PPh 21 golongan III belum diisi."
        rows = [("I", D(0)), ("I", D(1)), ("II", D(0)), ("III", D(5)), ("IV", D(15))]
        assert _message(validate_tarif_pajak, rows) == "Golongan I tercantum dua kali."

    def test_tax_and_bpjs_never_take_more_than_the_gross(self):
        # The property tests found a negative net with 100% tax and 1% BPJS.
        rows = [("I", D(0)), ("II", D(0)), ("III", D(100)), ("IV", D(99))]
        validate_tarif_pajak(rows)
        with pytest.raises(ValidationError) as exc:
            validate_tarif_pajak(rows, bpjs=D(1))
        assert exc.value.messages == [
            "Tarif PPh 21 golongan III ditambah BPJS 1% melebihi 100%: TPK bersih akan negatif."
        ]


def test_a_copy_has_every_row_and_is_logged(aturan, cast):
    from pegawai.models import LogAksi

    baru = copy_aturan(aturan, berlaku_mulai=date(2026, 1, 1), by=cast.admin.user)
    assert baru.nama == "Salinan Aturan TPK bawaan" and baru.pk != aturan.pk
    assert baru.snapshot() == calculation.Aturan(
        **{
            **aturan.snapshot().__dict__,
            "id": baru.pk,
            "nama": baru.nama,
            "berlaku_mulai": date(2026, 1, 1),
        }
    )
    log = LogAksi.objects.get(aksi="tpk.aturan_salin")
    assert (log.pelaku, log.objek_id, log.data["dari"]) == (cast.admin.user, baru.pk, aturan.pk)


def test_a_broken_version_is_refused_before_anyone_is_computed(aturan):
    aturan.tarif_pajak.filter(kelompok="IV").delete()
    AturanTPK.objects.filter(pk=aturan.pk).update(bobot_disiplin=D("0.3"))
    with pytest.raises(TPKError) as exc:
        snapshot_for_date(date(2026, 7, 1))
    assert str(exc.value) == (
        "Aturan TPK Aturan TPK bawaan (01-01-2000) tidak bisa dipakai: Jumlah keempat bobot "
        "harus 1 (sekarang 0,9)."
    )
