"""docs/TPK.md shows what the code does: the worked example's trace and the default table."""

import re
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from tpk.angka import format_angka
from tpk.calculation import compute_tpk
from tpk.defaults import TARIF_KELAS, contoh_domain
from tpk.trace import format_trace

DOC = Path(settings.BASE_DIR) / "docs" / "TPK.md"


def test_the_worked_example_in_the_docs_is_the_codes_trace():
    block = re.search(
        r"<!-- contoh-tpk -->\n```\n(.*?)```\n<!-- /contoh-tpk -->", DOC.read_text(), re.S
    )
    assert block, "docs/TPK.md lost its contoh-tpk block"
    assert block.group(1).splitlines() == format_trace(compute_tpk(contoh_domain()).trace)


def test_the_command_prints_the_same_trace():
    out = StringIO()
    call_command("contoh_tpk", stdout=out)
    assert out.getvalue().splitlines() == format_trace(compute_tpk(contoh_domain()).trace)


def test_the_default_kelas_table_in_the_docs():
    text = DOC.read_text()
    for kelas, tarif in TARIF_KELAS.items():
        assert f"| {kelas} | {format_angka(tarif)} |" in text
