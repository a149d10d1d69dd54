"""render_pdf(thai_digits=True): ๐–๙ in text only, never in attributes, URLs or CSS."""

from ita_portal.pdf.render import render_html, render_pdf, to_thai_digits

from .conftest import compact, sample_rows, words

LINK = "https://example.go.th/ita/2567?item=15"


def test_text_digits_become_thai_in_the_pdf_but_not_the_link(as_pdf):
    data = render_pdf(
        "reports/sample_pdf.html",
        {"rows": sample_rows(60), "link": LINK, "link_text": "LINK 2567"},
        title="ปี 2567",
        author="อบต. 1",
        thai_digits=True,
    )
    pdf = as_pdf(data)
    text = words(pdf.text())
    assert "ปี ๒๕๖๗ ข้อ ๑.๕" in text
    assert "LINK ๒๕๖๗" in text
    assert "2567" not in text
    assert "ตัวชี้วัดที่ ๖๐ " in text
    # Page numbers use the CSS "thai" counter style; page 1 has none.
    assert "-๒-" in compact(pdf.text(2, layout=True))
    # The link annotation keeps its URL as written.
    assert LINK in pdf.urls()


def test_without_the_option_digits_stay_arabic(as_pdf):
    pdf = as_pdf(render_pdf("reports/sample_pdf.html", {}, title="t", author="a"))
    assert "ปี 2567 ข้อ 1.5" in words(pdf.text())


def test_attributes_css_and_entities_are_untouched():
    html = (
        '<html lang="th"><head><style>@page { margin: 2cm 3cm }</style>'
        "<title>ปี 2568</title></head>"
        '<body><p style="width: 10em" data-x="12">ปี 2567 ข้อ 1.5</p>'
        '<a href="https://x.go.th/a/2567?b=15">ดู 3 รายการ</a>'
        '<img src="data:image/png;base64,iVBORw0KGgo5" alt="รูป 2">'
        "<script>var a = 1;</script><!-- 99 --> &#50;&amp;9</body></html>"
    )
    out = to_thai_digits(html)
    assert "<style>@page { margin: 2cm 3cm }</style>" in out
    assert "<title>ปี ๒๕๖๘</title>" in out
    assert '<p style="width: 10em" data-x="12">ปี ๒๕๖๗ ข้อ ๑.๕</p>' in out
    assert '<a href="https://x.go.th/a/2567?b=15">ดู ๓ รายการ</a>' in out
    # Attribute values (alt text too) are left as they are.
    assert '<img src="data:image/png;base64,iVBORw0KGgo5" alt="รูป 2">' in out
    assert "<script>var a = 1;</script>" in out
    assert "<!-- 99 -->" in out
    assert "&#50;&amp;๙" in out


def test_rewriting_keeps_html_without_digits_byte_for_byte():
    html = render_html("reports/sample_pdf.html", {}, title="ก", author="ข")
    no_digits = html.replace("2567", "").replace("1.5", "")
    assert to_thai_digits(no_digits) == no_digits


def test_thai_is_not_normalised():
    # NFKC would turn ำ (U+0E33) into ํ + า; the rewriter only translates 0–9.
    assert to_thai_digits("<p>การดำเนินงาน 1</p>") == "<p>การดำเนินงาน ๑</p>"


def test_web_addresses_in_text_keep_their_digits():
    html = "<p>ดูข้อ 15 ที่ https://snipboard.io/QUu4Eij.jpg?a=1&amp;b=2 และ www.x9.go.th/o4 วันที่ 12</p>"
    assert to_thai_digits(html) == (
        "<p>ดูข้อ ๑๕ ที่ https://snipboard.io/QUu4Eij.jpg?a=1&amp;b=2 และ www.x9.go.th/o4"
        " วันที่ ๑๒</p>"
    )


def test_elements_marked_translate_no_keep_their_digits():
    html = (
        '<table translate="no"><tr><td>O10</td><td><div>100.00</div><div>12/7/64</div></td>'
        "</tr></table><p>ข้อ 10</p>"
        '<p>ปี 2567 <span translate="no">O1 <span>O2</span> O3</span> ข้อ 4</p>'
    )
    assert to_thai_digits(html) == (
        '<table translate="no"><tr><td>O10</td><td><div>100.00</div><div>12/7/64</div></td>'
        "</tr></table><p>ข้อ ๑๐</p>"
        '<p>ปี ๒๕๖๗ <span translate="no">O1 <span>O2</span> O3</span> ข้อ ๔</p>'
    )
