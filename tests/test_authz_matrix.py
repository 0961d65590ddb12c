"""Every URL of the project, requested as every role: the outcome each must get.

The rows are in tests/authz_cases.py. A URL pattern without a row fails
`test_every_url_has_a_row`; the Django admin's generated URLs are held to one rule instead.

The world (staf's entries, evidence, objection, a closed month with slips and an export) is
built once for the module inside a transaction that is rolled back at the end; each test runs
in a savepoint of its own (pytest-django's `db`), so a POST that succeeds changes nothing for
the next one.
"""

import re

import pytest
from django.conf import settings
from django.db import transaction
from django.test.utils import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from tests import authz_cases as m
from tests import factories as f
from tests.conftest import cast as cast_fixture


@pytest.fixture(scope="module")
def world_media(tmp_path_factory):
    return tmp_path_factory.mktemp("authz-media")


@pytest.fixture(autouse=True)
def _private_media(settings, world_media):
    """Instead of conftest's: the evidence and the export stored once must be found by every
    test of the module."""
    settings.MEDIA_ROOT = world_media


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, world_media):
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # as conftest's _fast_passwords
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=world_media, PASSWORD_HASHERS=fast),
    ):
        with transaction.atomic():
            # The cast every test gets (conftest), built once here.
            yield m.build_world(cast_fixture.__wrapped__(None))
            transaction.set_rollback(True)


# The URL patterns ----------------------------------------------------------------------------


def url_patterns(resolver=None, route="", namespace=""):
    """(namespaced name, route) of every pattern, included ones too, the route joined as
    Django's resolver joins it; an unnamed pattern gets its route in place of a name, so that
    no row can ever match it."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        full = route + str(p.pattern).removeprefix("^") if route else str(p.pattern)
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from url_patterns(p, full, ns)
        elif isinstance(p, URLPattern):
            yield (f"{namespace}{p.name}" if p.name else f"{namespace}<unnamed {full}>"), full


def test_every_url_has_a_row():
    enumerated = {name: route for name, route in url_patterns() if not name.startswith("admin:")}
    rows = [row.name for row in m.ROWS]
    assert len(rows) == len(set(rows)), "a URL name has two rows"
    missing = sorted(f"{name} (/{enumerated[name]})" for name in enumerated.keys() - set(rows))
    stale = sorted(set(rows) - enumerated.keys())
    assert not missing, "URLs without a row in tests/authz_cases.py ROWS: " + ", ".join(missing)
    assert not stale, "rows of URLs that no longer exist: " + ", ".join(stale)


def test_the_acting_supervisor_sees_what_the_supervisor_sees():
    differs = {
        row.name
        for row in m.ROWS
        for method in ("GET", "POST")
        if (expected := row.expected(method)) and expected[m.ATASAN] != expected[m.PLT]
    }
    assert differs == m.PLT_DIFFERS.keys()


# The matrix ----------------------------------------------------------------------------------


def _cases(rows) -> list:
    """One case per row, method and role: `pegawai:detail-GET-luar`."""
    return [
        pytest.param(row, method, role, expected[role], id=f"{row.name}-{method}-{role}")
        for row in rows
        for method in ("GET", "POST")
        if (expected := row.expected(method))
        for role in m.ROLES
    ]


def outcome(response) -> str:
    """The status; L or A for a redirect to the site's or the admin's login (with ?next=, so
    not a logout's)."""
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("login") + "?next="):
            return m.LOGIN
        if location.startswith(reverse("admin:login") + "?next="):
            return m.ADMIN_LOGIN
    return str(response.status_code)


def login_as(client, world, role: str) -> None:
    if role == m.PLT:
        world.appoint_plt()
    if role != m.ANONIM:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]


def request(client, method: str, url: str):
    response = client.post(url) if method == "POST" else client.get(url)
    if response.streaming:
        # Read to the end: the test client then closes the file (closing the response here
        # would also close the module's database connection, which is inside a transaction).
        b"".join(response.streaming_content)
    return response


def _explain(response) -> str:
    if response.status_code in (301, 302):
        return f" (to {response['Location']})"
    return ""


@pytest.mark.parametrize(("row", "method", "role", "expected"), _cases(m.ROWS + m.ADMIN_ROWS))
def test_outcome(row, method, role, expected, world, db, client):
    url = reverse(row.name, kwargs=row.url_kwargs(world))
    login_as(client, world, role)
    response = request(client, method, url)
    got = outcome(response)
    assert got == expected, f"{method} {url} as {role}: {got}{_explain(response)}"


def test_post_only_urls_refuse_get(world, db, client):
    """The rows without a GET line: a GET changes nothing and says so."""
    login_as(client, world, m.STAF)
    got = {}
    for row in m.ROWS:
        if row.expected("GET") is None:
            url = reverse(row.name, kwargs=row.url_kwargs(world))
            got[url] = outcome(request(client, "GET", url))
    assert got and set(got.values()) == {"405"}, got


# The admin site ------------------------------------------------------------------------------

ADMIN_SAMPLE = {"app_label": "pegawai", "url": "tidak-ada/"}


def admin_url(route: str) -> str:
    """A path that the pattern matches: path converters get 1, regex groups a sample."""
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda g: ADMIN_SAMPLE[g[1]], route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda g: ADMIN_SAMPLE.get(g[1], "1"), path)
    return "/" + path.replace("^", "").replace("$", "")


def admin_urls() -> list[tuple[str, str, str]]:
    """(name, route, sample path) of every admin URL but those with a row of their own."""
    explicit = {row.name for row in m.ADMIN_ROWS}
    return [
        (name, route, admin_url(route))
        for name, route in url_patterns()
        if name.startswith("admin:") and name not in explicit
    ]


def test_admin_urls_are_sampled_right():
    """Each sample path reaches the pattern it stands for, or the rule below tests nothing."""
    urls = admin_urls()
    assert len(urls) > 200
    assert [
        (url, resolve(url).route) for _name, route, url in urls if resolve(url).route != route
    ] == []


# The admin site lets in whoever is active and staff, whatever their groups: anonymous, one
# login without a group, one with a group, and the one staff member stand for all the roles.
ADMIN_RULE_ROLES = (m.ANONIM, m.STAF, m.KEUANGAN, m.ADMIN)


@pytest.mark.parametrize("role", ADMIN_RULE_ROLES)
def test_admin_site_only_for_staff(role, world, db, client):
    """Anonymous: a login page (the site's, or the admin's for the AdminSite's own views, as
    Django sends them); logged in but not staff: the admin's login; the staff admin: past the
    login, and no server error."""
    login_as(client, world, role)
    wrong = []
    for name, _route, url in admin_urls():
        response = request(client, "GET", url)
        got = outcome(response)
        if role == m.ANONIM:
            ok = got in (m.LOGIN, m.ADMIN_LOGIN)
        elif role == m.ADMIN:
            ok = response.status_code < 500 and got != m.ADMIN_LOGIN
        else:
            ok = got == m.ADMIN_LOGIN
        if not ok:
            wrong.append(f"{name} {url}: {response.status_code}{_explain(response)}")
    assert not wrong, f"{len(wrong)} admin URLs as {role}:\n" + "\n".join(wrong)


# Holes the matrix found ---------------------------------------------------------------------


def test_a_position_without_atasan_does_not_make_its_holder_head_of_the_opd(world, db, client):
    """The staff import leaves a position's atasan empty when the file has no ATASAN JABATAN
    column: a pelaksana in the OPD's own unit is then at the top of nothing, and must not see
    the OPD's finance exports or its staff's slips."""
    jab = f.jabatan("Pengadministrasi Umum", world.cast.opd, kelas=5)
    client.force_login(f.pegawai("Pengadministrasi Umum", jab).user)
    urls = {
        "tpk:ekspor_index": reverse("tpk:ekspor_index"),
        "tpk:ekspor_unduh": reverse("tpk:ekspor_unduh", args=[world.ekspor.pk]),
        "tpk:slip_pdf": reverse("tpk:slip_pdf", args=[world.hasil.pk]),
    }
    got = {name: outcome(request(client, "GET", url)) for name, url in urls.items()}
    assert got == dict.fromkeys(urls, "404")
