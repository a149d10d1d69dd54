"""The indicator bar chart: plain SVG whose geometry follows the scores (no database)."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal as D

import pytest

from assessments.charts import ChartBar, indicator_chart_svg

NS = {"svg": "http://www.w3.org/2000/svg"}
BLUE, ORANGE, GREY = "#0d6efd", "#fd7e14", "#adb5bd"
THAI = re.compile("[\u0e00-\u0e7f]")

NAMES = [
    "การปฏิบัติหน้าที่",
    "การใช้งบประมาณ",
    "การใช้อำนาจ",
    "การใช้ทรัพย์สินของราชการ",
    "การแก้ไขปัญหาการทุจริต",
    "คุณภาพการดำเนินงาน",
    "ประสิทธิภาพการสื่อสาร",
    "การปรับปรุงระบบการทำงาน",
    "การเปิดเผยข้อมูล",
    "การป้องกันการทุจริต",
]


def make_bars(current, previous=None):
    previous = previous or [None] * len(current)
    return [
        ChartBar(
            number=i + 1,
            name=NAMES[i % len(NAMES)],
            current=None if c is None else D(c),
            previous=None if p is None else D(p),
        )
        for i, (c, p) in enumerate(zip(current, previous, strict=True))
    ]


def render(bars, previous_label="ปี 2567", **kwargs):
    return indicator_chart_svg(
        bars, current_label="ปี 2568", previous_label=previous_label, **kwargs
    )


def parse(svg):
    return ET.fromstring(svg)  # noqa: S314 (our own output, not untrusted input)


def rects(root, css_class):
    return root.findall(f".//svg:rect[@class='{css_class}']", NS)


def height(rect):
    return float(rect.get("height"))


def bottom(rect):
    return float(rect.get("y")) + float(rect.get("height"))


def test_output_is_a_plain_accessible_svg():
    svg = render(make_bars(["96.50", "80"], ["94", "82"]))
    assert svg.startswith("<svg")
    root = parse(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    assert root.get("width") and root.get("height")
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    title = root.find("svg:title", NS)
    assert title is not None and THAI.search(title.text)
    assert THAI.search(root.get("aria-label"))
    assert "ปี 2568" in title.text and "ปี 2567" in title.text
    # Only plain shapes and text: no script, style, foreignObject, links or event handlers.
    tags = {el.tag.removeprefix("{http://www.w3.org/2000/svg}") for el in root.iter()}
    assert tags <= {"svg", "title", "desc", "rect", "line", "text"}
    attributes = {name for el in root.iter() for name in el.attrib}
    assert not any(name.startswith("on") or "href" in name for name in attributes)
    texts = root.findall(".//svg:text", NS)
    assert texts and all(t.get("font-family") == "Sarabun, sans-serif" for t in texts)


def test_one_current_bar_per_score_with_proportional_heights():
    root = parse(render(make_bars(["100", "50", None, "0", "25.5"], None), previous_label=None))
    bars = rects(root, "bar-current")
    assert len(bars) == 4  # None draws nothing
    full, half, zero, quarter = (height(b) for b in bars)
    assert full > 0
    assert half == pytest.approx(full / 2, abs=0.01)
    assert quarter == pytest.approx(full * 0.255, abs=0.01)
    assert zero == pytest.approx(0, abs=0.01)
    # All bars stand on the same baseline.
    assert len({round(bottom(b), 3) for b in bars}) == 1


def test_value_labels_are_printed_with_two_decimals():
    root = parse(render(make_bars(["96.5", None, "84.995"]), previous_label=None))
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "96.50" in texts
    assert "85.00" in texts  # rounded half up, as NACC publishes scores
    assert len([t for t in texts if t and re.fullmatch(r"\d+\.\d\d", t)]) == 2


def test_previous_bars_shown_with_a_legend_entry():
    svg = render(make_bars(["90", "91", "92"], ["88", None, "95"]))
    root = parse(svg)
    previous = rects(root, "bar-previous")
    assert len(previous) == 2
    assert all(r.get("fill") == GREY for r in previous)
    assert height(previous[1]) > height(previous[0])
    legend = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    # In the order of the bars: last year (left of each pair) before this year.
    assert legend.index("ปี 2567") < legend.index("ปี 2568")
    assert any("ต่ำกว่าเกณฑ์" in (t or "") for t in legend)


@pytest.mark.parametrize(
    ("previous", "previous_label"),
    [(["88", "89"], None), ([None, None], "ปี 2567")],
)
def test_previous_bars_and_legend_left_out(previous, previous_label):
    root = parse(render(make_bars(["90", "91"], previous), previous_label=previous_label))
    assert rects(root, "bar-previous") == []
    assert GREY not in ET.tostring(root, encoding="unicode")
    assert "ปี 2567" not in ET.tostring(root, encoding="unicode")


def test_bars_under_the_pass_mark_are_orange():
    root = parse(render(make_bars(["84.99", "85", "100", "12.34", "84.995"])))
    fills = [r.get("fill") for r in rects(root, "bar-current")]
    # 84.995 is published as 85.00, which passes.
    assert fills == [ORANGE, BLUE, BLUE, ORANGE, BLUE]
    tip = rects(root, "bar-current")[0].find("svg:title", NS).text
    assert "ต่ำกว่าเกณฑ์" in tip and "84.99" in tip


def test_pass_mark_line_sits_at_85_on_the_axis():
    root = parse(render(make_bars(["100", "85", "0"]), previous_label=None))
    full, at_mark, zero = rects(root, "bar-current")
    line = root.find(".//svg:line[@class='pass-mark']", NS)
    assert line.get("stroke-dasharray")
    assert float(line.get("y1")) == float(line.get("y2"))
    axis_zero = bottom(full)
    axis_hundred = float(full.get("y"))
    expected = axis_zero - (axis_zero - axis_hundred) * 0.85
    assert float(line.get("y1")) == pytest.approx(expected, abs=0.01)
    assert float(line.get("y1")) == pytest.approx(float(at_mark.get("y")), abs=0.01)
    labels = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "เกณฑ์ 85" in labels


def test_other_pass_mark():
    root = parse(render(make_bars(["80", "70"]), previous_label=None, pass_mark=D("75")))
    assert [r.get("fill") for r in rects(root, "bar-current")] == [BLUE, ORANGE]
    assert "เกณฑ์ 75" in [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_y_axis_has_gridlines_every_20():
    root = parse(render(make_bars(["50"]), previous_label=None))
    labels = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    for tick in ("0", "20", "40", "60", "80", "100"):
        assert tick in labels
    grid = [line for line in root.findall(".//svg:line", NS) if line.get("class") is None]
    assert len(grid) == 6


def test_x_axis_numbers_one_to_ten():
    bars = make_bars([str(90 - i) for i in range(10)], [str(80 + i) for i in range(10)])
    root = parse(render(bars))
    labels = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    for number in range(1, 11):
        assert str(number) in labels
    assert len(rects(root, "bar-current")) == 10 and len(rects(root, "bar-previous")) == 10
    for name in NAMES:
        assert name in labels  # the key under the chart names every indicator


def test_names_and_labels_are_escaped():
    nasty = 'ตัวชี้วัด <script>alert("x")</script> & "คำพูด" \x07'
    bars = [ChartBar(1, nasty, D("90"), D("80"))]
    svg = indicator_chart_svg(bars, current_label="ปี <b>2568</b> & co", previous_label='"2567"')
    assert "<script" not in svg and "<b>" not in svg
    root = parse(svg)  # still well-formed XML
    assert root.find(".//svg:script", NS) is None
    texts = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert any("<script>" in t and "&" in t for t in texts)
    tip = rects(root, "bar-current")[0].find("svg:title", NS).text
    assert '<script>alert("x")</script> & "คำพูด"' in tip
    assert "ปี <b>2568</b> & co" in root.get("aria-label")
    assert '"2567"' in root.find("svg:title", NS).text


@pytest.mark.parametrize("bad", ["101", "-1", "100.01", "NaN", "Infinity"])
def test_out_of_range_scores_raise(bad):
    with pytest.raises(ValueError):
        render(make_bars([bad]), previous_label=None)
    with pytest.raises(ValueError):
        render(make_bars(["90"], [bad]))


def test_out_of_range_pass_mark_and_empty_input_raise():
    with pytest.raises(ValueError):
        render(make_bars(["90"]), pass_mark=D("101"))
    with pytest.raises(ValueError):
        render([])


def test_output_is_deterministic():
    def build():
        bars = make_bars(["98.12", None, "70.5"], ["95", "60", None])
        return render(bars)

    assert build() == build()
    assert build() != render(make_bars(["98.12", None, "70.6"], ["95", "60", None]))
