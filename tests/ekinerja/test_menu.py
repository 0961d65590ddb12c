"""The main menu is rendered once per language and set of roles, and filled per request."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from ekinerja import menu
from penilaian.models import Notifikasi

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_menu_cache():
    menu.MENU._pieces.clear()
    menu.KAKI._pieces.clear()
    yield
    menu.MENU._pieces.clear()


def nav_of(client) -> str:
    html = client.get(reverse("home")).content.decode()
    return html[html.index("<nav") : html.index("</nav>")]


def links(nav: str) -> set[str]:
    return set(re.findall(r'href="([^"#]+)"', nav))


class TestMenu:
    def test_each_role_sees_its_own_menu_from_one_cache(self, cast, login):
        staf = links(nav_of(login(cast.staf)))
        admin = links(nav_of(login(cast.admin)))
        atasan = links(nav_of(login(cast.atasan)))
        assert reverse("pegawai:import") in admin and reverse("pegawai:import") not in staf
        assert reverse("penilaian:antrian") in atasan and reverse("penilaian:antrian") not in staf
        assert reverse("tpk:ekspor_index") not in atasan
        # Staff, admin and supervisor: three sets of roles, three renderings kept.
        assert len(menu.MENU._pieces) == 3

    def test_the_per_user_slots_are_filled_and_escaped(self, cast, login):
        cast.staf.nama = "<b>Staf</b> & Co"
        cast.staf.save()
        client = login(cast.staf)
        nav_of(client)  # cached now
        cast.staf.refresh_from_db()
        nav = nav_of(login(cast.staf))
        assert "&lt;b&gt;Staf&lt;/b&gt; &amp; Co" in nav and "<b>Staf" not in nav
        assert f'href="{reverse("pegawai:detail", args=[cast.staf.nip])}"' in nav
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', nav).group(1)
        assert len(token) == 64
        assert "\ue000" not in nav
        assert "Rendered once" not in client.get(reverse("home")).content.decode()

    def test_the_same_menu_for_another_person_shows_their_name(self, cast, login):
        nav_of(login(cast.staf))
        nav = nav_of(login(cast.orang_luar))  # same roles as the staff member: cached markup
        assert len(menu.MENU._pieces) == 1
        assert cast.orang_luar.nama in nav and cast.staf.nama not in nav
        assert reverse("pegawai:detail", args=[cast.orang_luar.nip]) in nav

    def test_badges_follow_the_counts_of_the_request(self, cast, login):
        client = login(cast.staf)
        assert "text-bg-danger" not in nav_of(client)
        Notifikasi.objects.create(
            penerima=cast.staf.user,
            jenis=Notifikasi.Jenis.DITOLAK,
            judul="Uji",
            dibuat_pada=timezone.now(),
        )
        nav = nav_of(client)
        assert re.search(r'text-bg-danger">1<span class="visually-hidden"> belum dibaca', nav)

    def test_english_has_its_own_rendering(self, cast, login):
        client = login(cast.staf)
        assert ">Beranda<" in nav_of(client)
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        assert ">Home<" in nav_of(client)
        assert len(menu.MENU._pieces) == 2


def test_the_footer_comes_back_to_each_page_with_its_own_token(cast, login):
    client = login(cast.staf)
    for url in (reverse("home"), reverse("aktivitas:bulan") + "?bulan=2026-05&x=1"):
        html = client.get(url).content.decode()
        footer = html[html.index("<footer") : html.index("</footer>")]
        assert f'name="next" type="hidden" value="{escape(url)}"' in footer
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', footer).group(1)
        assert len(token) == 64 and "\ue000" not in footer
        assert 'value="id"' in footer and "fw-bold" in footer
    assert len(menu.KAKI._pieces) == 1
