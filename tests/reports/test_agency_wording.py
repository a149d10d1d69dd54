"""The agency's own wording in its PDFs (issue 13, points 4, 5 and 7).

One test per seed document (../shared/seeds/001–003): demo data in that document's shape,
with our own wording, printed through the report views; the PDF's text layer must show
the agency's group labels, column headings, tool labels and responsible texts.

The text layer is read with pypdf, which follows the content stream: a table cell's lines
stay together (pdftotext's reading order runs across the cells of a row).
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from pypdf import PdfReader

from assessments.models import AssessmentYear, Indicator, OITItem
from measures.models import Measure
from measures.readiness import indicator_plan_save, readiness_save
from measures.services import MeasureInput, measure_create
from reports.services import report_preference_save

AGENCY = "thung-ruang-thong"


def pdf_text(content: bytes) -> str:
    """Every page's text, whitespace removed (line breaks fall anywhere in a cell)."""
    reader = PdfReader(io.BytesIO(content))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def compact(text: str) -> str:
    return "".join(text.split())


def officer():
    return get_user_model().objects.get(username="demo_officer")


def download(client, kind: str, year: int, layout: str = "") -> str:
    url = reverse("reports:report_pdf", args=[AGENCY, year, kind])
    response = client.get(url, {"layout": layout} if layout else {})
    assert response.status_code == 200
    return pdf_text(b"".join(response.streaming_content))


def fresh_measures(agency, year_number: int, specs: list[dict]) -> None:
    """Replace the demo measures of a year by measures in a seed's shape."""
    year = AssessmentYear.objects.get(year=year_number)
    Measure.objects.filter(agency=agency, year=year).delete()
    for spec in specs:
        values = {k: v for k, v in spec.items() if k not in {"indicators", "units"}}
        measure_create(
            agency=agency,
            year=year,
            data=MeasureInput(
                values={"status": "done", **values},
                indicators=list(year.indicators.filter(number__in=spec.get("indicators", []))),
                units=list(agency.units.filter(name__in=spec.get("units", []))),
            ),
            acting_user=officer(),
        )


def test_seed_001_own_group_headings_columns_and_responsible(demo, login):
    """Seed 001: a by-indicator progress report whose groups carry the agency's own
    headings and numbering (two groups may share a number), its own column headings,
    status boxes, and responsible texts written as dashed lists."""
    agency = demo["agency"]
    fresh_measures(agency, 2567, [
        {"tool": "IIT", "indicators": [1], "group_label": "หัวข้อที่ ๑ (งานบริการประชาชน)",
         "title": "ทำแผ่นพับขั้นตอนบริการ", "summary": "แจกแผ่นพับครบทุกจุดบริการ",
         "responsible_text": "- งานธุรการ\n- ทุกกอง"},
        {"tool": "IIT", "indicators": [2], "group_label": "หัวข้อที่ ๔ (การเงินโปร่งใส)",
         "title": "ติดประกาศงบประมาณ", "responsible_text": "- กองคลัง"},
        {"tool": "IIT", "indicators": [3], "group_label": "หัวข้อที่ ๔ (การมอบหมายงาน)",
         "title": "ออกคำสั่งมอบหมายงาน", "responsible_text": "- งานบุคคล"},
        {"tool": "OIT", "title": "มาตรการที่ยังไม่ผูกตัวชี้วัด"},
    ])
    report_preference_save(
        agency, acting_user=officer(), progress_layout="by_indicator",
        column_headings={"by_indicator": {
            "title": "แนวทางของเรา", "summary": "ผลงานตามแนวทาง",
            "outcome": "สิ่งที่ได้รับจากการทำงาน",
        }},
    )
    text = download(login("demo_officer"), "progress", 2567)

    for own in ("หัวข้อที่๑(งานบริการประชาชน)", "หัวข้อที่๔(การเงินโปร่งใส)",
                "หัวข้อที่๔(การมอบหมายงาน)", "แนวทางของเรา", "ผลงานตามแนวทาง",
                "สิ่งที่ได้รับจากการทำงาน", "-งานธุรการ-ทุกกอง", "-กองคลัง", "-งานบุคคล"):
        assert own in text, own
    # The agency's headings replace the indicator's, and today's column headings.
    assert "ตัวชี้วัดที่1(" not in text and "สรุปผลการดำเนินการตามมาตรการ" not in text
    assert "ไม่ระบุตัวชี้วัด" not in text  # the unlinked measure prints with no heading row
    assert "มาตรการที่ยังไม่ผูกตัวชี้วัด" in text
    assert "☑ดำเนินการแล้วเสร็จ" in text  # the layout's published documents have boxes
    # Groups in the agency's order: 1, then both 4s, the unlinked measure last.
    assert (text.index("หัวข้อที่๑") < text.index("การเงินโปร่งใส")
            < text.index("การมอบหมายงาน") < text.index("มาตรการที่ยังไม่ผูกตัวชี้วัด"))


def test_seed_002_numbered_table_and_readiness_with_own_wording(demo, login):
    """Seed 002: a numbered progress table with its own headings and no status boxes,
    then the readiness report whose plans and O-items name who is responsible as the
    agency writes it ("สำนักปลัด / กองคลัง"), with its own requirement texts and the
    tools' full names."""
    agency = demo["agency"]
    fresh_measures(agency, 2567, [
        {"title": "โครงการปลูกจิตสำนึกสุจริต", "steps": "อบรมพนักงานปีละครั้ง",
         "period_text": "ต.ค. 66 ถึง ก.ย. 67", "responsible_text": "สำนักปลัด",
         "summary": "จัดอบรมแล้ว 1 ครั้ง"},
        {"title": "โครงการเปิดบ้านให้ประชาชนตรวจงาน", "steps": "ประชุมประชาคมหมู่บ้าน",
         "responsible_text": "สำนักปลัด, กองช่าง"},
    ])
    report_preference_save(
        agency, acting_user=officer(), progress_layout="numbered",
        iit_label="แบบสำรวจความเห็นบุคลากรในองค์กร (IIT)",
        eit_label="แบบสำรวจความเห็นผู้มารับบริการ (EIT)",
        oit_label="แบบตรวจข้อมูลบนเว็บไซต์ (OIT)",
        column_headings={
            "numbered": {"title": "มาตรการหรือโครงการ", "steps": "วิธีการทำงาน",
                         "period": "ช่วงเวลาที่ทำ"},
            "readiness": {"approach": "แนวทางยกระดับของเรา",
                          "requirement": "สิ่งที่ต้องเผยแพร่"},
        },
    )
    client = login("demo_officer")
    numbered = download(client, "progress", 2567, "numbered")
    for own in ("มาตรการหรือโครงการ", "วิธีการทำงาน", "ช่วงเวลาที่ทำ",
                "โครงการปลูกจิตสำนึกสุจริต", "สำนักปลัด,กองช่าง"):
        assert own in numbered, own
    assert "วิธีดำเนินการ" not in numbered
    assert "☐" not in numbered and "☑" not in numbered  # no status boxes in this layout

    year = AssessmentYear.objects.get(year=2567)
    indicator = Indicator.objects.get(year=year, number=2)
    indicator_plan_save(agency, indicator, approach="ชี้แจงการใช้เงินทุกไตรมาส",
                        units=[], period_text="ต.ค. 66 ถึง ก.ย. 67", progress="done",
                        responsible_text="สำนักปลัด / กองคลัง", acting_user=officer())
    item = OITItem.objects.get(year=year, number=1)
    readiness_save(agency, item, units=list(agency.units.filter(name="สำนักปลัด")),
                   url="https://example.go.th/o1", progress="done", note="",
                   responsible_text="งานประชาสัมพันธ์ / งานธุรการ",
                   requirement_text="- แผนผังส่วนราชการที่เป็นปัจจุบัน\n- ชื่อและรูปหัวหน้าแต่ละกอง",
                   acting_user=officer())
    readiness = download(client, "progress", 2567, "readiness")
    for own in ("สำนักปลัด/กองคลัง", "งานประชาสัมพันธ์/งานธุรการ",
                "-แผนผังส่วนราชการที่เป็นปัจจุบัน-ชื่อและรูปหัวหน้าแต่ละกอง",
                "แนวทางยกระดับของเรา", "สิ่งที่ต้องเผยแพร่",
                compact("ประเด็นการประเมิน แบบสำรวจความเห็นบุคลากรในองค์กร (IIT) และ "
                        "แบบสำรวจความเห็นผู้มารับบริการ (EIT)"),
                compact("ประเด็นการประเมิน แบบตรวจข้อมูลบนเว็บไซต์ (OIT)")):
        assert own in readiness, own


def test_seed_003_analysis_with_tool_names_and_own_numbered_measures(demo, login):
    """Seed 003: an analysis that prints each survey's full name instead of its code,
    a measures table with its own headings, and measure texts that number themselves
    ("๑. …") — printed once, also in the by-tool layout."""
    agency = demo["agency"]
    fresh_measures(agency, 2567, [
        {"tool": "IIT", "indicators": [4], "title": "๑. วางแนวทางยืมพัสดุของหน่วยงาน",
         "steps": "ทำคู่มือยืมพัสดุ", "responsible_text": "ทุกกอง / งานพัสดุ",
         "monitoring": "รายงานนายกทุกไตรมาส"},
        {"tool": "EIT", "indicators": [7], "title": "๒. ทำสื่อเผยแพร่ผลงานทุกเดือน",
         "responsible_text": "งานประชาสัมพันธ์"},
    ])
    report_preference_save(
        agency, acting_user=officer(),
        iit_label="แบบวัดความเห็นคนในหน่วยงาน (IIT)",
        eit_label="แบบวัดความเห็นคนนอกหน่วยงาน (EIT)",
        column_headings={"analysis": {"steps": "วิธีทำตามแนวทาง",
                                      "monitoring": "ใครติดตามผล"},
                         "by_tool": {"tool": "แบบวัด"}},
    )
    client = login("demo_officer")
    analysis = download(client, "analysis", 2566)
    for own in (compact("ผลการประเมินตามแบบวัดความเห็นคนในหน่วยงาน (IIT)"),
                compact("แบบวัดความเห็นคนนอกหน่วยงาน (EIT)"),
                "วิธีทำตามแนวทาง", "ใครติดตามผล", "ทุกกอง/งานพัสดุ",
                "๑.วางแนวทางยืมพัสดุของหน่วยงาน"):
        assert own in analysis, own
    assert "ขั้นตอนหรือวิธีการ" not in analysis

    by_tool = download(client, "progress", 2567, "by_tool")
    assert "แบบวัดความเห็นคนในหน่วยงาน(IIT)" in by_tool
    assert "๑.วางแนวทางยืมพัสดุของหน่วยงาน" in by_tool
    assert "1.๑." not in by_tool and "๑.๑." not in by_tool  # not numbered twice
    assert "☐" not in by_tool  # by-tool documents print no status boxes by default


@pytest.mark.parametrize("skip", [True, False])
def test_own_numbers_are_kept_or_numbered_again_as_chosen(demo, skip):
    from ita_portal.documents.rendering import payload_html
    from reports.documents import report_payload
    from reports.wording import Wording

    agency = demo["agency"]
    fresh_measures(agency, 2567, [{"tool": "IIT", "title": "1) ทำคู่มือ"},
                                  {"tool": "IIT", "title": "ทำคู่มืออีกเล่ม"}])
    payload = report_payload(agency, AssessmentYear.objects.get(year=2567), "progress",
                             layout="by_tool", thai_digits=False,
                             wording=Wording(headings={}, tools={}, skip_own_number=skip))
    html = payload_html(payload)
    assert ("1. 1) ทำคู่มือ" in html) is not skip
    assert "2. ทำคู่มืออีกเล่ม" in html  # a text without its own number keeps the order


def _schema_1(payload: dict) -> dict:
    """A payload as issued before the agency's wording existed (schema 1)."""
    old = {k: v for k, v in payload.items() if k not in {"wording", "print_options"}}
    old["schema"] = 1
    for row in old.get("board", {}).get("indicators", []):
        row.pop("responsible_text")
    for group in old.get("board", {}).get("groups", []):
        for row in group["rows"]:
            row.pop("responsible_text")
    return old


@pytest.mark.parametrize(("kind", "year", "layout"), [
    ("analysis", 2566, "by_indicator"),
    ("plan", 2567, "by_indicator"),
    ("progress", 2567, "by_indicator"),
    ("progress", 2567, "by_tool"),
    ("progress", 2567, "numbered"),
    ("progress", 2567, "readiness"),
])
def test_payloads_issued_before_the_wording_render_as_they_did(demo, kind, year, layout):
    # A schema-1 payload has no wording and no options: the templates print today's
    # headings and what each layout printed then (status boxes in by-tool too), the
    # same HTML as a schema-2 payload whose choices are those of that time.
    from ita_portal.documents.rendering import payload_html
    from reports.documents import SCHEMA_VERSION, report_payload
    from reports.wording import Wording

    assert SCHEMA_VERSION == 2
    then = Wording(headings={}, tools={}, skip_own_number=False, hide_ungrouped_row=False,
                   status_columns={"by_indicator": True, "by_tool": True, "numbered": False})
    payload = report_payload(demo["agency"], AssessmentYear.objects.get(year=year), kind,
                             layout=layout, wording=then)
    html = payload_html(_schema_1(payload))
    assert html.split() == payload_html(payload).split()
    assert "ผู้รับผิดชอบ" in html


def test_an_issued_document_keeps_the_wording_and_options_it_was_issued_with(demo, login):
    from ita_portal.documents.models import IssuedDocument

    agency = demo["agency"]
    report_preference_save(agency, acting_user=officer(), progress_layout="by_tool",
                           status_by_tool=True, skip_own_number=False,
                           column_headings={"by_tool": {"title": "มาตรการของเรา"}})
    client = login("demo_officer")
    client.post(reverse("reports:report_issue", args=[AGENCY, 2567, "progress"]))
    document = IssuedDocument.objects.get()
    assert document.schema_version == 2
    assert document.options == {
        "layout": "by_tool", "round": "", "thai_digits": True, "with_cover": True,
        "skip_own_number": False, "hide_ungrouped_row": True, "status_column": True,
    }
    assert document.payload["wording"]["headings"]["title"] == "มาตรการของเรา"
    # Later choices do not change what was issued.
    report_preference_save(agency, acting_user=officer(), column_headings={})
    document.refresh_from_db()
    assert document.payload["wording"]["headings"]["title"] == "มาตรการของเรา"
