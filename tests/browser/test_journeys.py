"""The month of e-Kinerja in headless Chromium, one journey per role.

A staff member logs the day on a phone (three entries, one with a photo) and copies the previous
working day; the supervisor rejects one entry with a reason and approves the rest together; the
staff member objects and the supervisor's supervisor decides; the review team samples a unit's
month and corrects an entry; the admin imports the fingerprint log and closes last month; finance
downloads the PDF list, whose amounts are the ones on the staff member's slip.

The clock is the real one: no screen's `_now` is pinned. Every date is derived from today as the
app sees it (`timezone.localdate()`, Asia/Jakarta) and from the person's own schedule
(`pegawai.jadwal`), so the journeys pass on a Sunday, on the 1st, at 08:00 or at 23:00. Only the
preconditions are written through services and factories; each step a person takes is clicked.
Screenshots land in test-artifacts/<test name>/.
"""

import io
import re
import subprocess
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from aktivitas import services as aktivitas
from aktivitas.models import Entri, PengaturanAktivitas
from pegawai import jadwal
from pegawai.kehadiran_impor import import_kehadiran
from pegawai.models import Kehadiran, Pegawai, Periode
from pegawai.templatetags.ekinerja import rupiah
from pegawai.templatetags.ekinerja import tanggal as fmt
from penilaian.models import Keberatan, Notifikasi, PengaturanPenilaian, SampelEntri, TimPenilai
from penilaian.queries import batas_validasi
from penilaian.services import persetujuan
from tests import factories as f
from tests.aktivitas.conftest import Katalog
from tpk import penutupan
from tpk.defaults import create_default_aturan
from tpk.models import EksporTPK, HasilTPK

pytestmark = pytest.mark.browser

# The close runs in the request that starts it (Celery is eager in tests) and then renders every
# OPD's PDF and XLSX: on two loaded cores that is well past the 15 s a message gets.
LAMA = 120_000


# Dates ------------------------------------------------------------------------------------------


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment of that day in the pemda's time zone."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def hari_kerja(pegawai: Pegawai, mulai: date, selesai: date) -> dict:
    """The person's working days between two dates, as the app computes them."""
    return jadwal.hari_kerja([pegawai.pk], mulai, selesai).get(pegawai.pk, {})


def hari_kerja_terakhir(pegawai: Pegawai, n: int) -> list[date]:
    """The person's last n working days before today, oldest first: inside the entry window
    whatever today is (a weekend, a Monday, the 1st)."""
    today = timezone.localdate()
    days = sorted(hari_kerja(pegawai, today - timedelta(days=31), today - timedelta(days=1)))
    return days[-n:]


def bulan_sebelum(day: date) -> date:
    """The first day of the month before the one holding `day`."""
    return (day.replace(day=1) - timedelta(days=1)).replace(day=1)


# Preconditions ----------------------------------------------------------------------------------


def entri(
    pegawai, aktivitas_, day, mulai, selesai, *, volume=1, uraian="Pekerjaan rutin", ajukan=True
):
    """An entry made by its owner at 17:00 on its own day (so it was inside the window then)."""
    return aktivitas.create_entry(
        pegawai,
        tanggal=day,
        mulai=time(*mulai),
        selesai=time(*selesai),
        aktivitas=aktivitas_,
        volume=volume,
        uraian=uraian,
        ajukan=ajukan,
        by=pegawai.user,
        now=at(day, 17),
    )


def bulan_disetujui(cast, katalog, first: date, jumlah: int, *, dipotong=None) -> list[Entri]:
    """The staff member's first `jumlah` working days of a month, one 60-minute entry each,
    approved by the supervisor that evening; with `dipotong`, the last one with that many
    minutes and a reason."""
    days = sorted(hari_kerja(cast.staf, *jadwal.rentang_bulan(first.year, first.month)))[:jumlah]
    entries = [
        entri(
            cast.staf,
            katalog.arsip,
            day,
            (8, 0),
            (9, 0),
            volume=6,
            uraian=f"Mengarsipkan surat masuk tanggal {day:%d-%m}",
        )
        for day in days
    ]
    if dipotong is not None:
        persetujuan.approve_entry(
            entries.pop(),
            menit=dipotong,
            alasan="Sebagian surat sudah diarsipkan kemarin",
            by=cast.atasan.user,
            now=at(days[-1], 18),
        )
    persetujuan.approve_entries([e.pk for e in entries], by=cast.atasan.user, now=at(days[-1], 18))
    return entries


def attlog(cast, first: date, *, pins: dict) -> tuple[bytes, int]:
    """A fingerprint machine log of the month for the people with these PINs, as
    /work/shared/data/attlog-sample.dat: everyone in before start and out after the end of each
    of their working days, except the staff member, 17 minutes late on the first (TL1). Also how
    many working days it covers."""
    mulai, selesai = jadwal.rentang_bulan(first.year, first.month)
    per_pegawai = jadwal.hari_kerja([p.pk for p in pins], mulai, selesai)
    scans, n = [], 0
    for p, pin in pins.items():
        days = per_pegawai.get(p.pk, {})
        for i, (day, hk) in enumerate(sorted(days.items())):
            n += 1
            masuk = datetime.combine(day, hk.mulai) - timedelta(minutes=12)
            if p.pk == cast.staf.pk and i == 0:
                masuk = datetime.combine(day, hk.mulai) + timedelta(minutes=17)
            pulang = datetime.combine(day, hk.selesai) + timedelta(minutes=7, seconds=21)
            scans += [(masuk, pin), (pulang, pin)]
    lines = [f"{pin:>9}\t{t:%Y-%m-%d %H:%M:%S}\t1\t0\t0\t0" for t, pin in sorted(scans)]
    return ("\n".join(lines) + "\n").encode(), n


def foto_bukti() -> bytes:
    """A real JPEG, small: a photo of the filing shelf, as far as a test can take one."""
    image = Image.new("RGB", (120, 80), (32, 96, 160))
    draw = ImageDraw.Draw(image)
    draw.rectangle((12, 14, 70, 60), fill=(236, 200, 48))
    draw.line((0, 79, 119, 0), fill=(255, 255, 255), width=3)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


# Screens ----------------------------------------------------------------------------------------


def log_in(page, live_server, pegawai):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/masuk/"))
    page.get_by_label("NIP").fill(pegawai.nip)
    page.get_by_label(re.compile(r"^\s*Sandi\W*$")).fill(f.PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name=f"Selamat datang, {pegawai.nama}")).to_be_visible()


def menu(page, dropdown: str | None, item: str):
    """Open a menu item as a person does; on a phone the menu is collapsed first."""
    # Bootstrap's script is deferred: a click before the page's load event is lost.
    page.wait_for_load_state("load")
    toggler = page.get_by_role("button", name="Buka menu")
    if toggler.is_visible():
        toggler.click()
        # Bootstrap ignores a click on a dropdown while the collapsed menu is still opening.
        page.wait_for_selector("#menu.show")
    if dropdown:
        page.locator("#menu").get_by_role("button", name=dropdown, exact=True).click()
    page.locator("#menu").get_by_role("link", name=item, exact=True).click()


def fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


# The journeys -----------------------------------------------------------------------------------


def test_staf_logs_three_entries_with_a_photo_and_copies_the_day_before_on_a_phone(
    phone, live_server, cast, shot
):
    katalog = Katalog(cast)
    now = timezone.localtime()
    today = now.date()
    # Entries of today must have ended by now: before midday the morning's work is logged on
    # yesterday's page (any day inside the window may be filled, working day or not).
    hari = today if now.time() >= time(12, 30) else today - timedelta(days=1)
    window = aktivitas.jendela(
        cast.staf, hari_ini=today, n=PengaturanAktivitas.current().batas_hari_kerja_mundur
    )
    assert window.allows(hari)
    kemarin = window.hari_kerja_sebelumnya(hari)
    hk = window.hari_kerja.get(hari)
    target = hk.target_menit if hk else 0
    # The day before's work, to copy: after the three entries of the day, nothing overlaps.
    entri(cast.staf, katalog.arsip, kemarin, (11, 0), (11, 30), volume=3, uraian="Disposisi")
    entri(cast.staf, katalog.rapat, kemarin, (11, 30), (12, 0), uraian="Rapat seksi", ajukan=False)
    foto = foto_bukti()

    page = phone
    log_in(page, live_server, cast.staf)
    menu(page, "Aktivitas", "Aktivitas hari ini")
    if hari != timezone.localdate():  # asked again: the page shows today as of now
        page.get_by_role("link", name="Hari sebelumnya").click()
    expect(page.get_by_role("heading", name=fmt(hari), exact=True)).to_be_visible()
    fits_the_phone(page)
    shot(page, "01-hari-kosong")

    form = page.locator("#tambah")
    form.get_by_label(re.compile(r"^\s*Mulai")).fill("08:00")
    form.get_by_label(re.compile(r"^\s*Selesai")).fill("09:30")
    form.get_by_label(re.compile(r"^\s*Aktivitas")).select_option(label=katalog.arsip.label)
    form.get_by_label(re.compile(r"^\s*Volume")).fill("6")
    form.get_by_label(re.compile(r"^\s*Uraian")).fill("Mengarsipkan surat masuk minggu ini")
    form.get_by_label(re.compile(r"^\s*Bukti")).set_input_files(
        {"name": "rak-arsip.jpg", "mimeType": "image/jpeg", "buffer": foto}
    )
    expect(form.locator("[data-estimasi]")).to_have_text("≈ 60 menit (10 × 6 surat)")
    shot(page, "02-entri-dengan-foto")
    form.get_by_role("button", name="Simpan draf").click()
    expect(page.get_by_text("Entri 08:00–09:30 (60 menit) disimpan sebagai draf.")).to_be_visible()

    # The next entry starts where the last one ended.
    expect(form.get_by_label(re.compile(r"^\s*Mulai"))).to_have_value("09:30")
    form.get_by_label(re.compile(r"^\s*Selesai")).fill("10:30")
    form.get_by_label(re.compile(r"^\s*Aktivitas")).select_option(label=katalog.rapat.label)
    form.get_by_label(re.compile(r"^\s*Uraian")).fill("Rapat koordinasi bidang")
    form.get_by_role("button", name="Simpan draf").click()
    expect(page.get_by_text("Entri 09:30–10:30 (60 menit) disimpan sebagai draf.")).to_be_visible()

    # Half an hour on a 45-minute activity counts the half hour.
    expect(form.get_by_label(re.compile(r"^\s*Mulai"))).to_have_value("10:30")
    form.get_by_label(re.compile(r"^\s*Selesai")).fill("11:00")
    form.get_by_label(re.compile(r"^\s*Aktivitas")).select_option(label=katalog.olah_data.label)
    form.get_by_label(re.compile(r"^\s*Uraian")).fill("Rekap data pegawai")
    form.get_by_role("button", name="Simpan draf").click()
    expect(page.get_by_text("Entri 10:30–11:00 (30 menit) disimpan sebagai draf.")).to_be_visible()
    expect(page.get_by_test_id("total-hari")).to_have_text(f"150 dari {target} menit")
    fits_the_phone(page)
    shot(page, "03-tiga-draf")

    page.get_by_role("button", name="Ajukan semua draf (3)").click()
    expect(page.locator("#entri-hari").get_by_text("3 draf diajukan ke atasan.")).to_be_visible()
    expect(page.locator("#entri-hari [data-status=diajukan].badge")).to_have_count(3)
    shot(page, "04-diajukan")

    page.get_by_role("button", name=f"Salin entri {fmt(kemarin)}").click()
    expect(page.get_by_text(f"2 entri dari {fmt(kemarin)} disalin sebagai draf.")).to_be_visible()
    expect(page.locator("#entri-hari [data-status=draf].badge")).to_have_count(2)
    expect(page.get_by_test_id("total-hari")).to_have_text(f"210 dari {target} menit")
    fits_the_phone(page)
    shot(page, "05-disalin")

    # The photo on the entry's page, and its download link.
    page.get_by_role("link", name="08:00–09:30").click()
    expect(page.get_by_role("heading", name="Riwayat")).to_be_visible()
    expect(page.get_by_role("img", name="Bukti rak-arsip.jpg")).to_be_visible()
    page.wait_for_function(
        "() => { const i = document.querySelector('img.bukti-pratinjau');"
        " return i && i.complete && i.naturalWidth === 120; }"
    )
    fits_the_phone(page)
    shot(page, "06-entri-dan-bukti")
    with page.expect_download() as unduhan:
        page.get_by_role("link", name="unduh", exact=True).click()
    assert unduhan.value.suggested_filename == "rak-arsip.jpg"
    with open(unduhan.value.path(), "rb") as berkas:
        assert berkas.read() == foto

    rows = Entri.objects.filter(pegawai=cast.staf, tanggal=hari).order_by("mulai")
    assert [(e.status, e.sumber) for e in rows] == [
        ("diajukan", "isian"),
        ("diajukan", "isian"),
        ("diajukan", "isian"),
        ("draf", "salinan"),
        ("draf", "salinan"),
    ]
    assert rows[0].bukti_jenis == "image/jpeg"


def test_atasan_rejects_one_with_a_reason_and_approves_the_rest_together(
    desktop, live_server, cast, shot
):
    page = desktop
    katalog = Katalog(cast)
    w1, w2 = hari_kerja_terakhir(cast.staf, 2)
    entries = [
        entri(cast.staf, katalog.arsip, w1, (8, 0), (9, 0), volume=6, uraian="Surat masuk"),
        entri(cast.staf, katalog.rapat, w1, (9, 0), (10, 0), uraian="Rapat koordinasi bidang"),
        entri(cast.staf, katalog.arsip, w2, (8, 0), (9, 0), volume=6, uraian="Surat masuk"),
        entri(cast.staf, katalog.olah_data, w2, (9, 0), (10, 0), uraian="Rekap data pegawai"),
    ]
    salah = entries[2]

    log_in(page, live_server, cast.atasan)
    page.get_by_role("link", name=re.compile(r"^Persetujuan\s+4$")).click()
    expect(page.get_by_role("heading", name="Antrian persetujuan")).to_be_visible()
    expect(page.get_by_test_id("jumlah-antrian")).to_have_text("4 entri menunggu keputusan")
    shot(page, "01-antrian")

    card = page.locator(f"#antrian-entri-{salah.pk}")
    card.get_by_role("button", name="Tolak").click()
    card.get_by_label("Alasan penolakan").fill("Surat yang sama sudah dicatat pada hari sebelumnya")
    shot(page, "02-alasan-penolakan")
    card.get_by_role("button", name="Tolak entri").click()
    expect(page.get_by_text(f"Entri {fmt(w2)} 08:00–09:00 (Staf Data) ditolak.")).to_be_visible()
    expect(page.get_by_test_id("jumlah-antrian")).to_have_text("3 entri menunggu keputusan")

    page.get_by_label("Pilih semua di halaman ini").check()
    button = page.get_by_role("button", name=re.compile("Setujui terpilih"))
    expect(button).to_have_text(re.compile(r"Setujui terpilih\s+3"))
    shot(page, "03-pilih-semua")
    button.click()
    expect(page.get_by_text("3 entri disetujui.")).to_be_visible()
    expect(page.get_by_test_id("antrian-kosong")).to_have_text(
        "Tidak ada entri yang menunggu keputusan Anda."
    )
    shot(page, "04-antrian-kosong")

    status = dict(Entri.objects.values_list("pk", "status"))
    assert [status[e.pk] for e in entries] == ["disetujui", "disetujui", "ditolak", "disetujui"]
    assert Notifikasi.objects.get(penerima=cast.staf.user).jenis == "ditolak"


def test_staf_objects_to_a_rejection_and_the_atasan_of_the_atasan_decides(
    phone, desktop, live_server, cast, shot
):
    page = desktop
    katalog = Katalog(cast)
    (hari,) = hari_kerja_terakhir(cast.staf, 1)
    ditolak = entri(
        cast.staf, katalog.arsip, hari, (14, 0), (15, 0), volume=6, uraian="Surat keluar"
    )
    persetujuan.reject_entry(
        ditolak, alasan="Surat keluar sudah dicatat pagi harinya", by=cast.atasan.user
    )

    # The staff member, on the phone: from the bell to the entry, and the objection.
    log_in(phone, live_server, cast.staf)
    menu(phone, None, "Notifikasi")
    notifikasi = phone.get_by_role("button", name=re.compile(r"^Entri .* ditolak$"))
    expect(notifikasi).to_be_visible()
    fits_the_phone(phone)
    shot(phone, "01-notifikasi")
    notifikasi.click()
    expect(phone.get_by_role("heading", name="14:00–15:00 · Mengarsipkan surat")).to_be_visible()
    expect(phone.get_by_text("Surat keluar sudah dicatat pagi harinya")).to_be_visible()
    shot(phone, "02-entri-ditolak")
    phone.get_by_role("link", name="Ajukan keberatan").click()
    expect(phone.get_by_role("heading", name="Ajukan keberatan")).to_be_visible()
    phone.get_by_label(re.compile(r"^\s*Alasan keberatan")).fill(
        "Pagi itu saya mencatat surat masuk; sore ini surat keluar, nomornya berbeda."
    )
    fits_the_phone(phone)
    shot(phone, "03-keberatan")
    phone.get_by_role("button", name="Ajukan keberatan").click()
    expect(phone.get_by_text("Keberatan diajukan kepada Kepala Dinas Contoh.")).to_be_visible()
    shot(phone, "04-keberatan-diajukan")

    # The supervisor's supervisor decides.
    log_in(page, live_server, cast.kepala)
    menu(page, "Penilaian", "Keberatan")
    menunggu = page.get_by_test_id("untuk-diputuskan")
    expect(menunggu.get_by_role("link", name="Staf Data")).to_be_visible()
    shot(page, "05-keberatan-masuk")
    menunggu.get_by_role("link", name="Staf Data").click()
    expect(page.get_by_role("heading", name="Putuskan keberatan")).to_be_visible()
    page.get_by_label("Kabulkan: keputusan semula dibatalkan").check()
    page.get_by_label(re.compile(r"^\s*Alasan keputusan")).fill(
        "Nomor suratnya berbeda: bukan catatan ganda."
    )
    shot(page, "06-putuskan")
    page.get_by_role("button", name="Simpan keputusan").click()
    expect(
        page.get_by_text("Keberatan Staf Data dikabulkan; entrinya kini dihitung 60 menit.")
    ).to_be_visible()
    shot(page, "07-dikabulkan")

    # Back on the phone: the bell says so, and the entry counts again.
    phone.reload()
    menu(phone, None, "Notifikasi")
    phone.get_by_role("button", name="Keberatan Anda dikabulkan").click()
    expect(phone.get_by_role("heading", name="Keberatan", exact=True)).to_be_visible()
    fits_the_phone(phone)
    shot(phone, "08-keberatan-dikabulkan")
    phone.get_by_role("link", name=re.compile(r"14:00–15:00$")).click()
    expect(phone.get_by_text("Keberatan dikabulkan: Nomor suratnya berbeda")).to_be_visible()
    expect(phone.locator("[data-status=disetujui].badge").first).to_be_visible()
    shot(phone, "09-entri-disetujui")

    keberatan = Keberatan.objects.get()
    assert (keberatan.status, keberatan.pemutus_id) == ("dikabulkan", cast.kepala.pk)
    assert keberatan.diputuskan_oleh == cast.kepala.user
    assert Entri.objects.get(pk=ditolak.pk).status == "disetujui"


def test_tim_penilai_samples_a_unit_and_corrects_an_entry(desktop, live_server, cast, shot):
    page = desktop
    katalog = Katalog(cast)
    tim = TimPenilai.objects.create(nama="Tim Penilai Inspektorat Wilayah I")
    tim.anggota.add(cast.penilai.user)
    tim.lingkup.add(cast.opd)
    today = timezone.localdate()
    bulan = bulan_sebelum(today)
    hari = PengaturanPenilaian.current().batas_validasi_hari
    if today <= batas_validasi(bulan.year, bulan.month, hari=hari):
        # Until the supervisors' deadline last month is theirs; the team samples the one before.
        bulan = bulan_sebelum(bulan)
    entries = bulan_disetujui(cast, katalog, bulan, 3)

    log_in(page, live_server, cast.penilai)
    menu(page, "Penilaian", "Tim penilai: verifikasi unit")
    if bulan != bulan_sebelum(today):
        page.get_by_role("link", name="Bulan sebelumnya").click()
    expect(page.get_by_text(fmt(bulan, "bulan")).first).to_be_visible()
    # Each OPD is a folded tree: open it to reach the seksi.
    page.locator("summary").filter(has_text="Dinas Contoh").click()
    shot(page, "01-unit")
    page.get_by_role("link", name="Seksi Data", exact=True).click()
    expect(page.get_by_test_id("sampel")).to_contain_text("Ambil sampel")
    shot(page, "02-seksi")
    page.get_by_role("button", name="Ambil sampel").click()
    expect(
        page.get_by_text(
            f"Sampel {fmt(bulan, 'bulan')} diambil: 1 dari 3 entri yang disetujui (10%)."
        )
    ).to_be_visible()
    dicek = SampelEntri.objects.get().entri
    assert dicek in entries
    card = page.locator(f"#tim-entri-{dicek.pk}")
    expect(card).to_be_visible()
    shot(page, "03-sampel")

    card.get_by_role("link", name="Koreksi / tolak").click()
    expect(page.get_by_role("heading", name="08:00–09:00 · Mengarsipkan surat")).to_be_visible()
    page.get_by_label("Menit dikoreksi").check()
    page.get_by_label(re.compile(r"^\s*Menit yang diakui")).fill("45")
    page.get_by_label(re.compile(r"^\s*Alasan")).fill("Enam surat diarsipkan, bukan satu jam kerja")
    shot(page, "04-koreksi")
    page.get_by_role("button", name="Simpan keputusan").click()
    label = f"{fmt(dicek.tanggal, 'pendek')} 08:00–09:00"
    expect(
        page.get_by_text(f"Menit entri {label} dikoreksi; pemiliknya diberi tahu.")
    ).to_be_visible()
    expect(page.get_by_test_id("jumlah-belum")).to_have_text("0")
    shot(page, "05-dikoreksi")

    dicek.refresh_from_db()
    assert (dicek.status, dicek.menit, dicek.menit_diakui) == ("disetujui", 60, 45)
    assert Notifikasi.objects.get(penerima=cast.staf.user, jenis="dikoreksi")


def test_admin_imports_attendance_and_closes_last_month(desktop, live_server, cast, shot):
    page = desktop
    katalog = Katalog(cast)
    # The rules the data migration installs: a live server's flush after each test empties them.
    create_default_aturan()
    bulan = bulan_sebelum(timezone.localdate())  # always over: a month closes once it has ended
    nama_bulan = fmt(bulan, "bulan")
    pins = {cast.staf: "101", cast.atasan: "102", cast.kepala: "103"}
    for p, pin in pins.items():
        Pegawai.objects.filter(pk=p.pk).update(pin_absen=pin)
    bulan_disetujui(cast, katalog, bulan, 5)
    log, hari = attlog(cast, bulan, pins=pins)

    log_in(page, live_server, cast.admin)
    menu(page, "Kepegawaian", "Impor kehadiran")
    expect(page.get_by_role("heading", name="Impor kehadiran")).to_be_visible()
    page.get_by_label(re.compile(r"^\s*Berkas")).set_input_files(
        {"name": f"attlog-{bulan:%Y-%m}.dat", "mimeType": "application/octet-stream", "buffer": log}
    )
    expect(page.get_by_label("Log mesin absen")).to_be_checked()
    page.get_by_label(re.compile(r"^\s*Bulan \(log mesin\)")).fill(f"{bulan:%Y-%m}")
    shot(page, "01-impor-kehadiran")
    page.get_by_role("button", name="Impor").click()
    expect(
        page.get_by_text(f"Impor selesai: 3 pegawai, {hari} hari baru, 0 diubah, 0 dihapus.")
    ).to_be_visible()
    expect(page.get_by_test_id("hasil")).to_contain_text(f"{2 * hari} baris, 3 pegawai")
    shot(page, "02-impor-selesai")
    terlambat = Kehadiran.objects.filter(pegawai=cast.staf, tl__gt=0)
    assert [(k.kode, k.tl, k.psw) for k in terlambat] == [("H", 1, 0)]

    menu(page, "TPK", "Penutupan bulan")
    row = page.locator(f'tr[data-bulan="{bulan:%Y-%m}"]')
    expect(row).to_contain_text("Terbuka")
    shot(page, "03-daftar-periode")
    row.get_by_role("link", name="Tutup…").click()
    expect(page.get_by_role("heading", name=f"Tutup periode {nama_bulan}?")).to_be_visible()
    shot(page, "04-konfirmasi")
    page.get_by_role("button", name="Ya, tutup periode").click()
    expect(page.get_by_role("heading", name=f"Penutupan periode {nama_bulan}")).to_be_visible(
        timeout=LAMA
    )
    expect(page.locator("#progres")).to_have_attribute("data-status", "selesai", timeout=LAMA)
    expect(page.locator("#progres .progress-bar")).to_have_text("100%")
    shot(page, "05-selesai")
    page.get_by_role("link", name="Lihat daftar TPK").click()
    expect(page.get_by_role("heading", name=f"Daftar TPK {nama_bulan}")).to_be_visible()
    page.get_by_label("OPD").select_option(label="Dinas Contoh (3)")
    page.get_by_role("button", name="Tampilkan").click()
    hasil = HasilTPK.objects.get(pegawai=cast.staf)
    expect(page.get_by_role("row").filter(has_text=cast.staf.nip)).to_contain_text(
        rupiah(hasil.netto)
    )
    shot(page, "06-daftar-tpk")

    assert Periode.objects.get(tahun=bulan.year, bulan=bulan.month).is_ditutup
    assert hasil.menit_disetujui == 300
    assert hasil.potongan_persen == Decimal("0.5")


def test_keuangan_downloads_the_pdf_and_it_pays_what_the_slip_says(
    desktop, phone, live_server, cast, shot, artefak
):
    page = desktop
    katalog = Katalog(cast)
    create_default_aturan()
    bulan = bulan_sebelum(timezone.localdate())
    nama_bulan = fmt(bulan, "bulan")
    pins = {cast.staf: "101", cast.atasan: "102", cast.kepala: "103"}
    for p, pin in pins.items():
        Pegawai.objects.filter(pk=p.pk).update(pin_absen=pin)
    bulan_disetujui(cast, katalog, bulan, 8, dipotong=40)  # A = 7 × 60 + 40
    log, _hari = attlog(cast, bulan, pins=pins)
    import_kehadiran(
        log, filename="attlog.dat", by=cast.admin.user, bulan=(bulan.year, bulan.month)
    )
    # The close makes every OPD's files after its commit (eager Celery in tests).
    penutupan.close_periode(bulan.year, bulan.month, by=cast.admin.user)
    assert set(EksporTPK.objects.values_list("status", flat=True)) == {"selesai"}

    log_in(page, live_server, cast.keuangan)
    menu(page, "TPK", "Ekspor TPK (PDF, XLSX, bank)")
    expect(page.get_by_role("heading", name=f"Ekspor TPK {nama_bulan}")).to_be_visible()
    row = page.get_by_test_id("ekspor").get_by_role("row").filter(has_text="Dinas Contoh")
    shot(page, "01-ekspor")
    with page.expect_download() as unduhan:
        row.get_by_role("link", name=re.compile(r"^PDF")).click()
    pdf = artefak / unduhan.value.suggested_filename
    unduhan.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    teks = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    # The page as printed, next to the screenshots.
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", "-singlefile", str(pdf), str(artefak / "02-pdf")],
        check=True,
    )
    lines = teks.splitlines()
    i = next(i for i, line in enumerate(lines) if "Staf Data" in line)
    assert cast.staf.nip in lines[i + 1]  # Nama, then the NIP under it
    # Dasar, P %, K %, skor, predikat, bruto, PPh 21, netto (no BPJS by default).
    kolom = re.search(
        r"(?P<dasar>\d[\d.]*(?:,\d+)?)\s+(?P<p>\d+,\d\d)\s+(?P<k>\d+,\d\d)\s+"
        r"(?P<skor>\d+,\d\d)\s+(?P<predikat>[A-E])\s+"
        r"(?P<bruto>\d[\d.]*)\s+(?P<pph>\d[\d.]*)\s+(?P<netto>\d[\d.]*)",
        lines[i],
    )
    assert kolom, lines[i]

    # The staff member's own slip, on the phone.
    log_in(phone, live_server, cast.staf)
    menu(phone, "TPK", "Slip TPK saya")
    phone.get_by_role("link", name=re.compile(nama_bulan)).click()
    expect(phone.get_by_role("heading", name=f"Slip TPK {nama_bulan}")).to_be_visible()
    fits_the_phone(phone)
    shot(phone, "03-slip")
    netto = phone.get_by_test_id("netto")
    expect(netto).to_have_text(re.compile(r"^Rp [\d.]+$"))
    # What finance pays is what the staff member reads, to the rupiah and as written.
    assert netto.inner_text() == f"Rp {kolom['netto']}"

    def slip(label):
        return phone.locator("tr").filter(has=phone.get_by_role("rowheader", name=label))

    expect(slip(re.compile(r"^Menit disetujui"))).to_contain_text("460 menit")
    expect(slip(re.compile(r"^Bruto$"))).to_contain_text(f"Rp {kolom['bruto']}")
    expect(slip(re.compile(r"^PPh 21"))).to_contain_text(f"Rp {kolom['pph']}")
    expect(slip(re.compile(r"^Dasar TPK$"))).to_contain_text(f"Rp {kolom['dasar']}")
    expect(slip(re.compile(r"^Skor"))).to_contain_text(f"{kolom['skor']} {kolom['predikat']}")
    hasil = HasilTPK.objects.get(pegawai=cast.staf)
    assert (netto.inner_text(), hasil.netto > 0) == (rupiah(hasil.netto), True)
