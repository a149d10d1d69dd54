import rules

from ita_portal.agencies.predicates import is_agency_admin, is_member, is_superuser

# Drafts, dashboards and everything not yet published: members of the agency only.
rules.add_perm("agencies.view_agency_private", is_superuser | is_member)

# The admin: system administrators manage all agencies; an agency admin manages
# the units and memberships of their own agency.
rules.add_perm("agencies", is_superuser | is_agency_admin)
rules.add_perm("agencies.add_agency", is_superuser)
rules.add_perm("agencies.delete_agency", is_superuser)
rules.add_perm("agencies.view_agency", is_superuser | is_agency_admin)
rules.add_perm("agencies.change_agency", is_superuser | is_agency_admin)
for model in ("unit", "membership"):
    for action in ("view", "add", "change", "delete"):
        rules.add_perm(f"agencies.{action}_{model}", is_superuser | is_agency_admin)
