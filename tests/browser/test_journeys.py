"""What citizens and officers see in a real browser, in Thai."""

import re

import pytest
from playwright.sync_api import Page, expect

OWN_AGENCY = "องค์การบริหารส่วนตำบลทุ่งรวงทอง"
OTHER_AGENCY = "เทศบาลตำบลท่าน้ำใส"
# Django's th translation of "Please enter a correct %(username)s and password. ..."
# is "กรุณาใส่  %(username)s  และรหัสผ่านที่ถูกต้อง มีการแยกแยะตัวพิมพ์ใหญ่-เล็ก".
THAI_LOGIN_ERROR = "และรหัสผ่านที่ถูกต้อง"


def log_in(page: Page, username: str, password: str) -> None:
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ", exact=True).click()


@pytest.mark.browser
def test_citizen_finds_an_agency_without_logging_in(live_server, demo, browser_page: Page):
    page = browser_page
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("ผลการประเมินคุณธรรมและความโปร่งใส")
    expect(page.get_by_role("link", name="เข้าสู่ระบบสำหรับเจ้าหน้าที่")).to_be_visible()

    page.get_by_role("searchbox", name="ค้นหาหน่วยงาน").fill("ท่าน้ำใส")
    page.get_by_role("button", name="ค้นหา", exact=True).click()
    page.wait_for_url(re.compile(r"[?&]q="))

    result = page.get_by_role("link", name=OTHER_AGENCY)
    expect(result).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(OWN_AGENCY)

    result.click()
    page.wait_for_url(f"{live_server.url}/agencies/tha-nam-sai/")
    expect(page.get_by_role("heading", level=1)).to_have_text(OTHER_AGENCY)
    expect(page.locator("main")).to_contain_text("เชียงราย")


@pytest.mark.browser
def test_officer_logs_in_sees_only_own_agency_and_logs_out(live_server, demo, browser_page: Page):
    page = browser_page
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="เข้าสู่ระบบสำหรับเจ้าหน้าที่").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("เข้าสู่ระบบสำหรับเจ้าหน้าที่")

    log_in(page, "demo_officer", demo["password"])

    page.wait_for_url(f"{live_server.url}/agencies/thung-ruang-thong/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text(OWN_AGENCY)
    expect(page.locator("main")).to_contain_text("เจ้าหน้าที่ผู้รับผิดชอบ")
    expect(page.get_by_role("navigation").first).to_contain_text("สมศรี ตั้งใจงาน")

    response = page.goto(live_server.url + "/agencies/tha-nam-sai/dashboard/")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("ไม่มีสิทธิ์เข้าถึงหน้านี้")
    main = page.locator("main")
    expect(main).not_to_contain_text(OTHER_AGENCY)
    expect(main).not_to_contain_text("ผู้ใช้งานของหน่วยงาน")
    expect(main).not_to_contain_text("อรุณี")  # demo_officer_b, a member of the other agency

    page.get_by_role("button", name="ออกจากระบบ").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("link", name="เข้าสู่ระบบสำหรับเจ้าหน้าที่")).to_be_visible()
    expect(page.get_by_role("button", name="ออกจากระบบ")).to_have_count(0)

    # Logged out for real: the dashboard sends us back to the login form.
    page.goto(live_server.url + "/agencies/thung-ruang-thong/dashboard/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))


@pytest.mark.browser
def test_wrong_password_shows_thai_error(live_server, demo, browser_page: Page):
    page = browser_page
    page.goto(live_server.url + "/accounts/login/")
    log_in(page, "demo_officer", "not-the-password")

    expect(page.locator("main")).to_contain_text(THAI_LOGIN_ERROR)
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("button", name="ออกจากระบบ")).to_have_count(0)


@pytest.mark.browser
def test_criteria_pages(live_server, criteria, browser_page: Page):
    page = browser_page
    page.goto(live_server.url + "/criteria/2566/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2566")
    oit_rows = page.locator("tr").filter(
        has=page.locator("td:first-child", has_text=re.compile(r"^\s*O\d+\s*$"))
    )
    expect(oit_rows).to_have_count(43)
    expect(page.locator("main")).not_to_contain_text("ฉบับร่าง")

    page.goto(live_server.url + "/criteria/2568/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2568")
    expect(page.locator(".alert-warning")).to_contain_text("ฉบับร่าง")
