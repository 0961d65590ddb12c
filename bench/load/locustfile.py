"""The simulated people of the load test, as locust users; drive.py runs them.

The plan (run.py writes it; its path in LOAD_PLAN) says who plays whom. Each staff user holds a
hand of staff members of its own, each logged in with its own session, and logs entries into
their own free time slots in turn, so that no two users ever write the same person's day and
each person's day stays as long as a real one. Supervisors approve from their queue what their
people submit; finance reads the closed month's TPK list, OPD by OPD.

Every user logs in first and then waits at a gate; drive.py opens it once all are in, after
resetting the statistics, so the figures hold the working mix only and the logins are reported
apart. Requests reach gunicorn as the TLS-terminating proxy passes them on in production
(docs/DEPLOY.md): X-Forwarded-Proto says https, so the app runs its HTTPS paths (secure cookies,
the CSRF origin check) exactly as deployed.
"""

import itertools
import json
import os
import random
import re
from html import unescape
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from urllib.parse import urlencode

import gevent
from gevent.event import Event
from locust import FastHttpUser, between, constant, task
from locust.contrib.fasthttp import FastHttpSession

from bench.load.plan import hhmm

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text()) if "LOAD_PLAN" in os.environ else {}

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
OPTION = re.compile(r'<option value="(\d+)" data-menit=')
WAITING = re.compile(r'name="entri" value="(\d+)" form="setujui-terpilih"')
PROBLEM = re.compile(r"(?:alert-danger[^>]*>|invalid-feedback[^>]*>)\s*(.*?)\s*<", re.S)
HEADERS = {
    # What the reverse proxy adds (docs/DEPLOY.md): the scheme and the client's address.
    "X-Forwarded-Proto": "https",
    "X-Forwarded-For": "127.0.0.1",
    "Accept": "text/html,application/xhtml+xml",
    "Accept-Language": "id",
}
FORM = "application/x-www-form-urlencoded"


class BehindProxyPolicy(DefaultCookiePolicy):
    """Send the Secure cookies (session, CSRF) back over the loopback's plain HTTP, as the
    browser does over the HTTPS the proxy ends: the jar sees http:// and would hold them back."""

    def return_ok_secure(self, cookie, request):
        return True


class State:
    """What the driver and the users share (one process, greenlets)."""

    released = Event()
    stopping = False
    users_ready = 0
    logins_failed = 0
    inflight = 0
    approved = 0
    out_of_slots = 0


def _problem(response) -> str:
    """The first error the page shows, or the connection's, for the failure's message."""
    error = getattr(response, "error", None)
    if response.status_code == 0 or error is not None:
        return f"{type(error).__name__}: {error}"
    match = PROBLEM.search(response.text or "")
    return unescape(match.group(1))[:160] if match else ""


def measured(fn):
    """Run a task only while the test runs, and count it in flight so the driver can let the
    last ones finish: a POST cut off mid-way could be committed and never counted."""

    def wrapper(self):
        if State.stopping:
            gevent.sleep(0.2)
            return
        State.inflight += 1
        try:
            fn(self)
        finally:
            State.inflight -= 1

    wrapper.__name__ = fn.__name__
    return wrapper


class Base(FastHttpUser):
    abstract = True
    wait_time = between(0, PLAN["wait"]) if PLAN.get("wait") else constant(0)
    default_headers = HEADERS

    def on_start(self):
        self.client.cookiejar.set_policy(BehindProxyPolicy())

    def session(self) -> FastHttpSession:
        client = FastHttpSession(
            base_url=self.host,
            request_event=self.environment.events.request,
            user=self,
            headers=HEADERS,
            max_retries=0,
            network_timeout=self.network_timeout,
            connection_timeout=self.connection_timeout,
        )
        client.cookiejar.set_policy(BehindProxyPolicy())
        return client

    def post_headers(self, page: str, **extra) -> dict:
        # The HTTPS CSRF check wants the origin the browser would send.
        origin = self.host.replace("http://", "https://", 1)
        return {"Content-Type": FORM, "Origin": origin, "Referer": origin + page, **extra}

    def login(self, client: FastHttpSession, nip: str) -> bool:
        """The login form as a person fills it in: the page, then NIP and password."""
        with client.get("/masuk/", name="masuk: halaman", catch_response=True) as r:
            token = CSRF.search(r.text or "")
            if r.status_code != 200 or not token:
                r.failure(f"login page {r.status_code} {_problem(r)}")
                State.logins_failed += 1
                return False
        body = urlencode(
            {"csrfmiddlewaretoken": token.group(1), "username": nip, "password": PLAN["password"]}
        )
        with client.post(
            "/masuk/",
            data=body,
            headers=self.post_headers("/masuk/"),
            name="masuk: kirim",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code == 302:
                r.success()
                return True
            r.failure(f"login {nip}: {r.status_code} {_problem(r)}")
            State.logins_failed += 1
            return False

    def ready(self) -> None:
        State.users_ready += 1
        State.released.wait()


# Staff ---------------------------------------------------------------------------------------


class Orang:
    """One staff member in a staff user's hand: their session, their free slots, the token and
    activities of their day page when last seen."""

    def __init__(self, nip: str, slots: list, client: FastHttpSession):
        self.nip, self.slots, self.client = nip, slots, client
        self.csrf: str | None = None
        self.options: list[str] = []
        self.page: str | None = None


_staf_hands = itertools.count()


class StafUser(Base):
    fixed_count = len(PLAN.get("staf", ()))

    def on_start(self):
        super().on_start()
        hand = PLAN["staf"][next(_staf_hands)]
        self.people = []
        for person in hand:
            client = self.session()
            if self.login(client, person["nip"]):
                self.people.append(Orang(person["nip"], person["slots"], client))
        self.turn = itertools.cycle(self.people)
        self.ready()

    def open_day(self, orang: Orang) -> None:
        """The day page of the person's next free slot (today, unless today is full)."""
        tanggal = orang.slots[0][0] if orang.slots else PLAN["today"]
        url = f"/aktivitas/hari/{tanggal}/"
        with orang.client.get(url, name="staf: hari", catch_response=True) as r:
            token, options = CSRF.search(r.text or ""), OPTION.findall(r.text or "")
            if r.status_code != 200 or not token or not options:
                r.failure(f"day page {r.status_code} without the entry form {_problem(r)}")
                orang.csrf = None
                return
            orang.csrf, orang.options, orang.page = token.group(1), options, url

    @task(4)
    @measured
    def hari(self):
        self.open_day(next(self.turn))

    @task(3)
    @measured
    def tambah(self):
        """Add an entry from the day page's form, then see the day again (the redirect)."""
        orang = next(self.turn)
        if not orang.slots:
            State.out_of_slots += 1
            self.open_day(orang)
            return
        tanggal, mulai, selesai = orang.slots[0]
        page = f"/aktivitas/hari/{tanggal}/"
        if orang.csrf is None or orang.page != page:
            self.open_day(orang)
            if orang.csrf is None:
                return
        orang.slots.pop(0)
        body = urlencode(
            {
                "csrfmiddlewaretoken": orang.csrf,
                "tanggal": tanggal,
                "mulai": hhmm(mulai),
                "selesai": hhmm(selesai),
                "aktivitas": random.choice(orang.options),
                "volume": 1,
                "uraian": f"{PLAN['marker']} {orang.nip} {hhmm(mulai)} rapat dan tindak lanjut",
                "next": page,
                "aksi": "ajukan" if random.random() < PLAN["submit_share"] else "draf",
            }
        )
        with orang.client.post(
            "/aktivitas/entri/tambah/",
            data=body,
            headers=self.post_headers(page),
            name="staf: tambah entri",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code == 302 and r.headers.get("Location", "").endswith(page):
                r.success()
                ok = True
            else:
                r.failure(f"add entry {r.status_code}: {_problem(r)}")
                ok = False
        if ok:
            self.open_day(orang)

    @task(2)
    @measured
    def minggu(self):
        orang = next(self.turn)
        with orang.client.get("/aktivitas/minggu/", name="staf: minggu", catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"week {r.status_code} {_problem(r)}")

    @task(1)
    @measured
    def bulan(self):
        orang = next(self.turn)
        with orang.client.get("/aktivitas/bulan/", name="staf: bulan", catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"month {r.status_code} {_problem(r)}")


# Supervisors ---------------------------------------------------------------------------------

_atasan = itertools.count()
QUEUE = "/penilaian/persetujuan/"


class AtasanUser(Base):
    fixed_count = len(PLAN.get("atasan", ()))

    def on_start(self):
        super().on_start()
        self.nip = PLAN["atasan"][next(_atasan)]
        self.waiting: list[str] = []
        self.csrf: str | None = None
        self.login(self.client, self.nip)
        self.ready()

    def _read_queue(self, text: str) -> None:
        token = CSRF.search(text)
        self.csrf = token.group(1) if token else self.csrf
        self.waiting = WAITING.findall(text)

    def load_queue(self) -> bool:
        with self.client.get(QUEUE, name="atasan: antrian", catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"queue {r.status_code} {_problem(r)}")
                return False
            self._read_queue(r.text or "")
            return True

    @task(3)
    @measured
    def antrian(self):
        self.load_queue()

    @task(2)
    @measured
    def setujui(self):
        """Tick the first entries of the queue and approve them; htmx swaps the queue in."""
        if (not self.waiting or self.csrf is None) and not self.load_queue():
            return
        if not self.waiting:
            return
        ids = self.waiting[: PLAN["approve_batch"]]
        fields = [("csrfmiddlewaretoken", self.csrf), ("next", QUEUE), ("lingkup", "atasan")]
        fields += [("entri", pk) for pk in ids]
        with self.client.post(
            "/penilaian/persetujuan/setujui/",
            data=urlencode(fields),
            headers=self.post_headers(QUEUE, **{"HX-Request": "true", "HX-Target": "antrian"}),
            name="atasan: setujui",
            catch_response=True,
        ) as r:
            text = r.text or ""
            if r.status_code == 200 and "alert-success" in text:
                r.success()
                State.approved += len(ids)
                self._read_queue(text)
            else:
                r.failure(f"approve {r.status_code}: {_problem(r)}")
                self.waiting = []


# Finance -------------------------------------------------------------------------------------

_keuangan = itertools.count()


class KeuanganUser(Base):
    fixed_count = len(PLAN.get("keuangan", ()))

    def on_start(self):
        super().on_start()
        self.login(self.client, PLAN["keuangan"][next(_keuangan)])
        tpk = PLAN["tpk"]
        self.opd = itertools.cycle(tpk["opd"])
        self.bulan = tpk["bulan"]
        self.ready()

    @task
    @measured
    def daftar(self):
        url = f"/tpk/daftar/?bulan={self.bulan}&opd={next(self.opd)}"
        with self.client.get(url, name="keuangan: daftar TPK", catch_response=True) as r:
            if r.status_code != 200 or "<table" not in (r.text or ""):
                r.failure(f"TPK list {r.status_code} {_problem(r)}")


# The yardstick -------------------------------------------------------------------------------

_bare = itertools.count()


class BareUser(Base):
    """The bare page (bench/load/wsgi.py): logged in, one indexed query."""

    fixed_count = len(PLAN.get("bare", ()))

    def on_start(self):
        super().on_start()
        self.nip = PLAN["bare"][next(_bare)]
        self.login(self.client, self.nip)
        self.ready()

    @task
    @measured
    def bare(self):
        with self.client.get(
            f"/__bare__/?nip={self.nip}", name="pembanding: halaman kosong", catch_response=True
        ) as r:
            if r.status_code != 200:
                r.failure(f"bare {r.status_code} {_problem(r)}")
