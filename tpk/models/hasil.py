"""The rows the monthly close writes: each run of the close is a `PenutupanPeriode`; it writes
one `HasilTPK` per staff member for (periode, revisi) with a snapshot of who the person was that
month and every figure of `tpk.calculation`. A reopen (`PembukaanPeriode`) is a decision of its
own (who, when, why); the next close then writes revision + 1, and the old revision's rows stay
for the comparison.
"""

from django.conf import settings
from django.db import connection, models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from pegawai.models import Pegawai, Periode, UnitKerja

from .. import calculation
from .aturan import AturanTPK


class PenutupanPeriodeQuerySet(models.QuerySet):
    def selesai(self) -> "PenutupanPeriodeQuerySet":
        return self.filter(status=PenutupanPeriode.Status.SELESAI)


class PenutupanPeriode(models.Model):
    """One run of the close of a month: a progress bar while it runs, the record afterwards.

    A failed or crashed run stays as history; a rerun of the same revision is a new row. The
    database allows one running run per month and one finished run per revision.
    """

    class Status(models.TextChoices):
        BERJALAN = "berjalan", _("Berjalan")
        SELESAI = "selesai", _("Selesai")
        GAGAL = "gagal", _("Gagal")

    periode = models.ForeignKey(
        Periode, verbose_name=_("periode"), on_delete=models.PROTECT, related_name="penutupan"
    )
    revisi = models.PositiveSmallIntegerField(_("revisi"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.BERJALAN
    )
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dijalankan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Kosong: dijalankan oleh sistem (jadwal bulanan)."),
    )
    aturan = models.ForeignKey(
        AturanTPK,
        verbose_name=_("aturan TPK"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    mulai_pada = models.DateTimeField(_("mulai"))
    diperbarui_pada = models.DateTimeField(
        _("terakhir diperbarui"),
        help_text=_("Diperbarui bersama kemajuan, sehingga penutupan yang macet ketahuan."),
    )
    selesai_pada = models.DateTimeField(_("selesai"), null=True, blank=True)
    total = models.PositiveIntegerField(_("jumlah pegawai"), default=0)
    diproses = models.PositiveIntegerField(_("sudah diproses"), default=0)
    peringatan = models.JSONField(_("peringatan"), default=list, blank=True)
    pesan_galat = models.TextField(_("pesan galat"), blank=True)

    objects = PenutupanPeriodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("penutupan periode")
        verbose_name_plural = _("penutupan periode")
        ordering = ["-mulai_pada"]
        constraints = [
            models.UniqueConstraint(
                fields=["periode"],
                condition=Q(status="berjalan"),
                name="penutupan_satu_berjalan",
            ),
            models.UniqueConstraint(
                fields=["periode", "revisi"],
                condition=Q(status="selesai"),
                name="penutupan_revisi_selesai_unik",
            ),
            models.CheckConstraint(condition=Q(revisi__gte=1), name="penutupan_revisi_mulai_1"),
            models.CheckConstraint(
                condition=Q(diproses__lte=F("total")), name="penutupan_diproses_maks_total"
            ),
            models.CheckConstraint(
                condition=Q(status="berjalan") | Q(selesai_pada__isnull=False),
                name="penutupan_selesai_ada_waktunya",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.periode_id} rev. {self.revisi}: {self.get_status_display()}"

    @property
    def persen_progres(self) -> int:
        """Whole percent done, for a progress bar."""
        if self.status == self.Status.SELESAI:
            return 100
        return self.diproses * 100 // self.total if self.total else 0


class PembukaanPeriode(models.Model):
    """A reopen of a closed month: who, when and why. Revision `revisi` stays as it was; the
    next close writes `revisi + 1`."""

    periode = models.ForeignKey(
        Periode, verbose_name=_("periode"), on_delete=models.PROTECT, related_name="pembukaan"
    )
    revisi = models.PositiveSmallIntegerField(_("revisi yang dibuka"))
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuka oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pada = models.DateTimeField(_("dibuka pada"))
    alasan = models.TextField(_("alasan"))

    class Meta:
        verbose_name = _("pembukaan periode")
        verbose_name_plural = _("pembukaan periode")
        ordering = ["-pada"]
        constraints = [
            models.UniqueConstraint(
                fields=["periode", "revisi"], name="pembukaan_sekali_per_revisi"
            ),
            models.CheckConstraint(condition=~Q(alasan=""), name="pembukaan_alasan_wajib"),
        ]

    def __str__(self) -> str:
        return f"{self.periode_id} rev. {self.revisi} ({self.pada:%Y-%m-%d})"


def opd_per_unit() -> dict[int, int]:
    """Every unit's OPD, the top of its branch of the org tree (the unit without `induk`), in
    one query: what `HasilTPK.opd` records."""
    table = UnitKerja._meta.db_table
    sql = (
        f"WITH RECURSIVE akar(id, opd_id) AS (SELECT id, id FROM {table} "  # noqa: S608
        f"WHERE induk_id IS NULL UNION ALL SELECT u.id, akar.opd_id FROM {table} u "
        "JOIN akar ON u.induk_id = akar.id) SELECT id, opd_id FROM akar"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


class HasilTPKQuerySet(models.QuerySet):
    def of_revisi(self, periode: Periode | int, revisi: int) -> "HasilTPKQuerySet":
        return self.filter(periode=periode, revisi=revisi)

    def for_opd(self, periode: Periode | int, revisi: int, opd: UnitKerja | int):
        """One OPD's list for one revision, by name (the finance list; index hasiltpk_opd_nama)."""
        return self.filter(periode=periode, revisi=revisi, opd=opd).order_by("nama", "nip")


class HasilTPK(models.Model):
    """The TPK of one staff member for one month and revision, frozen: who they were (name,
    golongan, position, unit, supervisor, bank account) and every figure of the calculation.

    Money is whole rupiah except `dasar`, the prorated base, kept to sen (docs/TPK.md).
    Percentages (produktivitas, disiplin, …) are percents with 4 places.
    """

    periode = models.ForeignKey(
        Periode,
        verbose_name=_("periode"),
        on_delete=models.PROTECT,
        related_name="hasil_tpk",
        db_index=False,  # the unique (periode, revisi, pegawai) index leads with it
    )
    revisi = models.PositiveSmallIntegerField(_("revisi"))
    penutupan = models.ForeignKey(
        PenutupanPeriode,
        verbose_name=_("penutupan"),
        on_delete=models.PROTECT,
        related_name="hasil",
        db_index=False,  # found by (periode, revisi); no query starts from the run
    )
    pegawai = models.ForeignKey(
        Pegawai, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="hasil_tpk"
    )
    aturan = models.ForeignKey(
        AturanTPK, verbose_name=_("aturan TPK"), on_delete=models.PROTECT, related_name="hasil"
    )
    dihitung_pada = models.DateTimeField(_("dihitung pada"))

    # Who the person was in the month (snapshot; the FKs are for links and filters only).
    nip = models.CharField(_("NIP"), max_length=18)
    nama = models.CharField(_("nama"), max_length=150)
    gelar_depan = models.CharField(_("gelar depan"), max_length=50, blank=True)
    gelar_belakang = models.CharField(_("gelar belakang"), max_length=80, blank=True)
    golongan = models.CharField(_("golongan"), max_length=5)
    jenis_asn = models.CharField(_("jenis ASN"), max_length=4, choices=Pegawai.JenisAsn.choices)
    jabatan = models.ForeignKey(
        "pegawai.Jabatan",
        verbose_name=_("jabatan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    jabatan_nama = models.CharField(_("nama jabatan"), max_length=200, blank=True)
    kelas = models.PositiveSmallIntegerField(_("kelas jabatan"), null=True, blank=True)
    unit = models.ForeignKey(
        UnitKerja,
        verbose_name=_("unit kerja"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # index hasiltpk_unit
    )
    unit_nama = models.CharField(_("nama unit kerja"), max_length=200)
    opd = models.ForeignKey(
        UnitKerja,
        verbose_name=_("OPD"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # index hasiltpk_opd_nama
        help_text=_("Unit teratas (tanpa induk) di atas unit kerja pegawai."),
    )
    opd_nama = models.CharField(_("nama OPD"), max_length=200)
    atasan = models.ForeignKey(
        Pegawai,
        verbose_name=_("atasan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    atasan_nip = models.CharField(_("NIP atasan"), max_length=18, blank=True)
    atasan_nama = models.CharField(_("nama atasan"), max_length=250, blank=True)
    bank = models.CharField(_("bank"), max_length=80, blank=True)
    nomor_rekening = models.CharField(_("nomor rekening"), max_length=30, blank=True)
    npwp = models.CharField(_("NPWP"), max_length=20, blank=True)

    # The figures (tpk.calculation.PerhitunganTPK.as_fields()).
    hari_kerja = models.PositiveSmallIntegerField(_("hari kerja"))
    hari_kerja_jadwal = models.PositiveSmallIntegerField(_("hari kerja jadwal"))
    target_menit = models.PositiveIntegerField(_("target (menit)"))
    menit_disetujui = models.PositiveIntegerField(_("menit disetujui"))
    menit_kredit = models.PositiveIntegerField(_("menit kredit"))
    produktivitas = models.DecimalField(
        _("produktivitas (%)"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    potongan_persen = models.DecimalField(
        _("potongan disiplin (%)"), max_digits=7, decimal_places=4
    )
    disiplin = models.DecimalField(_("disiplin (%)"), max_digits=7, decimal_places=4)
    perilaku = models.DecimalField(
        _("perilaku (%)"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    nilai_tim = models.DecimalField(
        _("nilai tim penilai (%)"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    skor = models.DecimalField(_("skor"), max_digits=5, decimal_places=2, null=True, blank=True)
    predikat = models.CharField(_("predikat"), max_length=2, blank=True)
    predikat_nama = models.CharField(_("nama predikat"), max_length=50, blank=True)
    persen_bayar = models.DecimalField(_("persentase bayar (%)"), max_digits=5, decimal_places=2)
    tarif_kelas = models.DecimalField(_("tarif kelas (Rp)"), max_digits=15, decimal_places=0)
    faktor_status = models.DecimalField(_("faktor status"), max_digits=5, decimal_places=4)
    dasar = models.DecimalField(_("dasar TPK (Rp)"), max_digits=17, decimal_places=2)
    bruto = models.DecimalField(_("bruto (Rp)"), max_digits=15, decimal_places=0)
    tarif_pajak = models.DecimalField(_("tarif PPh 21 (%)"), max_digits=5, decimal_places=2)
    pph21 = models.DecimalField(_("PPh 21 (Rp)"), max_digits=15, decimal_places=0)
    bpjs = models.DecimalField(_("BPJS (Rp)"), max_digits=15, decimal_places=0)
    netto = models.DecimalField(_("netto (Rp)"), max_digits=15, decimal_places=0)
    potongan_harian = models.JSONField(_("potongan per hari"), default=list, blank=True)
    flags = models.JSONField(_("tanda"), default=list, blank=True)
    trace = models.JSONField(_("rincian perhitungan"), default=list, blank=True)

    objects = HasilTPKQuerySet.as_manager()

    class Meta:
        verbose_name = _("hasil TPK")
        verbose_name_plural = _("hasil TPK")
        indexes = [
            models.Index(fields=["periode", "revisi", "opd", "nama"], name="hasiltpk_opd_nama"),
            models.Index(fields=["periode", "revisi", "unit"], name="hasiltpk_unit"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["periode", "revisi", "pegawai"], name="hasiltpk_sekali_per_revisi"
            ),
            models.CheckConstraint(condition=Q(revisi__gte=1), name="hasiltpk_revisi_mulai_1"),
            models.CheckConstraint(
                condition=Q(bruto__gte=0, pph21__gte=0, bpjs__gte=0, dasar__gte=0),
                name="hasiltpk_uang_tidak_negatif",
            ),
            models.CheckConstraint(
                condition=Q(netto=F("bruto") - F("pph21") - F("bpjs")),
                name="hasiltpk_netto_bruto_dikurangi_potongan",
            ),
            models.CheckConstraint(
                condition=Q(skor__isnull=True) | Q(skor__gte=0, skor__lte=100),
                name="hasiltpk_skor_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nama} ({self.nip}) {self.periode_id} rev. {self.revisi}"

    @property
    def nama_lengkap(self) -> str:
        """Name with titles as printed, from the snapshot."""
        nama = f"{self.gelar_depan} {self.nama}".strip()
        return f"{nama}, {self.gelar_belakang}" if self.gelar_belakang else nama

    @property
    def flag_labels(self) -> list[str]:
        return [str(calculation.FLAG_LABEL.get(f, f)) for f in self.flags]
