"""The Content-Security-Policy in a real browser: each role's main pages, the admin included,
load and work with nothing blocked. Chromium reports every blocked script, style, image or
frame as a `securitypolicyviolation` event and a console error; both are collected."""

import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from aktivitas import views as aktivitas_views
from pegawai.models import Periode
from penilaian import views_persetujuan
from tests import factories as f
from tests.aktivitas.conftest import NOW, SELASA, SENIN, Katalog, buat
from tests.tpk.conftest import hasil, penutupan
from tpk.defaults import create_default_aturan
from tpk.models import AturanTPK

pytestmark = pytest.mark.browser

# Runs before any script of each page; the listener is the page's own, so it sees every report.
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile}:${e.lineNumber}`);
});
window.print = () => { window.__dicetak = true; };
"""


@pytest.fixture
def data(cast, monkeypatch):
    """The screens see Wednesday 13 May 2026: the staff member has submitted entries waiting
    for the supervisor, and a closed July 2026 with a TPK slip."""
    monkeypatch.setattr(aktivitas_views, "_now", lambda: NOW)
    monkeypatch.setattr(views_persetujuan, "_now", lambda: NOW)
    katalog = Katalog(cast)
    buat(cast.staf, katalog.arsip, SENIN, (8, 0), (9, 0), volume=6, ajukan=True)
    buat(cast.staf, katalog.rapat, SELASA, (9, 0), (10, 0), ajukan=True)
    create_default_aturan()
    aturan = AturanTPK.objects.get(berlaku_mulai=date(2000, 1, 1))
    periode = Periode.objects.create(tahun=2026, bulan=7, status=Periode.Status.DITUTUP)
    hasil(cast.staf, penutupan(periode, aturan), atasan=cast.atasan)
    return cast


@pytest.fixture
def watched(browser):
    """A desktop page that records CSP violations and console errors across its navigations."""
    context = browser.new_context(locale="id-ID")
    context.add_init_script(WATCH)
    page = context.new_page()
    console: list[str] = []
    page.on(
        "console",
        lambda m: console.append(m.text) if m.type in ("error", "warning") else None,
    )
    page.console_errors = console
    yield page
    context.close()


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}{reverse('login')}")
    page.get_by_label("NIP").fill(username)
    page.get_by_label(re.compile(r"^\s*Sandi\W*$")).fill(f.PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page).not_to_have_url(re.compile(r"/masuk/"))


def visit(page, live_server, path: str):
    """Open `path`; fail on a missing policy header or anything the policy blocked."""
    response = page.goto(f"{live_server.url}{path}")
    assert response.ok, f"{path}: {response.status}"
    policy = response.header_value("content-security-policy") or ""
    assert "script-src 'self'" in policy and "style-src 'self'" in policy, path
    assert "unsafe" not in policy, path
    page.wait_for_load_state("load")
    # htmx and Bootstrap start on DOMContentLoaded; give a late report a moment to arrive.
    page.wait_for_timeout(150)
    assert page.evaluate("window.__csp") == [], path
    blocked = [m for m in page.console_errors if "Content Security Policy" in m]
    assert blocked == [], path
    # htmx was told to keep its indicator style in our stylesheet, not an inline <style>.
    assert page.evaluate("document.querySelectorAll('style').length") == 0, path


def test_staff_pages_run_under_the_policy(watched, live_server, data):
    page = watched
    log_in(page, live_server, data.staf.nip)
    slip = reverse("tpk:slip", args=[data.staf.nip, 2026, 7])
    for name in (
        "home",
        "aktivitas:index",
        "aktivitas:minggu_ini",
        "aktivitas:bulan",
        "tpk:slip_saya",
        "pegawai:kalender_saya",
        "pegawai:kehadiran_saya",
    ):
        visit(page, live_server, reverse(name))
    # The day's progress bar gets its width from a class, not a style attribute.
    visit(page, live_server, reverse("aktivitas:hari", args=[SELASA]))
    expect(page.locator("#entri-hari .progress-bar[class*='lebar-']")).to_be_attached()
    # The print button is wired by static/js/cetak.js, not an inline onclick.
    visit(page, live_server, slip)
    page.get_by_role("button", name="Cetak").click()
    assert page.evaluate("window.__dicetak") is True


def test_supervisor_pages_and_an_htmx_decision_run_under_the_policy(watched, live_server, data):
    page = watched
    log_in(page, live_server, data.atasan.nip)
    for name in ("home", "penilaian:dasbor_atasan", "penilaian:perilaku_list", "penilaian:antrian"):
        visit(page, live_server, reverse(name))
    expect(page.get_by_test_id("jumlah-antrian")).to_have_text("2 entri menunggu keputusan")
    # A decision in place: htmx posts with the CSRF header from the page and swaps the queue.
    page.get_by_role("button", name=re.compile(r"^Setujui entri 08:00")).click()
    expect(page.get_by_test_id("jumlah-antrian")).to_have_text("1 entri menunggu keputusan")
    assert page.evaluate("window.__csp") == []
    assert [m for m in page.console_errors if "Content Security Policy" in m] == []


def test_review_team_pages_run_under_the_policy(watched, live_server, data):
    page = watched
    log_in(page, live_server, data.penilai.nip)
    for name in (
        "penilaian:tim_index",
        "penilaian:antrian_tim",
        "pegawai:list",
        "pegawai:unit_tree",
    ):
        visit(page, live_server, reverse(name))


def test_finance_pages_run_under_the_policy(watched, live_server, data):
    page = watched
    log_in(page, live_server, data.keuangan.nip)
    for name in ("tpk:daftar", "tpk:ekspor_index", "tpk:periode_list"):
        visit(page, live_server, reverse(name))
    visit(page, live_server, reverse("tpk:slip", args=[data.staf.nip, 2026, 7]))


def test_the_django_admin_runs_under_the_policy(watched, live_server, data):
    get_user_model().objects.create_superuser("superadmin", password=f.PASSWORD)
    page = watched
    log_in(page, live_server, "superadmin")
    for path in (
        "/admin/",
        "/admin/pegawai/pegawai/",
        f"/admin/pegawai/pegawai/{data.staf.pk}/change/",
        "/admin/pegawai/jabatan/add/",
        "/admin/pegawai/pemda/1/change/",
        "/admin/axes/accessattempt/",
    ):
        visit(page, live_server, path)


def test_the_login_and_the_lockout_pages_run_under_the_policy(watched, live_server, data):
    page = watched
    visit(page, live_server, reverse("login"))
    for _ in range(5):
        page.get_by_label("NIP").fill(data.staf.nip)
        page.get_by_label(re.compile(r"^\s*Sandi\W*$")).fill("salah")
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_load_state("load")
    expect(page.get_by_role("heading", name="Akun dikunci sementara")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Coba lagi setelah pukul \d\d:\d\d"))).to_be_visible()
    assert page.evaluate("window.__csp") == []
