"""A staff member's afternoon on a 360 px phone: two entries (one with a photo as evidence),
submitted together, yesterday's work copied, and the month's progress."""

import re

import pytest
from playwright.sync_api import expect

from aktivitas import views
from aktivitas.models import Entri
from tests import factories as f
from tests.aktivitas.conftest import HARI_INI, NOW, PNG, SELASA, Katalog, buat

pytestmark = pytest.mark.browser


@pytest.fixture
def clock(monkeypatch, settings, tmp_path):
    """The screens (served from this process) see Wednesday 13 May 2026, 16:30 in Jakarta;
    uploads go to a throwaway folder."""
    monkeypatch.setattr(views, "_now", lambda: NOW)
    settings.MEDIA_ROOT = tmp_path / "media"
    return NOW


def log_in(page, live_server, nip):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/masuk/"))
    page.get_by_label("NIP").fill(nip)
    page.get_by_label(re.compile(r"^\s*Sandi\W*$")).fill(f.PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name=re.compile("Selamat datang"))).to_be_visible()


def fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_staff_logs_a_day_on_a_phone(phone, live_server, cast, clock, shot):
    katalog = Katalog(cast)
    # Yesterday's work, to copy: a meeting and the afternoon's filing.
    buat(cast.staf, katalog.rapat, tanggal=SELASA, mulai=(13, 0), selesai=(14, 0), ajukan=True)
    buat(cast.staf, katalog.arsip, tanggal=SELASA, mulai=(14, 0), selesai=(15, 0), volume=5)

    page = phone
    log_in(page, live_server, cast.staf.nip)
    page.get_by_role("button", name="Buka menu").click()
    # Bootstrap ignores a click on a dropdown while the collapsed menu is still opening.
    page.wait_for_selector("#menu.show")
    page.get_by_role("button", name="Aktivitas").click()
    page.get_by_role("link", name="Aktivitas hari ini").click()
    expect(page.get_by_role("heading", name="Rabu, 13 Mei 2026")).to_be_visible()
    expect(page.get_by_text("Jam kerja 08:00–16:30 · target 300 menit")).to_be_visible()
    fits_the_phone(page)
    shot(page, "01-hari-kosong")

    # The first entry starts where the working day starts; a photo goes with it.
    form = page.locator("#tambah")
    expect(form.get_by_label(re.compile(r"^\s*Mulai"))).to_have_value("08:00")
    form.get_by_label(re.compile(r"^\s*Selesai")).fill("09:30")
    form.get_by_label(re.compile(r"^\s*Aktivitas")).select_option(label=katalog.arsip.label)
    form.get_by_label(re.compile(r"^\s*Volume")).fill("6")
    expect(form.locator("[data-estimasi]")).to_have_text("≈ 60 menit (10 × 6 surat)")
    form.get_by_label(re.compile(r"^\s*Uraian")).fill("Mengarsipkan surat masuk minggu ini")
    form.get_by_label(re.compile(r"^\s*Bukti")).set_input_files(
        {"name": "arsip.png", "mimeType": "image/png", "buffer": PNG}
    )
    shot(page, "02-isi-entri")
    form.get_by_role("button", name="Simpan draf").click()
    expect(page.get_by_text("Entri 08:00–09:30 (60 menit) disimpan sebagai draf.")).to_be_visible()

    # The next one starts where the last one ended.
    expect(form.get_by_label(re.compile(r"^\s*Mulai"))).to_have_value("09:30")
    form.get_by_label(re.compile(r"^\s*Selesai")).fill("10:30")
    form.get_by_label(re.compile(r"^\s*Aktivitas")).select_option(label=katalog.rapat.label)
    form.get_by_label(re.compile(r"^\s*Uraian")).fill("Rapat koordinasi bidang")
    form.get_by_role("button", name="Simpan draf").click()
    expect(page.get_by_text("Entri 09:30–10:30 (60 menit) disimpan sebagai draf.")).to_be_visible()
    expect(page.get_by_test_id("total-hari")).to_have_text("120 dari 300 menit")
    shot(page, "03-dua-draf")

    # Both go to the supervisor at once; htmx swaps the list in place.
    page.get_by_role("button", name="Ajukan semua draf (2)").click()
    expect(page.locator("#entri-hari").get_by_text("2 draf diajukan ke atasan.")).to_be_visible()
    expect(page.locator("#entri-hari [data-status=diajukan].badge")).to_have_count(2)
    fits_the_phone(page)
    shot(page, "04-diajukan")

    entri = Entri.objects.get(pegawai=cast.staf, tanggal=HARI_INI, bukti_jenis="image/png")
    photo = page.request.get(f"{live_server.url}/aktivitas/entri/{entri.pk}/bukti/")
    assert photo.status == 200 and photo.headers["content-type"] == "image/png"

    # Yesterday's afternoon, copied as drafts.
    page.get_by_role("button", name="Salin entri Selasa, 12 Mei 2026").click()
    expect(
        page.get_by_text("2 entri dari Selasa, 12 Mei 2026 disalin sebagai draf.")
    ).to_be_visible()
    expect(page.locator("#entri-hari [data-status=draf].badge")).to_have_count(2)
    fits_the_phone(page)
    shot(page, "05-disalin")

    # The history of the first entry.
    page.get_by_role("link", name="08:00–09:30").click()
    expect(page.get_by_role("heading", name="Riwayat")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Bukti arsip.png"))).to_be_visible()
    fits_the_phone(page)
    shot(page, "06-riwayat")

    # The month: this week's submitted minutes against May's target.
    page.goto(f"{live_server.url}/aktivitas/")
    page.get_by_role("link", name="Rekap bulan").click()
    expect(page.get_by_role("heading", name="Rekap Mei 2026")).to_be_visible()
    expect(page.get_by_test_id("target-bulan")).to_have_text("6300 menit")
    expect(page.get_by_test_id("diajukan")).to_have_text("180")
    expect(page.get_by_test_id("draf")).to_have_text("160")
    fits_the_phone(page)
    shot(page, "07-rekap-bulan")

    # The week, and a quick add for Tuesday without leaving it.
    page.get_by_role("link", name="Minggu", exact=True).click()
    expect(page.get_by_role("heading", name="11 Mei 2026 – 17 Mei 2026")).to_be_visible()
    page.get_by_role("link", name="Tambah entri Selasa, 12 Mei 2026").click()
    selasa = page.locator("#tambah-2026-05-12")
    selasa.get_by_label(re.compile(r"^\s*Mulai")).fill("10:00")
    selasa.get_by_label(re.compile(r"^\s*Selesai")).fill("11:00")
    selasa.get_by_label(re.compile(r"^\s*Aktivitas")).select_option(label=katalog.olah_data.label)
    selasa.get_by_label(re.compile(r"^\s*Uraian")).fill("Rekap data pegawai")
    fits_the_phone(page)
    shot(page, "08-minggu-tambah")
    selasa.get_by_role("button", name="Ajukan").click()
    expect(page.get_by_text("Entri 10:00–11:00 (45 menit) diajukan ke atasan.")).to_be_visible()
    expect(page.get_by_role("heading", name="11 Mei 2026 – 17 Mei 2026")).to_be_visible()
    fits_the_phone(page)
    shot(page, "09-minggu")
