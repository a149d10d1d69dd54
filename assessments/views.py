from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from assessments.models import AssessmentYear
from assessments.selectors import assessment_years, year_criteria


def criteria_list(request: HttpRequest) -> HttpResponse:
    return render(request, "assessments/criteria_list.html", {"years": assessment_years()})


def criteria_detail(request: HttpRequest, year: int) -> HttpResponse:
    """The public criteria of one year: tools, indicators, OIT items and grade bands."""
    try:
        criteria = year_criteria(year)
    except AssessmentYear.DoesNotExist as missing:
        raise Http404("ไม่พบเกณฑ์ของปีนี้") from missing
    return render(request, "assessments/criteria_detail.html", {"criteria": criteria})
