"""The main menu and the footer on every page, stamped from markup rendered once per language and
set of roles (ekinerja.stempel).

The menu is most of base.html's markup and the same for everyone who holds the same roles:
rendering its sixty links and their translations on each request cost more than a day page's own
content. So it is rendered with slots (`s` in templates/_menu.html) for the few per-user parts —
name, profile link, CSRF token and the two badges — and the slots are filled on each request.
The key holds everything else the markup depends on: language, URL prefix and the role flags.
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ekinerja.stempel import Stempel, csrf_token

register = template.Library()

KAKI = Stempel("_kaki.html", slots=("next", "csrf"))
MENU = Stempel(
    "_menu.html", slots=("antrian", "notifikasi", "nama", "profil", "csrf"), variant_name="m"
)


def _flags(user) -> tuple[tuple[str, bool], ...]:
    return (
        ("pegawai", getattr(user, "pegawai", None) is not None),
        ("atasan", user.is_atasan),
        ("semua_pegawai", user.sees_all_pegawai),
        ("tim_penilai", user.is_tim_penilai),
        ("admin_kepegawaian", user.is_admin_kepegawaian),
        ("keuangan", user.is_keuangan),
        ("admin_roster", user.is_admin_roster),
    )


def _badge(css: str, count, hidden: str = "", title: str = "") -> str:
    if not count:
        return ""
    title_attr = format_html(' title="{}"', title) if title else ""
    hidden_text = format_html('<span class="visually-hidden"> {}</span>', hidden) if hidden else ""
    return format_html(
        ' <span class="badge rounded-pill {}"{}>{}{}</span>', css, title_attr, count, hidden_text
    )


@register.simple_tag(takes_context=True)
def menu_utama(context) -> str:
    """The navbar for the logged-in user of this request."""
    user = context["user"]
    pegawai = getattr(user, "pegawai", None)
    # The unread count comes with the roles' statement (penilaian.context_processors).
    notifikasi = _badge(
        "text-bg-danger", context.get("notifikasi_belum_dibaca"), hidden=_("belum dibaca")
    )
    return MENU.render(
        dict(_flags(user)),
        {
            "antrian": _badge(
                "text-bg-warning",
                context.get("jumlah_antrian") if user.is_atasan else 0,
                title=_("Entri menunggu keputusan Anda"),
            ),
            "notifikasi": notifikasi,
            "nama": pegawai.nama if pegawai else user.get_username(),
            "profil": reverse("pegawai:detail", args=[pegawai.nip]) if pegawai else "",
            "csrf": csrf_token(context),
        },
    )


@register.simple_tag(takes_context=True)
def kaki(context) -> str:
    """The footer with its language switch, which comes back to this page."""
    return KAKI.render(
        {},
        {
            "next": request.get_full_path() if (request := context.get("request")) else "",
            "csrf": csrf_token(context),
        },
    )
