"""The memo in the browser: drafted and submitted by the officer, opinions of หัวหน้าสำนักปลัด
and ปลัด, the decision of นายก; the return-for-revision and ไม่อนุมัติ paths."""

import io
import subprocess

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from memos.models import Memo
from tests.browser.test_journeys import log_in

AGENCY = "thung-ruang-thong"


def as_user(page: Page, live_server, username: str, password: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/")
    log_in(page, username, password)
    page.wait_for_url("**/dashboard/")


def set_chain(page: Page, live_server, password: str) -> None:
    """The agency admin saves the usual chain the page offers."""
    as_user(page, live_server, "demo_agency_admin", password)
    page.goto(f"{live_server.url}/agencies/{AGENCY}/memos/chain/")
    expect(page.get_by_label("หัวข้อที่พิมพ์").first).to_have_value("ความเห็นหัวหน้าสำนักปลัด")
    page.get_by_role("button", name="บันทึกขั้นตอน").click()
    expect(page.get_by_role("alert")).to_contain_text("บันทึกขั้นตอนการเสนอแล้ว")


def draft_and_submit(page: Page, live_server, password: str) -> None:
    as_user(page, live_server, "demo_officer", password)
    page.goto(f"{live_server.url}/agencies/{AGENCY}/reports/2567/")
    plan = page.locator(".list-group-item").filter(
        has_text="มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
    ).first
    plan.get_by_role("button", name="จัดทำบันทึกข้อความเสนอผู้บริหาร").click()
    expect(page.locator("#id_subject")).to_have_value(
        "ขออนุมัติมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. 2567"
    )
    page.get_by_label("๓. ข้อเสนอ/ข้อพิจารณา").fill("เห็นควรอนุมัติมาตรการและเผยแพร่บนเว็บไซต์")
    page.get_by_role("button", name="บันทึกร่าง").click()
    expect(page.get_by_role("alert")).to_contain_text("บันทึกร่างบันทึกข้อความแล้ว")
    page.get_by_role("button", name="เสนอ", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("เสนอบันทึกข้อความแล้ว")


def give_opinion(page: Page, live_server, username: str, password: str, choice: str) -> None:
    as_user(page, live_server, username, password)
    page.goto(f"{live_server.url}/agencies/{AGENCY}/dashboard/")
    waiting = page.locator("#memos-waiting")
    expect(waiting).to_contain_text("รอพิจารณา")
    expect(waiting.get_by_label("จำนวนบันทึกที่รอพิจารณา")).to_have_text("1")
    waiting.get_by_role("link").first.click()
    page.locator("#act").get_by_label(choice, exact=True).check()
    page.locator("#act").get_by_label("ข้อความ").fill(f"ความเห็นของ {username}")
    page.locator("#act").get_by_role("button").first.click()
    # The answer must have arrived before the next person logs in: a response still in
    # flight would set the old session's cookies after they were cleared (CSRF 403).
    expect(page.get_by_role("alert")).to_be_visible()


@pytest.mark.browser
def test_a_memo_goes_up_the_chain_and_is_approved(
    live_server, criteria, demo, browser_page: Page, tmp_path
):
    page, password = browser_page, demo["password"]
    set_chain(page, live_server, password)
    draft_and_submit(page, live_server, password)
    give_opinion(page, live_server, "demo_head", password, "เพื่อโปรดพิจารณาอนุมัติ")
    expect(page.get_by_role("alert")).to_contain_text("บันทึกความเห็นและเสนอต่อแล้ว")
    give_opinion(page, live_server, "demo_palad", password, "เพื่อโปรดพิจารณาอนุมัติ")
    give_opinion(page, live_server, "demo_mayor", password, "อนุมัติ")
    expect(page.get_by_role("alert")).to_contain_text("สั่งการ “อนุมัติ” แล้ว บันทึกเลขที่ 1/2567")
    history = page.get_by_role("list").filter(has_text="ความเห็นหัวหน้าสำนักปลัด").last
    expect(history).to_contain_text("วิชัย รักษ์ธรรม")

    # the memo's file is rendered in the background from its frozen payload
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(),
                 stderr=io.StringIO())
    page.get_by_role("link", name="บันทึกฉบับที่ออกแล้ว (PDF)").click()
    status = page.get_by_role("status")
    expect(status).to_contain_text("พร้อมดาวน์โหลด")
    with page.expect_download() as download_info:
        status.get_by_role("link", name="ดาวน์โหลด PDF").click()
    path = tmp_path / "memo.pdf"
    download_info.value.save_as(path)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    for expected in ("บันทึกข้อความ", "ความเห็นหัวหน้าสำนักปลัด", "วิชัย รักษ์ธรรม",
                     "บุญมา ทองดี", "อนุมัติ"):
        assert expected in text
    assert Memo.objects.get().document.sha256


@pytest.mark.browser
def test_a_memo_returned_for_revision_is_fixed_and_then_not_approved(
    live_server, criteria, demo, browser_page: Page
):
    page, password = browser_page, demo["password"]
    set_chain(page, live_server, password)
    draft_and_submit(page, live_server, password)

    as_user(page, live_server, "demo_head", password)
    memo = Memo.objects.get()
    page.goto(f"{live_server.url}/agencies/{AGENCY}/memos/{memo.pk}/")
    page.get_by_text("ส่งคืนให้ผู้เสนอแก้ไข").click()
    page.get_by_label("เหตุผลที่ส่งคืนให้แก้ไข").fill("กรุณาระบุจำนวนมาตรการในข้อเท็จจริง")
    page.get_by_role("button", name="ส่งคืนแก้ไข").click()
    expect(page.get_by_role("alert")).to_contain_text("ส่งคืนให้ผู้เสนอแก้ไขแล้ว")

    as_user(page, live_server, "demo_officer", password)
    page.goto(f"{live_server.url}/agencies/{AGENCY}/memos/{memo.pk}/")
    expect(page.locator(".alert-warning")).to_contain_text("กรุณาระบุจำนวนมาตรการในข้อเท็จจริง")
    page.get_by_role("link", name="แก้ไขร่าง").click()
    page.get_by_label("๒. ข้อเท็จจริง").fill("กำหนดมาตรการทั้งหมด 3 มาตรการ")
    page.get_by_role("button", name="บันทึกร่าง").click()
    page.get_by_role("button", name="เสนอใหม่").click()
    expect(page.get_by_role("alert")).to_contain_text("เสนอบันทึกข้อความแล้ว")

    give_opinion(page, live_server, "demo_head", password, "เพื่อโปรดพิจารณาอนุมัติ")
    give_opinion(page, live_server, "demo_palad", password, "เพื่อโปรดทราบ")
    give_opinion(page, live_server, "demo_mayor", password, "ไม่อนุมัติ")
    expect(page.get_by_role("alert")).to_contain_text("สั่งการ “ไม่อนุมัติ” แล้ว")
    expect(page.get_by_text("การเสนอครั้งที่ 1")).to_be_visible()
    assert Memo.objects.get().decision == "ไม่อนุมัติ"
