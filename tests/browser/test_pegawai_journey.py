import re

import pytest
from playwright.sync_api import expect

from tests import factories as f

pytestmark = pytest.mark.browser


def log_in(page, live_server, nip):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/masuk/"))
    page.get_by_label("NIP").fill(nip)
    page.get_by_label(re.compile(r"^\s*Sandi\W*$")).fill(f.PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def test_supervisor_on_a_phone_logs_in_with_nip_and_finds_a_subordinate(
    phone, live_server, cast, shot
):
    page = phone
    page.goto(f"{live_server.url}/")
    page.get_by_label("NIP").fill(cast.atasan.nip)
    page.get_by_label(re.compile(r"^\s*Sandi\W*$")).fill("salah")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_text("NIP atau kata sandi salah")).to_be_visible()
    shot(page, "01-salah-sandi")

    log_in(page, live_server, cast.atasan.nip)
    expect(page.get_by_role("heading", name="Selamat datang, Kabid Umum")).to_be_visible()
    expect(page.get_by_text("Staf Data")).to_be_visible()
    shot(page, "02-beranda")

    # On a 360 px screen the menu is collapsed behind the toggler.
    page.get_by_role("button", name="Buka menu").click()
    # Bootstrap ignores a click on a dropdown while the collapsed menu is still opening.
    page.wait_for_selector("#menu.show")
    page.get_by_role("link", name="Bawahan").click()
    page.get_by_label("Cari nama atau NIP").fill("staf")
    page.get_by_role("button", name="Cari").click()
    expect(page.get_by_text("1 pegawai")).to_be_visible()
    shot(page, "03-cari-bawahan")

    page.get_by_role("link", name="Staf Data").click()
    expect(page.get_by_text(f"NIP {cast.staf.nip}")).to_be_visible()
    expect(page.get_by_text("Pengelola Data").first).to_be_visible()
    # No horizontal scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "04-profil")


def test_staff_member_changes_password_and_logs_out(phone, live_server, cast, shot):
    page = phone
    log_in(page, live_server, cast.staf.nip)
    page.goto(f"{live_server.url}/akun/kata-sandi/")
    page.get_by_label("Sandi lama").fill(f.PASSWORD)
    page.get_by_label(re.compile(r"^\s*Sandi baru\W*$")).fill("Kinerja-baru-2026")
    page.get_by_label("Konfirmasi sandi baru").fill("Kinerja-baru-2026")
    page.get_by_role("button", name="Simpan kata sandi baru").click()
    expect(page.get_by_role("heading", name="Kata sandi diganti")).to_be_visible()
    shot(page, "01-sandi-diganti")
    # The menus are Bootstrap's: on a loaded machine a click before its script ran is lost.
    page.wait_for_load_state("load")
    page.get_by_role("button", name="Buka menu").click()
    # Bootstrap ignores a click on a dropdown while the collapsed menu is still opening.
    page.wait_for_selector("#menu.show")
    page.get_by_role("button", name=re.compile("Staf Data")).click()
    page.get_by_role("button", name="Keluar").click()
    expect(page).to_have_url(re.compile(r"/masuk/"))
