"""The review team (tim penilai): teams with their members and scope, the anomaly flags of a
month, the sample drawn per unit and month, the team's decisions on entries, its monthly score
per staff member, and the sign-off of a unit's month. docs/PENILAIAN.md, "Tim penilai"."""

import calendar
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from aktivitas.models import Entri
from pegawai.models import Pegawai, UnitKerja

__all__ = [
    "FlagEntri",
    "KeputusanTim",
    "NilaiTim",
    "PemindaianAnomali",
    "PengambilanSampel",
    "SampelEntri",
    "TandaTanganUnit",
    "TimPenilai",
]

_BULAN_VALID = Q(bulan__gte=1, bulan__lte=12)


def unit_and_ancestors(unit_id: int) -> RawSQL:
    """Ids of a unit and every unit above it, as a subquery (one recursive query)."""
    t = UnitKerja._meta.db_table
    sql = (
        f"WITH RECURSIVE up(id, induk_id) AS (SELECT id, induk_id FROM {t} WHERE id = %s"  # noqa: S608 (table name only)
        f" UNION SELECT u.id, u.induk_id FROM {t} u JOIN up ON u.id = up.induk_id)"
        " SELECT id FROM up"
    )
    return RawSQL(sql, (unit_id,))  # noqa: S611 (parameterised)


def units_in_scope_of(user_id: int) -> RawSQL:
    """Ids of the units the user's teams review: each team's scope with all units below it."""
    t = UnitKerja._meta.db_table
    lingkup = TimPenilai.lingkup.through._meta.db_table
    anggota = TimPenilai.anggota.through._meta.db_table
    sql = (
        "WITH RECURSIVE sub(id) AS ("  # noqa: S608 (table names only)
        f" SELECT l.unitkerja_id FROM {lingkup} l JOIN {anggota} a"
        " ON a.timpenilai_id = l.timpenilai_id WHERE a.user_id = %s"
        f" UNION SELECT u.id FROM {t} u JOIN sub ON u.induk_id = sub.id)"
        " SELECT id FROM sub"
    )
    return RawSQL(sql, (user_id,))  # noqa: S611 (parameterised)


class TimPenilaiQuerySet(models.QuerySet):
    def covering(self, unit_id: int) -> "TimPenilaiQuerySet":
        """Teams whose scope holds this unit, directly or through a unit above it."""
        return self.filter(lingkup__in=unit_and_ancestors(unit_id)).distinct()


class TimPenilai(models.Model):
    """A review team: its members verify the work of the staff of the units in its scope."""

    nama = models.CharField(_("nama tim"), max_length=150, unique=True)
    anggota = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("anggota"),
        blank=True,
        related_name="tim_penilai",
        help_text=_("Anggota juga harus berada di grup Tim Penilai agar dapat membuka halamannya."),
    )
    lingkup = models.ManyToManyField(
        UnitKerja,
        verbose_name=_("lingkup unit kerja"),
        blank=True,
        related_name="tim_penilai",
        help_text=_("Setiap unit beserta seluruh unit di bawahnya."),
    )
    keterangan = models.TextField(_("keterangan"), blank=True)

    objects = TimPenilaiQuerySet.as_manager()

    class Meta:
        verbose_name = _("tim penilai")
        verbose_name_plural = _("tim penilai")
        ordering = ["nama"]

    def __str__(self) -> str:
        return self.nama


class PemindaianAnomali(models.Model):
    """The last anomaly scan of a month: when, who asked (empty: the schedule), what it found."""

    tahun = models.PositiveSmallIntegerField(_("tahun"))
    bulan = models.PositiveSmallIntegerField(_("bulan"))
    pada = models.DateTimeField(_("dipindai pada"), null=True, blank=True)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diminta oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    jumlah = models.JSONField(_("jumlah tanda per jenis"), default=dict, blank=True)

    class Meta:
        verbose_name = _("pemindaian anomali")
        verbose_name_plural = _("pemindaian anomali")
        ordering = ["-tahun", "-bulan"]
        constraints = [
            models.UniqueConstraint(fields=["tahun", "bulan"], name="pemindaiananomali_bulan_unik"),
            models.CheckConstraint(condition=_BULAN_VALID, name="pemindaiananomali_bulan_1_12"),
        ]

    def __str__(self) -> str:
        return f"{self.tahun:04d}-{self.bulan:02d}"


class FlagEntri(models.Model):
    """An approved entry that looks unusual, found by the month's scan (penilaian.anomali).

    Derived data: a scan deletes the month's flags and writes them again. `detail` holds the
    figures behind the flag; `keterangan` puts them in words in the reader's language.
    """

    class Jenis(models.TextChoices):
        MELEBIHI_WAKTU = "melebihi_waktu", _("Menit sehari melebihi waktu efektif")
        LUAR_JADWAL = "luar_jadwal", _("Di luar jam kerja")
        URAIAN_BERULANG = "uraian_berulang", _("Uraian yang sama berulang")
        TERLAMBAT_DIBUAT = "terlambat_dibuat", _("Dibuat jauh setelah tanggalnya")
        PERSETUJUAN_KILAT = "persetujuan_kilat", _("Disetujui massal dalam hitungan detik")
        TIDAK_HADIR = "tidak_hadir", _("Pada hari cuti, izin, dinas luar atau tanpa keterangan")

    # Column heads of the dashboard, short enough for a phone.
    LABEL_PENDEK = {
        Jenis.MELEBIHI_WAKTU: _("Lebih waktu"),
        Jenis.LUAR_JADWAL: _("Luar jam"),
        Jenis.URAIAN_BERULANG: _("Berulang"),
        Jenis.TERLAMBAT_DIBUAT: _("Terlambat"),
        Jenis.PERSETUJUAN_KILAT: _("Kilat"),
        Jenis.TIDAK_HADIR: _("Tidak hadir"),
    }

    # Derived data, written for a whole month at once, so kept cheap to write: no index of its
    # own (the unique (entri, jenis) below serves lookups by entry) and no foreign key in the
    # database, whose check at commit would lock every flagged entry. Every flag is written
    # from a join with its entry in the same statement; Django still deletes an entry's flags
    # with it (on_delete=CASCADE), and only drafts are ever deleted.
    entri = models.ForeignKey(
        Entri,
        verbose_name=_("entri"),
        on_delete=models.CASCADE,
        related_name="flag_anomali",
        db_index=False,
        db_constraint=False,
    )
    jenis = models.CharField(_("jenis"), max_length=20, choices=Jenis.choices)
    # The month of the entry's date when it was flagged: a scan replaces exactly these rows.
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    bulan = models.PositiveSmallIntegerField(_("bulan"))
    detail = models.JSONField(_("rincian"), default=dict, blank=True)

    class Meta:
        verbose_name = _("tanda anomali")
        verbose_name_plural = _("tanda anomali")
        ordering = ["entri", "jenis"]
        indexes = [models.Index(fields=["tahun", "bulan", "jenis"])]
        constraints = [
            models.UniqueConstraint(fields=["entri", "jenis"], name="flagentri_satu_per_jenis"),
            models.CheckConstraint(
                condition=Q(
                    jenis__in=[
                        "melebihi_waktu",
                        "luar_jadwal",
                        "uraian_berulang",
                        "terlambat_dibuat",
                        "persetujuan_kilat",
                        "tidak_hadir",
                    ]
                ),
                name="flagentri_jenis_dikenal",
            ),
            models.CheckConstraint(condition=_BULAN_VALID, name="flagentri_bulan_1_12"),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} ({self.entri_id})"

    @property
    def label_pendek(self) -> str:
        return str(self.LABEL_PENDEK.get(self.jenis, self.jenis))

    @property
    def keterangan(self) -> str:
        """The flag and its figures in words."""
        d = self.detail or {}
        J = self.Jenis
        if self.jenis == J.MELEBIHI_WAKTU:
            return _(
                "Jumlah menit yang diakui pada hari itu %(menit)s, melebihi waktu efektif "
                "%(target)s menit."
            ) % {"menit": d.get("menit", "?"), "target": d.get("target", "?")}
        if self.jenis == J.LUAR_JADWAL:
            return str(_("Entri berada (sebagian) di luar jam kerja jadwal pegawai."))
        if self.jenis == J.URAIAN_BERULANG:
            return _(
                "Uraian yang sama dipakai %(kali)s kali dalam bulan ini (batas %(batas)s)."
            ) % {"kali": d.get("kali", "?"), "batas": d.get("batas", "?")}
        if self.jenis == J.TERLAMBAT_DIBUAT:
            return _("Dibuat %(hari)s hari setelah tanggalnya (batas %(batas)s hari).") % {
                "hari": d.get("hari", "?"),
                "batas": d.get("batas", "?"),
            }
        if self.jenis == J.PERSETUJUAN_KILAT:
            return _("%(oleh)s menyetujui %(jumlah)s entri dalam satu menit (batas %(batas)s).") % {
                "oleh": d.get("oleh", "?"),
                "jumlah": d.get("jumlah", "?"),
                "batas": d.get("batas", "?"),
            }
        return self.get_jenis_display()


class PengambilanSampel(models.Model):
    """The drawing of a unit's sample for a month: once, by whom, of how many approved entries.

    The entries drawn are SampelEntri rows, so reviewers see the same list every time.
    """

    unit = models.ForeignKey(
        UnitKerja, verbose_name=_("unit kerja"), on_delete=models.PROTECT, related_name="+"
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    bulan = models.PositiveSmallIntegerField(_("bulan"))
    persen = models.PositiveSmallIntegerField(
        _("persen sampel"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    jumlah_populasi = models.PositiveIntegerField(_("entri disetujui"))
    jumlah_sampel = models.PositiveIntegerField(_("entri diambil"))
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diambil oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pada = models.DateTimeField(_("diambil pada"))
    entri = models.ManyToManyField(
        Entri, verbose_name=_("entri"), through="SampelEntri", related_name="+"
    )

    class Meta:
        verbose_name = _("pengambilan sampel")
        verbose_name_plural = _("pengambilan sampel")
        ordering = ["-tahun", "-bulan", "unit__kode"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "tahun", "bulan"], name="pengambilansampel_sekali_per_bulan"
            ),
            models.CheckConstraint(condition=_BULAN_VALID, name="pengambilansampel_bulan_1_12"),
            models.CheckConstraint(
                condition=Q(jumlah_sampel__lte=models.F("jumlah_populasi")),
                name="pengambilansampel_sampel_tidak_melebihi_populasi",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.tahun:04d}-{self.bulan:02d}"


class SampelEntri(models.Model):
    pengambilan = models.ForeignKey(
        PengambilanSampel, on_delete=models.CASCADE, related_name="sampel"
    )
    entri = models.ForeignKey(Entri, on_delete=models.CASCADE, related_name="sampel_tim")

    class Meta:
        verbose_name = _("entri sampel")
        verbose_name_plural = _("entri sampel")
        constraints = [
            models.UniqueConstraint(fields=["pengambilan", "entri"], name="sampelentri_unik")
        ]

    def __str__(self) -> str:
        return f"{self.pengambilan} #{self.entri_id}"


class KeputusanTim(models.Model):
    """The team's decision on a sampled or flagged entry: who, when, which, minutes, why."""

    class Jenis(models.TextChoices):
        KONFIRMASI = "konfirmasi", _("Sesuai")
        KOREKSI = "koreksi", _("Menit dikoreksi")
        TOLAK = "tolak", _("Ditolak")

    entri = models.ForeignKey(
        Entri, verbose_name=_("entri"), on_delete=models.CASCADE, related_name="keputusan_tim"
    )
    tim = models.ForeignKey(
        TimPenilai, verbose_name=_("tim"), on_delete=models.PROTECT, related_name="keputusan"
    )
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pada = models.DateTimeField(_("pada"))
    jenis = models.CharField(_("keputusan"), max_length=12, choices=Jenis.choices)
    menit_sebelum = models.PositiveIntegerField(_("menit diakui sebelum"))
    menit_sesudah = models.PositiveIntegerField(_("menit diakui sesudah"))
    alasan = models.TextField(_("alasan"), blank=True)

    class Meta:
        verbose_name = _("keputusan tim penilai")
        verbose_name_plural = _("keputusan tim penilai")
        ordering = ["pada", "id"]
        indexes = [models.Index(fields=["entri", "pada"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(jenis__in=["konfirmasi", "koreksi", "tolak"]),
                name="keputusantim_jenis_dikenal",
            ),
            models.CheckConstraint(
                condition=Q(menit_sesudah__lte=models.F("menit_sebelum")),
                name="keputusantim_menit_tidak_bertambah",
            ),
            models.CheckConstraint(
                condition=Q(jenis="konfirmasi") | ~Q(alasan=""),
                name="keputusantim_alasan_wajib",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} #{self.entri_id}"


class TandaTanganUnit(models.Model):
    """The team's sign-off of a unit's month, covering every unit below it: the close reads it."""

    unit = models.ForeignKey(
        UnitKerja, verbose_name=_("unit kerja"), on_delete=models.PROTECT, related_name="+"
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    bulan = models.PositiveSmallIntegerField(_("bulan"))
    tim = models.ForeignKey(
        TimPenilai, verbose_name=_("tim"), on_delete=models.PROTECT, related_name="tanda_tangan"
    )
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditandatangani oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pada = models.DateTimeField(_("ditandatangani pada"))
    catatan = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("tanda tangan unit")
        verbose_name_plural = _("tanda tangan unit")
        ordering = ["-tahun", "-bulan", "unit__kode"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "tahun", "bulan"], name="tandatanganunit_sekali_per_bulan"
            ),
            models.CheckConstraint(condition=_BULAN_VALID, name="tandatanganunit_bulan_1_12"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.tahun:04d}-{self.bulan:02d}"


class NilaiTim(models.Model):
    """The team's review score (0–100) of a staff member for a month; its weight in the TPK
    score is a rule of the TPK (default 0). A change is logged (LogAksi) with the old value."""

    pegawai = models.ForeignKey(
        Pegawai, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="nilai_tim"
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    bulan = models.PositiveSmallIntegerField(_("bulan"))
    nilai = models.DecimalField(
        _("nilai"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    tim = models.ForeignKey(
        TimPenilai, verbose_name=_("tim"), on_delete=models.PROTECT, related_name="nilai"
    )
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pada = models.DateTimeField(_("pada"))
    alasan = models.TextField(_("alasan"), blank=True)

    class Meta:
        verbose_name = _("nilai tim penilai")
        verbose_name_plural = _("nilai tim penilai")
        ordering = ["-tahun", "-bulan", "pegawai__nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai", "tahun", "bulan"], name="nilaitim_sekali_per_bulan"
            ),
            models.CheckConstraint(condition=_BULAN_VALID, name="nilaitim_bulan_1_12"),
            models.CheckConstraint(
                condition=Q(nilai__gte=0, nilai__lte=100), name="nilaitim_nilai_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pegawai} {self.tahun:04d}-{self.bulan:02d}: {self.nilai}"


# Reads ------------------------------------------------------------------------------------------


def entries_for_review(unit_id: int, tahun: int, bulan: int):
    """The entries the team looks at in a unit's month (the unit and below): sampled (in any
    sample of the month), flagged, or already decided by the team; with owner and activity."""
    mulai = date(tahun, bulan, 1)
    selesai = date(tahun, bulan, calendar.monthrange(tahun, bulan)[1])
    in_sample = SampelEntri.objects.filter(
        entri=OuterRef("pk"), pengambilan__tahun=tahun, pengambilan__bulan=bulan
    )
    return (
        Entri.objects.filter(
            pegawai__in=Pegawai.objects.in_unit(unit_id), tanggal__range=(mulai, selesai)
        )
        .annotate(
            sampel=Exists(in_sample),
            bertanda=Exists(FlagEntri.objects.filter(entri=OuterRef("pk"))),
            diputuskan_tim=Exists(KeputusanTim.objects.filter(entri=OuterRef("pk"))),
        )
        .filter(Q(sampel=True) | Q(bertanda=True) | Q(diputuskan_tim=True))
        .select_related("pegawai", "aktivitas")
    )


def undecided(entries):
    """Of these entries, the approved ones without a team decision since their last approval
    (an entry rejected by the team, fixed and approved again is looked at again)."""
    since_approval = KeputusanTim.objects.filter(entri=OuterRef("pk")).filter(
        Q(pada__gte=OuterRef("diputuskan_pada")) | Q(entri__diputuskan_pada__isnull=True)
    )
    return entries.filter(status=Entri.Status.DISETUJUI).exclude(Exists(since_approval))
