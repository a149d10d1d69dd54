from django.db.models import QuerySet

from ita_portal.agencies.models import Agency
from ita_portal.documents.models import IssuedDocument


def documents_of(agency: Agency, year=None) -> QuerySet[IssuedDocument]:
    """An agency's issued documents (of one fiscal year: a number, or the criteria),
    newest first, without their payloads (large; list pages print only the columns)."""
    documents = IssuedDocument.objects.filter(agency=agency)
    if year is not None:
        documents = documents.filter(year=getattr(year, "year", year))
    return (
        documents.select_related("issued_by", "superseded_by")
        .defer("payload")
        .order_by("-issued_at", "-id")
    )
