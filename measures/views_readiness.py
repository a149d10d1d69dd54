"""Pages of the OIT readiness board and the IIT/EIT indicator plans (issue 4)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from assessments.models import Indicator, OITItem
from ita_portal import forms as ita_forms
from ita_portal.agencies.access import agency_year_or_403
from ita_portal.agencies.models import Agency, Unit
from ita_portal.pdf.glyphs import warn_unprintable
from ita_portal.permissions import CHANGE_MEASURE, VIEW_MEASURE
from measures.models import IndicatorPlan, OITItemReadiness, Progress
from measures.readiness import (
    PERIOD_MAX_LENGTH,
    PLAN_TOOLS,
    REQUIREMENT_MAX_LENGTH,
    REQUIREMENT_MESSAGE,
    RESPONSIBLE_MAX_LENGTH,
    RESPONSIBLE_MESSAGE,
    UNITS_MESSAGE,
    URL_MAX_LENGTH,
    clean_url,
    indicator_plan_save,
    plan_for,
    readiness_board,
    readiness_for,
    readiness_save,
)

VIEW = VIEW_MEASURE  # the board goes with the measures: same readers, same writers
CHANGE = CHANGE_MEASURE


# --- forms -------------------------------------------------------------------------


def _units_field() -> forms.ModelMultipleChoiceField:
    """The agency's units; each form narrows the queryset to its agency."""
    return ita_forms.ModelMultipleChoiceField(
        label="ผู้รับผิดชอบ",
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={
            "invalid_choice": UNITS_MESSAGE,
            "invalid_pk_value": UNITS_MESSAGE,
            "invalid_list": "กรุณาเลือกส่วนราชการจากรายการ",
        },
    )


def _responsible_field() -> forms.CharField:
    return forms.CharField(
        label="ผู้รับผิดชอบ (ข้อความที่พิมพ์ในรายงาน)",
        required=False,
        max_length=RESPONSIBLE_MAX_LENGTH,
        help_text="พิมพ์ตามที่ต้องการให้ปรากฏ เช่น สำนักปลัด / กองคลัง (ใช้แทนหรือเพิ่มจากส่วนราชการที่เลือก)",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": RESPONSIBLE_MESSAGE},
    )


def _progress_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="ความก้าวหน้า",
        choices=Progress.choices,
        initial=Progress.NOT_STARTED,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={
            "required": "กรุณาเลือกความก้าวหน้า",
            "invalid_choice": "ความก้าวหน้าไม่ถูกต้อง",
        },
    )


class ReadinessForm(forms.Form):
    units = _units_field()
    responsible_text = _responsible_field()
    requirement_text = forms.CharField(
        label="องค์ประกอบด้านข้อมูล (ข้อความของหน่วยงาน)",
        required=False,
        max_length=REQUIREMENT_MAX_LENGTH,
        help_text="ตั้งต้นจากข้อความของเกณฑ์ แก้ไขได้ตามที่หน่วยงานใช้ ลบให้ว่างเพื่อกลับไปใช้ข้อความของเกณฑ์",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": REQUIREMENT_MESSAGE},
    )
    url = forms.CharField(
        label="ที่อยู่บนเว็บไซต์",
        required=False,
        max_length=URL_MAX_LENGTH,
        widget=forms.URLInput(attrs={"placeholder": "https://", "autocomplete": "off"}),
        error_messages={"max_length": f"ที่อยู่เว็บไซต์ต้องยาวไม่เกิน {URL_MAX_LENGTH} ตัวอักษร"},
    )
    progress = _progress_field()
    note = forms.CharField(
        label="ผลการดำเนินการ / หมายเหตุ",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = agency.units.all()

    def clean_url(self) -> str:
        return clean_url(self.cleaned_data.get("url", ""))

    @staticmethod
    def initial_for(readiness: OITItemReadiness | None, item: OITItem) -> dict:
        if readiness is None:
            return {"progress": Progress.NOT_STARTED, "requirement_text": item.requirement}
        return {
            "units": list(readiness.units.all()),
            "responsible_text": readiness.responsible_text,
            "requirement_text": readiness.requirement_text or item.requirement,
            "url": readiness.url,
            "progress": readiness.progress,
            "note": readiness.note,
        }


class IndicatorPlanForm(forms.Form):
    approach = forms.CharField(
        label="แนวทางในการยกระดับการประเมิน",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    units = _units_field()
    responsible_text = _responsible_field()
    period_text = forms.CharField(
        label="ระยะเวลา",
        required=False,
        max_length=PERIOD_MAX_LENGTH,
        widget=forms.TextInput(attrs={"placeholder": "เช่น ต.ค. 2567 ถึง ก.ย. 2568"}),
        error_messages={"max_length": f"ระยะเวลาต้องยาวไม่เกิน {PERIOD_MAX_LENGTH} ตัวอักษร"},
    )
    progress = _progress_field()
    note = forms.CharField(
        label="ผลการดำเนินการ",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = agency.units.all()

    @staticmethod
    def initial_for(plan: IndicatorPlan | None) -> dict:
        if plan is None:
            return {"progress": Progress.NOT_STARTED}
        return {
            "approach": plan.approach,
            "units": list(plan.units.all()),
            "responsible_text": plan.responsible_text,
            "period_text": plan.period_text,
            "progress": plan.progress,
            "note": plan.note,
        }


# --- views -------------------------------------------------------------------------


def _board_url(agency: Agency, year: int, anchor: str) -> str:
    return f"{reverse('measures:readiness_board', args=[agency.code, year])}#{anchor}"


@login_required
@require_http_methods(["GET", "HEAD"])
def readiness_board_view(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agency, criteria = agency_year_or_403(request, code, year, VIEW)
    return render(
        request,
        "measures/readiness_board.html",
        {
            "agency": agency,
            "criteria": criteria,
            "board": readiness_board(agency, criteria),
            "can_edit": request.user.has_perm(CHANGE, agency),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def readiness_item_edit(request: HttpRequest, code: str, year: int, number: int) -> HttpResponse:
    agency, criteria = agency_year_or_403(request, code, year, CHANGE)
    item = get_object_or_404(
        OITItem.objects.select_related("sub_indicator"), year=criteria, number=number
    )
    if request.method == "POST":
        form = ReadinessForm(request.POST, agency=agency)
        if form.is_valid():
            try:
                readiness_save(agency, item, **form.cleaned_data, acting_user=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"บันทึกความพร้อมข้อ {item.code} แล้ว")
                warn_unprintable(request, form.cleaned_data.values())
                return redirect(_board_url(agency, criteria.year, f"item-{item.number}"))
    else:
        form = ReadinessForm(
            agency=agency, initial=ReadinessForm.initial_for(readiness_for(agency, item), item)
        )
    return render(
        request,
        "measures/readiness_item_edit.html",
        {"agency": agency, "criteria": criteria, "item": item, "form": form},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def indicator_plan_edit(request: HttpRequest, code: str, year: int, number: int) -> HttpResponse:
    agency, criteria = agency_year_or_403(request, code, year, CHANGE)
    indicator = get_object_or_404(
        Indicator.objects.select_related("tool"),
        year=criteria,
        number=number,
        tool__code__in=PLAN_TOOLS,
    )
    if request.method == "POST":
        form = IndicatorPlanForm(request.POST, agency=agency)
        if form.is_valid():
            try:
                indicator_plan_save(
                    agency, indicator, **form.cleaned_data, acting_user=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"บันทึกแนวทางยกระดับตัวชี้วัดที่ {indicator.number} แล้ว")
                warn_unprintable(request, form.cleaned_data.values())
                return redirect(_board_url(agency, criteria.year, f"indicator-{indicator.number}"))
    else:
        form = IndicatorPlanForm(
            agency=agency, initial=IndicatorPlanForm.initial_for(plan_for(agency, indicator))
        )
    return render(
        request,
        "measures/readiness_indicator_edit.html",
        {"agency": agency, "criteria": criteria, "indicator": indicator, "form": form},
    )
