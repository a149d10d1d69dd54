from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from assessments.models import AssessmentYear, Indicator, ToolCode
from assessments.selectors import result_for
from ita_portal.agencies.models import Agency
from measures.models import Measure, MeasureStatus, MeasureSuggestion, ProgressRound


def measures_of(
    agency: Agency, year: AssessmentYear, *, status: str = "", unit_id: int | None = None
) -> QuerySet[Measure]:
    """An agency-year's measures with everything the list shows, in a fixed few queries."""
    measures = Measure.objects.filter(agency=agency, year=year)
    if status:
        measures = measures.filter(status=status)
    if unit_id:
        measures = measures.filter(units__id=unit_id)
    return measures.order_by("order").prefetch_related(
        Prefetch("indicators", Indicator.objects.order_by("number")),
        "units",
        "oit_items",
        "evidence",
    )


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
    counts = Counter(
        Measure.objects.filter(agency=agency, year=year).values_list("status", flat=True)
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
