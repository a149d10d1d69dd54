"""Publishing panels on the agency's pages (issued document, memo, readiness board)."""

from django import template

from ita_portal.permissions import PUBLISH_OIT_PAGE, UNPUBLISH_PUBLICATION, may
from publishing.models import OITPage, Publication
from publishing.selectors import report_publications
from publishing.services import publish_refusal

register = template.Library()


@register.inclusion_tag("publishing/_publish_panel.html", takes_context=True)
def publish_panel(context, document):
    """Publish status of an issued document, and the publish/unpublish forms for those
    allowed (with a reason field when publishing would be a correction)."""
    user = context["request"].user
    publication = Publication.objects.filter(document=document).first()
    versions = list(report_publications(document).only("id", "version", "status"))
    refusal = "" if publication is not None else publish_refusal(document, user)
    return {
        "document": document,
        "publication": publication,
        "last_version": versions[0] if versions else None,
        "can_publish": publication is None and not refusal,
        "refusal": refusal,
        "can_unpublish": publication is not None
        and publication.is_public
        and may(user, UNPUBLISH_PUBLICATION, publication),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("publishing/_oit_page_panel.html", takes_context=True)
def oit_page_panel(context, agency, year):
    user = context["request"].user
    page = OITPage.objects.filter(agency=agency, year=year).first()
    return {
        "agency": agency,
        "year": year,
        "page": page,
        "can_toggle": may(user, PUBLISH_OIT_PAGE, agency),
        "csrf_token": context.get("csrf_token"),
    }
