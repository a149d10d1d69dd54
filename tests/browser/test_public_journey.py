"""A citizen finds the demo agency from the front page in two clicks and sees its
published documents, its scores with the chart, and its measures."""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import Page, expect

from assessments.models import AssessmentYear
from ita_portal.documents.services import document_issue
from public.selectors import public_document_url
from publishing.models import Publication, PublicationStatus
from reports.documents import report_payload, report_variant

AGENCY = "องค์การบริหารส่วนตำบลทุ่งรวงทอง"


def published(agency, kind: str, year: int, status=PublicationStatus.PUBLISHED) -> Publication:
    criteria = AssessmentYear.objects.get(year=year)
    payload = report_payload(agency, criteria, kind)
    document = document_issue(
        agency=agency, year=criteria, kind=kind, variant=report_variant(kind, payload["layout"]),
        payload=payload, acting_user=get_user_model().objects.get(username="demo_officer"),
    )
    return Publication.objects.create(
        document=document, agency=agency, year=year, kind=kind, variant=document.variant,
        title=document.title, version=1, published_at=timezone.now(), status=status,
    )


@pytest.mark.browser
def test_citizen_finds_the_agency_in_two_clicks_and_sees_its_publications(
    live_server, criteria, demo, browser_page: Page
):
    agency = demo["agency"]
    plan = published(agency, "plan", 2567)
    hidden = published(agency, "analysis", 2566, status=PublicationStatus.UNPUBLISHED)
    page = browser_page
    page.goto(live_server.url + "/")
    expect(page.get_by_test_id("latest-publications")).to_contain_text(plan.title)
    expect(page.get_by_test_id("latest-publications")).not_to_contain_text(hidden.title)

    page.get_by_role("searchbox", name="ค้นหาหน่วยงาน").fill("ทุ่งรวง")
    page.get_by_role("button", name="ค้นหา", exact=True).click()  # click 1
    page.wait_for_url(re.compile(r"[?&]q="))
    expect(page.get_by_test_id("agency-results")).not_to_contain_text("ท่าน้ำใส")
    page.get_by_role("link", name=AGENCY).click()  # click 2
    page.wait_for_url(f"{live_server.url}/agencies/thung-ruang-thong/")

    expect(page.get_by_role("heading", level=1)).to_have_text(AGENCY)
    years = page.get_by_test_id("public-years")
    expect(years.get_by_role("link", name="ปีงบประมาณ พ.ศ. 2567")).to_have_attribute(
        "aria-current", "page"
    )
    # 2566 has only an unpublished version: not a public year.
    expect(years.get_by_role("link")).to_have_count(1)
    documents = page.get_by_test_id("published-documents")
    link = documents.get_by_role("link", name=plan.title)
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", public_document_url(plan))
    expect(documents).not_to_contain_text(hidden.title)
    measures = page.get_by_test_id("measures")
    expect(measures).to_contain_text("ยังไม่ได้ดำเนินการ")

    # Open data of that year, linked from the page, in Thai.
    with page.expect_download() as download:
        page.get_by_role("link", name="มาตรการ (CSV)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.startswith("year,agency_code,agency_name,order")
    assert AGENCY in text
