"""Load what a URL names and check the permission in one step, for every agency page."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from assessments.models import AssessmentYear
from ita_portal.agencies.models import Agency

DENIED = "คุณไม่มีสิทธิ์ดูหรือแก้ไขข้อมูลนี้ของหน่วยงาน"


def agency_or_403(request: HttpRequest, code: str, perm: str, denied: str = DENIED) -> Agency:
    """The agency of `code` (404 if none) if the user has `perm` on it, else 403."""
    agency = get_object_or_404(Agency, code=code)
    if not request.user.has_perm(perm, agency):
        raise PermissionDenied(denied)
    return agency


def agency_year_or_403(
    request: HttpRequest, code: str, year: int, perm: str, denied: str = DENIED
) -> tuple[Agency, AssessmentYear]:
    agency = agency_or_403(request, code, perm, denied)
    return agency, get_object_or_404(AssessmentYear, year=year)
