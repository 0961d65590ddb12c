from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Notifikasi


def absolute_url(path: str) -> str:
    """A link a mail client can open: the site's address (SITE_URL) before the app's path.

    Without SITE_URL the path is left as it is: still telling, and never a wrong host.
    """
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    if not path or "://" in path or not base:
        return path
    return f"{base}/{path.lstrip('/')}"


def email_body(n: Notifikasi) -> str:
    parts = [n.pesan.strip()] if n.pesan.strip() else [n.judul]
    if n.url:
        parts.append(_("Buka: %(url)s") % {"url": absolute_url(n.url)})
    parts.append(_("Pesan ini dikirim otomatis oleh e-Kinerja; jangan dibalas."))
    return "\n\n".join(parts)


@transaction.atomic
def send_emails(ids: list[int], *, now=None) -> int:
    """E-mail each unsent notification among `ids` and mark it sent.

    The rows are locked (skipping those another worker holds) while the mail goes out: two
    workers never send the same one, and a failed send rolls back so the retry sends it.
    """
    now = now or timezone.now()
    pending = list(
        Notifikasi.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(pk__in=ids, email_terkirim_pada__isnull=True)
        .exclude(penerima__email="")
        .select_related("penerima")
    )
    if not pending:
        return 0
    sent = send_mass_mail(
        [
            (
                f"[e-Kinerja] {n.judul}",
                email_body(n),
                settings.DEFAULT_FROM_EMAIL,
                [n.penerima.email],
            )
            for n in pending
        ],
        fail_silently=False,
    )
    Notifikasi.objects.filter(pk__in=[n.pk for n in pending]).update(email_terkirim_pada=now)
    return sent
