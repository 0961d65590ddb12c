from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Group
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .. import roles
from ..nip import NipError, parse_nip

# Higher floors add a per-request figure to the roles' statement from their AppConfig.ready():
# a callable taking the user and returning (key, SQL of one number, params). Every page loads
# the roles; a figure it shows on every page (the unread notifications) then costs no query.
ROLE_EXTRAS: list = []
# Role names are group names and fixed words; none contains this character.
_EXTRA = "#"


class User(AbstractUser):
    """A login. Staff log in with their NIP as username; the person is `user.pegawai`."""

    username = models.CharField(
        _("NIP / nama pengguna"),
        max_length=150,
        unique=True,
        error_messages={"unique": _("Pengguna dengan NIP ini sudah ada.")},
    )

    @cached_property
    def roles(self) -> frozenset[str]:
        """Group names, plus roles.ATASAN for whoever holds or acts in a position with positions
        below it today and roles.ADMIN_ROSTER for a unit's roster keeper: what the menu needs,
        in one query per request (hand-written: it runs on every page). The figures of
        ROLE_EXTRAS come along in the same statement (`role_extras`)."""
        if not self.is_authenticated:
            self.__dict__["role_extras"] = {}
            return frozenset()
        sql, params = self._roles_statement()
        extras = []
        for extra in ROLE_EXTRAS:
            key, extra_sql, extra_params = extra(self)
            sql += f" UNION ALL SELECT '{_EXTRA}{key}{_EXTRA}' || CAST(({extra_sql}) AS TEXT)"
            params += extra_params
            extras.append(key)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            names = [name for (name,) in cursor.fetchall()]
        found = {}
        for name in names:
            if name.startswith(_EXTRA):
                key, _sep, value = name[1:].partition(_EXTRA)
                found[key] = int(value)
        self.__dict__["role_extras"] = found
        return frozenset(name for name in names if not name.startswith(_EXTRA))

    @cached_property
    def role_extras(self) -> dict[str, int]:
        """The per-request figures higher floors ask to ride along with the roles (the unread
        notifications for the menu's bell): key -> number. Loaded with `roles`."""
        self.roles  # noqa: B018 (sets role_extras as it loads)
        return self.__dict__["role_extras"]

    def _roles_statement(self) -> tuple[str, list]:
        from .jadwal import AdminUnit

        group, user_group = Group._meta.db_table, User.groups.through._meta.db_table
        pen, peg, jab = (m._meta.db_table for m in (Penugasan, Pegawai, Jabatan))
        sql = (
            f"SELECT g.name FROM {group} g JOIN {user_group} ug ON ug.group_id = g.id"  # noqa: S608
            " WHERE ug.user_id = %s"
            " UNION ALL SELECT %s WHERE EXISTS ("
            f" SELECT 1 FROM {pen} t JOIN {peg} p ON p.id = t.pegawai_id"
            f" JOIN {jab} b ON b.atasan_id = t.jabatan_id"
            " WHERE p.user_id = %s AND t.mulai <= %s AND (t.selesai IS NULL OR t.selesai >= %s))"
            f" UNION ALL SELECT %s WHERE EXISTS (SELECT 1 FROM {AdminUnit._meta.db_table}"
            " WHERE user_id = %s)"
        )
        today = timezone.localdate()
        return sql, [self.pk, roles.ATASAN, self.pk, today, today, roles.ADMIN_ROSTER, self.pk]

    @property
    def is_atasan(self) -> bool:
        return roles.ATASAN in self.roles

    @property
    def is_admin_roster(self) -> bool:
        return roles.ADMIN_ROSTER in self.roles

    @property
    def is_admin_kepegawaian(self) -> bool:
        return self.is_superuser or roles.ADMIN_KEPEGAWAIAN in self.roles

    @property
    def is_tim_penilai(self) -> bool:
        return roles.TIM_PENILAI in self.roles

    @property
    def is_keuangan(self) -> bool:
        return roles.KEUANGAN in self.roles

    @property
    def sees_all_pegawai(self) -> bool:
        return self.is_admin_kepegawaian or self.is_tim_penilai or self.is_keuangan


class Pemda(models.Model):
    """The one local government this deployment serves; printed on every signed document."""

    class Jenis(models.TextChoices):
        KOTA = "kota", _("Kota")
        KABUPATEN = "kabupaten", _("Kabupaten")

    nama = models.CharField(_("nama"), max_length=200, help_text=_("mis. Pemerintah Kota Contoh"))
    jenis = models.CharField(_("jenis"), max_length=10, choices=Jenis.choices)
    jabatan_kepala = models.CharField(
        _("sebutan kepala daerah"), max_length=50, help_text=_("Wali Kota atau Bupati")
    )
    tempat = models.CharField(
        _("tempat penandatanganan"), max_length=100, help_text=_("ditulis di atas tanda tangan")
    )
    logo = models.ImageField(_("logo"), upload_to="pemda/", blank=True)

    class Meta:
        verbose_name = _("pemda")
        verbose_name_plural = _("pemda")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="pemda_satu_saja")]

    def __str__(self) -> str:
        return self.nama

    @classmethod
    def current(cls) -> "Pemda":
        """The deployment's profile; an unsaved placeholder before the admin fills it in."""
        return cls.objects.filter(pk=1).first() or cls(
            pk=1, nama=_("Pemerintah Daerah"), jenis=cls.Jenis.KOTA, jabatan_kepala="", tempat=""
        )


class UnitKerjaQuerySet(models.QuerySet):
    def subtree(self, unit: "UnitKerja | int") -> "UnitKerjaQuerySet":
        """The unit and everything below it, resolved by the database in one query."""
        table = UnitKerja._meta.db_table
        cte = (
            f"WITH RECURSIVE sub(id) AS (SELECT id FROM {table} WHERE id = %s "  # noqa: S608
            f"UNION ALL SELECT u.id FROM {table} u JOIN sub ON u.induk_id = sub.id) "
            "SELECT id FROM sub"
        )
        unit_id = unit.pk if isinstance(unit, UnitKerja) else unit
        return self.filter(id__in=RawSQL(cte, (unit_id,)))  # noqa: S611 (parameterised)


class UnitKerja(models.Model):
    """A node of the org tree: OPD → bidang → seksi, and UPTD, puskesmas, sekolah, kecamatan."""

    class Jenis(models.TextChoices):
        OPD = "opd", _("OPD")
        BIDANG = "bidang", _("Bidang/Bagian")
        SEKSI = "seksi", _("Seksi/Subbagian")
        UPTD = "uptd", _("UPTD")
        PUSKESMAS = "puskesmas", _("Puskesmas")
        SEKOLAH = "sekolah", _("Sekolah")
        KECAMATAN = "kecamatan", _("Kecamatan")
        KELURAHAN = "kelurahan", _("Kelurahan/Gampong")

    kode = models.CharField(_("kode"), max_length=30, unique=True)
    nama = models.CharField(_("nama"), max_length=200)
    jenis = models.CharField(_("jenis"), max_length=12, choices=Jenis.choices)
    induk = models.ForeignKey(
        "self",
        verbose_name=_("unit induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="anak",
    )
    aktif = models.BooleanField(_("aktif"), default=True)

    objects = UnitKerjaQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        ordering = ["kode"]
        constraints = [
            models.UniqueConstraint(fields=["induk", "nama"], name="unitkerja_nama_unik_per_induk"),
            models.CheckConstraint(
                condition=~Q(induk=models.F("id")), name="unitkerja_bukan_induk_sendiri"
            ),
        ]

    def __str__(self) -> str:
        return self.nama


class Jabatan(models.Model):
    """A position in a unit, with its class and the position that supervises it."""

    class Jenis(models.TextChoices):
        STRUKTURAL = "struktural", _("Struktural")
        FUNGSIONAL = "fungsional", _("Fungsional")
        PELAKSANA = "pelaksana", _("Pelaksana")

    class Eselon(models.TextChoices):
        I_A = "I.a", "I.a"
        I_B = "I.b", "I.b"
        II_A = "II.a", "II.a"
        II_B = "II.b", "II.b"
        III_A = "III.a", "III.a"
        III_B = "III.b", "III.b"
        IV_A = "IV.a", "IV.a"
        IV_B = "IV.b", "IV.b"

    nama = models.CharField(_("nama jabatan"), max_length=200)
    jenis = models.CharField(_("jenis jabatan"), max_length=12, choices=Jenis.choices)
    eselon = models.CharField(_("eselon"), max_length=5, choices=Eselon.choices, blank=True)
    kelas = models.PositiveSmallIntegerField(
        _("kelas jabatan"), validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    unit = models.ForeignKey(
        UnitKerja, verbose_name=_("unit kerja"), on_delete=models.PROTECT, related_name="jabatan"
    )
    atasan = models.ForeignKey(
        "self",
        verbose_name=_("atasan jabatan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bawahan",
    )

    class Meta:
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        ordering = ["unit__kode", "-jenis", "nama"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "nama"], name="jabatan_nama_unik_per_unit"),
            models.CheckConstraint(
                condition=Q(kelas__gte=1, kelas__lte=17), name="jabatan_kelas_1_17"
            ),
            models.CheckConstraint(
                condition=(Q(jenis="struktural") & ~Q(eselon=""))
                | (~Q(jenis="struktural") & Q(eselon="")),
                name="jabatan_eselon_hanya_struktural",
            ),
            models.CheckConstraint(
                condition=~Q(atasan=models.F("id")), name="jabatan_bukan_atasan_sendiri"
            ),
        ]

    def __str__(self) -> str:
        return self.nama


class Golongan(models.TextChoices):
    I_A = "I/a", "I/a Juru Muda"
    I_B = "I/b", "I/b Juru Muda Tingkat I"
    I_C = "I/c", "I/c Juru"
    I_D = "I/d", "I/d Juru Tingkat I"
    II_A = "II/a", "II/a Pengatur Muda"
    II_B = "II/b", "II/b Pengatur Muda Tingkat I"
    II_C = "II/c", "II/c Pengatur"
    II_D = "II/d", "II/d Pengatur Tingkat I"
    III_A = "III/a", "III/a Penata Muda"
    III_B = "III/b", "III/b Penata Muda Tingkat I"
    III_C = "III/c", "III/c Penata"
    III_D = "III/d", "III/d Penata Tingkat I"
    IV_A = "IV/a", "IV/a Pembina"
    IV_B = "IV/b", "IV/b Pembina Tingkat I"
    IV_C = "IV/c", "IV/c Pembina Utama Muda"
    IV_D = "IV/d", "IV/d Pembina Utama Madya"
    IV_E = "IV/e", "IV/e Pembina Utama"
    # PPPK have their own 17 golongan, written as Roman numerals.
    P_I = "I", "I (PPPK)"
    P_II = "II", "II (PPPK)"
    P_III = "III", "III (PPPK)"
    P_IV = "IV", "IV (PPPK)"
    P_V = "V", "V (PPPK)"
    P_VI = "VI", "VI (PPPK)"
    P_VII = "VII", "VII (PPPK)"
    P_VIII = "VIII", "VIII (PPPK)"
    P_IX = "IX", "IX (PPPK)"
    P_X = "X", "X (PPPK)"
    P_XI = "XI", "XI (PPPK)"
    P_XII = "XII", "XII (PPPK)"
    P_XIII = "XIII", "XIII (PPPK)"
    P_XIV = "XIV", "XIV (PPPK)"
    P_XV = "XV", "XV (PPPK)"
    P_XVI = "XVI", "XVI (PPPK)"
    P_XVII = "XVII", "XVII (PPPK)"

    @classmethod
    def for_pns(cls) -> list[str]:
        return [g for g in cls.values if "/" in g]

    @classmethod
    def for_pppk(cls) -> list[str]:
        return [g for g in cls.values if "/" not in g]


class PegawaiQuerySet(models.QuerySet):
    def with_related(self) -> "PegawaiQuerySet":
        """What every list of staff shows: position and unit, in the same query."""
        return self.select_related("jabatan", "unit")

    def active_on(self, day: date) -> "PegawaiQuerySet":
        return self.filter(
            Q(aktif_selesai__isnull=True) | Q(aktif_selesai__gte=day), aktif_mulai__lte=day
        )

    def in_unit(self, unit: "UnitKerja | int") -> "PegawaiQuerySet":
        return self.filter(unit__in=UnitKerja.objects.subtree(unit))

    def search(self, text: str) -> "PegawaiQuerySet":
        text = text.strip()
        if not text:
            return self
        if text.isdigit():
            return self.filter(nip__startswith=text)
        return self.filter(nama__icontains=text)

    def visible_to(self, user) -> "PegawaiQuerySet":
        """Staff a user may look up: everyone for HR, review team and finance; else self and
        everyone below them in the hierarchy today."""
        if user.sees_all_pegawai:
            return self
        from ..hierarki import Hierarki

        pegawai = getattr(user, "pegawai", None)
        if pegawai is None:
            return self.none()
        below = Hierarki.around(pegawai.pk, date.today()).bawahan_semua(pegawai.pk)
        return self.filter(pk__in=below | {pegawai.pk})


class Pegawai(models.Model):
    """A staff member (PNS, CPNS or PPPK). The current definitive position is kept here for
    fast lists; its history, including acting assignments, is in Penugasan."""

    class JenisAsn(models.TextChoices):
        PNS = "PNS", "PNS"
        CPNS = "CPNS", "CPNS"
        PPPK = "PPPK", "PPPK"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pegawai",
    )
    nip = models.CharField(_("NIP"), max_length=18, unique=True)
    nama = models.CharField(_("nama"), max_length=150)
    gelar_depan = models.CharField(_("gelar depan"), max_length=50, blank=True)
    gelar_belakang = models.CharField(_("gelar belakang"), max_length=80, blank=True)
    jenis_asn = models.CharField(_("jenis ASN"), max_length=4, choices=JenisAsn.choices)
    golongan = models.CharField(_("golongan"), max_length=5, choices=Golongan.choices)
    jabatan = models.ForeignKey(
        Jabatan,
        verbose_name=_("jabatan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pemangku",
    )
    unit = models.ForeignKey(
        UnitKerja, verbose_name=_("unit kerja"), on_delete=models.PROTECT, related_name="pegawai"
    )
    aktif_mulai = models.DateField(_("aktif mulai"))
    aktif_selesai = models.DateField(_("aktif sampai"), null=True, blank=True)
    pin_absen = models.CharField(
        _("PIN mesin absen"), max_length=20, null=True, blank=True, unique=True
    )
    npwp = models.CharField(_("NPWP"), max_length=20, blank=True)
    bank = models.CharField(_("bank"), max_length=80, blank=True)
    nomor_rekening = models.CharField(_("nomor rekening"), max_length=30, blank=True)

    objects = PegawaiQuerySet.as_manager()

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        ordering = ["nama"]
        indexes = [models.Index(fields=["unit", "nama"]), models.Index(fields=["nama"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(nip__regex=r"^[0-9]{18}$"), name="pegawai_nip_18_digit"
            ),
            models.CheckConstraint(
                condition=(Q(jenis_asn="PPPK") & Q(golongan__in=Golongan.for_pppk()))
                | (~Q(jenis_asn="PPPK") & Q(golongan__in=Golongan.for_pns())),
                name="pegawai_golongan_sesuai_jenis_asn",
            ),
            models.CheckConstraint(
                condition=Q(aktif_selesai__isnull=True)
                | Q(aktif_selesai__gte=models.F("aktif_mulai")),
                name="pegawai_aktif_selesai_setelah_mulai",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nama_lengkap} ({self.nip})"

    @property
    def nama_lengkap(self) -> str:
        """Name with titles as printed: "Dra. Nurul Hidayati, M.Si"."""
        nama = f"{self.gelar_depan} {self.nama}".strip()
        return f"{nama}, {self.gelar_belakang}" if self.gelar_belakang else nama

    @property
    def jenis_kelamin(self) -> str:
        try:
            return parse_nip(self.nip, jenis_asn=self.jenis_asn).jenis_kelamin
        except NipError:
            return ""

    def is_active_on(self, day: date) -> bool:
        return self.aktif_mulai <= day and (self.aktif_selesai is None or self.aktif_selesai >= day)


class PenugasanQuerySet(models.QuerySet):
    def on(self, day: date) -> "PenugasanQuerySet":
        return self.filter(Q(selesai__isnull=True) | Q(selesai__gte=day), mulai__lte=day)


class Penugasan(models.Model):
    """One holding of a position over a date range: definitive, or acting (Plt/Plh)."""

    class Jenis(models.TextChoices):
        DEFINITIF = "definitif", _("Definitif")
        PLT = "plt", _("Plt (pelaksana tugas)")
        PLH = "plh", _("Plh (pelaksana harian)")

    pegawai = models.ForeignKey(
        Pegawai, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="penugasan"
    )
    jabatan = models.ForeignKey(
        Jabatan, verbose_name=_("jabatan"), on_delete=models.PROTECT, related_name="penugasan"
    )
    jenis = models.CharField(
        _("jenis"), max_length=10, choices=Jenis.choices, default=Jenis.DEFINITIF
    )
    mulai = models.DateField(_("mulai"))
    selesai = models.DateField(_("sampai"), null=True, blank=True)
    dasar = models.CharField(_("dasar (nomor SK)"), max_length=200, blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dibuat_pada = models.DateTimeField(_("dibuat pada"), auto_now_add=True)

    objects = PenugasanQuerySet.as_manager()

    class Meta:
        verbose_name = _("penugasan jabatan")
        verbose_name_plural = _("penugasan jabatan")
        ordering = ["-mulai"]
        indexes = [
            models.Index(fields=["jabatan", "mulai"]),
            models.Index(fields=["pegawai", "mulai"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__isnull=True) | Q(selesai__gte=models.F("mulai")),
                name="penugasan_selesai_setelah_mulai",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.jabatan} ({self.mulai:%d-%m-%Y})"

    @property
    def is_acting(self) -> bool:
        return self.jenis != self.Jenis.DEFINITIF


class LogAksi(models.Model):
    """A decision or change made by a person (or the system): who, when, what, why."""

    pelaku = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    waktu = models.DateTimeField(_("waktu"), db_index=True)
    aksi = models.CharField(_("aksi"), max_length=60)
    objek_tipe = models.CharField(max_length=60, blank=True)
    objek_id = models.BigIntegerField(null=True, blank=True)
    alasan = models.TextField(_("alasan"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("log aksi")
        verbose_name_plural = _("log aksi")
        ordering = ["-waktu", "-id"]
        indexes = [models.Index(fields=["objek_tipe", "objek_id"])]

    def __str__(self) -> str:
        return f"{self.waktu:%Y-%m-%d %H:%M} {self.aksi}"
