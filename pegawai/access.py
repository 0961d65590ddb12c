"""One helper per object kind that fetches it and authorises the user: 404 when they may not see
it, 403 when they may see it but not do what they asked. Every view of the app uses these."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from .models import AdminUnit, Pegawai, UnitKerja


def get_pegawai_for_user(request, nip: str) -> Pegawai:
    """The staff member with this NIP if the user may see them; 404 otherwise."""
    own = getattr(request.user, "pegawai", None)
    if own is not None and own.nip == nip:
        return own  # loaded with the user, position and unit included
    try:
        return Pegawai.objects.visible_to(request.user).with_related().get(nip=nip)
    except Pegawai.DoesNotExist:
        raise Http404(_("Pegawai tidak ditemukan.")) from None


def require_admin_kepegawaian(request) -> None:
    if not request.user.is_admin_kepegawaian:
        raise PermissionDenied(_("Hanya admin kepegawaian yang dapat melakukan ini."))


def get_unit_for_roster(request, unit_id: int) -> tuple[UnitKerja, bool]:
    """The unit and whether the user may change its roster.

    Admin kepegawaian and the unit's roster admins change it; the review team and finance may
    look at it; anyone else gets 404.
    """
    unit = UnitKerja.objects.filter(pk=unit_id).first()
    if unit is None:
        raise Http404(_("Unit kerja tidak ditemukan."))
    user = request.user
    if user.is_admin_kepegawaian:
        return unit, True
    if AdminUnit.objects.units_of(user).filter(pk=unit.pk).exists():
        return unit, True
    if user.sees_all_pegawai:
        return unit, False
    raise Http404(_("Unit kerja tidak ditemukan."))
