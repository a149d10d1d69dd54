import rules

from ita_portal.agencies.predicates import is_agency_admin, is_member, is_superuser
from ita_portal.permissions import (
    ADD_AGENCY,
    ADD_MEMBERSHIP,
    ADD_UNIT,
    AGENCIES_ADMIN,
    CHANGE_AGENCY,
    CHANGE_MEMBERSHIP,
    CHANGE_UNIT,
    DELETE_AGENCY,
    DELETE_MEMBERSHIP,
    DELETE_UNIT,
    VIEW_AGENCY,
    VIEW_AGENCY_PRIVATE,
    VIEW_MEMBERSHIP,
    VIEW_UNIT,
)

# Drafts, dashboards and everything not yet published: members of the agency only.
# The object may be the agency or anything of it (see predicates.agency_id_of).
rules.add_perm(VIEW_AGENCY_PRIVATE, is_superuser | is_member)

# The admin: system administrators manage all agencies; an agency admin manages
# the units and memberships of their own agency.
rules.add_perm(AGENCIES_ADMIN, is_superuser | is_agency_admin)
rules.add_perm(ADD_AGENCY, is_superuser)
rules.add_perm(DELETE_AGENCY, is_superuser)
rules.add_perm(VIEW_AGENCY, is_superuser | is_agency_admin)
rules.add_perm(CHANGE_AGENCY, is_superuser | is_agency_admin)
for name in (
    VIEW_UNIT,
    ADD_UNIT,
    CHANGE_UNIT,
    DELETE_UNIT,
    VIEW_MEMBERSHIP,
    ADD_MEMBERSHIP,
    CHANGE_MEMBERSHIP,
    DELETE_MEMBERSHIP,
):
    rules.add_perm(name, is_superuser | is_agency_admin)
