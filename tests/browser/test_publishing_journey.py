"""The agency publishes an approved report; a citizen, not logged in, opens its public
page, downloads the signed PDF and checks it (pyHanko; the hash shown on the page), then
verifies the downloaded file on the verification page."""

import hashlib
import io
from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import Page, expect
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from assessments.models import AssessmentYear
from ita_portal.agencies.models import Agency
from ita_portal.documents.renderer import document_render
from ita_portal.documents.services import document_issue
from ita_portal.signing.demo import make_certificate
from ita_portal.signing.pdf import portal_certificate
from memos.models import Memo, MemoState
from publishing.models import Publication
from reports.documents import report_payload
from tests.browser.test_journeys import log_in


@pytest.fixture
def signing(settings, tmp_path):
    key, cert = make_certificate(tmp_path / "signing", password="pw",
                                 common_name="ITA Portal ทดสอบเบราว์เซอร์")
    settings.SIGNING_KEY_FILE, settings.SIGNING_CERT_FILE = str(key), str(cert)
    settings.SIGNING_KEY_PASSWORD = "pw"


@pytest.fixture
def approved_report(criteria, demo):
    agency = Agency.objects.get(code="thung-ruang-thong")
    from django.contrib.auth import get_user_model

    officer = get_user_model().objects.get(username="demo_officer")
    year = AssessmentYear.objects.get(year=2567)
    document = document_issue(
        agency=agency, year=year, kind="plan", variant="",
        payload=report_payload(agency, year, "plan", layout="by_indicator"),
        acting_user=officer,
    )
    document = document_render(document.pk)
    Memo.objects.create(
        agency=agency, year=year, report_kind="plan", unit="สำนักปลัด", subject="รายงาน",
        salutation="นายก", proposer_name="ผู้เสนอ", proposer_position="นักวิเคราะห์",
        state=MemoState.DECIDED, decision="อนุมัติ", report_document=document,
    )
    return document


def _validated(content: bytes):
    """pyHanko's validation runs its own event loop: not in Playwright's thread."""

    def validate():
        signature = PdfFileReader(io.BytesIO(content)).embedded_signatures[-1]
        return validate_pdf_signature(
            signature, ValidationContext(trust_roots=[portal_certificate()])
        )

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(validate).result()


@pytest.mark.browser
def test_a_citizen_downloads_and_checks_the_signed_pdf(
    live_server, signing, approved_report, demo, chromium_browser, browser_page: Page, tmp_path
):
    page = browser_page
    document = approved_report
    page.goto(live_server.url + "/accounts/login/")
    log_in(page, "demo_officer", demo["password"])
    page.wait_for_url("**/dashboard/")
    page.goto(f"{live_server.url}/agencies/thung-ruang-thong/documents/{document.pk}/")
    page.get_by_role("button", name="เผยแพร่ต่อสาธารณะ").click()
    expect(page.get_by_role("alert").first).to_contain_text("ฉบับที่ 1 แล้ว")
    page.get_by_role("link", name="หน้าสาธารณะของเอกสาร").click()
    public_url = page.url
    publication = Publication.objects.get()
    assert public_url.endswith(f"/documents/{publication.pk}/")

    # A citizen: a new browser context, no cookies.
    context = chromium_browser.new_context(locale="th-TH", accept_downloads=True)
    citizen = context.new_page()
    try:
        citizen.goto(public_url)
        expect(citizen.get_by_role("heading", level=1)).to_have_text(document.title)
        expect(citizen.get_by_test_id("version")).to_have_text("ฉบับที่ 1")
        expect(citizen.get_by_test_id("signature")).to_contain_text("ลายมือชื่อดิจิทัลถูกต้อง")
        expect(citizen.get_by_test_id("report-html").locator("table").first).to_be_visible()
        shown_sha = citizen.get_by_test_id("sha256").inner_text().strip()

        with citizen.expect_download() as download_info:
            citizen.get_by_test_id("download").click()
        download = download_info.value
        assert download.suggested_filename == document.filename
        path = tmp_path / "published.pdf"
        download.save_as(path)
        content = path.read_bytes()
        assert hashlib.sha256(content).hexdigest() == shown_sha == publication.sha256

        status = _validated(content)
        assert status.intact and status.valid and status.trusted
        assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        assert "ITA Portal ทดสอบเบราว์เซอร์" in status.signing_cert.subject.human_friendly

        # The verification page recognises the downloaded file.
        citizen.get_by_role("link", name="ตรวจว่าไฟล์ PDF เป็นฉบับที่เผยแพร่หรือไม่").click()
        citizen.get_by_label("ไฟล์ PDF").set_input_files(str(path))
        citizen.get_by_role("button", name="ตรวจสอบ").click()
        result = citizen.get_by_test_id("verify-result")
        expect(result).to_contain_text("เป็นฉบับที่เผยแพร่")
        expect(result.get_by_role("link")).to_have_attribute(
            "href", f"/documents/{publication.pk}/"
        )
    finally:
        context.close()
