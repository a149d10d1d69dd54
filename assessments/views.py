from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from assessments import csv_io
from assessments.charts import analysis_chart_svg
from assessments.forms import ResultCsvUploadForm, ResultForm
from assessments.models import AssessmentYear, IndicatorSuggestion
from assessments.selectors import (
    assessment_years,
    result_analysis,
    result_for,
    results_of,
    year_criteria,
)
from assessments.services import StaleResultError, result_save
from ita_portal.agencies.access import agency_or_403, agency_year_or_403
from ita_portal.pdf.glyphs import warn_unprintable
from ita_portal.permissions import CHANGE_RESULT, VIEW_RESULT


def criteria_list(request: HttpRequest) -> HttpResponse:
    return render(request, "assessments/criteria_list.html", {"years": assessment_years()})


def criteria_detail(request: HttpRequest, year: int) -> HttpResponse:
    """The public criteria of one year: tools, indicators, OIT items and grade bands."""
    try:
        criteria = year_criteria(year)
    except AssessmentYear.DoesNotExist as missing:
        raise Http404("ไม่พบเกณฑ์ของปีนี้") from missing
    return render(request, "assessments/criteria_detail.html", {"criteria": criteria})


@login_required
def results_home(request: HttpRequest, code: str) -> HttpResponse:
    agency = agency_or_403(request, code, VIEW_RESULT)
    results = {r.year.year: r for r in results_of(agency)}
    years = [(y, results.get(y.year)) for y in AssessmentYear.objects.order_by("-year")]
    return render(
        request,
        "assessments/results_home.html",
        {
            "agency": agency,
            "years": years,
            "can_edit": request.user.has_perm(CHANGE_RESULT, agency),
        },
    )


@login_required
def result_detail(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agency, criteria = agency_year_or_403(request, code, year, VIEW_RESULT)
    result = result_for(agency, year)
    if result is not None:
        criteria = result.year  # the analysis prefetches its criteria onto this instance
    context = {
        "agency": agency,
        "criteria": criteria,
        "result": result,
        "can_edit": request.user.has_perm(CHANGE_RESULT, result or agency),
    }
    if result is not None:
        analysis = result_analysis(result)
        context["analysis"] = analysis
        # Escaped text inside our own SVG markup (assessments.charts).
        context["chart"] = mark_safe(analysis_chart_svg(analysis))  # noqa: S308
    return render(request, "assessments/result_detail.html", context)


def _edit_page(
    request, agency, criteria, result, form, *, upload_form=None, status=200, **extra
) -> HttpResponse:
    """The one-page editor, shown again after a save, a conflict or a failed import."""
    context = {
        "agency": agency,
        "criteria": criteria,
        "result": result,
        "form": form,
        "upload_form": upload_form or ResultCsvUploadForm(),
        **extra,
    }
    return render(request, "assessments/result_edit.html", context, status=status)


@login_required
def result_edit(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agency, criteria = agency_year_or_403(request, code, year, CHANGE_RESULT)
    result = result_for(agency, year)
    library = dict(IndicatorSuggestion.objects.values_list("indicator_number", "text"))
    conflict = None
    if request.method == "POST":
        form = ResultForm(request.POST, year=criteria)
        if form.is_valid():
            try:
                result_save(
                    agency=agency,
                    year=criteria,
                    data=form.to_input(),
                    acting_user=request.user,
                    expected_version=form.cleaned_data["version"],
                )
            except StaleResultError as stale:
                conflict = form.conflicts_with(stale.current, library)
                # Keep what this person typed; a second save, made after seeing both
                # versions, is a deliberate overwrite.
                form.data = form.data.copy()
                form.data["version"] = stale.current.version
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"บันทึกผลการประเมินปี {year} แล้ว")
                warn_unprintable(request, form.cleaned_data.values())
                return redirect("assessments:result_detail", code=agency.code, year=year)
    else:
        form = ResultForm(initial=ResultForm.initial_for(criteria, result, library), year=criteria)
    return _edit_page(request, agency, criteria, result, form, conflict=conflict)


@login_required
def result_csv_template(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agency, criteria = agency_year_or_403(request, code, year, VIEW_RESULT)
    text = csv_io.result_csv_template(criteria, result_for(agency, year))
    response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
    filename = f"ita-{agency.code}-{year}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def result_csv_import(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agency, criteria = agency_year_or_403(request, code, year, CHANGE_RESULT)
    result = result_for(agency, year)
    upload_form = ResultCsvUploadForm(request.POST, request.FILES)
    errors: list[str] = []
    if upload_form.is_valid():
        parsed, row_errors = csv_io.parse_result_csv(
            criteria, upload_form.cleaned_data["file"].read()
        )
        errors = [str(e) for e in row_errors]
        if parsed is not None:
            try:
                result_save(
                    agency=agency,
                    year=criteria,
                    data=csv_io.merge_with_existing(parsed, result),
                    acting_user=request.user,
                    expected_version=result.version if result else None,
                )
            except (ValidationError, StaleResultError) as error:
                errors = getattr(error, "messages", [str(error)])
            else:
                messages.success(request, f"นำเข้าคะแนนปี {year} จากไฟล์ CSV แล้ว")
                return redirect("assessments:result_detail", code=agency.code, year=year)
    library = dict(IndicatorSuggestion.objects.values_list("indicator_number", "text"))
    form = ResultForm(initial=ResultForm.initial_for(criteria, result, library), year=criteria)
    return _edit_page(
        request,
        agency,
        criteria,
        result,
        form,
        upload_form=upload_form,
        import_errors=errors,
        status=400,
    )
