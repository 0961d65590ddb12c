"""The authorization matrix: every URL of the project, each role, the outcome it must get.

`tests/test_authz_matrix.py` requests each row as each role; this module holds the world the
requests are made in (objects owned by `cast.staf`) and the rows. The columns of the table,
headed by the first three letters of the role, in ROLES order:

    anonim  not logged in
    staf    cast.staf, who owns every object below
    atasan  cast.atasan, the kabid: staf's direct supervisor (the kasi between them is vacant)
    plt     a kasi of another seksi appointed Plt of the kabid's position after its definitive
            holder left (World.appoint_plt, done for this role only): staf's supervisor then
    kepala  cast.kepala, head of the OPD: the atasan's supervisor, above staf
    penilai cast.penilai, in group Tim Penilai and in a team whose scope is staf's OPD
    keuangan cast.keuangan (group Keuangan)
    admin   cast.admin (group Admin Kepegawaian; staff of the admin site, as the demo makes
            the admin kepegawaian: Data master is the admin site)
    luar    cast.orang_luar, in another OPD, no role

Outcomes: L = 302 to the login page with ?next=, A = the same to the admin site's login; a
number = that status (302 elsewhere, 400 refused, 403 may see but not do, 404 may not see, 405
wrong method). A POST is sent empty: the point is who is refused, so an allowed role's 200, 302
or 400 only says that the view let them in (several forms take an empty POST for a GET).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from aktivitas.models import Aktivitas, Entri
from pegawai.models import HariLibur, Izin, Jabatan, Pegawai, Penugasan, UnitKerja, User
from pegawai.services_kalender import create_hari_libur, install_jadwal_bawaan
from pegawai.services_kehadiran import create_izin
from penilaian.models import Keberatan, Notifikasi, TimPenilai
from penilaian.services.keberatan import submit_keberatan
from penilaian.services.persetujuan import approve_entries, reject_entry
from tests import factories as f
from tpk.defaults import create_default_aturan
from tpk.ekspor.services import build_export, default_penandatangan, request_export
from tpk.models import EksporTPK, HasilTPK
from tpk.penutupan import close_periode, reopen_periode

ANONIM, STAF, ATASAN, PLT, KEPALA = "anonim", "staf", "atasan", "plt", "kepala"
PENILAI, KEUANGAN, ADMIN, LUAR = "penilai", "keuangan", "admin", "luar"
ROLES = (ANONIM, STAF, ATASAN, PLT, KEPALA, PENILAI, KEUANGAN, ADMIN, LUAR)
LOGIN, ADMIN_LOGIN = "L", "A"
OUTCOMES = {LOGIN, ADMIN_LOGIN, "200", "302", "400", "403", "404", "405"}

# 1×1 PNG: the smallest evidence there is.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def _first_of_previous(day: date, months: int = 1) -> date:
    for _i in range(months):
        day = day.replace(day=1) - timedelta(days=1)
    return day.replace(day=1)


# The world ------------------------------------------------------------------------------------


@dataclass
class World:
    cast: object
    plt: Pegawai
    hari_ini: date
    ditutup: date  # first day of a month closed twice (revisions 1 and 2)
    terbuka: date  # first day of last month: over, not closed
    entri_draf: Entri
    entri_diajukan: Entri
    entri_ditolak: Entri  # rejected by the atasan, no objection yet
    entri_bukti: Entri  # approved by the atasan, with a PNG as evidence
    keberatan: Keberatan  # staf's, against the atasan's rejection: the kepala decides it
    notifikasi: Notifikasi  # staf's, about a rejection
    hasil: HasilTPK  # staf's row of the closed month, latest revision
    ekspor: EksporTPK  # the bank CSV of staf's OPD for the closed month, built
    izin: Izin  # staf's annual leave
    libur: HariLibur
    users: dict[str, User] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)  # role -> session key

    def log_in_everyone(self) -> None:
        """One session per role for the whole module: a login costs more than most requests
        (session cycle, last login, django-axes), and the requests only need the cookie."""
        for role, user in self.users.items():
            client = Client()
            client.force_login(user)
            self.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value

    def appoint_plt(self) -> None:
        """The kabid's definitive holder leaves and the kasi program becomes Plt kabid.

        An acting holder answers for a position only while it has no definitive holder
        (pegawai.hierarki), so the Plt's rights need the atasan gone; done in the test's own
        transaction, for the plt column only.
        """
        c = self.cast
        mulai = self.hari_ini - timedelta(days=30)
        Penugasan.objects.filter(pegawai=c.atasan, jabatan=c.jab_kabid).update(
            selesai=mulai - timedelta(days=1)
        )
        f.acting(self.plt, c.jab_kabid, mulai=mulai, jenis=Penugasan.Jenis.PLT)


def _entri(pegawai, aktivitas, tanggal: date, jam: int, now: datetime, status="diajukan"):
    """Half an hour from `jam`:00, written directly: the logging window depends on the day
    the suite runs (a Sunday has no working day to log), the authorization does not."""
    return Entri.objects.create(
        pegawai=pegawai,
        tanggal=tanggal,
        mulai=time(jam),
        selesai=time(jam, 30),
        aktivitas=aktivitas,
        volume=1,
        uraian="Mengolah data pegawai",
        menit_standar=30,
        menit=30,
        status=status,
        dibuat_pada=now,
        diubah_pada=now,
    )


def build_world(cast) -> World:
    """Staf's objects in every state the URLs take, made through the services where the rules
    allow it on any day of the year."""
    now = timezone.now()
    hari_ini = timezone.localdate(now)
    c = cast
    install_jadwal_bawaan()
    create_default_aturan()
    c.admin.user.is_staff = True
    c.admin.user.save(update_fields=["is_staff"])
    tim = TimPenilai.objects.create(nama="Tim Penilai Dinas Contoh")
    tim.anggota.add(c.penilai.user)
    tim.lingkup.add(c.opd)

    seksi_program = f.unit(
        "Seksi Program", "1.01.01.02", jenis=UnitKerja.Jenis.SEKSI, induk=c.bidang
    )
    jab_kasi_program = f.jabatan(
        "Kepala Seksi Program",
        seksi_program,
        atasan=c.jab_kabid,
        jenis=Jabatan.Jenis.STRUKTURAL,
        eselon="IV.a",
        kelas=9,
    )
    plt = f.pegawai("Kasi Program", jab_kasi_program, golongan="III/d")

    aktivitas = Aktivitas.objects.create(
        kode="AUTHZ-1",
        nama="Mengolah data",
        satuan="laporan",
        menit_standar=30,
        untuk_pelaksana=True,
    )
    staf, atasan = c.staf, c.atasan
    draf = _entri(staf, aktivitas, hari_ini, 7, now, status=Entri.Status.DRAF)
    diajukan = _entri(staf, aktivitas, hari_ini, 8, now)
    ditolak = _entri(staf, aktivitas, hari_ini, 9, now)
    dikeberatani = _entri(staf, aktivitas, hari_ini, 10, now)
    bukti = _entri(staf, aktivitas, hari_ini, 11, now)
    bukti.bukti.save("bukti.png", ContentFile(PNG), save=False)
    bukti.bukti_jenis, bukti.bukti_nama = "image/png", "bukti.png"
    bukti.save(update_fields=["bukti", "bukti_jenis", "bukti_nama"])
    approve_entries([bukti.pk], by=atasan.user, now=now)
    for entri in (ditolak, dikeberatani):
        reject_entry(entri, alasan="Uraian tidak sesuai", by=atasan.user, now=now)
    keberatan = submit_keberatan(dikeberatani, alasan="Sudah dikerjakan", by=staf.user, now=now)
    notifikasi = Notifikasi.objects.filter(penerima=staf.user).order_by("id").first()

    izin = create_izin(
        staf,
        kode="CT",
        mulai=hari_ini,
        selesai=hari_ini + timedelta(days=6),
        alasan="Cuti tahunan",
        by=c.admin.user,
        now=now,
    ).izin
    libur = create_hari_libur(
        tanggal=hari_ini + timedelta(days=40),
        nama="Libur daerah uji",
        jenis=HariLibur.Jenis.DAERAH,
        by=c.admin.user,
        now=now,
    )

    # A month closed, reopened and closed again: two revisions, so the difference page shows.
    ditutup = _first_of_previous(hari_ini, 2)
    close_periode(ditutup.year, ditutup.month, by=c.admin.user, now=now)
    reopen_periode(
        ditutup.year, ditutup.month, alasan="Koreksi kehadiran", by=c.admin.user, now=now
    )
    run = close_periode(ditutup.year, ditutup.month, by=c.admin.user, now=now)
    hasil = HasilTPK.objects.get(penutupan=run, pegawai=staf)
    ttd = default_penandatangan(run.periode, [c.opd.pk], tanggal=hari_ini)[c.opd.pk][0]
    ekspor = request_export(
        run.periode,
        c.opd,
        format=EksporTPK.Format.CSV,
        by=c.keuangan.user,
        penandatangan=ttd,
        now=now,
    )
    ekspor = build_export(ekspor.pk, now=now)
    assert ekspor.status == EksporTPK.Status.SELESAI, ekspor.pesan_galat

    people = {
        STAF: c.staf,
        ATASAN: c.atasan,
        PLT: plt,
        KEPALA: c.kepala,
        PENILAI: c.penilai,
        KEUANGAN: c.keuangan,
        ADMIN: c.admin,
        LUAR: c.orang_luar,
    }
    world = World(
        cast=c,
        plt=plt,
        hari_ini=hari_ini,
        ditutup=ditutup,
        terbuka=_first_of_previous(hari_ini),
        entri_draf=draf,
        entri_diajukan=diajukan,
        entri_ditolak=ditolak,
        entri_bukti=bukti,
        keberatan=keberatan,
        notifikasi=notifikasi,
        hasil=hasil,
        ekspor=ekspor,
        izin=izin,
        libur=libur,
        users={role: p.user for role, p in people.items()},
    )
    world.log_in_everyone()
    return world


# The rows -------------------------------------------------------------------------------------


class Row:
    """One URL name, how to fill its path from the world, and a line per method requested:
    the method, then the outcome of each role in ROLES order. Pages get a GET line; what
    changes state a POST line (sent empty). A view that takes POST only has no GET line:
    test_post_only_urls_refuse_get holds it to 405."""

    def __init__(self, name: str, kwargs, *lines: str):
        self.name, self.kwargs = name, kwargs  # kwargs: World -> dict, or None
        self.outcomes: dict[str, dict[str, str]] = {}
        for line in lines:
            method, *tokens = line.split()
            if method not in ("GET", "POST") or method in self.outcomes:
                raise ValueError(f"{name}: one GET and one POST line at most, not {method}")
            if len(tokens) != len(ROLES) or not set(tokens) <= OUTCOMES:
                raise ValueError(f"{name} {method}: {len(ROLES)} outcomes of {OUTCOMES}")
            self.outcomes[method] = dict(zip(ROLES, tokens, strict=True))
        if not self.outcomes:
            raise ValueError(f"{name}: no outcome")

    def __repr__(self) -> str:
        return f"Row({self.name!r})"

    def expected(self, method: str) -> dict[str, str] | None:
        return self.outcomes.get(method)

    def url_kwargs(self, world: World) -> dict | None:
        return self.kwargs(world) if self.kwargs else None


def _staf_nip(w):
    return {"nip": w.cast.staf.nip}


def _hari_ini(w):
    return {"tanggal": w.hari_ini}


def _seksi(w):
    return {"unit_id": w.cast.seksi.pk}


def _bulan_ditutup(w):
    return {"tahun": w.ditutup.year, "bulan": w.ditutup.month}


def _bulan_terbuka(w):
    return {"tahun": w.terbuka.year, "bulan": w.terbuka.month}


def _seksi_bulan(w):
    return {"unit_id": w.cast.seksi.pk, **_bulan_terbuka(w)}


def _staf_nip_hari_ini(w):
    return {"nip": w.cast.staf.nip, "tanggal": w.hari_ini.isoformat()}


def _staf_bulan_terbuka(w):
    return {"pegawai_id": w.cast.staf.pk, **_bulan_terbuka(w)}


def _staf_bulan_ditutup(w):
    return {"nip": w.cast.staf.nip, **_bulan_ditutup(w)}


def _opd_bulan_ditutup(w):
    return {"opd_id": w.cast.opd.pk, **_bulan_ditutup(w)}


def _entri_ditolak(w):
    return {"entri_pk": w.entri_ditolak.pk}


def _pk(attr):
    def kwargs(w):
        return {"pk": getattr(w, attr).pk}

    return kwargs


# fmt: off
ROWS = [
    # Project
    #                                             ano sta ata plt kep pen keu adm lua
    Row("home", None,                       "GET  L   200 200 200 200 200 200 200 200"),
    Row("login", None,                      "GET  200 302 302 302 302 302 302 302 302",
                                            "POST 200 302 302 302 302 302 302 302 302"),
    Row("logout", None,                     "GET  L   405 405 405 405 405 405 405 405",
                                            "POST L   302 302 302 302 302 302 302 302"),
    Row("password_change", None,            "GET  L   200 200 200 200 200 200 200 200",
                                            "POST L   200 200 200 200 200 200 200 200"),
    Row("password_change_done", None,       "GET  L   200 200 200 200 200 200 200 200"),
    Row("set_language", None,               "GET  302 302 302 302 302 302 302 302 302",
                                            "POST 302 302 302 302 302 302 302 302 302"),
    # pegawai: the directory and the org tree
    #                                             ano sta ata plt kep pen keu adm lua
    Row("pegawai:list", None,               "GET  L   403 200 200 200 200 200 200 403"),
    Row("pegawai:unit_tree", None,          "GET  L   200 200 200 200 200 200 200 200"),
    Row("pegawai:import", None,             "GET  L   403 403 403 403 403 403 200 403",
                                            "POST L   403 403 403 403 403 403 200 403"),
    Row("pegawai:pemda_logo", None,         "GET  404 404 404 404 404 404 404 404 404"),
    Row("pegawai:detail", _staf_nip,        "GET  L   200 200 200 200 200 200 200 404"),
    # pegawai: calendars, holidays, schedules, rosters
    #                                             ano sta ata plt kep pen keu adm lua
    Row("pegawai:kalender_saya", None,      "GET  L   302 302 302 302 302 302 302 302"),
    Row("pegawai:kalender", _staf_nip,      "GET  L   200 200 200 200 200 200 200 404"),
    Row("pegawai:jadwal", _staf_nip,        "GET  L   200 200 200 200 200 200 200 404",
                                            "POST L   403 403 403 403 403 403 200 404"),
    Row("pegawai:libur_list", None,         "GET  L   200 200 200 200 200 200 200 200",
                                            "POST L   403 403 403 403 403 403 200 403"),
    Row("pegawai:libur_prefill", None,      "POST L   403 403 403 403 403 403 302 403"),
    Row("pegawai:libur_edit", _pk("libur"), "GET  L   403 403 403 403 403 403 200 403",
                                            "POST L   403 403 403 403 403 403 200 403"),
    Row("pegawai:libur_delete", _pk("libur"),
                                            "POST L   403 403 403 403 403 403 302 403"),
    Row("pegawai:roster_index", None,       "GET  L   403 403 403 403 200 200 200 403"),
    Row("pegawai:roster_grid", _seksi,      "GET  L   404 404 404 404 200 200 200 404",
                                            "POST L   404 404 404 404 403 403 302 404"),
    Row("pegawai:roster_import", _seksi,    "GET  L   404 404 404 404 403 403 200 404",
                                            "POST L   404 404 404 404 403 403 200 404"),
    # pegawai: attendance
    #                                             ano sta ata plt kep pen keu adm lua
    Row("pegawai:kehadiran_saya", None,     "GET  L   302 302 302 302 302 302 302 302"),
    Row("pegawai:kehadiran", _staf_nip,     "GET  L   200 200 200 200 200 200 200 404"),
    Row("pegawai:kehadiran_index", None,    "GET  L   302 200 200 200 200 200 200 302"),
    Row("pegawai:kehadiran_unit", _seksi,   "GET  L   404 200 200 200 200 200 200 404"),
    Row("pegawai:kehadiran_import", None,   "GET  L   403 403 403 403 403 403 200 403",
                                            "POST L   403 403 403 403 403 403 200 403"),
    Row("pegawai:kehadiran_koreksi", _staf_nip_hari_ini,
                                            "GET  L   403 403 403 403 403 403 200 404",
                                            "POST L   403 403 403 403 403 403 400 404"),
    Row("pegawai:izin_list", None,          "GET  L   403 403 403 403 200 200 200 403",
                                            "POST L   403 403 403 403 403 403 200 403"),
    Row("pegawai:izin_batal", _pk("izin"),  "POST L   403 403 403 403 403 403 302 404"),
    # aktivitas: one's own log
    #                                             ano sta ata plt kep pen keu adm lua
    Row("aktivitas:index", None,            "GET  L   302 302 302 302 302 302 302 302"),
    Row("aktivitas:hari", _hari_ini,        "GET  L   200 200 200 200 200 200 200 200"),
    Row("aktivitas:hari_ajukan", _hari_ini, "POST L   302 302 302 302 302 302 302 302"),
    Row("aktivitas:hari_salin", _hari_ini,  "POST L   302 302 302 302 302 302 302 302"),
    Row("aktivitas:minggu_ini", None,       "GET  L   200 200 200 200 200 200 200 200"),
    Row("aktivitas:minggu", _hari_ini,      "GET  L   200 200 200 200 200 200 200 200"),
    Row("aktivitas:bulan", None,            "GET  L   200 200 200 200 200 200 200 200"),
    Row("aktivitas:entri_tambah", None,     "GET  L   200 200 200 200 200 200 200 200",
                                            "POST L   200 200 200 200 200 200 200 200"),
    # aktivitas: staf's entries: the owner changes, the chain above, the team and the admin see
    #                                             ano sta ata plt kep pen keu adm lua
    Row("aktivitas:entri_detail", _pk("entri_draf"),
                                            "GET  L   200 200 200 200 200 404 200 404"),
    Row("aktivitas:entri_ubah", _pk("entri_draf"),
                                            "GET  L   200 403 403 403 403 404 403 404",
                                            "POST L   200 403 403 403 403 404 403 404"),
    Row("aktivitas:entri_ajukan", _pk("entri_draf"),
                                            "POST L   302 403 403 403 403 404 403 404"),
    Row("aktivitas:entri_tarik", _pk("entri_diajukan"),
                                            "POST L   302 403 403 403 403 404 403 404"),
    Row("aktivitas:entri_hapus", _pk("entri_draf"),
                                            "GET  L   200 403 403 403 403 404 403 404",
                                            "POST L   302 403 403 403 403 404 403 404"),
    Row("aktivitas:entri_bukti", _pk("entri_bukti"),
                                            "GET  L   200 200 200 200 200 404 200 404"),
    Row("aktivitas:katalog_import", None,   "GET  L   403 403 403 403 403 403 200 403",
                                            "POST L   403 403 403 403 403 403 200 403"),
    # penilaian: the supervisor's decisions
    #                                             ano sta ata plt kep pen keu adm lua
    Row("penilaian:antrian", None,          "GET  L   403 200 200 200 403 403 403 403"),
    Row("penilaian:antrian_tim", None,      "GET  L   403 403 403 403 200 403 403 403"),
    Row("penilaian:antrian_setujui", None,  "POST L   302 302 302 302 302 302 302 302"),
    Row("penilaian:entri_setujui", _pk("entri_diajukan"),
                                            "POST L   403 302 302 403 403 404 403 404"),
    Row("penilaian:entri_tolak", _pk("entri_diajukan"),
                                            "POST L   403 302 302 403 403 404 403 404"),
    Row("penilaian:pengalihan", None,       "GET  L   403 403 403 403 403 403 200 403",
                                            "POST L   403 403 403 403 403 403 400 403"),
    Row("penilaian:perilaku_list", None,    "GET  L   403 200 200 200 403 403 403 403"),
    Row("penilaian:perilaku_form", _staf_nip,
                                            "GET  L   403 200 200 403 403 403 403 404",
                                            "POST L   403 200 200 403 403 403 403 404"),
    Row("penilaian:dasbor_atasan", None,    "GET  L   403 200 200 200 403 403 403 403"),
    # penilaian: the review team (scope: staf's OPD); the admin looks, decides nothing
    #                                             ano sta ata plt kep pen keu adm lua
    Row("penilaian:tim_index", None,        "GET  L   403 403 403 403 200 403 200 403"),
    Row("penilaian:tim_pindai", _bulan_terbuka,
                                            "POST L   403 403 403 403 302 403 302 403"),
    Row("penilaian:tim_unit", _seksi_bulan, "GET  L   404 404 404 404 200 404 200 404"),
    Row("penilaian:tim_entri_list", _seksi_bulan,
                                            "GET  L   404 404 404 404 200 404 200 404"),
    Row("penilaian:tim_sampel", _seksi_bulan,
                                            "POST L   404 404 404 404 302 404 403 404"),
    Row("penilaian:tim_tandatangan", _seksi_bulan,
                                            "GET  L   404 404 404 404 200 404 403 404",
                                            "POST L   404 404 404 404 400 404 403 404"),
    Row("penilaian:tim_entri", _pk("entri_bukti"),
                                            "GET  L   404 404 404 404 200 404 200 404",
                                            "POST L   404 404 404 404 400 404 403 404"),
    Row("penilaian:tim_nilai", _staf_bulan_terbuka,
                                            "GET  L   404 404 404 404 200 404 403 404",
                                            "POST L   404 404 404 404 400 404 403 404"),
    # penilaian: objections (atasan rejected, kepala decides) and the compliance report
    #                                             ano sta ata plt kep pen keu adm lua
    Row("penilaian:keberatan_list", None,   "GET  L   200 200 200 200 200 200 200 200"),
    Row("penilaian:keberatan_ajukan", _entri_ditolak,
                                            "GET  L   200 403 403 403 403 404 403 404",
                                            "POST L   400 403 403 403 403 404 403 404"),
    Row("penilaian:keberatan_detail", _pk("keberatan"),
                                            "GET  L   200 200 404 200 200 404 200 404"),
    Row("penilaian:keberatan_putuskan", _pk("keberatan"),
                                            "GET  L   403 403 404 200 403 404 403 404",
                                            "POST L   403 403 404 400 403 404 403 404"),
    Row("penilaian:kepatuhan", None,        "GET  L   403 403 403 403 403 403 200 403"),
    # penilaian: notifications (staf's own)
    #                                             ano sta ata plt kep pen keu adm lua
    Row("penilaian:notifikasi_list", None,  "GET  L   200 200 200 200 200 200 200 200"),
    Row("penilaian:notifikasi_baca_semua", None,
                                            "POST L   302 302 302 302 302 302 302 302"),
    Row("penilaian:notifikasi_baca", _pk("notifikasi"),
                                            "POST L   302 404 404 404 404 404 404 404"),
    # tpk: slips and lists
    #                                             ano sta ata plt kep pen keu adm lua
    Row("tpk:slip_saya", None,              "GET  L   200 200 200 200 200 200 200 200"),
    Row("tpk:slip", _staf_bulan_ditutup,    "GET  L   200 200 200 200 404 200 200 404"),
    Row("tpk:daftar", None,                 "GET  L   404 200 200 200 404 200 200 404"),
    # tpk: the months (admin closes and reopens, finance looks)
    #                                             ano sta ata plt kep pen keu adm lua
    Row("tpk:periode_list", None,           "GET  L   404 404 404 404 404 200 200 404"),
    Row("tpk:tutup", _bulan_terbuka,        "GET  L   404 404 404 404 404 403 200 404",
                                            "POST L   404 404 404 404 404 403 302 404"),
    Row("tpk:progres", _bulan_ditutup,      "GET  L   404 404 404 404 404 200 200 404"),
    Row("tpk:progres_status", _bulan_ditutup,
                                            "GET  L   404 404 404 404 404 200 200 404"),
    Row("tpk:buka", _bulan_ditutup,         "GET  L   404 404 404 404 404 403 200 404",
                                            "POST L   404 404 404 404 404 403 200 404"),
    Row("tpk:selisih", _bulan_ditutup,      "GET  L   404 404 404 404 404 200 200 404"),
    # tpk: finance's exports (the kepala sees and downloads their OPD's, makes none)
    #                                             ano sta ata plt kep pen keu adm lua
    Row("tpk:ekspor_index", None,           "GET  L   404 404 404 200 404 200 200 404"),
    Row("tpk:ekspor_semua", _bulan_ditutup, "POST L   404 404 404 403 404 302 302 404"),
    Row("tpk:ekspor_opd", _opd_bulan_ditutup,
                                            "GET  L   404 404 404 200 404 200 200 404",
                                            "POST L   404 404 404 403 404 200 200 404"),
    Row("tpk:ekspor_unduh", _pk("ekspor"),  "GET  L   404 404 404 200 404 200 200 404"),
    Row("tpk:slip_pdf", _pk("hasil"),       "GET  L   200 404 404 200 404 200 200 404"),
]

# The admin site: its index, login and logout here; every other admin:* URL by the rule in
# tests/test_authz_matrix.py (only staff get past the admin's own login).
ADMIN_ROWS = [
    #                                             ano sta ata plt kep pen keu adm lua
    Row("admin:index", None,                "GET  A   A   A   A   A   A   A   200 A"),
    Row("admin:login", None,                "GET  200 200 200 200 200 200 200 302 200"),
    Row("admin:logout", None,               "GET  A   302 302 302 302 302 302 405 302",
                                            "POST A   302 302 302 302 302 302 302 302"),
]
# fmt: on

# Where the acting supervisor's column differs from the supervisor's, and why.
PLT_DIFFERS = {
    # An objection is seen by the people of the decision contested: the atasan made it; the
    # Plt appointed since made none.
    "penilaian:keberatan_detail": "the atasan made the decision objected to",
    "penilaian:keberatan_putuskan": "the atasan made the decision objected to",
}
