"""The TPK of one staff member for one month (domain.md, "Default TPK rules"), without the
database: the rule version comes in as an `Aturan` snapshot (`AturanTPK.snapshot()`), the
month's figures as a `MasukanTPK`, and `compute_tpk` returns every intermediate figure and the
trace that explains them.

The arithmetic is exact: quotients (A / T, the proration) are kept as integer ratios and only
the figures domain.md rounds are rounded, half-up: the score S to 2 places (that rounded S
decides the grade and is paid), the base to sen (2 places; see docs/TPK.md), gross, PPh 21 and
BPJS to whole rupiah. Percentages on the result (P, K, B, R) are shown to 4 places; the score
uses their exact values.

The trace is data, not text: one tuple per line, the line's key and then its figures (ints;
Decimals and exact fractions as strings), JSON-ready for `HasilTPK.trace`. The close computes
every staff member of the pemda and most traces are never read, so the words are put together
only when someone reads one: `tpk.trace.format_trace`.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal
from fractions import Fraction
from functools import cached_property
from operator import attrgetter

from django.utils.translation import gettext_lazy as _

from . import pajak
from .angka import SERATUS, bulat_rasio, bulatkan, pecahan

LINEAR = "linear"
PER_PREDIKAT = "per_predikat"

# Flags: stable codes stored on the result row; FLAG_LABEL says them to a person.
TANPA_TARGET = "tanpa_target"
TANPA_KELAS = "tanpa_kelas"
PRORATA = "prorata"
DISIPLIN_NOL = "disiplin_nol"
PERILAKU_KOSONG = "perilaku_kosong"
NILAI_TIM_KOSONG = "nilai_tim_kosong"

FLAG_LABEL = {
    TANPA_TARGET: _("Target T = 0: tidak ada TPK bulan ini"),
    TANPA_KELAS: _("Tanpa kelas jabatan: dasar TPK nol"),
    PRORATA: _("Aktif sebagian bulan: dasar TPK diprorata"),
    DISIPLIN_NOL: _("Potongan disiplin 100% atau lebih: disiplin nol"),
    PERILAKU_KOSONG: _("Perilaku belum dinilai atasan: dihitung nol"),
    NILAI_TIM_KOSONG: _("Belum ada nilai tim penilai: dihitung nol"),
}

NOL = Decimal(0)

# Decimal subtraction and shifts without rounding, whatever the number of digits.
_TEPAT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)


@dataclass(frozen=True)
class Predikat:
    kode: str
    nama: str
    batas_bawah: Decimal  # the lowest score of the band
    persen_bayar: Decimal  # percent paid in per_predikat mode


@dataclass(frozen=True)
class Aturan:
    """A rule version as plain data. Weights and status factors are fractions (0,60; 0,80);
    deductions, band limits, pay and tax rates are percents (0,5; 91; 100; 5)."""

    nama: str
    berlaku_mulai: date
    bobot_produktivitas: Decimal
    bobot_disiplin: Decimal
    bobot_perilaku: Decimal
    bobot_nilai_tim: Decimal
    mode_bayar: str
    strategi_pajak: str
    faktor_status: Mapping[str, Decimal]  # jenis ASN → factor
    kode_kredit: frozenset[str]  # attendance codes whose days count as worked
    potongan: Mapping[str, Decimal]  # attendance code → percent deducted per day
    predikat: tuple[Predikat, ...]  # kept sorted from the highest band down
    tarif_kelas: Mapping[int, Decimal]  # kelas jabatan → amount in rupiah
    pajak_golongan: Mapping[str, Decimal]  # golongan group I–IV → percent
    tarif_pajak_tetap: Decimal = NOL
    bpjs_aktif: bool = False
    tarif_bpjs: Decimal = NOL
    id: int | None = None

    def __post_init__(self):
        bands = tuple(sorted(self.predikat, key=lambda p: p.batas_bawah, reverse=True))
        object.__setattr__(self, "predikat", bands)
        object.__setattr__(self, "kode_kredit", frozenset(self.kode_kredit))
        if self.mode_bayar not in (LINEAR, PER_PREDIKAT):
            raise ValueError(f"mode bayar tidak dikenal: {self.mode_bayar!r}")
        bobot = (
            self.bobot_produktivitas + self.bobot_disiplin + self.bobot_perilaku
        ) + self.bobot_nilai_tim
        if bobot != 1:
            raise ValueError(f"jumlah bobot harus 1, bukan {bobot}")
        if not bands or bands[-1].batas_bawah != 0:
            raise ValueError("predikat terendah harus mulai dari skor 0")
        pajak.get(self.strategi_pajak)

    def predikat_untuk(self, skor: Decimal) -> Predikat:
        """The band of a (rounded) score: the highest band whose lower limit it reaches."""
        return next(p for p in self.predikat if skor >= p.batas_bawah)

    def tarif_untuk(self, kelas: int | None) -> Decimal | None:
        """The TPK amount of a kelas jabatan, or None where the table has no such class."""
        return None if kelas is None else self.tarif_kelas.get(kelas)

    # What `compute_tpk` needs of the version, prepared once for everyone computed with it
    # (a snapshot is not changed after it is made).

    @cached_property
    def _potongan_aktif(self) -> dict[str, Decimal]:
        return {kode: persen for kode, persen in self.potongan.items() if persen > 0}

    @cached_property
    def _bobot(self) -> tuple[tuple[int, str, int, int], ...]:
        """The non-zero weights in the score's order (P, K, B, R): (position, the weight as
        text, its exact ratio)."""
        bobot = (
            self.bobot_produktivitas,
            self.bobot_disiplin,
            self.bobot_perilaku,
            self.bobot_nilai_tim,
        )
        return tuple((i, str(b), *b.as_integer_ratio()) for i, b in enumerate(bobot) if b)

    @cached_property
    def _baris_aturan(self) -> tuple:
        return ("aturan", self.nama, self.berlaku_mulai.isoformat())

    @cached_property
    def _baris_predikat(self) -> tuple[tuple[Predikat, tuple], ...]:
        return tuple((p, ("predikat", p.kode, p.nama, str(p.batas_bawah))) for p in self.predikat)


@dataclass(frozen=True)
class PotonganHari:
    """The attendance codes of one day (e.g. TL1 and PSW2); codes without a deduction are
    ignored, so a caller may pass every day's codes."""

    tanggal: date
    kode: tuple[str, ...]


@dataclass(frozen=True)
class MasukanTPK:
    """One staff member's month. B and R are fractions (0–1) or None when not assessed."""

    aturan: Aturan
    jenis_asn: str
    golongan: str
    kelas: int | None
    tarif_kelas: Decimal  # the amount of the kelas (0 without one)
    hari_kerja: int  # working days while active
    hari_kerja_jadwal: int  # working days of the schedule in the whole month
    target_menit: int  # T
    menit_disetujui: int  # A
    menit_kredit: int = 0  # L
    potongan: tuple[PotonganHari, ...] = ()
    perilaku: Decimal | None = None
    nilai_tim: Decimal | None = None

    def __post_init__(self):
        object.__setattr__(self, "potongan", tuple(self.potongan))
        counts = (self.hari_kerja, self.hari_kerja_jadwal, self.target_menit)
        if min(*counts, self.menit_disetujui, self.menit_kredit) < 0:
            raise ValueError("hari dan menit tidak boleh negatif")
        if self.hari_kerja > self.hari_kerja_jadwal:
            raise ValueError("hari kerja pegawai melebihi hari kerja jadwal")
        if self.target_menit > 0 and self.hari_kerja == 0:
            raise ValueError("ada target tanpa hari kerja")
        if self.tarif_kelas < 0:
            raise ValueError("tarif kelas tidak boleh negatif")
        for nilai in (self.perilaku, self.nilai_tim):
            if nilai is not None and not 0 <= nilai <= 1:
                raise ValueError("perilaku dan nilai tim adalah pecahan 0–1")
        if self.jenis_asn not in self.aturan.faktor_status:
            raise ValueError(f"faktor status untuk {self.jenis_asn!r} tidak ada")


@dataclass(frozen=True)
class RincianPotongan:
    tanggal: date
    kode: str
    persen: Decimal


@dataclass(frozen=True)
class PerhitunganTPK:
    """Every figure of the month; percentages (P, K, B, R, deductions) are percents."""

    masukan: MasukanTPK
    produktivitas: Decimal | None  # None when T = 0
    potongan_harian: tuple[RincianPotongan, ...]
    potongan_persen: Decimal
    disiplin: Decimal
    perilaku: Decimal | None
    nilai_tim: Decimal | None
    skor: Decimal | None  # rounded to 2 places; this is the score paid and printed
    predikat: Predikat | None
    persen_bayar: Decimal
    faktor_status: Decimal
    dasar: Decimal
    bruto: Decimal
    tarif_pajak: Decimal
    pph21: Decimal
    bpjs: Decimal
    netto: Decimal
    flags: tuple[str, ...] = ()
    # One tuple per line: its key, then its figures; `tpk.trace.format_trace` words it.
    trace: tuple[tuple, ...] = field(default=(), repr=False)

    @property
    def dibayar(self) -> bool:
        return TANPA_TARGET not in self.flags

    def as_fields(self) -> dict:
        """The figures under the names of `tpk.models.HasilTPK`'s fields (JSON-ready lists)."""
        m = self.masukan
        return {
            "hari_kerja": m.hari_kerja,
            "hari_kerja_jadwal": m.hari_kerja_jadwal,
            "target_menit": m.target_menit,
            "menit_disetujui": m.menit_disetujui,
            "menit_kredit": m.menit_kredit,
            "produktivitas": self.produktivitas,
            "potongan_persen": self.potongan_persen,
            "disiplin": self.disiplin,
            "perilaku": self.perilaku,
            "nilai_tim": self.nilai_tim,
            "skor": self.skor,
            "predikat": self.predikat.kode if self.predikat else "",
            "predikat_nama": self.predikat.nama if self.predikat else "",
            "persen_bayar": self.persen_bayar,
            "tarif_kelas": m.tarif_kelas,
            "faktor_status": self.faktor_status,
            "dasar": self.dasar,
            "bruto": self.bruto,
            "tarif_pajak": self.tarif_pajak,
            "pph21": self.pph21,
            "bpjs": self.bpjs,
            "netto": self.netto,
            "potongan_harian": [
                {"tanggal": r.tanggal.isoformat(), "kode": r.kode, "persen": str(r.persen)}
                for r in self.potongan_harian
            ],
            "flags": list(self.flags),
            "trace": list(self.trace),
        }


def menit_kredit(hari: Iterable[tuple[int, Iterable[str]]], aturan: Aturan) -> int:
    """Credit L: the day target of each working day carrying a code that counts as work.

    `hari` is (target minutes, codes) per working day."""
    return sum(target for target, kode in hari if aturan.kode_kredit.intersection(kode))


def _nilai(nilai: Decimal | Fraction | None) -> tuple[int, int, str] | None:
    """B or R as (numerator, denominator, exact text for the trace): a Decimal as itself."""
    if nilai is None:
        return None
    teks = str(nilai) if isinstance(nilai, Decimal) else str(pecahan(nilai))
    return (*nilai.as_integer_ratio(), teks)


_tanggal = attrgetter("tanggal")


def compute_tpk(m: MasukanTPK) -> PerhitunganTPK:
    """The month's TPK of one staff member, with every figure and the trace that explains it."""
    a = m.aturan
    flags: list[str] = []
    T, A, L = m.target_menit, m.menit_disetujui, m.menit_kredit
    hk, hkj = m.hari_kerja, m.hari_kerja_jadwal
    trace: list[tuple] = [
        a._baris_aturan,
        ("pegawai", m.jenis_asn, m.golongan, m.kelas),
        ("hari_kerja", hk, hkj),
        ("menit", T, A, L),
    ]
    # P, K, B and R are kept as (numerator, denominator, exact text for the trace).
    if T:
        capai = min(A + L, T)  # P = capai / T
        P = (capai, T, f"{capai}/{T}")
        trace.append(("produktivitas", A, L, T, P[2]))
    else:
        P = None

    # Discipline is shown even in a month without a target.
    aktif = a._potongan_aktif
    rincian = tuple(
        RincianPotongan(hari.tanggal, kode, aktif[kode])
        for hari in sorted((h for h in m.potongan if h.kode), key=_tanggal)
        for kode in hari.kode
        if kode in aktif
    )
    jumlah_potongan = sum((r.persen for r in rincian), NOL)
    if rincian:
        trace += [("potongan", r.tanggal.isoformat(), r.kode, str(r.persen)) for r in rincian]
        trace.append(
            ("jumlah_potongan", tuple(str(r.persen) for r in rincian), str(jumlah_potongan))
        )
    # K = max(0, 1 − potongan / 100)
    pn, pd = jumlah_potongan.as_integer_ratio()
    if jumlah_potongan < SERATUS:
        K = (
            100 * pd - pn,
            100 * pd,
            str(_TEPAT.scaleb(_TEPAT.subtract(SERATUS, jumlah_potongan), -2)),
        )
    else:
        K = (0, 1, "0")
        flags.append(DISIPLIN_NOL)
    trace.append(("disiplin", str(jumlah_potongan), K[2]))

    B = _nilai(m.perilaku)
    R = _nilai(m.nilai_tim)
    if a.bobot_perilaku and B is None:
        flags.append(PERILAKU_KOSONG)
    if a.bobot_nilai_tim and R is None:
        flags.append(NILAI_TIM_KOSONG)
    faktor = a.faktor_status[m.jenis_asn]
    common = {
        "masukan": m,
        "potongan_harian": rincian,
        "potongan_persen": jumlah_potongan,
        "disiplin": bulat_rasio(100 * K[0], K[1], 4),
        "perilaku": bulat_rasio(100 * B[0], B[1], 4) if B is not None else None,
        "nilai_tim": bulat_rasio(100 * R[0], R[1], 4) if R is not None else None,
        "faktor_status": faktor,
    }
    if m.kelas is None:
        flags.append(TANPA_KELAS)

    if P is None:
        flags.append(TANPA_TARGET)
        trace.append(("tanpa_target",))
        return PerhitunganTPK(
            **common,
            produktivitas=None,
            skor=None,
            predikat=None,
            persen_bayar=NOL,
            dasar=NOL,
            bruto=NOL,
            tarif_pajak=NOL,
            pph21=NOL,
            bpjs=NOL,
            netto=NOL,
            flags=tuple(flags),
            trace=tuple(trace),
        )

    if B is not None and a.bobot_perilaku:
        trace.append(("perilaku", B[2]))
    if R is not None and a.bobot_nilai_tim:
        trace.append(("nilai_tim", R[2]))

    # S = 100 × Σ bobot × nilai, exactly: the sum as one ratio n / d; a missing B or R is 0.
    nilai = (P, K, B, R)
    n, d = 0, 1
    suku = []
    for i, bobot, bn, bd in a._bobot:
        v = nilai[i]
        suku.append((_SUKU[i], bobot, None if v is None else v[2]))
        if v is not None:
            vn, vd = bn * v[0], bd * v[1]
            n, d = n * vd + vn * d, d * vd
    S = bulat_rasio(100 * n, d, 2)
    trace.append(("skor", tuple(suku), str(S)))

    predikat, baris = next((p, b) for p, b in a._baris_predikat if S >= p.batas_bawah)
    trace.append(baris)
    if a.mode_bayar == LINEAR:
        persen_bayar = S
        trace.append(("bayar_linear", str(S)))
    else:
        persen_bayar = bulatkan(predikat.persen_bayar, 2)
        trace.append(("bayar_predikat", str(predikat.persen_bayar), predikat.kode))

    # dasar = tarif × faktor × hari kerja / hari kerja jadwal, to sen
    tn, td = m.tarif_kelas.as_integer_ratio()
    fn, fd = faktor.as_integer_ratio()
    dasar = bulat_rasio(tn * fn * hk, td * fd * hkj, 2)
    if hk != hkj:
        flags.append(PRORATA)
    trace.append(
        (
            "dasar",
            str(m.tarif_kelas),
            str(faktor),
            m.jenis_asn,
            (hk, hkj) if hk != hkj else None,
            str(dasar),
        )
    )

    dn, dd = dasar.as_integer_ratio()
    sn, sd = persen_bayar.as_integer_ratio()
    bruto = bulat_rasio(dn * sn, dd * sd * 100, 0)
    trace.append(("bruto", str(dasar), str(persen_bayar), str(bruto)))
    pph = pajak.hitung(bruto, golongan=m.golongan, jenis_asn=m.jenis_asn, aturan=a)
    trace.append(pph.baris(bruto))
    kurang = [str(pph.jumlah)]
    bpjs = NOL
    if a.bpjs_aktif:
        bn, bd = bruto.as_integer_ratio()
        rn, rd = a.tarif_bpjs.as_integer_ratio()
        bpjs = bulat_rasio(bn * rn, bd * rd * 100, 0)
        trace.append(("bpjs", str(a.tarif_bpjs), str(bruto), str(bpjs)))
        kurang.append(str(bpjs))
    netto = bruto - pph.jumlah - bpjs
    trace.append(("netto", str(bruto), tuple(kurang), str(netto)))
    return PerhitunganTPK(
        **common,
        produktivitas=bulat_rasio(100 * P[0], P[1], 4),
        skor=S,
        predikat=predikat,
        persen_bayar=persen_bayar,
        dasar=dasar,
        bruto=bruto,
        tarif_pajak=pph.tarif,
        pph21=pph.jumlah,
        bpjs=bpjs,
        netto=netto,
        flags=tuple(flags),
        trace=tuple(trace),
    )


_SUKU = ("produktivitas", "disiplin", "perilaku", "nilai_tim")
