from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = ["Notifikasi"]


class NotifikasiQuerySet(models.QuerySet):
    def for_user(self, user) -> "NotifikasiQuerySet":
        return self.filter(penerima=user)

    def unread(self) -> "NotifikasiQuerySet":
        return self.filter(dibaca_pada__isnull=True)

    def unread_first(self) -> "NotifikasiQuerySet":
        """Unread on top, each part newest first."""
        unread = Q(dibaca_pada__isnull=True)
        return self.order_by(
            models.Case(models.When(unread, then=0), default=1), "-dibuat_pada", "-id"
        )

    def unread_count(self, user) -> int:
        """What the navigation shows next to the bell: one query."""
        return self.for_user(user).unread().count()


class Notifikasi(models.Model):
    """A message to one user in the app; e-mailed too where the user has an address."""

    class Jenis(models.TextChoices):
        DITOLAK = "ditolak", _("Entri ditolak")
        DIKOREKSI = "dikoreksi", _("Menit entri dikoreksi")
        KEBERATAN = "keberatan", _("Keberatan")
        KEBERATAN_DIPUTUSKAN = "keberatan_diputuskan", _("Keberatan diputuskan")
        PENGINGAT_ATASAN = "pengingat_atasan", _("Pengingat entri menunggu keputusan")
        PENGINGAT_PEGAWAI = "pengingat_pegawai", _("Pengingat mengisi aktivitas")
        BATAS_VALIDASI = "batas_validasi", _("Batas validasi mendekat")

    penerima = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penerima"),
        on_delete=models.CASCADE,
        related_name="notifikasi",
    )
    jenis = models.CharField(_("jenis"), max_length=30, choices=Jenis.choices)
    judul = models.CharField(_("judul"), max_length=200)
    pesan = models.TextField(_("pesan"), blank=True)
    url = models.CharField(_("tautan"), max_length=300, blank=True)
    dibuat_pada = models.DateTimeField(_("dibuat pada"))
    dibaca_pada = models.DateTimeField(_("dibaca pada"), null=True, blank=True)
    email_terkirim_pada = models.DateTimeField(_("e-mail terkirim pada"), null=True, blank=True)
    # What makes a scheduled reminder "the same one" (e.g. "pengingat_pegawai:2026-05-12"): a
    # rerun of the job on the same day or week inserts nothing. Empty for one-off messages.
    kunci = models.CharField(_("kunci"), max_length=100, null=True, blank=True)

    objects = NotifikasiQuerySet.as_manager()

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-dibuat_pada", "-id"]
        indexes = [models.Index(fields=["penerima", "dibaca_pada", "dibuat_pada"])]
        constraints = [
            models.UniqueConstraint(
                fields=["kunci", "penerima"],
                condition=Q(kunci__isnull=False),
                name="notifikasi_kunci_unik_per_penerima",
            ),
        ]

    def __str__(self) -> str:
        return self.judul

    @property
    def is_dibaca(self) -> bool:
        return self.dibaca_pada is not None
