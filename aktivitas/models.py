"""The activity catalog (from the job analysis, Anjab/ABK), the daily entries, every decision on
an entry, and the pemda's settings for logging. docs/AKTIVITAS.md explains each field."""

import functools
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pegawai.hierarki import Hierarki
from pegawai.models import Jabatan, Pegawai, Penugasan, Periode

from .bukti import bukti_path
from .calculation import rentang_menit


class PengaturanAktivitas(models.Model):
    """The pemda's rules for logging; one row (pk 1), the defaults while there is none."""

    batas_hari_kerja_mundur = models.PositiveSmallIntegerField(
        _("batas pengisian mundur (hari kerja)"),
        default=3,
        validators=[MaxValueValidator(20)],
        help_text=_("Entri boleh dibuat untuk hari ini dan sekian hari kerja ke belakang."),
    )
    ukuran_bukti_maks_mb = models.PositiveSmallIntegerField(
        _("ukuran bukti paling besar (MB)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )

    class Meta:
        verbose_name = _("pengaturan aktivitas")
        verbose_name_plural = _("pengaturan aktivitas")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="pengaturanaktivitas_satu_saja"),
            models.CheckConstraint(
                condition=Q(batas_hari_kerja_mundur__lte=20),
                name="pengaturanaktivitas_batas_mundur_wajar",
            ),
            models.CheckConstraint(
                condition=Q(ukuran_bukti_maks_mb__gte=1, ukuran_bukti_maks_mb__lte=20),
                name="pengaturanaktivitas_ukuran_bukti_wajar",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Pengaturan aktivitas harian"))

    @classmethod
    def current(cls) -> "PengaturanAktivitas":
        """The settings in force (one query); unsaved defaults before the admin saves them."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    @classmethod
    def current_and_closed(
        cls, mulai: date, selesai: date
    ) -> tuple["PengaturanAktivitas", set[tuple[int, int]]]:
        """The settings in force and the closed months (tahun, bulan) between two dates, in one
        query: the day and week pages need both, on every load. Hand-written: the ORM's union
        took twice as long to build and compile as to run."""
        fields = ("batas_hari_kerja_mundur", "ukuran_bukti_maks_mb")
        with connection.cursor() as cursor:
            cursor.execute(_current_and_closed_sql(), _current_and_closed_params(mulai, selesai))
            rows = cursor.fetchall()
        pengaturan, closed = cls(pk=1), set()
        for row_kind, a, b in rows:
            if row_kind == "p":
                pengaturan = cls(pk=1, **dict(zip(fields, (a, b), strict=True)))
            else:
                closed.add((a, b))
        return pengaturan, closed


@functools.cache
def _current_and_closed_sql() -> str:
    cfg, per = PengaturanAktivitas._meta.db_table, Periode._meta.db_table
    return (
        f"SELECT 'p', batas_hari_kerja_mundur, ukuran_bukti_maks_mb FROM {cfg} WHERE id = 1"  # noqa: S608 (table names only)
        f" UNION ALL SELECT 'c', tahun, bulan FROM {per}"
        " WHERE status = %s AND tahun * 12 + bulan BETWEEN %s AND %s"
    )


def _current_and_closed_params(mulai: date, selesai: date) -> list:
    # Months as one number: those sharing a day with the range, as PeriodeQuerySet.between.
    return [
        Periode.Status.DITUTUP,
        mulai.year * 12 + mulai.month,
        selesai.year * 12 + selesai.month,
    ]


class AktivitasQuerySet(models.QuerySet):
    def active_on(self, tanggal: date) -> "AktivitasQuerySet":
        return self.filter(
            Q(aktif_mulai__isnull=True) | Q(aktif_mulai__lte=tanggal),
            Q(aktif_selesai__isnull=True) | Q(aktif_selesai__gte=tanggal),
        )

    def for_pegawai(self, pegawai: Pegawai, tanggal: date) -> "AktivitasQuerySet":
        """What a person may log on a date, the ones they used last first (one query).

        Allowed: active on the date, and meant for the type (jenis) of a position the person
        holds that day (definitive or acting), or for one of those positions by name. The
        position on the staff record counts too, for staff whose assignments were never entered.
        """
        held = Jabatan.objects.filter(
            Q(pk__in=Penugasan.objects.on(tanggal).filter(pegawai=pegawai).values("jabatan"))
            | Q(pk=pegawai.jabatan_id)
        )
        allowed = Q(
            pk__in=Aktivitas.jabatan.through.objects.filter(jabatan__in=held).values("aktivitas")
        )
        for jenis in Jabatan.Jenis.values:
            allowed |= Q(**{f"untuk_{jenis}": True}) & Q(Exists(held.filter(jenis=jenis)))
        last_used = (
            Entri.objects.filter(pegawai=pegawai, aktivitas=OuterRef("pk"))
            .order_by("-dibuat_pada")
            .values("dibuat_pada")[:1]
        )
        return (
            self.active_on(tanggal)
            .filter(allowed)
            .annotate(terakhir_dipakai=Subquery(last_used))
            .order_by(F("terakhir_dipakai").desc(nulls_last=True), "kode")
        )

    def pilihan(self, pegawai: Pegawai, tanggal: date) -> list["Aktivitas"]:
        """`for_pegawai` as a list, for the entry form on the pages staff open every day.

        The same rows in the same order, from one hand-written statement: building and
        compiling the ORM's version cost more than running it (docs/BENCHMARKS.md). The
        services check an entry's activity with it too; tests hold the two to the same answer.
        """
        params = {"pegawai": pegawai.pk, "jabatan": pegawai.jabatan_id, "tanggal": tanggal}
        with connection.cursor() as cursor:
            cursor.execute(_pilihan_sql(), params)
            rows = cursor.fetchall()
        # Built as `raw()` would, without its matching of columns to fields on every call: the
        # statement lists the fields in the model's order, the last-used time after them.
        converters = _converters(Aktivitas._meta.concrete_fields)
        items = []
        for row in rows:
            aktivitas = Aktivitas.from_db(connection.alias, None, _convert(row[:-1], converters))
            aktivitas.terakhir_dipakai = row[-1]
            items.append(aktivitas)
        return items


def _converters(fields) -> list:
    """The backend's and the fields' converters of each column, as the ORM applies them (SQLite
    hands dates and booleans back as text and numbers)."""
    found = []
    for i, field in enumerate(fields):
        col = field.get_col(field.model._meta.db_table)
        functions = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        if functions:
            found.append((i, col, functions))
    return found


def _convert(row, converters) -> list:
    values = list(row)
    for i, col, functions in converters:
        for convert in functions:
            values[i] = convert(values[i], col, connection)
    return values


@functools.cache
def _pilihan_sql() -> str:
    akt, ent = Aktivitas._meta.db_table, Entri._meta.db_table
    pen, jab = Penugasan._meta.db_table, Jabatan._meta.db_table
    through = Aktivitas.jabatan.through._meta.db_table
    # Named, not `a.*`: a prepared statement (DB_PREPARE_THRESHOLD) keeps its result's shape,
    # and would fail once a migration added a column while the process lives on.
    columns = ", ".join(f"a.{f.column}" for f in Aktivitas._meta.concrete_fields)
    by_jenis = " ".join(
        f"OR (a.untuk_{jenis} AND EXISTS (SELECT 1 FROM {jab} j JOIN held ON held.id = j.id"  # noqa: S608
        f" WHERE j.jenis = '{jenis}'))"  # the model's own choice values, not input
        for jenis in Jabatan.Jenis.values
    )
    return (
        "WITH held(id) AS ("  # noqa: S608 (table names and choice values only; values are params)
        f" SELECT t.jabatan_id FROM {pen} t WHERE t.pegawai_id = %(pegawai)s"
        " AND t.mulai <= %(tanggal)s AND (t.selesai IS NULL OR t.selesai >= %(tanggal)s)"
        " UNION SELECT CAST(%(jabatan)s AS bigint) WHERE %(jabatan)s IS NOT NULL)"
        f" SELECT {columns}, (SELECT e.dibuat_pada FROM {ent} e WHERE e.pegawai_id = %(pegawai)s"
        " AND e.aktivitas_id = a.id ORDER BY e.dibuat_pada DESC LIMIT 1) AS terakhir_dipakai"
        f" FROM {akt} a"
        " WHERE (a.aktif_mulai IS NULL OR a.aktif_mulai <= %(tanggal)s)"
        " AND (a.aktif_selesai IS NULL OR a.aktif_selesai >= %(tanggal)s)"
        f" AND (a.id IN (SELECT x.aktivitas_id FROM {through} x"
        f" WHERE x.jabatan_id IN (SELECT id FROM held)) {by_jenis})"
        " ORDER BY terakhir_dipakai DESC NULLS LAST, a.kode"
    )


class Aktivitas(models.Model):
    """One activity of the catalog: what is done, in which unit, and its standard minutes."""

    class Kelompok(models.TextChoices):
        UTAMA = "utama", _("Tugas utama")
        TAMBAHAN = "tambahan", _("Tugas tambahan")

    kode = models.CharField(_("kode"), max_length=30, unique=True)
    nama = models.CharField(_("nama aktivitas"), max_length=300)
    satuan = models.CharField(
        _("satuan hasil"), max_length=50, help_text=_("mis. dokumen, laporan, kegiatan, orang")
    )
    menit_standar = models.PositiveIntegerField(
        _("waktu standar (menit per satuan)"), validators=[MinValueValidator(1)]
    )
    kelompok = models.CharField(
        _("kelompok"), max_length=10, choices=Kelompok.choices, default=Kelompok.UTAMA
    )
    untuk_struktural = models.BooleanField(_("untuk jabatan struktural"), default=False)
    untuk_fungsional = models.BooleanField(_("untuk jabatan fungsional"), default=False)
    untuk_pelaksana = models.BooleanField(_("untuk jabatan pelaksana"), default=False)
    jabatan = models.ManyToManyField(
        Jabatan,
        verbose_name=_("khusus jabatan"),
        blank=True,
        related_name="aktivitas",
        help_text=_("Jabatan yang boleh memakai aktivitas ini, selain jenis jabatan di atas."),
    )
    aktif_mulai = models.DateField(_("berlaku mulai"), null=True, blank=True)
    aktif_selesai = models.DateField(_("berlaku sampai"), null=True, blank=True)

    objects = AktivitasQuerySet.as_manager()

    class Meta:
        verbose_name = _("aktivitas")
        verbose_name_plural = _("katalog aktivitas")
        ordering = ["kode"]
        constraints = [
            models.CheckConstraint(
                condition=Q(menit_standar__gte=1), name="aktivitas_menit_standar_positif"
            ),
            models.CheckConstraint(
                condition=Q(aktif_mulai__isnull=True)
                | Q(aktif_selesai__isnull=True)
                | Q(aktif_selesai__gte=F("aktif_mulai")),
                name="aktivitas_selesai_setelah_mulai",
                violation_error_message=_("Tanggal berlaku sampai tidak boleh sebelum mulai."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kode} {self.nama}"

    @property
    def label(self) -> str:
        """What the activity select shows: code, name, unit and standard minutes."""
        return f"{self.kode} · {self.nama} ({self.menit_standar} mnt/{self.satuan})"


# What the day and week pages show of an entry and of its activity (EntriQuerySet.shown).
_SHOWN_ENTRI = frozenset(
    (
        "id",
        "tanggal",
        "mulai",
        "selesai",
        "aktivitas_id",
        "volume",
        "uraian",
        "menit",
        "menit_diakui",
        "di_luar_jadwal",
        "status",
        "sumber",
        "bukti",
    )
)
_SHOWN_AKTIVITAS = frozenset(("id", "nama", "satuan"))


@functools.cache
def _shown_sql() -> str:
    columns = [
        *(f"e.{f.column}" for f in Entri._meta.concrete_fields if f.attname in _SHOWN_ENTRI),
        *(
            f"a.{f.column}"
            for f in Aktivitas._meta.concrete_fields
            if f.attname in _SHOWN_AKTIVITAS
        ),
    ]
    return (
        f"SELECT {', '.join(columns)} FROM {Entri._meta.db_table} e"  # noqa: S608 (names only)
        f" JOIN {Aktivitas._meta.db_table} a ON a.id = e.aktivitas_id"
        " WHERE e.pegawai_id = %s AND e.tanggal BETWEEN %s AND %s"
        " ORDER BY e.tanggal, e.mulai"  # Entri.Meta.ordering
    )


class EntriQuerySet(models.QuerySet):
    def with_related(self) -> "EntriQuerySet":
        return self.select_related("aktivitas", "pegawai")

    def of(self, pegawai: Pegawai | int) -> "EntriQuerySet":
        return self.filter(pegawai=pegawai)

    def shown(self, pegawai: Pegawai, sejak: date, sampai: date) -> list["Entri"]:
        """A person's entries from `sejak` to `sampai` as the day and week pages show them: the
        columns they show, with the activity's name and unit.

        From one hand-written statement: on the page staff open every day, compiling the ORM's
        version, and building the entries with all their columns, took longer than the query.
        The other columns are left deferred, as `only()` leaves them.
        """
        entri_fields = [f for f in Entri._meta.concrete_fields if f.attname in _SHOWN_ENTRI]
        aktivitas_fields = [
            f for f in Aktivitas._meta.concrete_fields if f.attname in _SHOWN_AKTIVITAS
        ]
        with connection.cursor() as cursor:
            cursor.execute(_shown_sql(), [pegawai.pk, sejak, sampai])
            rows = cursor.fetchall()
        entri_converters = _converters(entri_fields)
        aktivitas_converters = _converters(aktivitas_fields)
        entri_names = [f.attname for f in entri_fields]
        aktivitas_names = [f.attname for f in aktivitas_fields]
        split = len(entri_fields)
        entries = []
        for row in rows:
            entri = Entri.from_db(
                connection.alias, entri_names, _convert(row[:split], entri_converters)
            )
            entri.aktivitas = Aktivitas.from_db(
                connection.alias, aktivitas_names, _convert(row[split:], aktivitas_converters)
            )
            entries.append(entri)
        return entries

    def overlapping(self, pegawai_id: int, tanggal: date, mulai, selesai) -> "EntriQuerySet":
        return self.filter(
            pegawai_id=pegawai_id, tanggal=tanggal, mulai__lt=selesai, selesai__gt=mulai
        )

    def visible_to(self, user) -> "EntriQuerySet":
        """Entries a user may look at: their own and those of everyone below them today; all of
        them for the admin kepegawaian and the review team."""
        if user.is_admin_kepegawaian or user.is_tim_penilai:
            return self
        pegawai = getattr(user, "pegawai", None)
        if pegawai is None:
            return self.none()
        below = Hierarki.around(pegawai.pk, timezone.localdate()).bawahan_semua(pegawai.pk)
        allowed = Q(pegawai_id__in=below | {pegawai.pk})
        for extension in VISIBILITY_EXTENSIONS:
            allowed |= extension(pegawai)
        return self.filter(allowed)


# Higher floors that hand an entry to someone outside the hierarchy (penilaian's reassignment to
# another decider) add a condition here from their AppConfig.ready(): a callable taking the
# viewer's Pegawai and returning a Q on Entri. This floor stays unaware of who they are.
VISIBILITY_EXTENSIONS: list = []


class Entri(models.Model):
    """One piece of work a person did on a date, from a start to an end time.

    Entries do not cross midnight: work past midnight is a second entry on the next date. No two
    entries of a person overlap, whatever their status (on PostgreSQL an exclusion constraint,
    see migration 0002, holds this against concurrent requests too).
    """

    class Status(models.TextChoices):
        DRAF = "draf", _("Draf")
        DIAJUKAN = "diajukan", _("Diajukan")
        DISETUJUI = "disetujui", _("Disetujui")
        DITOLAK = "ditolak", _("Ditolak")

    class Sumber(models.TextChoices):
        ISIAN = "isian", _("Diisi pegawai")
        SALINAN = "salinan", _("Disalin dari hari lain")
        IMPOR = "impor", _("Diimpor dari sistem lain")

    pegawai = models.ForeignKey(
        Pegawai, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="entri"
    )
    tanggal = models.DateField(_("tanggal"))
    mulai = models.TimeField(_("jam mulai"))
    selesai = models.TimeField(_("jam selesai"))
    aktivitas = models.ForeignKey(
        Aktivitas, verbose_name=_("aktivitas"), on_delete=models.PROTECT, related_name="entri"
    )
    volume = models.PositiveIntegerField(_("volume"))
    uraian = models.TextField(_("uraian"), max_length=1000)
    # The catalog may change later: the entry keeps the standard it was made with.
    menit_standar = models.PositiveIntegerField(_("waktu standar (menit per satuan)"))
    menit = models.PositiveIntegerField(_("menit"))
    # What counts after the supervisor's and the review team's decisions (approve with fewer
    # minutes, a correction, an objection upheld or overturned); empty means "as claimed".
    # Counted minutes of an approved entry are Coalesce(menit_diakui, menit): see menit_dihitung.
    menit_diakui = models.PositiveIntegerField(_("menit diakui"), null=True, blank=True)
    di_luar_jadwal = models.BooleanField(_("di luar jam kerja"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAF
    )
    sumber = models.CharField(
        _("sumber"), max_length=10, choices=Sumber.choices, default=Sumber.ISIAN
    )
    bukti = models.FileField(_("bukti"), upload_to=bukti_path, blank=True, max_length=200)
    bukti_nama = models.CharField(_("nama berkas bukti"), max_length=210, blank=True)
    bukti_jenis = models.CharField(_("jenis berkas bukti"), max_length=30, blank=True)
    dibuat_pada = models.DateTimeField(_("dibuat pada"))
    diubah_pada = models.DateTimeField(_("diubah pada"))
    # The last approval or rejection (set by penilaian, or kept by an import).
    diputuskan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    diputuskan_pada = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)

    objects = EntriQuerySet.as_manager()

    class Meta:
        verbose_name = _("entri aktivitas")
        verbose_name_plural = _("entri aktivitas")
        ordering = ["tanggal", "mulai"]
        indexes = [
            models.Index(fields=["pegawai", "tanggal", "mulai"]),
            models.Index(fields=["pegawai", "aktivitas", "dibuat_pada"]),
            models.Index(fields=["status", "tanggal"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__gt=F("mulai")), name="entri_selesai_setelah_mulai"
            ),
            models.CheckConstraint(condition=Q(volume__gte=1), name="entri_volume_minimal_1"),
            models.CheckConstraint(
                condition=Q(menit_diakui__isnull=True) | Q(menit_diakui__lte=F("menit")),
                name="entri_menit_diakui_tidak_melebihi_menit",
            ),
            models.CheckConstraint(
                condition=Q(menit__lte=F("menit_standar") * F("volume")),
                name="entri_menit_tidak_melebihi_standar",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draf", "diajukan", "disetujui", "ditolak"]),
                name="entri_status_dikenal",
            ),
            models.CheckConstraint(
                condition=Q(sumber__in=["isian", "salinan", "impor"]),
                name="entri_sumber_dikenal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tanggal:%d-%m-%Y} {self.mulai:%H:%M}–{self.selesai:%H:%M}"

    @property
    def menit_dihitung(self) -> int:
        """Minutes this entry counts for, whatever its status: the decided ones if any."""
        return self.menit if self.menit_diakui is None else self.menit_diakui

    @property
    def rentang_menit(self) -> int:
        return rentang_menit(self.mulai, self.selesai)

    # What the owner may do in each status; the services hold the same rules and decide.
    @property
    def can_edit(self) -> bool:
        return self.status in (self.Status.DRAF, self.Status.DIAJUKAN, self.Status.DITOLAK)

    @property
    def can_submit(self) -> bool:
        return self.status in (self.Status.DRAF, self.Status.DITOLAK)

    @property
    def can_withdraw(self) -> bool:
        return self.status == self.Status.DIAJUKAN

    @property
    def can_delete(self) -> bool:
        return self.status == self.Status.DRAF

    @property
    def bukti_gambar(self) -> bool:
        return self.bukti_jenis.startswith("image/")


class RiwayatEntri(models.Model):
    """A decision on an entry: who, when, from which status to which, and why. An edit that
    keeps the status is a row too (from = to), with what changed."""

    entri = models.ForeignKey(
        Entri, verbose_name=_("entri"), on_delete=models.CASCADE, related_name="riwayat"
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
    dari_status = models.CharField(
        _("dari status"), max_length=10, choices=Entri.Status.choices, blank=True
    )
    ke_status = models.CharField(_("ke status"), max_length=10, choices=Entri.Status.choices)
    catatan = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("riwayat entri")
        verbose_name_plural = _("riwayat entri")
        ordering = ["pada", "id"]
        # (pada) alone: the anomaly scan reads the decisions of a time window across everyone.
        indexes = [models.Index(fields=["entri", "pada"]), models.Index(fields=["pada"])]

    def __str__(self) -> str:
        return f"{self.pada:%Y-%m-%d %H:%M} {self.dari_status or '-'} → {self.ke_status}"
