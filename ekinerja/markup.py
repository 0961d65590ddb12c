"""Escaping for markup written in Python on the busiest pages.

Django's `conditional_escape` gives the same result, but through `keep_lazy`'s wrapper, which
looks for lazy arguments on every call; a day page escapes a few hundred values, and the wrapper
cost more than the escaping.
"""

import html


def esc(value) -> str:
    """`value` as HTML text: safe strings as they are, anything else escaped like Django does."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))
