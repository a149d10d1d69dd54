"""An officer picks how the progress report prints, previews it and downloads the PDF."""

import subprocess

import pytest
from playwright.sync_api import Page, expect

from reports.models import ProgressLayout, ReportPreference
from tests.browser.test_journeys import log_in


@pytest.mark.browser
def test_officer_chooses_a_layout_previews_and_downloads_the_pdf(
    live_server, criteria, demo, browser_page: Page, tmp_path
):
    # `criteria` comes before `demo`, so the demo includes its 2567 measures.
    page = browser_page
    page.goto(live_server.url + "/accounts/login/")
    log_in(page, "demo_officer", demo["password"])
    page.wait_for_url("**/dashboard/")

    page.goto(f"{live_server.url}/agencies/thung-ruang-thong/reports/2567/")
    page.get_by_label("ตารางเรียงลำดับมาตรการ").check()
    page.get_by_label("ใช้เลขไทย").uncheck()
    page.get_by_label("พิมพ์ปก").uncheck()
    page.get_by_role("button", name="บันทึก", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("บันทึกค่าการพิมพ์รายงานแล้ว")
    preference = ReportPreference.objects.get(agency=demo["agency"])
    assert preference.progress_layout == ProgressLayout.NUMBERED
    assert not preference.thai_digits and not preference.with_cover

    progress = page.locator(".list-group-item").filter(
        has_text="รายงานผลการดำเนินการตามมาตรการ"
    )
    with page.context.expect_page() as preview_opened:
        progress.get_by_role("link", name="ดูตัวอย่าง").click()
    preview = preview_opened.value
    expect(preview.get_by_role("columnheader", name="วิธีดำเนินการ")).to_be_visible()
    expect(preview.locator("h1")).to_contain_text("ประจำปีงบประมาณ พ.ศ. 2567")
    preview.close()

    with page.expect_download() as download_info:
        progress.get_by_role("link", name="ดาวน์โหลดฉบับร่าง (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    path = tmp_path / "report.pdf"
    download.save_as(path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "วิธีดำเนินการ" in text
    assert "2567" in text and "๒๕๖๗" not in text  # Arabic digits, as chosen
