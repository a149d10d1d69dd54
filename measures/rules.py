import rules

from ita_portal.agencies.models import Role
from ita_portal.agencies.predicates import has_role, is_member, is_staff, is_superuser

# An agency's measures: every member reads them; those who prepare them write.
rules.add_perm("measures.view_measure", is_superuser | is_member)
rules.add_perm(
    "measures.change_measure",
    is_superuser | has_role(Role.OFFICER, Role.HEAD_OF_OFFICE, Role.AGENCY_ADMIN),
)

# The shared suggestion library: system administrators edit it in the admin; an agency
# adds its own entries from the measures pages (change_measure on its agency).
rules.add_perm("measures", is_staff)
rules.add_perm("measures.view_measuresuggestion", is_staff)
for action in ("add", "change", "delete"):
    rules.add_perm(f"measures.{action}_measuresuggestion", is_superuser)
