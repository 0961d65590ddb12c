"""The supervisor's side: who decides an entry when the hierarchy does not (an admin's
reassignment), what the validation deadline did to the entries still undecided, and the monthly
behaviour assessment with its aspects as data. docs/PENILAIAN.md explains each table."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aktivitas.models import Entri
from pegawai.models import Pegawai

from .pengaturan import PengaturanPenilaian

__all__ = [
    "Aspek",
    "EntriLewatBatas",
    "NilaiAspek",
    "PengalihanEntri",
    "PenilaianPerilaku",
    "SetAspek",
]

NILAI_MAKS = 100


class PengalihanEntri(models.Model):
    """An admin's override of who decides one undecided entry.

    Without a row, the decider is resolved when the decision is made: the owner's supervisor by
    position on that day (acting Plt/Plh included), or the review team at the top. A row sends
    the entry to `ke` instead, and only to them, until it is decided.
    """

    entri = models.OneToOneField(
        Entri, verbose_name=_("entri"), on_delete=models.CASCADE, related_name="pengalihan"
    )
    ke = models.ForeignKey(
        Pegawai,
        verbose_name=_("diputuskan oleh"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dialihkan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pada = models.DateTimeField(_("dialihkan pada"))
    alasan = models.TextField(_("alasan"))

    class Meta:
        verbose_name = _("pengalihan entri")
        verbose_name_plural = _("pengalihan entri")
        indexes = [models.Index(fields=["ke"])]
        constraints = [
            models.CheckConstraint(condition=~Q(alasan=""), name="pengalihanentri_alasan_wajib")
        ]

    def __str__(self) -> str:
        return f"{self.entri_id} → {self.ke_id}"


class EntriLewatBatas(models.Model):
    """An entry still undecided when its month's validation deadline passed: what the system
    did with it (the pemda's policy) and who should have decided it (for the compliance report).

    The entry link is cleared if the entry is later deleted; the copy of owner, date and minutes
    keeps the supervisor's lateness on record.
    """

    Kebijakan = PengaturanPenilaian.Kebijakan

    entri = models.OneToOneField(
        Entri,
        verbose_name=_("entri"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lewat_batas",
    )
    pegawai = models.ForeignKey(
        Pegawai, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="+"
    )
    tanggal = models.DateField(_("tanggal entri"))
    menit = models.PositiveIntegerField(_("menit"))
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    bulan = models.PositiveSmallIntegerField(_("bulan"))
    kebijakan = models.CharField(_("kebijakan"), max_length=20, choices=Kebijakan.choices)
    # Empty: the owner had no supervisor, so the review team should have decided.
    atasan = models.ForeignKey(
        Pegawai,
        verbose_name=_("yang seharusnya memutuskan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    batas = models.DateField(_("batas validasi"))
    diterapkan_pada = models.DateTimeField(_("diterapkan pada"))

    class Meta:
        verbose_name = _("entri lewat batas validasi")
        verbose_name_plural = _("entri lewat batas validasi")
        ordering = ["-tahun", "-bulan", "tanggal"]
        indexes = [
            models.Index(fields=["tahun", "bulan"]),
            models.Index(fields=["atasan", "tahun", "bulan"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(bulan__gte=1, bulan__lte=12), name="entrilewatbatas_bulan_1_12"
            ),
            models.CheckConstraint(
                condition=Q(kebijakan__in=["tidak_dihitung", "disetujui_otomatis"]),
                name="entrilewatbatas_kebijakan_dikenal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tanggal:%d-%m-%Y} {self.get_kebijakan_display()}"


class SetAspek(models.Model):
    """A set of behaviour aspects (the legacy six, BerAKHLAK, or the pemda's own); exactly one
    is in force for new assessments."""

    kode = models.SlugField(_("kode"), max_length=30, unique=True)
    nama = models.CharField(_("nama"), max_length=100)
    keterangan = models.TextField(_("keterangan"), blank=True)
    aktif = models.BooleanField(
        _("dipakai untuk penilaian baru"),
        default=False,
        help_text=_("Hanya satu set yang dapat aktif."),
    )

    class Meta:
        verbose_name = _("set aspek perilaku")
        verbose_name_plural = _("set aspek perilaku")
        ordering = ["nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["aktif"],
                condition=Q(aktif=True),
                name="setaspek_satu_aktif",
                violation_error_message=_("Sudah ada set aspek lain yang aktif."),
            )
        ]

    def __str__(self) -> str:
        return self.nama


class Aspek(models.Model):
    """One aspect of behaviour, scored 0–100, weighing `bobot` in the set's weighted score."""

    set_aspek = models.ForeignKey(
        SetAspek, verbose_name=_("set"), on_delete=models.CASCADE, related_name="aspek"
    )
    kode = models.SlugField(_("kode"), max_length=30)
    nama = models.CharField(_("nama"), max_length=100)
    keterangan = models.TextField(_("keterangan"), blank=True)
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)
    bobot = models.DecimalField(
        _("bobot"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Nilai akhir = Σ(nilai × bobot) / Σ bobot aspek yang berlaku."),
    )
    hanya_pemimpin = models.BooleanField(
        _("hanya untuk pemimpin"),
        default=False,
        help_text=_("Dinilai hanya bagi pemangku (atau Plt/Plh) jabatan struktural."),
    )

    class Meta:
        verbose_name = _("aspek perilaku")
        verbose_name_plural = _("aspek perilaku")
        ordering = ["set_aspek", "urutan", "id"]
        constraints = [
            models.UniqueConstraint(fields=["set_aspek", "kode"], name="aspek_kode_unik_per_set"),
            models.CheckConstraint(condition=Q(bobot__gt=0), name="aspek_bobot_positif"),
        ]

    def __str__(self) -> str:
        return self.nama


class PenilaianPerilaku(models.Model):
    """A supervisor's assessment of one subordinate's behaviour in one month; changing it keeps
    the row and writes the old scores to the action log."""

    pegawai = models.ForeignKey(
        Pegawai,
        verbose_name=_("pegawai"),
        on_delete=models.PROTECT,
        related_name="penilaian_perilaku",
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    bulan = models.PositiveSmallIntegerField(_("bulan"))
    set_aspek = models.ForeignKey(
        SetAspek, verbose_name=_("set aspek"), on_delete=models.PROTECT, related_name="+"
    )
    nilai = models.DecimalField(
        _("nilai perilaku"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Rata-rata tertimbang nilai aspek, 0–100."),
    )
    pemimpin = models.BooleanField(_("dinilai sebagai pemimpin"), default=False)
    catatan = models.TextField(_("catatan"), blank=True)
    dinilai_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dinilai oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    dinilai_pada = models.DateTimeField(_("dinilai pada"))

    class Meta:
        verbose_name = _("penilaian perilaku")
        verbose_name_plural = _("penilaian perilaku")
        ordering = ["-tahun", "-bulan", "pegawai__nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai", "tahun", "bulan"], name="penilaianperilaku_sebulan_sekali"
            ),
            models.CheckConstraint(
                condition=Q(bulan__gte=1, bulan__lte=12), name="penilaianperilaku_bulan_1_12"
            ),
            models.CheckConstraint(
                condition=Q(nilai__gte=0, nilai__lte=NILAI_MAKS),
                name="penilaianperilaku_nilai_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pegawai_id} {self.tahun:04d}-{self.bulan:02d}: {self.nilai}"


class NilaiAspek(models.Model):
    """The score of one aspect in an assessment, with the aspect's weight at the time."""

    penilaian = models.ForeignKey(
        PenilaianPerilaku,
        verbose_name=_("penilaian"),
        on_delete=models.CASCADE,
        related_name="rincian",
    )
    aspek = models.ForeignKey(
        Aspek, verbose_name=_("aspek"), on_delete=models.PROTECT, related_name="+"
    )
    bobot = models.DecimalField(_("bobot"), max_digits=5, decimal_places=2)
    nilai = models.PositiveSmallIntegerField(
        _("nilai"), validators=[MinValueValidator(0), MaxValueValidator(NILAI_MAKS)]
    )

    class Meta:
        verbose_name = _("nilai aspek")
        verbose_name_plural = _("nilai aspek")
        ordering = ["penilaian", "aspek__urutan", "aspek_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["penilaian", "aspek"], name="nilaiaspek_sekali_per_penilaian"
            ),
            models.CheckConstraint(
                condition=Q(nilai__gte=0, nilai__lte=NILAI_MAKS), name="nilaiaspek_nilai_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.aspek_id}: {self.nilai}"
