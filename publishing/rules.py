import rules

from ita_portal.agencies.models import Role
from ita_portal.agencies.predicates import has_role, is_agency_admin, is_member, is_superuser
from ita_portal.documents.models import IssuedDocument
from ita_portal.permissions import (
    PUBLISH_DOCUMENT,
    PUBLISH_OIT_PAGE,
    PUBLISHING_ADMIN,
    UNPUBLISH_PUBLICATION,
    VIEW_PUBLICATIONS,
)
from publishing.models import Publication
from publishing.selectors import approved_by_memo

preparers = has_role(Role.OFFICER, Role.HEAD_OF_OFFICE, Role.AGENCY_ADMIN)


def _document(obj) -> IssuedDocument | None:
    if isinstance(obj, IssuedDocument):
        return obj
    if isinstance(obj, Publication):
        return obj.document
    return None


@rules.predicate
def memo_approved(user, obj) -> bool:
    document = _document(obj)
    return document is not None and approved_by_memo(document)


# A document carried by a memo that was approved (อนุมัติ) may be published by those who
# prepare the agency's reports; any other document only by the agency admin (documents the
# agency chooses not to route). Who may publish a version may also withdraw it. These are
# the agency's own acts: asked through may(), with no superuser shortcut.
rules.add_perm(PUBLISH_DOCUMENT, is_agency_admin | (preparers & memo_approved))
rules.add_perm(UNPUBLISH_PUBLICATION, is_agency_admin | (preparers & memo_approved))
rules.add_perm(PUBLISH_OIT_PAGE, preparers)
rules.add_perm(VIEW_PUBLICATIONS, is_superuser | is_member)
rules.add_perm(PUBLISHING_ADMIN, is_superuser)
