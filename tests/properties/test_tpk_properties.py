"""Properties of the TPK computation (tpk/calculation.py, tpk/pajak.py, tpk/angka.py), without a
database: for any month and any rule version an admin could save, the amounts are never negative,
the gross never exceeds the class amount times the status factor, more approved minutes never pay
less, more deductions never pay more, and every figure is what domain.md's rules give when worked
out independently with exact fractions."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal as D
from fractions import Fraction

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from pegawai.models import Golongan
from tpk import calculation as c
from tpk import pajak
from tpk.angka import bulat_rasio, bulat_rupiah, bulatkan
from tpk.defaults import aturan_bawaan, contoh_domain

from .profil import contoh

BAWAAN = aturan_bawaan()
KODE_KREDIT = ("DL", "CT", "CS", "CM", "CAP", "I")
KODE_POTONGAN = ("TL1", "TL2", "TL3", "TL4", "PSW1", "PSW2", "PSW3", "PSW4", "TK", "I")
GOLONGAN_PNS = tuple(Golongan.for_pns())
GOLONGAN_PPPK = tuple(Golongan.for_pppk())
AWAL_BULAN = date(2026, 7, 1)


def pecahan_desimal(lo: int, hi: int, places: int):
    """Decimals lo..hi (in units of 10^-places) as the admin's fields store them."""
    return st.integers(lo, hi).map(lambda n: D(n).scaleb(-places))


@st.composite
def bobot(draw) -> tuple[D, D, D, D]:
    """Four weights with 4 places that add up to exactly 1, as the admin requires."""
    cuts = sorted(draw(st.lists(st.integers(0, 10_000), min_size=3, max_size=3)))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, 10_000], strict=True)]
    return tuple(D(p).scaleb(-4) for p in parts)


@st.composite
def predikat(draw) -> tuple[c.Predikat, ...]:
    """1–6 bands with distinct lower limits, the lowest at 0, a better band never paying less
    (tpk.models.aturan.validate_predikat)."""
    limits = draw(st.lists(st.integers(1, 10_000), max_size=5, unique=True))
    limits = sorted([0, *limits])  # in hundredths of a point
    pays = sorted(
        draw(st.lists(st.integers(0, 10_000), min_size=len(limits), max_size=len(limits)))
    )
    return tuple(
        c.Predikat(f"P{i}", f"Predikat {i}", D(lo).scaleb(-2), D(pay).scaleb(-2))
        for i, (lo, pay) in enumerate(zip(limits, pays, strict=True))
    )


@st.composite
def aturan(draw) -> c.Aturan:
    """The default version, or any version the admin's checks let through, with realistic
    rates: PPh 21 up to 35% and BPJS up to 5% (the admin accepts up to 100% each, and a tax
    and a BPJS that add up to more than 100% would give a negative net; see the report)."""
    if draw(st.booleans()):
        base = BAWAAN
        mode = draw(st.sampled_from((c.LINEAR, c.PER_PREDIKAT)))
        bpjs = draw(st.booleans())
        return replace(base, mode_bayar=mode, bpjs_aktif=bpjs)
    wp, wk, wb, wr = draw(bobot())
    kredit = frozenset(draw(st.sets(st.sampled_from(KODE_KREDIT))))
    potongan = {
        kode: draw(pecahan_desimal(0, 1000 if kode == "TK" else 500, 2))
        for kode in KODE_POTONGAN
        if kode not in kredit  # a credited code cannot also be deducted
    }
    tarif = sorted(draw(st.lists(st.integers(0, 60_000_000), min_size=1, max_size=17)))
    kelas = sorted(draw(st.sets(st.integers(1, 17), min_size=len(tarif), max_size=len(tarif))))
    return c.Aturan(
        nama="Aturan uji",
        berlaku_mulai=date(2026, 1, 1),
        bobot_produktivitas=wp,
        bobot_disiplin=wk,
        bobot_perilaku=wb,
        bobot_nilai_tim=wr,
        mode_bayar=draw(st.sampled_from((c.LINEAR, c.PER_PREDIKAT))),
        strategi_pajak=draw(st.sampled_from((pajak.TARIF_GOLONGAN, pajak.TARIF_TETAP))),
        faktor_status={
            "PNS": draw(pecahan_desimal(0, 10_000, 4)),
            "CPNS": draw(pecahan_desimal(0, 10_000, 4)),
            "PPPK": draw(pecahan_desimal(0, 10_000, 4)),
        },
        kode_kredit=kredit,
        potongan=potongan,
        predikat=draw(predikat()),
        tarif_kelas={k: D(t) for k, t in zip(kelas, tarif, strict=True)},
        pajak_golongan={g: draw(pecahan_desimal(0, 3500, 2)) for g in pajak.KELOMPOK},
        tarif_pajak_tetap=draw(pecahan_desimal(0, 3500, 2)),
        bpjs_aktif=draw(st.booleans()),
        tarif_bpjs=draw(pecahan_desimal(0, 500, 2)),
    )


# One working day's attendance: H with a TL band and a PSW band (0 = none), or a code of its own.
KODE_HARI = st.one_of(
    st.tuples(st.integers(0, 4), st.integers(0, 4)).map(
        lambda b: (
            tuple(k for k in (f"TL{b[0]}" if b[0] else "", f"PSW{b[1]}" if b[1] else "") if k)
            or ("H",)
        )
    ),
    st.sampled_from(("TK", "DL", "CT", "CS", "CM", "CAP", "I")).map(lambda k: (k,)),
)


SEMBARANG_ATURAN = aturan()


@st.composite
def masukan(draw, aturan=SEMBARANG_ATURAN) -> c.MasukanTPK:
    """One staff member's month: schedule days (some of them while active), a target per
    working day, the attendance of each, approved minutes up to well past the target."""
    a = draw(aturan)
    jenis = draw(st.sampled_from(("PNS", "CPNS", "PPPK")))
    golongan = draw(st.sampled_from(GOLONGAN_PPPK if jenis == "PPPK" else GOLONGAN_PNS))
    kelas = draw(st.one_of(st.none(), st.integers(1, 17)))
    tarif = a.tarif_untuk(kelas)
    hkj = draw(st.integers(0, 27))
    hk = draw(st.integers(0, hkj))  # 0: a shift worker without a roster, or not yet active
    targets = draw(st.lists(st.integers(150, 480), min_size=hk, max_size=hk))
    days = draw(st.lists(KODE_HARI, min_size=hk, max_size=hk))
    T = sum(targets)
    return c.MasukanTPK(
        aturan=a,
        jenis_asn=jenis,
        golongan=golongan,
        kelas=kelas,
        tarif_kelas=tarif if tarif is not None else D(0),  # a class missing from the table
        hari_kerja=hk,
        hari_kerja_jadwal=hkj,
        target_menit=T,
        menit_disetujui=draw(st.integers(0, 2 * T + 600)),
        menit_kredit=c.menit_kredit(zip(targets, days, strict=True), a),
        potongan=tuple(
            c.PotonganHari(AWAL_BULAN + timedelta(days=i), kode) for i, kode in enumerate(days)
        ),
        perilaku=draw(st.one_of(st.none(), pecahan_desimal(0, 100, 2))),
        nilai_tim=draw(st.one_of(st.none(), pecahan_desimal(0, 100, 2))),
    )


# An independent reading of domain.md's "Default TPK rules", in exact fractions.


def _half_up(x: Fraction, places: int) -> D:
    scaled = x * 10**places
    return D(
        int(scaled + Fraction(1, 2)) if scaled >= 0 else -int(-scaled + Fraction(1, 2))
    ).scaleb(-places)


def _f(d) -> Fraction:
    return Fraction(d)


def domain(m: c.MasukanTPK) -> dict:
    a = m.aturan
    if m.target_menit == 0:
        return {"skor": None, "bruto": D(0), "pph21": D(0), "bpjs": D(0), "netto": D(0)}
    P = Fraction(min(m.menit_disetujui + m.menit_kredit, m.target_menit), m.target_menit)
    jumlah = sum(
        (_f(a.potongan[k]) for h in m.potongan for k in h.kode if a.potongan.get(k, 0) > 0),
        Fraction(0),
    )
    K = max(Fraction(0), 1 - jumlah / 100)
    B = _f(m.perilaku) if m.perilaku is not None else Fraction(0)
    R = _f(m.nilai_tim) if m.nilai_tim is not None else Fraction(0)
    exact = 100 * (
        _f(a.bobot_produktivitas) * P
        + _f(a.bobot_disiplin) * K
        + _f(a.bobot_perilaku) * B
        + _f(a.bobot_nilai_tim) * R
    )
    skor = _half_up(exact, 2)
    band = max((p for p in a.predikat if skor >= p.batas_bawah), key=lambda p: p.batas_bawah)
    bayar = skor if a.mode_bayar == c.LINEAR else band.persen_bayar
    faktor = _f(a.faktor_status[m.jenis_asn])
    dasar = _half_up(_f(m.tarif_kelas) * faktor * Fraction(m.hari_kerja, m.hari_kerja_jadwal), 2)
    bruto = _half_up(_f(dasar) * _f(bayar) / 100, 0)
    if a.strategi_pajak == pajak.TARIF_TETAP:
        tarif_pajak = a.tarif_pajak_tetap
    else:
        tarif_pajak = a.pajak_golongan[pajak.kelompok_golongan(m.golongan, m.jenis_asn)]
    pph = _half_up(_f(bruto) * _f(tarif_pajak) / 100, 0)
    bpjs = _half_up(_f(bruto) * _f(a.tarif_bpjs) / 100, 0) if a.bpjs_aktif else D(0)
    return {
        "skor": skor,
        "predikat": band.kode,
        "persen_bayar": bayar,
        "dasar": dasar,
        "bruto": bruto,
        "pph21": pph,
        "bpjs": bpjs,
        "netto": bruto - pph - bpjs,
    }


@settings(max_examples=contoh(300))
@given(masukan())
def test_every_figure_is_what_the_domain_rules_give(m):
    h = c.compute_tpk(m)
    expected = domain(m)
    assert h.skor == expected["skor"]
    assert (h.bruto, h.pph21, h.bpjs, h.netto) == (
        expected["bruto"],
        expected["pph21"],
        expected["bpjs"],
        expected["netto"],
    )
    if h.skor is not None:
        assert h.predikat.kode == expected["predikat"]
        assert h.persen_bayar == expected["persen_bayar"]
        assert h.dasar == expected["dasar"]


@settings(max_examples=contoh(200))
@given(masukan())
def test_amounts_are_whole_rupiah_never_negative_and_net_is_gross_less_deductions(m):
    h = c.compute_tpk(m)
    for amount in (h.bruto, h.pph21, h.bpjs, h.netto):
        assert isinstance(amount, D)
        assert amount >= 0
        assert amount == amount.to_integral_value()
    assert h.netto == h.bruto - h.pph21 - h.bpjs
    assert h.pph21 == bulat_rupiah(Fraction(h.bruto) * Fraction(h.tarif_pajak) / 100)
    assert h.dasar >= 0 and h.dasar == bulatkan(h.dasar, 2)
    if h.skor is not None:
        assert 0 <= h.skor <= 100 and h.skor == bulatkan(h.skor, 2)
        assert 0 <= h.persen_bayar <= 100
    assert 0 <= h.disiplin <= 100


def bulan_penuh(aturan=BAWAAN, **changes) -> c.MasukanTPK:
    """domain.md's worked example with every minute of the target and no deduction (S = 100)."""
    return replace(contoh_domain(aturan), menit_disetujui=6600, potongan=(), **changes)


@settings(max_examples=contoh(200))
@given(masukan())
# A factor with four places: 1.000.001 × 0,4950 = 495.000,495 is kept as a base of 495.000,50,
# so the gross at S = 100 is Rp 495.001, above the full base by half a rupiah (see the report).
@example(
    bulan_penuh(
        replace(BAWAAN, faktor_status={"PNS": D("0.4950"), "CPNS": D("0.8"), "PPPK": D(1)}),
        tarif_kelas=D(1_000_001),
    )
)
def test_gross_never_above_the_class_amount_times_the_status_factor(m):
    h = c.compute_tpk(m)
    faktor = m.aturan.faktor_status[m.jenis_asn]
    penuh = m.tarif_kelas * faktor
    # The base is kept to sen (docs/TPK.md) and the gross rounded from it: the bound is the full
    # base, rounded the same two ways.
    assert h.dasar <= bulatkan(penuh, 2)
    assert h.bruto <= bulat_rupiah(bulatkan(penuh, 2))
    assert h.bruto <= bulat_rupiah(h.dasar)
    if faktor == bulatkan(faktor, 2):  # factors with at most two places (80%, 100%): exact
        assert h.bruto <= bulat_rupiah(penuh)


@settings(max_examples=contoh(200))
@given(masukan(), st.integers(0, 10**6), st.integers(0, 10**6))
# A base of Rp 15.000 (a made-up class amount): S 99,33 → gross 149, PPh 7, BPJS 1, net 141;
# S 100 → gross 150, PPh 8 (7,5), BPJS 2 (1,5), net 140.
@example(
    bulan_penuh(replace(BAWAAN, bpjs_aktif=True), tarif_kelas=D(15_000), target_menit=6000),
    5933,
    6000,
)
def test_more_approved_minutes_never_pay_less(m, x, y):
    a, b = sorted(v % (3 * m.target_menit + 601) for v in (x, y))
    lo = c.compute_tpk(replace(m, menit_disetujui=a))
    hi = c.compute_tpk(replace(m, menit_disetujui=b))
    if m.target_menit:
        assert lo.produktivitas <= hi.produktivitas
        assert lo.skor <= hi.skor
    assert lo.bruto <= hi.bruto
    if not m.aturan.bpjs_aktif:
        assert lo.netto <= hi.netto
    else:
        # PPh 21 and BPJS are each rounded half-up (domain.md rules 11 and 12): when a higher
        # gross by a rupiah or two tips both up, the net drops by one rupiah, never more.
        assert lo.netto <= hi.netto + 1


@settings(max_examples=contoh(100))
@given(masukan(), st.integers(0, 3000))
def test_more_credit_never_pays_less(m, extra):
    lo = c.compute_tpk(m)
    hi = c.compute_tpk(replace(m, menit_kredit=m.menit_kredit + extra))
    assert lo.bruto <= hi.bruto
    if m.target_menit:
        assert lo.skor <= hi.skor


@settings(max_examples=contoh(150))
@given(masukan(), st.lists(KODE_HARI, min_size=1, max_size=5))
def test_more_deductions_never_pay_more(m, extra_days):
    last = max((h.tanggal for h in m.potongan), default=AWAL_BULAN)
    tambah = tuple(
        c.PotonganHari(last + timedelta(days=i + 1), kode)
        for i, kode in enumerate(extra_days)
        if kode[0] not in m.aturan.kode_kredit  # a credited day would add credit, not a cut
    )
    fewer = c.compute_tpk(m)
    more = c.compute_tpk(replace(m, potongan=m.potongan + tambah))
    assert more.potongan_persen >= fewer.potongan_persen
    assert more.disiplin <= fewer.disiplin
    assert more.bruto <= fewer.bruto
    if m.target_menit:
        assert more.skor <= fewer.skor


@settings(max_examples=contoh(100))
@given(masukan(), st.randoms(use_true_random=False))
def test_the_order_of_the_days_does_not_matter(m, rnd):
    days = list(m.potongan)
    rnd.shuffle(days)
    shuffled = c.compute_tpk(replace(m, potongan=tuple(days)))
    original = c.compute_tpk(m)
    assert shuffled.as_fields() == original.as_fields()  # days are listed by date either way


@settings(max_examples=contoh(100))
@given(masukan())
def test_a_month_without_a_target_pays_nothing(m):
    m = replace(m, target_menit=0)
    h = c.compute_tpk(m)
    assert not h.dibayar and c.TANPA_TARGET in h.flags
    assert (h.skor, h.predikat, h.produktivitas) == (None, None, None)
    assert h.bruto == h.pph21 == h.bpjs == h.netto == 0


@settings(max_examples=contoh(100))
@given(masukan(), st.integers(1, 17), st.integers(1, 17))
def test_a_higher_kelas_never_pays_less(m, k1, k2):
    k1, k2 = sorted((k1, k2))
    t1, t2 = m.aturan.tarif_untuk(k1), m.aturan.tarif_untuk(k2)
    assume(t1 is not None and t2 is not None)
    lower = c.compute_tpk(replace(m, kelas=k1, tarif_kelas=t1))
    higher = c.compute_tpk(replace(m, kelas=k2, tarif_kelas=t2))
    assert lower.bruto <= higher.bruto


@settings(max_examples=contoh(100))
@given(masukan(aturan=st.just(BAWAAN)))
def test_under_the_default_rules_a_cpns_never_gets_more_than_a_pns(m):
    assume(m.jenis_asn != "PPPK")
    pns = c.compute_tpk(replace(m, jenis_asn="PNS"))
    cpns = c.compute_tpk(replace(m, jenis_asn="CPNS"))
    assert cpns.bruto <= pns.bruto


@settings(max_examples=contoh(300))
@given(
    st.integers(0, 10**9),
    st.integers(0, 10**9),
    pecahan_desimal(0, 10_000, 2),
    st.sampled_from(GOLONGAN_PNS),
)
def test_tax_is_a_rounded_share_of_gross_and_never_lowers_the_net(g1, g2, rate, golongan):
    g1, g2 = sorted((g1, g2))
    a = replace(BAWAAN, strategi_pajak=pajak.TARIF_TETAP, tarif_pajak_tetap=rate)
    lo = pajak.hitung(D(g1), golongan=golongan, jenis_asn="PNS", aturan=a)
    hi = pajak.hitung(D(g2), golongan=golongan, jenis_asn="PNS", aturan=a)
    assert 0 <= lo.jumlah <= g1 and lo.jumlah == lo.jumlah.to_integral_value()
    assert lo.jumlah <= hi.jumlah
    # One rounding alone cannot take more than the extra gross: the net keeps rising.
    assert g1 - lo.jumlah <= g2 - hi.jumlah


@settings(max_examples=contoh(500))
@given(st.integers(-(10**12), 10**12), st.integers(1, 10**9), st.integers(0, 6))
def test_rounding_is_half_up_on_the_exact_quotient(n, d, places):
    expected = _half_up(Fraction(n, d), places)
    assert bulat_rasio(n, d, places) == expected
    assert bulatkan(Fraction(n, d), places) == expected
    assert bulat_rasio(n, d, places).as_tuple().exponent == -places
