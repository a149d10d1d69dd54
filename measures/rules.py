import rules

from ita_portal.agencies.models import Role
from ita_portal.agencies.predicates import has_role, is_member, is_staff, is_superuser
from ita_portal.permissions import (
    CHANGE_MEASURE,
    MEASURES_ADMIN,
    VIEW_MEASURE,
    VIEW_MEASURE_SUGGESTION,
    model_perm,
)

# An agency's measures and everything beside them (evidence, progress rounds, the OIT
# readiness board, indicator plans, report choices): every member reads them; those who
# prepare them write. The object is the agency or the thing itself: a Measure, a
# MeasureEvidence, a ProgressRound, an OITItemReadiness, an IndicatorPlan …
rules.add_perm(VIEW_MEASURE, is_superuser | is_member)
rules.add_perm(
    CHANGE_MEASURE,
    is_superuser | has_role(Role.OFFICER, Role.HEAD_OF_OFFICE, Role.AGENCY_ADMIN),
)

# The shared suggestion library: system administrators edit it in the admin; an agency
# adds its own entries from the measures pages (CHANGE_MEASURE on its agency).
rules.add_perm(MEASURES_ADMIN, is_staff)
rules.add_perm(VIEW_MEASURE_SUGGESTION, is_staff)
for action in ("add", "change", "delete"):
    rules.add_perm(model_perm(action, "measures", "measuresuggestion"), is_superuser)
