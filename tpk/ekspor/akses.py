"""Who may see which export and slip: one helper per object kind that fetches and authorises
(404 when the user may not see it, 403 when they may see it but not do what they asked).

- Keuangan and the admin kepegawaian see every OPD's exports and every slip, and make exports.
- The Kepala OPD (whoever holds or acts in the OPD's top position today) sees and downloads the
  exports and slips of their OPD, and makes none.
- Every staff member sees their own slips.
- Nobody else sees any of it.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import EksporTPK, HasilTPK
from .organisasi import opd_dipimpin
from .services import may_create_exports


def sees_all(user) -> bool:
    return user.is_keuangan or user.is_admin_kepegawaian


def visible_opd(user) -> set[int] | None:
    """The OPDs whose exports the user sees: None for all of them."""
    if sees_all(user):
        return None
    return opd_dipimpin(user, timezone.localdate())


def require_export_screen(user) -> set[int] | None:
    """The finance screen is for finance, the admin and the heads of OPD; 404 for the rest."""
    opd = visible_opd(user)
    if opd is not None and not opd:
        raise Http404(_("Halaman tidak ditemukan."))
    return opd


def require_maker(user) -> None:
    if not may_create_exports(user):
        raise PermissionDenied(_("Hanya keuangan dan admin kepegawaian yang dapat membuat ekspor."))


def get_ekspor_for_user(request, pk: int) -> EksporTPK:
    """A finished export the user may download; 404 otherwise."""
    ekspor = EksporTPK.objects.select_related("periode", "opd").filter(pk=pk).first()
    if ekspor is None or ekspor.status != EksporTPK.Status.SELESAI:
        raise Http404(_("Berkas ekspor tidak ditemukan."))
    opd = visible_opd(request.user)
    if opd is not None and ekspor.opd_id not in opd:
        raise Http404(_("Berkas ekspor tidak ditemukan."))
    return ekspor


def get_hasil_for_user(request, pk: int) -> HasilTPK:
    """A TPK row whose slip the user may see (their own, their OPD's, or any for finance)."""
    hasil = (
        HasilTPK.objects.select_related("periode")
        .filter(pk=pk, penutupan__status="selesai")
        .first()
    )
    if hasil is None:
        raise Http404(_("Slip TPK tidak ditemukan."))
    user = request.user
    own = getattr(user, "pegawai", None)
    if own is not None and hasil.pegawai_id == own.pk:
        return hasil
    opd = visible_opd(user)
    if opd is None or hasil.opd_id in opd:
        return hasil
    raise Http404(_("Slip TPK tidak ditemukan."))
