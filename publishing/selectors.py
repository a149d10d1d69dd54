"""Reads of publishing: what the public may see, and what an agency has published."""

from django.db.models import Q, QuerySet

from ita_portal.documents.models import IssuedDocument
from memos.models import Memo, MemoState
from publishing.models import Publication, PublicationStatus

APPROVED = "อนุมัติ"


def approving_memo(document: IssuedDocument) -> Memo | None:
    """The memo decided "อนุมัติ" that carried ``document`` (as its report) or is it."""
    return (
        Memo.objects.filter(
            Q(report_document=document) | Q(document=document),
            state=MemoState.DECIDED,
            decision=APPROVED,
        )
        .order_by("-decided_at", "-id")
        .first()
    )


def approved_by_memo(document: IssuedDocument) -> bool:
    cached = getattr(document, "_approved_by_memo", None)
    if cached is None:
        cached = document._approved_by_memo = approving_memo(document) is not None
    return cached


def report_publications(publication_or_document) -> QuerySet[Publication]:
    """Every version of the report (agency, year, kind, variant), newest first."""
    item = publication_or_document
    return Publication.objects.filter(
        agency_id=item.agency_id, year=item.year, kind=item.kind, variant=item.variant
    ).order_by("-version")


def public_publications() -> QuerySet[Publication]:
    return Publication.objects.filter(status=PublicationStatus.PUBLISHED)


def public_publication(pk: int) -> Publication | None:
    return public_publications().select_related("agency", "document").filter(pk=pk).first()


def public_history(publication: Publication) -> list[Publication]:
    """The versions of the report the public sees (unpublished ones left out)."""
    return list(
        report_publications(publication).filter(status=PublicationStatus.PUBLISHED)
        .only("id", "version", "published_at", "reason", "title", "sha256")
    )


def latest_public_version(publication: Publication) -> Publication | None:
    return report_publications(publication).filter(status=PublicationStatus.PUBLISHED).first()


def publication_by_sha256(digest: str) -> Publication | None:
    return public_publications().select_related("agency").filter(sha256=digest).first()


def agency_publications(agency) -> QuerySet[Publication]:
    return (
        Publication.objects.filter(agency=agency)
        .select_related("published_by", "unpublished_by", "document")
        .defer("document__payload")
        .order_by("-year", "kind", "variant", "-version")
    )
