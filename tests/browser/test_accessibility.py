"""Accessibility (axe-core) and 360 px phones on the main public and officer pages.

axe-core comes inside axe-playwright-python (axe_playwright_python/axe.min.js): nothing is
downloaded at run time. Only serious and critical violations fail the tests.
"""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from playwright.sync_api import Page

from assessments.models import AssessmentYear
from ita_portal.documents.renderer import document_render
from ita_portal.documents.services import document_issue
from reports.documents import report_payload, report_variant
from tests.browser.conftest import ARTIFACTS, TIMEOUT_MS
from tests.browser.test_journeys import log_in

AGENCY = "thung-ruang-thong"
BLOCKING = {"serious", "critical"}
PHONE = {"width": 360, "height": 740}
# Looked at by a person after a run (test-artifacts/mobile-*.png).
SCREENSHOTS = {"home", "agency-dashboard", "result-edit", "measure-list", "readiness", "reports"}

PUBLIC_PAGES = [
    ("home", "/"),
    ("search", "/?q=ท่าน้ำใส"),
    ("agency-public", f"/agencies/{AGENCY}/"),
    ("overview", "/overview/?year=2566"),
    ("open-data", "/open-data/"),
    ("criteria-list", "/criteria/"),
    ("criteria-2566", "/criteria/2566/"),
    ("criteria-2568", "/criteria/2568/"),
    ("login", "/accounts/login/"),
    ("password-reset", "/accounts/password-reset/"),
]

OFFICER_PAGES = [
    ("dashboard", "/dashboard/"),
    ("agency-dashboard", f"/agencies/{AGENCY}/dashboard/"),
    ("results", f"/agencies/{AGENCY}/results/2566/"),
    ("result-edit", f"/agencies/{AGENCY}/results/2566/edit/"),
    ("measure-list", f"/agencies/{AGENCY}/measures/2567/"),
    ("measure-form", f"/agencies/{AGENCY}/measures/2567/new/"),
    ("readiness", f"/agencies/{AGENCY}/readiness/2567/"),
    ("reports", f"/agencies/{AGENCY}/reports/2567/"),
    ("activity", f"/agencies/{AGENCY}/activity/"),
    ("memo-list", f"/agencies/{AGENCY}/memos/"),
    ("memo-form", f"/agencies/{AGENCY}/memos/new/2567/plan/"),
]


def issued_document_path() -> str:
    """Issue the demo agency's 2567 plan and render its PDF, as the worker would."""
    from ita_portal.agencies.models import Agency

    agency = Agency.objects.get(code=AGENCY)
    year = AssessmentYear.objects.get(year=2567)
    payload = report_payload(agency, year, "plan", layout="by_indicator")
    document = document_issue(
        agency=agency, year=year, kind="plan",
        variant=report_variant("plan", payload["layout"]), payload=payload,
        acting_user=get_user_model().objects.get(username="demo_officer"),
    )
    document_render(document.pk)
    return f"/agencies/{AGENCY}/documents/{document.pk}/"


def memo_path() -> str:
    """A draft memo of the demo agency's 2567 plan, with the usual chain."""
    from ita_portal.agencies.models import Agency
    from memos.documents import memo_defaults
    from memos.services import chain_save, default_chain, memo_create

    agency = Agency.objects.get(code=AGENCY)
    users = get_user_model().objects
    chain_save(agency, default_chain(agency), acting_user=users.get(username="demo_agency_admin"))
    officer = users.get(username="demo_officer")
    year = AssessmentYear.objects.get(year=2567)
    memo = memo_create(agency=agency, year=year, report_kind="plan", acting_user=officer,
                       **memo_defaults(agency, year, "plan", "", officer))
    return f"/agencies/{AGENCY}/memos/{memo.pk}/"


def officer_pages() -> list[tuple[str, str]]:
    return [*OFFICER_PAGES, ("document", issued_document_path()), ("memo", memo_path())]


def open_page(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    page.wait_for_load_state("load")


def serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
                f"      {', '.join(map(str, node['target']))}: {node['html'][:200]}"
            )
    return found


def check_axe(page: Page, base_url: str, pages: list[tuple[str, str]]) -> None:
    problems: dict[str, list[str]] = {}  # one entry per violation and element, with its pages
    for name, path in pages:
        open_page(page, base_url + path)
        for line in serious_violations(page):
            problems.setdefault(line, []).append(name)
    assert not problems, "axe-core serious/critical violations:\n" + "\n".join(
        f"[{', '.join(names)}] {line}" for line, names in problems.items()
    )


def check_phone(page: Page, base_url: str, pages: list[tuple[str, str]]) -> None:
    too_wide = []
    for name, path in pages:
        open_page(page, base_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"] + 1:
            culprits = page.evaluate(
                """(limit) => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > limit + 1
                              && e.parentElement.getBoundingClientRect().right <= limit + 1)
                    .slice(0, 5)
                    .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')
                              + ' → ' + Math.round(e.getBoundingClientRect().right))""",
                PHONE["width"],
            )
            too_wide.append(f"{name} {path}: scrollWidth {width}; {culprits}")
        if name in SCREENSHOTS:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(Path(ARTIFACTS) / f"mobile-{name}.png"), full_page=True)
    assert not too_wide, "pages wider than 360 px:\n" + "\n".join(too_wide)


@pytest.fixture
def phone_page(chromium_browser):
    context = chromium_browser.new_context(locale="th-TH", viewport=PHONE, is_mobile=True,
                                           has_touch=True, device_scale_factor=1)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def log_in_as_officer(page: Page, base_url: str, password: str) -> None:
    page.goto(base_url + "/accounts/login/")
    log_in(page, "demo_officer", password)
    page.wait_for_url("**/dashboard/")


@pytest.mark.browser
def test_public_pages_have_no_serious_accessibility_violations(
    live_server, criteria, demo, browser_page: Page
):
    check_axe(browser_page, live_server.url, PUBLIC_PAGES)


@pytest.mark.browser
def test_officer_pages_have_no_serious_accessibility_violations(
    live_server, criteria, demo, browser_page: Page
):
    pages = officer_pages()
    log_in_as_officer(browser_page, live_server.url, demo["password"])
    check_axe(browser_page, live_server.url, pages)


@pytest.mark.browser
def test_public_pages_fit_a_360px_phone(live_server, criteria, demo, phone_page: Page):
    check_phone(phone_page, live_server.url, PUBLIC_PAGES)


@pytest.mark.browser
def test_officer_pages_fit_a_360px_phone(live_server, criteria, demo, phone_page: Page):
    pages = officer_pages()
    log_in_as_officer(phone_page, live_server.url, demo["password"])
    check_phone(phone_page, live_server.url, pages)
