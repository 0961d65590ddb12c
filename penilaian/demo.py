"""Demo data of the decisions on the work (a step of `python manage.py demo`), made through the
same services the supervisors, the review team, the staff and the scheduled jobs call: no
decision, history or notification row is written around them.

Last month:
- every demo login who supervises someone (Kepala Dinas, kepala bidang, Plt, kepala puskesmas)
  assesses the behaviour of each direct subordinate (each aspect 70–95);
- the demo staf logs two evenings of overtime: the kepala bidang (the seksi's kepala is vacant)
  approves one with fewer minutes and rejects the other; the staf objects to the rejection the
  same day and the Kepala Dinas, the kepala bidang's supervisor, turns the objection down;
- the review team (the demo penilai, scope: the OPD of the demo supervisors) has the OPD
  scanned, draws the sample of the staf's seksi, corrects one entry, confirms every other sampled
  and flagged one, scores the seksi's staff and signs its month off; in the neighbouring seksi
  the sample is drawn and three entries confirmed, the rest wait for the penilai.

This month: the OPD scanned; an evening entry of the staf on a recent day rejected and objected
to, the objection waiting for the Kepala Dinas; the admin reassigns the waiting entries of one of
the Plt's staff to the Kepala Dinas; the scheduled reminders of the day (the weekly one to every
supervisor with entries waiting).

Dates: each decision is dated when a person would have made it (`now=` explicit, as the services
check it): the overtime the same evening, the supervisor the next weekday morning, the objection a
few hours after the rejection (within `batas_keberatan_hari`), the team after the validation
deadline of last month (until then, days 1–5, the sample is not drawn and nothing is signed off).
The overtime lies after the day's last entry, so the activity demo keeps it on a rerun, on a day
with fewer than six imported entries. Only the staf's own evenings change status; the entries of
the activity demo keep theirs (the team's correction changes counted minutes only), so a rerun of
that step leaves them as they are.

The anomaly scan and the sample are PostgreSQL SQL: on SQLite (`make run`) they, the team's
decisions and the sign-off are left out, and the output says so.

Re-runnable: each part looks for what it made before (the staf's overtime by its description,
an assessment, the team by name, a sample, a sign-off, a scan made today, a reminder by its key)
and makes only what is missing, so a rerun on the same day writes nothing. Closed months are
left alone.
"""

import math
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from aktivitas.models import Aktivitas, Entri
from aktivitas.services import create_entry
from pegawai import demo as pegawai_demo
from pegawai.demo import DemoCast, step
from pegawai.hierarki import Hierarki
from pegawai.jadwal import Jadwal, rentang_bulan
from pegawai.models import Pegawai, Periode, UnitKerja
from pegawai.services import log_action
from pegawai.templatetags.ekinerja import tanggal as format_tanggal

from .anomali import scan_anomalies
from .models import (
    KeputusanTim,
    NilaiTim,
    Notifikasi,
    PemindaianAnomali,
    PengalihanEntri,
    PengambilanSampel,
    PengaturanPenilaian,
    PenilaianPerilaku,
    TandaTanganUnit,
    TimPenilai,
)
from .models.tim import entries_for_review, undecided
from .queries import awal_jendela, batas_validasi, terbuka
from .services import keberatan, notifikasi, pengingat, perilaku, persetujuan
from .services import tim as tim_services

SEED = pegawai_demo.SEED
TIM = "Tim Penilai Inspektorat Wilayah I"
NILAI_PERILAKU = (70, 95)
NILAI_TIM = (75, 95)
DIKONFIRMASI_BERJALAN = 3  # entries confirmed in the seksi whose review is under way
LEMBUR_MENIT = 90
CATATAN_PERILAKU = (
    "",
    "",
    "Disiplin dan tepat waktu.",
    "Responsif terhadap permintaan layanan.",
    "Perlu meningkatkan kerja sama dalam tim.",
    "Inisiatif baik dalam menyelesaikan pekerjaan.",
)


@dataclass(frozen=True)
class Lembur:
    """An evening of overtime the demo staf logs, and what becomes of it."""

    kode: str  # the activity, if the staf may use it (else their first that fits)
    uraian: str  # also how a rerun finds it
    alasan: str  # the supervisor's reason
    keberatan: str = ""
    putusan: str = ""  # the Kepala Dinas's reason for turning the objection down


DIKURANGI = Lembur(
    "PL-005",
    "Lembur: menginput data permohonan izin yang tertunda ke aplikasi perizinan",
    "Diakui 60 menit: sebagian data itu sudah diinput pada jam kerja hari yang sama.",
)
DITOLAK = Lembur(
    "PL-014",
    "Lembur: menyiapkan bahan paparan aplikasi untuk rapat pimpinan",
    "Pekerjaan di luar jam kerja tanpa surat perintah lembur.",
    keberatan=(
        "Bahan paparan diminta selesai untuk rapat pimpinan esok paginya, sehingga saya "
        "kerjakan setelah jam kerja."
    ),
    putusan=(
        "Pekerjaan di luar jam kerja dihitung bila ada surat perintah lembur; penolakan atasan "
        "sudah sesuai"  # the objector's message goes on with ". Menit yang dihitung …"
    ),
)
MENUNGGU = Lembur(
    "PL-016",
    "Lembur: memperbaiki data formulir daring yang gagal tersimpan",
    "Uraian kurang jelas: sebutkan formulir dan jumlah data yang diperbaiki.",
    keberatan=(
        "Yang saya perbaiki 35 data formulir izin usaha yang gagal tersimpan karena gangguan "
        "server; rinciannya ada di tiket layanan."
    ),
)
KOREKSI_TIM = "Menit hari itu melebihi waktu efektif; entri ini diakui sesuai volume yang wajar."
PENGALIHAN = "Plt Kepala Bidang sedang dinas luar; entri yang menunggu dialihkan ke Kepala Dinas."


@dataclass
class _Run:
    cast: DemoCast
    today: date
    tz: object
    bulan_lalu: tuple[int, int]
    bulan_ini: tuple[int, int]
    lalu_terbuka: bool
    ini_terbuka: bool
    postgres: bool
    done: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=self.tz)


@step
def build_penilaian(cast: DemoCast) -> None:
    """Behaviour, objections, the review team, reminders: see the module's docstring."""
    today = timezone.localdate(cast.now)
    first = today.replace(day=1)
    lalu = first - timedelta(days=1)
    closed = Periode.closed_months(lalu.replace(day=1), today)
    run = _Run(
        cast=cast,
        today=today,
        tz=timezone.get_current_timezone(),
        bulan_lalu=(lalu.year, lalu.month),
        bulan_ini=(today.year, today.month),
        lalu_terbuka=(lalu.year, lalu.month) not in closed,
        ini_terbuka=(today.year, today.month) not in closed,
        postgres=connection.vendor == "postgresql",
    )
    if run.lalu_terbuka:
        _perilaku(run)
    _lembur(run)
    _tim(run)
    if run.ini_terbuka:
        _pengalihan(run)
        for jenis in pengingat.KIRIM:
            run.done["pengingat"] += pengingat.send_reminders(jenis, now=cast.now)
    d = run.done
    cast.stdout.write(
        f"Penilaian {format_tanggal(lalu, 'bulan')}: {d['perilaku']} penilaian perilaku baru, "
        f"{d['keberatan']} keberatan, {d['keputusan_tim']} keputusan tim penilai, "
        f"{d['tanda_tangan']} unit ditandatangani; {d['pengingat']} pengingat."
        + "".join(f" {note}" for note in run.notes)
        + "\n"
    )


# Behaviour -------------------------------------------------------------------------------------


def _perilaku(run: _Run) -> None:
    """Each demo supervisor scores each direct subordinate's month, once."""
    tahun, bulan = run.bulan_lalu
    first, last = rentang_bulan(tahun, bulan)
    hier = Hierarki.on(run.today)
    supervisors = {p.pk: p for _label, p in run.cast.logins()}
    subordinates = {pk: hier.bawahan_of(pk) for pk in supervisors}
    done = set(
        PenilaianPerilaku.objects.filter(tahun=tahun, bulan=bulan).values_list(
            "pegawai_id", flat=True
        )
    )
    wanted = {s for subs in subordinates.values() for s in subs} - done
    if not wanted:
        return
    people = Pegawai.objects.in_bulk(wanted)
    set_aspek = perilaku.active_set()
    hari = min(run.today, last)
    for atasan_id in sorted(supervisors):
        atasan = supervisors[atasan_id]
        for pegawai in sorted(
            (people[pk] for pk in subordinates[atasan_id] if pk in people), key=lambda p: p.nip
        ):
            if pegawai.aktif_mulai > last or (pegawai.aktif_selesai or last) < first:
                continue
            rng = random.Random(f"{SEED}:perilaku:{pegawai.nip}:{tahun}-{bulan}")
            aspek = perilaku.aspects_for(set_aspek, pemimpin=perilaku.is_pemimpin(pegawai, hari))
            perilaku.assess_behaviour(
                pegawai,
                tahun=tahun,
                bulan=bulan,
                nilai={a.pk: rng.randint(*NILAI_PERILAKU) for a in aspek},
                catatan=rng.choice(CATATAN_PERILAKU),
                by=atasan.user,
                now=run.cast.now,
            )
            run.done["perilaku"] += 1


# The staf's overtime: a cut, a rejection objected to and decided, one waiting -------------------


def _next_weekday(day: date) -> date:
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _lembur(run: _Run) -> None:
    """The staf's three evenings: two last month, one recent; each made once."""
    staf = run.cast.staf
    lalu_first = rentang_bulan(*run.bulan_lalu)[0]
    made = set(
        Entri.objects.filter(
            pegawai=staf, sumber=Entri.Sumber.ISIAN, tanggal__range=(lalu_first, run.today)
        ).values_list("uraian", flat=True)
    )
    days = Jadwal.load([staf.pk], lalu_first, run.today).hari_kerja(staf.pk)
    past = sorted(d for d in days if d < run.today and _open(run, d))
    imported = Counter(
        Entri.objects.filter(
            pegawai=staf, sumber=Entri.Sumber.IMPOR, tanggal__range=(lalu_first, run.today)
        ).values_list("tanggal", flat=True)
    )
    hari_validasi = _batas_validasi_hari()
    used: set[date] = set()

    def pick(candidates: list[date]) -> date | None:
        """The first day whose story is over by now (the supervisor deciding the next weekday,
        within the validation deadline), with fewer than six imported entries (the activity
        demo's days keep 4–6)."""
        for d in candidates:
            if (
                d not in used
                and imported[d] < 6
                and run.at(_next_weekday(_next_weekday(d)), 12) <= run.cast.now
                and d >= awal_jendela(_next_weekday(d), hari=hari_validasi)
            ):
                used.add(d)
                return d
        return None

    lalu = [d for d in past if (d.year, d.month) == run.bulan_lalu]
    for lembur, story, start in ((DIKURANGI, _dikurangi, 4), (DITOLAK, _ditolak, 2)):
        if lembur.uraian not in made and (day := pick(lalu[len(lalu) // start :])):
            if (entri := _entri_lembur(run, day, lembur, days[day])) is not None:
                story(run, entri)
    # A recent day before the last three, which still wait for the supervisor (activity demo).
    if MENUNGGU.uraian not in made and (day := pick(past[-4::-1])):
        if (entri := _entri_lembur(run, day, MENUNGGU, days[day])) is not None:
            _menunggu(run, entri)


def _dikurangi(run: _Run, entri: Entri) -> None:
    """The kepala bidang approves the overtime the next morning, with fewer minutes."""
    cast = run.cast
    pada = run.at(_next_weekday(entri.tanggal), 8, 40)
    persetujuan.approve_entry(
        entri, menit=60, alasan=DIKURANGI.alasan, by=cast.atasan.user, now=pada
    )
    _dibaca(cast.staf.user, pada, pada + timedelta(hours=2))


def _ditolak(run: _Run, entri: Entri) -> None:
    """Rejected the next morning; the staf objects before noon; the Kepala Dinas turns the
    objection down the next weekday. Everyone has read what they were told."""
    cast = run.cast
    staf, kepala = cast.staf.user, cast.kepala.user
    ditolak = run.at(_next_weekday(entri.tanggal), 8, 50)
    persetujuan.reject_entry(entri, alasan=DITOLAK.alasan, by=cast.atasan.user, now=ditolak)
    diajukan = ditolak + timedelta(hours=3)
    objection = keberatan.submit_keberatan(entri, alasan=DITOLAK.keberatan, by=staf, now=diajukan)
    diputuskan = run.at(_next_weekday(diajukan.date()), 10)
    keberatan.decide_keberatan(
        objection, dikabulkan=False, alasan=DITOLAK.putusan, by=kepala, now=diputuskan
    )
    _dibaca(staf, ditolak, diajukan - timedelta(minutes=30))
    _dibaca(kepala, diajukan, diputuskan - timedelta(minutes=5))
    _dibaca(staf, diputuskan, diputuskan + timedelta(hours=1))
    run.done["keberatan"] += 1


def _menunggu(run: _Run, entri: Entri) -> None:
    """Rejected the next morning; the objection waits for the Kepala Dinas."""
    cast = run.cast
    ditolak = run.at(_next_weekday(entri.tanggal), 9, 15)
    persetujuan.reject_entry(entri, alasan=MENUNGGU.alasan, by=cast.atasan.user, now=ditolak)
    keberatan.submit_keberatan(
        entri,
        alasan=MENUNGGU.keberatan,
        by=cast.staf.user,
        now=ditolak + timedelta(hours=2, minutes=30),
    )
    run.done["keberatan"] += 1


def _open(run: _Run, day: date) -> bool:
    month = (day.year, day.month)
    return run.lalu_terbuka if month == run.bulan_lalu else run.ini_terbuka


def _batas_validasi_hari() -> int:
    return PengaturanPenilaian.current().batas_validasi_hari


def _entri_lembur(run: _Run, day: date, lembur: Lembur, hari) -> Entri | None:
    """The overtime, logged and submitted that evening after the day's last entry; None when
    the evening is taken or the staf has no activity that fits."""
    staf = run.cast.staf
    last = (
        Entri.objects.filter(pegawai=staf, tanggal=day)
        .order_by("-selesai")
        .values_list("selesai", flat=True)
        .first()
    )
    start = max(hari.selesai, last or hari.selesai)
    minutes = start.hour * 60 + start.minute + 30
    minutes += -minutes % 15
    end = minutes + LEMBUR_MENIT
    allowed = Aktivitas.objects.for_pegawai(staf, day)
    aktivitas = (
        allowed.filter(kode=lembur.kode).first()
        or allowed.filter(menit_standar__lte=LEMBUR_MENIT).order_by("kode").first()
    )
    if end + 10 >= 24 * 60 or aktivitas is None:
        return None
    return create_entry(
        staf,
        tanggal=day,
        mulai=time(minutes // 60, minutes % 60),
        selesai=time(end // 60, end % 60),
        aktivitas=aktivitas,
        volume=math.ceil(LEMBUR_MENIT / aktivitas.menit_standar),
        uraian=lembur.uraian,
        ajukan=True,
        by=staf.user,
        now=run.at(day, (end + 10) // 60, (end + 10) % 60),
    )


def _dibaca(user, dibuat_pada: datetime, pada: datetime) -> None:
    """The user read the notification they got at that moment (an older one is read by now)."""
    for item in Notifikasi.objects.filter(penerima=user, dibuat_pada=dibuat_pada):
        notifikasi.mark_read(item, by=user, now=pada)


# The review team --------------------------------------------------------------------------------


def _tim(run: _Run) -> None:
    cast = run.cast
    unit = UnitKerja.objects.select_related("induk").get(pk=cast.staf.unit_id)
    opd = unit
    while opd.induk_id is not None:
        opd = UnitKerja.objects.get(pk=opd.induk_id)
    tim = _team(run, opd)
    lalu = run.bulan_lalu
    if run.postgres:
        for tahun, bulan in (lalu, run.bulan_ini):
            if _open(run, date(tahun, bulan, 1)):
                scanned = PemindaianAnomali.objects.filter(tahun=tahun, bulan=bulan).first()
                if (
                    scanned is None
                    or scanned.pada is None
                    or (timezone.localdate(scanned.pada) != run.today)
                ):
                    scan_anomalies(tahun, bulan, units=list(tim.lingkup.all()), now=cast.now)
    else:
        run.notes.append(
            "Pindaian anomali dan sampel tim penilai memerlukan PostgreSQL: keduanya, keputusan "
            "tim atas entri dan tanda tangan unit dilewati."
        )
    if not run.lalu_terbuka:
        return
    # The staf's seksi is reviewed completely; its neighbour is under way.
    berjalan = (
        UnitKerja.objects.filter(induk_id=unit.induk_id, jenis=unit.jenis)
        .exclude(pk=unit.pk)
        .order_by("kode")
        .first()
    )
    _nilai_tim(run, unit)
    batas = batas_validasi(*lalu, hari=_batas_validasi_hari())
    if not run.postgres:
        return
    if run.today <= batas:
        run.notes.append(
            f"Sampel tim penilai {format_tanggal(date(*lalu, 1), 'bulan')} menunggu batas "
            f"validasi {format_tanggal(batas, 'pendek')}."
        )
        return
    by, now = cast.penilai.user, cast.now
    for u in filter(None, (unit, berjalan)):
        if not PengambilanSampel.objects.filter(unit=u, tahun=lalu[0], bulan=lalu[1]).exists():
            tim_services.draw_sample(u, tahun=lalu[0], bulan=lalu[1], by=by, now=now)
    if not TandaTanganUnit.objects.filter(unit=unit, tahun=lalu[0], bulan=lalu[1]).exists():
        todo = list(undecided(entries_for_review(unit.pk, *lalu)).order_by("tanggal", "mulai"))
        target = _koreksi_target(run, unit, todo)
        if target is not None:
            menit = max(15, (target.menit_dihitung * 2 // 3) // 5 * 5)
            tim_services.correct_entry(target, menit=menit, alasan=KOREKSI_TIM, by=by, now=now)
            run.done["keputusan_tim"] += 1
        for entri in todo:
            if entri != target:
                tim_services.confirm_entry(entri, by=by, now=now)
                run.done["keputusan_tim"] += 1
        tim_services.sign_off_unit(
            unit,
            tahun=lalu[0],
            bulan=lalu[1],
            by=by,
            catatan="Sampel dan entri bertanda sudah diperiksa; satu entri dikoreksi.",
            now=now,
        )
        run.done["tanda_tangan"] += 1
    if berjalan is not None and not _decided_by_team(berjalan, lalu).exists():
        sampled = undecided(entries_for_review(berjalan.pk, *lalu)).filter(sampel=True)
        for entri in sampled.order_by("tanggal", "mulai")[:DIKONFIRMASI_BERJALAN]:
            tim_services.confirm_entry(entri, by=by, now=now)
            run.done["keputusan_tim"] += 1


def _team(run: _Run, opd: UnitKerja) -> TimPenilai:
    """The demo team, as the admin keeps it in Data master (logged the same way)."""
    cast = run.cast
    tim, created = TimPenilai.objects.get_or_create(
        nama=TIM,
        defaults={"keterangan": f"Memeriksa pekerjaan pegawai {opd.nama}."},
    )
    changed = []
    if not tim.anggota.filter(pk=cast.penilai.user_id).exists():
        tim.anggota.add(cast.penilai.user_id)
        changed.append("anggota")
    if not tim.lingkup.filter(pk=opd.pk).exists():
        tim.lingkup.add(opd)
        changed.append("lingkup")
    if created or changed:
        log_action(
            f"admin.timpenilai_{'tambah' if created else 'ubah'}",
            by=cast.admin.user,
            obj=tim,
            now=cast.now,
            data={"kolom": ["keterangan", "nama", *changed] if created else changed, "nilai": TIM},
        )
    return tim


def _decided_by_team(unit: UnitKerja, bulan: tuple[int, int]):
    return KeputusanTim.objects.filter(
        entri__pegawai__in=Pegawai.objects.in_unit(unit),
        entri__tanggal__range=rentang_bulan(*bulan),
    )


def _koreksi_target(run: _Run, unit: UnitKerja, todo: list[Entri]) -> Entri | None:
    """A sampled entry of the activity demo (the staf's first, if any) to count fewer minutes,
    unless the team corrected one there already."""
    if _decided_by_team(unit, run.bulan_lalu).filter(jenis=KeputusanTim.Jenis.KOREKSI).exists():
        return None
    sampled = [
        e for e in todo if e.sampel and e.sumber == Entri.Sumber.IMPOR and e.menit_dihitung >= 30
    ]
    own = [e for e in sampled if e.pegawai_id == run.cast.staf.pk]
    return (own or sampled or [None])[0]


def _nilai_tim(run: _Run, unit: UnitKerja) -> None:
    """The team's score of the month of each staff member of the unit, once."""
    tahun, bulan = run.bulan_lalu
    first, last = rentang_bulan(tahun, bulan)
    if tim_services.signature_over(unit.pk, tahun, bulan) is not None:
        return
    staff = (
        Pegawai.objects.in_unit(unit)
        .filter(aktif_mulai__lte=last)
        .exclude(aktif_selesai__lt=first)
        .exclude(pk__in=NilaiTim.objects.filter(tahun=tahun, bulan=bulan).values("pegawai_id"))
        .order_by("nip")
    )
    for pegawai in staff:
        rng = random.Random(f"{SEED}:nilai_tim:{pegawai.nip}:{tahun}-{bulan}")
        nilai = Decimal(rng.randint(NILAI_TIM[0] * 2, NILAI_TIM[1] * 2)) / 2
        tim_services.set_nilai_tim(
            pegawai,
            tahun=tahun,
            bulan=bulan,
            nilai=nilai,
            by=run.cast.penilai.user,
            now=run.cast.now,
        )


# This month: the admin's reassignment ------------------------------------------------------------


def _pengalihan(run: _Run) -> None:
    """The waiting entries of one of the Plt's direct subordinates go to the Kepala Dinas, as
    long as another subordinate still waits for the Plt (her queue never empties)."""
    cast = run.cast
    subordinates = Hierarki.on(run.today).bawahan_of(cast.plt.pk)
    sejak = awal_jendela(run.today, hari=_batas_validasi_hari())
    waiting = terbuka(Entri.objects.filter(pegawai_id__in=subordinates), sejak=sejak)
    if PengalihanEntri.objects.filter(entri__in=waiting).exists():
        return
    people = list(Pegawai.objects.filter(pk__in=waiting.values("pegawai_id")).order_by("nip"))
    if len(people) < 2:
        return
    persetujuan.reassign_entries(
        people[-1], ke=cast.kepala, alasan=PENGALIHAN, by=cast.admin.user, now=cast.now
    )
