"""The official memo (บันทึกข้อความ) as a PDF: templates/memos/memo.html from hand-built
payloads of schema 1, read back through the PDF's text layer (pdftotext)."""

import copy

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
