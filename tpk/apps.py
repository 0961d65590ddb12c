from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TpkConfig(AppConfig):
    name = "tpk"
    verbose_name = _("TPK")

    def ready(self):
        # The exports listen to the close (tpk.signals); dispatch_uid keeps a reload from
        # connecting them twice.
        from .ekspor.receivers import on_periode_dibuka, on_periode_ditutup
        from .signals import periode_dibuka, periode_ditutup

        periode_ditutup.connect(on_periode_ditutup, dispatch_uid="tpk.ekspor.periode_ditutup")
        periode_dibuka.connect(on_periode_dibuka, dispatch_uid="tpk.ekspor.periode_dibuka")
