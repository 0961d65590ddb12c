from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = ["PengaturanPenilaian"]


class PengaturanPenilaian(models.Model):
    """The pemda's choices for approvals, reviews and objections (one row, pk=1); the defaults
    are domain.md's and apply while the admin has saved nothing."""

    class Kebijakan(models.TextChoices):
        TIDAK_DIHITUNG = "tidak_dihitung", _("Tidak dihitung")
        DISETUJUI_OTOMATIS = "disetujui_otomatis", _("Disetujui otomatis")

    batas_validasi_hari = models.PositiveSmallIntegerField(
        _("batas validasi (tanggal di bulan berikutnya)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_(
            "Atasan memutuskan entri suatu bulan paling lambat tanggal ini bulan berikutnya."
        ),
    )
    kebijakan_lewat_batas = models.CharField(
        _("entri yang belum diputuskan saat batas lewat"),
        max_length=20,
        choices=Kebijakan.choices,
        default=Kebijakan.TIDAK_DIHITUNG,
    )
    batas_keberatan_hari = models.PositiveSmallIntegerField(
        _("batas keberatan (hari)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_(
            "Berapa hari setelah penolakan atau koreksi pegawai boleh mengajukan keberatan."
        ),
    )
    persen_sampel = models.PositiveSmallIntegerField(
        _("sampel tim penilai (%)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    batas_uraian_sama = models.PositiveSmallIntegerField(
        _("uraian yang sama lebih dari (kali per bulan) ditandai"),
        default=10,
        validators=[MinValueValidator(1)],
    )
    batas_terlambat_hari = models.PositiveSmallIntegerField(
        _("entri dibuat lebih dari (hari) setelah tanggalnya ditandai"),
        default=3,
        validators=[MinValueValidator(1)],
    )
    batas_persetujuan_kilat = models.PositiveSmallIntegerField(
        _("persetujuan massal: lebih dari (entri) dalam satu menit ditandai"),
        default=50,
        validators=[MinValueValidator(2)],
    )

    class Meta:
        verbose_name = _("pengaturan penilaian")
        verbose_name_plural = _("pengaturan penilaian")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="pengaturan_penilaian_satu")]

    def __str__(self) -> str:
        return str(_("Pengaturan penilaian"))

    @classmethod
    def current(cls) -> "PengaturanPenilaian":
        """The saved row, or the defaults (unsaved) before the admin saves one: one query."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)
