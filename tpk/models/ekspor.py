"""The files finance takes to the bank: one `EksporTPK` per generated file (an OPD's TPK list as
PDF or XLSX, or its bank transfer CSV) for one month and revision, with who asked for it, the
signers printed on it, and the SHA-256 of what was stored.

The file is kept through Django's storage API and served only by a view that checks access
(`tpk.views_ekspor`). A reopen of the month marks the exports of the reopened revision as
superseded (`diganti_pada`): they stay, labelled, and the next close makes new ones.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pegawai.models import Periode, UnitKerja

from .hasil import PembukaanPeriode


def berkas_path(ekspor: "EksporTPK", filename: str) -> str:
    """tpk/ekspor/2026-07/1.01/<name>: grouped per month and OPD for backups."""
    p = ekspor.periode
    return f"tpk/ekspor/{p.tahun:04d}-{p.bulan:02d}/{ekspor.opd.kode}/{filename}"


class EksporTPKQuerySet(models.QuerySet):
    def for_list(self) -> "EksporTPKQuerySet":
        """What the finance screen shows of each export, in the same query."""
        return self.select_related("opd", "dibuat_oleh__pegawai")

    def aktif(self) -> "EksporTPKQuerySet":
        return self.filter(diganti_pada__isnull=True)


class EksporTPK(models.Model):
    class Format(models.TextChoices):
        PDF = "pdf", _("PDF daftar TPK")
        XLSX = "xlsx", _("XLSX daftar TPK")
        CSV = "csv", _("CSV transfer bank")

    class Kertas(models.TextChoices):
        A4 = "A4", _("A4 lanskap")
        F4 = "F4", _("F4 lanskap (215 × 330 mm)")

    class Status(models.TextChoices):
        ANTRI = "antri", _("Dalam antrean")
        SELESAI = "selesai", _("Selesai")
        GAGAL = "gagal", _("Gagal")

    periode = models.ForeignKey(
        Periode, verbose_name=_("periode"), on_delete=models.PROTECT, related_name="ekspor_tpk"
    )
    revisi = models.PositiveSmallIntegerField(_("revisi"))
    opd = models.ForeignKey(
        UnitKerja,
        verbose_name=_("OPD"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # index eksportpk_opd
    )
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    kertas = models.CharField(_("ukuran kertas"), max_length=2, choices=Kertas.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.ANTRI
    )
    otomatis = models.BooleanField(
        _("otomatis"),
        default=False,
        help_text=_("Dibuat oleh sistem setelah penutupan periode, bukan atas permintaan."),
    )

    berkas = models.FileField(_("berkas"), upload_to=berkas_path, max_length=255, blank=True)
    nama_berkas = models.CharField(_("nama berkas unduhan"), max_length=150, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    ukuran = models.PositiveIntegerField(_("ukuran (bita)"), default=0)
    jumlah_pegawai = models.PositiveIntegerField(_("jumlah pegawai"), default=0)
    jumlah_netto = models.DecimalField(
        _("jumlah netto (Rp)"), max_digits=17, decimal_places=0, default=0
    )
    peringatan = models.JSONField(_("peringatan"), default=list, blank=True)
    pesan_galat = models.TextField(_("pesan galat"), blank=True)

    # Printed on the PDF (and the XLSX's footer): editable per export.
    kepala_jabatan = models.CharField(_("jabatan kepala OPD"), max_length=250, blank=True)
    kepala_nama = models.CharField(_("nama kepala OPD"), max_length=250, blank=True)
    kepala_nip = models.CharField(_("NIP kepala OPD"), max_length=18, blank=True)
    bendahara_nama = models.CharField(_("nama bendahara pengeluaran"), max_length=250, blank=True)
    bendahara_nip = models.CharField(_("NIP bendahara pengeluaran"), max_length=18, blank=True)
    tempat = models.CharField(_("tempat"), max_length=100, blank=True)
    tanggal = models.DateField(_("tanggal penandatanganan"))

    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diminta oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Kosong: dibuat oleh sistem setelah penutupan."),
    )
    dibuat_pada = models.DateTimeField(_("diminta pada"))
    selesai_pada = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    diganti_pada = models.DateTimeField(
        _("diganti pada"),
        null=True,
        blank=True,
        help_text=_(
            "Periode dibuka kembali: berkas ini tidak berlaku lagi, disimpan sebagai arsip."
        ),
    )
    pembukaan = models.ForeignKey(
        PembukaanPeriode,
        verbose_name=_("diganti karena pembukaan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ekspor_diganti",
        db_index=False,
    )

    objects = EksporTPKQuerySet.as_manager()

    class Meta:
        verbose_name = _("ekspor TPK")
        verbose_name_plural = _("ekspor TPK")
        ordering = ["-dibuat_pada", "-id"]
        indexes = [
            models.Index(fields=["periode", "opd", "format"], name="eksportpk_opd"),
        ]
        constraints = [
            # A rerun of the after-close task makes no second automatic file.
            models.UniqueConstraint(
                fields=["periode", "revisi", "opd", "format"],
                condition=Q(otomatis=True),
                name="eksportpk_otomatis_sekali",
            ),
            models.CheckConstraint(condition=Q(revisi__gte=1), name="eksportpk_revisi_mulai_1"),
            models.CheckConstraint(
                condition=(Q(format="pdf") & ~Q(kertas="")) | (~Q(format="pdf") & Q(kertas="")),
                name="eksportpk_kertas_hanya_pdf",
            ),
            models.CheckConstraint(
                condition=~Q(status="selesai")
                | (~Q(berkas="") & ~Q(sha256="") & Q(selesai_pada__isnull=False)),
                name="eksportpk_selesai_ada_berkas",
            ),
            models.CheckConstraint(
                condition=Q(diganti_pada__isnull=True) | Q(pembukaan__isnull=False),
                name="eksportpk_diganti_karena_pembukaan",
            ),
        ]

    def __str__(self) -> str:
        kertas = f" {self.kertas}" if self.kertas else ""
        return f"{self.periode_id} rev. {self.revisi} {self.opd_id} {self.format}{kertas}"

    @property
    def is_diganti(self) -> bool:
        return self.diganti_pada is not None

    @property
    def is_selesai(self) -> bool:
        return self.status == self.Status.SELESAI

    @property
    def label(self) -> str:
        """ "PDF A4", "XLSX", "CSV bank": a cell of the finance screen."""
        if self.format == self.Format.PDF:
            return f"PDF {self.kertas}"
        return "XLSX" if self.format == self.Format.XLSX else _("CSV bank")
