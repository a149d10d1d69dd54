import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    QueryDict,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from assessments.models import AssessmentYear
from ita_portal.agencies.access import agency_or_403, agency_year_or_403
from ita_portal.agencies.models import Agency
from ita_portal.pdf.glyphs import warn_unprintable
from ita_portal.permissions import CHANGE_MEASURE, VIEW_MEASURE
from ita_portal.thai import thai_date
from measures import selectors, services
from measures.forms import (
    EvidenceForm,
    MeasureFilterForm,
    MeasureForm,
    MoveForm,
    OwnSuggestionForm,
    RoundForm,
    StatusForm,
    chosen_ids,
)
from measures.models import Measure, MeasureEvidence, MeasureStatus

GROUPINGS = {"tool": "ตามเครื่องมือ", "indicator": "ตามตัวชี้วัด", "none": "เรียงตามลำดับ"}


def _measure(request: HttpRequest, pk: int, perm: str) -> Measure:
    measure = get_object_or_404(Measure.objects.select_related("agency", "year"), pk=pk)
    if not request.user.has_perm(perm, measure):
        raise PermissionDenied("คุณไม่มีสิทธิ์ดูหรือแก้ไขมาตรการของหน่วยงานนี้")
    return measure


def _list_filter(query: QueryDict) -> selectors.ListFilter:
    """The list's grouping and filters from a query string; values not understood are
    dropped, as a hand-edited address should still show the list."""
    group_by = query.get("group", "indicator")
    status = query.get("status", "")
    return selectors.ListFilter(
        group_by=group_by if group_by in GROUPINGS else "indicator",
        status=status if status in MeasureStatus.values else "",
        unit_id=MeasureFilterForm(query).unit_id(),
    )


def _list_query(shown: selectors.ListFilter, **extra) -> str:
    """The query string of a list view, without the defaults (so plain links stay plain)."""
    params = {
        "group": shown.group_by if shown.group_by != "indicator" else None,
        "status": shown.status or None,
        "unit": shown.unit_id,
        **extra,
    }
    return urlencode({key: value for key, value in params.items() if value})


def _row_query(query: QueryDict) -> str:
    """The list's state as a query string for a row's links and forms ("" by default)."""
    params = _list_query(_list_filter(query))
    return f"?{params}" if params else ""


def _list_home(agency: Agency, criteria: AssessmentYear, query: QueryDict) -> str:
    url = reverse("measures:measure_list", args=[agency.code, criteria.year])
    return url + _row_query(query)


def _list_url(measure: Measure, query: QueryDict | None = None) -> str:
    """Back to the list as the officer left it (grouping and filters come along in the
    query string of the forms and links of the list), on the page that shows the measure."""
    shown = _list_filter(query if query is not None else QueryDict())
    page = selectors.page_of(measure, shown)
    params = _list_query(shown, page=page if page and page > 1 else None)
    url = reverse("measures:measure_list", args=[measure.agency.code, measure.year.year])
    return f"{url}?{params}#m-{measure.pk}" if params else f"{url}#m-{measure.pk}"


def _input(form: MeasureForm) -> services.MeasureInput:
    data = form.cleaned_data
    return services.MeasureInput(
        values={name: data[name] for name in services.TEXT_FIELDS if name in data},
        indicators=list(data["indicators"]),
        oit_items=list(data["oit_items"]),
        units=list(data["units"]),
    )


@login_required
def measures_home(request: HttpRequest, code: str) -> HttpResponse:
    agency = agency_or_403(request, code, VIEW_MEASURE)
    years = AssessmentYear.objects.order_by("-year")
    counts = dict(
        Measure.objects.filter(agency=agency)
        .values_list("year__year")
        .annotate(n=Count("id"))
        .values_list("year__year", "n")
    )
    rows = [(year, counts.get(year.year, 0)) for year in years]
    return render(request, "measures/home.html", {"agency": agency, "rows": rows})


#: A number no measure has, replaced by each row's id in URLs reversed once per page: three
#: reverse() calls a row were a quarter of the list's time.
_ANY_PK = 2**62


class _RowLinks:
    """The URLs of a list row's edit link and status/move forms, with the list's state."""

    def __init__(self, suffix: str):
        self.suffix = suffix
        self.patterns = {
            name: reverse(f"measures:measure_{name}", args=[_ANY_PK])
            for name in ("edit", "status", "move")
        }

    def of(self, pk: int) -> dict[str, str]:
        return {
            name: pattern.replace(str(_ANY_PK), str(pk)) + self.suffix
            for name, pattern in self.patterns.items()
        }


def _prepare_rows(measures: list[Measure], suffix: str) -> list[Measure]:
    """Give each row its ticked box and links, so the template does no work per box."""
    links = _RowLinks(suffix)
    for measure in measures:
        measure.boxes = [
            (value, label, measure.status == value) for value, label in MeasureStatus.choices
        ]
        measure.links = links.of(measure.pk)
    return measures


@login_required
def measure_list(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """One page of the list, grouped and filtered as the query string says; the status boxes,
    moves and edits of a row return here with the same query string."""
    agency, criteria = agency_year_or_403(request, code, year, VIEW_MEASURE)
    shown = _list_filter(request.GET)
    page = selectors.measure_page(agency, criteria, shown, request.GET.get("page"))
    counts = selectors.status_counts(agency, criteria)
    list_query = _list_query(shown)
    row_query = f"?{list_query}" if list_query else ""
    measures = _prepare_rows(list(page.object_list), row_query)
    return render(
        request,
        "measures/list.html",
        {
            "agency": agency,
            "criteria": criteria,
            "page": page,
            "page_range": list(
                page.paginator.get_elided_page_range(page.number, on_each_side=1)
            ),
            "groups": selectors.group_measures(measures, by=shown.group_by, year=criteria),
            "group_by": shown.group_by,
            "groupings": GROUPINGS,
            "status": shown.status,
            "unit_id": shown.unit_id,
            "list_query": list_query,
            "row_query": row_query,
            "units": agency.units.all(),
            "statuses": MeasureStatus.choices,
            "counts": counts,
            "total": sum(count for _value, _label, count in counts),
            "can_edit": request.user.has_perm(CHANGE_MEASURE, agency),
            "rounds": selectors.rounds_of(agency, criteria),
        },
    )


@login_required
def measure_create(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agency, criteria = agency_year_or_403(request, code, year, CHANGE_MEASURE)
    instance = Measure(agency=agency, year=criteria)
    form = MeasureForm(request.POST or None, instance=instance, agency=agency, year=criteria)
    if request.method == "POST" and form.is_valid():
        data = _input(form)
        try:
            measure = services.measure_create(
                agency=agency, year=criteria, data=data, acting_user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"เพิ่มมาตรการลำดับที่ {measure.order} แล้ว")
            warn_unprintable(request, data.values.values())
            return redirect(_list_url(measure, request.GET))
    return render(
        request,
        "measures/form.html",
        {
            "agency": agency,
            "criteria": criteria,
            "form": form,
            "measure": None,
            "back_url": _list_home(agency, criteria, request.GET),
        },
    )


@login_required
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk, VIEW_MEASURE)
    can_edit = request.user.has_perm(CHANGE_MEASURE, measure)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied("คุณไม่มีสิทธิ์แก้ไขมาตรการของหน่วยงานนี้")
    form = MeasureForm(
        request.POST or None, instance=measure, agency=measure.agency, year=measure.year
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = _input(form)
        try:
            services.measure_update(
                measure,
                data=data,
                acting_user=request.user,
                expected_version=form.cleaned_data["version"] or 0,
            )
        except services.StaleMeasureError as stale:
            conflict = stale.current
            form.data = form.data.copy()
            form.data["version"] = stale.current.version
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"บันทึกมาตรการลำดับที่ {measure.order} แล้ว")
            warn_unprintable(request, data.values.values())
            return redirect(_list_url(measure, request.GET))
    return render(
        request,
        "measures/form.html",
        {
            "agency": measure.agency,
            "criteria": measure.year,
            "form": form,
            "measure": measure,
            "conflict": conflict,
            "can_edit": can_edit,
            "back_url": _list_url(measure, request.GET),
            "row_query": _row_query(request.GET),
            "evidence_form": EvidenceForm(),
            "evidence": measure.evidence.all(),
        },
    )


@login_required
@require_POST
def measure_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Tick a status on the list page: a plain form post, or fetch() from measures.js."""
    measure = _measure(request, pk, CHANGE_MEASURE)
    form = StatusForm(request.POST)
    wants_json = request.headers.get("Accept") == "application/json"
    if not form.is_valid():
        if wants_json:
            return JsonResponse({"error": "สถานะไม่ถูกต้อง"}, status=400)
        messages.error(request, "สถานะไม่ถูกต้อง")
        return redirect(_list_url(measure, request.GET))
    try:
        measure = services.measure_set_status(
            measure, status=form.cleaned_data["status"], acting_user=request.user
        )
    except ValidationError as gone:
        if wants_json:
            return JsonResponse({"error": gone.messages[0]}, status=409)
        messages.error(request, gone.messages[0])
        return redirect(_list_url(measure, request.GET))
    if wants_json:
        counts = selectors.status_counts(measure.agency, measure.year)
        return JsonResponse(
            {
                "status": measure.status,
                "label": measure.get_status_display(),
                "counts": {value: count for value, _label, count in counts},
            }
        )
    messages.success(
        request, f"มาตรการลำดับที่ {measure.order}: {measure.get_status_display()}"
    )
    return redirect(_list_url(measure, request.GET))


@login_required
@require_POST
def measure_move(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk, CHANGE_MEASURE)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            services.measure_move(
                measure, direction=form.cleaned_data["direction"], acting_user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect(_list_url(measure, request.GET))


@login_required
@require_POST
def measure_delete(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk, CHANGE_MEASURE)
    order = measure.order
    url = reverse("measures:measure_list", args=[measure.agency.code, measure.year.year])
    url += _row_query(request.GET)
    try:
        services.measure_delete(measure, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"ลบมาตรการลำดับที่ {order} แล้ว มาตรการที่เหลือเรียงลำดับใหม่")
    return redirect(url)


def _shown(value):
    """A changed value as the history prints it: dates in Buddhist Era, like the form."""
    return thai_date(value) if isinstance(value, dt.date) else value


@login_required
def measure_history(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk, VIEW_MEASURE)
    records = list(measure.history.select_related("history_user").order_by("-history_date"))
    changes = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        if older is None:
            changes.append((newer, [("สร้างมาตรการ", "", "")]))
            continue
        delta = newer.diff_against(older)
        rows = [
            (Measure._meta.get_field(c.field).verbose_name, _shown(c.old), _shown(c.new))
            for c in delta.changes
        ]
        changes.append((newer, rows))
    return render(
        request,
        "measures/history.html",
        {"agency": measure.agency, "measure": measure, "changes": changes},
    )


@login_required
@require_POST
def measures_copy(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agency, criteria = agency_year_or_403(request, code, year, CHANGE_MEASURE)
    try:
        created = services.measures_copy_from_last_year(
            agency=agency, year=criteria, acting_user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"คัดลอกมาตรการของปี {year - 1} มา {len(created)} รายการ")
    return redirect("measures:measure_list", code=code, year=year)


@login_required
def measures_suggestions(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agency, criteria = agency_year_or_403(request, code, year, CHANGE_MEASURE)
    weaknesses = selectors.suggestions_for_weaknesses(agency, criteria)
    own_form = OwnSuggestionForm(
        request.POST if request.POST.get("action") == "add" else None,
        numbers=[number for number, _name, _items in weaknesses],
    )
    if own_form.is_bound:
        if own_form.is_valid():
            services.suggestion_add(
                agency=agency, acting_user=request.user, **own_form.cleaned_data
            )
            messages.success(request, "เพิ่มมาตรการแนะนำของหน่วยงานแล้ว")
            return redirect("measures:measures_suggestions", code=code, year=year)
    elif request.method == "POST":
        offered = {s.pk: s for _n, _name, items in weaknesses for s in items}
        ticked = chosen_ids(request.POST.getlist("suggestion"))
        chosen = [offered[i] for i in ticked if i in offered]
        if not chosen:
            messages.error(request, "กรุณาเลือกมาตรการที่ต้องการอย่างน้อยหนึ่งรายการ")
        else:
            created = services.measures_from_suggestions(
                agency=agency, year=criteria, suggestions=chosen, acting_user=request.user
            )
            messages.success(request, f"เพิ่มมาตรการจากคลังข้อเสนอ {len(created)} รายการ")
            return redirect("measures:measure_list", code=code, year=year)
    return render(
        request,
        "measures/suggestions.html",
        {"agency": agency, "criteria": criteria, "weaknesses": weaknesses, "own_form": own_form},
    )


@login_required
def measure_rounds(request: HttpRequest, code: str, year: int) -> HttpResponse:
    agency, criteria = agency_year_or_403(request, code, year, VIEW_MEASURE)
    form = RoundForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm(CHANGE_MEASURE, agency):
            raise PermissionDenied("คุณไม่มีสิทธิ์บันทึกรอบรายงานของหน่วยงานนี้")
        if form.is_valid():
            try:
                taken = services.round_take(
                    agency=agency,
                    year=criteria,
                    kind=form.cleaned_data["kind"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, f"บันทึก{taken.get_kind_display()}แล้ว")
            return redirect("measures:measure_rounds", code=code, year=year)
    return render(
        request,
        "measures/rounds.html",
        {
            "agency": agency,
            "criteria": criteria,
            "rounds": selectors.rounds_of(agency, criteria),
            "form": form,
            "can_edit": request.user.has_perm(CHANGE_MEASURE, agency),
        },
    )


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk, CHANGE_MEASURE)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        services.evidence_add(
            measure,
            title=form.cleaned_data["title"],
            url=form.cleaned_data["url"],
            file=form.cleaned_data["file"],
            acting_user=request.user,
        )
        messages.success(request, "แนบหลักฐานแล้ว")
        return redirect("measures:measure_edit", pk=measure.pk)
    return render(
        request,
        "measures/form.html",
        {
            "agency": measure.agency,
            "criteria": measure.year,
            "form": MeasureForm(instance=measure, agency=measure.agency, year=measure.year),
            "measure": measure,
            "can_edit": True,
            "evidence_form": form,
            "evidence": measure.evidence.all(),
        },
        status=400,
    )


@login_required
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """Files are served through this check, never straight from MEDIA_URL."""
    evidence = get_object_or_404(
        MeasureEvidence.objects.select_related("measure__agency"), pk=pk
    )
    if not request.user.has_perm(VIEW_MEASURE, evidence):
        raise PermissionDenied("คุณไม่มีสิทธิ์ดูหลักฐานของหน่วยงานนี้")
    if not evidence.file:
        raise Http404("หลักฐานนี้เป็นลิงก์ ไม่มีไฟล์")
    name = evidence.file.name.rsplit("/", 1)[-1]
    inline = name.lower().endswith((".pdf", ".png", ".jpg", ".jpeg"))
    return FileResponse(evidence.file.open("rb"), as_attachment=not inline, filename=name)

