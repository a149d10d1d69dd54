from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from assessments.models import AssessmentYear, CriteriaStatus
from assessments.selectors import criteria_problems


@transaction.atomic
def assessment_year_confirm(year: AssessmentYear, *, acting_user) -> AssessmentYear:
    """Mark a draft year's criteria as checked; refuses while anything is inconsistent."""
    if not acting_user.has_perm("assessments.confirm_assessmentyear", year):
        raise PermissionDenied("เฉพาะผู้ดูแลระบบเท่านั้นที่ยืนยันเกณฑ์การประเมินได้")
    locked = AssessmentYear.objects.select_for_update().get(pk=year.pk)
    problems = criteria_problems(locked)
    if problems:
        raise ValidationError(problems)
    locked.status = CriteriaStatus.CONFIRMED
    locked.save(update_fields=["status"])
    # The admin's own log is the audit trail of criteria changes.
    LogEntry.objects.log_actions(
        acting_user.pk,
        [locked],
        CHANGE,
        change_message="ยืนยันเกณฑ์การประเมิน",
        single_object=True,
    )
    return locked
