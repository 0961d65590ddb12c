"""The supervisor's monthly assessment of each subordinate's behaviour, aspect by aspect.

The aspects and their weights are data (SetAspek, Aspek; penilaian/defaults.py loads the legacy
six and BerAKHLAK). The score is the weighted mean of the aspects that apply to the person:
kepemimpinan and any other `hanya_pemimpin` aspect only for those holding (or acting in) a
structural position.
"""

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pegawai.hierarki import Hierarki
from pegawai.jadwal import rentang_bulan
from pegawai.models import Jabatan, Pegawai, Penugasan, Periode
from pegawai.services import log_action
from pegawai.templatetags.ekinerja import tanggal as format_tanggal

from ..exceptions import PenilaianError
from ..models import Aspek, NilaiAspek, PenilaianPerilaku, SetAspek
from ..models.persetujuan import NILAI_MAKS

_SEN = Decimal("0.01")


def weighted_score(items: Iterable[tuple[int, Decimal]]) -> Decimal:
    """Σ(score × weight) / Σ weight of (score, weight) pairs, rounded half up to 2 decimals."""
    items = list(items)
    total = sum((Decimal(w) for _n, w in items), Decimal(0))
    if not total:
        raise ValueError("no weight")
    weighted = sum((Decimal(n) * Decimal(w) for n, w in items), Decimal(0))
    return (weighted / total).quantize(_SEN, rounding=ROUND_HALF_UP)


def active_set() -> SetAspek:
    """The aspect set in force, its aspects prefetched in order (two queries)."""
    set_aspek = SetAspek.objects.filter(aktif=True).prefetch_related("aspek").first()
    if set_aspek is None:
        raise PenilaianError(
            _(
                "Belum ada set aspek perilaku yang aktif; minta admin kepegawaian memilihnya di "
                "data master."
            )
        )
    return set_aspek


def is_pemimpin(pegawai: Pegawai, day: date) -> bool:
    """Whether the person holds or acts in a structural position on the day."""
    return (
        Penugasan.objects.on(day)
        .filter(pegawai=pegawai, jabatan__jenis=Jabatan.Jenis.STRUKTURAL)
        .exists()
    )


def aspects_for(set_aspek: SetAspek, *, pemimpin: bool) -> list[Aspek]:
    return [a for a in set_aspek.aspek.all() if pemimpin or not a.hanya_pemimpin]


def check_month(pegawai: Pegawai, tahun: int, bulan: int, *, hari_ini: date) -> None:
    """The month may be assessed: begun, not closed, and the person active in it. Called in
    the assessment's transaction: the month's row stays locked until it commits (a close waits
    for it, or it waits for a running close and is refused)."""
    first, last = rentang_bulan(tahun, bulan)
    nama_bulan = format_tanggal(first, "bulan")
    if first > hari_ini:
        raise PenilaianError(
            _("Bulan %(bulan)s belum berjalan; perilaku belum dapat dinilai.")
            % {"bulan": nama_bulan}
        )
    if Periode.lock_months(first, first):
        raise PenilaianError(
            _("Periode %(bulan)s sudah ditutup: penilaian perilakunya tidak dapat diubah.")
            % {"bulan": nama_bulan}
        )
    if pegawai.aktif_mulai > last or (
        pegawai.aktif_selesai is not None and pegawai.aktif_selesai < first
    ):
        raise PenilaianError(
            _("%(nama)s tidak aktif pada %(bulan)s.") % {"nama": pegawai.nama, "bulan": nama_bulan}
        )


def check_supervisor(pegawai: Pegawai, *, by, hari_ini: date) -> None:
    """Only the person's supervisor by position today assesses them (one query)."""
    own = getattr(by, "pegawai", None)
    atasan_id = Hierarki.around(pegawai.pk, hari_ini).atasan_of(pegawai.pk)
    if own is None or atasan_id != own.pk:
        raise PenilaianError(
            _("Hanya atasan langsung %(nama)s saat ini yang dapat menilai perilakunya.")
            % {"nama": pegawai.nama}
        )


@transaction.atomic
def assess_behaviour(
    pegawai: Pegawai,
    *,
    tahun: int,
    bulan: int,
    nilai: Mapping[int, int],
    catatan: str = "",
    by,
    now: datetime | None = None,
) -> PenilaianPerilaku:
    """Score a subordinate's behaviour in a month, one 0–100 score per aspect (by aspect id)
    of the set in force; a second assessment of the month replaces the first (logged)."""
    now = now or timezone.now()
    hari_ini = timezone.localdate(now)
    check_month(pegawai, tahun, bulan, hari_ini=hari_ini)
    check_supervisor(pegawai, by=by, hari_ini=hari_ini)
    set_aspek = active_set()
    pemimpin = is_pemimpin(pegawai, min(hari_ini, rentang_bulan(tahun, bulan)[1]))
    aspek = aspects_for(set_aspek, pemimpin=pemimpin)
    missing = [a.nama for a in aspek if nilai.get(a.pk) is None]
    if missing:
        raise PenilaianError(
            _("Beri nilai untuk setiap aspek; belum: %(aspek)s.") % {"aspek": ", ".join(missing)}
        )
    extra = set(nilai) - {a.pk for a in aspek}
    if extra:
        raise PenilaianError(_("Ada nilai untuk aspek yang tidak berlaku bagi pegawai ini."))
    for a in aspek:
        if not 0 <= nilai[a.pk] <= NILAI_MAKS:
            raise PenilaianError(
                _("Nilai %(aspek)s harus 0 sampai %(maks)d.")
                % {"aspek": a.nama, "maks": NILAI_MAKS}
            )
    skor = weighted_score((nilai[a.pk], a.bobot) for a in aspek)
    fields = {
        "set_aspek": set_aspek,
        "nilai": skor,
        "pemimpin": pemimpin,
        "catatan": catatan.strip(),
        "dinilai_oleh": by,
        "dinilai_pada": now,
    }
    penilaian, sebelumnya = _upsert(pegawai, tahun, bulan, fields)
    NilaiAspek.objects.bulk_create(
        NilaiAspek(penilaian=penilaian, aspek=a, bobot=a.bobot, nilai=nilai[a.pk]) for a in aspek
    )
    log_action(
        "penilaian.perilaku_ubah" if sebelumnya is not None else "penilaian.perilaku",
        by=by,
        obj=pegawai,
        now=now,
        data={
            "periode": f"{tahun:04d}-{bulan:02d}",
            "set": set_aspek.kode,
            "nilai": str(skor),
            "aspek": {a.kode: nilai[a.pk] for a in aspek},
            "sebelumnya": sebelumnya,
        },
    )
    return penilaian


def _upsert(pegawai, tahun, bulan, fields) -> tuple[PenilaianPerilaku, dict | None]:
    """The month's row, created or changed (its old scores removed and returned)."""
    key = {"pegawai": pegawai, "tahun": tahun, "bulan": bulan}
    penilaian = PenilaianPerilaku.objects.select_for_update().filter(**key).first()
    if penilaian is None:
        try:
            with transaction.atomic():
                return PenilaianPerilaku.objects.create(**key, **fields), None
        except IntegrityError:
            # Saved from another tab a moment ago: change that one.
            penilaian = PenilaianPerilaku.objects.select_for_update().get(**key)
    sebelumnya = {
        "nilai": str(penilaian.nilai),
        "set": penilaian.set_aspek_id,
        "aspek": {kode: n for kode, n in penilaian.rincian.values_list("aspek__kode", "nilai")},
        "oleh": penilaian.dinilai_oleh_id,
        "pada": penilaian.dinilai_pada.isoformat(),
    }
    penilaian.rincian.all().delete()
    for name, value in fields.items():
        setattr(penilaian, name, value)
    penilaian.save()
    return penilaian, sebelumnya
