"""What gunicorn serves in the load test: the app as deployed, plus the bare page to measure it
against, at /__bare__/ (bench only; the app's own URLconf is left as it is).

    gunicorn bench.load.wsgi

With LOAD_CPU_DIR set, each worker also keeps the CPU time it spent per kind of request (method
and path, dates and numbers blanked) and writes its totals to LOAD_CPU_DIR/<pid>.json after
every request (a small file, some 0.1 ms), for run.py to tell where the CPU went.
"""

import json
import os
import re
import time
from collections import defaultdict
from pathlib import Path

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ekinerja.settings")
django_application = get_wsgi_application()

CPU_DIR = os.environ.get("LOAD_CPU_DIR")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
NUMBER = re.compile(r"\d+")
_cpu: dict[str, list] = defaultdict(lambda: [0, 0.0])


def application(environ, start_response):
    if not CPU_DIR:
        return django_application(environ, start_response)
    started = time.process_time()
    response = django_application(environ, start_response)
    path = NUMBER.sub("N", DATE.sub("DATE", environ.get("PATH_INFO", "")))
    counted = _cpu[f"{environ['REQUEST_METHOD']} {path}"]
    counted[0] += 1
    counted[1] += time.process_time() - started
    _write()
    return response


def _write() -> None:
    target = Path(CPU_DIR) / f"{os.getpid()}.json"
    part = target.with_suffix(".part")
    part.write_text(json.dumps(_cpu))
    part.replace(target)


def bare(request):
    """The yardstick of bench/pages.py: one query on an indexed column, a tiny response; behind
    the same middleware (session, login) as every page."""
    from django.http import HttpResponse

    from pegawai.models import Pegawai

    nama = Pegawai.objects.filter(nip=request.GET["nip"]).values_list("nama", flat=True).first()
    return HttpResponse(f"<!doctype html><title>x</title><p>{nama}</p>")


def _add_bare() -> None:
    from django.urls import clear_url_caches, path

    import ekinerja.urls

    ekinerja.urls.urlpatterns.append(path("__bare__/", bare))
    clear_url_caches()


_add_bare()
