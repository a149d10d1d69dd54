from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from assessments.models import AssessmentYear, Indicator, ToolCode
from assessments.selectors import result_for
from ita_portal.agencies.models import Agency
from measures.models import (
    Measure,
    MeasureEvidence,
    MeasureStatus,
    MeasureSuggestion,
    ProgressRound,
)

#: Measures on one page of the list. An agency plans 10–40 measures a year, so they see one
#: page; a list of 1,000 is 20 pages that each render in a fraction of the time (issue 13).
PAGE_SIZE = 50
LONG_TEXTS = ("weakness", "steps", "monitoring", "summary", "outcome", "problems", "suggestions")


def _with_list_data(measures: QuerySet[Measure]) -> QuerySet[Measure]:
    return measures.prefetch_related(
        Prefetch("indicators", Indicator.objects.order_by("number")),
        "units",
        "oit_items",
        "evidence",
    )


def measures_of(
    agency: Agency, year: AssessmentYear, *, status: str = "", unit_id: int | None = None
) -> QuerySet[Measure]:
    """An agency-year's measures with everything the list shows, in a fixed few queries."""
    measures = Measure.objects.filter(agency=agency, year=year)
    if status:
        measures = measures.filter(status=status)
    if unit_id:
        measures = measures.filter(units__id=unit_id)
    return _with_list_data(measures.order_by("order"))


@dataclass(frozen=True)
class ListFilter:
    """What the measure list shows: its grouping and filters, all kept in the query string."""

    group_by: str = "indicator"
    status: str = ""
    unit_id: int | None = None


def _in_list_order(agency: Agency, year: AssessmentYear, shown: ListFilter) -> QuerySet[Measure]:
    """The measures the list shows, in the order group_measures groups them, so that a page
    holds whole runs of a group and the groups follow each other across pages."""
    measures = Measure.objects.filter(agency=agency, year=year)
    if shown.status:
        measures = measures.filter(status=shown.status)
    if shown.unit_id:
        measures = measures.filter(units__id=shown.unit_id)
    if shown.group_by == "indicator":
        # A measure is listed under its first (lowest-numbered) indicator; none go last.
        measures = measures.annotate(first_indicator=Min("indicators__number"))
        return measures.order_by(F("first_indicator").asc(nulls_last=True), "order")
    if shown.group_by == "tool":
        tools = [*ToolCode.values, ""]
        rank = Case(
            *(When(tool=tool, then=Value(n)) for n, tool in enumerate(tools)),
            default=Value(len(tools)),
            output_field=IntegerField(),
        )
        return measures.annotate(tool_rank=rank).order_by("tool_rank", "order")
    return measures.order_by("order")


def measure_page(
    agency: Agency, year: AssessmentYear, shown: ListFilter, number: int | str | None
) -> Page:
    """One page of the list; a page number out of range or not a number gives the nearest
    page. Two queries (count and page) and the prefetches, however many measures."""
    # The long texts of a measure are on its own page, and the list shows only how many
    # pieces of evidence it has: no evidence objects (a fifth of the page's time).
    evidence = (
        MeasureEvidence.objects.filter(measure=OuterRef("pk"))
        .order_by()
        .values("measure")
        .annotate(n=Count("id"))
        .values("n")
    )
    measures = (
        _in_list_order(agency, year, shown)
        .defer(*LONG_TEXTS)
        .annotate(evidence_count=Coalesce(Subquery(evidence), 0))
        .prefetch_related(
            Prefetch("indicators", Indicator.objects.order_by("number")), "units", "oit_items"
        )
    )
    return Paginator(measures, PAGE_SIZE).get_page(number)


def page_of(measure: Measure, shown: ListFilter) -> int | None:
    """The list page that shows the measure, or None when the filter hides it."""
    ids = list(
        _in_list_order(measure.agency, measure.year, shown).values_list("pk", flat=True)
    )
    if measure.pk not in ids:
        return None
    return ids.index(measure.pk) // PAGE_SIZE + 1


@dataclass
class MeasureGroup:
    key: str
    label: str
    measures: list[Measure]


UNGROUPED_INDICATOR = "ไม่ระบุตัวชี้วัด"
UNGROUPED_TOOL = "ไม่ระบุเครื่องมือ"


def indicator_group_key(
    group_label: str, indicator_numbers: list[int], order: int, names: dict[int, str],
    *, hide_ungrouped: bool = False,
) -> tuple[tuple, tuple, str]:
    """(group identity, sort key, printed label) of a measure in the by-indicator layout.

    A measure's own group label wins: measures with the same label print under it
    together. Otherwise its first indicator ("ตัวชี้วัดที่ 3 (…)"); none at all goes
    last, under "ไม่ระบุตัวชี้วัด" or, with ``hide_ungrouped``, under no heading row.
    Groups follow their first indicator's number, then their first measure."""
    first = (indicator_numbers or [0])[0]
    sort = (first == 0, first, order)
    label = " ".join(group_label.split())
    if label:
        return ("label", label), sort, label
    if first in names:
        return ("indicator", first), sort, f"ตัวชี้วัดที่ {first} ({names[first]})"
    return ("indicator", 0), sort, "" if hide_ungrouped else UNGROUPED_INDICATOR


def group_measures(
    measures: list[Measure],
    *,
    by: str,
    year: AssessmentYear,
    tool_labels: dict[str, str] | None = None,
    hide_ungrouped: bool = False,
) -> list[MeasureGroup]:
    """Group as the seed documents do: by tool (IIT/EIT/OIT) or by indicator (or the
    measure's own group label); ``tool_labels`` are the agency's own names of the tools."""
    if by == "indicator":
        names = {i.number: i.name for i in year.indicators.all()}
        groups: dict = {}
        sorts: dict = {}
        for measure in measures:
            numbers = [i.number for i in measure.indicators.all()]
            key, sort, label = indicator_group_key(
                measure.group_label, numbers, measure.order, names, hide_ungrouped=hide_ungrouped
            )
            sorts[key] = min(sorts.get(key, sort), sort)
            groups.setdefault(key, MeasureGroup(str(key[1]), label, [])).measures.append(measure)
        return [groups[key] for key in sorted(groups, key=sorts.__getitem__)]
    if by == "tool":
        order = [*ToolCode.values, ""]
        labels = tool_labels or {}
        groups = {}
        for measure in measures:
            if measure.tool:
                label = labels.get(measure.tool) or ToolCode(measure.tool).label
            else:
                label = "" if hide_ungrouped else UNGROUPED_TOOL
            groups.setdefault(measure.tool, MeasureGroup(measure.tool, label, [])).measures.append(
                measure
            )
        return sorted(groups.values(), key=lambda g: order.index(g.key))
    return [MeasureGroup("", "", list(measures))]


def status_counts(agency: Agency, year: AssessmentYear) -> list[tuple[str, str, int]]:
    counts = dict(
        Measure.objects.filter(agency=agency, year=year)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return [(value, label, counts.get(value, 0)) for value, label in MeasureStatus.choices]


def suggestions_for_weaknesses(
    agency: Agency, year: AssessmentYear
) -> list[tuple[int, str, list[MeasureSuggestion]]]:
    """For each indicator under the pass mark, the library's suggestions (shared and the
    agency's own). The result of the measures' own year is used, as the seed documents
    do; before it is entered, the previous year's."""
    previous = result_for(agency, year.year) or result_for(agency, year.year - 1)
    if previous is None:
        return []
    weak = [
        (s.indicator.number, s.indicator.name)
        for s in previous.indicator_scores.select_related("indicator").order_by("score")
        if s.score < previous.year.pass_mark
    ]
    library: dict[int, list[MeasureSuggestion]] = {}
    for suggestion in MeasureSuggestion.objects.filter(
        Q(agency__isnull=True) | Q(agency=agency),
        indicator_number__in=[n for n, _ in weak],
    ):
        library.setdefault(suggestion.indicator_number, []).append(suggestion)
    return [(n, name, library.get(n, [])) for n, name in weak]


def rounds_of(agency: Agency, year: AssessmentYear) -> QuerySet[ProgressRound]:
    return ProgressRound.objects.filter(agency=agency, year=year).prefetch_related("entries")
