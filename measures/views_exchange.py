"""Download an agency-year's measures as CSV/Excel and import them back from such a file."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from ita_portal.agencies.access import agency_year_or_403
from ita_portal.pdf.glyphs import warn_unprintable
from ita_portal.permissions import CHANGE_MEASURE, VIEW_MEASURE
from measures import exchange
from measures.selectors import measures_of

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class MeasuresFileForm(forms.Form):
    file = forms.FileField(
        label="ไฟล์มาตรการ (.csv หรือ .xlsx)",
        error_messages={"required": "กรุณาเลือกไฟล์ .csv หรือ .xlsx", "empty": "ไฟล์ที่เลือกว่างเปล่า"},
    )

    MAX_BYTES = 2 * 1024 * 1024
    EXTENSIONS = (".csv", ".xlsx")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(self.EXTENSIONS):
            raise forms.ValidationError(
                "รองรับเฉพาะไฟล์ .csv หรือ .xlsx กรุณาบันทึกไฟล์เป็นชนิดใดชนิดหนึ่งแล้วเลือกใหม่"
            )
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("ไฟล์ใหญ่เกิน 2 MB ไฟล์มาตรการหนึ่งปีควรมีขนาดไม่กี่ร้อย KB")
        return upload


def _viewable(request: HttpRequest, code: str, year: int):
    return agency_year_or_403(
        request, code, year, VIEW_MEASURE, "คุณไม่มีสิทธิ์ดูมาตรการของหน่วยงานนี้"
    )


def _download(content: str | bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def measures_export_csv(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agency, criteria = _viewable(request, code, year)
    text = exchange.export_csv(measures_of(agency, criteria))
    # The BOM makes Excel read the file as UTF-8 rather than the Windows code page.
    return _download(
        "\ufeff" + text, "text/csv; charset=utf-8", f"ita-measures-{agency.code}-{year}.csv"
    )


@login_required
def measures_export_xlsx(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agency, criteria = _viewable(request, code, year)
    content = exchange.export_xlsx(measures_of(agency, criteria))
    return _download(content, XLSX_CONTENT_TYPE, f"ita-measures-{agency.code}-{year}.xlsx")


@login_required
def measures_import(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """GET: the upload page. POST: import the whole file or, on any problem, nothing."""
    agency, criteria = agency_year_or_403(
        request,
        code,
        year,
        CHANGE_MEASURE,
        "คุณไม่มีสิทธิ์นำเข้ามาตรการของหน่วยงานนี้",
    )
    errors: list[str] = []
    if request.method == "POST":
        form = MeasuresFileForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            parsed, row_errors = exchange.parse_measures_file(
                agency, criteria, upload.name, upload.read()
            )
            errors = [str(e) for e in row_errors]
            if parsed is not None:
                try:
                    created, updated = exchange.import_measures(
                        agency, criteria, parsed, acting_user=request.user
                    )
                except ValidationError as error:
                    errors = error.messages
                else:
                    messages.success(
                        request,
                        f"นำเข้ามาตรการปี {year} แล้ว: เพิ่มใหม่ {created} รายการ "
                        f"ปรับปรุง {updated} รายการ",
                    )
                    warn_unprintable(
                        request, (v for row in parsed for v in row.data.values.values())
                    )
                    return redirect(reverse("measures:measure_list", args=[agency.code, year]))
        status = 400
    else:
        form = MeasuresFileForm()
        status = 200
    return render(
        request,
        "measures/import.html",
        {
            "agency": agency,
            "criteria": criteria,
            "form": form,
            "import_errors": errors,
            "columns": exchange.COLUMNS,
            "max_rows": exchange.MAX_ROWS,
        },
        status=status,
    )
