from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from assessments.selectors import assessment_years
from ita_portal.agencies.forms import MemberInviteForm
from ita_portal.agencies.models import Agency
from ita_portal.agencies.selectors import agency_members, memberships_of
from ita_portal.agencies.services import MemberInvite, member_invite
from ita_portal.permissions import (
    ADD_MEMBERSHIP,
    CHANGE_AGENCY,
    VIEW_ACTIVITY,
    VIEW_AGENCY_PRIVATE,
)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Where staff land after login: straight to their agency when they have just one."""
    memberships = list(memberships_of(request.user))
    agencies = {m.agency_id: m.agency for m in memberships}
    if len(agencies) == 1:
        return redirect("agencies:agency_dashboard", code=memberships[0].agency.code)
    return render(request, "agencies/dashboard.html", {"memberships": memberships})


@login_required
def agency_dashboard(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency, code=code)
    if not request.user.has_perm(VIEW_AGENCY_PRIVATE, agency):
        raise PermissionDenied("คุณไม่ได้เป็นสมาชิกของหน่วยงานนี้")
    members = list(agency_members(agency))
    return render(
        request,
        "agencies/agency_dashboard.html",
        {
            "agency": agency,
            "members": members,
            "my_roles": [m for m in members if m.user_id == request.user.pk],
            "units": agency.units.all(),
            "years": assessment_years(),
            "can_manage": request.user.has_perm(CHANGE_AGENCY, agency),
            "can_add_members": request.user.has_perm(ADD_MEMBERSHIP, agency),
            "can_view_activity": request.user.has_perm(VIEW_ACTIVITY, agency),
        },
    )


@login_required
def member_add(request: HttpRequest, code: str) -> HttpResponse:
    """An agency admin adds a person: an account is made (or found by e-mail) and a link
    to set the first password is sent; nobody else in the system can be picked."""
    agency = get_object_or_404(Agency, code=code)
    if not request.user.has_perm(ADD_MEMBERSHIP, agency):
        raise PermissionDenied("คุณไม่มีสิทธิ์เพิ่มผู้ใช้งานของหน่วยงานนี้")
    form = MemberInviteForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            membership = member_invite(
                agency,
                invite=MemberInvite(**form.cleaned_data),
                acting_user=request.user,
                base_url=f"{request.scheme}://{request.get_host()}",
            )
        except ValidationError as refused:
            if hasattr(refused, "error_dict"):
                for field, errors in refused.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, refused.messages)
        else:
            messages.success(
                request,
                f"เพิ่ม {membership.user.get_full_name()} ({membership.user.username}) "
                f"แล้ว และส่งอีเมลแจ้งไปที่ {membership.user.email}",
            )
            return redirect("agencies:agency_dashboard", code=code)
    return render(request, "agencies/member_add.html", {"agency": agency, "form": form})
