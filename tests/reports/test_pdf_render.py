"""ita_portal.pdf.render.render_pdf: fonts, metadata, page sizes, repeated headers, check boxes.

The Thai text layer itself is tested in test_pdf_text.py; checks here use ASCII, digits,
check boxes and simple Thai words.
"""

import pytest

from ita_portal.pdf.render import pdf_response, render_html, render_pdf

from .conftest import compact, sample_rows

TITLE = "รายงานผลการประเมิน ITA ปี 2568"
AGENCY = "องค์การบริหารส่วนตำบลทุ่งรวงทอง"
SAMPLE = "reports/sample_pdf.html"


def render(context=None, **kwargs):
    kwargs.setdefault("title", TITLE)
    kwargs.setdefault("author", AGENCY)
    return render_pdf(SAMPLE, context or {}, **kwargs)


def test_sample_pdf_embeds_sarabun_and_carries_title_author_and_language(as_pdf):
    pdf = as_pdf(render({"rows": sample_rows(5)}))

    fonts = pdf.fonts()
    sarabun = [f for f in fonts if "Sarabun" in f["name"]]
    assert sarabun, fonts
    assert all(f["emb"] == "yes" for f in sarabun)
    # Only our fonts: Sarabun (text) and DejaVu Sans (check boxes), all embedded.
    assert all(f["emb"] == "yes" for f in fonts), fonts
    info = pdf.info()
    assert info["Title"] == TITLE
    assert info["Author"] == AGENCY
    assert b"/Lang (th)" in pdf.objects()


def test_html_has_lang_th_and_metadata_elements():
    html = render_html(SAMPLE, {}, title=TITLE, author=AGENCY)
    assert html.lstrip().startswith("<!DOCTYPE html>")
    assert '<html lang="th">' in html
    assert f"<title>{TITLE}</title>" in html


@pytest.mark.parametrize(
    ("landscape", "size"),
    [(False, "595.276 x 841.89 pts (A4)"), (True, "841.89 x 595.276 pts (A4)")],
)
def test_page_size_is_a4_portrait_or_landscape(as_pdf, landscape, size):
    pdf = as_pdf(render({"rows": sample_rows(3)}, landscape=landscape))
    assert pdf.info()["Page size"] == size


def test_table_header_is_repeated_on_every_page(as_pdf):
    pdf = as_pdf(render({"rows": sample_rows(200)}))
    pages = pdf.pages()
    assert pages >= 4
    for page in range(1, pages + 1):
        assert "HEADER-COL" in pdf.text(page), f"header missing on page {page}"
    # Every row made it, in order, and the page number from page 2 on ("- 2 -").
    text = pdf.text()
    assert "ตัวชี้วัดที่ 200 " in text
    assert "-2-" in compact(pdf.text(2, layout=True))
    assert "-1-" not in compact(pdf.text(1, layout=True))


def test_checkboxes_come_out_as_text_in_an_embedded_font(as_pdf):
    pdf = as_pdf(render({"rows": sample_rows(4)}))
    text = pdf.text()
    assert "☑" in text
    assert "☐" in text
    dejavu = [f for f in pdf.fonts() if "DejaVu" in f["name"]]
    assert dejavu, "the check boxes are drawn with DejaVu Sans (fonts-dejavu-core)"
    assert all(f["emb"] == "yes" for f in dejavu)


def test_cover_page_has_agency_place_and_year_and_no_page_number(as_pdf):
    cover = {
        "title": "รายงาน ITA COVER-TITLE",
        "agency": "อบต. ABC",
        "district": "เมือง",
        "province": "ลำปาง",
        "fiscal_year": 2568,
    }
    pdf = as_pdf(render({"cover": cover, "rows": sample_rows(3)}))
    first = pdf.text(1)
    assert "COVER-TITLE" in first
    assert "ABC" in first
    assert "2568" in first
    assert "HEADER-COL" not in first
    assert "-2-" in compact(pdf.text(2, layout=True))


def test_pdf_response_sends_thai_filename_rfc5987():
    response = pdf_response(b"%PDF-1.7 fake", "รายงาน ITA 2568.pdf")
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%E0%B8%A3" in disposition
    assert b"".join(response.streaming_content) == b"%PDF-1.7 fake"

    inline = pdf_response(b"%PDF", "a.pdf", as_attachment=False)
    assert inline["Content-Disposition"].startswith("inline;")


def test_full_garbage_collections_are_rarer_only_while_rendering(monkeypatch):
    import gc

    from weasyprint import HTML

    from ita_portal.pdf import render as pdf_module

    before = gc.get_threshold()
    seen = []
    real_render = HTML.render

    def spy(self, *args, **kwargs):
        seen.append(gc.get_threshold())
        return real_render(self, *args, **kwargs)

    monkeypatch.setattr(HTML, "render", spy)
    render({"rows": sample_rows(2)})
    assert seen == [(before[0], before[1], pdf_module.FULL_COLLECTION_EVERY)]
    assert gc.get_threshold() == before

    # Overlapping renders (threads) share the setting; the last one out restores it.
    outer = pdf_module.fewer_full_collections()
    outer.__enter__()
    with pytest.raises(RuntimeError), pdf_module.fewer_full_collections():
        raise RuntimeError
    assert gc.get_threshold()[2] == pdf_module.FULL_COLLECTION_EVERY
    outer.__exit__(None, None, None)
    assert gc.get_threshold() == before
