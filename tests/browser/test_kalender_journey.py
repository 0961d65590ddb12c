import re
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pegawai.models import Roster
from tests import factories as f

pytestmark = pytest.mark.browser


def log_in(page, live_server, nip):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/masuk/"))
    page.get_by_label("NIP").fill(nip)
    page.get_by_label(re.compile(r"^\s*Sandi\W*$")).fill(f.PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name=re.compile("Selamat datang"))).to_be_visible()


def test_unit_admin_fills_the_roster_and_a_nurse_sees_her_month(phone, live_server, cast, shot):
    pkm = f.puskesmas(
        cast.opd,
        atasan=cast.jab_kepala,
        nakes=("Bidan Aminah", "Bidan Cut Nyak"),
        jabatan_nakes="Bidan Terampil",
        mulai=date(2020, 1, 1),
    )
    kapus, bidan = pkm.kapus, pkm.nakes
    today = timezone.localdate()  # the month the screens open on
    day1, day2 = today.replace(day=1), today.replace(day=2)

    page = phone
    log_in(page, live_server, kapus.nip)
    page.goto(f"{live_server.url}/pegawai/roster/")
    page.get_by_role("link", name="Puskesmas Contoh").click()
    expect(page.get_by_role("heading", name="Roster shift")).to_be_visible()
    shot(page, "01-roster-kosong")

    aminah = bidan[0]
    page.locator(f'select[name="s-{aminah.pk}-{day1:%Y%m%d}"]').select_option(label="P")
    page.locator(f'select[name="s-{aminah.pk}-{day2:%Y%m%d}"]').select_option(label="M")
    page.locator(f'select[name="s-{bidan[1].pk}-{day1:%Y%m%d}"]').select_option(label="S")
    page.get_by_role("button", name="Simpan roster").click()
    # htmx swaps the grid in place: the message comes inside it, the page does not reload.
    expect(
        page.locator("#roster-grid").get_by_text("Roster disimpan: 3 perubahan.")
    ).to_be_visible()
    expect(page.get_by_test_id(f"target-{aminah.nip}")).to_have_text("900")
    expect(page.get_by_test_id(f"hari-{aminah.nip}")).to_have_text("2")
    # The grid scrolls sideways inside its own box; the page itself fits the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    box = page.locator(".roster-scroll")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    shot(page, "02-roster-terisi")
    assert Roster.objects.filter(pegawai=aminah).count() == 2

    log_in(page, live_server, aminah.nip)
    page.goto(f"{live_server.url}/pegawai/kalender/")
    expect(page.get_by_role("heading", name="Kalender kerja")).to_be_visible()
    expect(page.get_by_test_id("hari-kerja")).to_have_text("2")
    expect(page.get_by_test_id("target-menit")).to_have_text("900 menit")
    malam = page.locator(f'td[data-tanggal="{day2:%Y-%m-%d}"]')
    expect(malam).to_have_attribute("data-status", "kerja")
    expect(malam.get_by_text("M", exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, "03-kalender-bidan")

    page.get_by_text("Rincian jam kerja").click()
    expect(page.get_by_text("20:00–08:00 (esok hari)")).to_be_visible()
    shot(page, "04-rincian")
