"""The official memo (บันทึกข้อความ) as a PDF: templates/memos/memo.html from hand-built
payloads of schema 1, read back through the PDF's text layer (pdftotext)."""

import base64
import copy
import datetime
import io
import re
import subprocess

import pytest
from PIL import Image

from ita_portal.documents.rendering import payload_html, render_payload
from tests.reports.conftest import compact, words

AGENCY = "องค์การบริหารส่วนตำบลทุ่งรวงทอง"
NAYOK = "นายกองค์การบริหารส่วนตำบลทุ่งรวงทอง"
PALAD = "ปลัดองค์การบริหารส่วนตำบลทุ่งรวงทอง"

OPINION_CHOICES = ["เพื่อโปรดทราบ", "เพื่อโปรดพิจารณาอนุมัติ", "อื่น ๆ"]
DECISION_CHOICES = ["อนุมัติ", "ไม่อนุมัติ", "อื่น ๆ"]

#: (heading, name, position) of the opinions, in the order of the chain; the decision
#: of the นายก comes last.
OPINIONS = [
    ("ความเห็นหัวหน้าสำนักปลัด", "นางสาวหัวหน้า ตัวอย่าง", "หัวหน้าสำนักปลัด"),
    (f"ความเห็น{PALAD}", "นายปลัด ทุ่งรวงทอง", PALAD),
    ("ความเห็นผู้อำนวยการกองคลัง", "นางกองคลัง มั่นคง", "ผู้อำนวยการกองคลัง"),
    ("ความเห็นรองนายกองค์การบริหารส่วนตำบลทุ่งรวงทอง", "นายรองนายก ใจงาม",
     "รองนายกองค์การบริหารส่วนตำบลทุ่งรวงทอง"),
]
DECISION = (f"คำสั่ง{NAYOK}", "นายนายก ทุ่งรวงทอง", NAYOK)

SCORES = [
    ["แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)", "คะแนนรวม 97.82 คะแนน"],
    ["แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)", "คะแนนรวม 94.96 คะแนน"],
    ["แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT)", "คะแนนรวม 98.75 คะแนน"],
]

LONG_PARAGRAPH = (
    "ตามประกาศสำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ เรื่อง "
    "ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ ประจำปีงบประมาณ "
    "พ.ศ. 2568 ได้พัฒนาเครื่องมือการประเมินเชิงบวก เพื่อเป็นมาตรการป้องกันการทุจริต "
    "และเป็นกลไกในการสร้างความตระหนักให้หน่วยงานภาครัฐมีการดำเนินงานอย่างโปร่งใส "
    "และมีคุณธรรม โดยใช้ชื่อว่า การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
    "(Integrity and Transparency Assessment: ITA) นั้น"
)


def make_step(heading, name, position, *, kind="opinion", choice=None, note="", date=None,
              acting="", acting_for="", signature=None) -> dict:
    return {
        "heading": heading,
        "kind": kind,
        "choices": list(OPINION_CHOICES if kind == "opinion" else DECISION_CHOICES),
        "choice": choice,
        "note": note,
        "name": name,
        "position": position,
        "acting": acting,
        "acting_for": acting_for,
        "date": date,
        "signature": signature,
    }


def memo_payload(steps: int = 3, *, long_body: bool = False, draft: bool = True,
                 acted: int | None = None, number: int | None = None,
                 date: str | None = None, numbered: bool = True) -> dict:
    """A memo payload (schema 1) with ``steps`` blocks: ``steps - 1`` opinions then the
    นายก's decision. The first ``acted`` blocks (all by default) have acted, dated from
    16 January 2025 on; the second is signed by a deputy (รักษาราชการแทน)."""
    acted = steps if acted is None else acted
    chain = [*OPINIONS[: steps - 1], DECISION]
    blocks = []
    for index, (heading, name, position) in enumerate(chain):
        kind = "decision" if index == len(chain) - 1 else "opinion"
        done = index < acted
        step = make_step(heading, name, position, kind=kind)
        if done:
            step["choice"] = "อนุมัติ" if kind == "decision" else "เพื่อโปรดพิจารณาอนุมัติ"
            step["note"] = "เห็นควรนำเสนอ" if index == 0 else ""
            step["date"] = f"2025-01-{16 + index:02d}"
        if index == 1 and kind == "opinion":
            step["name"] = "นางรองปลัด ทำแทน"
            step["position"] = "รองปลัดองค์การบริหารส่วนตำบลทุ่งรวงทอง"
            step["acting"] = "รักษาราชการแทน"
            step["acting_for"] = PALAD
        blocks.append(step)
    paragraphs = [LONG_PARAGRAPH] * (6 if long_body else 1)
    return copy.deepcopy({
        "schema": 1,
        "template": "memos/memo.html",
        "kind": "memo",
        "title": "บันทึกข้อความ เรื่อง รายงานผลการวิเคราะห์ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2568",
        "filename": "บันทึกข้อความ-ทุ่งรวงทอง-2568-analysis.pdf",
        "author": AGENCY,
        "landscape": False,
        "thai_digits": True,
        "draft": draft,
        "emblem": None,
        "agency": {"code": "tung-ruang-thong", "name": AGENCY},
        "year": 2568,
        "header": {
            "unit": f"สำนักปลัด {AGENCY}",
            "phone": "0 7712 3456",
            "reference": "สฎ 75101",
            "number": number,
            "date": date,
            "subject": "รายงานผลการวิเคราะห์ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2568",
            "salutation": NAYOK,
        },
        "body": {
            "numbered": numbered,
            "sections": [
                {"heading": "เรื่องเดิม", "paragraphs": paragraphs, "table": []},
                {"heading": "ข้อเท็จจริง",
                 "paragraphs": ["สำนักปลัดได้วิเคราะห์ผลการประเมินของหน่วยงาน "
                                "ได้คะแนนรวม 95.35 คะแนน ดังนี้"],
                 "table": SCORES},
                {"heading": "ข้อเสนอ/ข้อพิจารณา",
                 "paragraphs": ["เห็นควรนำรายงานการวิเคราะห์เผยแพร่บนเว็บไซต์ของหน่วยงาน"],
                 "table": []},
            ],
        },
        "closing": "จึงเรียนมาเพื่อโปรดพิจารณา",
        "proposer": {"name": "นางสาวสมหญิง ใจดี",
                     "position": "นักวิเคราะห์นโยบายและแผนชำนาญการ", "signature": None},
        "steps": blocks,
        "report": {"title": "รายงานการวิเคราะห์ผลการประเมิน ITA", "number": 5, "year": 2568,
                   "payload_sha256": "0" * 64},
    })


def short_memo_payload(steps: int = 3, **kwargs) -> dict:
    """A memo whose body is two short free paragraphs (no headings, no table)."""
    payload = memo_payload(steps, **kwargs)
    payload["body"] = {
        "numbered": False,
        "sections": [{"heading": "", "table": [], "paragraphs": [
            "ด้วยสำนักปลัดได้จัดทำรายงานการวิเคราะห์ผลการประเมิน ITA ประจำปีงบประมาณ "
            "พ.ศ. 2568 แล้วเสร็จ รายละเอียดตามเอกสารที่แนบมาพร้อมนี้",
            "เห็นควรเผยแพร่รายงานบนเว็บไซต์ของหน่วยงาน",
        ]}],
    }
    return payload


# -- reading the PDF back -------------------------------------------------------------------

ISSUED_AT = datetime.datetime(2025, 1, 20, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture
def pdf(as_pdf):
    """pdf(payload) → (PdfFile, RenderedPDF)."""

    def _render(payload: dict, **kwargs):
        rendered = render_payload(payload, **kwargs)
        return as_pdf(rendered.content), rendered

    return _render


def page_texts(doc) -> list[str]:
    return [doc.text(page) for page in range(1, doc.pages() + 1)]


def turn_line(text: str) -> str | None:
    """The page-turn line ("/ความเห็น...") of a page's text, if any."""
    found = re.findall(r"^/\S.*\.\.\.$", text, re.M)
    assert len(found) <= 1, found
    return found[0] if found else None


#: A line of the top margin: the page number ("- ๒ -"), the draft stamp ("ร่าง"), or both.
MARGIN_LINE = re.compile(r"\s*(-\s*[๐-๙]+\s*-?)?\s*(ร่าง)?\s*")


def body_lines(text: str) -> list[str]:
    """The page's lines without its top margin line and blank lines."""
    return [line for line in text.splitlines() if not MARGIN_LINE.fullmatch(line)]


def in_order(text: str, parts: list[str]) -> bool:
    """Whether the parts are found in the text one after the other (pdftotext reads
    lines side by side across the two columns of a block, so they need not touch)."""
    position = 0
    for part in parts:
        position = text.find(part, position)
        if position < 0:
            return False
        position += len(part)
    return True


def first_line(doc, page: int) -> str:
    """The first line of text of a page under its page number (layout mode, so the
    number stays on its own line), spaces collapsed."""
    return words(body_lines(doc.text(page, layout=True))[0])


# -- the head -------------------------------------------------------------------------------


def test_head_prints_labels_and_values_in_thai_digits(pdf):
    doc, _ = pdf(memo_payload(3, number=12, date="2025-01-15", draft=False))
    text = words(doc.text())
    assert text.startswith("บันทึกข้อความ ส่วนราชการ สำนักปลัด องค์การบริหารส่วนตำบลทุ่งรวงทอง "
                           "โทร. ๐ ๗๗๑๒ ๓๔๕๖ ที่ สฎ ๗๕๑๐๑/๑๒ วันที่ ๑๕ มกราคม ๒๕๖๘ "
                           "เรื่อง รายงานผลการวิเคราะห์ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ "
                           "เรียน นายกองค์การบริหารส่วนตำบลทุ่งรวงทอง")
    assert not re.search(r"[0-9]", doc.text()), "every number is printed in Thai digits"


def test_number_and_date_stay_blank_until_approval(pdf):
    doc, _ = pdf(memo_payload(1))
    assert "ที่ สฎ ๗๕๑๐๑/ วันที่ เรื่อง รายงานผล" in words(doc.text())


def test_head_labels_are_bold_and_larger_than_the_values(pdf):
    doc, _ = pdf(memo_payload(1))
    sizes = word_sizes(doc)
    assert sizes["บันทึกข้อความ"] > sizes["ส่วนราชการ"] > sizes["สำนักปลัด"]
    for label in ("ที่", "วันที่", "เรื่อง"):
        assert sizes[label] == pytest.approx(sizes["ส่วนราชการ"], abs=0.5)
    bold = {font["name"].split("+")[-1] for font in doc.fonts()}
    assert "Sarabun-Bold" in bold


def test_emblem_fills_its_slot_without_moving_the_text(pdf):
    without, _ = pdf(memo_payload(1))
    payload = memo_payload(1)
    payload["emblem"] = PNG_DATA_URI
    with_emblem, _ = pdf(payload)
    assert images(without) == 0
    assert images(with_emblem) == 1
    assert word_boxes(with_emblem)["ส่วนราชการ"] == word_boxes(without)["ส่วนราชการ"]
    assert word_boxes(with_emblem)["บันทึกข้อความ"] == word_boxes(without)["บันทึกข้อความ"]


# -- the body -------------------------------------------------------------------------------


def test_numbered_sections_table_and_closing(pdf):
    doc, _ = pdf(memo_payload(1))
    text = words(doc.text())
    order = ["เรียน นายก", "๑. เรื่องเดิม", "ตามประกาศสำนักงาน", "๒. ข้อเท็จจริง",
             "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT) คะแนนรวม ๙๗.๘๒ คะแนน",
             "แบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT) คะแนนรวม ๙๘.๗๕ คะแนน",
             "๓. ข้อเสนอ/ข้อพิจารณา", "จึงเรียนมาเพื่อโปรดพิจารณา",
             "(นางสาวสมหญิง ใจดี) นักวิเคราะห์นโยบายและแผนชำนาญการ"]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)


def test_free_paragraphs_have_no_numbered_headings(pdf):
    doc, _ = pdf(short_memo_payload(1))
    text = words(doc.text())
    assert "ด้วยสำนักปลัดได้จัดทำรายงาน" in text
    assert "๑." not in text


def test_short_body_with_three_blocks_fits_on_one_page(pdf):
    doc, rendered = pdf(short_memo_payload(3))
    assert rendered.page_count == doc.pages() == 1
    text = doc.text()
    assert "คำสั่งนายกองค์การบริหารส่วนตำบลทุ่งรวงทอง" in text
    assert turn_line(text) is None
    assert "-๑-" not in compact(doc.text(1, layout=True))


# -- signatures and the approval chain ---------------------------------------------------


def test_typed_name_stands_for_a_missing_signature(pdf):
    doc, _ = pdf(memo_payload(1))
    text = doc.text()
    assert "นางสาวสมหญิง ใจดี\n(นางสาวสมหญิง ใจดี)\nนักวิเคราะห์นโยบายและแผนชำนาญการ" in text
    payload = memo_payload(1)
    payload["proposer"]["signature"] = PNG_DATA_URI
    signed, _ = pdf(payload)
    assert images(signed) == 1
    assert words(signed.text()).count("นางสาวสมหญิง ใจดี") == 1  # only "(name)"


@pytest.mark.parametrize("steps", [1, 3, 5])
def test_every_block_prints_heading_ticked_choice_name_position_and_date(pdf, steps):
    doc, _ = pdf(memo_payload(steps))
    text = words(doc.text())
    chain = [*OPINIONS[: steps - 1], DECISION]
    positions = [text.index(heading) for heading, _name, _position in chain]
    assert positions == sorted(positions)
    assert text.count("☑ เพื่อโปรดพิจารณาอนุมัติ") == steps - 1
    assert text.count("☐ เพื่อโปรดทราบ") == steps - 1
    assert in_order(text, [DECISION[0], "☑ อนุมัติ", "☐ ไม่อนุมัติ", "☐ อื่น ๆ"])
    assert "☑" not in text.replace("☑ เพื่อโปรดพิจารณาอนุมัติ", "").replace("☑ อนุมัติ", "")
    for index in range(steps):
        assert f"วันที่ {THAI_DAYS[index]} มกราคม ๒๕๖๘" in text
    assert in_order(text, [DECISION[0], "(นายนายก ทุ่งรวงทอง)", NAYOK, "วันที่"])
    assert "เห็นควรนำเสนอ" in text


def test_deputy_prints_own_position_then_acting_line(pdf):
    doc, _ = pdf(memo_payload(3))
    assert in_order(words(doc.text()), [
        "(นางรองปลัด ทำแทน)", "รองปลัดองค์การบริหารส่วนตำบลทุ่งรวงทอง",
        f"รักษาราชการแทน {PALAD}", "วันที่ ๑๗ มกราคม ๒๕๖๘"])


def test_blocks_not_yet_acted_have_empty_boxes_and_no_date(pdf):
    doc, _ = pdf(memo_payload(3, acted=1))
    text = words(doc.text())
    assert text.count("☑") == 1
    assert in_order(text, [OPINIONS[1][0], "☐ เพื่อโปรดทราบ", "☐ เพื่อโปรดพิจารณาอนุมัติ",
                           "☐ อื่น ๆ", DECISION[0], "☐ อนุมัติ", "☐ ไม่อนุมัติ", "☐ อื่น ๆ"])
    assert in_order(text, [DECISION[0], "(นายนายก ทุ่งรวงทอง)", NAYOK, "วันที่"])
    assert text.count("วันที่ ๑") == 1  # only the first block is dated
    # Not signed: no typed name above the bracketed one.
    assert text.count("นายนายก ทุ่งรวงทอง") == 1


def test_other_choice_carries_the_note(pdf):
    payload = memo_payload(1)
    payload["steps"][0].update(choice="อื่น ๆ", note="ให้แก้ไขข้อ 2 แล้วเสนอใหม่")
    doc, _ = pdf(payload)
    assert in_order(compact(doc.text()), ["☐อนุมัติ", "☐ไม่อนุมัติ", "☑อื่นๆให้แก้ไขข้อ๒แล้วเสนอใหม่"])


# -- pages -----------------------------------------------------------------------------------


def test_page_numbers_from_page_two_only(pdf):
    doc, rendered = pdf(memo_payload(5, long_body=True))
    assert rendered.page_count == doc.pages() == 3
    numbers = [re.findall(r"-[๐-๙]+-", compact(doc.text(page, layout=True)))
               for page in (1, 2, 3)]
    assert numbers == [[], ["-๒-"], ["-๓-"]]


def test_page_turn_line_when_the_opinions_continue(pdf):
    doc, _ = pdf(memo_payload(3))
    assert doc.pages() == 2
    first, second = page_texts(doc)
    assert body_lines(first)[-1] == "/ความเห็น..."
    assert first_line(doc, 2) == "ความเห็นปลัดองค์การบริหารส่วนตำบลทุ่งรวงทอง"
    assert turn_line(second) is None


def test_page_turn_names_the_first_words_of_every_next_page(pdf):
    doc, _ = pdf(memo_payload(5, long_body=True))
    texts = page_texts(doc)
    for page in range(1, len(texts)):
        turn = turn_line(texts[page - 1])
        assert turn and body_lines(texts[page - 1])[-1] == turn
        assert compact(first_line(doc, page + 1)).startswith(compact(turn[1:-3]))
    assert turn_line(texts[-1]) is None


def test_one_page_memo_has_no_page_turn_line(pdf):
    doc, _ = pdf(memo_payload(1))
    assert doc.pages() == 1
    assert turn_line(doc.text()) is None


# -- drafts and determinism ---------------------------------------------------------------


def test_draft_mark_only_on_drafts(pdf):
    draft, _ = pdf(memo_payload(5, long_body=True, draft=True))
    final, _ = pdf(memo_payload(5, long_body=True, draft=False))
    assert all("ร่าง" in text for text in page_texts(draft))
    assert not any("ร่าง" in text for text in page_texts(final))
    assert payload_html(memo_payload(1, draft=False), preview=True).count("ร่าง") == 0
    assert "ร่าง" in payload_html(memo_payload(1, draft=True), preview=True)


@pytest.mark.parametrize("steps", [1, 5])
def test_same_payload_and_issue_give_the_same_bytes(steps):
    payload = memo_payload(steps, long_body=steps > 1, number=3, date="2025-01-20",
                           draft=False)
    first = render_payload(payload, issued_at=ISSUED_AT, identifier="memo-3")
    second = render_payload(copy.deepcopy(payload), issued_at=ISSUED_AT, identifier="memo-3")
    assert first.content == second.content
    assert first.page_count == second.page_count


# -- helpers reading positions, sizes and images -------------------------------------------

THAI_DAYS = ["๑๖", "๑๗", "๑๘", "๑๙", "๒๐"]



def png_data_uri(width: int = 60, height: int = 60) -> str:
    """A grey PNG as a data: URI, like an uploaded emblem or signature."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (90, 90, 90)).save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


PNG_DATA_URI = png_data_uri()


def word_boxes(doc) -> dict[str, tuple[float, ...]]:
    """The first box (xMin, yMin, xMax, yMax) of each word of the first page."""
    html = doc._run("pdftotext", "-bbox", "-f", "1", "-l", "1")
    boxes = {}
    for match in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                             r'yMax="([\d.]+)">([^<]*)</word>', html):
        boxes.setdefault(match.group(5), tuple(float(v) for v in match.groups()[:4]))
    return boxes


def word_sizes(doc) -> dict[str, float]:
    """The height of each word's box on the first page (grows with the font size)."""
    return {word: round(box[3] - box[1], 1) for word, box in word_boxes(doc).items()}


def images(doc) -> int:
    listing = subprocess.run(["pdfimages", "-list", str(doc.path)],  # noqa: S607
                             check=True, capture_output=True, text=True).stdout
    return len(listing.splitlines()) - 2
