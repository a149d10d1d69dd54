from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from ita_portal.agencies.access import agency_year_or_403
from ita_portal.documents.rendering import payload_html, payload_sha256, render_payload
from ita_portal.documents.selectors import documents_of
from ita_portal.documents.services import DocumentAlreadyIssued, document_issue
from ita_portal.pdf.render import pdf_response
from ita_portal.permissions import CHANGE_MEASURE, ISSUE_DOCUMENT, VIEW_MEASURE
from measures.models import RoundKind
from reports.documents import (
    ReportKind,
    ReportUnavailable,
    incomplete_scores,
    missing_data,
    payload_incomplete,
    report_payload,
    report_variant,
)
from reports.forms import ReportPreferenceForm
from reports.services import report_preference, report_preference_save
from reports.wording import wording_of

CONFIRM_INCOMPLETE = "ยืนยันออกเอกสารทั้งที่คะแนนยังไม่ครบ"

#: Draft PDFs of unchanged data come from the cache for this long (seconds).
DRAFT_CACHE_SECONDS = 60 * 60


@login_required
def report_index(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """The agency-year's reports, the documents issued from them, and the printing
    choices the agency last saved."""
    agency, criteria = agency_year_or_403(request, code, year, VIEW_MEASURE)
    preference = report_preference(agency)
    can_edit = request.user.has_perm(CHANGE_MEASURE, agency)
    form = ReportPreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("คุณไม่มีสิทธิ์เปลี่ยนค่าการพิมพ์รายงานของหน่วยงานนี้")
        if form.is_valid():
            try:
                report_preference_save(
                    agency, acting_user=request.user, **form.preference_values()
                )
            except ValidationError as invalid:
                form.add_error(None, invalid.messages)
            else:
                messages.success(request, "บันทึกค่าการพิมพ์รายงานแล้ว")
                return redirect("reports:report_index", code=code, year=year)
    kinds = []
    for kind, label in ReportKind.choices:
        missing = missing_data(agency, criteria, kind, preference.progress_layout)
        incomplete = "" if missing else incomplete_scores(agency, criteria, kind)
        kinds.append((kind, label, missing, incomplete))
    return render(
        request,
        "reports/index.html",
        {
            "agency": agency,
            "criteria": criteria,
            "kinds": kinds,
            "form": form,
            "can_edit": can_edit,
            "can_issue": request.user.has_perm(ISSUE_DOCUMENT, agency),
            "rounds": RoundKind.choices,
            "confirm_incomplete": CONFIRM_INCOMPLETE,
            "documents": documents_of(agency, criteria),
        },
    )


def _payload(agency, criteria, kind: str, source) -> dict:
    """The payload of a report as the request's parameters (GET or POST) and the
    agency's saved printing choices ask for it; 404 when it cannot be made."""
    preference = report_preference(agency)
    layout = source.get("layout") or preference.progress_layout
    round_kind = source.get("round", "")
    try:
        payload = report_payload(
            agency,
            criteria,
            kind,
            layout=layout,
            with_cover=preference.with_cover,
            thai_digits=preference.thai_digits,
            round_kind=round_kind,
            wording=wording_of(preference),
        )
    except ReportUnavailable as missing:
        raise Http404(str(missing)) from missing
    return payload


@login_required
def report_preview(request: HttpRequest, code: str, year: int, kind: str) -> HttpResponse:
    """The same template and payload as the PDF, shown in the browser."""
    agency, criteria = agency_year_or_403(request, code, year, VIEW_MEASURE)
    payload = _payload(agency, criteria, kind, request.GET)
    # The draft PDF of exactly what is shown: the same layout and round.
    choices = urlencode(
        {key: request.GET[key] for key in ("layout", "round") if request.GET.get(key)}
    )
    pdf_url = reverse("reports:report_pdf", args=[code, year, kind])
    toolbar = {
        "back_url": reverse("reports:report_index", args=[code, year]),
        "pdf_url": f"{pdf_url}?{choices}" if choices else pdf_url,
    }
    return HttpResponse(payload_html(payload, preview=True, toolbar=toolbar))


@login_required
def report_pdf(request: HttpRequest, code: str, year: int, kind: str) -> HttpResponse:
    """A draft PDF of live data. Unchanged data is served from the cache, keyed by the
    payload's hash; an issued document is downloaded from storage instead."""
    agency, criteria = agency_year_or_403(request, code, year, VIEW_MEASURE)
    payload = _payload(agency, criteria, kind, request.GET)
    key = f"draft-pdf:{payload_sha256(payload)}"
    content = cache.get(key)
    if content is None:
        content = render_payload(payload).content
        cache.set(key, content, DRAFT_CACHE_SECONDS)
    return pdf_response(content, payload["filename"])


@login_required
@require_POST
def report_issue(request: HttpRequest, code: str, year: int, kind: str) -> HttpResponse:
    """Freeze the report as it is now and render it in the background."""
    agency, criteria = agency_year_or_403(request, code, year, VIEW_MEASURE)
    if not request.user.has_perm(ISSUE_DOCUMENT, agency):
        raise PermissionDenied("คุณไม่มีสิทธิ์ออกเอกสารของหน่วยงานนี้")
    payload = _payload(agency, criteria, kind, request.POST)
    incomplete = payload_incomplete(payload)
    if incomplete and request.POST.get("confirm_incomplete") != "1":
        messages.error(
            request,
            f"ยังไม่ได้ออกเอกสาร: {incomplete} หากต้องการออกเอกสารทั้งที่คะแนนยังไม่ครบ "
            f"กรุณาทำเครื่องหมาย “{CONFIRM_INCOMPLETE}” แล้วกดออกเอกสารอีกครั้ง",
        )
        return redirect("reports:report_index", code=code, year=year)
    try:
        document = document_issue(
            agency=agency,
            year=criteria,
            kind=kind,
            variant=report_variant(kind, payload["layout"], payload["round"]),
            options={
                "layout": payload["layout"],
                "round": payload["round"],
                "thai_digits": payload["thai_digits"],
                "with_cover": payload["cover"] is not None,
                **payload["print_options"],
            },
            payload=payload,
            acting_user=request.user,
        )
    except DocumentAlreadyIssued as already:
        messages.info(request, already.messages[0])
        return redirect("documents:document_detail", code=code, pk=already.existing.pk)
    messages.success(
        request, f"ออกเอกสารเลขที่ {document.number}/{criteria.year} แล้ว กำลังสร้างไฟล์ PDF"
    )
    return redirect("documents:document_detail", code=code, pk=document.pk)
