"""The SVG chart helper behind /stats: round axes, escaped text, one bar per value."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from paperwire.lib.svg_charts import Bar, bar_chart, column_chart, nice_scale

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    ("value", "scale"),
    [(0, (1.0, 1)), (3, (1.0, 3)), (6, (2.0, 3)), (50, (10.0, 5)), (51, (20.0, 3)), (760, (200.0, 4))],
)
def test_it_picks_round_axis_steps(value: float, scale: tuple[float, int]) -> None:
    assert nice_scale(value) == scale


def test_it_draws_one_bar_per_value_with_round_tick_labels() -> None:
    bars = [Bar(f"d{n}", value, f"day {n}: {value} papers") for n, value in enumerate([0, 12, 50, 7])]

    svg = ET.fromstring(  # noqa: S314 - markup we just generated
        column_chart(bars, title="Papers", description="Four days", x_label="Day", y_label="Papers")
    )

    rects = svg.findall(f"{SVG}rect")
    assert [r.findtext(f"{SVG}title") for r in rects] == [b.tooltip for b in bars]
    heights = [float(r.get("height", "0")) for r in rects]
    assert heights[0] == 0 and heights[2] == max(heights) and heights[1] < heights[2]
    ticks = [t.text for t in svg.findall(f"{SVG}text[@class='tick']")]
    assert ticks[:6] == ["0", "10", "20", "30", "40", "50"]


def test_it_escapes_every_label() -> None:
    markup = bar_chart(
        [Bar("<script>x</script>", 2.5, 'a "quoted" & <b>bold</b> tooltip')],
        title="<b>Rising</b>",
        description="A & B",
        x_label="x < y",
    )

    assert "<script>" not in markup and "<b>" not in markup
    svg = ET.fromstring(markup)  # noqa: S314 - markup we just generated
    assert svg.findtext(f"{SVG}title") == "<b>Rising</b>"
    assert svg.findtext(f"{SVG}desc") == "A & B"
    assert svg.find(f"{SVG}rect").findtext(f"{SVG}title") == 'a "quoted" & <b>bold</b> tooltip'  # type: ignore[union-attr]


def test_it_draws_an_empty_chart_without_failing() -> None:
    svg = ET.fromstring(  # noqa: S314 - markup we just generated
        column_chart([], title="Nothing", description="No data", x_label="Day", y_label="Papers")
    )

    assert svg.findall(f"{SVG}rect") == []
    assert svg.findtext(f"{SVG}title") == "Nothing"
