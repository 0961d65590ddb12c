"""The finance PDF of a 1,000-staff OPD against a plain WeasyPrint table of the same columns.

Goal: the list (query, template, WeasyPrint, with its heading, repeated header, totals, words
and signatures) takes at most 1.2× the time WeasyPrint needs for a plain 1,000-row HTML table
of the same 14 columns and the same text, measured in the same run (alternating, median of
`--repeat` each), so that a busy machine slows both alike. Wall and CPU time are printed; the
ratio is taken on CPU time, the figure the other processes of a shared machine disturb least.
Runs in a throwaway PostgreSQL database on DATABASE_URL's server.

    python bench/ekspor_pdf.py [--rows 1000] [--repeat 3]
"""

import argparse
import logging
import statistics
import sys
import time
from decimal import Decimal as D
from html import escape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import throwaway_database  # noqa: E402

GOAL_RATIO = 1.2


def generate(n: int):
    """An OPD with `n` staff and their result rows (figures varied), set-based."""
    from datetime import UTC, date, datetime, timedelta

    from pegawai.models import Jabatan, Pegawai, Pemda, Periode, UnitKerja
    from tpk.calculation import compute_tpk
    from tpk.defaults import contoh_domain, create_default_aturan
    from tpk.models import AturanTPK, HasilTPK, PenutupanPeriode

    now = datetime(2026, 8, 6, 1, tzinfo=UTC)
    Pemda.objects.update_or_create(
        pk=1,
        defaults={"nama": "Pemerintah Kota Contoh", "jenis": "kota", "tempat": "Contoh"},
    )
    opd = UnitKerja.objects.create(
        kode="1.06", nama="Dinas Komunikasi dan Informatika", jenis="opd"
    )
    jab = Jabatan.objects.create(nama="Pengelola Data", unit=opd, jenis="pelaksana", kelas=7)
    create_default_aturan()
    aturan = AturanTPK.objects.get(berlaku_mulai=date(2000, 1, 1))
    periode = Periode.objects.create(tahun=2026, bulan=7, status="ditutup")
    run = PenutupanPeriode.objects.create(
        periode=periode, aturan=aturan, status="selesai", mulai_pada=now,
        diperbarui_pada=now, selesai_pada=now, total=n, diproses=n,
    )  # fmt: skip
    orang = Pegawai.objects.bulk_create(
        Pegawai(
            nip=f"{date(1980, 1, 1) + timedelta(days=i // 999):%Y%m%d}2015051{i % 999 + 1:03d}",
            nama=f"Pegawai Contoh Nomor {i:04d}" + (" Binti Teuku Abdurrahman" if i % 7 == 0 else ""),
            jenis_asn="PNS", golongan="III/b", jabatan=jab, unit=opd, aktif_mulai=date(2020, 1, 1),
        )
        for i in range(n)
    )  # fmt: skip
    figures = compute_tpk(contoh_domain(aturan.snapshot())).as_fields()
    rows = []
    for i, p in enumerate(orang):
        bruto = D(1_000_000 + 3_517 * i)
        pph21 = (bruto * D("0.05")).quantize(D(1))
        rows.append(
            HasilTPK(
                **{**figures, "bruto": bruto, "pph21": pph21, "netto": bruto - pph21},
                periode=periode, revisi=1, penutupan=run, pegawai=p, aturan=aturan,
                dihitung_pada=now, nip=p.nip, nama=p.nama, golongan=p.golongan,
                jenis_asn="PNS", jabatan=jab, kelas=7, unit=opd, unit_nama=opd.nama,
                opd=opd, opd_nama=opd.nama,
                jabatan_nama="Pengelola Data" if i % 4 else "Analis Kebijakan Ahli Muda pada Bidang Perencanaan",
            )
        )  # fmt: skip
    HasilTPK.objects.bulk_create(rows, batch_size=500)
    return periode, opd


def plain_html(daftar, baris) -> str:
    """The same columns and text as a bare table: no heading, no totals, default layout."""
    kolom = (
        "No", "Nama / NIP", "Gol", "Jabatan", "Kelas", "Dasar TPK (Rp)", "Produktivitas (%)",
        "Disiplin (%)", "Skor", "Predikat", "Bruto (Rp)", "PPh 21 (Rp)", "Netto (Rp)",
        "Tanda tangan",
    )  # fmt: skip
    head = "".join(f"<th>{k}</th>" for k in kolom)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td>{v}</td>"
            for v in (
                b.no, f"{escape(b.nama)}<br>{b.nip}", b.golongan, escape(b.jabatan), b.kelas,
                b.dasar, b.produktivitas, b.disiplin, b.skor, b.predikat, b.bruto, b.pph21,
                b.netto, f"{b.no}.",
            )
        )
        + "</tr>"
        for b in baris
    )  # fmt: skip
    return (
        "<!doctype html><html><head><meta charset='utf-8'><style>"
        "@page { size: 297mm 210mm; margin: 10mm; }"
        "body { font-family: 'Liberation Sans'; font-size: 7.5pt; }"
        "table { border-collapse: collapse; width: 100%; }"
        "th, td { border: 0.5pt solid #000; padding: 1.2pt 2pt; }"
        f"</style></head><body><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody>"
        "</table></body></html>"
    )


def measure(fn) -> tuple[float, float, bytes]:
    wall, cpu = time.perf_counter(), time.process_time()
    pdf = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, pdf


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    # WeasyPrint logs its steps at INFO, some of them while it is imported.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    with throwaway_database("bench_ekspor_pdf"):
        from weasyprint import HTML

        from tpk.ekspor.daftar import Penandatangan, load_daftar
        from tpk.ekspor.pdf import baris_daftar, render_daftar_pdf

        periode, opd = generate(args.rows)
        ttd = Penandatangan(
            kepala_jabatan="Kepala Dinas Komunikasi dan Informatika",
            kepala_nama="Dr. Teuku Abdullah, M.Si",
            kepala_nip="196801011994031001",
            bendahara_nama="Nurul Hidayati, S.E.",
            bendahara_nip="198609262015052001",
            tempat="Contoh",
        )

        def daftar_pdf() -> bytes:
            return render_daftar_pdf(load_daftar(periode, opd, penandatangan=ttd))

        daftar = load_daftar(periode, opd, penandatangan=ttd)
        html = plain_html(daftar, baris_daftar(daftar))

        def plain_pdf() -> bytes:
            return HTML(string=html).write_pdf()

        daftar_pdf()  # warm-up: fonts, templates, imports
        hasil = {"daftar": [], "polos": []}
        for _ in range(args.repeat):
            hasil["daftar"].append(measure(daftar_pdf))
            hasil["polos"].append(measure(plain_pdf))

    def med(name, i):
        return statistics.median(r[i] for r in hasil[name])

    print(f"{args.rows} baris, median dari {args.repeat} (dinding / CPU):")
    for name, label in (
        ("daftar", "daftar TPK (kueri + templat + PDF)"),
        ("polos", "tabel polos, kolom sama"),
    ):
        print(
            f"  {label:38s} {med(name, 0):6.1f} s / {med(name, 1):6.1f} s  ({len(hasil[name][-1][2]) // 1024} KiB)"
        )
    rasio = med("daftar", 1) / med("polos", 1)
    print(
        f"  rasio CPU {rasio:.2f}× (dinding {med('daftar', 0) / med('polos', 0):.2f}×), target ≤ {GOAL_RATIO}×"
    )
    return 0 if rasio <= GOAL_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
