"""The day, week and month screens and each entry's actions: who may, what they see, the wrong
method, and a fixed number of queries whatever the number of entries."""

import re
from datetime import date, time

import pytest
from django.urls import reverse

from aktivitas.models import Entri, RiwayatEntri
from pegawai import jadwal_cache
from pegawai.models import Periode
from tests import factories as f

from .conftest import HARI_INI, JUMAT, SELASA, buat

pytestmark = pytest.mark.django_db
S = Entri.Status
HTMX = {"HTTP_HX_REQUEST": "true"}
# The queries a process's first page adds to read the calendar configuration, which it then
# keeps (pegawai.jadwal_cache). The query counts are pinned on committed data, as requests run:
# inside the `db` fixture's transaction every page would read it.
CONFIG = 4


def hari_url(tanggal=HARI_INI):
    return reverse("aktivitas:hari", args=[tanggal])


def entri_url(name, entri):
    return reverse(f"aktivitas:{name}", args=[entri.pk])


def form_data(**kwargs):
    return {
        "tanggal": "2026-05-13",
        "mulai": "08:00",
        "selesai": "09:30",
        "volume": "3",
        "uraian": "Mengarsipkan surat masuk",
        "aksi": "draf",
        **kwargs,
    }


@pytest.fixture
def staf(login, cast, katalog, clock):
    return login(cast.staf)


@pytest.fixture
def new_process():
    """A process that has not read the calendar configuration yet."""
    jadwal_cache.forget()


class TestLoginAndMethods:
    @pytest.mark.parametrize(
        "url",
        [
            reverse("aktivitas:index"),
            reverse("aktivitas:hari", args=[HARI_INI]),
            reverse("aktivitas:minggu_ini"),
            reverse("aktivitas:bulan"),
            reverse("aktivitas:entri_tambah"),
            reverse("aktivitas:entri_detail", args=[1]),
            reverse("aktivitas:entri_bukti", args=[1]),
        ],
    )
    def test_every_page_needs_a_login(self, client, db, url):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))

    @pytest.mark.parametrize("name", ["index", "minggu_ini", "bulan"])
    def test_pages_are_read_only(self, staf, name):
        assert staf.post(reverse(f"aktivitas:{name}")).status_code == 405
        assert staf.post(hari_url()).status_code == 405

    @pytest.mark.parametrize("name", ["hari_ajukan", "hari_salin"])
    def test_day_actions_are_post_only(self, staf, name):
        assert staf.get(reverse(f"aktivitas:{name}", args=[HARI_INI])).status_code == 405

    @pytest.mark.parametrize("name", ["entri_ajukan", "entri_tarik"])
    def test_entry_actions_are_post_only(self, staf, cast, katalog, name):
        entri = buat(cast.staf, katalog.arsip)
        assert staf.get(entri_url(name, entri)).status_code == 405

    def test_detail_and_evidence_are_read_only(self, staf, cast, katalog):
        entri = buat(cast.staf, katalog.arsip)
        assert staf.post(entri_url("entri_detail", entri)).status_code == 405
        assert staf.post(entri_url("entri_bukti", entri)).status_code == 405
        assert staf.delete(entri_url("entri_ubah", entri)).status_code == 405
        assert staf.delete(reverse("aktivitas:entri_tambah")).status_code == 405

    def test_a_login_without_a_staff_record_is_refused(self, client, db, clock):
        client.force_login(f.User.objects.create_superuser("superadmin", password=f.PASSWORD))
        assert client.get(reverse("aktivitas:index")).status_code == 403
        assert client.get(hari_url()).status_code == 403
        assert client.get(reverse("aktivitas:bulan")).status_code == 403

    def test_a_date_that_is_not_one_is_not_found(self, staf):
        assert staf.get("/aktivitas/hari/2026-02-30/").status_code == 404
        assert staf.get("/aktivitas/hari/kemarin/").status_code == 404
        assert staf.get("/aktivitas/hari/0001-01-01/").status_code == 404
        assert staf.get("/aktivitas/hari/2099-01-01/").status_code == 404
        assert staf.get("/aktivitas/minggu/2099-01-01/").status_code == 404


class TestHari:
    def test_index_goes_to_today_or_the_day_asked(self, staf):
        assert staf.get(reverse("aktivitas:index")).url == hari_url()
        response = staf.get(reverse("aktivitas:index"), {"tanggal": "2026-05-12"})
        assert response.url == hari_url(SELASA)

    def test_shows_the_days_entries_total_target_and_the_form(self, staf, cast, katalog):
        buat(cast.staf, katalog.arsip, volume=3, ajukan=True)
        buat(cast.staf, katalog.rapat, mulai=(9, 0), selesai=(10, 0))
        buat(cast.atasan, katalog.konsep, mulai=(9, 0), selesai=(11, 0))
        response = staf.get(hari_url())
        page = response.content.decode()
        assert response.status_code == 200
        assert "Rabu, 13 Mei 2026" in page and "90 dari 300 menit" in page
        assert "Mengarsipkan surat" in page and "Mengonsep kebijakan" not in page
        assert "Jam kerja 08:00–16:30" in page
        assert 'name="aktivitas"' in page and "Ajukan 1 draf" in page
        assert "Salin entri Selasa, 12 Mei 2026" in page

    def test_each_card_shows_its_entry_and_what_its_owner_may_do(self, staf, cast, katalog):
        draf = buat(cast.staf, katalog.arsip, uraian="<b>Surat</b> & " + "x" * 200)
        diajukan = buat(cast.staf, katalog.rapat, mulai=(9, 0), selesai=(10, 0), ajukan=True)
        ditolak = buat(cast.staf, katalog.rapat, mulai=(10, 0), selesai=(11, 0), ajukan=True)
        Entri.objects.filter(pk=ditolak.pk).update(
            status=S.DITOLAK, sumber=Entri.Sumber.SALINAN, di_luar_jadwal=True, bukti="b/a.png"
        )
        page = staf.get(hari_url()).content.decode()

        def card(entri) -> str:
            start = page.index(f'id="entri-{entri.pk}"')
            return page[start : page.index("</article>", start)]

        def actions(entri) -> set[str]:
            names = ("ajukan", "tarik", "ubah", "hapus", "bukti")
            return {n for n in names if f'"{entri_url(f"entri_{n}", entri)}"' in card(entri)}

        # The cards are stamped from markup rendered once (aktivitas.templatetags.entri): each
        # still carries its own values, escaped, and its own status's actions.
        assert "&lt;b&gt;Surat&lt;/b&gt; &amp; " + "x" * 144 + "…" in card(draf)
        assert "08:00–09:00" in card(draf) and "<b>Surat" not in page
        assert actions(draf) == {"ajukan", "ubah", "hapus"}
        assert 'data-status="draf"' in card(draf) and ">Draf<" in card(draf)
        assert actions(diajukan) == {"tarik", "ubah"}
        assert "Mengikuti rapat koordinasi" in card(diajukan) and "60 menit" in card(diajukan)
        assert actions(ditolak) == {"ajukan", "ubah", "bukti"} and "Ajukan ulang" in card(ditolak)
        assert "salinan" in card(ditolak) and "di luar jam kerja" in card(ditolak)
        assert "salinan" not in card(diajukan) and "di luar jam kerja" not in card(diajukan)
        tokens = re.findall(r'name="csrfmiddlewaretoken" value="(\w+)"', card(draf))
        assert len(tokens) == 2 and all(len(t) == 64 for t in tokens)
        assert "\ue000" not in page

    def test_the_activity_select_puts_the_last_used_first(self, staf, cast, katalog):
        buat(cast.staf, katalog.rapat, tanggal=SELASA)
        field = staf.get(hari_url()).context["form"].fields["aktivitas"]
        labels = [group for group, _ in field.choices[1:]]
        assert labels == ["Terakhir dipakai", "Semua aktivitas"]
        assert [pk for pk, _ in field.choices[1][1]] == [katalog.rapat.pk]
        assert [pk for pk, _ in field.choices[2][1]] == [katalog.olah_data.pk, katalog.arsip.pk]

    def test_a_day_outside_the_window_has_no_form(self, staf):
        page = staf.get(hari_url(date(2026, 5, 7))).content.decode()
        assert "Entri hanya boleh untuk hari ini dan 3 hari kerja ke belakang" in page
        assert 'name="aktivitas"' not in page

    def test_a_closed_month_has_no_form(self, staf):
        Periode.objects.create(tahun=2026, bulan=5, status=Periode.Status.DITUTUP)
        page = staf.get(hari_url()).content.decode()
        assert "Periode Mei 2026 sudah ditutup" in page and 'name="aktivitas"' not in page

    @pytest.mark.django_db(transaction=True)
    def test_query_count_does_not_grow_with_entries(
        self, staf, cast, katalog, new_process, django_assert_num_queries
    ):
        buat(cast.staf, katalog.arsip)
        with django_assert_num_queries(7 + CONFIG):
            staf.get(hari_url())
        # Session, user; settings with the closed months, schedule (1: office hours, no roster),
        # entries, catalog; the menu's roles with the unread notifications.
        with django_assert_num_queries(7):
            staf.get(hari_url())
        for hour in range(9, 15):
            buat(cast.staf, katalog.rapat, mulai=(hour, 0), selesai=(hour, 30), ajukan=True)
        with django_assert_num_queries(7):
            response = staf.get(hari_url())
        assert len(response.context["entries"]) == 7


class TestMinggu:
    def test_shows_seven_days_with_totals_and_a_quick_add(self, staf, cast, katalog):
        buat(cast.staf, katalog.arsip, tanggal=SELASA, volume=3)
        response = staf.get(reverse("aktivitas:minggu", args=[SELASA]))
        page = response.content.decode()
        assert [d["tanggal"].day for d in response.context["days"]] == [11, 12, 13, 14, 15, 16, 17]
        assert "30/300′" in page and "30 dari 1500 menit minggu ini" in page
        assert 'aria-label="Tambah entri Selasa, 12 Mei 2026"' in page
        assert 'aria-label="Tambah entri Kamis, 14 Mei 2026"' not in page

    def test_this_week(self, staf):
        response = staf.get(reverse("aktivitas:minggu_ini"))
        assert response.context["senin"] == date(2026, 5, 11)

    @pytest.mark.django_db(transaction=True)
    def test_query_count_does_not_grow_with_entries(
        self, staf, cast, katalog, new_process, django_assert_num_queries
    ):
        url = reverse("aktivitas:minggu_ini")
        buat(cast.staf, katalog.arsip)
        with django_assert_num_queries(6 + CONFIG):
            staf.get(url)
        # Session, user; settings with the closed months, schedule (1), entries; roles with the
        # unread notifications.
        with django_assert_num_queries(6):
            staf.get(url)
        for day in (SELASA, date(2026, 5, 11)):
            for hour in range(9, 14):
                buat(cast.staf, katalog.rapat, tanggal=day, mulai=(hour, 0), selesai=(hour, 30))
        with django_assert_num_queries(6):
            response = staf.get(url)
        assert sum(len(d["entries"]) for d in response.context["days"]) == 11


class TestBulan:
    def test_target_against_approved_submitted_and_rejected_minutes(self, staf, cast, katalog):
        a = buat(cast.staf, katalog.rapat, volume=1, ajukan=True)  # 60
        b = buat(cast.staf, katalog.arsip, tanggal=SELASA, volume=3, ajukan=True)  # 30
        buat(cast.staf, katalog.arsip, tanggal=JUMAT, volume=2, ajukan=True)  # 20, submitted
        c = buat(cast.staf, katalog.arsip, tanggal=JUMAT, mulai=(9, 0), selesai=(10, 0))  # 10
        Entri.objects.filter(pk=a.pk).update(status=S.DISETUJUI)
        Entri.objects.filter(pk=b.pk).update(status=S.DITOLAK)
        response = staf.get(reverse("aktivitas:bulan"), {"bulan": "2026-05"})
        context = response.context
        assert context["target"] == 21 * 300 and context["hari_kerja_jumlah"] == 21
        assert (context["disetujui"], context["diajukan"], context["ditolak"]) == (60, 20, 30)
        assert context["draf"] == c.menit == 10
        assert context["persen"] == 1
        jumat = next(d for d in context["days"] if d["tanggal"] == JUMAT)
        assert (jumat["diajukan"], jumat["draf"], jumat["target"]) == (20, 10, 300)
        page = response.content.decode()
        assert "Rekap Mei 2026" in page and "1% target sudah disetujui." in page
        assert 'class="progress-stacked' in page

    def test_a_bad_month_falls_back_to_this_month(self, staf):
        response = staf.get(reverse("aktivitas:bulan"), {"bulan": "2026-13"})
        assert response.context["bulan"] == date(2026, 5, 1)
        assert "Bulan tidak dikenali" in response.content.decode()

    @pytest.mark.django_db(transaction=True)
    def test_five_queries_whatever_the_entries(
        self, staf, cast, katalog, new_process, django_assert_num_queries
    ):
        url = reverse("aktivitas:bulan")
        with django_assert_num_queries(5 + CONFIG):
            staf.get(url)

        def count_page():
            # Session, user, the schedule (1), one aggregate of the entries; the menu's roles
            # with the unread notifications.
            with django_assert_num_queries(5):
                staf.get(url)

        count_page()
        for day in (JUMAT, SELASA, HARI_INI):
            for hour in range(9, 14):
                buat(cast.staf, katalog.rapat, tanggal=day, mulai=(hour, 0), selesai=(hour, 30))
        count_page()


class TestTambah:
    def test_a_draft_and_back_to_the_day(self, staf, cast, katalog):
        response = staf.post(
            reverse("aktivitas:entri_tambah"),
            form_data(aktivitas=katalog.arsip.pk, next=hari_url()),
        )
        assert response.status_code == 302 and response.url == hari_url()
        entri = Entri.objects.get()
        assert (entri.pegawai, entri.status, entri.menit) == (cast.staf, S.DRAF, 30)
        page = staf.get(response.url).content.decode()
        assert "Entri 08:00–09:30 (30 menit) disimpan sebagai draf." in page

    def test_submit_at_once(self, staf, katalog):
        staf.post(
            reverse("aktivitas:entri_tambah"), form_data(aktivitas=katalog.arsip.pk, aksi="ajukan")
        )
        assert Entri.objects.get().status == S.DIAJUKAN

    def test_a_broken_rule_keeps_the_input_and_says_why(self, staf, cast, katalog):
        buat(cast.staf, katalog.rapat, mulai=(9, 0), selesai=(10, 0))
        response = staf.post(
            reverse("aktivitas:entri_tambah"), form_data(aktivitas=katalog.arsip.pk)
        )
        page = response.content.decode()
        assert response.status_code == 400
        assert "Waktu 08:00–09:30 bertabrakan dengan entri Anda yang lain" in page
        assert (
            'value="Mengarsipkan surat masuk"' in page
            or "Mengarsipkan surat masuk</textarea>" in page
        )
        assert Entri.objects.count() == 1

    def test_a_bad_form_is_shown_again(self, staf, katalog):
        response = staf.post(
            reverse("aktivitas:entri_tambah"), form_data(aktivitas=katalog.arsip.pk, volume="0")
        )
        assert response.status_code == 400
        assert "Volume paling sedikit 1." in response.content.decode()
        response = staf.post(
            reverse("aktivitas:entri_tambah"), form_data(aktivitas=katalog.konsep.pk)
        )
        assert "Pilih aktivitas dari daftar." in response.content.decode()
        assert not Entri.objects.exists()

    def test_the_form_page_and_the_quick_add_partial(self, staf):
        page = staf.get(reverse("aktivitas:entri_tambah"), {"tanggal": "2026-05-12"})
        assert page.status_code == 200 and b"<html" in page.content
        partial = staf.get(reverse("aktivitas:entri_tambah"), {"tanggal": "2026-05-12"}, **HTMX)
        assert b"<html" not in partial.content and b'name="aktivitas"' in partial.content
        assert b'type="hidden" name="tanggal" value="2026-05-12"' in partial.content

    def test_next_never_leaves_the_site(self, staf, katalog):
        response = staf.post(
            reverse("aktivitas:entri_tambah"),
            form_data(aktivitas=katalog.arsip.pk, next="https://contoh.example/"),
        )
        assert response.url == hari_url()


class TestDetail:
    @pytest.mark.parametrize("who", ["staf", "atasan", "kepala", "admin", "penilai"])
    def test_the_owner_the_supervisors_the_admin_and_the_review_team_see_it(
        self, login, cast, katalog, clock, who
    ):
        entri = buat(cast.staf, katalog.arsip, ajukan=True)
        response = login(getattr(cast, who)).get(entri_url("entri_detail", entri))
        assert response.status_code == 200
        page = response.content.decode()
        assert "Mengarsipkan surat" in page and "Dibuat" in page

    @pytest.mark.parametrize("who", ["orang_luar", "keuangan"])
    def test_anyone_else_gets_not_found(self, login, cast, katalog, clock, who):
        entri = buat(cast.staf, katalog.arsip)
        assert login(getattr(cast, who)).get(entri_url("entri_detail", entri)).status_code == 404

    def test_a_subordinate_does_not_see_the_supervisors_entries(self, login, cast, katalog, clock):
        entri = buat(cast.atasan, katalog.rapat)
        assert login(cast.staf).get(entri_url("entri_detail", entri)).status_code == 404

    def test_shows_the_history(self, staf, cast, katalog):
        entri = buat(cast.staf, katalog.arsip, ajukan=True)
        staf.post(entri_url("entri_tarik", entri))
        response = staf.get(entri_url("entri_detail", entri))
        page = response.content.decode()
        assert list(response.context["riwayat"].values_list("ke_status", flat=True)) == [
            S.DIAJUKAN,
            S.DRAF,
        ]
        assert "Ditarik" in page and "Diajukan → " in page

    def test_unknown_entry(self, staf):
        assert staf.get(reverse("aktivitas:entri_detail", args=[999999])).status_code == 404


class TestUbah:
    def test_the_owner_changes_an_entry(self, staf, cast, katalog):
        entri = buat(cast.staf, katalog.arsip)
        url = entri_url("entri_ubah", entri)
        assert staf.get(url).status_code == 200
        data = form_data(aktivitas=katalog.arsip.pk, mulai="08:00", selesai="09:00", volume="5")
        response = staf.post(url, {**data, "aksi": "ajukan"})
        assert response.status_code == 302
        entri.refresh_from_db()
        assert (entri.volume, entri.menit, entri.status) == (5, 50, S.DIAJUKAN)

    def test_a_supervisor_sees_but_may_not_change(self, login, cast, katalog, clock):
        entri = buat(cast.staf, katalog.arsip, ajukan=True)
        client = login(cast.atasan)
        assert client.get(entri_url("entri_ubah", entri)).status_code == 403
        for name in ("entri_ajukan", "entri_tarik", "entri_hapus"):
            assert client.post(entri_url(name, entri)).status_code == 403
        assert login(cast.orang_luar).get(entri_url("entri_ubah", entri)).status_code == 404
        assert login(cast.orang_luar).post(entri_url("entri_tarik", entri)).status_code == 404

    def test_an_approved_entry_goes_to_its_page(self, staf, cast, katalog):
        entri = buat(cast.staf, katalog.arsip, ajukan=True)
        Entri.objects.filter(pk=entri.pk).update(status=S.DISETUJUI)
        response = staf.get(entri_url("entri_ubah", entri), follow=True)
        assert "Entri yang sudah disetujui tidak dapat diubah." in response.content.decode()


class TestActions:
    def test_submit_withdraw_and_delete_with_htmx_return_the_days_list(self, staf, cast, katalog):
        entri = buat(cast.staf, katalog.arsip)
        response = staf.post(entri_url("entri_ajukan", entri), **HTMX)
        page = response.content.decode()
        assert response.status_code == 200 and page.startswith('<section id="entri-hari"')
        assert "Entri 08:00–09:00 diajukan ke atasan." in page
        response = staf.post(entri_url("entri_tarik", entri), **HTMX)
        assert "ditarik dan kembali menjadi draf" in response.content.decode()
        response = staf.post(entri_url("entri_hapus", entri), **HTMX)
        assert "Draf 08:00–09:00 dihapus." in response.content.decode()
        assert not Entri.objects.exists()

    def test_without_htmx_back_to_where_it_came_from(self, staf, cast, katalog):
        entri = buat(cast.staf, katalog.arsip)
        detail = entri_url("entri_detail", entri)
        response = staf.post(entri_url("entri_ajukan", entri), {"next": detail})
        assert response.url == detail
        response = staf.post(entri_url("entri_ajukan", entri), follow=True)
        assert "Entri berstatus diajukan tidak dapat diajukan." in response.content.decode()

    def test_delete_asks_first(self, staf, cast, katalog):
        entri = buat(cast.staf, katalog.arsip)
        response = staf.get(entri_url("entri_hapus", entri))
        assert "Hapus draf ini?" in response.content.decode()
        assert Entri.objects.exists()
        assert staf.post(entri_url("entri_hapus", entri)).url == hari_url()

    def test_submit_the_days_drafts(self, staf, cast, katalog):
        buat(cast.staf, katalog.arsip)
        buat(cast.staf, katalog.rapat, mulai=(9, 0), selesai=(10, 0))
        response = staf.post(reverse("aktivitas:hari_ajukan", args=[HARI_INI]), **HTMX)
        assert "2 draf diajukan ke atasan." in response.content.decode()
        assert set(Entri.objects.values_list("status", flat=True)) == {S.DIAJUKAN}

    def test_copy_the_previous_working_day(self, staf, cast, katalog):
        buat(cast.staf, katalog.arsip, tanggal=SELASA)
        buat(cast.staf, katalog.rapat, tanggal=SELASA, mulai=(16, 0), selesai=(17, 0))
        response = staf.post(reverse("aktivitas:hari_salin", args=[HARI_INI]), follow=True)
        assert (
            "1 entri dari Selasa, 12 Mei 2026 disalin sebagai draf. 1 dilewati karena jamnya "
            "belum lewat."
        ) in response.content.decode()
        assert Entri.objects.filter(tanggal=HARI_INI, sumber="salinan").count() == 1
        assert RiwayatEntri.objects.filter(catatan="Disalin dari 12-05-2026").count() == 1

    def test_copy_says_when_there_is_nothing(self, staf):
        response = staf.post(reverse("aktivitas:hari_salin", args=[HARI_INI]), follow=True)
        assert (
            "Tidak ada entri pada Selasa, 12 Mei 2026 untuk disalin." in response.content.decode()
        )

    def test_copy_refuses_a_closed_month_with_a_message(self, staf):
        Periode.objects.create(tahun=2026, bulan=5, status=Periode.Status.DITUTUP)
        response = staf.post(reverse("aktivitas:hari_salin", args=[HARI_INI]), follow=True)
        assert "Periode Mei 2026 sudah ditutup" in response.content.decode()


def test_the_menu_leads_to_the_log(staf):
    page = staf.get(hari_url()).content.decode()
    assert reverse("aktivitas:minggu_ini") in page and reverse("aktivitas:bulan") in page
    assert time(8).strftime("%H:%M") in page


def test_the_pages_entries_are_the_orms_with_the_columns_they_show(cast, katalog, clock):
    buat(cast.staf, katalog.rapat, tanggal=SELASA, mulai=(13, 0), selesai=(14, 0))
    buat(cast.staf, katalog.arsip, tanggal=SELASA, mulai=(8, 0), selesai=(9, 0), ajukan=True)
    buat(cast.staf, katalog.arsip, uraian="Hari ini")
    buat(cast.atasan, katalog.konsep, tanggal=SELASA)
    shown = Entri.objects.shown(cast.staf, SELASA, HARI_INI)
    orm = list(
        Entri.objects.filter(pegawai=cast.staf, tanggal__range=(SELASA, HARI_INI))
        .select_related("aktivitas")
        .order_by("tanggal", "mulai")
    )
    assert [e.pk for e in shown] == [e.pk for e in orm] and len(shown) == 3
    for mine, theirs in zip(shown, orm, strict=True):
        for name in ("tanggal", "mulai", "selesai", "status", "menit", "uraian", "sumber"):
            assert getattr(mine, name) == getattr(theirs, name)
        assert (mine.aktivitas.nama, mine.aktivitas.satuan) == (
            theirs.aktivitas.nama,
            theirs.aktivitas.satuan,
        )
    # What the pages do not show is left deferred, and still loads when asked for.
    assert shown[0].dibuat_pada == orm[0].dibuat_pada
