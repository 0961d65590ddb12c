"""What the exports ask the org data: who heads an OPD (the signer of its list, and who may
download it), set-based.

The head of an OPD is whoever answers for its top position: a position of the OPD's own unit
(the top of the tree, without `induk`) with no supervising position inside that unit. Where the
OPD has several such positions (bad master data), the structural one with the highest class
wins. As everywhere (pegawai.hierarki), the definitive holder answers, else the acting one (Plt,
then Plh).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from pegawai.models import Jabatan, Penugasan

_URUTAN_JENIS = Case(
    When(jenis=Penugasan.Jenis.DEFINITIF, then=Value(0)),
    When(jenis=Penugasan.Jenis.PLT, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)
_PUNCAK = Q(jabatan__unit__induk__isnull=True) & (
    Q(jabatan__atasan__isnull=True) | ~Q(jabatan__atasan__unit=F("jabatan__unit"))
)


@dataclass(frozen=True)
class KepalaOPD:
    nama: str
    nip: str
    jabatan: str


def jabatan_kepala_text(jabatan: str, opd: str, *, jenis: str) -> str:
    """ "Kepala Dinas Pendidikan" from "Kepala Dinas" and "Dinas Pendidikan"; "Plt. " for an
    acting head. A title that already names the OPD is kept as it is."""
    if opd.lower() in jabatan.lower():
        teks = jabatan
    else:
        kata_opd = opd.split(maxsplit=1)
        if len(kata_opd) == 2 and jabatan.split()[-1:] == kata_opd[:1]:
            teks = f"{jabatan} {kata_opd[1]}"  # "Kepala Dinas" + "Dinas X": one "Dinas"
        else:
            teks = f"{jabatan} {opd}"
    if jenis == Penugasan.Jenis.PLT:
        return _("Plt. %(jabatan)s") % {"jabatan": teks}
    if jenis == Penugasan.Jenis.PLH:
        return _("Plh. %(jabatan)s") % {"jabatan": teks}
    return teks


def kepala_opd(opd_ids: Iterable[int], tanggal: date) -> dict[int, KepalaOPD]:
    """The head of each OPD on `tanggal`, in one query; an OPD without one is left out."""
    rows = (
        Penugasan.objects.on(tanggal)
        .filter(_PUNCAK, jabatan__unit__in=list(opd_ids))
        .filter(
            Q(pegawai__aktif_selesai__isnull=True) | Q(pegawai__aktif_selesai__gte=tanggal),
            pegawai__aktif_mulai__lte=tanggal,
        )
        .annotate(urutan_jenis=_URUTAN_JENIS)
        .select_related("pegawai", "jabatan__unit")
        .order_by(
            Case(
                When(jabatan__jenis=Jabatan.Jenis.STRUKTURAL, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            "-jabatan__kelas",
            "urutan_jenis",
            "mulai",
            "id",
        )
    )
    kepala: dict[int, KepalaOPD] = {}
    for t in rows:
        unit = t.jabatan.unit
        if unit.pk not in kepala:
            kepala[unit.pk] = KepalaOPD(
                nama=t.pegawai.nama_lengkap,
                nip=t.pegawai.nip,
                jabatan=jabatan_kepala_text(t.jabatan.nama, unit.nama, jenis=t.jenis),
            )
    return kepala


def opd_dipimpin(user, tanggal: date) -> set[int]:
    """The OPDs the user heads on `tanggal`: those whose head (`kepala_opd`, the one who signs
    their list) is the user. Holding some position at the top of an OPD is not enough: an
    import without supervisors leaves every position of the OPD's own unit at the top, and a
    clerk there must not download the bank list (two queries)."""
    pegawai = getattr(user, "pegawai", None)
    if pegawai is None:
        return set()
    candidates = set(
        Penugasan.objects.on(tanggal)
        .filter(_PUNCAK, pegawai=pegawai)
        .values_list("jabatan__unit_id", flat=True)
    )
    if not candidates:
        return set()
    return {
        opd_id
        for opd_id, kepala in kepala_opd(candidates, tanggal).items()
        if kepala.nip == pegawai.nip
    }
