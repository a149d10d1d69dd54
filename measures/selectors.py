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


def group_measures(measures: list[Measure], *, by: str, year: AssessmentYear) -> list[MeasureGroup]:
    """Group as the seed documents do: by tool (IIT/EIT/OIT) or by indicator."""
    if by == "indicator":
        indicators = {i.number: i for i in year.indicators.all()}
        groups: dict[str, MeasureGroup] = {}
        for measure in measures:
            numbers = [i.number for i in measure.indicators.all()] or [0]
            first = numbers[0]
            key = str(first)
            label = (
                f"ตัวชี้วัดที่ {first} ({indicators[first].name})"
                if first in indicators
                else "ไม่ระบุตัวชี้วัด"
            )
            groups.setdefault(key, MeasureGroup(key, label, [])).measures.append(measure)
        return sorted(groups.values(), key=lambda g: (g.key == "0", int(g.key)))
    if by == "tool":
        order = [*ToolCode.values, ""]
        groups = {}
        for measure in measures:
            label = ToolCode(measure.tool).label if measure.tool else "ไม่ระบุเครื่องมือ"
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
