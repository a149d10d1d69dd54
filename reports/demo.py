"""The demo agency's issued documents (manage.py seed_demo, after the agencies, results and
measures of ita_portal.agencies.demo)."""

from django.contrib.auth import get_user_model

from assessments.models import AssessmentYear
from ita_portal.agencies.models import Agency
from ita_portal.documents.models import IssuedDocument
from ita_portal.documents.services import document_issue
from reports.documents import ReportUnavailable, report_payload, report_variant

# Documents the demo agency has issued: (kind, year, layout). Queued here, rendered by the
# worker that `make run` starts beside the web server.
DEMO_DOCUMENTS = [("analysis", 2566, ""), ("plan", 2567, ""), ("progress", 2567, "numbered")]


def seed_demo_documents() -> int:
    """Issue the demo agency's documents once (as demo_officer); returns how many."""
    agency = Agency.objects.get(code="thung-ruang-thong")
    if IssuedDocument.objects.filter(agency=agency).exists():
        return 0
    officer = get_user_model().objects.get(username="demo_officer")
    issued = 0
    for kind, year_number, layout in DEMO_DOCUMENTS:
        year = AssessmentYear.objects.filter(year=year_number).first()
        if year is None:
            continue
        try:
            payload = report_payload(agency, year, kind, layout=layout or "by_indicator")
        except ReportUnavailable:
            continue
        document_issue(
            agency=agency, year=year, kind=kind,
            variant=report_variant(kind, payload["layout"]),
            options={"layout": payload["layout"], "round": "", "thai_digits": True,
                     "with_cover": True},
            payload=payload, acting_user=officer,
        )
        issued += 1
    return issued
