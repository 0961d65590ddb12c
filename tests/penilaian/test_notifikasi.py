"""Notifications: written with the caller's transaction, e-mailed once by a real Celery worker
after it commits, listed unread first, marked read one by one or all at once."""

import os
import time
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse

from penilaian import views_notifikasi
from penilaian.context_processors import navigasi
from penilaian.models import Notifikasi
from penilaian.services import notifikasi as notifikasi_service
from penilaian.services import notifikasi_email
from penilaian.services.notifikasi import mark_all_read, mark_read, notify, notify_many
from penilaian.tasks import send_notification_emails
from tests.aktivitas.conftest import NOW

J = Notifikasi.Jenis


def kirim(user, judul="Entri ditolak", *, now=NOW, url="/aktivitas/", **kwargs):
    return notify(user, jenis=J.DITOLAK, judul=judul, pesan="Alasannya", url=url, now=now, **kwargs)


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr(views_notifikasi, "_now", lambda: NOW + timedelta(hours=1))


def url(name, *args):
    return reverse(f"penilaian:{name}", args=args)


@pytest.mark.django_db
class TestServices:
    def test_notify_writes_a_row_in_the_callers_transaction(self, cast):
        with transaction.atomic():
            n = kirim(cast.staf.user)
            transaction.set_rollback(True)
        assert n.pk and not Notifikasi.objects.exists()

    def test_a_key_sends_each_recipient_one_notification(self, cast):
        users = [cast.staf.user, cast.atasan.user]
        items = [(u, "Pengingat", "", "") for u in users]
        first = notify_many(items, jenis=J.PENGINGAT_PEGAWAI, now=NOW, kunci="pengingat:1")
        again = notify_many(
            items, jenis=J.PENGINGAT_PEGAWAI, now=NOW + timedelta(hours=1), kunci="pengingat:1"
        )
        assert {n.penerima for n in first} == set(users) and again == []
        assert kirim(cast.staf.user, kunci="pengingat:1") is None
        assert Notifikasi.objects.count() == 2
        # Another key, or none, is another notification.
        assert kirim(cast.staf.user, kunci="pengingat:2") is not None
        assert kirim(cast.staf.user) is not None and kirim(cast.staf.user) is not None
        assert Notifikasi.objects.count() == 5

    def test_the_e_mail_is_queued_on_commit_for_users_with_an_address(
        self, cast, django_capture_on_commit_callbacks, monkeypatch
    ):
        # Recorded, not run: the real worker's test below runs it. (An eager run here would
        # leave Celery's "no result backend" cached in this thread for later worker tests.)
        queued = []
        monkeypatch.setattr(send_notification_emails, "delay", queued.append)
        cast.staf.user.email = "staf@contoh.go.id"
        cast.staf.user.save()
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            n = kirim(cast.staf.user)
            kirim(cast.atasan.user)  # no address
        assert queued == []
        for callback in callbacks:
            callback()
        assert queued == [[n.pk]]

    def test_a_large_batch_is_queued_in_several_tasks(
        self, cast, django_capture_on_commit_callbacks, monkeypatch
    ):
        queued = []
        monkeypatch.setattr(send_notification_emails, "delay", queued.append)
        monkeypatch.setattr(notifikasi_service, "EMAIL_BATCH", 2)
        users = [cast.staf.user, cast.atasan.user, cast.kepala.user]
        for user in users:
            user.email = f"{user.username}@contoh.go.id"
            user.save()
        with django_capture_on_commit_callbacks(execute=True):
            rows = notify_many([(u, "Halo", "", "") for u in users], jenis=J.DITOLAK, now=NOW)
        assert queued == [[rows[0].pk, rows[1].pk], [rows[2].pk]]

    def test_the_e_mail_links_to_the_site(self, cast, settings, mailoutbox):
        settings.SITE_URL = "https://ekinerja.contoh.go.id/"
        cast.staf.user.email = "staf@contoh.go.id"
        cast.staf.user.save()
        n = kirim(cast.staf.user, url="/penilaian/keberatan/3/")
        assert notifikasi_email.send_emails([n.pk]) == 1
        message = mailoutbox[0]
        assert message.subject == "[e-Kinerja] Entri ditolak"
        assert "Alasannya" in message.body
        assert "https://ekinerja.contoh.go.id/penilaian/keberatan/3/" in message.body

    def test_mark_read_and_mark_all(self, cast):
        mine = [kirim(cast.staf.user, f"ke-{i}") for i in range(3)]
        other = kirim(cast.atasan.user)
        later = NOW + timedelta(hours=1)
        assert mark_read(mine[0], by=cast.staf.user, now=later) is True
        assert mark_read(mine[0], by=cast.staf.user, now=later) is False
        assert mark_read(other, by=cast.staf.user, now=later) is False
        assert Notifikasi.objects.unread_count(cast.staf.user) == 2
        assert mark_all_read(by=cast.staf.user, now=later) == 2
        assert Notifikasi.objects.unread_count(cast.staf.user) == 0
        assert Notifikasi.objects.unread_count(cast.atasan.user) == 1

    def test_the_unread_count_is_one_query(self, cast, django_assert_num_queries):
        for i in range(5):
            kirim(cast.staf.user, f"ke-{i}")
        with django_assert_num_queries(1):
            assert Notifikasi.objects.unread_count(cast.staf.user) == 5

    def test_the_context_processor_counts_only_when_shown(self, cast, django_assert_num_queries):
        kirim(cast.staf.user)
        request = RequestFactory().get("/")
        request.user = cast.staf.user
        with django_assert_num_queries(0):
            context = navigasi(request)
        # The menu loads the roles anyway, and the unread count comes with them.
        with django_assert_num_queries(1):
            assert not cast.staf.user.is_atasan
        with django_assert_num_queries(0):
            assert int(str(context["notifikasi_belum_dibaca"])) == 1
            assert int(str(context["jumlah_antrian"])) == 0

    def test_a_supervisor_gets_both_counts_in_one_query(self, cast, django_assert_num_queries):
        kirim(cast.atasan.user)
        kirim(cast.atasan.user)
        request = RequestFactory().get("/")
        request.user = cast.atasan.user
        assert cast.atasan.user.is_atasan
        context = navigasi(request)
        with django_assert_num_queries(1):
            assert int(str(context["jumlah_antrian"])) == 0
            assert int(str(context["notifikasi_belum_dibaca"])) == 2


@pytest.fixture
def celery_worker(transactional_db, request, monkeypatch):
    """celery_worker_redis on a Redis database of this test process's own.

    With `pytest -n`, every process's worker otherwise consumes the same queue: a worker of
    another process takes this test's task and runs it against its own test database. Celery
    keeps the producer's connections made with the URL of their first use; they are dropped
    before and after.
    """
    from ekinerja.celery import app

    base = urlsplit(os.environ.get("CELERY_TEST_BROKER_URL", "redis://127.0.0.1:6379/0"))
    n = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    monkeypatch.setenv("CELERY_TEST_BROKER_URL", urlunsplit(base._replace(path=f"/{8 + n % 8}")))
    _forget_producer_connections(app)
    yield request.getfixturevalue("celery_worker_redis")
    _forget_producer_connections(app)


def _forget_producer_connections(app) -> None:
    # What Celery's own after-fork clean-up resets (without its signal, which would close
    # this test's database connection).
    app._pool = None
    app.amqp._producer_pool = None


def wait_until_sent(n: Notifikasi, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        n.refresh_from_db()
        if n.email_terkirim_pada is not None:
            return
        time.sleep(0.05)
    raise AssertionError(f"the worker did not send notification {n.pk} in {seconds} s")


class TestEmailByARealWorker:
    def test_sent_once_after_commit(self, celery_worker, cast, settings, mailoutbox):
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        for p, email in ((cast.staf, "staf@contoh.go.id"), (cast.kepala, "kepala@contoh.go.id")):
            p.user.email = email
            p.user.save()
        with transaction.atomic():
            n = kirim(cast.staf.user)
            kirim(cast.atasan.user)  # no address: no e-mail
            # The same e-mail queued twice (a retry, a duplicate delivery).
            transaction.on_commit(lambda: send_notification_emails.delay([n.pk]))
            assert mailoutbox == []
        # The worker takes tasks in order, one at a time: once a later notification is sent,
        # both tasks for the first have run.
        with transaction.atomic():
            later = kirim(cast.kepala.user, "Sesudahnya")
        wait_until_sent(later)
        n.refresh_from_db()
        assert n.email_terkirim_pada is not None
        assert sorted(m.to[0] for m in mailoutbox) == ["kepala@contoh.go.id", "staf@contoh.go.id"]


@pytest.mark.django_db
class TestScreens:
    def test_login_required(self, client):
        for path in (url("notifikasi_list"), url("notifikasi_baca", 1)):
            response = client.get(path)
            assert response.status_code == 302 and response.url.startswith(reverse("login"))

    def test_wrong_methods(self, login, cast):
        client = login(cast.staf)
        n = kirim(cast.staf.user)
        assert client.post(url("notifikasi_list")).status_code == 405
        assert client.get(url("notifikasi_baca", n.pk)).status_code == 405
        assert client.get(url("notifikasi_baca_semua")).status_code == 405

    def test_own_notifications_unread_first(self, login, cast):
        old = kirim(cast.staf.user, "Lama belum dibaca", now=NOW - timedelta(days=2))
        read = kirim(cast.staf.user, "Baru sudah dibaca", now=NOW)
        mark_read(read, by=cast.staf.user, now=NOW)
        newest = kirim(cast.staf.user, "Terbaru belum dibaca", now=NOW + timedelta(minutes=1))
        kirim(cast.atasan.user, "Milik atasan")
        response = login(cast.staf).get(url("notifikasi_list"))
        assert response.status_code == 200
        assert list(response.context["page"]) == [newest, old, read]
        assert response.context["belum_dibaca"] == 2
        assert "Milik atasan" not in response.content.decode()

    def test_a_fixed_number_of_queries(self, login, cast, django_assert_num_queries):
        client = login(cast.staf)
        kirim(cast.staf.user)
        # session, user; the page's count and its unread count; the menu's roles with the
        # unread count; the rows.
        with django_assert_num_queries(6):
            client.get(url("notifikasi_list"))
        for i in range(40):
            kirim(cast.staf.user, f"ke-{i}")
        with django_assert_num_queries(6):
            response = client.get(url("notifikasi_list"))
        assert len(response.context["page"]) == views_notifikasi.PER_HALAMAN

    def test_mark_one_read_in_place(self, login, cast, clock):
        n = kirim(cast.staf.user)
        response = login(cast.staf).post(url("notifikasi_baca", n.pk), HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        assert 'data-dibaca="1"' in response.content.decode()
        n.refresh_from_db()
        assert n.dibaca_pada == NOW + timedelta(hours=1)

    def test_mark_one_read_without_htmx(self, login, cast, clock):
        n = kirim(cast.staf.user)
        response = login(cast.staf).post(url("notifikasi_baca", n.pk))
        assert response.status_code == 302 and response.url == url("notifikasi_list")
        n.refresh_from_db()
        assert n.dibaca_pada is not None

    def test_open_marks_read_and_follows_the_link(self, login, cast, clock):
        n = kirim(cast.staf.user, url="/penilaian/keberatan/")
        response = login(cast.staf).post(url("notifikasi_baca", n.pk), {"buka": "1"})
        assert response.status_code == 302 and response.url == "/penilaian/keberatan/"
        n.refresh_from_db()
        assert n.dibaca_pada is not None

    def test_a_link_elsewhere_is_not_followed(self, login, cast, clock):
        n = kirim(cast.staf.user, url="https://jahat.example/")
        response = login(cast.staf).post(url("notifikasi_baca", n.pk), {"buka": "1"})
        assert response.url == url("notifikasi_list")

    def test_someone_elses_is_not_found(self, login, cast, clock):
        n = kirim(cast.atasan.user)
        assert login(cast.staf).post(url("notifikasi_baca", n.pk)).status_code == 404
        n.refresh_from_db()
        assert n.dibaca_pada is None

    def test_mark_all_read(self, login, cast, clock):
        kirim(cast.staf.user)
        kirim(cast.staf.user)
        other = kirim(cast.atasan.user)
        client = login(cast.staf)
        response = client.post(url("notifikasi_baca_semua"), follow=True)
        assert "2 notifikasi ditandai sudah dibaca." in response.content.decode()
        assert Notifikasi.objects.unread_count(cast.staf.user) == 0
        other.refresh_from_db()
        assert other.dibaca_pada is None
        response = client.post(url("notifikasi_baca_semua"), follow=True)
        assert "Tidak ada notifikasi yang belum dibaca." in response.content.decode()

    def test_the_bell_partial_shows_the_count(self):
        from django.template.loader import render_to_string

        html = render_to_string(
            "penilaian/_notifikasi_lencana.html", {"notifikasi_belum_dibaca": 3}
        )
        assert "3 belum dibaca" in html and 'text-bg-danger">3<' in html
        html = render_to_string(
            "penilaian/_notifikasi_lencana.html", {"notifikasi_belum_dibaca": 0}
        )
        assert "badge" not in html
