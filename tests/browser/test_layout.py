"""Officer pages on a phone and at a desk (issue 13, point 9).

At 360 px nothing scrolls sideways, neither the page nor a table inside it: wide tables
become cards. At 1280 px the measure list gives the measure's own text the widest column.
Screenshots of each page at 360, 390 and 1280 px go to test-artifacts/layout-*.png.
"""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS, TIMEOUT_MS
from tests.browser.test_accessibility import (
    AGENCY,
    log_in_as_officer,
    officer_pages,
    open_page,
    serious_violations,
)

WIDTHS = (360, 390, 1280)
SHOTS = {"dashboard", "measure-list", "readiness", "result-edit", "reports"}
CARD_PAGES = {"measure-list", "readiness", "result-edit", "results", "reports", "activity"}

SIDEWAYS = """() => {
  const page = document.scrollingElement.scrollWidth > innerWidth
    ? [`page ${document.scrollingElement.scrollWidth} > ${innerWidth}`] : [];
  const inner = [...document.querySelectorAll('main *')].filter(e => {
    const style = getComputedStyle(e);
    return ['auto', 'scroll'].includes(style.overflowX) && e.scrollWidth > e.clientWidth + 1;
  }).map(e => `${e.tagName.toLowerCase()}.${e.className} ${e.scrollWidth} > ${e.clientWidth}`);
  const controls = [...document.querySelectorAll('main :is(a, button, input, select, textarea)')]
    .filter(e => e.offsetParent && e.getBoundingClientRect().right > innerWidth + 1)
    .map(e => `${e.tagName.toLowerCase()} "${e.textContent.trim().slice(0, 20)}" ends at `
              + Math.round(e.getBoundingClientRect().right));
  return [...page, ...inner, ...controls.slice(0, 3)];
}"""


@pytest.fixture
def sized_page(chromium_browser):
    """sized_page(width): a logged-out page of a phone (below 800 px) or a desk window."""
    contexts = []

    def _open(width: int) -> Page:
        phone = width < 800
        context = chromium_browser.new_context(
            locale="th-TH", viewport={"width": width, "height": 800}, is_mobile=phone,
            has_touch=phone, device_scale_factor=1,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()


@pytest.mark.browser
def test_officer_pages_never_scroll_sideways_at_360_px(live_server, criteria, demo, sized_page):
    pages = officer_pages()
    page = sized_page(360)
    log_in_as_officer(page, live_server.url, demo["password"])
    problems = {}
    for name, path in pages:
        open_page(page, live_server.url + path)
        found = page.evaluate(SIDEWAYS)
        if found:
            problems[name] = found
        # The cards keep the pages accessible (axe-core at the phone's width too).
        if name in CARD_PAGES and (violations := serious_violations(page)):
            problems[f"{name} (axe)"] = violations
    assert not problems, "\n".join(f"{name}: {found}" for name, found in problems.items())


@pytest.mark.browser
def test_screenshots_at_phone_and_desk_widths(live_server, criteria, demo, sized_page):
    """Not a check: pictures for a person to look at after a run."""
    ARTIFACTS.mkdir(exist_ok=True)
    pages = [(name, path) for name, path in officer_pages() if name in SHOTS]
    for width in WIDTHS:
        page = sized_page(width)
        log_in_as_officer(page, live_server.url, demo["password"])
        for name, path in pages:
            open_page(page, live_server.url + path)
            page.screenshot(path=str(Path(ARTIFACTS) / f"layout-{name}-{width}.png"),
                            full_page=True)


@pytest.mark.browser
def test_on_a_phone_a_measure_is_a_card_with_its_status_boxes_in_reach(
    live_server, criteria, demo, sized_page
):
    page = sized_page(360)
    log_in_as_officer(page, live_server.url, demo["password"])
    open_page(page, f"{live_server.url}/agencies/{AGENCY}/measures/2567/")
    row = page.locator("tr[data-measure]").first
    done = row.get_by_role("button", name="ดำเนินการแล้วเสร็จ")
    expect(done).to_be_visible()
    # Labelled on the card itself, next to the box.
    label = done.evaluate("b => getComputedStyle(b, '::after').content")
    assert label == '"ดำเนินการแล้วเสร็จ"', label
    edit = row.get_by_role("link", name="แก้ไข")
    edit.scroll_into_view_if_needed()
    expect(edit).to_be_in_viewport(ratio=1)
    done.click()
    expect(done).to_have_attribute("aria-pressed", "true")
    expect(done).to_have_text("☑")


@pytest.mark.browser
def test_at_a_desk_the_measures_text_is_the_widest_column(live_server, criteria, demo, sized_page):
    page = sized_page(1280)
    log_in_as_officer(page, live_server.url, demo["password"])
    open_page(page, f"{live_server.url}/agencies/{AGENCY}/measures/2567/")
    widths = page.locator("tr[data-measure]").first.locator("td").evaluate_all(
        "cells => cells.map(c => c.getBoundingClientRect().width)"
    )
    title, others = widths[1], widths[:1] + widths[2:]
    assert title > max(others), widths
    assert title >= 300, widths  # a title of a line or two, not four to six
    edit = page.locator("tr[data-measure]").first.get_by_role("link", name="แก้ไข")
    box = edit.bounding_box()
    cell = page.locator("tr[data-measure]").first.locator("td").last.bounding_box()
    assert box["x"] + box["width"] <= cell["x"] + cell["width"], (box, cell)


@pytest.mark.browser
def test_the_report_preview_has_a_way_back_and_a_download_on_screen_only(
    live_server, criteria, demo, sized_page
):
    page = sized_page(390)
    log_in_as_officer(page, live_server.url, demo["password"])
    open_page(page, f"{live_server.url}/agencies/{AGENCY}/reports/2567/plan/")
    toolbar = page.get_by_role("navigation", name="ตัวอย่างรายงาน")
    expect(toolbar).to_be_visible()
    download = toolbar.get_by_role("link", name="ดาวน์โหลด PDF (ฉบับร่าง)")
    response = page.request.get(live_server.url + download.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth")
    page.emulate_media(media="print")
    expect(toolbar).to_be_hidden()
    page.emulate_media(media="screen")
    toolbar.get_by_role("link", name="กลับไปหน้ารายงาน").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "รายงานประจำปีงบประมาณ พ.ศ. 2567"
    )
