"""The TPK rules as data (domain.md, "Default TPK rules"; docs/TPK.md): a version (`AturanTPK`)
in force from its `berlaku_mulai` until the next version starts, with child rows for the kelas
jabatan amounts, the deduction per attendance code, the grade bands and the tax rate per
golongan group. A version that a result row uses is not changed any more: the admin copies it
into a new version instead (tpk.admin, tpk.services.copy_aturan).
"""

from collections import Counter
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from pegawai.models import Pegawai

from .. import calculation, pajak
from ..exceptions import TPKError

PECAHAN = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))]
PERSEN = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class KodePotongan(models.TextChoices):
    """Attendance codes (domain.md, "Kehadiran") that a rule version may deduct for."""

    TL1 = "TL1", _("TL1 – terlambat 1–30 menit")
    TL2 = "TL2", _("TL2 – terlambat 31–60 menit")
    TL3 = "TL3", _("TL3 – terlambat 61–90 menit")
    TL4 = "TL4", _("TL4 – terlambat ≥ 91 menit atau tidak absen masuk")
    PSW1 = "PSW1", _("PSW1 – pulang 1–30 menit sebelum waktunya")
    PSW2 = "PSW2", _("PSW2 – pulang 31–60 menit sebelum waktunya")
    PSW3 = "PSW3", _("PSW3 – pulang 61–90 menit sebelum waktunya")
    PSW4 = "PSW4", _("PSW4 – pulang ≥ 91 menit sebelum waktunya atau tidak absen pulang")
    TK = "TK", _("TK – tanpa keterangan")
    I = "I", _("I – izin")  # noqa: E741 (the code's name)


# Codes whose days may count as worked (credit L): duty travel, leave, and (if a pemda wants)
# permission. H needs no credit: a day present is counted by its entries.
KODE_KREDIT = ("DL", "CT", "CS", "CM", "CAP", "I")


class AturanTPKQuerySet(models.QuerySet):
    def with_rincian(self) -> "AturanTPKQuerySet":
        """With the four child tables, for `snapshot()`: one query each, whatever they hold."""
        return self.prefetch_related("tarif_kelas", "potongan", "predikat", "tarif_pajak")

    def for_date(self, tanggal: date) -> "AturanTPK":
        """The version in force on `tanggal`: the one that started last, on or before it."""
        aturan = self.filter(berlaku_mulai__lte=tanggal).order_by("-berlaku_mulai").first()
        if aturan is None:
            raise TPKError(
                _("Tidak ada aturan TPK yang berlaku pada %(tanggal)s.")
                % {"tanggal": date_format(tanggal, "j F Y")}
            )
        return aturan


class AturanTPK(models.Model):
    """One version of the TPK rules, in force from `berlaku_mulai` to the next version."""

    class ModeBayar(models.TextChoices):
        LINEAR = calculation.LINEAR, _("Linear: persentase bayar = skor")
        PER_PREDIKAT = calculation.PER_PREDIKAT, _("Per predikat: persentase tetap per predikat")

    nama = models.CharField(_("nama"), max_length=200)
    berlaku_mulai = models.DateField(
        _("berlaku mulai"),
        unique=True,
        help_text=_("Tanggal 1 bulan pertama yang memakai versi ini."),
        error_messages={"unique": _("Sudah ada versi aturan TPK yang berlaku mulai tanggal ini.")},
    )
    dasar_hukum = models.CharField(
        _("dasar hukum"), max_length=300, blank=True, help_text=_("mis. Perwal No. 12 Tahun 2025")
    )
    bobot_produktivitas = models.DecimalField(
        _("bobot produktivitas"), max_digits=5, decimal_places=4, validators=PECAHAN
    )
    bobot_disiplin = models.DecimalField(
        _("bobot disiplin"), max_digits=5, decimal_places=4, validators=PECAHAN
    )
    bobot_perilaku = models.DecimalField(
        _("bobot perilaku"), max_digits=5, decimal_places=4, validators=PECAHAN
    )
    bobot_nilai_tim = models.DecimalField(
        _("bobot nilai tim penilai"), max_digits=5, decimal_places=4, validators=PECAHAN
    )
    mode_bayar = models.CharField(
        _("mode pembayaran"), max_length=12, choices=ModeBayar.choices, default=ModeBayar.LINEAR
    )
    strategi_pajak = models.CharField(
        _("strategi PPh 21"), max_length=40, choices=pajak.choices, default=pajak.TARIF_GOLONGAN
    )
    tarif_pajak_tetap = models.DecimalField(
        _("tarif PPh 21 tetap (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=PERSEN,
        help_text=_("Hanya dipakai strategi tarif tetap."),
    )
    bpjs_aktif = models.BooleanField(_("potong iuran BPJS"), default=False)
    tarif_bpjs = models.DecimalField(
        _("tarif BPJS (%)"), max_digits=5, decimal_places=2, default=Decimal(1), validators=PERSEN
    )
    faktor_pns = models.DecimalField(
        _("faktor PNS"), max_digits=5, decimal_places=4, validators=PECAHAN
    )
    faktor_cpns = models.DecimalField(
        _("faktor CPNS"), max_digits=5, decimal_places=4, validators=PECAHAN
    )
    faktor_pppk = models.DecimalField(
        _("faktor PPPK"), max_digits=5, decimal_places=4, validators=PECAHAN
    )
    kode_kredit = models.CharField(
        _("kode kehadiran yang dihitung bekerja"),
        max_length=60,
        blank=True,
        help_text=_("Dipisahkan koma; pilihan: DL, CT, CS, CM, CAP, I."),
    )

    objects = AturanTPKQuerySet.as_manager()

    class Meta:
        verbose_name = _("aturan TPK")
        verbose_name_plural = _("aturan TPK")
        ordering = ["-berlaku_mulai"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    bobot_produktivitas__gte=0,
                    bobot_disiplin__gte=0,
                    bobot_perilaku__gte=0,
                    bobot_nilai_tim__gte=0,
                ),
                name="aturantpk_bobot_tidak_negatif",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nama} ({self.berlaku_mulai:%d-%m-%Y})"

    @classmethod
    def for_date(cls, tanggal: date) -> "AturanTPK":
        return cls.objects.for_date(tanggal)

    @property
    def kode_kredit_set(self) -> frozenset[str]:
        return frozenset(_split_kode(self.kode_kredit))

    @property
    def faktor_status(self) -> dict[str, Decimal]:
        return {
            Pegawai.JenisAsn.PNS.value: self.faktor_pns,
            Pegawai.JenisAsn.CPNS.value: self.faktor_cpns,
            Pegawai.JenisAsn.PPPK.value: self.faktor_pppk,
        }

    @property
    def bpjs_persen(self) -> Decimal:
        """The BPJS rate deducted (0 when the version does not deduct it)."""
        return (self.tarif_bpjs or Decimal(0)) if self.bpjs_aktif else Decimal(0)

    def clean(self):
        errors: dict[str, list] = {}
        if self.berlaku_mulai and self.berlaku_mulai.day != 1:
            errors.setdefault("berlaku_mulai", []).append(
                _("Aturan TPK berlaku per bulan: tanggal berlaku mulai harus tanggal 1.")
            )
        weights = (
            self.bobot_produktivitas,
            self.bobot_disiplin,
            self.bobot_perilaku,
            self.bobot_nilai_tim,
        )
        if all(w is not None for w in weights) and sum(weights) != 1:
            errors.setdefault("bobot_produktivitas", []).append(
                _("Jumlah keempat bobot harus 1 (sekarang %(jumlah)s).")
                % {"jumlah": f"{sum(weights).normalize():f}".replace(".", ",")}
            )
        if (
            self.tarif_pajak_tetap is not None
            and self.tarif_bpjs is not None
            and self.tarif_pajak_tetap + self.bpjs_persen > 100
        ):
            errors.setdefault("tarif_pajak_tetap", []).append(
                _("Tarif PPh 21 tetap ditambah BPJS melebihi 100%: TPK bersih akan negatif.")
            )
        try:
            self.kode_kredit = ",".join(_parse_kode_kredit(self.kode_kredit))
        except ValidationError as exc:
            errors.setdefault("kode_kredit", []).extend(exc.messages)
        if errors:
            raise ValidationError(errors)

    def clean_rincian(self) -> None:
        """Check the saved child rows together, as the admin's inline forms do."""
        validate_tarif_kelas([(t.kelas, t.tarif) for t in self.tarif_kelas.all()])
        validate_potongan([(p.kode, p.persen) for p in self.potongan.all()], self.kode_kredit_set)
        validate_predikat(
            [(p.kode, p.nama, p.batas_bawah, p.persen_bayar) for p in self.predikat.all()]
        )
        validate_tarif_pajak(
            [(t.kelompok, t.persen) for t in self.tarif_pajak.all()], bpjs=self.bpjs_persen
        )

    def snapshot(self) -> calculation.Aturan:
        """This version as plain data for `tpk.calculation`; the child rows come from
        `with_rincian()`'s prefetch when present (else one query per table).

        A version that does not pass the admin's checks (rows edited around the admin, a tax
        group missing) is refused here with a readable TPKError, before anyone is computed."""
        try:
            self.full_clean(validate_unique=False, validate_constraints=False)
            self.clean_rincian()
        except ValidationError as exc:
            raise TPKError(
                _("Aturan TPK %(aturan)s tidak bisa dipakai: %(galat)s")
                % {"aturan": self, "galat": " ".join(exc.messages)}
            ) from exc
        return calculation.Aturan(
            id=self.pk,
            nama=self.nama,
            berlaku_mulai=self.berlaku_mulai,
            bobot_produktivitas=self.bobot_produktivitas,
            bobot_disiplin=self.bobot_disiplin,
            bobot_perilaku=self.bobot_perilaku,
            bobot_nilai_tim=self.bobot_nilai_tim,
            mode_bayar=self.mode_bayar,
            strategi_pajak=self.strategi_pajak,
            tarif_pajak_tetap=self.tarif_pajak_tetap,
            bpjs_aktif=self.bpjs_aktif,
            tarif_bpjs=self.tarif_bpjs,
            faktor_status=self.faktor_status,
            kode_kredit=self.kode_kredit_set,
            potongan={p.kode: p.persen for p in self.potongan.all()},
            predikat=tuple(
                calculation.Predikat(p.kode, p.nama, p.batas_bawah, p.persen_bayar)
                for p in self.predikat.all()
            ),
            tarif_kelas={t.kelas: t.tarif for t in self.tarif_kelas.all()},
            pajak_golongan={t.kelompok: t.persen for t in self.tarif_pajak.all()},
        )


def snapshot_for_date(tanggal: date) -> calculation.Aturan:
    """The rule version in force on `tanggal` as a calculation snapshot, in five queries."""
    return AturanTPK.objects.with_rincian().for_date(tanggal).snapshot()


def _split_kode(text: str) -> list[str]:
    return [k for k in text.replace(";", ",").replace(" ", ",").upper().split(",") if k]


def _parse_kode_kredit(text: str) -> list[str]:
    codes = _split_kode(text or "")
    unknown = [k for k in codes if k not in KODE_KREDIT]
    if unknown:
        raise ValidationError(
            _("Kode %(kode)s tidak dikenal; pilih dari %(pilihan)s.")
            % {"kode": ", ".join(unknown), "pilihan": ", ".join(KODE_KREDIT)}
        )
    twice = sorted(k for k, n in Counter(codes).items() if n > 1)
    if twice:
        raise ValidationError(_("Kode %(kode)s tercantum dua kali.") % {"kode": ", ".join(twice)})
    return codes


# Checks across the child rows of one version: run by the admin's inline formsets (on the rows
# being saved) and by AturanTPK.clean_rincian (on the saved rows).


def _rupiah(value) -> str:
    return f"Rp {int(value):,}".replace(",", ".")


def validate_tarif_kelas(rows: list[tuple[int, Decimal]]) -> None:
    if not rows:
        raise ValidationError(_("Isi tarif TPK untuk setidaknya satu kelas jabatan."))
    twice = sorted(k for k, n in Counter(k for k, _t in rows).items() if n > 1)
    if twice:
        raise ValidationError(
            _("Kelas %(kelas)s tercantum dua kali.") % {"kelas": ", ".join(map(str, twice))}
        )
    ordered = sorted(rows)
    for (lower, lower_tarif), (kelas, tarif) in zip(ordered, ordered[1:], strict=False):
        if tarif < lower_tarif:
            raise ValidationError(
                _(
                    "Tarif kelas %(kelas)d (%(tarif)s) lebih kecil dari tarif kelas %(bawah)d "
                    "(%(tarif_bawah)s); kelas yang lebih tinggi tidak boleh dibayar lebih kecil."
                )
                % {
                    "kelas": kelas,
                    "tarif": _rupiah(tarif),
                    "bawah": lower,
                    "tarif_bawah": _rupiah(lower_tarif),
                }
            )


def validate_potongan(rows: list[tuple[str, Decimal]], kode_kredit: frozenset[str]) -> None:
    twice = sorted(k for k, n in Counter(k for k, _p in rows).items() if n > 1)
    if twice:
        raise ValidationError(_("Kode %(kode)s tercantum dua kali.") % {"kode": ", ".join(twice)})
    both = sorted(k for k, persen in rows if k in kode_kredit and persen > 0)
    if both:
        raise ValidationError(
            _("Kode %(kode)s tidak bisa sekaligus dipotong dan dihitung bekerja.")
            % {"kode": ", ".join(both)}
        )


def validate_predikat(rows: list[tuple[str, str, Decimal, Decimal]]) -> None:
    if not rows:
        raise ValidationError(_("Isi setidaknya satu predikat."))
    twice = sorted(k for k, n in Counter(r[0] for r in rows).items() if n > 1)
    if twice:
        raise ValidationError(
            _("Predikat %(kode)s tercantum dua kali.") % {"kode": ", ".join(twice)}
        )
    bands = sorted(rows, key=lambda r: r[2], reverse=True)
    for upper, lower in zip(bands, bands[1:], strict=False):
        if upper[2] == lower[2]:
            raise ValidationError(
                _("Predikat %(a)s dan %(b)s memiliki batas bawah yang sama.")
                % {"a": upper[0], "b": lower[0]}
            )
        if upper[3] < lower[3]:
            raise ValidationError(
                _(
                    "Predikat %(bawah)s membayar lebih besar dari predikat %(atas)s yang lebih "
                    "tinggi; urutkan persentase bayar menurun dari predikat tertinggi."
                )
                % {"bawah": lower[0], "atas": upper[0]}
            )
    if bands[-1][2] != 0:
        raise ValidationError(
            _("Predikat terendah harus mulai dari skor 0, agar setiap skor mendapat predikat.")
        )


def validate_tarif_pajak(rows: list[tuple[str, Decimal]], *, bpjs: Decimal = Decimal(0)) -> None:
    """`bpjs`: the BPJS rate when the version deducts it; tax and BPJS together may not take
    more than the whole gross, or the net would be negative."""
    over = sorted(k for k, persen in rows if persen is not None and persen + bpjs > 100)
    if over:
        raise ValidationError(
            _(
                "Tarif PPh 21 golongan %(kelompok)s ditambah BPJS %(bpjs)s%% melebihi 100%%: "
                "TPK bersih akan negatif."
            )
            % {"kelompok": ", ".join(over), "bpjs": f"{bpjs.normalize():f}".replace(".", ",")}
        )
    twice = sorted(k for k, n in Counter(k for k, _p in rows).items() if n > 1)
    if twice:
        raise ValidationError(
            _("Golongan %(kelompok)s tercantum dua kali.") % {"kelompok": ", ".join(twice)}
        )
    missing = [k for k in pajak.KELOMPOK if k not in {k for k, _p in rows}]
    if missing:
        raise ValidationError(
            _("Tarif PPh 21 golongan %(kelompok)s belum diisi.") % {"kelompok": ", ".join(missing)}
        )


class TarifKelas(models.Model):
    """The monthly TPK amount of one kelas jabatan, before score and status factor."""

    aturan = models.ForeignKey(
        AturanTPK, verbose_name=_("aturan"), on_delete=models.CASCADE, related_name="tarif_kelas"
    )
    kelas = models.PositiveSmallIntegerField(
        _("kelas jabatan"), validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    tarif = models.DecimalField(
        _("tarif (Rp)"), max_digits=15, decimal_places=0, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("tarif kelas jabatan")
        verbose_name_plural = _("tarif kelas jabatan")
        ordering = ["aturan", "kelas"]
        constraints = [
            models.UniqueConstraint(fields=["aturan", "kelas"], name="tarifkelas_unik"),
            models.CheckConstraint(
                condition=Q(kelas__gte=1, kelas__lte=17), name="tarifkelas_kelas_1_17"
            ),
            models.CheckConstraint(condition=Q(tarif__gte=0), name="tarifkelas_tidak_negatif"),
        ]

    def __str__(self) -> str:
        return f"{self.kelas}: {_rupiah(self.tarif)}"


class PotonganKehadiran(models.Model):
    """The percent of the discipline score lost per day with an attendance code."""

    aturan = models.ForeignKey(
        AturanTPK, verbose_name=_("aturan"), on_delete=models.CASCADE, related_name="potongan"
    )
    kode = models.CharField(_("kode kehadiran"), max_length=4, choices=KodePotongan.choices)
    persen = models.DecimalField(
        _("potongan per hari (%)"), max_digits=5, decimal_places=2, validators=PERSEN
    )

    class Meta:
        verbose_name = _("potongan kehadiran")
        verbose_name_plural = _("potongan kehadiran")
        ordering = ["aturan", "kode"]
        constraints = [
            models.UniqueConstraint(fields=["aturan", "kode"], name="potongankehadiran_unik"),
            models.CheckConstraint(
                condition=Q(persen__gte=0, persen__lte=100), name="potongankehadiran_persen_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kode}: {self.persen}%"


class PredikatTPK(models.Model):
    """A grade band: from `batas_bawah` up to the next band's limit."""

    aturan = models.ForeignKey(
        AturanTPK, verbose_name=_("aturan"), on_delete=models.CASCADE, related_name="predikat"
    )
    kode = models.CharField(_("kode"), max_length=2, help_text=_("mis. A"))
    nama = models.CharField(_("nama"), max_length=50, help_text=_("mis. Sangat Baik"))
    batas_bawah = models.DecimalField(
        _("skor terendah"), max_digits=5, decimal_places=2, validators=PERSEN
    )
    persen_bayar = models.DecimalField(
        _("persentase bayar (%)"),
        max_digits=5,
        decimal_places=2,
        validators=PERSEN,
        help_text=_("Dipakai pada mode pembayaran per predikat."),
    )

    class Meta:
        verbose_name = _("predikat")
        verbose_name_plural = _("predikat")
        ordering = ["aturan", "-batas_bawah"]
        constraints = [
            models.UniqueConstraint(fields=["aturan", "kode"], name="predikattpk_kode_unik"),
            models.UniqueConstraint(
                fields=["aturan", "batas_bawah"], name="predikattpk_batas_unik"
            ),
            models.CheckConstraint(
                condition=Q(batas_bawah__gte=0, batas_bawah__lte=100),
                name="predikattpk_batas_0_100",
            ),
            models.CheckConstraint(
                condition=Q(persen_bayar__gte=0, persen_bayar__lte=100),
                name="predikattpk_bayar_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kode} {self.nama} (≥ {self.batas_bawah})"


class TarifPajak(models.Model):
    """The PPh 21 rate of a golongan group, for the `tarif_golongan` strategy (PPPK golongan
    are placed in a group by tpk.pajak.kelompok_golongan)."""

    class Kelompok(models.TextChoices):
        I = "I", _("Golongan I (PPPK I–IV)")  # noqa: E741 (the group's name)
        II = "II", _("Golongan II (PPPK V–VIII)")
        III = "III", _("Golongan III (PPPK IX–XII)")
        IV = "IV", _("Golongan IV (PPPK XIII–XVII)")

    aturan = models.ForeignKey(
        AturanTPK, verbose_name=_("aturan"), on_delete=models.CASCADE, related_name="tarif_pajak"
    )
    kelompok = models.CharField(_("golongan"), max_length=3, choices=Kelompok.choices)
    persen = models.DecimalField(_("tarif (%)"), max_digits=5, decimal_places=2, validators=PERSEN)

    class Meta:
        verbose_name = _("tarif PPh 21 per golongan")
        verbose_name_plural = _("tarif PPh 21 per golongan")
        ordering = ["aturan", "kelompok"]
        constraints = [
            models.UniqueConstraint(fields=["aturan", "kelompok"], name="tarifpajak_unik"),
            models.CheckConstraint(
                condition=Q(persen__gte=0, persen__lte=100), name="tarifpajak_persen_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kelompok}: {self.persen}%"
