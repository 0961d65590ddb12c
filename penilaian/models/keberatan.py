from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aktivitas.models import Entri, RiwayatEntri
from pegawai.models import Pegawai

__all__ = ["Keberatan"]


class KeberatanQuerySet(models.QuerySet):
    def with_related(self) -> "KeberatanQuerySet":
        """What every list and page of objections shows, in the same query."""
        return self.select_related(
            "entri__aktivitas",
            "pegawai",
            "pemutus",
            "keputusan_oleh__pegawai",
            "diputuskan_oleh__pegawai",
        )

    def open(self) -> "KeberatanQuerySet":
        return self.filter(status=Keberatan.Status.DIAJUKAN)

    def to_decide_by(self, user, *, today) -> "KeberatanQuerySet":
        """Objections this user decides: those assigned to them; for the review team also those
        assigned to nobody (the decider had no supervisor) or to someone no longer active."""
        pegawai = getattr(user, "pegawai", None)
        mine = Q(pemutus=pegawai) if pegawai is not None else Q(pk__in=[])
        if user.is_tim_penilai:
            mine |= Q(pemutus__isnull=True) | Q(pemutus__aktif_selesai__lt=today)
        # Never one's own objection, nor one against one's own decision (services.may_decide).
        return self.filter(mine).exclude(pegawai__user=user).exclude(keputusan_oleh=user)


class Keberatan(models.Model):
    """A staff member's objection to a rejection or a correction of one of their entries, and
    its outcome: who decided, when, which way and why.

    The decision objected to is copied onto the row when the objection is made (who, when,
    the history row, the minutes that counted), so the record stands whatever happens later.
    """

    class Status(models.TextChoices):
        DIAJUKAN = "diajukan", _("Diajukan")
        DIKABULKAN = "dikabulkan", _("Dikabulkan")
        DITOLAK = "ditolak", _("Ditolak")

    class Jenis(models.TextChoices):
        PENOLAKAN = "penolakan", _("Penolakan entri")
        KOREKSI = "koreksi", _("Koreksi menit")

    entri = models.ForeignKey(
        Entri, verbose_name=_("entri"), on_delete=models.CASCADE, related_name="keberatan"
    )
    pegawai = models.ForeignKey(
        Pegawai, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="keberatan"
    )
    alasan = models.TextField(_("alasan keberatan"), max_length=2000)
    diajukan_pada = models.DateTimeField(_("diajukan pada"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DIAJUKAN
    )

    # The decision objected to.
    jenis = models.CharField(_("keberatan atas"), max_length=10, choices=Jenis.choices)
    keputusan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan semula oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    keputusan_pada = models.DateTimeField(_("diputuskan semula pada"))
    keputusan_catatan = models.TextField(_("alasan keputusan semula"), blank=True)
    riwayat = models.ForeignKey(
        RiwayatEntri,
        verbose_name=_("riwayat keputusan semula"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Minutes the entry counted for when the objection was made (0 for a rejected entry),
    # and after the objection was decided.
    menit_sebelum = models.PositiveIntegerField(_("menit dihitung sebelum"))
    menit_sesudah = models.PositiveIntegerField(_("menit dihitung sesudah"), null=True, blank=True)

    # Who decides: the supervisor of the person who made the decision, on the day of the
    # objection; empty when that person has none (the review team decides).
    pemutus = models.ForeignKey(
        Pegawai,
        verbose_name=_("pemutus keberatan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="keberatan_diputuskan",
    )
    diputuskan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    diputuskan_pada = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    alasan_keputusan = models.TextField(_("alasan keputusan"), blank=True)

    objects = KeberatanQuerySet.as_manager()

    class Meta:
        verbose_name = _("keberatan")
        verbose_name_plural = _("keberatan")
        ordering = ["-diajukan_pada", "-id"]
        indexes = [
            models.Index(fields=["pemutus", "status"]),
            models.Index(fields=["pegawai", "diajukan_pada"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["entri"],
                condition=Q(status="diajukan"),
                name="keberatan_satu_terbuka_per_entri",
                violation_error_message=_("Entri ini sudah punya keberatan yang belum diputuskan."),
            ),
            models.UniqueConstraint(
                fields=["entri", "keputusan_pada"],
                name="keberatan_satu_per_keputusan",
                violation_error_message=_("Keputusan ini sudah pernah diajukan keberatan."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["diajukan", "dikabulkan", "ditolak"]),
                name="keberatan_status_dikenal",
            ),
            models.CheckConstraint(
                condition=Q(jenis__in=["penolakan", "koreksi"]), name="keberatan_jenis_dikenal"
            ),
            # Open: nothing decided yet. Decided: when, and the minutes it left.
            models.CheckConstraint(
                condition=(
                    Q(status="diajukan", diputuskan_pada__isnull=True, menit_sesudah__isnull=True)
                    | (
                        ~Q(status="diajukan")
                        & Q(diputuskan_pada__isnull=False, menit_sesudah__isnull=False)
                    )
                ),
                name="keberatan_keputusan_lengkap",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.entri} ({self.get_status_display()})"

    @property
    def is_terbuka(self) -> bool:
        return self.status == self.Status.DIAJUKAN

    @property
    def selisih_menit(self) -> int | None:
        """How many minutes the outcome added to what the entry counted for."""
        if self.menit_sesudah is None:
            return None
        return self.menit_sesudah - self.menit_sebelum
