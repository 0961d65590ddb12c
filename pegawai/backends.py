import ipaddress

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class PegawaiBackend(ModelBackend):
    """Django's backend, loading the user's Pegawai with the user: every page shows the name."""

    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = User._default_manager.select_related("pegawai__jabatan", "pegawai__unit").get(
                pk=user_id
            )
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class ThrottleBackend(AxesStandaloneBackend):
    """Refuse a login while its NIP is locked out from the address it comes from (django-axes).

    Every login over the web carries its request. One without (the shell, a management command,
    a test calling `authenticate()` or `Client.login()`) has no address to count failures
    against, so it passes to the next backend instead of failing as axes' own backend does.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind REVERSE_PROXY_COUNT proxies the entry they
    appended to X-Forwarded-For; entries further left come from the client and may be forged."""
    count = settings.REVERSE_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if count and len(forwarded) >= count:
        try:
            return str(ipaddress.ip_address(forwarded[-count]))
        except ValueError:
            pass  # not written by a proxy of ours: the connection's address will do
    return request.META.get("REMOTE_ADDR") or None
