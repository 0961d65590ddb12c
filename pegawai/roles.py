"""Roles that are granted, as Django groups. "Atasan" is not granted: it follows from the
hierarchy (pegawai.hierarki)."""

from django.utils.translation import gettext_lazy as _

ADMIN_KEPEGAWAIAN = "Admin Kepegawaian"
TIM_PENILAI = "Tim Penilai"
KEUANGAN = "Keuangan"
# Not groups: derived from the hierarchy and from AdminUnit rows (see User.roles).
ATASAN = "atasan"
ADMIN_ROSTER = "admin_roster"

ALL = {
    ADMIN_KEPEGAWAIAN: _("Admin kepegawaian (BKPSDM)"),
    TIM_PENILAI: _("Tim penilai"),
    KEUANGAN: _("Keuangan / bendahara"),
}
