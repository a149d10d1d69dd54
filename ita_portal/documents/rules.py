import rules

from ita_portal.agencies.models import Role
from ita_portal.agencies.predicates import has_role, is_member, is_superuser
from ita_portal.permissions import (
    CHANGE_DOCUMENT,
    DELETE_DOCUMENT,
    DOCUMENTS_ADMIN,
    ISSUE_DOCUMENT,
    RENDER_DOCUMENT,
    VIEW_DOCUMENT,
    VIEW_REGISTER_COUNTER,
    model_perm,
)

preparers = has_role(Role.OFFICER, Role.HEAD_OF_OFFICE, Role.AGENCY_ADMIN)

# Issued documents: every member of the agency reads them; those who prepare reports
# issue them and may queue a failed render again. Nobody changes or deletes one, not
# even a system administrator: a correction is a new document.
rules.add_perm(DOCUMENTS_ADMIN, is_superuser | is_member)
rules.add_perm(VIEW_DOCUMENT, is_superuser | is_member)
rules.add_perm(ISSUE_DOCUMENT, preparers)
rules.add_perm(RENDER_DOCUMENT, is_superuser | preparers)
rules.add_perm(CHANGE_DOCUMENT, rules.always_deny)
rules.add_perm(DELETE_DOCUMENT, rules.always_deny)
rules.add_perm(VIEW_REGISTER_COUNTER, is_superuser)
for action in ("add", "change", "delete"):
    rules.add_perm(model_perm(action, "documents", "registercounter"), rules.always_deny)
