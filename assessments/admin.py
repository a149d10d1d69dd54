from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from rules.contrib.admin import ObjectPermissionsModelAdmin, ObjectPermissionsTabularInline

from assessments.models import (
    AssessmentYear,
    GradeBand,
    Indicator,
    IndicatorSuggestion,
    OITItem,
    RatingBand,
    SubIndicator,
    Tool,
)
from assessments.selectors import assessment_years, grade_band_problems, weight_problem
from assessments.services import assessment_year_confirm


def _kept_forms(formset: forms.BaseInlineFormSet) -> list[forms.Form]:
    """The forms that will be saved: filled in and not marked for deletion."""
    return [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


class ToolFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        problem = weight_problem([form.cleaned_data["weight"] for form in _kept_forms(self)])
        if problem:
            raise ValidationError(problem)


class GradeBandFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        bands = [
            (f.cleaned_data["grade"], f.cleaned_data["min_score"], f.cleaned_data["max_score"])
            for f in _kept_forms(self)
        ]
        problems = grade_band_problems(bands)
        if problems:
            raise ValidationError(problems)


class ToolInline(ObjectPermissionsTabularInline):
    model = Tool
    formset = ToolFormSet
    extra = 0


class GradeBandInline(ObjectPermissionsTabularInline):
    model = GradeBand
    formset = GradeBandFormSet
    extra = 0


class RatingBandInline(ObjectPermissionsTabularInline):
    model = RatingBand
    extra = 0


@admin.register(AssessmentYear)
class AssessmentYearAdmin(ObjectPermissionsModelAdmin):
    list_display = ["year", "status", "indicator_count", "oit_item_count", "eit_has_parts"]
    list_filter = ["status"]
    inlines = [ToolInline, GradeBandInline, RatingBandInline]
    actions = ["confirm_criteria"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[AssessmentYear]:
        return assessment_years()

    @admin.display(description="ตัวชี้วัด", ordering="indicator_count")
    def indicator_count(self, obj: AssessmentYear) -> int:
        return obj.indicator_count

    @admin.display(description="ข้อ OIT", ordering="oit_item_count")
    def oit_item_count(self, obj: AssessmentYear) -> int:
        return obj.oit_item_count

    @admin.action(description="ยืนยันเกณฑ์ของปีที่เลือก (ตรวจสอบความครบถ้วนก่อน)")
    def confirm_criteria(self, request: HttpRequest, queryset: QuerySet[AssessmentYear]) -> None:
        for year in queryset:
            try:
                assessment_year_confirm(year, acting_user=request.user)
            except PermissionDenied as error:
                self.message_user(request, str(error), messages.ERROR)
                return
            except ValidationError as error:
                self.message_user(
                    request,
                    f"ยืนยันเกณฑ์ปี {year.year} ไม่ได้: {'; '.join(error.messages)}",
                    messages.ERROR,
                )
            else:
                self.message_user(request, f"ยืนยันเกณฑ์ปี {year.year} แล้ว", messages.SUCCESS)


class SubIndicatorInline(ObjectPermissionsTabularInline):
    model = SubIndicator
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(ObjectPermissionsModelAdmin):
    list_display = ["number", "name", "tool", "year"]
    list_filter = ["year", "tool__code"]
    list_select_related = ["tool", "year"]
    inlines = [SubIndicatorInline]


@admin.register(OITItem)
class OITItemAdmin(ObjectPermissionsModelAdmin):
    list_display = ["code", "title", "sub_indicator", "year"]
    list_filter = ["year", "sub_indicator__code"]
    search_fields = ["title", "group", "requirement"]
    list_select_related = ["year", "sub_indicator"]
    list_per_page = 100
    ordering = ["-year__year", "number"]

    @admin.display(description="ข้อ", ordering="number")
    def code(self, obj: OITItem) -> str:
        return obj.code

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "sub_indicator":
            field.queryset = SubIndicator.objects.select_related("indicator__year")
            field.label_from_instance = lambda sub: f"ปี {sub.indicator.year.year}: {sub}"
        return field


@admin.register(IndicatorSuggestion)
class IndicatorSuggestionAdmin(ObjectPermissionsModelAdmin):
    list_display = ["indicator_number", "text"]
    ordering = ["indicator_number"]
