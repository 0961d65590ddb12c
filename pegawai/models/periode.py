"""The month (Periode): the unit of closing and payment (domain.md, "The month").

No row means the month is open. The close itself (tpk) sets `ditutup`; the lower apps only ask
`Periode.is_closed(tanggal)` and refuse to change anything dated in a closed month.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PeriodeQuerySet(models.QuerySet):
    def closed(self) -> "PeriodeQuerySet":
        return self.filter(status=Periode.Status.DITUTUP)

    def between(self, mulai: date, selesai: date) -> "PeriodeQuerySet":
        """Months that share a day with the range (inclusive)."""
        after_start = Q(tahun__gt=mulai.year) | Q(tahun=mulai.year, bulan__gte=mulai.month)
        before_end = Q(tahun__lt=selesai.year) | Q(tahun=selesai.year, bulan__lte=selesai.month)
        return self.filter(after_start & before_end)


class Periode(models.Model):
    """One calendar month and whether it is still open for changes."""

    class Status(models.TextChoices):
        TERBUKA = "terbuka", _("Terbuka")
        DITUTUP = "ditutup", _("Ditutup")

    tahun = models.PositiveSmallIntegerField(_("tahun"))
    bulan = models.PositiveSmallIntegerField(_("bulan"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.TERBUKA
    )
    ditutup_pada = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    ditutup_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditutup oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PeriodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("periode")
        verbose_name_plural = _("periode")
        ordering = ["-tahun", "-bulan"]
        constraints = [
            models.UniqueConstraint(fields=["tahun", "bulan"], name="periode_bulan_unik"),
            models.CheckConstraint(
                condition=Q(bulan__gte=1, bulan__lte=12), name="periode_bulan_1_12"
            ),
            models.CheckConstraint(
                condition=Q(tahun__gte=2000, tahun__lte=2100), name="periode_tahun_wajar"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tahun:04d}-{self.bulan:02d} ({self.get_status_display()})"

    @property
    def is_ditutup(self) -> bool:
        return self.status == self.Status.DITUTUP

    @classmethod
    def is_closed(cls, tanggal: date) -> bool:
        """Whether the month of `tanggal` is closed (one query; no row means open)."""
        return cls.objects.closed().filter(tahun=tanggal.year, bulan=tanggal.month).exists()

    @classmethod
    def closed_months(cls, mulai: date, selesai: date) -> set[tuple[int, int]]:
        """(tahun, bulan) of the closed months between two dates, in one query."""
        return set(cls.objects.closed().between(mulai, selesai).values_list("tahun", "bulan"))
