"""The SVG charts: text alternative, gaps, escaping, colours; and their data tables."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

from samplan.stats import charts

SVG = "{http://www.w3.org/2000/svg}"


def _svg(text: str) -> ElementTree.Element:
    return ElementTree.fromstring(text)  # also proves the SVG is well-formed XML


def _labelled_by(root: ElementTree.Element) -> tuple[str, str]:
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    return title.text, desc.text


def test_line_chart_has_title_desc_and_breaks_at_gaps():
    svg = charts.line_chart(
        "Folketall",
        "Fra 851 til 773",
        [charts.Line("Tydal", {"2014": 860.0, "2015": None, "2016": 851.0, "2017": 840.0})],
    )
    root = _svg(svg)

    assert _labelled_by(root) == ("Folketall", "Fra 851 til 773")
    (path,) = root.iter(f"{SVG}path")
    assert path.get("d").count("M") == 2  # the line stops at 2015 and starts again
    assert len(list(root.iter(f"{SVG}circle"))) == 3  # no point is drawn for the gap


def test_the_same_data_gives_the_same_svg():
    line = [charts.Line("A", {"1": 1.0, "2": 2.0})]
    assert charts.line_chart("T", "D", line) == charts.line_chart("T", "D", line)


def test_text_is_escaped():
    svg = charts.bar_chart("<script>x</script>", "a & b", ["<b>"], [("\"'", [1.0])])
    assert "<script>" not in svg and "<b>" not in svg
    _svg(svg)


def test_bar_chart_leaves_a_gap_for_a_missing_value():
    svg = charts.bar_chart(
        "T", "D", ["2023", "2024"], [("Fødte", [5.0, None]), ("Døde", [7.0, 9.0])]
    )
    root = _svg(svg)

    bars = [rect for rect in root.iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None]
    assert len(bars) == 3
    assert any(text.text == "–" for text in root.iter(f"{SVG}text"))


def test_bar_chart_with_negative_values_has_a_zero_line():
    svg = charts.bar_chart("Netto", "D", ["2024"], [("Netto", [-3.0])])
    (bar,) = [r for r in _svg(svg).iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert float(bar.get("height")) > 0


def test_pyramid_has_a_bar_per_group_and_side():
    groups = ["0-5", "6-15", "80+"]
    svg = charts.pyramid("Alder", "D", groups, ("2016", [44, 75, 68]), ("2026", [31, 74, None]))
    root = _svg(svg)

    bars = [rect for rect in root.iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None]
    assert len(bars) == 5
    assert _labelled_by(root)[0] == "Alder"


def test_nothing_to_draw_gives_a_dash_not_a_made_up_line():
    root = _svg(charts.line_chart("T", "D", [charts.Line("A", {"2024": None})]))
    assert list(root.iter(f"{SVG}path")) == []


def test_data_table_for_screen_readers():
    html = charts.data_table("Folketall", ["År", "Innbyggere"], [("2016", 851), ("2017", None)])

    assert "<caption>Folketall</caption>" in html
    assert '<th scope="col">År</th>' in html
    assert '<th scope="row">2016</th><td class="sp-num">851</td>' in html
    assert '<td class="sp-num">–</td>' in html


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("colour", [*charts.COLOURS, charts.TEXT])
def test_colours_have_enough_contrast_on_white(colour):
    assert re.fullmatch(r"#[0-9a-f]{6}", colour)
    assert (1.05) / (_luminance(colour) + 0.05) >= 4.5


def test_gridlines_are_at_round_numbers():
    assert charts._ticks(0, 50) == [0, 10, 20, 30, 40, 50]
    assert charts._ticks(700, 1000) == [700, 800, 900, 1000]
    assert charts._ticks(-5, 20) == [-5, 0, 5, 10, 15, 20]


def test_years_are_spaced_by_their_value():
    svg = charts.line_chart(
        "T", "D", [charts.Line("80+", {"2026": 52.0, "2030": 52.0, "2040": 78.0, "2050": 78.0})]
    )
    xs = [float(c.get("cx")) for c in _svg(svg).iter(f"{SVG}circle")]
    gaps = [b - a for a, b in zip(xs, xs[1:], strict=False)]
    assert gaps[1] == pytest.approx(gaps[0] * 10 / 4, rel=0.01)
    assert gaps[2] == pytest.approx(gaps[1], rel=0.01)
