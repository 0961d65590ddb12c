"""Hardening: login throttling, the Content-Security-Policy, upload checks and no secrets in the
repository. Settings read from the environment (cookies, variables) are in tests/test_settings.py;
the policy in a real browser is tests/browser/test_csp.py."""

import io
import os
import re
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth import authenticate, get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import reverse
from PIL import Image

from pegawai.backends import client_ip
from pegawai.models import Pegawai
from tests import factories as f

ROOT = Path(__file__).resolve().parents[2]
LOGIN = reverse("login")
OFFICE = "203.0.113.7"  # one pemda office: everyone in it reaches the site from this address
ELSEWHERE = "198.51.100.9"
SALAH = "salah"  # a wrong password


def masuk(client, nip: str, password: str = SALAH, *, ip: str = OFFICE, url: str = LOGIN):
    return client.post(url, {"username": nip, "password": password}, REMOTE_ADDR=ip)


def fail(client, nip: str, times: int = 5, **kwargs):
    for _ in range(times):
        response = masuk(client, nip, **kwargs)
    return response


# Login throttling -------------------------------------------------------------------------------


class TestLoginThrottle:
    def test_five_failures_lock_the_nip_out_with_a_page_that_says_until_when(self, cast, client):
        for _ in range(4):
            response = masuk(client, cast.staf.nip)
            assert response.status_code == 200
            assert "NIP atau kata sandi salah" in response.content.decode()
        response = masuk(client, cast.staf.nip)
        assert response.status_code == 429
        assert "registration/lockout.html" in [t.name for t in response.templates]
        page = response.content.decode()
        assert "Akun dikunci sementara" in page
        assert re.search(r"Coba lagi setelah pukul \d\d:\d\d\.", page)
        assert "admin kepegawaian" in page
        assert response.headers["Content-Security-Policy"]

    def test_the_right_password_does_not_get_in_while_the_lock_lasts(self, cast, client):
        fail(client, cast.staf.nip)
        response = masuk(client, cast.staf.nip, f.PASSWORD)
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_colleagues_behind_the_same_office_address_still_log_in(self, cast, client):
        fail(client, cast.staf.nip)
        response = masuk(Client(), cast.atasan.nip, f.PASSWORD)
        assert response.status_code == 302
        assert response.url == reverse("home")

    def test_someone_elsewhere_cannot_lock_the_owner_out(self, cast, client):
        fail(client, cast.staf.nip, ip=ELSEWHERE)
        assert masuk(client, cast.staf.nip, ip=ELSEWHERE).status_code == 429
        assert masuk(Client(), cast.staf.nip, f.PASSWORD, ip=OFFICE).status_code == 302

    def test_spaces_in_the_nip_do_not_buy_more_tries(self, cast, client):
        nip = cast.staf.nip
        fail(client, f"{nip[:8]} {nip[8:14]} {nip[14:]}", times=3)
        fail(client, f"'{nip}", times=1)
        assert masuk(client, nip).status_code == 429

    def test_a_successful_login_clears_the_failures(self, cast, client):
        fail(client, cast.staf.nip, times=4)
        assert masuk(client, cast.staf.nip, f.PASSWORD).status_code == 302
        client.post(reverse("logout"))
        assert fail(client, cast.staf.nip, times=4).status_code == 200

    def test_the_lock_ends_after_the_cooloff(self, cast, client, settings):
        fail(client, cast.staf.nip)
        AccessAttempt.objects.update(
            attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
        )
        assert settings.AXES_COOLOFF_TIME == timedelta(minutes=15)
        assert masuk(client, cast.staf.nip, f.PASSWORD).status_code == 302

    def test_the_admin_login_is_throttled_too(self, cast, client):
        url = reverse("admin:login")
        response = fail(client, cast.admin.nip, url=url)
        assert response.status_code == 429
        assert "Akun dikunci sementara" in response.content.decode()

    def test_the_lock_is_recorded_without_the_password_and_shown_in_the_admin(self, cast, client):
        fail(client, cast.staf.nip)
        attempt = AccessAttempt.objects.get()
        assert (attempt.username, attempt.ip_address) == (cast.staf.nip, OFFICE)
        assert attempt.failures_since_start == 5
        assert "salah" not in attempt.post_data
        assert AccessFailureLog.objects.filter(username=cast.staf.nip).count() == 5
        boss = get_user_model().objects.create_superuser("superadmin", password=f.PASSWORD)
        admin = Client()
        admin.force_login(boss)
        response = admin.get(reverse("admin:axes_accessattempt_changelist"))
        assert response.status_code == 200
        assert cast.staf.nip in response.content.decode()
        assert admin.get(reverse("admin:axes_accessfailurelog_changelist")).status_code == 200

    def test_the_admin_kepegawaian_unlocks_a_nip_in_the_admin(self, cast, client):
        fail(client, cast.staf.nip)
        cast.admin.user.is_staff = True  # as the demo's HR admin: the admin site is theirs
        cast.admin.user.save()
        admin = Client()
        admin.force_login(cast.admin.user)
        attempt = AccessAttempt.objects.get()
        assert admin.get(reverse("admin:axes_accessfailurelog_changelist")).status_code == 200
        url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
        assert admin.post(url, {"post": "yes"}).status_code == 302
        assert not AccessAttempt.objects.exists()
        assert masuk(client, cast.staf.nip, f.PASSWORD).status_code == 302

    def test_axes_reset_username_lifts_the_lock(self, cast, client):
        fail(client, cast.staf.nip)
        call_command("axes_reset_username", cast.staf.nip, stdout=io.StringIO())
        assert masuk(client, cast.staf.nip, f.PASSWORD).status_code == 302

    def test_logins_without_a_request_are_not_refused(self, cast):
        # The shell, management commands and tests log in without a request to count against.
        assert authenticate(username=cast.staf.nip, password=f.PASSWORD) == cast.staf.user
        assert Client().login(username=cast.staf.nip, password=f.PASSWORD)
        assert not AccessAttempt.objects.exists()


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "10.0.0.1"),  # no proxy: the header is only the client's word
        (1, "", "10.0.0.1"),
        (1, "192.0.2.1", "192.0.2.1"),
        (1, "6.6.6.6, 192.0.2.1", "192.0.2.1"),  # the left entry was forged by the client
        (2, "6.6.6.6, 192.0.2.1, 10.1.1.1", "192.0.2.1"),
        (2, "192.0.2.1", "10.0.0.1"),
        (1, "bukan-alamat", "10.0.0.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_behind_reverse_proxies(settings, proxies, forwarded, expected):
    settings.REVERSE_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_behind_the_proxy_a_forged_forwarded_for_buys_no_more_tries(cast, client, settings):
    settings.REVERSE_PROXY_COUNT = 1
    for forged in range(5):
        response = client.post(
            LOGIN,
            {"username": cast.staf.nip, "password": "salah"},
            REMOTE_ADDR="172.18.0.1",  # the proxy
            HTTP_X_FORWARDED_FOR=f"10.9.9.{forged}, {OFFICE}",
        )
    assert response.status_code == 429
    assert AccessAttempt.objects.get().ip_address == OFFICE


# Content-Security-Policy ----------------------------------------------------------------------

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def directives(header: str) -> dict[str, str]:
    parts = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


def test_pages_are_sent_with_the_policy(cast, client, login):
    pages = [client.get(LOGIN), login(cast.staf).get(reverse("home"))]
    pages.append(login(cast.staf).get(reverse("aktivitas:index"), follow=True))
    for response in pages:
        assert response.status_code == 200
        header = response.headers["Content-Security-Policy"]
        assert directives(header) == POLICY
        assert "unsafe" not in header
        assert "Content-Security-Policy-Report-Only" not in response.headers


def test_htmx_is_told_not_to_add_its_inline_style_and_the_indicator_is_in_our_css(client, db):
    page = client.get(LOGIN).content.decode()
    assert """<meta name="htmx-config" content='{"includeIndicatorStyles": false""" in page
    css = (ROOT / "static" / "css" / "ekinerja.css").read_text()
    assert ".htmx-request .htmx-indicator" in css


def test_every_bar_width_a_template_can_ask_for_has_its_class():
    css = (ROOT / "static" / "css" / "ekinerja.css").read_text()
    for persen in range(101):
        assert f".lebar-{persen} {{ width: {persen}%; }}" in css


# What the policy would block, in every template a browser receives (the PDF templates only go
# to WeasyPrint, which reads no HTTP header).
INLINE = {
    "inline <script>": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "<style> element": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "hx-on attribute": re.compile(r"\shx-on", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def browser_templates() -> list[Path]:
    folders = [ROOT / "templates", *ROOT.glob("*/templates")]
    files = [p for folder in folders for p in folder.rglob("*.html")]
    return [p for p in files if "pdf" not in p.relative_to(ROOT).parts]


def test_no_template_holds_what_the_policy_blocks():
    files = browser_templates()
    assert len(files) > 50
    found = [
        f"{path.relative_to(ROOT)}: {what}"
        for path in files
        for what, pattern in INLINE.items()
        if pattern.search(path.read_text())
    ]
    assert found == []


def test_the_print_button_is_wired_by_a_static_script():
    template = (ROOT / "templates" / "tpk" / "slip_detail.html").read_text()
    assert "data-cetak" in template and "js/cetak.js" in template
    assert "[data-cetak]" in (ROOT / "static" / "js" / "cetak.js").read_text()


# Upload checks --------------------------------------------------------------------------------

XLSX_HEAD = b"PK\x03\x04" + b"\x00" * 60
BINARY = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 60


def screens(cast) -> dict[str, tuple[str, dict]]:
    return {
        "pegawai": (reverse("pegawai:import"), {}),
        "katalog": (reverse("aktivitas:katalog_import"), {}),
        "kehadiran": (reverse("pegawai:kehadiran_import"), {"format": "harian"}),
        "roster": (reverse("pegawai:roster_import", args=[cast.seksi.pk]), {}),
    }


SCREENS = ["pegawai", "katalog", "kehadiran", "roster"]


def unggah(client, url: str, extra: dict, name: str, content: bytes):
    return client.post(url, {"berkas": SimpleUploadedFile(name, content)} | extra)


@pytest.mark.parametrize("screen", SCREENS)
def test_an_import_file_over_the_limit_is_refused_with_its_size(cast, login, settings, screen):
    settings.IMPORT_MAX_MB = 1
    url, extra = screens(cast)[screen]
    content = b"NIP;TANGGAL\n" + b"1" * (1024 * 1024)
    response = unggah(login(cast.admin), url, extra, "besar.csv", content)
    assert response.status_code in (200, 400)
    assert "Berkas besar.csv terlalu besar (1.0 MB); paling besar 1 MB." in (
        response.content.decode()
    )


@pytest.mark.parametrize("screen", SCREENS)
def test_a_binary_file_under_a_text_name_is_refused(cast, login, screen):
    url, extra = screens(cast)[screen]
    response = unggah(login(cast.admin), url, extra, "data.csv", BINARY)
    assert response.status_code in (200, 400)
    assert "Isi berkas data.csv bukan teks; simpan ulang sebagai CSV (UTF-8)." in (
        response.content.decode()
    )


@pytest.mark.parametrize("screen", ["pegawai", "katalog", "kehadiran"])
def test_an_xlsx_name_must_hold_a_workbook(cast, login, screen):
    url, extra = screens(cast)[screen]
    response = unggah(login(cast.admin), url, extra, "data.xlsx", b"NIP;NAMA\n1;A\n")
    assert "Berkas data.xlsx bukan buku kerja XLSX yang utuh; simpan ulang dari Excel." in (
        response.content.decode()
    )


def test_a_workbook_is_no_roster_csv(cast, login):
    url, extra = screens(cast)["roster"]
    response = unggah(login(cast.admin), url, extra, "roster.csv", XLSX_HEAD)
    assert "Isi berkas roster.csv bukan teks" in response.content.decode()


def test_a_workbook_under_a_csv_name_still_reaches_the_reader(cast, login):
    # The staff reader goes by content: a workbook saved as .csv by mistake is read as one.
    url, extra = screens(cast)["pegawai"]
    before = Pegawai.objects.count()
    response = unggah(login(cast.admin), url, extra, "simpeg.csv", XLSX_HEAD)
    page = response.content.decode()
    assert "bukan teks" not in page
    assert "Berkas XLSX tidak dapat dibuka" in page
    assert Pegawai.objects.count() == before


def test_the_pemda_logo_is_bounded_in_size(cast, client):
    boss = get_user_model().objects.create_superuser("superadmin", password=f.PASSWORD)
    client.force_login(boss)
    url = reverse("admin:pegawai_pemda_change", args=[1])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "logo"}
    # A real image (noise does not compress) of some 2.3 MB: Pillow must accept it first.
    png = io.BytesIO()
    Image.frombytes("RGB", (1000, 800), os.urandom(1000 * 800 * 3)).save(png, "PNG")
    big = SimpleUploadedFile("logo.png", png.getvalue())
    response = client.post(url, data | {"logo": big})
    assert response.status_code == 200
    assert re.search(
        r"Logo terlalu besar \(2\.\d MB\); paling besar 2 MB\.", response.content.decode()
    )


# No secrets in the repository -----------------------------------------------------------------

SECRETS = {
    "private key": re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"),
    "AWS access key": re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    "AWS secret key": re.compile(r"(?i)aws_secret_access_key\s*[=:]\s*['\"]?[A-Za-z0-9/+]{40}"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    "Google API key": re.compile(r"\bAIza[0-9A-Za-z_\-]{35}\b"),
    # A value made by a command ("$(python -c ...)") is no literal.
    "SECRET_KEY literal": re.compile(r"SECRET_KEY\s*[=:]\s*['\"](?!\$)[^'\"]{8,}['\"]"),
    "password in a URL": re.compile(r"\b[a-z][a-z0-9+]*://[^\s/:@'\"]+:([^\s/@'\"]+)@"),
}
# Stand-ins that documentation and compose files write where a password goes.
PLACEHOLDER = re.compile(r"^(?:PASSWORD|password|<\w+>|\$\{?\w+(?::[-?][^}]*)?\}?|\*+|x+)$")
# The one development key, used only while DEBUG is True (settings refuse it in production).
DEV_KEY = 'SECRET_KEY = SECRET_KEY or "django-insecure-local-development-only"'
NEVER_TRACKED = re.compile(r"(?:^|/)(?:\.env|id_[rd]sa|.*\.pem|.*\.key|.*\.p12|db\.sqlite3)$")


def tracked_files() -> list[str]:
    try:
        result = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=60
        )
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [name for name in result.stdout.decode().split("\0") if name]


def test_no_secret_is_tracked():
    files = tracked_files()
    assert "ekinerja/settings.py" in files
    assert [name for name in files if NEVER_TRACKED.search(name)] == []
    found = []
    for name in files:
        path = ROOT / name
        if not path.is_file():
            continue  # deleted in the working tree
        try:
            text = path.read_text()
        except UnicodeDecodeError:
            continue
        if name == "ekinerja/settings.py":
            assert text.count(DEV_KEY) == 1
            text = text.replace(DEV_KEY, "")
        for what, pattern in SECRETS.items():
            for match in pattern.finditer(text):
                if what == "password in a URL" and PLACEHOLDER.match(match.group(1)):
                    continue
                found.append(f"{name}: {what}: {match.group(0)[:40]}")
    assert found == []


def test_settings_hold_no_password_but_read_each_from_the_environment():
    source = (ROOT / "ekinerja" / "settings.py").read_text()
    assigned = re.findall(r"^(\w*(?:PASSWORD|SECRET_KEY|TOKEN))\s*=\s*(.+)$", source, re.M)
    assert {name for name, _ in assigned} >= {"SECRET_KEY", "EMAIL_HOST_PASSWORD"}
    for name, value in assigned:
        assert value.startswith("os.getenv("), f"{name} = {value}"
