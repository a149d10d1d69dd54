"""The page-turn words of the PDF engine (ita_portal.pdf.page_turn) and the memo's text
layer as every reader of tests/reports/test_pdf_text.py reads it."""

import pytest
from weasyprint import HTML

from ita_portal.documents.rendering import _options, _template, frozen, render_payload
from ita_portal.pdf import page_turn
from ita_portal.pdf.render import render_document, write_pdf
from ita_portal.pdf.text_check import format_report, missing_readers, text_errors
from tests.memos.test_memo_pdf import memo_payload


@pytest.mark.parametrize(("text", "words"), [
    ("ความเห็นหัวหน้าสำนักปลัด", "ความเห็น"),
    ("คำสั่งนายกองค์การบริหารส่วนตำบลทุ่งรวงทอง", "คำสั่ง"),  # "คำ" alone is too short
    ("จึงเรียนมาเพื่อโปรดพิจารณา", "จึงเรียน"),
    ("๒. ข้อเท็จจริง", "๒. ข้อเท็จจริง"),  # a number is no word on its own
    ("  (นางสาวหัวหน้า   ตัวอย่าง)", "(นางสาว"),
    ("Assessment: ITA) นั้น", "Assessment:"),
    ("ทอง", "ทอง"),
    ("", ""),
])
def test_first_words(text, words):
    assert page_turn.first_words(text) == words


def test_stylesheet_puts_each_turn_on_its_page_and_escapes_quotes():
    css = page_turn.stylesheet(["ความเห็น", "", 'a"b\\c'])
    assert css.splitlines() == [
        '@page :nth(1) { @bottom-right { content: "/ความเห็น..."; } }',
        '@page :nth(3) { @bottom-right { content: "/a\\22 b\\5c c..."; } }',
    ]


def test_only_documents_with_the_meta_ask():
    asks = HTML(string='<html><head><meta name="page-turn"></head><body>x</body></html>')
    silent = HTML(string='<html><head><meta name="author" content="x"></head></html>')
    assert page_turn.wanted(asks.etree_element)
    assert not page_turn.wanted(silent.etree_element)


@pytest.fixture
def layouts(monkeypatch):
    """How many times WeasyPrint laid a document out."""
    calls = []
    original = HTML.render

    def counting(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(HTML, "render", counting)
    return calls


def test_second_layout_only_for_a_memo_of_several_pages(layouts):
    assert render_payload(memo_payload(1)).page_count == 1
    assert len(layouts) == 1
    assert render_payload(memo_payload(3)).page_count == 2
    assert len(layouts) == 3


def test_documents_without_the_meta_are_laid_out_once(layouts):
    rows = [{"no": i, "name": f"ตัวชี้วัดที่ {i}", "score": "1.50", "done": True}
            for i in range(1, 120)]
    document = render_document("reports/sample_pdf.html", {"rows": rows},
                               title="ทดสอบ", author="ทดสอบ")
    assert len(document.pages) > 1
    assert len(layouts) == 1


def test_second_layout_breaks_the_pages_where_the_first_did(monkeypatch):
    data = frozen(memo_payload(5, long_body=True))
    final = render_document(_template(data), data, **_options(data))
    monkeypatch.setattr(page_turn, "wanted", lambda root: False)
    first = render_document(_template(data), data, **_options(data))

    def page_starts(document):
        return [page_turn._first_line_text(page._page_box) for page in document.pages]

    assert len(final.pages) == len(first.pages) == 3
    assert page_starts(final) == page_starts(first)
    assert page_turn.next_page_words(first) == ["ประเมิน", "ความเห็น"]


def test_memo_text_layer_reads_right_in_every_reader():
    if missing := missing_readers():
        pytest.fail(f"the PDF text tests need {', '.join(missing)}")
    data = frozen(memo_payload(5, long_body=True, draft=True))
    document = render_document(_template(data), data, **_options(data))
    report = text_errors(document, write_pdf(document), any_order=("pdftotext",))
    assert all(result.errors == 0 for result in report.values()), format_report(report)
