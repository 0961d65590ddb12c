from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AktivitasConfig(AppConfig):
    name = "aktivitas"
    verbose_name = _("Aktivitas harian")
