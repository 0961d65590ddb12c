"""Scheduled reminders, set-based: a fixed number of queries whatever the number of staff, and
each reminder sent once (Notifikasi.kunci), however often the job runs.

- harian: staff with nothing logged on their previous working day (once per such day);
- mingguan: supervisors with undecided entries (once per ISO week);
- batas: the validation deadline approaching, to supervisors with undecided entries of the
  previous month (once per month, from HARI_SEBELUM_BATAS days before the deadline).

Entries of staff without a supervisor are the review team's (domain.md): its members get
their count. Every job runs from Celery beat and from `manage.py kirim_pengingat`.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aktivitas.models import Entri, PengaturanAktivitas
from pegawai import roles
from pegawai.hierarki import Hierarki
from pegawai.jadwal import Jadwal, rentang_bulan
from pegawai.models import Pegawai, Periode
from pegawai.templatetags.ekinerja import tanggal as format_tanggal

from ..models import Notifikasi, PengaturanPenilaian
from ..queries import awal_jendela, batas_validasi, terbuka
from .notifikasi import notify_many

# The deadline reminder goes out from this many days before the deadline (and on it).
HARI_SEBELUM_BATAS = 2
# How far back to look for someone's previous working day: past a two-week Lebaran break.
HARI_KE_BELAKANG = 14


@dataclass
class Tunggakan:
    """Undecided entries waiting for one user."""

    jumlah: int = 0
    terlama: date | None = None
    pegawai: set[int] = field(default_factory=set)
    tim: bool = False  # only as a member of the review team (the team's queue)

    def add(self, pegawai_id: int, jumlah: int, terlama: date) -> None:
        self.jumlah += jumlah
        self.pegawai.add(pegawai_id)
        self.terlama = terlama if self.terlama is None else min(self.terlama, terlama)


def tunggakan_per_penerima(entri, *, today: date) -> dict:
    """Who must decide the entries among `entri` still open for a decision (submitted, within
    the validation deadline, month not closed), as the approval queues have it: {user:
    Tunggakan}. The admin's reassignment (PengalihanEntri) if any, else the owner's supervisor
    today; the review team's members for staff without one. Five queries at most."""
    sejak = awal_jendela(today, hari=PengaturanPenilaian.current().batas_validasi_hari)
    rows = list(
        terbuka(entri, sejak=sejak)
        .values_list("pegawai_id", "pengalihan__ke_id")
        .annotate(jumlah=Count("id"), terlama=Min("tanggal"))
        .order_by()
    )
    if not rows:
        return {}
    atasan = Hierarki.on(today).atasan_map({owner for owner, ke, *_rest in rows if ke is None})
    pemutus = {
        (owner, ke): ke if ke is not None else atasan.get(owner) for owner, ke, *_rest in rows
    }
    users = {
        p.pk: p.user
        for p in Pegawai.objects.filter(
            pk__in={p for p in pemutus.values() if p is not None},
            user__isnull=False,
            user__is_active=True,
        ).select_related("user")
    }
    team = None
    result: dict = {}
    for owner, ke, jumlah, terlama in rows:
        if pemutus[owner, ke] is not None:
            # A supervisor without a login is reminded of nothing: only a reassignment by the
            # admin moves their subordinates' entries (the review team cannot decide them).
            user = users.get(pemutus[owner, ke])
            if user is not None:
                result.setdefault(user, Tunggakan()).add(owner, jumlah, terlama)
            continue
        if team is None:
            team = list(
                get_user_model()
                .objects.filter(groups__name=roles.TIM_PENILAI, is_active=True)
                .select_related("pegawai")
            )
        for member in team:
            if getattr(member, "pegawai", None) is None or member.pegawai.pk != owner:
                if member not in result:
                    result[member] = Tunggakan(tim=True)
                result[member].add(owner, jumlah, terlama)
    return result


def _url(tunggakan: Tunggakan) -> str:
    return reverse("penilaian:antrian_tim" if tunggakan.tim else "penilaian:antrian")


@transaction.atomic
def remind_atasan(*, now: datetime | None = None) -> int:
    """Weekly: tell each supervisor how many entries wait for their decision. How many sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    per_user = tunggakan_per_penerima(Entri.objects.all(), today=today)
    tahun, minggu, _hari = today.isocalendar()
    items = []
    for user, t in per_user.items():
        judul = ngettext(
            "%(n)d entri menunggu keputusan Anda",
            "%(n)d entri menunggu keputusan Anda",
            t.jumlah,
        ) % {"n": t.jumlah}
        pesan = _(
            "%(n)d entri dari %(p)d pegawai belum Anda setujui atau tolak; yang terlama "
            "bertanggal %(tgl)s."
        ) % {"n": t.jumlah, "p": len(t.pegawai), "tgl": format_tanggal(t.terlama)}
        items.append((user, judul, pesan, _url(t)))
    return len(
        notify_many(
            items,
            jenis=Notifikasi.Jenis.PENGINGAT_ATASAN,
            now=now,
            kunci=f"pengingat_atasan:{tahun}-W{minggu:02d}",
        )
    )


@transaction.atomic
def remind_batas_validasi(*, now: datetime | None = None) -> int:
    """From two days before the validation deadline: tell supervisors how many entries of last
    month they have not decided, once a month. How many sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    pengaturan = PengaturanPenilaian.current()
    last_month = today.replace(day=1) - timedelta(days=1)
    batas = batas_validasi(last_month.year, last_month.month, hari=pengaturan.batas_validasi_hari)
    if not batas - timedelta(days=HARI_SEBELUM_BATAS) <= today <= batas:
        return 0
    first, last = rentang_bulan(last_month.year, last_month.month)
    per_user = tunggakan_per_penerima(
        Entri.objects.filter(tanggal__range=(first, last)), today=today
    )
    if pengaturan.kebijakan_lewat_batas == PengaturanPenilaian.Kebijakan.DISETUJUI_OTOMATIS:
        akibat = _("yang belum diputuskan saat itu disetujui otomatis")
    else:
        akibat = _("yang belum diputuskan saat itu tidak dihitung")
    bulan = format_tanggal(first, "bulan")
    items = []
    for user, t in per_user.items():
        judul = _("Batas validasi %(bulan)s: %(batas)s") % {
            "bulan": bulan,
            "batas": format_tanggal(batas, "pendek"),
        }
        pesan = _(
            "%(n)d entri %(bulan)s dari %(p)d pegawai belum Anda putuskan. Batasnya %(batas)s; "
            "%(akibat)s."
        ) % {
            "n": t.jumlah,
            "bulan": bulan,
            "p": len(t.pegawai),
            "batas": format_tanggal(batas),
            "akibat": akibat,
        }
        items.append((user, judul, pesan, _url(t)))
    return len(
        notify_many(
            items,
            jenis=Notifikasi.Jenis.BATAS_VALIDASI,
            now=now,
            kunci=f"batas_validasi:{first:%Y-%m}",
        )
    )


@transaction.atomic
def remind_pegawai(*, now: datetime | None = None) -> int:
    """Daily: tell staff who logged nothing on their previous working day, once per such day.
    Eight queries for the whole pemda (schedules for every active staff member at once, one
    existence check of entries). How many sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if PengaturanAktivitas.current().batas_hari_kerja_mundur == 0:
        return 0  # only today may be logged: a reminder about yesterday would be useless
    kemarin = today - timedelta(days=1)
    staff = Pegawai.objects.active_on(kemarin).filter(user__isnull=False, user__is_active=True)
    jadwal = Jadwal.load(staff, today - timedelta(days=HARI_KE_BELAKANG), kemarin)
    sebelumnya: dict[int, date] = {}
    for pegawai_id in jadwal.pegawai_ids:
        days = jadwal.hari_kerja(pegawai_id)
        if days:
            sebelumnya[pegawai_id] = max(days)
    if not sebelumnya:
        return 0
    tanggal = set(sebelumnya.values())
    logged = set(
        Entri.objects.filter(pegawai__in=staff, tanggal__in=tanggal)
        .values_list("pegawai_id", "tanggal")
        .distinct()
    )
    closed = Periode.closed_months(min(tanggal), max(tanggal))
    missing: dict[date, set[int]] = defaultdict(set)
    for pegawai_id, day in sebelumnya.items():
        if (pegawai_id, day) not in logged and (day.year, day.month) not in closed:
            missing[day].add(pegawai_id)
    if not missing:
        return 0
    wanted = set().union(*missing.values())
    users = {p.pk: p.user for p in staff.select_related("user") if p.pk in wanted}
    sent = 0
    for day, ids in sorted(missing.items()):
        judul = _("Belum ada aktivitas tercatat pada %(tgl)s") % {"tgl": format_tanggal(day)}
        pesan = _(
            "Anda belum mencatat aktivitas pada %(tgl)s, hari kerja Anda. Catat sekarang "
            "selagi masih dalam batas pengisian mundur."
        ) % {"tgl": format_tanggal(day)}
        url = reverse("aktivitas:hari", args=[day])
        items = [(users[pk], judul, pesan, url) for pk in sorted(ids) if pk in users]
        sent += len(
            notify_many(
                items,
                jenis=Notifikasi.Jenis.PENGINGAT_PEGAWAI,
                now=now,
                kunci=f"pengingat_pegawai:{day.isoformat()}",
            )
        )
    return sent


KIRIM = {
    "harian": remind_pegawai,
    "mingguan": remind_atasan,
    "batas": remind_batas_validasi,
}


def send_reminders(jenis: str, *, now: datetime | None = None) -> int:
    """Run one kind of reminder (harian, mingguan, batas); how many notifications it wrote."""
    try:
        remind = KIRIM[jenis]
    except KeyError:
        raise ValueError(f"unknown reminder {jenis!r}; one of {', '.join(KIRIM)}") from None
    return remind(now=now)
