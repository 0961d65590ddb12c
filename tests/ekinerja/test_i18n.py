"""The English catalogue is complete, compiled, and actually served.

The .po file is read with a small pure-Python parser, so these tests need no gettext tools;
the compiled .mo is read with the standard library's `gettext`.
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$')
# Python-format placeholders: %(name)s, %(n)d, %(ukuran).1f, %%, %s, %d.
_PLACEHOLDER = re.compile(r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%%|%[sd]")


def _unquote(text: str) -> str:
    # A PO string literal uses C escapes (\" \\ \n \t), which a Python literal reads the same way.
    return ast.literal_eval(text.strip())


def parse_po(path: Path) -> list[dict]:
    """Entries as dicts: msgctxt, msgid, msgid_plural, msgstr ({index: text}), flags."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip()):
        entry = {"msgctxt": None, "msgid": None, "msgid_plural": None, "msgstr": {}, "flags": []}
        current = None
        obsolete = False
        for line in block.splitlines():
            if line.startswith("#~"):
                obsolete = True
            elif line.startswith("#,"):
                entry["flags"] += [flag.strip() for flag in line[2:].split(",") if flag.strip()]
            elif line.startswith("#"):
                continue
            elif m := _KEYWORD.match(line):
                keyword, index, value = m.group(1), m.group(2), _unquote(m.group(3))
                if keyword.startswith("msgstr"):
                    current = ("msgstr", int(index) if index is not None else 0)
                    entry["msgstr"][current[1]] = value
                else:
                    current = (keyword, None)
                    entry[keyword] = value
            elif line.startswith('"') and current is not None:
                keyword, index = current
                if keyword == "msgstr":
                    entry["msgstr"][index] += _unquote(line)
                else:
                    entry[keyword] += _unquote(line)
            else:
                raise AssertionError(f"{path}: cannot parse line {line!r}")
        if entry["msgid"] is not None and not obsolete:
            entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def po_entries() -> list[dict]:
    assert PO_PATH.exists(), f"{PO_PATH} is missing; see docs/I18N.md"
    entries = parse_po(PO_PATH)
    assert entries[0]["msgid"] == "", "the catalogue starts with its header entry"
    return entries


def _label(entry: dict) -> str:
    return repr(entry["msgid"])[:80]


def test_po_has_no_untranslated_or_fuzzy_entry(po_entries):
    header, *messages = po_entries
    assert "fuzzy" not in header["flags"], "the header is still marked fuzzy"
    assert len(messages) > 100
    fuzzy = [_label(e) for e in messages if "fuzzy" in e["flags"]]
    assert not fuzzy, f"fuzzy entries are ignored at runtime: {fuzzy}"
    empty = [_label(e) for e in messages if not all(e["msgstr"].values())]
    assert not empty, f"untranslated entries: {empty}"
    plural_wrong = [
        _label(e) for e in messages if e["msgid_plural"] is not None and set(e["msgstr"]) != {0, 1}
    ]
    assert not plural_wrong, f"English plurals need msgstr[0] and msgstr[1]: {plural_wrong}"


def test_po_translations_keep_their_placeholders(po_entries):
    wrong = []
    for e in po_entries[1:]:
        if "python-format" not in e["flags"]:
            continue
        sources = [e["msgid"]] + ([e["msgid_plural"]] if e["msgid_plural"] is not None else [])
        wanted = {p for s in sources for p in _PLACEHOLDER.findall(s) if p != "%%"}
        for text in e["msgstr"].values():
            got = {p for p in _PLACEHOLDER.findall(text) if p != "%%"}
            # A singular may leave out the count (e.g. "one draft"), but nothing may be invented.
            if not got <= wanted or (e["msgid_plural"] is None and got != wanted):
                wrong.append((_label(e), sorted(wanted), sorted(got)))
    assert not wrong, f"placeholders differ from the source: {wrong}"


def test_compiled_mo_matches_po(po_entries):
    """The committed .mo is what Django serves; it must hold every translation of the .po."""
    assert MO_PATH.exists(), f"{MO_PATH} is missing: run compilemessages (docs/I18N.md)"
    with MO_PATH.open("rb") as fp:
        catalog = gettext.GNUTranslations(fp)._catalog
    stale = []
    for e in po_entries[1:]:
        key = e["msgid"] if e["msgctxt"] is None else f"{e['msgctxt']}\x04{e['msgid']}"
        if e["msgid_plural"] is None:
            if catalog.get(key) != e["msgstr"][0]:
                stale.append(_label(e))
        else:
            for index, text in e["msgstr"].items():
                if catalog.get((key, index)) != text:
                    stale.append(_label(e))
    assert not stale, f"the .mo is out of date (run compilemessages): {stale[:20]}"


@pytest.fixture(autouse=True)
def _back_to_default_language():
    """A request through LocaleMiddleware leaves English active in this thread; later tests
    that call gettext outside a request would see English too."""
    yield
    translation.deactivate()


def _switch_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302


def test_home_menu_is_english_after_switching_language(client, cast):
    _switch_to_english(client)
    client.force_login(cast.staf.user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    for english in ("Home", "Calendar", "My work calendar", "Log out", "Change password"):
        assert english in html, english
    for indonesian in ("Beranda", "Kalender", "Keluar", "Ganti kata sandi"):
        assert indonesian not in html, indonesian


def test_home_menu_stays_indonesian_by_default(client, cast):
    client.force_login(cast.staf.user)
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="id">' in html
    assert "Beranda" in html and "Kalender" in html
    assert "My work calendar" not in html


def test_login_page_is_english_after_switching_language(client, cast):
    _switch_to_english(client)
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Log in" in html
    assert "Log in with your NIP and password." in html
    assert "Masuk" not in html
