from django.db.models import QuerySet

from assessments.models import AssessmentYear
from ita_portal.agencies.models import Agency
from ita_portal.documents.models import IssuedDocument


def documents_of(agency: Agency, year: AssessmentYear | None = None) -> QuerySet[IssuedDocument]:
    """An agency's issued documents, newest first, without their payloads (they can be
    large; list pages print only the columns)."""
    documents = IssuedDocument.objects.filter(agency=agency)
    if year is not None:
        documents = documents.filter(year=year)
    return (
        documents.select_related("year", "issued_by", "superseded_by")
        .defer("payload")
        .order_by("-issued_at", "-id")
    )
