"""Calendars and schedules as data (domain.md, "Schedules"): profiles with weekday rows,
Ramadan hours per year, holidays, shift rosters and effective-dated assignments. The rules that
turn them into working days live in pegawai/kalender.py; pegawai/jadwal.py loads them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from ..kalender import durasi_menit
from .organisasi import Pegawai, UnitKerja, UnitKerjaQuerySet


class Kalender(models.Model):
    """A calendar of days off of its own, e.g. the school calendar with its semester breaks;
    every profile that follows it shares them, on top of the general holidays."""

    nama = models.CharField(_("nama"), max_length=100, unique=True)
    keterangan = models.TextField(_("keterangan"), blank=True)

    class Meta:
        verbose_name = _("kalender khusus")
        verbose_name_plural = _("kalender khusus")
        ordering = ["nama"]

    def __str__(self) -> str:
        return self.nama


class HariLibur(models.Model):
    """A day off: for every fixed schedule (kalender empty) or for one calendar only."""

    class Jenis(models.TextChoices):
        NASIONAL = "nasional", _("Libur nasional")
        CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")
        DAERAH = "daerah", _("Libur daerah")
        KALENDER = "kalender", _("Libur kalender khusus")

    tanggal = models.DateField(_("tanggal"))
    nama = models.CharField(_("nama"), max_length=200)
    jenis = models.CharField(_("jenis"), max_length=12, choices=Jenis.choices)
    kalender = models.ForeignKey(
        Kalender,
        verbose_name=_("kalender"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hari_libur",
        help_text=_(
            "Kosongkan untuk libur yang berlaku bagi semua jadwal tetap; isi untuk libur yang "
            "hanya berlaku di satu kalender (mis. libur semester di kalender pendidikan)."
        ),
    )
    # Rows prefilled from the `holidays` package; a year is prefilled once, then corrected.
    dari_paket = models.BooleanField(_("diisi otomatis"), default=False, editable=False)

    class Meta:
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")
        ordering = ["tanggal", "kalender_id"]
        indexes = [models.Index(fields=["tanggal"])]
        constraints = [
            models.UniqueConstraint(
                fields=["tanggal"],
                condition=Q(kalender__isnull=True),
                name="harilibur_tanggal_unik_umum",
                violation_error_message=_("Tanggal ini sudah menjadi hari libur."),
            ),
            models.UniqueConstraint(
                fields=["tanggal", "kalender"],
                condition=Q(kalender__isnull=False),
                name="harilibur_tanggal_unik_per_kalender",
                violation_error_message=_("Tanggal ini sudah menjadi hari libur kalender itu."),
            ),
            models.CheckConstraint(
                condition=(Q(jenis="kalender") & Q(kalender__isnull=False))
                | (~Q(jenis="kalender") & Q(kalender__isnull=True)),
                name="harilibur_kalender_hanya_untuk_jenis_kalender",
                violation_error_message=_(
                    "Libur kalender khusus harus memilih kalender; jenis lain berlaku umum."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tanggal:%d-%m-%Y} {self.nama}"


class ProfilJadwal(models.Model):
    """A schedule profile: office or school week (fixed hours per weekday), shift roster, or
    teaching. Exactly one fixed profile is the default for staff without an assignment."""

    class Jenis(models.TextChoices):
        TETAP = "tetap", _("Jam kerja tetap (kantor/sekolah)")
        SHIFT = "shift", _("Shift menurut roster")
        MENGAJAR = "mengajar", _("Mengajar (guru)")

    kode = models.SlugField(_("kode"), max_length=30, unique=True)
    nama = models.CharField(_("nama"), max_length=100, unique=True)
    jenis = models.CharField(_("jenis"), max_length=10, choices=Jenis.choices)
    kalender = models.ForeignKey(
        Kalender,
        verbose_name=_("kalender khusus"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="profil",
        help_text=_("Libur kalender ini ikut berlaku, mis. kalender pendidikan untuk sekolah."),
    )
    is_default = models.BooleanField(
        _("profil bawaan"),
        default=False,
        help_text=_("Berlaku bagi pegawai yang tidak punya jadwal pada suatu tanggal."),
    )
    jam_mengajar_per_minggu = models.PositiveSmallIntegerField(
        _("jam pelajaran per minggu"), null=True, blank=True
    )
    menit_per_jam_pelajaran = models.PositiveSmallIntegerField(
        _("menit per jam pelajaran"), null=True, blank=True
    )
    menit_tugas_tambahan_per_minggu = models.PositiveIntegerField(
        _("menit tugas tambahan per minggu"), default=0
    )

    class Meta:
        verbose_name = _("profil jadwal kerja")
        verbose_name_plural = _("profil jadwal kerja")
        ordering = ["nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="profiljadwal_satu_bawaan",
                violation_error_message=_("Sudah ada profil bawaan lain."),
            ),
            models.CheckConstraint(
                condition=Q(is_default=False) | Q(jenis="tetap"),
                name="profiljadwal_bawaan_jam_tetap",
                violation_error_message=_("Profil bawaan harus berjenis jam kerja tetap."),
            ),
            models.CheckConstraint(
                condition=~Q(jenis="mengajar")
                | Q(jam_mengajar_per_minggu__isnull=False, menit_per_jam_pelajaran__gt=0),
                name="profiljadwal_mengajar_lengkap",
                violation_error_message=_(
                    "Profil mengajar memerlukan jam pelajaran per minggu dan menit per jam."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.nama


class Ramadan(models.Model):
    """The Ramadan date range of one year, set by circular; profiles may have their own hours."""

    tahun = models.PositiveSmallIntegerField(_("tahun"), unique=True)
    mulai = models.DateField(_("mulai"))
    selesai = models.DateField(_("sampai"))
    dasar = models.CharField(_("dasar (nomor surat edaran)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("Ramadan")
        verbose_name_plural = _("Ramadan")
        ordering = ["-tahun"]
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__gte=models.F("mulai")),
                name="ramadan_selesai_setelah_mulai",
                violation_error_message=_("Akhir Ramadan tidak boleh sebelum awalnya."),
            ),
        ]

    def __str__(self) -> str:
        return f"Ramadan {self.tahun} ({self.mulai:%d-%m-%Y} – {self.selesai:%d-%m-%Y})"

    def clean(self):
        if self.mulai and self.tahun and self.mulai.year != self.tahun:
            raise ValidationError(
                {"mulai": _("Awal Ramadan harus di tahun %(tahun)s.") % {"tahun": self.tahun}}
            )
        if self.mulai and self.selesai and (self.selesai - self.mulai).days + 1 > 31:
            raise ValidationError(
                {"selesai": _("Rentang Ramadan lebih dari 31 hari; periksa tanggalnya.")}
            )


class HariJadwal(models.Model):
    """Hours and target of one weekday in a profile; with `ramadan`, that year's Ramadan hours."""

    class Hari(models.IntegerChoices):
        SENIN = 0, _("Senin")
        SELASA = 1, _("Selasa")
        RABU = 2, _("Rabu")
        KAMIS = 3, _("Kamis")
        JUMAT = 4, _("Jumat")
        SABTU = 5, _("Sabtu")
        MINGGU = 6, _("Minggu")

    profil = models.ForeignKey(
        ProfilJadwal, verbose_name=_("profil"), on_delete=models.CASCADE, related_name="hari"
    )
    ramadan = models.ForeignKey(
        Ramadan,
        verbose_name=_("Ramadan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="hari_jadwal",
    )
    hari = models.PositiveSmallIntegerField(_("hari"), choices=Hari.choices)
    jam_mulai = models.TimeField(_("jam mulai"))
    jam_selesai = models.TimeField(_("jam selesai"))
    istirahat_mulai = models.TimeField(_("istirahat mulai"), null=True, blank=True)
    istirahat_selesai = models.TimeField(_("istirahat selesai"), null=True, blank=True)
    target_menit = models.PositiveSmallIntegerField(
        _("target (menit)"),
        help_text=_(
            "Untuk profil mengajar target dihitung dari jam pelajaran; isian ini diabaikan."
        ),
    )

    class Meta:
        verbose_name = _("hari jadwal")
        verbose_name_plural = _("hari jadwal")
        ordering = ["profil_id", "ramadan_id", "hari"]
        constraints = [
            models.UniqueConstraint(
                fields=["profil", "hari"],
                condition=Q(ramadan__isnull=True),
                name="harijadwal_hari_unik_per_profil",
                violation_error_message=_("Hari ini sudah ada di profil."),
            ),
            models.UniqueConstraint(
                fields=["profil", "ramadan", "hari"],
                condition=Q(ramadan__isnull=False),
                name="harijadwal_hari_unik_per_ramadan",
                violation_error_message=_("Hari ini sudah ada di jam Ramadan profil."),
            ),
            models.CheckConstraint(
                condition=Q(jam_selesai__gt=models.F("jam_mulai")),
                name="harijadwal_selesai_setelah_mulai",
                violation_error_message=_("Jam selesai harus setelah jam mulai."),
            ),
            models.CheckConstraint(
                condition=Q(istirahat_mulai__isnull=True, istirahat_selesai__isnull=True)
                | Q(
                    istirahat_mulai__gte=models.F("jam_mulai"),
                    istirahat_selesai__gt=models.F("istirahat_mulai"),
                    istirahat_selesai__lte=models.F("jam_selesai"),
                ),
                name="harijadwal_istirahat_di_dalam_jam_kerja",
                violation_error_message=_(
                    "Istirahat harus diisi mulai dan selesainya, di dalam jam kerja."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_hari_display()} {self.jam_mulai:%H:%M}–{self.jam_selesai:%H:%M}"

    @property
    def menit_kerja(self) -> int:
        """Minutes between start and end, less the break."""
        total = durasi_menit(self.jam_mulai, self.jam_selesai)
        if self.istirahat_mulai and self.istirahat_selesai:
            total -= durasi_menit(self.istirahat_mulai, self.istirahat_selesai)
        return total

    def clean(self):
        # A target beyond the hours could never be met; teaching profiles compute theirs.
        times = (self.jam_mulai, self.jam_selesai, self.target_menit)
        if None in times or self.profil_id is None:
            return
        if (
            self.profil.jenis != ProfilJadwal.Jenis.MENGAJAR
            and self.target_menit > self.menit_kerja
        ):
            raise ValidationError(
                {
                    "target_menit": _(
                        "Target %(target)d menit melebihi jam kerja hari itu (%(kerja)d menit)."
                    )
                    % {"target": self.target_menit, "kerja": self.menit_kerja}
                }
            )


class JenisShift(models.Model):
    """A shift type (pagi, siang, malam). An end at or before the start is on the next day:
    a night shift belongs to the day it starts."""

    kode = models.CharField(
        _("kode"), max_length=5, unique=True, help_text=_("mis. P, S, M; 'L' berarti libur.")
    )
    nama = models.CharField(_("nama"), max_length=50)
    jam_mulai = models.TimeField(_("jam mulai"))
    jam_selesai = models.TimeField(_("jam selesai"))
    istirahat_menit = models.PositiveSmallIntegerField(_("istirahat (menit)"), default=0)
    target_menit = models.PositiveSmallIntegerField(_("target (menit)"))
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("jenis shift")
        verbose_name_plural = _("jenis shift")
        ordering = ["jam_mulai", "kode"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kode__regex=r"^[A-Z0-9]{1,5}$") & ~Q(kode="L"),
                name="jenisshift_kode_huruf_besar_bukan_l",
                violation_error_message=_(
                    "Kode shift 1–5 huruf besar atau angka; 'L' dipakai untuk libur."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(jam_selesai=models.F("jam_mulai")),
                name="jenisshift_selesai_beda_dari_mulai",
                violation_error_message=_("Jam selesai shift tidak boleh sama dengan jam mulai."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kode} {self.nama} ({self.jam_mulai:%H:%M}–{self.jam_selesai:%H:%M})"

    def clean(self):
        if None in (self.jam_mulai, self.jam_selesai, self.target_menit, self.istirahat_menit):
            return
        if self.jam_mulai == self.jam_selesai:
            return  # the constraint says why
        kerja = durasi_menit(self.jam_mulai, self.jam_selesai) - self.istirahat_menit
        if self.target_menit > kerja:
            raise ValidationError(
                {
                    "target_menit": _(
                        "Target %(target)d menit melebihi lama shift tanpa istirahat "
                        "(%(kerja)d menit)."
                    )
                    % {"target": self.target_menit, "kerja": kerja}
                }
            )


class Roster(models.Model):
    """One person's shift on one date; no row means off."""

    pegawai = models.ForeignKey(
        Pegawai, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="roster"
    )
    tanggal = models.DateField(_("tanggal"))
    shift = models.ForeignKey(
        JenisShift, verbose_name=_("shift"), on_delete=models.PROTECT, related_name="+"
    )
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    diubah_pada = models.DateTimeField(_("diubah pada"))

    class Meta:
        verbose_name = _("roster")
        verbose_name_plural = _("roster")
        ordering = ["tanggal", "pegawai_id"]
        constraints = [
            models.UniqueConstraint(fields=["pegawai", "tanggal"], name="roster_satu_per_hari"),
        ]

    def __str__(self) -> str:
        return f"{self.tanggal:%d-%m-%Y} {self.shift_id}"


class JadwalPegawai(models.Model):
    """The profile a staff member works by from `mulai` (to `selesai`); a teacher's own teaching
    hours and duties override the profile's."""

    pegawai = models.ForeignKey(
        Pegawai, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="jadwal"
    )
    profil = models.ForeignKey(
        ProfilJadwal, verbose_name=_("profil"), on_delete=models.PROTECT, related_name="+"
    )
    mulai = models.DateField(_("mulai"))
    selesai = models.DateField(_("sampai"), null=True, blank=True)
    jam_mengajar_per_minggu = models.PositiveSmallIntegerField(
        _("jam pelajaran per minggu"),
        null=True,
        blank=True,
        help_text=_("Hanya untuk profil mengajar; kosong: sesuai profil."),
    )
    menit_tugas_tambahan_per_minggu = models.PositiveIntegerField(
        _("menit tugas tambahan per minggu"),
        null=True,
        blank=True,
        help_text=_("Hanya untuk profil mengajar; kosong: sesuai profil."),
    )
    dasar = models.CharField(_("dasar"), max_length=200, blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dibuat_pada = models.DateTimeField(_("dibuat pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("jadwal pegawai")
        verbose_name_plural = _("jadwal pegawai")
        ordering = ["-mulai"]
        indexes = [models.Index(fields=["pegawai", "mulai"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__isnull=True) | Q(selesai__gte=models.F("mulai")),
                name="jadwalpegawai_selesai_setelah_mulai",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            ),
            models.UniqueConstraint(
                fields=["pegawai", "mulai"],
                name="jadwalpegawai_mulai_unik",
                violation_error_message=_("Pegawai ini sudah punya jadwal mulai tanggal itu."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profil_id} {self.mulai:%d-%m-%Y}"


class AdminUnitQuerySet(models.QuerySet):
    def units_of(self, user) -> UnitKerjaQuerySet:
        """Units whose roster a user edits: each granted unit and everything below it."""
        table = UnitKerja._meta.db_table
        grants = self.model._meta.db_table
        cte = (
            f"WITH RECURSIVE sub(id) AS (SELECT unit_id FROM {grants} WHERE user_id = %s "  # noqa: S608
            f"UNION SELECT u.id FROM {table} u JOIN sub ON u.induk_id = sub.id) "
            "SELECT id FROM sub"
        )
        return UnitKerja.objects.filter(id__in=RawSQL(cte, (user.pk,)))  # noqa: S611


class AdminUnit(models.Model):
    """Grants a user the roster of a unit and its sub-units (e.g. the head of a puskesmas)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.CASCADE,
        related_name="admin_unit",
    )
    unit = models.ForeignKey(
        UnitKerja, verbose_name=_("unit kerja"), on_delete=models.CASCADE, related_name="admin"
    )
    dibuat_pada = models.DateTimeField(_("dibuat pada"), auto_now_add=True)

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("admin roster unit")
        verbose_name_plural = _("admin roster unit")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="adminunit_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.unit}"
