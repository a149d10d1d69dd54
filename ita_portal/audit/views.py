from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from ita_portal.agencies.access import agency_or_403
from ita_portal.audit.selectors import (
    activity_actions,
    activity_filter,
    activity_of,
    activity_people,
)
from ita_portal.permissions import VIEW_ACTIVITY

EVENTS_PER_PAGE = 50


@login_required
@require_http_methods(["GET", "HEAD"])
def activity(request: HttpRequest, code: str) -> HttpResponse:
    """Who did what in the agency, newest first; filterable by person and kind of action."""
    agency = agency_or_403(
        request, code, VIEW_ACTIVITY, "คุณไม่มีสิทธิ์ดูประวัติการใช้งานของหน่วยงานนี้"
    )
    people = list(activity_people(agency))
    narrowed = activity_filter(
        agency,
        person=request.GET.get("person", ""),
        action=request.GET.get("action", ""),
        people=people,
    )
    page = Paginator(activity_of(agency, narrowed), EVENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "audit/activity.html",
        {
            "agency": agency,
            "page": page,
            "people": people,
            "actions": activity_actions(),
            "narrowed": narrowed,
        },
    )
