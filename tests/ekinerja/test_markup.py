"""Our fast escaping gives exactly what Django's conditional_escape gives."""

from datetime import date

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st

from ekinerja.markup import esc


@given(st.text())
def test_text_is_escaped_as_django_escapes_it(text):
    assert esc(text) == conditional_escape(text)


@given(st.text())
def test_safe_text_is_left_alone(text):
    safe = mark_safe(text)  # noqa: S308 - what is under test
    assert esc(safe) == conditional_escape(safe) == text


def test_numbers_dates_none_and_lazy_translations():
    for value in (0, 12, 3.5, None, date(2026, 5, 13), gettext_lazy("Tutup <x>"), "a\"b'c&"):
        assert esc(value) == conditional_escape(value), value
