import rules

from ita_portal.agencies.models import Role
from ita_portal.agencies.predicates import has_role, is_member, is_staff, is_superuser

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
rules.add_perm("assessments", is_staff)
for model in CRITERIA_MODELS:
    rules.add_perm(f"assessments.view_{model}", is_staff)
    for action in ("add", "change", "delete"):
        rules.add_perm(f"assessments.{action}_{model}", is_superuser)
rules.add_perm("assessments.confirm_assessmentyear", is_superuser)

# An agency's results: its members read them; the people who prepare the analysis write.
rules.add_perm("assessments.view_result", is_superuser | is_member)
rules.add_perm(
    "assessments.change_result",
    is_superuser | has_role(Role.OFFICER, Role.HEAD_OF_OFFICE, Role.AGENCY_ADMIN),
)
for action in ("add", "change", "delete"):
    rules.add_perm(f"assessments.{action}_indicatorsuggestion", is_superuser)
rules.add_perm("assessments.view_indicatorsuggestion", is_staff)
