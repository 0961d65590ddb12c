"""Markup rendered once per variant and reused, with each request's values filled into slots.

A few fragments repeat on the busiest pages: the navbar on every page, an entry card several
times on each day page. Django's template engine spent more on them than the pages spent on
everything else, though they differ from one use to the next only in a few values. A `Stempel`
renders its template once per language, URL prefix and variant, with a private-use token where
each value goes (`{{ s.name }}`), and afterwards only joins the pieces with the values, escaped.
The markup stays in the template, where whoever changes it looks.

The variant is everything else the markup depends on (a status, a set of roles); it must be a
small set of values, as each one is kept for the life of the process. Which slots are empty is
part of the variant too, so `{% if s.name %}` works in the template.
"""

from collections.abc import Mapping
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from ekinerja.markup import esc

# Private use: never in a translation, a URL or our markup, so a slot cannot be mistaken.
_MARK = "\ue000"
# A guard against a variant that turns out not to be small: start over rather than grow.
_MAX_VARIANTS = 512


class Stempel:
    def __init__(self, template_name: str, slots: tuple[str, ...], variant_name: str | None = "v"):
        self.template_name = template_name
        self.slots = slots
        self.variant_name = variant_name
        self._tokens = {name: f"{_MARK}{name}{_MARK}" for name in slots}
        self._pieces: dict[tuple, list[str]] = {}

    def render(self, variant: Mapping[str, Any], values: Mapping[str, Any]) -> SafeString:
        """The markup for `variant` with `values` (one per slot) escaped into the slots."""
        empty = frozenset(name for name in self.slots if values[name] in ("", None))
        key = (get_language(), get_script_prefix(), tuple(variant.items()), empty)
        pieces = self._pieces.get(key)
        if pieces is None:
            pieces = self._compile(variant, empty)
            if len(self._pieces) >= _MAX_VARIANTS:
                self._pieces.clear()
            self._pieces[key] = pieces
        out = pieces.copy()
        # Odd pieces are slot names: the markup split on the marks around each token.
        for i in range(1, len(out), 2):
            value = values[out[i]]
            out[i] = "" if value is None else esc(value)
        return mark_safe("".join(out))  # noqa: S308 - our template's markup; every value escaped

    def _compile(self, variant: Mapping[str, Any], empty: frozenset) -> list[str]:
        tokens = {name: "" if name in empty else token for name, token in self._tokens.items()}
        # A variant may carry someone's input (an error message quoting it): without the mark.
        variant = {name: _unmarked(value) for name, value in variant.items()}
        context = variant if self.variant_name is None else {self.variant_name: variant}
        html = render_to_string(
            self.template_name, {**context, "s": tokens, "csrf_token": tokens.get("csrf")}
        )
        pieces = html.split(_MARK)
        unknown = set(pieces[1::2]) - set(self.slots)
        if len(pieces) % 2 == 0 or unknown:
            raise ValueError(f"{self.template_name}: a slot's mark was cut ({unknown or 'odd'})")
        return pieces


def _unmarked(value):
    if isinstance(value, str):
        return value.replace(_MARK, "\ufffd")
    if isinstance(value, tuple):
        return tuple(_unmarked(v) for v in value)
    return value


def csrf_token(context) -> str:
    """The request's CSRF token for a `csrf` slot: what `{% csrf_token %}` would put in."""
    token = context.get("csrf_token")
    # Django's marker for "no request, no token", as the tag treats it.
    return "" if not token or token == "NOTPROVIDED" else token  # noqa: S105


register = template.Library()
_fixed: dict[str, Stempel] = {}


@register.simple_tag
def stempel(template_name: str, **variant) -> str:
    """`{% stempel "x.html" aktif="hari" %}`: an include of markup that depends on nothing but
    its arguments and the language, rendered once for each and kept."""
    kept = _fixed.get(template_name)
    if kept is None:
        kept = _fixed[template_name] = Stempel(template_name, slots=(), variant_name=None)
    return kept.render(variant, {})
