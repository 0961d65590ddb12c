"""Import 20,000 staff from a SIMPEG-like CSV, then resolve every supervisor.

Goals: the import in at most 30 s on 2 cores; supervisor resolution for everyone in a number of
queries that does not grow with the staff. Also timed: a re-import of the same file (writes
nothing) and a year's changes (everyone promoted, one in five moved), the update path. Runs in a
throwaway PostgreSQL database on DATABASE_URL's server (default
postgres://postgres@127.0.0.1:5432/postgres).

    python bench/import_pegawai.py [--staff 20000] [--keep-csv PATH]
"""

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import QueryCounter, throwaway_database  # noqa: E402

GOAL_SECONDS = 30

OPD = [
    "Dinas Pendidikan dan Kebudayaan",
    "Dinas Kesehatan",
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Dinas Sosial",
    "Dinas Perhubungan",
    "Dinas Komunikasi, Informatika dan Statistik",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Lingkungan Hidup dan Kebersihan",
    "Badan Perencanaan Pembangunan Daerah",
    "Badan Pengelolaan Keuangan Daerah",
    "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    "Inspektorat",
]
SUBBAGIAN = ["Subbagian Umum dan Kepegawaian", "Subbagian Program dan Keuangan"]
BIDANG = {
    "Bidang Perencanaan dan Pengendalian": ["Seksi Perencanaan", "Seksi Evaluasi", "Seksi Data"],
    "Bidang Pelayanan": ["Seksi Pelayanan Umum", "Seksi Pengaduan", "Seksi Standar Layanan"],
    "Bidang Pembinaan": ["Seksi Pembinaan Teknis", "Seksi Pengawasan", "Seksi Kemitraan"],
}
# (position, jenis, kelas) held by the staff of every seksi and subbagian
STAF = [
    ("Pengadministrasi Umum", "pelaksana", 5),
    ("Pengelola Data", "pelaksana", 6),
    ("Bendahara Pengeluaran Pembantu", "pelaksana", 7),
    ("Analis Kebijakan Ahli Pertama", "fungsional", 8),
    ("Pranata Komputer Ahli Pertama", "fungsional", 8),
]
NAMA_DEPAN = ["Muhammad", "Teuku", "Cut", "Nurul", "Rahmah", "Zulfikar", "Fadhil", "Siti",
              "Ahmad", "Putri", "Rizki", "Dewi", "Iskandar", "Meutia", "Hendra", "Yusra"]  # fmt: skip
NAMA_BELAKANG = ["Hidayati", "Saputra", "Yuliana", "Fauzan", "Rahman", "Amalia", "Syahputra",
                 "Maulida", "Ridwan", "Safitri", "Kurniawan", "Fitriani"]  # fmt: skip
GOLONGAN_PNS = ["II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d", "IV/a"]
GOLONGAN_PPPK = ["V", "VI", "VII", "VIII", "IX", "X", "XI"]
HEADER = [
    "NO", "NIP", "NAMA", "GELAR DEPAN", "GELAR BELAKANG", "GOL", "JENIS ASN", "JABATAN",
    "JENIS JABATAN", "ESELON", "KELAS", "ATASAN JABATAN", "UNIT KERJA", "KODE UNIT",
    "UNIT INDUK", "KODE UNIT INDUK", "PIN ABSEN", "TMT", "NPWP", "BANK", "NO REKENING",
]  # fmt: skip


def positions() -> list[dict]:
    """Every position of the generated pemda, top down, with its unit and supervising position."""
    out = []

    def add(nama, jenis, eselon, kelas, atasan, unit, kode, induk="", kode_induk=""):
        out.append(
            {
                "JABATAN": nama,
                "JENIS JABATAN": jenis,
                "ESELON": eselon,
                "KELAS": str(kelas),
                "ATASAN JABATAN": atasan,
                "UNIT KERJA": unit,
                "KODE UNIT": kode,
                "UNIT INDUK": induk,
                "KODE UNIT INDUK": kode_induk,
            }  # fmt: skip
        )

    for i, opd in enumerate(OPD, start=1):
        kode = f"1.{i:02d}"
        kepala = "Kepala " + opd.split(" dan ")[0] if opd != "Inspektorat" else "Inspektur"
        add(kepala, "struktural", "II.b", 14, "", opd, kode)
        leaves = []
        sek_kode = f"{kode}.01"
        add("Sekretaris", "struktural", "III.a", 12, kepala, "Sekretariat", sek_kode, opd, kode)
        for j, sub in enumerate(SUBBAGIAN, start=1):
            head = "Kepala " + sub
            add(head, "struktural", "IV.a", 9, "Sekretaris", sub, f"{sek_kode}.{j:02d}",
                "Sekretariat", sek_kode)  # fmt: skip
            leaves.append((sub, f"{sek_kode}.{j:02d}", head))
        for b, (bidang, seksi_list) in enumerate(BIDANG.items(), start=2):
            bid_kode = f"{kode}.{b:02d}"
            head = "Kepala " + bidang
            add(head, "struktural", "III.b", 11, kepala, bidang, bid_kode, opd, kode)
            for s, seksi in enumerate(seksi_list, start=1):
                seksi_head = "Kepala " + seksi
                add(seksi_head, "struktural", "IV.a", 9, head, seksi, f"{bid_kode}.{s:02d}",
                    bidang, bid_kode)  # fmt: skip
                leaves.append((seksi, f"{bid_kode}.{s:02d}", seksi_head))
        for unit, unit_kode, head in leaves:
            induk = next(p for p in out if p["KODE UNIT"] == unit_kode)
            for nama, jenis, kelas in STAF:
                add(nama, jenis, "", kelas, head, unit, unit_kode,
                    induk["UNIT INDUK"], induk["KODE UNIT INDUK"])  # fmt: skip
    return out


def nips(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """Distinct valid NIPs with their jenis ASN (one in ten a PPPK number)."""
    seen: set[str] = set()
    out = []
    while len(out) < count:
        lahir = date(1965, 1, 1) + timedelta(days=rng.randrange(365 * 35))
        pppk = rng.random() < 0.1
        tahun = min(lahir.year + rng.randint(20, 30), 2024)
        bulan = "21" if pppk else f"{rng.randint(1, 12):02d}"
        number = f"{lahir:%Y%m%d}{tahun}{bulan}{rng.choice('12')}{rng.randint(1, 999):03d}"
        if number not in seen:
            seen.add(number)
            out.append((number, "PPPK" if pppk else rng.choice(["PNS"] * 9 + ["CPNS"])))
    return out


def write_csv(path: Path, staff: int, seed: int = 2012) -> None:
    rng = random.Random(seed)
    jabatan = positions()
    structural = [p for p in jabatan if p["JENIS JABATAN"] == "struktural"]
    staff_positions = [p for p in jabatan if p["JENIS JABATAN"] != "struktural"]
    holders = structural + [staff_positions[i % len(staff_positions)] for i in range(staff)]
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, delimiter=";")
        out.writerow(["DAFTAR PEGAWAI - EKSPOR SIMPEG"] + [""] * (len(HEADER) - 1))
        out.writerow(HEADER)
        for n, ((nip, jenis_asn), position) in enumerate(
            zip(nips(staff, rng), holders[:staff], strict=True), start=1
        ):
            pppk = jenis_asn == "PPPK"
            golongan = rng.choice(GOLONGAN_PPPK if pppk else GOLONGAN_PNS)
            row = {
                "NO": str(n),
                "NIP": nip,
                "NAMA": f"{rng.choice(NAMA_DEPAN)} {rng.choice(NAMA_BELAKANG)}",
                "GELAR DEPAN": rng.choice(["", "", "", "Dr.", "Ir."]),
                "GELAR BELAKANG": rng.choice(["", "S.E.", "S.Kom", "S.Pd", "M.Si", "A.Md"]),
                "GOL": golongan,
                "JENIS ASN": jenis_asn,
                "PIN ABSEN": str(1000 + n),
                "TMT": f"{date(2015, 1, 1) + timedelta(days=rng.randrange(3000)):%d-%m-%Y}",
                "NPWP": f"{rng.randrange(10**14, 10**15)}",
                "BANK": "Bank Aceh Syariah",
                "NO REKENING": f"{rng.randrange(10**12, 10**13)}",
            } | position
            out.writerow([row.get(column, "") for column in HEADER])


def write_changes(source: Path, target: Path, *, tmt: date) -> None:
    """The same staff a year on: everyone one golongan up, one in five moved to another position
    in their unit, as after a promotion round and a reshuffle."""
    naik = dict(zip(GOLONGAN_PNS, GOLONGAN_PNS[1:] + ["IV/b"], strict=True))
    staf = [nama for nama, _jenis, _kelas in STAF]
    with source.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    col = {name: HEADER.index(name) for name in ("GOL", "JABATAN", "JENIS JABATAN", "KELAS", "TMT")}
    for n, row in enumerate(rows[2:]):
        row[col["GOL"]] = naik.get(row[col["GOL"]], row[col["GOL"]])
        if n % 5 == 0 and row[col["JABATAN"]] in staf:
            nama, jenis, kelas = STAF[(staf.index(row[col["JABATAN"]]) + 1) % len(STAF)]
            row[col["JABATAN"]], row[col["JENIS JABATAN"]], row[col["KELAS"]] = (
                nama,
                jenis,
                str(kelas),
            )
            row[col["TMT"]] = f"{tmt:%d-%m-%Y}"
    with target.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--staff", type=int, default=20_000)
    parser.add_argument("--keep-csv", type=Path, help="also write the generated CSV here")
    args = parser.parse_args()
    if args.staff < 1000:
        parser.error("--staff: paling sedikit 1000, agar setiap jabatan struktural terisi")

    with tempfile.TemporaryDirectory() as tmp, throwaway_database("ekinerja_bench_import"):
        from pegawai.hierarki import Hierarki
        from pegawai.importer import import_pegawai
        from pegawai.models import Pegawai

        path = Path(tmp) / "simpeg-bench.csv"
        write_csv(path, args.staff)
        if args.keep_csv:
            args.keep_csv.write_bytes(path.read_bytes())
        size = path.stat().st_size / 1e6
        print(f"Berkas: {args.staff} pegawai, {size:.1f} MB; {os.cpu_count()} core")

        def run_import(label: str, source: Path):
            counter = QueryCounter()
            start = time.perf_counter()
            with counter.counting(), source.open("rb") as fh:
                result = import_pegawai(fh, filename=source.name, by=None)
            seconds = time.perf_counter() - start
            print(
                f"{label:16}: {seconds:.2f} s, {counter.count} query; baru {result.created}, "
                f"diperbarui {result.updated}, tetap {result.unchanged}, unit baru "
                f"{result.units_created}, jabatan baru {result.jabatan_created}"
            )
            return seconds, result

        first, result = run_import("Impor pertama", path)
        assert result.created == args.staff, result
        _seconds, result = run_import("Impor ulang", path)
        assert (result.created, result.updated) == (0, 0), result
        changes = Path(tmp) / "simpeg-setahun-kemudian.csv"
        write_changes(path, changes, tmt=date.today())
        _seconds, result = run_import("Impor perubahan", changes)
        assert result.created == 0 and result.updated > args.staff * 0.9, result

        counter = QueryCounter()
        start = time.perf_counter()
        with counter.counting():
            atasan = Hierarki.on(date.today()).atasan_map()
        seconds = time.perf_counter() - start
        resolved = sum(1 for a in atasan.values() if a is not None)
        print(
            f"{'Atasan':16}: {len(atasan)} pegawai, {resolved} punya atasan, {seconds:.2f} s, "
            f"{counter.count} query"
        )
        assert len(atasan) == Pegawai.objects.count() == args.staff
        assert resolved == args.staff - len(OPD)  # only the heads of the OPDs have none
        verdict = "TERCAPAI" if first <= GOAL_SECONDS else "TIDAK TERCAPAI"
        print(f"Target impor <= {GOAL_SECONDS} s: {verdict} ({first:.2f} s)")


if __name__ == "__main__":
    main()
