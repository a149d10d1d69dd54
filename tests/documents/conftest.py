import pytest
from django.contrib.auth import get_user_model

from assessments.models import AssessmentYear
from ita_portal.agencies.models import Agency
from ita_portal.documents.services import document_issue
from reports.documents import report_payload, report_variant

AGENCY = "thung-ruang-thong"


@pytest.fixture
def officer(demo):
    return get_user_model().objects.get(username="demo_officer")


@pytest.fixture
def agency(demo):
    return Agency.objects.get(code=AGENCY)


@pytest.fixture
def year_2567(db):
    return AssessmentYear.objects.get(year=2567)


@pytest.fixture
def issue(agency, officer):
    """issue(kind="plan", year=2567, layout="numbered", by=officer): issue a live report."""

    def _issue(kind="plan", year=2567, layout="by_indicator", by=None, round_kind=""):
        criteria = AssessmentYear.objects.get(year=year)
        payload = report_payload(agency, criteria, kind, layout=layout, round_kind=round_kind)
        return document_issue(
            agency=agency,
            year=criteria,
            kind=kind,
            variant=report_variant(kind, payload["layout"], round_kind),
            payload=payload,
            acting_user=by or officer,
        )

    return _issue
