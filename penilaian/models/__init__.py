"""Decisions on the work: the supervisor's approvals and behaviour assessment (persetujuan), the
review team (tim), objections (keberatan), notifications (notifikasi) and the pemda's settings
for all of them (pengaturan)."""

from .keberatan import *  # noqa: F403
from .notifikasi import *  # noqa: F403
from .pengaturan import *  # noqa: F403
from .persetujuan import *  # noqa: F403
from .tim import *  # noqa: F403
