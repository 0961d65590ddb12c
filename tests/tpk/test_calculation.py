"""The TPK arithmetic of domain.md's "Default TPK rules", without a database."""

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal as D
from fractions import Fraction

import pytest

from tpk import calculation as c
from tpk import pajak
from tpk.angka import bulat_rupiah, bulatkan, format_angka, format_rupiah
from tpk.defaults import aturan_bawaan, contoh_domain
from tpk.trace import format_trace

BAWAAN = aturan_bawaan()
# Score = 100 × A / T: a score is chosen to the hundredth with T = 10.000.
HANYA_P = replace(BAWAAN, bobot_produktivitas=D(1), bobot_disiplin=D(0))


def masukan(aturan=BAWAAN, **changes) -> c.MasukanTPK:
    m = contoh_domain(aturan)
    return replace(m, **changes)


def baris(h: c.PerhitunganTPK) -> list[str]:
    """The trace as the slip shows it."""
    return format_trace(h.trace)


def skor_tepat(a: int, t: int = 10_000, aturan=HANYA_P, **changes) -> c.PerhitunganTPK:
    return c.compute_tpk(masukan(aturan, target_menit=t, menit_disetujui=a, **changes))


class TestWorkedExample:
    """domain.md: PNS III/b, kelas 7, A = 6.270 of T = 6.600, TL1 ×2, TL2, PSW1."""

    def test_net_is_rp_3_515_509(self):
        h = c.compute_tpk(contoh_domain())
        assert h.netto == D("3515509")

    def test_every_intermediate_figure(self):
        h = c.compute_tpk(contoh_domain())
        assert h.produktivitas == D("95.0000")
        assert h.potongan_persen == D("2.50")
        assert h.disiplin == D("97.5000")
        assert h.skor == D("96.00")
        assert (h.predikat.kode, h.predikat.nama) == ("A", "Sangat Baik")
        assert h.persen_bayar == D("96.00")
        assert h.faktor_status == D("1.00")
        assert h.dasar == D("3854725.00")
        assert h.bruto == D("3700536")
        assert (h.tarif_pajak, h.pph21) == (D("5"), D("185027"))
        assert h.bpjs == 0
        assert h.flags == ()
        assert [(r.tanggal.day, r.kode, r.persen) for r in h.potongan_harian] == [
            (1, "TL1", D("0.50")),
            (8, "TL1", D("0.50")),
            (15, "TL2", D("1.00")),
            (22, "PSW1", D("0.50")),
        ]

    def test_the_trace_explains_each_step_in_indonesian(self):
        trace = baris(c.compute_tpk(contoh_domain()))
        assert "Produktivitas P = min(6.270 + 0, 6.600) / 6.600 = 0,95" in trace
        assert "Jumlah potongan = 0,5% + 0,5% + 1% + 0,5% = 2,5%" in trace
        assert "Disiplin K = max(0, 100% − 2,5%) = 0,975" in trace
        assert "Skor S = 100 × (0,6 × 0,95 + 0,4 × 0,975) = 96,00" in trace
        assert "Bruto = Rp 3.854.725 × 96,00% = Rp 3.700.536" in trace
        assert "PPh 21 = 5% × Rp 3.700.536 = Rp 185.027 (tarif golongan III)" in trace
        assert trace[-1] == "Netto = Rp 3.700.536 − Rp 185.027 = Rp 3.515.509"

    def test_as_fields_carries_the_figures_and_json_ready_lists(self):
        fields = c.compute_tpk(contoh_domain()).as_fields()
        assert fields["netto"] == D("3515509") and fields["predikat"] == "A"
        assert fields["potongan_harian"][0] == {
            "tanggal": "2026-07-01",
            "kode": "TL1",
            "persen": "0.50",
        }
        assert format_trace(fields["trace"])[-1].endswith("Rp 3.515.509")

    def test_the_trace_is_data_worded_only_when_read(self):
        trace = c.compute_tpk(contoh_domain()).trace
        assert trace[0] == ("aturan", "Aturan TPK bawaan", "2000-01-01")
        assert ("produktivitas", 6270, 0, 6600, "6270/6600") in trace
        assert ("disiplin", "2.50", "0.9750") in trace
        assert trace[-1] == ("netto", "3700536", ("185027",), "3515509")

    def test_the_stored_trace_reads_as_the_computed_one(self):
        # HasilTPK.trace is JSON: tuples come back as lists, Decimals were strings already.
        for h in (
            c.compute_tpk(contoh_domain()),
            c.compute_tpk(masukan(replace(BAWAAN, bpjs_aktif=True), hari_kerja=15)),
            c.compute_tpk(masukan(target_menit=0, menit_disetujui=0)),
        ):
            stored = json.loads(json.dumps(h.as_fields()["trace"]))
            assert format_trace(stored) == format_trace(h.trace)


@pytest.mark.parametrize(
    ("menit", "skor", "predikat"),
    [
        (10_000, "100.00", "A"),
        (9_100, "91.00", "A"),
        (9_099, "90.99", "B"),
        (7_600, "76.00", "B"),
        (7_599, "75.99", "C"),
        (6_100, "61.00", "C"),
        (6_099, "60.99", "D"),
        (5_100, "51.00", "D"),
        (5_099, "50.99", "E"),
        (0, "0.00", "E"),
    ],
)
def test_each_band_edge_of_the_grades(menit, skor, predikat):
    h = skor_tepat(menit)
    assert (h.skor, h.predikat.kode) == (D(skor), predikat)


def test_the_rounded_score_decides_the_grade():
    # 90,995 rounds half-up to 91,00: grade A, although the exact score is below 91.
    h = skor_tepat(18_199, t=20_000)
    assert (h.skor, h.predikat.kode) == (D("91.00"), "A")


class TestRoundingHalfUp:
    def test_score_x_xx5_rounds_up_not_to_even(self):
        assert skor_tepat(19_201, t=20_000).skor == D("96.01")  # 96,005; half-even: 96,00
        assert skor_tepat(19_203, t=20_000).skor == D("96.02")  # 96,015
        assert skor_tepat(19_209, t=20_000).skor == D("96.05")  # 96,045

    def test_the_trace_shows_the_exact_score_before_rounding(self):
        trace = baris(skor_tepat(19_201, t=20_000))
        assert "Skor S = 100 × (1 × 0,96005) = 96,005 → 96,01" in trace

    def test_a_repeating_productivity_is_shown_approximately_and_used_exactly(self):
        h = c.compute_tpk(masukan(menit_disetujui=6271))
        assert h.produktivitas == D("95.0152")
        assert "Produktivitas P = min(6.271 + 0, 6.600) / 6.600 = ≈ 0,9502" in baris(h)
        # 100 × (0,6 × 6271/6600 + 0,4 × 0,975) = 96,00909…
        assert h.skor == D("96.01")

    def test_gross_x_5_rupiah_rounds_up(self):
        # Grade B pays 90% of Rp 3.854.725 = Rp 3.469.252,5.
        aturan = replace(BAWAAN, mode_bayar=c.PER_PREDIKAT)
        h = c.compute_tpk(masukan(aturan, menit_disetujui=4950, potongan=()))
        assert h.bruto == D("3469253")

    def test_tax_x_5_rupiah_rounds_up(self):
        p = pajak.hitung(D(10), golongan="IV/a", jenis_asn="PNS", aturan=BAWAAN)
        assert (p.tarif, p.jumlah) == (D(15), D(2))  # 1,5 → 2

    def test_tax_line_words_its_basis_when_read(self):
        p = pajak.hitung(D(100), golongan="III/a", jenis_asn="PNS", aturan=BAWAAN)
        assert p.baris(D(100)) == ("pph21", str(p.tarif), "100", "5", ("golongan", "III"))
        own = ("pph21", "2.00", "100", "2", ("teks", "tarif khusus Perbup 7/2026"))
        assert format_trace([own]) == ["PPh 21 = 2% × Rp 100 = Rp 2 (tarif khusus Perbup 7/2026)"]
        # A result closed while strategies still worded their own line reads as it was stored.
        assert format_trace([["pph21", "PPh 21 lama"]]) == ["PPh 21 lama"]

    @pytest.mark.parametrize(
        ("nilai", "desimal", "hasil"),
        [
            (D("2.5"), 0, D("3")),
            (D("3.5"), 0, D("4")),
            (D("0.125"), 2, D("0.13")),
            (D("96.005"), 2, D("96.01")),
            (Fraction(5, 2), 0, D("3")),
            (Fraction(192005, 2000), 2, D("96.00")),  # 96,0025
            (Fraction(-5, 2), 0, D("-3")),
        ],
    )
    def test_bulatkan(self, nilai, desimal, hasil):
        assert bulatkan(nilai, desimal) == hasil
        assert str(bulatkan(nilai, desimal)) == str(hasil)

    def test_money_is_decimal_whole_rupiah(self):
        h = c.compute_tpk(contoh_domain())
        for amount in (h.bruto, h.pph21, h.bpjs, h.netto):
            assert isinstance(amount, D) and amount == amount.to_integral_value()
        assert bulat_rupiah(D("0.5")) == 1


def test_a_cpns_gets_80_percent_of_the_base():
    h = c.compute_tpk(masukan(jenis_asn="CPNS", golongan="III/a"))
    assert h.faktor_status == D("0.80")
    assert h.dasar == D("3083780.00")  # 3.854.725 × 0,8
    assert h.bruto == D("2960429")  # × 96% = 2.960.428,8
    assert h.pph21 == D("148021")  # 5% = 148.021,45
    assert h.netto == D("2812408")
    assert "Dasar = Rp 3.854.725 × 0,8 (CPNS) = Rp 3.083.780" in baris(h)


def test_pppk_is_paid_in_full_and_taxed_by_equivalent_golongan():
    h = c.compute_tpk(masukan(jenis_asn="PPPK", golongan="IX"))
    assert h.dasar == D("3854725.00") and h.tarif_pajak == D("5")
    assert h.pph21 == D("185027")
    assert any("PPPK golongan IX setara" in line for line in baris(h))


def test_a_joiner_mid_month_gets_a_prorated_base():
    # Joined on day 8 of 22 working days: 15 days worked, all of the target done.
    h = c.compute_tpk(masukan(hari_kerja=15, target_menit=4500, menit_disetujui=4500, potongan=()))
    assert h.skor == D("100.00")
    assert h.dasar == D("2628221.59")  # 3.854.725 × 15/22 = 2.628.221,5909…
    assert h.bruto == D("2628222")
    assert h.pph21 == D("131411")  # 5% = 131.411,1
    assert h.netto == D("2496811")
    assert c.PRORATA in h.flags
    assert "Dasar = Rp 3.854.725 × 1 (PNS) × 15/22 = Rp 2.628.221,59" in baris(h)


def test_no_target_means_no_tpk_and_a_flag():
    h = c.compute_tpk(masukan(target_menit=0, menit_disetujui=0))
    assert not h.dibayar and c.TANPA_TARGET in h.flags
    assert (h.produktivitas, h.skor, h.predikat) == (None, None, None)
    assert h.bruto == h.pph21 == h.netto == 0
    assert h.disiplin == D("97.5000")  # still shown
    assert baris(h)[-1] == "Target T = 0: tidak ada TPK bulan ini."
    assert h.as_fields()["predikat"] == ""


def test_discipline_is_floored_at_zero():
    absent = tuple(c.PotonganHari(date(2026, 7, d), ("TK",)) for d in range(1, 27))  # 104%
    h = c.compute_tpk(masukan(potongan=absent))
    assert h.potongan_persen == D("104.00")
    assert h.disiplin == D("0.0000")
    assert c.DISIPLIN_NOL in h.flags
    assert h.skor == D("57.00")  # 100 × 0,6 × 0,95
    assert "Disiplin K = max(0, 100% − 104%) = 0" in baris(h)


def test_a_day_may_carry_a_tl_and_a_psw_and_codes_without_deduction_are_ignored():
    day = c.PotonganHari(date(2026, 7, 2), ("H", "TL2", "PSW3", "DL"))
    h = c.compute_tpk(masukan(potongan=(day,)))
    assert [r.kode for r in h.potongan_harian] == ["TL2", "PSW3"]
    assert h.potongan_persen == D("2.50")


def test_per_predikat_pays_the_grade_percent():
    aturan = replace(BAWAAN, mode_bayar=c.PER_PREDIKAT)
    h = c.compute_tpk(masukan(aturan, menit_disetujui=4950, potongan=()))  # P 0,75, K 1
    assert h.skor == D("85.00") and h.predikat.kode == "B"
    assert h.persen_bayar == D("90.00")
    assert h.netto == D("3469253") - D("173463")
    assert "Persentase bayar = 90% (predikat B, mode per predikat)" in baris(h)


def test_linear_pays_the_score():
    h = c.compute_tpk(masukan(menit_disetujui=4950, potongan=()))
    assert h.persen_bayar == h.skor == D("85.00")
    assert h.bruto == D("3276516")  # 3.854.725 × 85% = 3.276.516,25


class TestBpjs:
    def test_off_by_default(self):
        h = c.compute_tpk(contoh_domain())
        assert h.bpjs == 0 and not any(line.startswith("BPJS") for line in baris(h))

    def test_on_takes_one_percent_of_gross(self):
        aturan = replace(BAWAAN, bpjs_aktif=True)
        h = c.compute_tpk(masukan(aturan))
        assert h.bpjs == D("37005")  # 1% × 3.700.536
        assert h.netto == D("3700536") - D("185027") - D("37005")
        assert "BPJS = 1% × Rp 3.700.536 = Rp 37.005" in baris(h)
        assert baris(h)[-1] == "Netto = Rp 3.700.536 − Rp 185.027 − Rp 37.005 = Rp 3.478.504"


class TestBehaviourAndReviewWeights:
    aturan = replace(
        BAWAAN,
        bobot_produktivitas=D("0.5"),
        bobot_disiplin=D("0.3"),
        bobot_perilaku=D("0.2"),
    )

    def test_behaviour_counts_with_its_weight(self):
        h = c.compute_tpk(masukan(self.aturan, perilaku=D("0.85")))
        assert h.skor == D("93.75")  # 100 × (0,5 × 0,95 + 0,3 × 0,975 + 0,2 × 0,85)
        assert h.perilaku == D("85.0000")
        assert "Skor S = 100 × (0,5 × 0,95 + 0,3 × 0,975 + 0,2 × 0,85) = 93,75" in baris(h)

    def test_behaviour_not_assessed_counts_zero_and_is_flagged(self):
        h = c.compute_tpk(masukan(self.aturan, perilaku=None))
        assert h.skor == D("76.75")
        assert c.PERILAKU_KOSONG in h.flags
        assert any("0,2 × 0 (belum dinilai)" in line for line in baris(h))

    def test_review_score_weight(self):
        aturan = replace(BAWAAN, bobot_disiplin=D("0.3"), bobot_nilai_tim=D("0.1"))
        h = c.compute_tpk(masukan(aturan, nilai_tim=D("0.8")))
        assert h.skor == D("94.25")  # 57 + 29,25 + 8
        assert h.nilai_tim == D("80.0000")

    def test_with_weight_zero_behaviour_is_not_in_the_score(self):
        h = c.compute_tpk(masukan(perilaku=D("0.10")))
        assert h.skor == D("96.00") and c.PERILAKU_KOSONG not in h.flags


class TestCredit:
    def test_credit_counts_as_achievement(self):
        h = c.compute_tpk(masukan(menit_disetujui=5670, menit_kredit=600, potongan=()))
        assert h.produktivitas == D("95.0000")
        assert "Produktivitas P = min(5.670 + 600, 6.600) / 6.600 = 0,95" in baris(h)

    def test_achievement_is_capped_at_the_target(self):
        h = c.compute_tpk(masukan(menit_disetujui=6500, menit_kredit=600, potongan=()))
        assert h.produktivitas == D("100.0000") and h.skor == D("100.00")

    def test_menit_kredit_sums_the_day_target_of_credited_codes(self):
        days = [(300, ["DL"]), (300, ["H"]), (240, ["CT"]), (300, []), (300, ["I"])]
        assert c.menit_kredit(days, BAWAAN) == 540


class TestTax:
    @pytest.mark.parametrize(
        ("golongan", "jenis", "kelompok"),
        [
            ("I/a", "PNS", "I"),
            ("II/d", "PNS", "II"),
            ("III/b", "CPNS", "III"),
            ("IV/e", "PNS", "IV"),
            ("I", "PPPK", "I"),
            ("IV", "PPPK", "I"),
            ("V", "PPPK", "II"),
            ("VIII", "PPPK", "II"),
            ("IX", "PPPK", "III"),
            ("XII", "PPPK", "III"),
            ("XIII", "PPPK", "IV"),
            ("XVII", "PPPK", "IV"),
        ],
    )
    def test_golongan_groups(self, golongan, jenis, kelompok):
        assert pajak.kelompok_golongan(golongan, jenis) == kelompok

    @pytest.mark.parametrize(
        ("golongan", "jenis"), [("III", "PNS"), ("III/b", "PPPK"), ("V/a", "PNS")]
    )
    def test_unknown_golongan_is_an_error(self, golongan, jenis):
        with pytest.raises(ValueError):
            pajak.kelompok_golongan(golongan, jenis)

    def test_golongan_ii_pays_no_tax(self):
        h = c.compute_tpk(masukan(golongan="II/c"))
        assert h.pph21 == 0 and h.netto == h.bruto

    def test_flat_rate_strategy(self):
        aturan = replace(BAWAAN, strategi_pajak=pajak.TARIF_TETAP, tarif_pajak_tetap=D("2.50"))
        h = c.compute_tpk(masukan(aturan, golongan="IV/a"))
        assert h.tarif_pajak == D("2.50") and h.pph21 == D("92513")  # 92.513,4
        assert "PPh 21 = 2,5% × Rp 3.700.536 = Rp 92.513 (tarif tetap)" in baris(h)

    def test_registry_lists_both_strategies(self):
        assert [k for k, _label in pajak.choices()] == [pajak.TARIF_GOLONGAN, pajak.TARIF_TETAP]
        with pytest.raises(ValueError):
            pajak.get("ter")


class TestInvalidInput:
    def test_weights_must_sum_to_one(self):
        with pytest.raises(ValueError):
            replace(BAWAAN, bobot_disiplin=D("0.3"))

    def test_the_lowest_band_must_start_at_zero(self):
        with pytest.raises(ValueError):
            replace(BAWAAN, predikat=BAWAAN.predikat[:-1])

    @pytest.mark.parametrize(
        "changes",
        [
            {"hari_kerja": 23},
            {"menit_disetujui": -1},
            {"perilaku": D("85")},
            {"jenis_asn": "Honorer"},
            {"hari_kerja": 0},
        ],
    )
    def test_impossible_months_are_refused(self, changes):
        with pytest.raises(ValueError):
            masukan(**changes)


def test_a_member_without_a_class_is_flagged():
    h = c.compute_tpk(masukan(kelas=None, tarif_kelas=D(0)))
    assert c.TANPA_KELAS in h.flags and h.netto == 0


@pytest.mark.parametrize(
    ("nilai", "teks"),
    [
        (D("3854725"), "3.854.725"),
        (D("0.975"), "0,975"),
        (D("0.5000"), "0,5"),
        (D("100.00"), "100"),
        (Fraction(19, 20), "0,95"),
        (Fraction(2, 3), "≈ 0,6667"),
        (D("-1234.5"), "-1.234,5"),
    ],
)
def test_indonesian_number_format(nilai, teks):
    assert format_angka(nilai) == teks


def test_rupiah_format_keeps_sen_only_when_there_are_some():
    assert format_rupiah(D("3854725.00")) == "Rp 3.854.725"
    assert format_rupiah(D("2628221.59")) == "Rp 2.628.221,59"
    assert format_rupiah(D("2628221.50")) == "Rp 2.628.221,50"
