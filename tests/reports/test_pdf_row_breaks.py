"""Table rows and page breaks (static/css/pdf.css, issue 10 item 9).

Short rows stay whole on one page. A row marked ``long-text`` starts where it is and
continues on the next page under the repeated header, instead of jumping whole to the
next page and leaving the page before it half empty. A group heading row
(``tr.group-row { break-after: avoid }``, as in the progress report) stays with the start
of the row after it.

The tables here come from a template written by the test, shaped like the report tables
(a number, a wide text column, a period, a result column), on A4 landscape pages.
"""

import re
import subprocess

import pytest

from ita_portal.pdf.render import render_pdf

from .conftest import compact

TEMPLATE = """{% extends "reports/base_pdf.html" %}
{% block extra_head %}<style>tr.group-row { break-after: avoid; }</style>{% endblock %}
{% block content %}
{% if spacer_pt %}<div style="height: {{ spacer_pt }}pt"></div>{% endif %}
{% for paragraph in paragraphs %}<p>{{ paragraph }}</p>{% endfor %}
<table>
  <thead><tr><th style="width:3em">ลำดับ</th><th>HEADCOL มาตรการ</th>
    <th style="width:15%">ระยะเวลา</th><th style="width:25%">ผลการดำเนินการ</th></tr></thead>
  <tbody>
  {% for row in rows %}{% if row.heading %}
    <tr class="group-row"><th colspan="4">{{ row.heading }}</th></tr>{% else %}
    <tr{% if row.long %} class="long-text"{% endif %}><td class="center">{{ row.no }}</td>
      <td class="pre">{{ row.text }}</td><td>{{ row.period }}</td>
      <td class="pre">{{ row.result }}</td></tr>{% endif %}
  {% endfor %}
  </tbody>
</table>
{% endblock %}
"""

# Synthetic Thai sentences (not taken from any published document).
SENTENCES = [
    "จัดประชุมชี้แจงแนวทางการปฏิบัติงานให้แก่บุคลากรทุกกอง",
    "เผยแพร่ข้อมูลผ่านเว็บไซต์หลักของหน่วยงาน",
    "ทบทวนคู่มือการให้บริการประชาชนให้เป็นปัจจุบัน",
    "แต่งตั้งคณะทำงานติดตามผลการดำเนินงานรายไตรมาส",
    "รายงานผลต่อผู้บริหารท้องถิ่นเพื่อพิจารณาสั่งการ",
    "เปิดช่องทางรับฟังความคิดเห็นจากผู้มาติดต่อ",
    "สำรวจความพึงพอใจของผู้รับบริการหลังให้บริการ",
]


def thai(length: int, start: int = 0) -> str:
    """About ``length`` characters of Thai sentences separated by spaces."""
    out, n = [], start
    while sum(len(s) + 1 for s in out) < length:
        out.append(SENTENCES[n % len(SENTENCES)])
        n += 1
    return " ".join(out)


@pytest.fixture
def render_table(tmp_path, settings, as_pdf):
    """render_table(rows, ...) → PdfFile of the test template on A4 landscape."""
    folder = tmp_path / "templates"
    (folder / "tests").mkdir(parents=True)
    (folder / "tests" / "row_breaks.html").write_text(TEMPLATE, encoding="utf-8")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [folder, *settings.TEMPLATES[0]["DIRS"]]}
    ]

    def _render(rows, *, paragraphs=(), spacer_pt=0):
        context = {"rows": rows, "paragraphs": list(paragraphs), "spacer_pt": spacer_pt}
        return as_pdf(
            render_pdf("tests/row_breaks.html", context, title="t", author="a", landscape=True)
        )

    return _render


def page_texts(pdf) -> list[str]:
    return [compact(pdf.text(page)) for page in range(1, pdf.pages() + 1)]


# Page margins of pdf.css, in points: top 2.5 cm, bottom 2 cm.
TOP_MARGIN, BOTTOM_MARGIN = 2.5 / 2.54 * 72, 2 / 2.54 * 72


def text_ends(pdf) -> list[float]:
    """How far down each page's body its lowest text reaches (0 = top, 1 = bottom margin)."""
    out = subprocess.run(  # noqa: S603
        ["pdftotext", "-bbox", str(pdf.path), "-"],  # noqa: S607
        check=True, capture_output=True, text=True,
    ).stdout
    ends = []
    for page in out.split("<page ")[1:]:
        height = float(re.search(r'height="([\d.]+)"', page).group(1))
        lowest = max(float(y) for y in re.findall(r'yMax="([\d.]+)"', page))
        ends.append((lowest - TOP_MARGIN) / (height - TOP_MARGIN - BOTTOM_MARGIN))
    return ends


def pages_with(texts: list[str], marker: str) -> list[int]:
    return [number for number, text in enumerate(texts, start=1) if marker in text]


def long_row(no: int, length: int) -> dict:
    return {
        "no": f"{no}",
        "long": True,
        "text": f"LONGSTART {thai(length)} LONGEND",
        "period": "ต.ค. 2566 – ก.ย. 2567",
        "result": f"RESULTSTART {thai(length // 4, 3)} RESULTEND",
    }


def short_row(no: int, lines: int) -> dict:
    # 1 to 4 lines in the text column, and a result that is shorter or longer than it.
    return {
        "no": f"N{no:03d}",
        "text": f"T{no:03d} {thai(60 * lines, no)}",
        "period": f"P{no:03d} ต.ค. – ก.ย.",
        "result": f"{thai(25 * (5 - lines), no + 2)} R{no:03d}",
    }


# A paragraph of about 40 % of a landscape page before the table.
INTRO = [thai(1000, 1)]


class TestARowTallerThanAPage:
    @pytest.fixture
    def pdf(self, render_table):
        rows = [short_row(1, 2), long_row(2, 6000), short_row(3, 1)]
        return render_table(rows, paragraphs=INTRO)

    def test_it_starts_on_the_page_it_reaches_and_continues(self, pdf):
        texts = page_texts(pdf)
        start, end = pages_with(texts, "LONGSTART"), pages_with(texts, "LONGEND")
        assert start == [1], "the long row jumped to the next page"
        assert end and end[0] >= 2, "the row should be taller than what is left of page 1"
        # The short row after it follows on the page where it ends.
        assert pages_with(texts, "N003") == end

    def test_no_page_is_mostly_empty(self, pdf):
        # Every page but the last is written down to its last lines.
        ends = text_ends(pdf)
        assert len(ends) == pdf.pages()
        for number, end in enumerate(ends[:-1], start=1):
            assert end > 0.9, f"page {number} ends {end:.0%} down its body"

    def test_the_header_is_repeated_on_every_page_it_continues_on(self, pdf):
        texts = page_texts(pdf)
        continued = range(pages_with(texts, "LONGSTART")[0], pages_with(texts, "LONGEND")[0] + 1)
        assert len(continued) >= 3
        for number in continued:
            assert "HEADCOL" in texts[number - 1], f"no header on page {number}"

    def test_its_short_cells_are_on_its_first_page(self, pdf):
        texts = page_texts(pdf)
        assert "ต.ค.2566–ก.ย.2567" in texts[0]
        assert pages_with(texts, "RESULTSTART") == [1]


def test_a_long_row_that_fits_the_space_left_is_not_split(render_table):
    texts = page_texts(render_table([short_row(1, 2), long_row(2, 600)], paragraphs=INTRO))
    assert len(texts) == 1


def test_short_rows_are_never_split(render_table):
    # 90 rows of 1 to 4 lines whose cells end at different heights: several page breaks
    # fall inside a row; each row must move whole to the next page.
    rows = [short_row(no, 1 + no * 7 % 4) for no in range(1, 91)]
    texts = page_texts(render_table(rows, paragraphs=INTRO))
    assert len(texts) >= 4
    for no in range(1, 91):
        markers = [f"N{no:03d}", f"T{no:03d}", f"P{no:03d}", f"R{no:03d}"]
        pages = {page for marker in markers for page in pages_with(texts, marker)}
        assert len(pages) == 1, f"row {no} is split over pages {sorted(pages)}"


@pytest.mark.parametrize("spacer_pt", [375, 390, 399, 408, 414, 423])
def test_a_group_heading_stays_with_the_long_row_it_introduces(render_table, spacer_pt):
    # Spacers that leave the heading at the foot of page 1 with room for a few lines of
    # the row (375, 390), for one line (399, 408) or for none (414, 423): the heading is
    # never alone at the foot of a page. (With orphans 2 the one-line cases left the
    # heading with the row's number only; with every row "avoid", the heading stood alone
    # on page 2 and the row began on page 3.)
    rows = [{"heading": "HEADING ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล"}, long_row(1, 3000)]
    texts = page_texts(render_table(rows, spacer_pt=spacer_pt))
    assert pages_with(texts, "HEADING") == pages_with(texts, "LONGSTART")
