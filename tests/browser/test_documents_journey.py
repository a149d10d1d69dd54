"""An officer issues a report, watches it render in the background and downloads the file."""

import hashlib
import io

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from ita_portal.documents.models import IssuedDocument
from tests.browser.test_journeys import log_in


@pytest.mark.browser
def test_officer_issues_a_report_and_downloads_the_stored_file(
    live_server, criteria, demo, browser_page: Page, tmp_path
):
    page = browser_page
    page.goto(live_server.url + "/accounts/login/")
    log_in(page, "demo_officer", demo["password"])
    page.wait_for_url("**/dashboard/")

    page.goto(f"{live_server.url}/agencies/thung-ruang-thong/reports/2567/")
    plan = page.locator(".list-group-item").filter(
        has_text="มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
    ).first
    plan.get_by_role("button", name="ออกเอกสาร (ตรึงข้อมูล)").click()
    expect(page.get_by_role("alert")).to_contain_text("ออกเอกสารเลขที่ 1/2567 แล้ว")
    status = page.get_by_role("status")
    expect(status).to_contain_text("รอคิวสร้างไฟล์")

    # The background worker takes the render from the database queue; the page, which
    # reloads itself every two seconds, then offers the file.
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(),
                 stderr=io.StringIO())
    expect(status).to_contain_text("พร้อมดาวน์โหลด")
    shown_sha = status.locator("code").inner_text().strip()

    with page.expect_download() as download_info:
        status.get_by_role("link", name="ดาวน์โหลด PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    path = tmp_path / "issued.pdf"
    download.save_as(path)
    content = path.read_bytes()
    document = IssuedDocument.objects.get()
    assert hashlib.sha256(content).hexdigest() == shown_sha == document.sha256
