from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ita_portal.agencies.models import Agency
from ita_portal.audit.actions import Action
from ita_portal.audit.services import audit_changes, audit_record
from ita_portal.permissions import CHANGE_MEASURE
from reports.models import ReportPreference
from reports.wording import clean_headings

PREFERENCE_FIELDS = (
    "progress_layout",
    "thai_digits",
    "with_cover",
    "skip_own_number",
    "hide_ungrouped_row",
    "status_by_indicator",
    "status_by_tool",
    "status_numbered",
    "iit_label",
    "eit_label",
    "oit_label",
    "column_headings",
)


def report_preference(agency: Agency) -> ReportPreference:
    """The agency's saved choices, or the defaults (not saved until changed)."""
    return ReportPreference.objects.filter(agency=agency).first() or ReportPreference(
        agency=agency
    )


@transaction.atomic
def report_preference_save(agency: Agency, *, acting_user, **values) -> ReportPreference:
    """Save the printing choices and the agency's own wording; a choice not given keeps
    its saved value (or default). Thai ValidationError, nothing written, for bad values."""
    unknown = set(values) - set(PREFERENCE_FIELDS)
    if unknown:
        raise TypeError(f"unknown report preference fields: {sorted(unknown)}")
    existing = ReportPreference.objects.select_for_update().filter(agency=agency).first()
    # Report choices go with the measures: whoever prepares them sets how they print.
    if not acting_user.has_perm(CHANGE_MEASURE, existing or agency):
        raise PermissionDenied("คุณไม่มีสิทธิ์เปลี่ยนค่าการพิมพ์รายงานของหน่วยงานนี้")
    preference = existing or ReportPreference(agency=agency)
    before = {name: getattr(preference, name) for name in PREFERENCE_FIELDS}
    for name, value in values.items():
        if isinstance(value, str):
            value = " ".join(value.split())
        setattr(preference, name, value)
    try:
        preference.column_headings = clean_headings(preference.column_headings)
    except ValidationError as invalid:
        raise ValidationError({"column_headings": invalid.messages}) from invalid
    preference.full_clean(exclude=["agency"])
    preference.save()
    changed_before, changed_after = audit_changes(
        before,
        {name: getattr(preference, name) for name in PREFERENCE_FIELDS},
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
            + (", ใช้ถ้อยคำของหน่วยงาน" if _has_own_wording(preference) else "")
        ),
        before=changed_before,
        after=changed_after,
    )
    return preference


def _has_own_wording(preference: ReportPreference) -> bool:
    return bool(
        preference.column_headings
        or preference.iit_label
        or preference.eit_label
        or preference.oit_label
    )
