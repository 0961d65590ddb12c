"""Working days and target minutes of one month for 20,000 staff with mixed schedules.

Goal: at most 2 s for everyone, in a number of queries that does not grow with the staff.
The staff: office week by default (no assignment), a 6-day school week, teachers (some with
their own teaching hours), health workers on shifts with a month's roster; some join on the
15th, some leave, some change schedule mid-month. The month is March 2026: holidays and cuti
bersama prefilled from the `holidays` package, Ramadan (with its own hours) ending on the 20th,
and a school break on the school calendar. Runs in a throwaway PostgreSQL database on
DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/postgres).

    python bench/jadwal_bulanan.py [--staff 20000]
"""

import argparse
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import QueryCounter, throwaway_database, timed  # noqa: E402

GOAL_SECONDS = 2.0
TAHUN, BULAN = 2026, 3
BATCH = 5000


def generate(n: int) -> None:
    """Staff, assignments, rosters, holidays and Ramadan hours, written set-based."""
    from django.utils import timezone

    from pegawai.models import (
        HariJadwal,
        HariLibur,
        JadwalPegawai,
        JenisShift,
        Kalender,
        Pegawai,
        ProfilJadwal,
        Ramadan,
        Roster,
        UnitKerja,
    )
    from pegawai.services_kalender import install_jadwal_bawaan, prefill_hari_libur

    rng = random.Random(2026)
    install_jadwal_bawaan()
    prefill_hari_libur(TAHUN, by=None)
    profil = {p.kode: p for p in ProfilJadwal.objects.all()}
    ramadan = Ramadan.objects.create(
        tahun=TAHUN, mulai=date(2026, 2, 19), selesai=date(2026, 3, 20)
    )
    rows = []
    for kode in ("kantor-5-hari", "sekolah-6-hari", "guru"):
        for hari in profil[kode].hari.all():
            rows.append(
                HariJadwal(
                    profil=profil[kode],
                    ramadan=ramadan,
                    hari=hari.hari,
                    jam_mulai=hari.jam_mulai,
                    jam_selesai=(
                        datetime.combine(date.min, hari.jam_selesai) - timedelta(hours=1)
                    ).time(),
                    target_menit=hari.target_menit - 60,
                )
            )
    HariJadwal.objects.bulk_create(rows)
    pendidikan = Kalender.objects.get(nama="Kalender Pendidikan")
    HariLibur.objects.bulk_create(
        HariLibur(
            tanggal=date(2026, 3, d),
            nama="Libur awal Ramadan",
            jenis="kalender",
            kalender=pendidikan,
        )
        for d in (2, 3, 4)
    )

    units = UnitKerja.objects.bulk_create(
        UnitKerja(kode=f"B.{i:03d}", nama=f"Unit Bench {i}", jenis="opd") for i in range(50)
    )
    start = date(2020, 1, 1)
    staff = []
    for i in range(n):
        r = rng.random()
        aktif_mulai = date(2026, 3, 15) if r < 0.05 else start
        aktif_selesai = date(2026, 3, rng.randint(5, 25)) if 0.05 <= r < 0.07 else None
        staff.append(
            Pegawai(
                nip=str(199000000000000000 + i),
                nama=f"Pegawai Bench {i}",
                jenis_asn="PNS",
                golongan="III/a",
                unit=units[i % len(units)],
                aktif_mulai=aktif_mulai,
                aktif_selesai=aktif_selesai,
            )
        )
    Pegawai.objects.bulk_create(staff, batch_size=BATCH)
    ids = list(Pegawai.objects.order_by("pk").values_list("pk", flat=True))

    shifts = list(JenisShift.objects.filter(kode__in=["P", "S", "M"]))
    jadwal, roster = [], []
    now = timezone.now()
    kind = {}
    for pk in ids:
        r = rng.random()
        if r < 0.55:
            kind[pk] = "kantor"  # the default profile, no assignment
            continue
        if r < 0.70:
            kind[pk] = "sekolah-6-hari"
        elif r < 0.85:
            kind[pk] = "guru"
        else:
            kind[pk] = "shift-nakes"
        override = kind[pk] == "guru" and rng.random() < 0.3
        jadwal.append(
            JadwalPegawai(
                pegawai_id=pk,
                profil=profil[kind[pk]],
                mulai=date(2025, 7, 1),
                jam_mengajar_per_minggu=rng.choice([18, 20, 24]) if override else None,
            )
        )
    # One in twenty moves from the office week to another schedule on the 16th.
    movers = rng.sample([pk for pk in ids if kind[pk] == "kantor"], len(ids) // 20)
    for pk in movers:
        jadwal.append(
            JadwalPegawai(
                pegawai_id=pk, profil=profil[rng.choice(list(profil))], mulai=date(2026, 3, 16)
            )
        )
        kind[pk] = "pindah"
    JadwalPegawai.objects.bulk_create(jadwal, batch_size=BATCH)
    first, days = date(TAHUN, BULAN, 1), 31
    for pk in ids:
        if kind[pk] != "shift-nakes":
            continue
        offset = rng.randrange(7)
        for d in range(days):
            slot = (d + offset) % 7
            if slot < 5:  # five shifts, two days off a week
                roster.append(
                    Roster(
                        pegawai_id=pk,
                        tanggal=first + timedelta(days=d),
                        shift=shifts[slot % 3],
                        diubah_pada=now,
                    )
                )
    Roster.objects.bulk_create(roster, batch_size=BATCH)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    counts = {k: sum(1 for v in kind.values() if v == k) for k in set(kind.values())}
    print(
        f"Data: {n:,} pegawai ({', '.join(f'{k} {v:,}' for k, v in sorted(counts.items()))}); "
        f"{len(jadwal):,} jadwal, {len(roster):,} baris roster."
    )


def measure(label: str, pegawai, *, repeat: int) -> tuple[float, int, dict]:
    from pegawai import jadwal

    counter = QueryCounter()
    with counter.counting():
        result = jadwal.ringkasan_bulan(pegawai, TAHUN, BULAN)
    seconds = timed(lambda: jadwal.ringkasan_bulan(pegawai, TAHUN, BULAN), repeat=repeat, warmup=1)
    print(f"  {label:<38} {seconds:6.3f} s  {counter.count:2d} query  ({len(result):,} orang)")
    return seconds, counter.count, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=20000)
    args = parser.parse_args()
    with throwaway_database("ekinerja_bench_jadwal"):
        from pegawai import jadwal
        from pegawai.models import Pegawai

        started = time.perf_counter()
        generate(args.staff)
        print(f"Pembuatan data: {time.perf_counter() - started:.1f} s")
        ids = list(Pegawai.objects.order_by("pk").values_list("pk", flat=True))
        small = max(1, args.staff // 10)
        print(f"Ringkasan bulan {BULAN:02d}-{TAHUN} (median dari 5, setelah 1 pemanasan):")
        _s, q_small, _r = measure(f"{small:,} pegawai (daftar id)", ids[:small], repeat=5)
        s_ids, q_ids, by_ids = measure(f"{len(ids):,} pegawai (daftar id)", ids, repeat=5)
        s_qs, q_qs, by_qs = measure(
            f"{len(ids):,} pegawai (queryset)", Pegawai.objects.all(), repeat=5
        )
        assert by_ids == by_qs, "a list of ids and a queryset must give the same answer"
        started = time.perf_counter()
        per_day = jadwal.hari_kerja(ids, date(TAHUN, BULAN, 1), date(TAHUN, BULAN, 31))
        detail = time.perf_counter() - started
        total_days = sum(len(days) for days in per_day.values())
        print(
            f"  rincian per hari (hari_kerja), {len(ids):,} pegawai: {detail:.3f} s, "
            f"{total_days:,} hari kerja"
        )
        targets = sorted(r.target_menit for r in by_ids.values())
        print(
            f"  target per orang: min {targets[0]}, median {targets[len(targets) // 2]}, "
            f"maks {targets[-1]} menit"
        )
        constant = q_small == q_ids == q_qs
        met = max(s_ids, s_qs) <= GOAL_SECONDS
        print(
            f"Jumlah query tetap ({q_small} untuk {small:,}, {q_ids} untuk {len(ids):,}): "
            f"{'ya' if constant else 'TIDAK'}"
        )
        print(
            f"Target ≤ {GOAL_SECONDS:g} s untuk {len(ids):,} pegawai: "
            f"{'tercapai' if met else 'TIDAK tercapai'} ({max(s_ids, s_qs):.3f} s)"
        )
        return 0 if constant and met else 1


if __name__ == "__main__":
    sys.exit(main())
