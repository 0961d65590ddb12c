from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PenilaianConfig(AppConfig):
    name = "penilaian"
    verbose_name = _("Penilaian")

    def ready(self) -> None:
        from django.db.models import Q

        from aktivitas.models import VISIBILITY_EXTENSIONS

        # Whoever an admin reassigned an undecided entry to must be able to open it and its
        # evidence, even when the owner is not below them.
        def reassigned_to(pegawai) -> Q:
            return Q(pengalihan__ke=pegawai)

        if reassigned_to.__qualname__ not in {f.__qualname__ for f in VISIBILITY_EXTENSIONS}:
            VISIBILITY_EXTENSIONS.append(reassigned_to)

        # The menu's bell on every page: the unread count comes with the user's roles.
        from pegawai.models.organisasi import ROLE_EXTRAS

        from .context_processors import unread_extra

        if unread_extra not in ROLE_EXTRAS:
            ROLE_EXTRAS.append(unread_extra)
