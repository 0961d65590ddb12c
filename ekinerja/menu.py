"""The main menu on every page, rendered once per process for each language and set of roles.

The menu is most of base.html's markup and the same for everyone who holds the same roles:
rendering its sixty links and their translations on each request cost more than a day page's own
content. So it is rendered with slots (`s` in templates/_menu.html) for the few per-user parts —
name, profile link, CSRF token and the two badges — and the slots are filled on each request.
The key holds everything else the markup depends on: language, URL prefix and the role flags.
"""

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

# Private-use characters: never in a translation or a URL, so a slot cannot be mistaken.
SLOTS = ("antrian", "notifikasi", "nama", "profil", "csrf")
_TOKEN = {name: f"\ue000{name}\ue000" for name in SLOTS}
_rendered: dict[tuple, str] = {}


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


def _markup(flags: tuple[tuple[str, bool], ...]) -> str:
    key = (get_language(), get_script_prefix(), flags)
    html = _rendered.get(key)
    if html is None:
        html = render_to_string("_menu.html", {"m": dict(flags), "s": _TOKEN})
        _rendered[key] = html
    return html


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
    html = _markup(_flags(user))
    csrf = context.get("csrf_token")
    fill = {
        "antrian": _badge(
            "text-bg-warning",
            context.get("jumlah_antrian") if user.is_atasan else 0,
            title=_("Entri menunggu keputusan Anda"),
        ),
        "notifikasi": notifikasi,
        "nama": escape(pegawai.nama if pegawai else user.get_username()),
        "profil": escape(reverse("pegawai:detail", args=[pegawai.nip])) if pegawai else "",
        "csrf": escape(csrf) if csrf and csrf != "NOTPROVIDED" else "",
    }
    for name, value in fill.items():
        html = html.replace(_TOKEN[name], value)
    return mark_safe(html)  # noqa: S308 - cached markup from our template; every slot escaped
