from datetime import date

from django.utils.functional import SimpleLazyObject


def _is_atasan(user) -> bool:
    """True if the user holds (definitively or acting) a position that has positions below it."""
    from .models import Penugasan

    return (
        Penugasan.objects.on(date.today())
        .filter(pegawai__user=user, jabatan__bawahan__isnull=False)
        .exists()
    )


def navigation(request):
    """Role flags for the menu, evaluated only when a template asks for them."""
    user = request.user
    if not user.is_authenticated:
        return {}
    return {"is_atasan": SimpleLazyObject(lambda: _is_atasan(user))}
