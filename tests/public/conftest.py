import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from assessments.models import AssessmentYear
from ita_portal.agencies.models import Agency
from ita_portal.documents.services import document_issue
from publishing.models import Publication, PublicationStatus
from reports.documents import report_payload, report_variant

AGENCY = "thung-ruang-thong"


@pytest.fixture
def agency(demo) -> Agency:
    return demo["agency"]


@pytest.fixture
def officer(demo):
    return get_user_model().objects.get(username="demo_officer")


@pytest.fixture
def publish(agency, officer):
    """publish(kind="plan", year=2567): issue the agency's live report and publish it
    (rows made directly: publishing's services belong to the agency side)."""

    def _publish(
        kind="plan", year=2567, *, status=PublicationStatus.PUBLISHED, layout="by_indicator",
        of=None,
    ):
        target = of or agency
        criteria = AssessmentYear.objects.get(year=year)
        payload = report_payload(target, criteria, kind, layout=layout)
        variant = report_variant(kind, payload["layout"])
        version = Publication.objects.filter(
            agency=target, year=year, kind=kind, variant=variant
        ).count() + 1
        if version > 1:
            # A correction: the same data issued again would be refused as a duplicate.
            payload["preface_note"] = f"ฉบับแก้ไขที่ {version}"
        document = document_issue(
            agency=target, year=criteria, kind=kind, variant=variant, payload=payload,
            acting_user=officer if target == agency else get_user_model().objects.get(
                username="demo_admin"),
        )
        return Publication.objects.create(
            document=document, agency=target, year=year, kind=kind, variant=variant,
            title=document.title, version=version, published_at=timezone.now(),
            status=status, sha256="ab" * 32,
        )

    return _publish
