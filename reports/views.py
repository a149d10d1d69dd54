from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ita_portal.agencies.access import agency_year_or_403
from reports.documents import ReportKind, ReportUnavailable, build_report, missing_data
from reports.forms import ReportPreferenceForm
from ita_portal.pdf.render import pdf_response, render_html, render_pdf
from reports.services import report_preference, report_preference_save

VIEW = "measures.view_measure"


@login_required
def report_index(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The agency-year's reports, with the printing choices the agency last saved."""
    agency, criteria = agency_year_or_403(request, code, year, VIEW)
    preference = report_preference(agency)
    can_edit = request.user.has_perm("measures.change_measure", agency)
    form = ReportPreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and can_edit and form.is_valid():
        report_preference_save(agency, acting_user=request.user, **form.cleaned_data)
        messages.success(request, "บันทึกค่าการพิมพ์รายงานแล้ว")
        return redirect("reports:report_index", code=code, year=year)
    kinds = [
        (kind, label, missing_data(agency, criteria, kind, preference.progress_layout))
        for kind, label in ReportKind.choices
    ]
    return render(
        request,
        "reports/index.html",
        {"agency": agency, "criteria": criteria, "kinds": kinds, "form": form,
         "can_edit": can_edit},
    )


def _document(request: HttpRequest, code: str, year: int, kind: str):
    agency, criteria = agency_year_or_403(request, code, year, VIEW)
    preference = report_preference(agency)
    layout = request.GET.get("layout") or preference.progress_layout
    try:
        document = build_report(
            agency, criteria, kind, layout=layout, with_cover=preference.with_cover
        )
    except ReportUnavailable as missing:
        raise Http404(str(missing)) from missing
    return agency, preference, document


@login_required
def report_preview(request: HttpRequest, code: str, year: int, kind: str) -> HttpResponse:
    """The same template as the PDF, shown in the browser with the print stylesheet."""
    agency, preference, document = _document(request, code, year, kind)
    html = render_html(
        document.template,
        {**document.context, "preview": True},
        title=document.title,
        author=agency.name,
        landscape=document.landscape,
        thai_digits=preference.thai_digits,
    )
    return HttpResponse(html)


@login_required
def report_pdf(request: HttpRequest, code: str, year: int, kind: str) -> HttpResponse:
    agency, preference, document = _document(request, code, year, kind)
    pdf = render_pdf(
        document.template,
        document.context,
        title=document.title,
        author=agency.name,
        landscape=document.landscape,
        thai_digits=preference.thai_digits,
    )
    return pdf_response(pdf, document.filename)
