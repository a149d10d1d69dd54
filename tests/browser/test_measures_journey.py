"""An officer ticks a measure's status on the list page, in a real browser."""

import pytest
from playwright.sync_api import Page, expect

from measures.models import Measure, MeasureStatus
from tests.browser.test_journeys import log_in


@pytest.mark.browser
def test_status_tick_saves_in_place_and_survives_a_reload(
    live_server, criteria, demo, browser_page: Page
):
    # `criteria` comes before `demo`, so the demo includes its 2567 measures.
    measure = Measure.objects.get(year__year=2567, order=3)
    assert measure.status == MeasureStatus.NOT_STARTED
    page = browser_page
    page.goto(live_server.url + "/accounts/login/")
    log_in(page, "demo_officer", demo["password"])
    page.wait_for_url("**/dashboard/")

    list_url = f"{live_server.url}/agencies/thung-ruang-thong/measures/2567/"
    page.goto(list_url)
    row = page.locator(f"#m-{measure.pk}")
    done = row.get_by_role("button", name="ดำเนินการแล้วเสร็จ")
    expect(done).to_have_attribute("aria-pressed", "false")
    page.evaluate("window.__stayed = true")  # lost if the page reloads

    done.click()

    expect(done).to_have_attribute("aria-pressed", "true")
    expect(done).to_have_text("☑")
    expect(page.locator('[data-status-count="done"] .count')).to_have_text("2")
    assert page.evaluate("window.__stayed === true")  # saved by fetch, no reload
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.DONE

    page.reload()
    expect(page.locator(f"#m-{measure.pk}").get_by_role("button", name="ดำเนินการแล้วเสร็จ")
           ).to_have_attribute("aria-pressed", "true")


@pytest.mark.browser
def test_status_tick_works_without_javascript(live_server, criteria, demo, chromium_browser):
    measure = Measure.objects.get(year__year=2567, order=3)
    context = chromium_browser.new_context(java_script_enabled=False, locale="th-TH")
    page = context.new_page()
    try:
        page.goto(live_server.url + "/accounts/login/")
        log_in(page, "demo_officer", demo["password"])
        page.wait_for_url("**/dashboard/")
        page.goto(f"{live_server.url}/agencies/thung-ruang-thong/measures/2567/")
        page.locator(f"#m-{measure.pk}").get_by_role("button", name="ไม่สามารถดำเนินการได้").click()
        page.wait_for_url(f"**/measures/2567/#m-{measure.pk}")
        expect(page.get_by_role("alert")).to_contain_text("ไม่สามารถดำเนินการได้")
        measure.refresh_from_db()
        assert measure.status == MeasureStatus.CANNOT
    finally:
        context.close()
