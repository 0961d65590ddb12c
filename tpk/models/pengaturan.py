"""The pemda's choices for the monthly close (one row, pk=1); the defaults apply while the admin
has saved nothing."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PengaturanTPK(models.Model):
    class KebijakanTandaTangan(models.TextChoices):
        PERINGATAN = "peringatan", _("Peringatan: tutup, dan catat unit yang belum ditandatangani")
        BLOKIR = "blokir", _("Blokir: tidak ditutup sebelum semua unit ditandatangani")

    tanggal_tutup = models.PositiveSmallIntegerField(
        _("tanggal penutupan otomatis"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_(
            "Mulai tanggal ini, jadwal harian menutup bulan sebelumnya bila belum ditutup "
            "(sebaiknya setelah batas validasi atasan)."
        ),
    )
    kebijakan_tanda_tangan = models.CharField(
        _("unit tanpa tanda tangan tim penilai"),
        max_length=10,
        choices=KebijakanTandaTangan.choices,
        default=KebijakanTandaTangan.PERINGATAN,
    )

    class Meta:
        verbose_name = _("pengaturan penutupan TPK")
        verbose_name_plural = _("pengaturan penutupan TPK")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="pengaturan_tpk_satu"),
            models.CheckConstraint(
                condition=Q(tanggal_tutup__gte=1, tanggal_tutup__lte=28),
                name="pengaturan_tpk_tanggal_1_28",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Pengaturan penutupan TPK"))

    @classmethod
    def current(cls) -> "PengaturanTPK":
        """The saved row, or the defaults (unsaved) before the admin saves one: one query."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    @property
    def blokir(self) -> bool:
        return self.kebijakan_tanda_tangan == self.KebijakanTandaTangan.BLOKIR
