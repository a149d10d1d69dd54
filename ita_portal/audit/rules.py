import rules

from ita_portal.agencies.predicates import is_member, is_superuser
from ita_portal.permissions import AUDIT_ADMIN, VIEW_ACTIVITY, model_perm

# An agency's activity (who did what, when): its members and system administrators.
# The object is the agency or an event of it. Events are only ever added by the
# services, so nobody adds, changes or deletes one through the admin.
rules.add_perm(VIEW_ACTIVITY, is_superuser | is_member)
rules.add_perm(AUDIT_ADMIN, is_superuser)
for action in ("add", "change", "delete"):
    rules.add_perm(model_perm(action, "audit", "auditevent"), rules.always_deny)
