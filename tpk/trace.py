"""The calculation's trace in words, for a person reading a slip.

`tpk.calculation.compute_tpk` records each step of the month as a tuple: the line's key, then
its figures (ints; Decimals and exact fractions such as "6270/6600" as strings), and the close
stores them as they are in `HasilTPK.trace` (JSON turns the tuples into lists). Putting the
words and Indonesian numbers together is most of the cost of a trace, and most traces are never
read, so it happens here, when the slip page, the slip PDF or `manage.py contoh_tpk` shows one.
docs/TPK.md prints the worked example's lines and tests/tpk/test_docs.py keeps them equal.
"""

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext

from .angka import format_angka, format_persen, format_rupiah, pecahan


def format_trace(trace: Iterable[Sequence]) -> list[str]:
    """The lines of a trace, in the active language."""
    return [_BARIS[baris[0]](*baris[1:]) for baris in trace]


def _tanggal(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%d-%m-%Y")


def _aturan(nama, berlaku_mulai):
    return gettext("Aturan TPK: %(nama)s, berlaku mulai %(tanggal)s.") % {
        "nama": nama,
        "tanggal": _tanggal(berlaku_mulai),
    }


def _pegawai(jenis_asn, golongan, kelas):
    return gettext("Pegawai: %(jenis)s, golongan %(golongan)s, kelas jabatan %(kelas)s.") % {
        "jenis": jenis_asn,
        "golongan": golongan,
        "kelas": "–" if kelas is None else kelas,
    }


def _hari_kerja(hari_kerja, hari_kerja_jadwal):
    return gettext("Hari kerja: %(hk)d dari %(hkj)d hari kerja jadwal bulan ini.") % {
        "hk": hari_kerja,
        "hkj": hari_kerja_jadwal,
    }


def _menit(target, disetujui, kredit):
    return gettext("Target T = %(t)s menit; menit disetujui A = %(a)s; kredit L = %(l)s.") % {
        "t": format_angka(target),
        "a": format_angka(disetujui),
        "l": format_angka(kredit),
    }


def _produktivitas(disetujui, kredit, target, p):
    return gettext("Produktivitas P = min(%(a)s + %(l)s, %(t)s) / %(t)s = %(p)s") % {
        "a": format_angka(disetujui),
        "l": format_angka(kredit),
        "t": format_angka(target),
        "p": format_angka(Fraction(p)),
    }


def _potongan(tanggal, kode, persen):
    return gettext("Potongan %(tanggal)s: %(kode)s %(persen)s") % {
        "tanggal": _tanggal(tanggal),
        "kode": kode,
        "persen": format_persen(Decimal(persen)),
    }


def _jumlah_potongan(rincian, jumlah):
    return gettext("Jumlah potongan = %(rincian)s = %(jumlah)s") % {
        "rincian": " + ".join(format_persen(Decimal(p)) for p in rincian),
        "jumlah": format_persen(Decimal(jumlah)),
    }


def _disiplin(potongan, k):
    return gettext("Disiplin K = max(0, 100%% − %(potongan)s) = %(k)s") % {
        "potongan": format_persen(Decimal(potongan)),
        "k": format_angka(Fraction(k)),
    }


def _tanpa_target():
    return gettext("Target T = 0: tidak ada TPK bulan ini.")


def _perilaku(b):
    return gettext("Perilaku B = %(b)s") % {"b": format_angka(Fraction(b))}


def _nilai_tim(r):
    return gettext("Nilai tim penilai R = %(r)s") % {"r": format_angka(Fraction(r))}


def _skor(suku, s):
    """100 × the weighted sum; the exact sum is shown too where the rounding changed it."""
    kosong = {"perilaku": gettext("belum dinilai"), "nilai_tim": gettext("belum ada")}
    S_exact = Fraction(0)
    teks = []
    for nama, bobot, nilai in suku:
        bobot = Decimal(bobot)
        v = Fraction(nilai) if nilai is not None else 0
        S_exact += pecahan(bobot) * v
        t = f"{format_angka(bobot)} × {format_angka(v)}"
        teks.append(f"{t} ({kosong[nama]})" if nilai is None else t)
    S_exact *= 100
    S = Decimal(s)
    exact_text = format_angka(S_exact)
    hasil = format_angka(S, 2)
    if exact_text.startswith("≈") or pecahan(S) != S_exact:
        hasil = f"{exact_text} → {hasil}"
    return gettext("Skor S = 100 × (%(suku)s) = %(s)s") % {"suku": " + ".join(teks), "s": hasil}


def _predikat(kode, nama, batas):
    return gettext("Predikat %(kode)s (%(nama)s): S ≥ %(batas)s") % {
        "kode": kode,
        "nama": nama,
        "batas": format_angka(Decimal(batas)),
    }


def _bayar_linear(persen):
    return gettext("Persentase bayar = S = %(persen)s (mode linear)") % {
        "persen": format_persen(Decimal(persen), 2)
    }


def _bayar_predikat(persen, kode):
    return gettext("Persentase bayar = %(persen)s (predikat %(kode)s, mode per predikat)") % {
        "persen": format_persen(Decimal(persen)),
        "kode": kode,
    }


def _dasar(tarif_kelas, faktor, jenis_asn, prorata, dasar):
    rumus = f"{format_rupiah(Decimal(tarif_kelas))} × {format_angka(Decimal(faktor))} ({jenis_asn})"
    if prorata:
        rumus += " × {}/{}".format(*prorata)
    return gettext("Dasar = %(rumus)s = %(dasar)s") % {
        "rumus": rumus,
        "dasar": format_rupiah(Decimal(dasar)),
    }


def _bruto(dasar, persen, bruto):
    return gettext("Bruto = %(dasar)s × %(persen)s = %(bruto)s") % {
        "dasar": format_rupiah(Decimal(dasar)),
        "persen": format_persen(Decimal(persen), 2),
        "bruto": format_rupiah(Decimal(bruto)),
    }


def _pph21(*baris):
    if len(baris) == 1:  # worded by the strategy itself, as results before 2026-12 were
        return baris[0]
    tarif, bruto, pajak, dasar = baris
    jenis, *isi = dasar
    if jenis == "golongan":
        keterangan = gettext("tarif golongan %(kelompok)s") % {"kelompok": isi[0]}
    elif jenis == "pppk":
        keterangan = gettext("tarif golongan %(kelompok)s; PPPK golongan %(golongan)s setara") % {
            "kelompok": isi[0],
            "golongan": isi[1],
        }
    elif jenis == "tetap":
        keterangan = gettext("tarif tetap")
    else:  # ("teks", "…"): a strategy's own words (tpk/pajak.py)
        keterangan = isi[0]
    return gettext("PPh 21 = %(tarif)s × %(bruto)s = %(pajak)s (%(dasar)s)") % {
        "tarif": format_persen(Decimal(tarif)),
        "bruto": format_rupiah(Decimal(bruto)),
        "pajak": format_rupiah(Decimal(pajak)),
        "dasar": keterangan,
    }


def _bpjs(tarif, bruto, bpjs):
    return gettext("BPJS = %(tarif)s × %(bruto)s = %(bpjs)s") % {
        "tarif": format_persen(Decimal(tarif)),
        "bruto": format_rupiah(Decimal(bruto)),
        "bpjs": format_rupiah(Decimal(bpjs)),
    }


def _netto(bruto, kurang, netto):
    return gettext("Netto = %(bruto)s − %(kurang)s = %(netto)s") % {
        "bruto": format_rupiah(Decimal(bruto)),
        "kurang": " − ".join(format_rupiah(Decimal(k)) for k in kurang),
        "netto": format_rupiah(Decimal(netto)),
    }


_BARIS = {
    "aturan": _aturan,
    "pegawai": _pegawai,
    "hari_kerja": _hari_kerja,
    "menit": _menit,
    "produktivitas": _produktivitas,
    "potongan": _potongan,
    "jumlah_potongan": _jumlah_potongan,
    "disiplin": _disiplin,
    "tanpa_target": _tanpa_target,
    "perilaku": _perilaku,
    "nilai_tim": _nilai_tim,
    "skor": _skor,
    "predikat": _predikat,
    "bayar_linear": _bayar_linear,
    "bayar_predikat": _bayar_predikat,
    "dasar": _dasar,
    "bruto": _bruto,
    "pph21": _pph21,
    "bpjs": _bpjs,
    "netto": _netto,
}
