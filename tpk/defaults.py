"""The default TPK rule version (domain.md, "Default TPK rules"); loaded by a data migration and
by tests, and the source of the worked example that docs/TPK.md prints.

Every number here becomes a row that the admin kepegawaian edits (Aturan TPK in the admin). The
kelas jabatan table is a plausible kota table (kelas 7 = Rp 3.854.725 as in domain.md's worked
example, rising with the class); a pemda enters its own Perwal/Perbup figures. The pay
percentages per grade apply only in the per-predikat pay mode, which is off by default.
"""

from datetime import date
from decimal import Decimal as D

from . import calculation, pajak

NAMA = "Aturan TPK bawaan"
BERLAKU_MULAI = date(2000, 1, 1)

ATURAN = {
    "bobot_produktivitas": D("0.60"),
    "bobot_disiplin": D("0.40"),
    "bobot_perilaku": D("0"),
    "bobot_nilai_tim": D("0"),
    "mode_bayar": calculation.LINEAR,
    "strategi_pajak": pajak.TARIF_GOLONGAN,
    "tarif_pajak_tetap": D("0"),
    "bpjs_aktif": False,
    "tarif_bpjs": D("1.00"),
    "faktor_pns": D("1.00"),
    "faktor_cpns": D("0.80"),
    "faktor_pppk": D("1.00"),
    "kode_kredit": "DL,CT,CS,CM,CAP",
}

TARIF_KELAS = {
    1: D("1850000"),
    2: D("2050000"),
    3: D("2300000"),
    4: D("2600000"),
    5: D("2950000"),
    6: D("3375000"),
    7: D("3854725"),
    8: D("4400000"),
    9: D("5050000"),
    10: D("5800000"),
    11: D("6900000"),
    12: D("8250000"),
    13: D("9900000"),
    14: D("12000000"),
    15: D("15500000"),
    16: D("20000000"),
    17: D("26000000"),
}

# Permentan 68/2012's table, copied by many pemda: percent per day per code.
POTONGAN = {
    "TL1": D("0.50"),
    "TL2": D("1.00"),
    "TL3": D("1.50"),
    "TL4": D("2.00"),
    "PSW1": D("0.50"),
    "PSW2": D("1.00"),
    "PSW3": D("1.50"),
    "PSW4": D("2.00"),
    "TK": D("4.00"),
}

# (kode, nama, lowest score, percent paid in per-predikat mode): BKN's monthly bands.
PREDIKAT = [
    ("A", "Sangat Baik", D("91"), D("100")),
    ("B", "Baik", D("76"), D("90")),
    ("C", "Cukup", D("61"), D("75")),
    ("D", "Kurang", D("51"), D("60")),
    ("E", "Buruk", D("0"), D("50")),
]

PAJAK_GOLONGAN = {"I": D("0"), "II": D("0"), "III": D("5"), "IV": D("15")}


def create_default_aturan(apps=None):
    """Create the default rule version when there is none; an admin's versions are left alone.

    `apps` is a migration's historical app registry, or None for the current models.
    """
    if apps is None:
        from django.apps import apps
    AturanTPK = apps.get_model("tpk", "AturanTPK")
    if AturanTPK.objects.exists():
        return None
    aturan = AturanTPK.objects.create(nama=NAMA, berlaku_mulai=BERLAKU_MULAI, **ATURAN)
    apps.get_model("tpk", "TarifKelas").objects.bulk_create(
        apps.get_model("tpk", "TarifKelas")(aturan=aturan, kelas=kelas, tarif=tarif)
        for kelas, tarif in TARIF_KELAS.items()
    )
    apps.get_model("tpk", "PotonganKehadiran").objects.bulk_create(
        apps.get_model("tpk", "PotonganKehadiran")(aturan=aturan, kode=kode, persen=persen)
        for kode, persen in POTONGAN.items()
    )
    apps.get_model("tpk", "PredikatTPK").objects.bulk_create(
        apps.get_model("tpk", "PredikatTPK")(
            aturan=aturan, kode=kode, nama=nama, batas_bawah=batas, persen_bayar=bayar
        )
        for kode, nama, batas, bayar in PREDIKAT
    )
    apps.get_model("tpk", "TarifPajak").objects.bulk_create(
        apps.get_model("tpk", "TarifPajak")(aturan=aturan, kelompok=kelompok, persen=persen)
        for kelompok, persen in PAJAK_GOLONGAN.items()
    )
    return aturan


def aturan_bawaan() -> calculation.Aturan:
    """The default version as a calculation snapshot, without the database."""
    return calculation.Aturan(
        nama=NAMA,
        berlaku_mulai=BERLAKU_MULAI,
        bobot_produktivitas=ATURAN["bobot_produktivitas"],
        bobot_disiplin=ATURAN["bobot_disiplin"],
        bobot_perilaku=ATURAN["bobot_perilaku"],
        bobot_nilai_tim=ATURAN["bobot_nilai_tim"],
        mode_bayar=ATURAN["mode_bayar"],
        strategi_pajak=ATURAN["strategi_pajak"],
        tarif_pajak_tetap=ATURAN["tarif_pajak_tetap"],
        bpjs_aktif=ATURAN["bpjs_aktif"],
        tarif_bpjs=ATURAN["tarif_bpjs"],
        faktor_status={
            "PNS": ATURAN["faktor_pns"],
            "CPNS": ATURAN["faktor_cpns"],
            "PPPK": ATURAN["faktor_pppk"],
        },
        kode_kredit=frozenset(ATURAN["kode_kredit"].split(",")),
        potongan=dict(POTONGAN),
        predikat=tuple(calculation.Predikat(*row) for row in PREDIKAT),
        tarif_kelas=dict(TARIF_KELAS),
        pajak_golongan=dict(PAJAK_GOLONGAN),
    )


def contoh_domain(aturan: calculation.Aturan | None = None) -> calculation.MasukanTPK:
    """domain.md's worked example: PNS III/b, kelas 7, 22 of 22 days, A = 6.270 of T = 6.600,
    TL1 twice, TL2 once, PSW1 once. Net under the default rules: Rp 3.515.509."""
    aturan = aturan or aturan_bawaan()
    return calculation.MasukanTPK(
        aturan=aturan,
        jenis_asn="PNS",
        golongan="III/b",
        kelas=7,
        tarif_kelas=aturan.tarif_untuk(7),
        hari_kerja=22,
        hari_kerja_jadwal=22,
        target_menit=22 * 300,
        menit_disetujui=6270,
        menit_kredit=0,
        potongan=(
            calculation.PotonganHari(date(2026, 7, 1), ("TL1",)),
            calculation.PotonganHari(date(2026, 7, 8), ("TL1",)),
            calculation.PotonganHari(date(2026, 7, 15), ("TL2",)),
            calculation.PotonganHari(date(2026, 7, 22), ("PSW1",)),
        ),
    )
