"""Small server-rendered SVG charts: no JavaScript, no CDN, readable by screen readers.

Each function returns SVG markup marked safe for templates; every piece of
text that goes into it is escaped here. Charts carry a ``<title>`` and a
``<desc>`` (referenced by ``aria-labelledby``), axis labels, and a
``<title>`` per bar so hovering (or a screen reader) gives the exact value.
Colours come from the site's CSS variables so dark mode works.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_chart_ids = count(1)


@dataclass(frozen=True)
class Bar:
    label: str  # shown on the axis (may be thinned out)
    value: float
    tooltip: str  # the exact value in words, e.g. "2026-06-01: 12 papers"


def nice_scale(value: float, *, max_ticks: int = 5) -> tuple[float, int]:
    """(step, number of steps) of an axis from 0 to at least ``value``, with a 1-2-5 step and round tick labels."""
    if value <= 0:
        return 1.0, 1
    magnitude = 10 ** math.floor(math.log10(value / max_ticks)) if value >= max_ticks else 1
    for factor in (1, 2, 5, 10, 20, 50):
        step = factor * magnitude
        if math.ceil(value / step) <= max_ticks:
            return float(step), max(1, math.ceil(value / step))
    return float(100 * magnitude), max(1, math.ceil(value / (100 * magnitude)))  # pragma: no cover


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def _ids(prefix: str) -> tuple[str, str]:
    n = next(_chart_ids)
    return f"{prefix}-title-{n}", f"{prefix}-desc-{n}"


def _svg_open(prefix: str, title: str, description: str, width: int, height: int) -> list[str]:
    """The opening of an accessible chart: the svg element, its title and its description."""
    title_id, desc_id = _ids(prefix)
    return [
        f'<svg class="chart" role="img" aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
    ]


def column_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    description: str,
    x_label: str,
    y_label: str,
    width: int = 760,
    height: int = 260,
    max_x_labels: int = 8,
) -> SafeString:
    """Vertical bars over a category or time axis, with a labelled y axis (4 grid lines)."""
    left, right, top, bottom = 56, 12, 12, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    step, steps = nice_scale(max((b.value for b in bars), default=0))
    top_value = step * steps
    parts = _svg_open("chart", title, description, width, height)
    for i in range(steps + 1):
        value = step * i
        y = top + plot_h - plot_h * i / steps
        parts.append(
            f'<line class="grid" x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(_number(value))}</text>'
        )
    if bars:
        slot = plot_w / len(bars)
        gap = min(2.0, slot * 0.2)
        every = max(1, math.ceil(len(bars) / max_x_labels))
        for index, bar in enumerate(bars):
            bar_h = plot_h * max(bar.value, 0) / top_value
            x = left + index * slot
            parts.append(
                f'<rect class="bar" x="{x + gap / 2:.1f}" y="{top + plot_h - bar_h:.1f}" '
                f'width="{max(slot - gap, 0.5):.1f}" height="{bar_h:.1f}"><title>{escape(bar.tooltip)}</title></rect>'
            )
            if index % every == 0:
                parts.append(
                    f'<text class="tick" x="{x + slot / 2:.1f}" y="{top + plot_h + 16}" '
                    f'text-anchor="middle">{escape(bar.label)}</text>'
                )
    parts.append(f'<line class="axis" x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}"/>')
    parts.append(
        f'<text class="axis-label" x="{left + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle">'
        f"{escape(x_label)}</text>"
    )
    parts.append(
        f'<text class="axis-label" transform="translate(14 {top + plot_h / 2:.1f}) rotate(-90)" '
        f'text-anchor="middle">{escape(y_label)}</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    description: str,
    x_label: str,
    width: int = 760,
    row_height: int = 26,
    label_width: int = 200,
) -> SafeString:
    """Horizontal bars, one labelled row each (for ranked lists such as rising categories)."""
    right, top, bottom = 70, 6, 34
    plot_w = width - label_width - right
    height = top + bottom + row_height * max(len(bars), 1)
    step, steps = nice_scale(max((b.value for b in bars), default=0))
    top_value = step * steps
    parts = _svg_open("bars", title, description, width, height)
    for index, bar in enumerate(bars):
        y = top + index * row_height
        bar_w = plot_w * max(bar.value, 0) / top_value
        parts.append(
            f'<text class="tick" x="{label_width - 8}" y="{y + row_height * 0.65:.1f}" text-anchor="end">'
            f"{escape(bar.label)}</text>"
            f'<rect class="bar" x="{label_width}" y="{y + 4}" width="{max(bar_w, 1):.1f}" height="{row_height - 8}">'
            f"<title>{escape(bar.tooltip)}</title></rect>"
            f'<text class="value" x="{label_width + bar_w + 6:.1f}" y="{y + row_height * 0.65:.1f}">'
            f"{escape(_number(bar.value))}</text>"
        )
    axis_y = top + row_height * max(len(bars), 1)
    parts.append(f'<line class="axis" x1="{label_width}" x2="{label_width + plot_w}" y1="{axis_y}" y2="{axis_y}"/>')
    parts.append(
        f'<text class="axis-label" x="{label_width + plot_w / 2:.1f}" y="{height - 8}" text-anchor="middle">'
        f"{escape(x_label)}</text>"
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above
