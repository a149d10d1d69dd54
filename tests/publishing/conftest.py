import pytest
from django.contrib.auth import get_user_model

from assessments.models import AssessmentYear
from ita_portal.agencies.models import Agency
from ita_portal.documents.models import IssuedDocument
from ita_portal.documents.renderer import document_render
from ita_portal.documents.services import document_issue
from ita_portal.signing.demo import make_certificate
from memos.models import Memo, MemoState
from reports.documents import report_payload, report_variant

AGENCY = "thung-ruang-thong"
PASSWORD = "test-signing-password"


@pytest.fixture(scope="session")
def certificate(tmp_path_factory):
    """A throwaway self-signed key and certificate: (key path, cert path, password)."""
    key, cert = make_certificate(tmp_path_factory.mktemp("signing"), password=PASSWORD,
                                 common_name="ITA Portal ทดสอบ")
    return key, cert, PASSWORD


@pytest.fixture(autouse=True)
def signing(settings, certificate):
    key, cert, password = certificate
    settings.SIGNING_KEY_FILE = str(key)
    settings.SIGNING_CERT_FILE = str(cert)
    settings.SIGNING_KEY_PASSWORD = password
    return settings


@pytest.fixture
def publications_storage(documents_storage):
    """Where the signed files of a test go (tests/conftest.py puts them in its folder)."""
    return documents_storage


@pytest.fixture
def users(demo):
    return {u.username: u for u in get_user_model().objects.filter(username__startswith="demo_")}


@pytest.fixture
def agency(demo):
    return Agency.objects.get(code=AGENCY)


@pytest.fixture
def issued(agency, users):
    """issued(kind="plan", year=2567): a live report issued and rendered (ready)."""

    def _issue(kind="plan", year=2567, layout="by_indicator", by="demo_officer", **extra):
        criteria = AssessmentYear.objects.get(year=year)
        payload = report_payload(agency, criteria, kind, layout=layout)
        payload.update(extra)
        document = document_issue(
            agency=agency, year=criteria, kind=kind,
            variant=report_variant(kind, payload["layout"], ""),
            payload=payload, acting_user=users[by],
        )
        document_render(document.pk)
        return IssuedDocument.objects.get(pk=document.pk)

    return _issue


@pytest.fixture
def approve(agency):
    """approve(document, decision="อนุมัติ", state=DECIDED): a memo that carried it."""

    def _approve(document, decision="อนุมัติ", state=MemoState.DECIDED):
        return Memo.objects.create(
            agency=agency, year=AssessmentYear.objects.get(year=document.year),
            report_kind=document.kind, unit="สำนักปลัด", subject=f"รายงาน {document.title}",
            salutation="นายก", proposer_name="ผู้เสนอ", proposer_position="นักวิเคราะห์",
            state=state, decision=decision if state == MemoState.DECIDED else "",
            report_document=document,
        )

    return _approve


def published_files(storage) -> list[str]:
    """Every signed file under published/ in the test's storage."""
    found = []

    def walk(folder):
        dirs, files = storage.listdir(folder)
        found.extend(f"{folder}/{name}" for name in files)
        for name in dirs:
            walk(f"{folder}/{name}")

    if storage.exists("published"):
        walk("published")
    return found
