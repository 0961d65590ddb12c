"""The month (Periode): the unit of closing and payment (domain.md, "The month").

No row means the month is open. The close itself (tpk) sets `ditutup`, holding the month's row
`FOR UPDATE` until that commit. The lower apps refuse to change anything dated in a closed month:
screens ask `Periode.is_closed(tanggal)`, and every write asks `Periode.lock_months(mulai,
selesai)` inside its transaction, which keeps the months' rows locked `FOR KEY SHARE` until the
write commits: a close running meanwhile is waited for (and then the month is seen closed), and a
close that comes later waits for the write, so no change lands in a month after its close.
"""

from datetime import date

from django.conf import settings
from django.db import connection, models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import ExtractMonth, ExtractYear
from django.db.transaction import TransactionManagementError
from django.utils.translation import gettext_lazy as _

# The years the table accepts (its check constraint); a month outside them is open, having no row.
TAHUN_MIN, TAHUN_MAX = 2000, 2100


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
                condition=Q(tahun__gte=TAHUN_MIN, tahun__lte=TAHUN_MAX),
                name="periode_tahun_wajar",
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

    @classmethod
    def lock_months(cls, mulai: date, selesai: date) -> set[tuple[int, int]]:
        """(tahun, bulan) of the closed months between two dates, every month's row locked until
        the transaction ends: call it in the write's transaction, before the write.

        Every month of the range has its row locked FOR KEY SHARE, in month order; a month
        without a row gets one first, since there is nothing to lock without it (terbuka: to a
        reader no row and an open row are the same). The close holds its month's row FOR
        UPDATE from its start to its commit, so this waits for a running close and then reads
        the month closed, and a close that starts later waits for this transaction; other
        writers share the lock and do not wait for each other. One query
        when the rows exist, three when some are missing. Elsewhere than on PostgreSQL (SQLite
        for `make run`, where one writer runs at a time anyway) it is `closed_months`.
        """
        if not connection.in_atomic_block:
            raise TransactionManagementError(
                "Periode.lock_months() must run inside transaction.atomic(), in the transaction "
                "of the write it guards: the lock lasts until that transaction ends."
            )
        mulai, selesai = max(mulai, date(TAHUN_MIN, 1, 1)), min(selesai, date(TAHUN_MAX, 12, 31))
        if mulai > selesai:
            return set()
        if connection.vendor != "postgresql":
            return cls.closed_months(mulai, selesai)
        status = cls._lock_rows(mulai, selesai)
        missing = [m for m in _months(mulai, selesai) if m not in status]
        if missing:
            cls.objects.bulk_create(
                [cls(tahun=tahun, bulan=bulan) for tahun, bulan in missing], ignore_conflicts=True
            )
            status = cls._lock_rows(mulai, selesai)
        return {month for month, value in status.items() if value == cls.Status.DITUTUP}

    @classmethod
    def _lock_rows(cls, mulai: date, selesai: date) -> dict[tuple[int, int], str]:
        # Raw SQL: the ORM's select_for_update knows FOR UPDATE and FOR NO KEY UPDATE, not the
        # weakest lock, FOR KEY SHARE, the only one that does not make two writers wait.
        table = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT tahun, bulan, status FROM {table}"  # noqa: S608 (the model's table)
                " WHERE (tahun, bulan) >= (%s, %s) AND (tahun, bulan) <= (%s, %s)"
                " ORDER BY tahun, bulan FOR KEY SHARE",
                [mulai.year, mulai.month, selesai.year, selesai.month],
            )
            return {(tahun, bulan): value for tahun, bulan, value in cursor.fetchall()}

    @classmethod
    def locked_status(cls, field: str) -> Subquery:
        """An annotation: the status of the month of the outer row's date `field`, its row
        locked as by `lock_months` (PostgreSQL); None when the month has no row, which the
        caller then gives one with `lock_months`. For a query that already reads the rows a
        write is about to change (their lock and the months' in one statement)."""
        return _LockedSubquery(
            cls.objects.filter(
                tahun=ExtractYear(OuterRef(field)), bulan=ExtractMonth(OuterRef(field))
            ).values("status")
        )


class _LockedSubquery(Subquery):
    """A subquery whose rows are locked FOR KEY SHARE on PostgreSQL (a locking clause in a
    sub-SELECT locks the rows it returns); a plain subquery elsewhere."""

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="(%(subquery)s FOR KEY SHARE)", **extra_context
        )


def _months(mulai: date, selesai: date) -> list[tuple[int, int]]:
    """(tahun, bulan) of every month from the one of `mulai` to the one of `selesai`."""
    first, last = mulai.year * 12 + mulai.month - 1, selesai.year * 12 + selesai.month - 1
    return [(n // 12, n % 12 + 1) for n in range(first, last + 1)]
