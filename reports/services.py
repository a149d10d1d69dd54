from django.core.exceptions import PermissionDenied
from django.db import transaction

from ita_portal.agencies.models import Agency
from reports.models import ReportPreference


def report_preference(agency: Agency) -> ReportPreference:
    """The agency's saved choices, or the defaults (not saved until changed)."""
    return ReportPreference.objects.filter(agency=agency).first() or ReportPreference(
        agency=agency
    )


@transaction.atomic
def report_preference_save(
    agency: Agency, *, progress_layout: str, thai_digits: bool, with_cover: bool, acting_user
) -> ReportPreference:
    if not acting_user.has_perm("measures.change_measure", agency):
        raise PermissionDenied("คุณไม่มีสิทธิ์เปลี่ยนค่าการพิมพ์รายงานของหน่วยงานนี้")
    preference, _ = ReportPreference.objects.select_for_update().update_or_create(
        agency=agency,
        defaults={
            "progress_layout": progress_layout,
            "thai_digits": thai_digits,
            "with_cover": with_cover,
        },
    )
    return preference
