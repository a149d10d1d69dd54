"""Every report kind and layout, rendered from the demo agency's data."""

import io
import re
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from assessments.models import AssessmentYear
from ita_portal.agencies.models import Agency
from ita_portal.documents.rendering import render_payload
from ita_portal.pdf.render import render_html, render_pdf
from measures.models import Measure
from reports.documents import report_payload
from reports.models import ProgressLayout, ReportPreference
from reports.wording import Wording

pytestmark = pytest.mark.django_db

AGENCY = "thung-ruang-thong"
CASES = [
    ("analysis", 2566, "by_indicator", ["ระดับ A", "O10", "ตัวชี้วัดที่ 7"]),
    ("plan", 2567, "by_indicator", ["มาตรการ/แนวทาง", "ไตรมาส 2"]),
    ("progress", 2567, "by_indicator", ["ตัวชี้วัดที่ 7 (ประสิทธิภาพการสื่อสาร)", "☑", "☐"]),
    ("progress", 2567, "by_tool", ["แบบวัดการรับรู้", "EIT แบบวัดการรับรู้"]),
    ("progress", 2567, "numbered", ["วิธีดำเนินการ", "มาตรการ/กิจกรรม"]),
    ("progress", 2567, "readiness", ["O26", "ความก้าวหน้าผลการดำเนินการ", "☐"]),
]


def pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_info(path) -> str:
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout


def pdf_fonts(path) -> str:
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.parametrize(("kind", "year", "layout", "expected"), CASES)
def test_each_kind_and_layout_renders(demo, tmp_path, kind, year, layout, expected):
    # What the template shows (the PDF's text layer is checked in the extraction tests).
    agency = Agency.objects.get(code=AGENCY)
    document = report_payload(agency, AssessmentYear.objects.get(year=year), kind, layout=layout)
    html = render_html(document["template"], document, title=document["title"],
                       author=agency.name, landscape=document["landscape"])
    for fragment in expected:
        assert fragment in html
    # The PDF itself: pages, author, embedded fonts, check boxes.
    out = tmp_path / "report.pdf"
    call_command("render_report", agency=AGENCY, year=year, kind=kind, layout=layout,
                 output=out, stdout=io.StringIO())
    info = pdf_info(out)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 2 <= pages <= 12  # a cover and a few pages, not hundreds
    assert "องค์การบริหารส่วนตำบลทุ่งรวงทอง" in info  # the author
    page_two = subprocess.run(["pdfinfo", "-f", "2", "-l", "2", str(out)], capture_output=True,
                              text=True, check=True).stdout
    size = re.search(r"Page\s+2 size:\s+([\d.]+) x ([\d.]+)", page_two).groups()
    width, height = map(float, size)
    assert (width > height) == document["landscape"]  # the body pages; the cover is portrait
    fonts = pdf_fonts(out)
    assert "Sarabun" in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:] if line.strip())
    if "☐" in expected:
        assert "☐" in pdf_text(out)


def test_thai_digits_option(demo, tmp_path):
    arabic, thai = tmp_path / "a.pdf", tmp_path / "t.pdf"
    log = io.StringIO()
    call_command("render_report", agency=AGENCY, year=2566, kind="analysis", output=arabic,
                 stdout=log)
    call_command("render_report", agency=AGENCY, year=2566, kind="analysis", output=thai,
                 thai_digits=True, stdout=log)
    assert "87.99" in pdf_text(arabic)
    thai_text = pdf_text(thai)
    assert "๘๗.๙๙" in thai_text and "87.99" not in thai_text


def test_missing_data_is_a_clear_message(demo, tmp_path):
    with pytest.raises(CommandError, match="ยังไม่ได้บันทึกผลการประเมินปี 2568"):
        call_command("render_report", agency=AGENCY, year=2568, kind="analysis",
                     output=tmp_path / "x.pdf")


class TestPages:
    def test_index_lists_kinds_and_remembers_the_layout(self, client, demo, login):
        login("demo_officer")
        url = reverse("reports:report_index", args=[AGENCY, 2567])
        html = client.get(url).content.decode()
        assert "ยังไม่ได้บันทึกผลการประเมินปี 2567" in html  # analysis not available yet
        response = client.post(url, {"progress_layout": "numbered", "thai_digits": "",
                                     "with_cover": "on"})
        assert response.status_code == 302
        preference = ReportPreference.objects.get(agency=demo["agency"])
        assert preference.progress_layout == ProgressLayout.NUMBERED
        preview = client.get(reverse("reports:report_preview", args=[AGENCY, 2567, "progress"]))
        assert "วิธีดำเนินการ" in preview.content.decode()

    def test_pdf_download_has_a_thai_filename(self, client, demo, login):
        login("demo_palad")
        response = client.get(reverse("reports:report_pdf", args=[AGENCY, 2567, "plan"]))
        assert response["Content-Type"] == "application/pdf"
        assert "filename*=utf-8''" in response["Content-Disposition"]
        assert b"".join(response.streaming_content).startswith(b"%PDF")

    def test_read_only_roles_cannot_change_the_preference(self, client, demo, login):
        login("demo_palad")
        client.post(reverse("reports:report_index", args=[AGENCY, 2567]),
                    {"progress_layout": "numbered"})
        assert not ReportPreference.objects.exists()

    def test_other_agencies_get_403(self, client, demo, login):
        login("demo_officer_b")
        assert client.get(reverse("reports:report_pdf", args=[AGENCY, 2567, "plan"])
                          ).status_code == 403


def test_a_hostile_measure_prints_as_text_and_fetches_nothing(
    demo, as_pdf, no_network, fetch_log
):
    from measures.models import Measure

    hostile = '<img src="http://169.254.169.254/latest"> <img src="file:///etc/passwd">'
    Measure.objects.filter(year__year=2567, order=1).update(title=hostile, summary=hostile)
    agency = Agency.objects.get(code=AGENCY)
    for layout in ProgressLayout.values[:3]:
        document = report_payload(agency, AssessmentYear.objects.get(year=2567), "progress",
                                layout=layout)
        pdf = as_pdf(render_pdf(document["template"], document, title=document["title"],
                                author=agency.name, landscape=document["landscape"]))
        text = "".join(pdf.text().split())  # the URLs may wrap inside narrow cells
        assert '<imgsrc="http://169.254.169.254/latest">' in text
        assert '<imgsrc="file:///etc/passwd">' in text
    assert no_network == []
    assert not [url for url, _ in fetch_log if "169.254" in url or "passwd" in url]


def test_the_report_list_checks_availability_without_building_reports(
    client, demo, login, django_assert_num_queries
):
    login("demo_officer")
    url = reverse("reports:report_index", args=[AGENCY, 2566])
    client.get(url)
    # Session, user, memberships, agency, year, preference, then one exists() per
    # report: a fixed count, not a full build of every report; +1: the documents issued
    # that year; +3: which scores the analysis lacks (result, indicators, tools).
    # (The warm-up request renewed the session for the idle timeout.)
    with django_assert_num_queries(14):
        response = client.get(url)
    assert "ยังไม่มีมาตรการของปี 2566" in response.content.decode()


def test_an_indicator_heading_stays_on_the_page_of_its_first_measure(demo, as_pdf):
    # With the demo's 2567 measures, indicator 9's heading row fits at the foot of the
    # first body page but its measure does not: the heading must move with it.
    agency = Agency.objects.get(code=AGENCY)
    document = report_payload(agency, AssessmentYear.objects.get(year=2567), "progress",
                            layout="by_indicator")
    first_titles = {group["label"].split(" (")[0]: group["measures"][0]["title"]
                    for group in document["groups"]}
    pdf = as_pdf(render_pdf(document["template"], document, title=document["title"],
                            author=agency.name, landscape=document["landscape"]))
    seen = set()
    for page in range(1, pdf.pages() + 1):
        text = "".join(pdf.text(page).split())
        for heading, title in first_titles.items():
            if "".join(heading.split()) + "(" in text:  # "ที่1(" is not "ที่10("
                seen.add(heading)
                assert "".join(title.split())[:15] in text, f"{heading} alone on page {page}"
    assert seen == set(first_titles)


def report_html(kind, year, layout="by_indicator", *, thai_digits=False, wording=None):
    agency = Agency.objects.get(code=AGENCY)
    extra = {"wording": wording} if wording else {}
    document = report_payload(
        agency, AssessmentYear.objects.get(year=year), kind, layout=layout, **extra
    )
    return render_html(document["template"], document, title=document["title"],
                       author=agency.name, landscape=document["landscape"],
                       thai_digits=thai_digits)


class TestWhatTheReportsSay:
    def test_the_analysis_carries_the_measures_set_for_the_next_year(self, demo):
        # O42: the analysis of 2566 and the measures of 2567 drawn from it.
        html = report_html("analysis", 2566)
        assert "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. 2567" in html
        assert "เปิดบริการชำระภาษีและยื่นคำร้องออนไลน์" in html

    def test_an_analysis_without_next_year_measures_says_so(self, demo):
        from measures.models import Measure

        Measure.objects.filter(year__year=2567).delete()
        assert "ยังไม่ได้กำหนดมาตรการของปีงบประมาณ พ.ศ. 2567" in report_html("analysis", 2566)

    def test_the_analysis_gives_each_indicator_its_own_suggestion_row(self, demo):
        html = report_html("analysis", 2566)
        for number in range(1, 11):
            assert re.search(rf"<td>{number}\) [^<]+ \(\d+\.\d\d\)</td><td class=\"pre\">- ",
                             html), number

    def test_section_numbers_follow_the_digit_choice(self, demo):
        assert "1. หลักการและเหตุผล" in report_html("analysis", 2566)
        thai = report_html("analysis", 2566, thai_digits=True)
        assert "๑. หลักการและเหตุผล" in thai and "1. หลักการ" not in thai

    def test_the_plan_shows_last_years_score_of_each_indicator(self, demo):
        assert "ตัวชี้วัดที่ 7 ประสิทธิภาพการสื่อสาร (ปี 2566: 84.30)" in report_html("plan", 2567)

    def test_draft_criteria_are_flagged_and_confirmed_ones_are_not(self, demo):
        draft_note = "ยังไม่ได้ยืนยันกับประกาศของสำนักงาน ป.ป.ช."
        assert draft_note in report_html("progress", 2567, "readiness")
        assert draft_note in report_html("plan", 2567)
        assert draft_note not in report_html("analysis", 2566)

    @pytest.mark.parametrize("layout", ["by_indicator", "by_tool", "numbered"])
    def test_every_progress_report_opens_with_the_reporting_paragraph(self, demo, layout):
        html = report_html("progress", 2567, layout)
        assert ("ประจำปีงบประมาณ พ.ศ. 2567 จากผลการวิเคราะห์การประเมินคุณธรรมและความโปร่งใส"
                "ในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ปีงบประมาณ พ.ศ. 2566 "
                "จึงขอรายงานผลการดำเนินการตามมาตรการ ดังนี้") in html

    def test_the_paragraph_names_an_analysis_only_if_there_is_one(self, demo):
        from assessments.models import AssessmentResult

        AssessmentResult.objects.filter(year__year=2566).delete()
        html = report_html("progress", 2567, "numbered")
        assert "ประจำปีงบประมาณ พ.ศ. 2567 จึงขอรายงานผลการดำเนินการตามมาตรการ ดังนี้" in html
        assert "จากผลการวิเคราะห์" not in html
        readiness = report_html("progress", 2567, "readiness")
        assert "จึงขอรายงานความก้าวหน้าผลการดำเนินการ ดังนี้" in readiness

    def test_the_by_tool_layout_prints_no_status_boxes_unless_chosen(self, demo):
        # Published by-tool documents have no status boxes: off by default.
        html = report_html("progress", 2567, "by_tool")
        assert 'class="pre status-boxes"' not in html
        assert "ดำเนินการแล้วเสร็จ" not in html

    def test_the_by_tool_layout_shows_every_status_with_one_ticked(self, demo):
        wording = Wording(headings={}, tools={}, status_columns={"by_tool": True})
        html = report_html("progress", 2567, "by_tool", wording=wording)
        boxes = re.findall(r'<div class="pre status-boxes">(.*?)</div>', html, re.S)
        assert len(boxes) == 4  # one list per demo measure
        for box in boxes:
            lines = box.split("\n")  # pre-line: one box per printed line
            assert len(lines) == 4 and all(line[0] in "☑☐" for line in lines)
            assert box.count("☑") == 1
            assert "ไม่สามารถดำเนินการได้" in box

    def test_the_readiness_table_prints_the_note_after_the_boxes(self, demo):
        from django.contrib.auth import get_user_model

        from assessments.models import Indicator, OITItem
        from measures.readiness import indicator_plan_save, readiness_save

        agency = demo["agency"]
        item = OITItem.objects.get(year__year=2567, number=1)
        readiness_save(agency, item, units=[], url="https://example.go.th/o1",
                       progress="done", note="เผยแพร่โครงสร้างใหม่แล้ว",
                       acting_user=get_user_model().objects.get(username="demo_officer"))
        indicator_plan_save(
            agency, Indicator.objects.get(year__year=2567, number=7), approach="จัดอบรม",
            units=[], period_text="", progress="done", note="อบรมครบทุกกองแล้ว",
            acting_user=get_user_model().objects.get(username="demo_officer"))
        html = report_html("progress", 2567, "readiness")
        assert "☑ ดำเนินการ\n- เผยแพร่โครงสร้างใหม่แล้ว" in html
        assert "☑ ดำเนินการ\n- อบรมครบทุกกองแล้ว" in html

    def test_the_oit_table_keeps_itas_digits_in_a_thai_digit_analysis(self, demo, as_pdf):
        agency = Agency.objects.get(code=AGENCY)
        document = report_payload(agency, AssessmentYear.objects.get(year=2566), "analysis")
        pdf = as_pdf(render_pdf(document["template"], document, title=document["title"],
                                author=agency.name, thai_digits=True))
        text = pdf.text()
        assert "ได้คะแนน ๘๗.๙๙ คะแนน" in " ".join(text.split())
        assert "O10" in text and "100.00" in text  # the OIT table, as ITAS prints it
        assert "O๑๐" not in text

    def test_oit_items_are_grouped_under_their_headings_where_the_year_has_them(self, demo):
        html = report_html("analysis", 2565)
        assert '<th class="subgroup" colspan="4">ข้อมูลพื้นฐาน</th>' in html
        assert html.count('<th class="subgroup" colspan="4">ข้อมูลพื้นฐาน</th>') == 1

    def test_readiness_sub_indicator_rows_are_headings_kept_with_their_items(self, demo):
        html = report_html("progress", 2567, "readiness")
        assert '<tr class="group-row"><th colspan="5">ตัวชี้วัดย่อยที่ 9.1 ' in html

    def test_free_text_responsible_keeps_its_line_breaks(self, demo):
        from measures.models import Measure

        Measure.objects.filter(year__year=2567, order=3).update(
            responsible_text="1. กองคลัง\n2. กองช่าง")
        html = report_html("progress", 2567, "numbered")
        assert '<span class="pre">1. กองคลัง\n2. กองช่าง</span>' in html


def test_a_measure_with_a_long_text_continues_on_the_next_page(demo, as_pdf):
    # A row taller than what is left of a page starts under the row before it and goes on
    # under the repeated header, instead of leaving the page half empty (long-text rows).
    agency = Agency.objects.get(code=AGENCY)
    year = AssessmentYear.objects.get(year=2567)
    first, second = Measure.objects.filter(agency=agency, year=year).order_by("order")[:2]
    long_summary = "เริ่มข้อความยาว " + "ดำเนินการประชุมชี้แจงและติดตามผลทุกเดือน " * 120 + "จบข้อความยาว"
    Measure.objects.filter(pk=second.pk).update(summary=long_summary)
    payload = report_payload(agency, year, "progress", layout="numbered", with_cover=False,
                             thai_digits=False)
    pdf = as_pdf(render_payload(payload).content)
    # Compared without white space: cells wrap Thai text at other places than it was typed.
    pages = {n: "".join(pdf.text(n).split()) for n in range(1, pdf.pages() + 1)}

    def page_of(words: str) -> int:
        return next(n for n, text in pages.items() if "".join(words.split()) in text)

    assert page_of("เริ่มข้อความยาว") == page_of(first.title[:12])
    assert page_of("จบข้อความยาว") > page_of("เริ่มข้อความยาว")
    assert all("สรุปผลการดำเนินการตาม" in text for text in pages.values())  # header repeats
