"""A supervisor's afternoon on a 360 px phone: the subordinate's submitted entries, approved one
by one, with fewer minutes, rejected with a reason, and the rest ticked and approved together,
all in place (htmx), never a full reload."""

import re

import pytest
from playwright.sync_api import expect

from aktivitas.models import Entri, RiwayatEntri
from penilaian import views_persetujuan as views
from penilaian.models import Notifikasi
from tests.aktivitas.conftest import NOW, SELASA, SENIN, Katalog, buat

from .test_aktivitas_journey import fits_the_phone, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def clock(monkeypatch):
    """The screens see Wednesday 13 May 2026, 16:30 in Jakarta."""
    monkeypatch.setattr(views, "_now", lambda: NOW)
    return NOW


def test_supervisor_decides_in_place_on_a_phone(phone, live_server, cast, clock, shot):
    katalog = Katalog(cast)
    senin = [
        buat(cast.staf, katalog.arsip, SENIN, (8, 0), (9, 0), volume=6, ajukan=True),
        buat(cast.staf, katalog.rapat, SENIN, (9, 0), (10, 0), ajukan=True),
    ]
    selasa = [
        buat(cast.staf, katalog.arsip, SELASA, (8, 0), (9, 0), volume=6, ajukan=True),
        buat(cast.staf, katalog.arsip, SELASA, (9, 0), (10, 0), volume=6, ajukan=True),
        buat(cast.staf, katalog.rapat, SELASA, (10, 0), (11, 0), ajukan=True),
    ]

    page = phone
    log_in(page, live_server, cast.atasan.nip)
    page.goto(f"{live_server.url}/penilaian/persetujuan/")
    expect(page.get_by_role("heading", name="Antrian persetujuan")).to_be_visible()
    expect(page.get_by_test_id("jumlah-antrian")).to_have_text("5 entri menunggu keputusan")
    expect(page.get_by_role("heading", name="Senin, 11 Mei 2026 120 menit")).to_be_visible()
    fits_the_phone(page)
    shot(page, "01-antrian")
    page.evaluate("window.belumDimuatUlang = true")

    # One approved as claimed.
    first = page.locator(f"#antrian-entri-{senin[0].pk}")
    first.get_by_role("button", name="Setujui entri 08:00").click()
    expect(
        page.get_by_text("Entri Senin, 11 Mei 2026 08:00–09:00 (Staf Data) disetujui.")
    ).to_be_visible()
    expect(page.get_by_test_id("jumlah-antrian")).to_have_text("4 entri menunggu keputusan")
    expect(first).to_have_count(0)

    # The meeting ended early: approved with fewer minutes and a reason.
    meeting = page.locator(f"#antrian-entri-{senin[1].pk}")
    meeting.get_by_role("button", name="Kurangi menit").click()
    meeting.get_by_label(re.compile("Menit diakui")).fill("40")
    meeting.get_by_label("Alasan", exact=True).fill("Rapat selesai pukul 09.40")
    fits_the_phone(page)
    shot(page, "02-kurangi-menit")
    meeting.get_by_role("button", name="Setujui dengan menit ini").click()
    expect(
        page.get_by_text(
            "Entri Senin, 11 Mei 2026 09:00–10:00 (Staf Data) disetujui dengan 40 dari 60 menit."
        )
    ).to_be_visible()

    # One rejected with a reason.
    wrong = page.locator(f"#antrian-entri-{selasa[0].pk}")
    wrong.get_by_role("button", name="Tolak").click()
    wrong.get_by_label("Alasan penolakan").fill("Surat yang sama sudah dicatat kemarin")
    wrong.get_by_role("button", name="Tolak entri").click()
    expect(
        page.get_by_text("Entri Selasa, 12 Mei 2026 08:00–09:00 (Staf Data) ditolak.")
    ).to_be_visible()

    # The rest of Tuesday ticked and approved together.
    button = page.get_by_role("button", name=re.compile("Setujui terpilih"))
    expect(button).to_be_disabled()
    for e in selasa[1:]:
        page.locator(f"#antrian-entri-{e.pk}").get_by_role("checkbox").check()
    expect(button).to_have_text(re.compile(r"Setujui terpilih\s+2"))
    fits_the_phone(page)
    shot(page, "03-terpilih")
    button.click()
    expect(page.get_by_text("2 entri disetujui.")).to_be_visible()
    expect(page.get_by_test_id("antrian-kosong")).to_have_text(
        "Tidak ada entri yang menunggu keputusan Anda."
    )
    fits_the_phone(page)
    shot(page, "04-selesai")
    assert page.evaluate("window.belumDimuatUlang") is True  # every decision was in place

    status = dict(Entri.objects.values_list("pk", "status"))
    assert [status[e.pk] for e in senin + selasa] == [
        "disetujui",
        "disetujui",
        "ditolak",
        "disetujui",
        "disetujui",
    ]
    assert Entri.objects.get(pk=senin[1].pk).menit_dihitung == 40
    decided = RiwayatEntri.objects.filter(oleh=cast.atasan.user)
    assert decided.count() == 5
    assert set(Notifikasi.objects.values_list("jenis", flat=True)) == {"dikoreksi", "ditolak"}


def test_supervisor_scores_behaviour_and_reads_the_dashboard_on_a_phone(
    phone, live_server, cast, clock, shot
):
    from penilaian.defaults import create_default_aspects

    katalog = Katalog(cast)
    create_default_aspects()
    buat(cast.staf, katalog.arsip, SENIN, (8, 0), (9, 0), volume=6, ajukan=True)

    page = phone
    log_in(page, live_server, cast.atasan.nip)
    page.goto(f"{live_server.url}/penilaian/dasbor/atasan/")
    expect(page.get_by_role("heading", name="Dasbor atasan Mei 2026")).to_be_visible()
    expect(
        page.get_by_role("img", name="Capaian menit disetujui terhadap target, Mei 2026")
    ).to_be_visible()
    expect(page.locator(f"tr[data-pegawai='{cast.staf.nip}']")).to_contain_text("11-05-2026")
    fits_the_phone(page)
    shot(page, "01-dasbor")

    page.goto(f"{live_server.url}/penilaian/perilaku/")
    expect(page.get_by_role("heading", name="Penilaian perilaku Mei 2026")).to_be_visible()
    page.get_by_role("link", name="Nilai").click()
    for label, value in (
        ("Orientasi pelayanan", "85"),
        ("Integritas", "90"),
        ("Komitmen", "80"),
        ("Disiplin", "75"),
        ("Kerja sama", "80"),
    ):
        page.get_by_label(re.compile(rf"^\s*{label}")).fill(value)
    expect(page.get_by_label(re.compile(r"^\s*Kepemimpinan"))).to_have_count(0)
    fits_the_phone(page)
    shot(page, "02-nilai-perilaku")
    page.get_by_role("button", name="Simpan penilaian").click()
    expect(page.get_by_text("Perilaku Staf Data pada Mei 2026 dinilai 82,00.")).to_be_visible()
    expect(page.get_by_text("Nilai 82,00 (Perilaku kerja (enam aspek))")).to_be_visible()
    fits_the_phone(page)
    shot(page, "03-daftar-perilaku")


def test_admin_reassigns_and_the_review_team_decides_the_top_on_a_phone(
    phone, live_server, cast, clock, shot
):
    katalog = Katalog(cast)
    staf = buat(cast.staf, katalog.arsip, SENIN, (8, 0), (9, 0), volume=6, ajukan=True)
    kepala = buat(cast.kepala, katalog.rapat, SENIN, (8, 0), (9, 0), ajukan=True)

    page = phone
    log_in(page, live_server, cast.admin.nip)
    page.goto(f"{live_server.url}/penilaian/persetujuan/pengalihan/?nip={cast.staf.nip}")
    expect(page.get_by_test_id("ringkasan-pengalihan")).to_contain_text(
        "1 entri menunggu keputusan."
    )
    page.get_by_label(re.compile(r"^\s*NIP yang akan memutuskan")).fill(cast.kepala.nip)
    page.get_by_label(re.compile(r"^\s*Alasan")).fill("Kabid cuti melahirkan")
    fits_the_phone(page)
    shot(page, "01-pengalihan")
    page.get_by_role("button", name="Alihkan").click()
    expect(page.get_by_text("1 entri Staf Data dialihkan ke Kepala Dinas Contoh.")).to_be_visible()
    page.context.clear_cookies()  # the review team member's turn, on the same phone

    log_in(page, live_server, cast.penilai.nip)
    page.goto(f"{live_server.url}/penilaian/persetujuan/tim/")
    expect(page.get_by_role("heading", name="Antrian tim penilai")).to_be_visible()
    entry = page.locator(f"#antrian-entri-{kepala.pk}")
    entry.get_by_role("button", name="Setujui entri 08:00").click()
    expect(
        page.get_by_text("Entri Senin, 11 Mei 2026 08:00–09:00 (Kepala Dinas Contoh) disetujui.")
    ).to_be_visible()
    fits_the_phone(page)
    shot(page, "02-tim-penilai")
    assert Entri.objects.get(pk=kepala.pk).diputuskan_oleh == cast.penilai.user
    assert Entri.objects.get(pk=staf.pk).status == "diajukan"
