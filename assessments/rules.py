import rules

from ita_portal.agencies.models import Role
from ita_portal.agencies.predicates import has_role, is_member, is_staff, is_superuser
from ita_portal.permissions import (
    ASSESSMENTS_ADMIN,
    CHANGE_RESULT,
    CONFIRM_CRITERIA,
    VIEW_INDICATOR_SUGGESTION,
    VIEW_RESULT,
    model_perm,
)

CRITERIA_MODELS = (
    "assessmentyear",
    "tool",
    "indicator",
    "subindicator",
    "oititem",
    "gradeband",
    "ratingband",
)

# The criteria are public facts; staff may read them in the admin, only system
# administrators correct or confirm them.
rules.add_perm(ASSESSMENTS_ADMIN, is_staff)
for model in CRITERIA_MODELS:
    rules.add_perm(model_perm("view", "assessments", model), is_staff)
    for action in ("add", "change", "delete"):
        rules.add_perm(model_perm(action, "assessments", model), is_superuser)
rules.add_perm(CONFIRM_CRITERIA, is_superuser)

# An agency's results: its members read them; the people who prepare the analysis write.
# The object is the agency or the result itself (or one of its scores).
rules.add_perm(VIEW_RESULT, is_superuser | is_member)
rules.add_perm(
    CHANGE_RESULT,
    is_superuser | has_role(Role.OFFICER, Role.HEAD_OF_OFFICE, Role.AGENCY_ADMIN),
)
for action in ("add", "change", "delete"):
    rules.add_perm(model_perm(action, "assessments", "indicatorsuggestion"), is_superuser)
rules.add_perm(VIEW_INDICATOR_SUGGESTION, is_staff)
