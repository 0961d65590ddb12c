"""Attendance (domain.md, "Kehadiran"): one record per person per working day, the machine scans
it was classified from, leave and duty ranges entered by the admin, and every person's decision
on a day as a history row. The rules are in pegawai/kehadiran.py (pure), the writes in
pegawai/services_kehadiran.py, the reads the other apps make in pegawai/kehadiran_query.py.

Precedence, highest first: a correction (koreksi) of that day, an active leave range (izin), a
daily summary import (harian), the machine scans (mesin). Imports never overwrite a person's
decision; a leave range never overwrites a correction.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .. import kehadiran as rules
from .organisasi import Pegawai


class KodeKehadiran(models.TextChoices):
    HADIR = rules.H, _("Hadir")
    TANPA_KETERANGAN = rules.TK, _("Tanpa keterangan")
    DINAS_LUAR = rules.DL, _("Dinas luar")
    CUTI_TAHUNAN = rules.CT, _("Cuti tahunan")
    CUTI_SAKIT = rules.CS, _("Cuti sakit")
    CUTI_MELAHIRKAN = rules.CM, _("Cuti melahirkan")
    CUTI_ALASAN_PENTING = rules.CAP, _("Cuti alasan penting")
    IZIN = rules.IZIN, _("Izin")

    @classmethod
    def izin_choices(cls) -> list[tuple[str, str]]:
        """The codes a leave or duty range may carry."""
        return [(value, label) for value, label in cls.choices if value in rules.KODE_IZIN]


_BAND = Q(tl__gte=0, tl__lte=4, psw__gte=0, psw__lte=4)


class IzinQuerySet(models.QuerySet):
    def aktif(self) -> "IzinQuerySet":
        return self.filter(dibatalkan_pada__isnull=True)

    def overlapping(self, mulai, selesai) -> "IzinQuerySet":
        return self.filter(mulai__lte=selesai, selesai__gte=mulai)


class Izin(models.Model):
    """Leave or duty over a date range (DL, CT, CS, CM, CAP, I), entered by an admin with a
    reason; it decides every working day of the range except corrected ones. Never deleted:
    a mistake is cancelled, with a reason, and the days are classified again."""

    pegawai = models.ForeignKey(
        Pegawai, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="izin"
    )
    kode = models.CharField(_("jenis"), max_length=3, choices=KodeKehadiran.izin_choices())
    mulai = models.DateField(_("mulai"))
    selesai = models.DateField(_("sampai"))
    alasan = models.TextField(_("alasan"))
    dasar = models.CharField(_("dasar (nomor surat)"), max_length=200, blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dibuat_pada = models.DateTimeField(_("dibuat pada"))
    dibatalkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dibatalkan_pada = models.DateTimeField(_("dibatalkan pada"), null=True, blank=True)
    alasan_batal = models.TextField(_("alasan pembatalan"), blank=True)

    objects = IzinQuerySet.as_manager()

    class Meta:
        verbose_name = _("izin/cuti")
        verbose_name_plural = _("izin/cuti")
        ordering = ["-mulai", "-id"]
        indexes = [models.Index(fields=["pegawai", "mulai"]), models.Index(fields=["mulai"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__gte=models.F("mulai")),
                name="izin_selesai_setelah_mulai",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            ),
            models.CheckConstraint(
                condition=Q(kode__in=rules.KODE_IZIN), name="izin_kode_izin_atau_cuti"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kode} {self.mulai:%d-%m-%Y} – {self.selesai:%d-%m-%Y}"

    @property
    def is_aktif(self) -> bool:
        return self.dibatalkan_pada is None

    @property
    def jumlah_hari(self) -> int:
        """Calendar days of the range (the working days among them depend on the schedule)."""
        return (self.selesai - self.mulai).days + 1


class KehadiranQuerySet(models.QuerySet):
    def bulan(self, tahun: int, bulan: int) -> "KehadiranQuerySet":
        from ..jadwal import rentang_bulan

        return self.filter(tanggal__range=rentang_bulan(tahun, bulan))

    def tidak_hadir(self) -> "KehadiranQuerySet":
        """Days of leave, duty or absence: no entry of work is expected on them."""
        return self.filter(kode__in=rules.KODE_TIDAK_HADIR)

    def rekap(self) -> "models.QuerySet":
        """Counts per person as one SQL aggregate: days per code (keys h, tk, dl, ct, cs, cm,
        cap, i) and per band (tl1…tl4, psw1…psw4)."""
        counts = {kode.lower(): Count("id", filter=Q(kode=kode)) for kode in rules.KODE}
        counts |= {f"tl{b}": Count("id", filter=Q(tl=b)) for b in rules.BAND}
        counts |= {f"psw{b}": Count("id", filter=Q(psw=b)) for b in rules.BAND}
        return self.order_by().values("pegawai_id").annotate(**counts)


class Kehadiran(models.Model):
    """A person's attendance on one working day: the code, the TL and PSW bands (a day can carry
    one of each: TL2 and PSW1 are tl=2, psw=1 with kode H), the scan times and minutes, and
    which source decided it."""

    class Sumber(models.TextChoices):
        MESIN = "mesin", _("Mesin absen")
        HARIAN = "harian", _("Rekap harian")
        IZIN = "izin", _("Izin/cuti")
        KOREKSI = "koreksi", _("Koreksi")

    pegawai = models.ForeignKey(
        Pegawai, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="kehadiran"
    )
    tanggal = models.DateField(_("tanggal"))
    kode = models.CharField(_("kode"), max_length=3, choices=KodeKehadiran.choices)
    tl = models.PositiveSmallIntegerField(_("TL (terlambat)"), default=0)
    psw = models.PositiveSmallIntegerField(_("PSW (pulang sebelum waktu)"), default=0)
    jam_masuk = models.DateTimeField(_("jam masuk"), null=True, blank=True)
    jam_pulang = models.DateTimeField(_("jam pulang"), null=True, blank=True)
    menit_terlambat = models.PositiveIntegerField(_("menit terlambat"), default=0)
    menit_pulang_cepat = models.PositiveIntegerField(_("menit pulang cepat"), default=0)
    sumber = models.CharField(_("sumber"), max_length=10, choices=Sumber.choices)
    izin = models.ForeignKey(
        Izin,
        verbose_name=_("izin/cuti"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hari",
    )
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    diubah_pada = models.DateTimeField(_("diubah pada"))

    objects = KehadiranQuerySet.as_manager()

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        ordering = ["tanggal", "pegawai_id"]
        # (tanggal) alone: the close and the anomaly scan read a month across everyone.
        indexes = [models.Index(fields=["tanggal"])]
        constraints = [
            models.UniqueConstraint(fields=["pegawai", "tanggal"], name="kehadiran_satu_per_hari"),
            models.CheckConstraint(condition=_BAND, name="kehadiran_band_0_4"),
            models.CheckConstraint(
                condition=Q(kode=rules.H) | Q(tl=0, psw=0), name="kehadiran_band_hanya_hadir"
            ),
            models.CheckConstraint(
                condition=Q(sumber="izin", izin__isnull=False) | ~Q(sumber="izin"),
                name="kehadiran_sumber_izin_punya_izin",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tanggal:%d-%m-%Y} {self.tampil}"

    @property
    def tampil(self) -> str:
        return rules.kode_tampil(self.kode, self.tl, self.psw)


class LogAbsen(models.Model):
    """One scan of a fingerprint machine, as imported: the evidence a day is classified from.
    A scan repeated in a file, or in another file, is stored once.

    No database foreign key: a pemda's month is a million scans written in one statement, and
    PostgreSQL would check each against the staff table at commit (a quarter of the import).
    Every pegawai_id comes from the staff looked up by PIN and locked in the same transaction;
    Django still deletes a person's scans with them."""

    pegawai = models.ForeignKey(
        Pegawai,
        verbose_name=_("pegawai"),
        on_delete=models.CASCADE,
        related_name="log_absen",
        db_constraint=False,
    )
    waktu = models.DateTimeField(_("waktu"))

    class Meta:
        verbose_name = _("log mesin absen")
        verbose_name_plural = _("log mesin absen")
        ordering = ["pegawai_id", "waktu"]
        constraints = [
            models.UniqueConstraint(fields=["pegawai", "waktu"], name="logabsen_sekali"),
        ]

    def __str__(self) -> str:
        return f"{self.pegawai_id} {self.waktu:%Y-%m-%d %H:%M:%S}"


class RiwayatKehadiran(models.Model):
    """A decision on a person's day: a correction, a leave range entered or cancelled, with who,
    when, the code before and after, and why. An empty `dari_kode` means the day had no record;
    an empty `ke_kode` means the record was removed."""

    class Aksi(models.TextChoices):
        KOREKSI = "koreksi", _("Koreksi")
        KOREKSI_BATAL = "koreksi_batal", _("Koreksi dibatalkan")
        IZIN = "izin", _("Izin/cuti dicatat")
        IZIN_BATAL = "izin_batal", _("Izin/cuti dibatalkan")

    pegawai = models.ForeignKey(
        Pegawai,
        verbose_name=_("pegawai"),
        on_delete=models.CASCADE,
        related_name="riwayat_kehadiran",
    )
    tanggal = models.DateField(_("tanggal"))
    aksi = models.CharField(_("aksi"), max_length=15, choices=Aksi.choices)
    dari_kode = models.CharField(_("dari kode"), max_length=3, blank=True)
    dari_tl = models.PositiveSmallIntegerField(default=0)
    dari_psw = models.PositiveSmallIntegerField(default=0)
    dari_sumber = models.CharField(_("dari sumber"), max_length=10, blank=True)
    ke_kode = models.CharField(_("ke kode"), max_length=3, blank=True)
    ke_tl = models.PositiveSmallIntegerField(default=0)
    ke_psw = models.PositiveSmallIntegerField(default=0)
    ke_sumber = models.CharField(_("ke sumber"), max_length=10, blank=True)
    alasan = models.TextField(_("alasan"))
    izin = models.ForeignKey(
        Izin,
        verbose_name=_("izin/cuti"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="riwayat",
    )
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pada = models.DateTimeField(_("pada"))

    class Meta:
        verbose_name = _("riwayat kehadiran")
        verbose_name_plural = _("riwayat kehadiran")
        ordering = ["pada", "id"]
        indexes = [models.Index(fields=["pegawai", "tanggal"])]

    def __str__(self) -> str:
        return f"{self.tanggal:%d-%m-%Y} {self.dari_tampil or '-'} → {self.ke_tampil or '-'}"

    @property
    def dari_tampil(self) -> str:
        return rules.kode_tampil(self.dari_kode, self.dari_tl, self.dari_psw)

    @property
    def ke_tampil(self) -> str:
        return rules.kode_tampil(self.ke_kode, self.ke_tl, self.ke_psw)
