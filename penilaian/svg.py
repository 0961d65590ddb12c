"""Small bar charts drawn as SVG on the server: the same markup in a page, on a phone and in a
PDF (WeasyPrint draws inline SVG), no JavaScript. Pure: values in, markup out.

    bar_chart([Batang("Staf Data", (62, 20), "62%")], judul="Capaian Mei 2026", maks=100,
              garis=100)

Each bar is a label line above a bar of stacked segments, so long names fit a 360 px phone.
Colours are attributes, not CSS, because a PDF has no page stylesheet to inherit them from.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Bootstrap's success green and a light blue: approved, then submitted.
WARNA = ("#198754", "#9ec5fe", "#ffc107", "#dc3545")
LEBAR = 320
_LABEL = 14  # height of the label line
_BATANG = 12  # height of a bar
_JARAK = 8  # space below each bar
_KANAN = 44  # room for the value text at the end of the bar


@dataclass(frozen=True)
class Batang:
    label: str
    nilai: tuple[float, ...]  # stacked segments, in the chart's unit
    keterangan: str = ""  # written after the bar, e.g. "62%"


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def bar_chart(
    batang: Sequence[Batang],
    *,
    judul: str,
    maks: float | None = None,
    garis: float | None = None,
    warna: Sequence[str] = WARNA,
    lebar: int = LEBAR,
) -> SafeString:
    """A horizontal stacked bar chart scaled to `maks` (default: the longest bar); `garis`
    draws a dashed reference line (a target). An empty list draws the title alone."""
    maks = maks or max((sum(b.nilai) for b in batang), default=0) or 1
    area = lebar - _KANAN
    tinggi = len(batang) * (_LABEL + _BATANG + _JARAK) + 4
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="grafik-batang" viewBox="0 0 {lebar} '
        f'{tinggi}" width="100%" role="img" aria-label="{escape(judul)}" '
        'font-family="Liberation Sans, Arial, sans-serif" font-size="11">',
        f"<title>{escape(judul)}</title>",
    ]
    y = 0
    for item in batang:
        label = escape(item.label)
        out.append(f'<text x="0" y="{y + 11}" fill="#212529">{label}</text>')
        bar_y = y + _LABEL
        out.append(
            f'<rect x="0" y="{bar_y}" width="{area}" height="{_BATANG}" fill="#e9ecef" rx="2"/>'
        )
        x = 0.0
        for i, value in enumerate(item.nilai):
            if value <= 0:
                continue
            w = min(area - x, area * value / maks)
            if w <= 0:
                break
            out.append(
                f'<rect x="{_n(x)}" y="{bar_y}" width="{_n(w)}" height="{_BATANG}" '
                f'fill="{escape(warna[i % len(warna)])}"><title>{label}: {_n(value)}</title></rect>'
            )
            x += w
        if item.keterangan:
            out.append(
                f'<text x="{area + 4}" y="{bar_y + 10}" fill="#212529">'
                f"{escape(item.keterangan)}</text>"
            )
        y += _LABEL + _BATANG + _JARAK
    if garis is not None and batang:
        gx = _n(min(area, area * garis / maks))
        out.append(
            f'<line x1="{gx}" y1="0" x2="{gx}" y2="{tinggi}" stroke="#495057" '
            'stroke-dasharray="3 2" stroke-width="1"/>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 (every value above is escaped or a number)
