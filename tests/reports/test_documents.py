"""Every report kind and layout, rendered from the demo agency's data."""

import io
import re
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from assessments.models import AssessmentYear
from ita_portal.agencies.models import Agency
from reports.documents import build_report
from reports.models import ProgressLayout, ReportPreference
from reports.pdf import render_html, render_pdf

pytestmark = pytest.mark.django_db

AGENCY = "thung-ruang-thong"
CASES = [
    ("analysis", 2566, "by_indicator", ["ระดับ A", "O10", "ตัวชี้วัดที่ 7"]),
    ("plan", 2567, "by_indicator", ["มาตรการ/แนวทาง", "ไตรมาส 2"]),
    ("progress", 2567, "by_indicator", ["ตัวชี้วัดที่ 7 (ประสิทธิภาพการสื่อสาร)", "☑", "☐"]),
    ("progress", 2567, "by_tool", ["แบบวัดการรับรู้", "EIT แบบวัดการรับรู้"]),
    ("progress", 2567, "numbered", ["วิธีดำเนินการ", "ระยะเวลาในการดำเนินการ"]),
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
    document = build_report(agency, AssessmentYear.objects.get(year=year), kind, layout=layout)
    html = render_html(document.template, document.context, title=document.title,
                       author=agency.name, landscape=document.landscape)
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
    assert (width > height) == document.landscape  # the body pages; the cover is portrait
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
        document = build_report(agency, AssessmentYear.objects.get(year=2567), "progress",
                                layout=layout)
        pdf = as_pdf(render_pdf(document.template, document.context, title=document.title,
                                author=agency.name, landscape=document.landscape))
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
    # report: a fixed count, not a full build of every report.
    with django_assert_num_queries(10):
        response = client.get(url)
    assert "ยังไม่มีมาตรการของปี 2566" in response.content.decode()


def test_an_indicator_heading_stays_on_the_page_of_its_first_measure(demo, as_pdf):
    # With the demo's 2567 measures, indicator 9's heading row fits at the foot of the
    # first body page but its measure does not: the heading must move with it.
    agency = Agency.objects.get(code=AGENCY)
    document = build_report(agency, AssessmentYear.objects.get(year=2567), "progress",
                            layout="by_indicator")
    first_titles = {group.label.split(" (")[0]: group.measures[0].title
                    for group in document.context["groups"]}
    pdf = as_pdf(render_pdf(document.template, document.context, title=document.title,
                            author=agency.name, landscape=document.landscape))
    seen = set()
    for page in range(1, pdf.pages() + 1):
        text = "".join(pdf.text(page).split())
        for heading, title in first_titles.items():
            if "".join(heading.split()) in text:
                seen.add(heading)
                assert "".join(title.split())[:15] in text, f"{heading} alone on page {page}"
    assert seen == set(first_titles)
