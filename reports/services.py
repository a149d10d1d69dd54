from django.core.exceptions import PermissionDenied
from django.db import transaction

from ita_portal.agencies.models import Agency
from ita_portal.audit.actions import Action
from ita_portal.audit.services import audit_changes, audit_record
from ita_portal.permissions import CHANGE_MEASURE
from reports.models import ReportPreference

PREFERENCE_FIELDS = ("progress_layout", "thai_digits", "with_cover")


def report_preference(agency: Agency) -> ReportPreference:
    """The agency's saved choices, or the defaults (not saved until changed)."""
    return ReportPreference.objects.filter(agency=agency).first() or ReportPreference(
        agency=agency
    )


@transaction.atomic
def report_preference_save(
    agency: Agency, *, progress_layout: str, thai_digits: bool, with_cover: bool, acting_user
) -> ReportPreference:
    existing = ReportPreference.objects.select_for_update().filter(agency=agency).first()
    # Report choices go with the measures: whoever prepares them sets how they print.
    if not acting_user.has_perm(CHANGE_MEASURE, existing or agency):
        raise PermissionDenied("คุณไม่มีสิทธิ์เปลี่ยนค่าการพิมพ์รายงานของหน่วยงานนี้")
    before = {name: getattr(existing or ReportPreference(), name) for name in PREFERENCE_FIELDS}
    preference, _ = ReportPreference.objects.select_for_update().update_or_create(
        agency=agency,
        defaults={
            "progress_layout": progress_layout,
            "thai_digits": thai_digits,
            "with_cover": with_cover,
        },
    )
    changed_before, changed_after = audit_changes(
        before, {name: getattr(preference, name) for name in PREFERENCE_FIELDS}
    )
    audit_record(
        actor=acting_user,
        action=Action.REPORT_PREFERENCE_SAVE,
        agency=agency,
        obj=preference,
        summary=(
            f"{preference.get_progress_layout_display()}, "
            f"{'เลขไทย' if preference.thai_digits else 'เลขอารบิก'}, "
            f"{'พิมพ์ปก' if preference.with_cover else 'ไม่พิมพ์ปก'}"
        ),
        before=changed_before,
        after=changed_after,
    )
    return preference
