import rules

from ita_portal.agencies.predicates import is_staff, is_superuser

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
