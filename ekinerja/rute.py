"""Links to an object's pages, reversed once per process for each route and then filled in.

Lists of dozens of rows (the day's entries, the approval queue, the TPK list) carry a few links
per row, and a `reverse()` per link cost more than everything else shown of the row. Each route
is reversed once with a stand-in for its first argument; a link is the parts around it with the
row's value, quoted as reverse() quotes it.
"""

from urllib.parse import quote

from django.urls import get_script_prefix, reverse

# Digits: any converter this project uses for the first argument (int, str) takes them.
_STAND_IN = "2147483647"
_SAFE = "!$&'()*+,;=/~:@"  # what reverse() leaves unquoted
# (script prefix, route name, the other arguments) -> the URL's parts around the first
_parts: dict[tuple, tuple[str, str]] = {}


def rute(name: str, value, *rest) -> str:
    """reverse(name, args=[value, *rest]), for `value` a pk, a NIP or another plain value."""
    key = (get_script_prefix(), name, rest)
    parts = _parts.get(key)
    if parts is None:
        url = reverse(name, args=[_STAND_IN, *rest])
        before, found, after = url.partition(_STAND_IN)
        if not found:
            raise ValueError(f"{name}: the first argument does not stand as given in {url}")
        parts = _parts[key] = (before, after)
    return f"{parts[0]}{quote(str(value), safe=_SAFE)}{parts[1]}"
