"""The text layer of our PDFs: copy, search and screen readers get the Thai text we laid out.

WeasyPrint 70 gives each glyph one text in /ToUnicode, first come first served, while Thai
shaping draws one glyph for several texts (ำ = nikhahit + า): pdftotext read กำร for การ
(WeasyPrint issue #2841). ita_portal.pdf.text_layer gives every (glyph, text) pair its own code.

The corpus: every Thai consonant with every vowel and tone mark, common words, digits and
check boxes (ita_portal.pdf.text_check.generated_corpus), plus every line of the seed texts
in ../shared/seeds when that folder is there (a warning says when it is not). It goes
through reports/sample_pdf.html and through every report kind and layout; each PDF is
read back by pdftotext (-raw and reading order), pypdf and pdfminer.six and compared
with the text WeasyPrint laid out (ita_portal.pdf.text_check).
"""

import ast
import subprocess
import warnings
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.urls import reverse

from assessments.models import AssessmentYear
from ita_portal.agencies.models import Agency
from ita_portal.pdf import text_layer as pdf_text
from ita_portal.pdf.render import render_document, render_pdf, write_pdf
from ita_portal.pdf.text_check import (
    count_wrong,
    count_wrong_any_order,
    format_report,
    generated_corpus,
    missing_readers,
    same_pixels,
    seed_corpus,
    text_errors,
    thai_syllables,
)
from ita_portal.pdf.text_layer import GlyphSyncError, GlyphTexts, cluster_texts, recode
from reports.documents import report_payload
from reports.text_corpus import REPORT_CASES, report_years, write_report_texts

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"
SAMPLE = "reports/sample_pdf.html"
AGENCY = "thung-ruang-thong"

#: The issue's examples and a few more words whose glyphs WeasyPrint mapped wrong.
WORDS = "การจัดซื้อจัดจ้าง ผู้ ผู้บริหาร น้ำ กำ ต่ำ ดำเนินการ ที่มา ปู่ ญี่ปุ่น ฐาน เกี่ยว"


@pytest.fixture(scope="module", autouse=True)
def readers():
    if missing := missing_readers():
        pytest.fail(f"the PDF text tests need {', '.join(missing)}: "
                    "pip install pypdf pdfminer.six; apt-get install poppler-utils")


@pytest.fixture(scope="module")
def seeds() -> list[str]:
    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        warnings.warn(f"no seed texts in {SEEDS}: the corpus is the generated one only",
                      stacklevel=1)
        return []
    return seed_corpus(SEEDS)


@pytest.fixture
def without_fix(monkeypatch):
    """WeasyPrint's own text layer, as before ita_portal.pdf.text_layer."""
    monkeypatch.setattr(pdf_text, "ENABLED", False)


def render(template=SAMPLE, context=None, **kwargs):
    """(document, pdf bytes) the way render_pdf makes them."""
    kwargs.setdefault("title", "ทดสอบ")
    kwargs.setdefault("author", "องค์การบริหารส่วนตำบลทดสอบ")
    document = render_document(template, context or {}, **kwargs)
    return document, write_pdf(document)


def assert_no_wrong_characters(document, pdf, **kwargs):
    results = text_errors(document, pdf, **kwargs)
    assert all(r.characters for r in results.values())
    assert not any(r.errors for r in results.values()), format_report(results)


def pdftotext(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "x.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout


# -- WeasyPrint alone gets it wrong, and the check sees it --------------------------------


def test_weasyprint_alone_copies_wrong_thai(without_fix, tmp_path):
    document, pdf = render(context={"note": WORDS})
    text = " ".join(pdftotext(pdf, tmp_path).split())
    assert WORDS not in text  # e.g. ดาเนินการ, นา for น้ำ
    results = text_errors(document, pdf)
    assert all(r.errors > 0 for r in results.values()), format_report(results)


def test_the_fix_copies_right_thai(tmp_path):
    document, pdf = render(context={"note": WORDS, "heading": WORDS})
    assert WORDS in " ".join(pdftotext(pdf, tmp_path).split())
    assert_no_wrong_characters(document, pdf)


def test_render_pdf_and_the_download_view_go_through_the_fix(demo, client, login, tmp_path):
    # render_pdf is the one path (views, render_report, bench): it writes with the fix.
    pdf = render_pdf(SAMPLE, {"note": WORDS}, title="t", author="a")
    assert WORDS in " ".join(pdftotext(pdf, tmp_path).split())
    login("demo_palad")
    response = client.get(reverse("reports:report_pdf", args=[AGENCY, 2567, "plan"]))
    text = "".join(pdftotext(b"".join(response.streaming_content), tmp_path).split())
    assert "ผู้รับผิดชอบ" in text and "ระยะเวลาดำเนินการ" in text and "การกำกับติดตาม" in text


def test_no_other_code_writes_pdfs_with_weasyprint():
    # Document.write_pdf() is called in one place, ita_portal.pdf.render.write_pdf, inside the fix.
    root = Path(settings.BASE_DIR)
    callers = [
        str(path.relative_to(root))
        for package in ("ita_portal", "assessments", "measures", "reports")
        for path in sorted((root / package).rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        and node.func.attr == "write_pdf"
    ]
    assert callers == ["ita_portal/pdf/render.py"]


# -- the corpus -------------------------------------------------------------------------


def test_generated_corpus_has_every_consonant_vowel_and_tone():
    syllables = set(thai_syllables())
    assert {"ก", "กี่", "กุ้", "ก่ำ", "ป้ำ", "เก๋", "ไก่", "เกี่ย", "ก์", "ฮู๋"} <= syllables
    text = "".join(generated_corpus())
    for ch in "ฤฦๅฯๆ๐๙฿☐☑☒":
        assert ch in text


def test_corpus_as_table_rows(seeds):
    corpus = generated_corpus() + seeds
    rows = [{"no": i, "name": line, "score": "1.00", "done": i % 2}
            for i, line in enumerate(corpus, start=1)]
    document, pdf = render(context={"rows": rows})
    assert_no_wrong_characters(document, pdf)


def test_corpus_as_paragraph_and_bold_heading_in_reading_order(seeds):
    # One column of text: pdftotext's reading order must match too, character for
    # character (bold Sarabun nudges stacked marks right of the next letter).
    generated = " ".join(generated_corpus())
    document, pdf = render(context={"heading": generated, "note": " ".join([generated, *seeds])},
                           thai_digits=True)
    assert_no_wrong_characters(document, pdf)


@pytest.mark.parametrize(("kind", "layout"), REPORT_CASES)
def test_corpus_through_every_report_kind_and_layout(demo, seeds, kind, layout):
    agency = Agency.objects.get(code=AGENCY)
    n = REPORT_CASES.index((kind, layout))
    write_report_texts(agency, kind, layout, generated_corpus() + seeds[n::len(REPORT_CASES)])
    document = report_payload(agency, report_years(agency)[kind], kind, layout=layout)
    laid_out, pdf = render(document["template"], document, title=document["title"],
                           landscape=document["landscape"], thai_digits=bool(n % 2))
    # pdftotext's reading order runs across table cells: its characters must all be
    # right, in any order; the other readers follow the content stream, in order.
    assert_no_wrong_characters(laid_out, pdf, any_order=("pdftotext",))


@pytest.mark.parametrize(("kind", "layout"), REPORT_CASES)
def test_demo_reports_as_they_are(demo, kind, layout):
    agency = Agency.objects.get(code=AGENCY)
    year = AssessmentYear.objects.get(year=2566 if kind == "analysis" else 2567)
    document = report_payload(agency, year, kind, layout=layout)
    laid_out, pdf = render(document["template"], document, title=document["title"],
                           landscape=document["landscape"])
    assert_no_wrong_characters(laid_out, pdf, any_order=("pdftotext",))


def test_characters_no_font_has_keep_every_reader_right():
    # WeasyPrint gives such a font an /Encoding CMap stream that pypdf and pdfminer.six
    # cannot read (every character of the font came out as garbage); the fix keeps
    # Identity-H and sends those codes to .notdef through the CIDToGIDMap.
    document, pdf = render(context={"note": f"{WORDS} रु 😀 {WORDS}"})
    assert b"WP-Encod" not in pdf
    assert_no_wrong_characters(document, pdf)


# -- the pages look exactly as before ------------------------------------------------------


@pytest.mark.parametrize("thai_digits", [False, True])
def test_pages_are_pixel_identical_with_and_without_the_fix(monkeypatch, thai_digits):
    text = " ".join(generated_corpus()[:40])
    context = {"heading": text, "note": f"{text} रु 😀",
               "rows": [{"no": 1, "name": text, "score": "9.5", "done": True}]}
    monkeypatch.setattr(pdf_text, "ENABLED", False)
    _, before = render(context=context, thai_digits=thai_digits)
    monkeypatch.setattr(pdf_text, "ENABLED", True)
    _, after = render(context=context, thai_digits=thai_digits)
    assert before != after  # the text layer did change
    same, pages = same_pixels(before, after)
    assert pages >= 2
    assert same == pages


def test_report_pages_are_pixel_identical(demo, monkeypatch):
    agency = Agency.objects.get(code=AGENCY)
    document = report_payload(agency, AssessmentYear.objects.get(year=2567), "progress",
                            layout="readiness")
    pdfs = []
    for enabled in (False, True):
        monkeypatch.setattr(pdf_text, "ENABLED", enabled)
        pdfs.append(render(document["template"], document, title=document["title"],
                           landscape=document["landscape"])[1])
    same, pages = same_pixels(*pdfs)
    assert same == pages


# -- the pieces ----------------------------------------------------------------------------


def test_marks_read_with_their_base():
    assert cluster_texts(["ท", "ี", "่", "ม", "า"]) == ["ที่", "", "", "ม", "า"]
    assert cluster_texts(["น", "", "", "้ำ"]) == ["น", "", "", "้ำ"]  # ำ is not a mark
    assert cluster_texts(["่", "ก"]) == ["่", "ก"]  # nothing to sit on: keeps its text
    assert "".join(cluster_texts(list("ผู้ใหญ่ ปั๊ม"))) == "ผู้ใหญ่ ปั๊ม"
    assert cluster_texts(["ب", "ِ", "ح"]) == ["ب", "ِ", "ح"]  # right to left: left alone


class FakeFont:
    glyph_count = 100
    family = "Test"

    def __init__(self):
        self.missing = {}


def test_each_glyph_and_text_gets_one_code():
    texts = GlyphTexts(FakeFont())
    assert 7 not in texts  # WeasyPrint must always hand over the text
    assert texts.code_for(7, "า") == 7
    assert texts.code_for(7, "่ำ") == 100  # same glyph, other text: a new code
    assert texts.code_for(7, "า") == 7
    assert texts.code_for(8, "") == 8
    assert texts.code_for(8, "ที่") == 101
    assert dict(texts) == {7: "า", 100: "่ำ", 8: "", 101: "ที่"}
    assert texts.glyph_of == {100: 7, 101: 8}
    cid_to_gid = texts.cid_to_gid_map()
    assert len(cid_to_gid) == 2 * 102
    assert cid_to_gid[2 * 7:2 * 9] == bytes([0, 7, 0, 8])  # identity below the extra codes
    assert cid_to_gid[2 * 100:] == bytes([0, 7, 0, 8])


def test_codes_skip_stand_ins_for_missing_characters():
    font = FakeFont()
    font.missing = {0x1F600: 100}
    texts = GlyphTexts(font)
    texts.code_for(100, "😀")
    assert texts.code_for(3, "a") == 3
    assert texts.code_for(3, "b") == 101
    assert texts.cid_to_gid_map()[2 * 100:] == bytes([0, 0, 0, 3])  # 100 shows .notdef


def test_recode_replaces_glyph_ids_and_checks_them():
    glyph_ids, codes = [5, 7, 8, 7], [5, 7, 101, 100]
    assert recode(b"[<0005>] TJ", glyph_ids, codes) == (b"[<0005>] TJ", 1)
    assert recode(b"[<0007>-12<00080007>] TJ", glyph_ids, codes, 1) == (
        b"[<0007>-12<00650064>] TJ", 4)
    with pytest.raises(GlyphSyncError):
        recode(b"[<0009>] TJ", [7], [7])
    with pytest.raises(GlyphSyncError):
        recode(b"[<00070008>] TJ", [7], [7])


def test_a_line_out_of_step_is_logged_and_left_as_drawn(caplog):
    stream = SimpleNamespace(stream=[b"[<0009>] TJ"])
    texts = GlyphTexts(FakeFont())
    texts.code_for(7, "า")
    line = pdf_text._Line()
    line.glyphs.append((texts, 7, "ำ"))  # code 100: the line has to be rewritten
    line.strings.append((stream, 0))
    pdf_text._finish_line(line)
    assert stream.stream == [b"[<0009>] TJ"]
    assert "out of step" in caplog.text


def test_wrong_characters_are_counted_and_moves_are_not():
    assert count_wrong("การจัดซื้อ", "การจัดซื้อ") == 0
    assert count_wrong("การ", "กำร") == 1
    assert count_wrong("ที่มา", "ทีม่า") == 2
    chart = "ตัวชี้วัดที่1การปฏิบัติหน้าที่"  # a block (an SVG chart) drawn after the text
    assert count_wrong(f"ก่อน{chart}หลัง", f"ก่อนหลัง{chart}") == 0
    assert count_wrong("abXYcd", "abcdXY") == 4  # shorter runs are wrong characters
    assert count_wrong_any_order("ผู้รับผิดชอบ", "ชอบผู้รับผิด") == 0
    assert count_wrong_any_order("การ", "กำร") == 1
