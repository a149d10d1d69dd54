from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from rules.contrib.admin import ObjectPermissionsModelAdmin, ObjectPermissionsTabularInline

from assessments.criteria_file import (
    CriteriaFileError,
    criteria_data,
    export_json,
    export_xlsx,
    parse_criteria_file,
)
from assessments.forms import CriteriaCopyForm, CriteriaImportForm
from assessments.models import (
    AssessmentYear,
    CriteriaStatus,
    GradeBand,
    Indicator,
    IndicatorSuggestion,
    OITItem,
    RatingBand,
    SubIndicator,
    Tool,
)
from assessments.selectors import (
    assessment_years,
    criteria_in_use,
    grade_band_problems,
    weight_problem,
)
from assessments.services import (
    ItemRow,
    assessment_year_confirm,
    assessment_year_copy,
    criteria_import,
    oit_items_save,
    removal_problems,
)
from ita_portal.permissions import ADD_CRITERIA, CHANGE_CRITERIA, VIEW_CRITERIA
from ita_portal.thai import parse_id

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def criteria_year(obj) -> AssessmentYear | None:
    """The year a criteria row belongs to (the admin passes the row, or an inline's parent)."""
    if obj is None or isinstance(obj, AssessmentYear):
        return obj
    if isinstance(obj, SubIndicator):
        return obj.indicator.year
    return obj.year


class DraftOnlyMixin:
    """A confirmed year's criteria are read-only: whatever the user's rights, the admin
    offers no add, change or delete on it (the services refuse too)."""

    def _draft(self, obj) -> bool:
        year = criteria_year(obj)
        return year is None or year.status == CriteriaStatus.DRAFT

    def has_add_permission(self, request, obj=None):
        parent_ok = obj is None or self._draft(obj)
        if isinstance(self, admin.options.InlineModelAdmin):
            return parent_ok and super().has_add_permission(request, obj)
        return super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self._draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._draft(obj) and super().has_delete_permission(request, obj)

    def draft_years_only(self, db_field, field):
        """Choices of a year, tool, indicator or sub-indicator: draft years only."""
        model = db_field.related_model
        draft = {"status": CriteriaStatus.DRAFT}
        if model is AssessmentYear:
            field.queryset = field.queryset.filter(**draft)
        elif model is SubIndicator:
            field.queryset = field.queryset.filter(indicator__year__status=CriteriaStatus.DRAFT)
        elif model in (Tool, Indicator):
            field.queryset = field.queryset.filter(year__status=CriteriaStatus.DRAFT)
        return field


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


class ToolInline(DraftOnlyMixin, ObjectPermissionsTabularInline):
    model = Tool
    formset = ToolFormSet
    extra = 0


class GradeBandInline(DraftOnlyMixin, ObjectPermissionsTabularInline):
    model = GradeBand
    formset = GradeBandFormSet
    extra = 0


class RatingBandInline(DraftOnlyMixin, ObjectPermissionsTabularInline):
    model = RatingBand
    extra = 0


class OITItemInlineForm(forms.ModelForm):
    class Meta:
        model = OITItem
        fields = ["number", "sub_indicator", "group", "title", "requirement"]
        widgets = {"requirement": forms.Textarea(attrs={"rows": 2, "cols": 40})}

    def validate_unique(self) -> None:
        """One number per year is checked across the whole list by the formset, not row by
        row against the database, so two items can swap numbers in one save."""


class OITItemFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        removed = [
            f.instance for f in self.forms
            if f.instance.pk and f.cleaned_data.get("DELETE")
        ]
        problems = removal_problems(removed, lambda o: f"ข้อ {o.code}")
        if problems:
            raise ValidationError(problems)

    def rows(self) -> list[ItemRow]:
        rows = []
        for form in self.forms:
            if not form.cleaned_data or (not form.instance.pk and form.cleaned_data.get("DELETE")):
                continue
            data = form.cleaned_data
            rows.append(ItemRow(
                pk=form.instance.pk,
                number=data["number"],
                sub_indicator=data["sub_indicator"],
                group=data.get("group", ""),
                title=data["title"],
                requirement=data.get("requirement", ""),
                delete=bool(data.get("DELETE")),
            ))
        return rows


class OITItemInline(DraftOnlyMixin, ObjectPermissionsTabularInline):
    """The year's O-items on its own page: add, remove, renumber, regroup in one save."""

    model = OITItem
    form = OITItemInlineForm
    formset = OITItemFormSet
    extra = 0
    ordering = ["number"]
    verbose_name_plural = "ข้อการตรวจ OIT ของปีนี้ (เพิ่ม ลบ เปลี่ยนเลขข้อ ย้ายตัวชี้วัดย่อยหรือหัวข้อย่อย)"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields["sub_indicator"]
        field.queryset = SubIndicator.objects.filter(indicator__year=obj).order_by(
            "indicator__number", "code"
        ) if obj else SubIndicator.objects.none()
        return formset


@admin.register(AssessmentYear)
class AssessmentYearAdmin(DraftOnlyMixin, ObjectPermissionsModelAdmin):
    list_display = ["year", "status", "indicator_count", "oit_item_count", "eit_has_parts"]
    list_filter = ["status"]
    inlines = [ToolInline, GradeBandInline, RatingBandInline, OITItemInline]
    actions = ["confirm_criteria", "copy_criteria"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[AssessmentYear]:
        return assessment_years()

    def get_inlines(self, request, obj=None):
        # A year being added has no sub-indicators yet to put items under.
        return self.inlines if obj else [ToolInline, GradeBandInline, RatingBandInline]

    def get_deleted_objects(self, objs, request):
        """Deleting a draft year would cascade into its items' readiness rows: refused,
        like removing one item, while agencies use any of its items or indicators."""
        years = list(objs)
        deleted = super().get_deleted_objects(objs, request)
        deleted = _refuse_used(
            deleted,
            list(OITItem.objects.filter(year__in=years).select_related("year")),
            lambda o: f"ปี {o.year.year} ข้อ {o.code}",
        )
        return _refuse_used(
            deleted,
            list(Indicator.objects.filter(year__in=years).select_related("year")),
            lambda i: f"ปี {i.year.year} ตัวชี้วัดที่ {i.number}",
        )

    def get_readonly_fields(self, request, obj=None):
        # The status changes only through the confirm action, which checks the criteria.
        return ["status", "year"] if obj else ["status"]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/copy/", view(self.copy_view), name="assessments_assessmentyear_copy"),
            path(
                "<int:pk>/export/<str:fmt>/",
                view(self.export_view),
                name="assessments_assessmentyear_export",
            ),
            path("import/", view(self.import_view), name="assessments_assessmentyear_import"),
            *super().get_urls(),
        ]

    def save_formset(self, request, form, formset, change):
        if formset.model is OITItem:
            oit_items_save(form.instance, formset.rows(), acting_user=request.user)
            # The admin's change message reads these; the service did the writing.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            return
        super().save_formset(request, form, formset, change)

    def copy_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        source = get_object_or_404(AssessmentYear, pk=pk)
        if not request.user.has_perm(ADD_CRITERIA):
            raise PermissionDenied
        form = CriteriaCopyForm(request.POST or None, initial={"year": source.year + 1})
        if request.method == "POST" and form.is_valid():
            try:
                created = assessment_year_copy(
                    source, year=form.cleaned_data["year"], acting_user=request.user
                )
            except ValidationError as error:
                form.add_error("year", error.messages)
            else:
                self.message_user(
                    request,
                    f"สร้างเกณฑ์ปี {created.year} (ฉบับร่าง) จากปี {source.year} แล้ว "
                    "ตรวจสอบและแก้ไขให้ตรงกับคู่มือของปีนั้น แล้วจึงยืนยันเกณฑ์",
                    messages.SUCCESS,
                )
                return redirect("admin:assessments_assessmentyear_change", created.pk)
        return TemplateResponse(request, "admin/assessments/assessmentyear/copy.html", {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"สร้างปีใหม่จากปี {source.year}",
            "source": source,
            "form": form,
        })

    def export_view(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        year = get_object_or_404(AssessmentYear, pk=pk)
        if not request.user.has_perm(VIEW_CRITERIA, year) or fmt not in ("json", "xlsx"):
            raise PermissionDenied
        data = criteria_data(year)
        if fmt == "json":
            response = HttpResponse(export_json(data), content_type="application/json")
        else:
            response = HttpResponse(export_xlsx(data), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="criteria_{year.year}.{fmt}"'
        return response

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm(ADD_CRITERIA) or not request.user.has_perm(CHANGE_CRITERIA):
            raise PermissionDenied
        form = CriteriaImportForm(
            request.POST or None,
            request.FILES or None,
            initial={"year": parse_id(request.GET.get("year", ""))},
        )
        problems: list[str] = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                data = parse_criteria_file(upload.read(), upload.name)
                year, created = criteria_import(
                    data, acting_user=request.user, expected_year=form.cleaned_data["year"]
                )
            except CriteriaFileError as error:
                problems = error.messages
            except ValidationError as error:
                problems = error.messages
            else:
                self.message_user(
                    request,
                    f"นำเข้าเกณฑ์ปี {year.year} แล้ว "
                    + ("(สร้างเป็นฉบับร่าง)" if created else "(แทนเกณฑ์ฉบับร่างเดิม)"),
                    messages.SUCCESS,
                )
                return redirect("admin:assessments_assessmentyear_change", year.pk)
        return TemplateResponse(request, "admin/assessments/assessmentyear/import.html", {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "นำเข้าเกณฑ์การประเมินจากไฟล์",
            "form": form,
            "problems": problems,
        })

    @admin.action(description="สร้างปีใหม่จากปีที่เลือก (คัดลอกเกณฑ์ทั้งหมดเป็นฉบับร่าง)")
    def copy_criteria(self, request: HttpRequest, queryset: QuerySet[AssessmentYear]):
        if queryset.count() != 1:
            self.message_user(request, "เลือกปีต้นแบบเพียงปีเดียว", messages.ERROR)
            return None
        return redirect(reverse("admin:assessments_assessmentyear_copy", args=[queryset.get().pk]))

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


class SubIndicatorInline(DraftOnlyMixin, ObjectPermissionsTabularInline):
    model = SubIndicator
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(DraftOnlyMixin, ObjectPermissionsModelAdmin):
    list_display = ["number", "name", "tool", "year"]
    list_filter = ["year", "tool__code"]
    list_select_related = ["tool", "year"]
    inlines = [SubIndicatorInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return self.draft_years_only(db_field, field)

    def get_deleted_objects(self, objs, request):
        return _refuse_used(
            super().get_deleted_objects(objs, request), list(objs), lambda i: f"ตัวชี้วัดที่ {i.number}"
        )


def _refuse_used(deleted, objs, describe):
    """The admin's delete confirmation, with the rows agencies use listed as protected, so
    the admin refuses to delete them (instead of deleting the agencies' data with them)."""
    to_delete, model_count, perms_needed, protected = deleted
    used = criteria_in_use(objs)
    protected = list(protected) + [
        f"{describe(o)}: หน่วยงานใช้แล้ว ({', '.join(used[o.pk])}) ให้แก้ไขแทนการลบ"
        for o in objs
        if o.pk in used
    ]
    return to_delete, model_count, perms_needed, protected


@admin.register(OITItem)
class OITItemAdmin(DraftOnlyMixin, ObjectPermissionsModelAdmin):
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
        return self.draft_years_only(db_field, field)

    def get_deleted_objects(self, objs, request):
        return _refuse_used(
            super().get_deleted_objects(objs, request), list(objs), lambda o: f"ข้อ {o.code}"
        )


@admin.register(IndicatorSuggestion)
class IndicatorSuggestionAdmin(ObjectPermissionsModelAdmin):
    list_display = ["indicator_number", "text"]
    ordering = ["indicator_number"]
