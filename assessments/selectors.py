from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet, prefetch_related_objects

from assessments.models import (
    AssessmentResult,
    AssessmentYear,
    GradeBand,
    Indicator,
    IndicatorScore,
    IndicatorSuggestion,
    OITItem,
    OITItemScore,
    RatingBand,
    SubIndicator,
    Tool,
)
from assessments.scoring import band_overlaps, grade_for, rating_for, round_score
from ita_portal.agencies.models import Agency

HUNDRED = Decimal("100")
STEP = Decimal("0.01")


def assessment_years() -> QuerySet[AssessmentYear]:
    return AssessmentYear.objects.annotate(
        indicator_count=Count("indicators", distinct=True),
        oit_item_count=Count("oit_items", distinct=True),
    ).order_by("-year")


def year_criteria(year: int) -> AssessmentYear:
    """A year with its tools, indicators, sub-indicators and OIT items in four queries."""
    items = OITItem.objects.order_by("number")
    subs = SubIndicator.objects.order_by("code").prefetch_related(Prefetch("oit_items", items))
    indicators = (
        Indicator.objects.select_related("tool")
        .order_by("number")
        .prefetch_related(Prefetch("sub_indicators", subs))
    )
    return AssessmentYear.objects.prefetch_related(
        "tools", "grade_bands", "rating_bands", Prefetch("indicators", indicators)
    ).get(year=year)


def weight_problem(weights: list[Decimal]) -> str | None:
    total = sum(weights, Decimal("0"))
    if total != HUNDRED:
        return f"น้ำหนักของเครื่องมือทั้งหมดรวมกันต้องเท่ากับ 100 (ขณะนี้รวมได้ {total})"
    return None


def grade_band_problems(bands: list[tuple[str, Decimal, Decimal]]) -> list[str]:
    """Overlaps, gaps, and cover of 0–100 for a year's grade bands."""
    problems = band_overlaps(bands)
    if problems or not bands:
        return problems or ["ยังไม่ได้กำหนดระดับผลการประเมิน"]
    ordered = sorted(bands, key=lambda band: band[1])
    if ordered[0][1] != 0:
        problems.append(f"ระดับต่ำสุด ({ordered[0][0]}) ต้องเริ่มที่ 0")
    if ordered[-1][2] != HUNDRED:
        problems.append(f"ระดับสูงสุด ({ordered[-1][0]}) ต้องสิ้นสุดที่ 100")
    for lower, upper in zip(ordered, ordered[1:], strict=False):
        if upper[1] - lower[2] != STEP:
            problems.append(
                f"ช่วงคะแนนระหว่างระดับ {lower[0]} ({lower[2]}) และ {upper[0]} ({upper[1]}) "
                "ไม่ต่อเนื่องกัน"
            )
    return problems


def criteria_problems(year: AssessmentYear) -> list[str]:
    """Everything an administrator must fix before a year's criteria can be confirmed."""
    problems = []
    weight_issue = weight_problem([tool.weight for tool in year.tools.all()])
    if weight_issue:
        problems.append(weight_issue)
    problems += grade_band_problems(
        [(b.grade, b.min_score, b.max_score) for b in year.grade_bands.all()]
    )
    numbers = sorted(year.indicators.values_list("number", flat=True))
    if numbers != list(range(1, 11)):
        problems.append("ต้องมีตัวชี้วัดที่ 1 ถึง 10 ครบ ตัวละหนึ่งรายการ")
    if year.indicators.exclude(tool__year=year).exists():
        problems.append("มีตัวชี้วัดที่ผูกกับเครื่องมือของปีอื่น")
    item_numbers = list(year.oit_items.order_by("number").values_list("number", flat=True))
    if not item_numbers:
        problems.append("ยังไม่มีข้อการตรวจ OIT")
    elif item_numbers != list(range(1, len(item_numbers) + 1)):
        problems.append("ลำดับข้อ OIT ต้องเรียงต่อเนื่องตั้งแต่ O1")
    if year.oit_items.exclude(sub_indicator__indicator__year=year).exists():
        problems.append("มีข้อ OIT ที่ผูกกับตัวชี้วัดย่อยของปีอื่น")
    return problems


TOTAL_TOLERANCE = Decimal("0.01")


@dataclass(frozen=True)
class IndicatorRow:
    number: int
    name: str
    tool: str
    score: Decimal
    previous: Decimal | None
    suggestion: str
    is_strength: bool

    @property
    def change(self) -> Decimal | None:
        return None if self.previous is None else self.score - self.previous


@dataclass
class SubIndicatorItems:
    code: str
    name: str
    scores: list[OITItemScore] = field(default_factory=list)


@dataclass
class ResultAnalysis:
    """What the portal derives from an agency-year result, without further typing."""

    result: AssessmentResult
    previous: AssessmentResult | None
    tool_scores: dict[str, Decimal | None]
    eit_from_parts: bool
    total: Decimal | None
    official_total: Decimal | None
    total_difference: Decimal | None
    grade: str | None
    passed: bool | None
    rating: str | None
    indicators: list[IndicatorRow]
    missing_indicators: list[Indicator]
    oit_by_sub_indicator: list[SubIndicatorItems]
    missing_tools: list[str] = field(default_factory=list)

    @property
    def is_complete(self) -> bool:
        return not self.missing_indicators and not self.missing_tools

    @property
    def missing_text(self) -> str:
        return missing_scores_text([i.number for i in self.missing_indicators], self.missing_tools)

    @property
    def strengths(self) -> list[IndicatorRow]:
        return [row for row in self.indicators if row.is_strength]

    @property
    def weaknesses(self) -> list[IndicatorRow]:
        return [row for row in self.indicators if not row.is_strength]

    @property
    def zero_items(self) -> list[SubIndicatorItems]:
        groups = []
        for group in self.oit_by_sub_indicator:
            zeros = [s for s in group.scores if s.score == 0]
            if zeros:
                groups.append(SubIndicatorItems(group.code, group.name, zeros))
        return groups

    @property
    def total_mismatch(self) -> bool:
        return self.total_difference is not None and self.total_difference > TOTAL_TOLERANCE


def _number_ranges(numbers: list[int]) -> str:
    """[2, 3, 4, 7] → '2–4, 7'."""
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(
        f"{run[0]}–{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)) for run in runs
    )


def missing_scores_text(indicator_numbers: list[int], tool_codes: list[str]) -> str:
    """What of a result is not entered yet, in Thai, or '' when nothing is missing:
    'ยังไม่ได้กรอกคะแนนตัวชี้วัดที่ 2–10 และคะแนน EIT, OIT'."""
    parts = []
    if indicator_numbers:
        parts.append(f"คะแนนตัวชี้วัดที่ {_number_ranges(indicator_numbers)}")
    if tool_codes:
        parts.append(f"คะแนน {', '.join(tool_codes)}")
    return f"ยังไม่ได้กรอก{' และ'.join(parts)}" if parts else ""


def results_of(agency: Agency) -> QuerySet[AssessmentResult]:
    return AssessmentResult.objects.filter(agency=agency).select_related("year")


def result_for(agency: Agency, year: int) -> AssessmentResult | None:
    return results_of(agency).filter(year__year=year).first()


def eit_score(result: AssessmentResult) -> tuple[Decimal | None, bool]:
    """EIT as typed; in years with two parts and no typed total, the mean of the parts."""
    if result.eit is not None:
        return result.eit, False
    if result.year.eit_has_parts and None not in (result.eit_part1, result.eit_part2):
        return (result.eit_part1 + result.eit_part2) / 2, True
    return None, False


def result_analysis(result: AssessmentResult) -> ResultAnalysis:
    year = result.year
    prefetch_related_objects(
        [year],
        "tools",
        "grade_bands",
        "rating_bands",
        Prefetch("indicators", Indicator.objects.select_related("tool").order_by("number")),
    )
    eit, eit_from_parts = eit_score(result)
    tool_scores = {"IIT": result.iit, "EIT": eit, "OIT": result.oit}
    weights = {tool.code: tool.weight for tool in year.tools.all()}

    total = None
    if weights and all(tool_scores.get(code) is not None for code in weights):
        total = round_score(sum(tool_scores[code] * weights[code] / 100 for code in weights))
    difference = None
    if total is not None and result.official_total is not None:
        difference = abs(total - result.official_total)

    grade = grade_for(total, year.grade_bands.all()) if total is not None else None
    rating = None
    if total is not None and year.rating_bands.all():
        rating = rating_for(total, tool_scores, year.rating_bands.all())

    previous = (
        AssessmentResult.objects.filter(agency_id=result.agency_id, year__year=year.year - 1)
        .select_related("year")
        .prefetch_related(Prefetch("indicator_scores", IndicatorScore.objects.select_related(
            "indicator"
        )))
        .first()
    )
    previous_scores = (
        {s.indicator.number: s.score for s in previous.indicator_scores.all()} if previous else {}
    )
    library = dict(IndicatorSuggestion.objects.values_list("indicator_number", "text"))
    scores = list(result.indicator_scores.select_related("indicator__tool"))
    rows = sorted(
        (
            IndicatorRow(
                number=s.indicator.number,
                name=s.indicator.name,
                tool=s.indicator.tool.code,
                score=s.score,
                previous=previous_scores.get(s.indicator.number),
                suggestion=s.suggestion or library.get(s.indicator.number, ""),
                is_strength=s.score >= year.pass_mark,
            )
            for s in scores
        ),
        key=lambda row: (-row.score, row.number),
    )
    entered = {s.indicator_id for s in scores}
    missing = [i for i in year.indicators.all() if i.pk not in entered]

    groups: dict[int, SubIndicatorItems] = {}
    for item_score in result.oit_scores.select_related("item__sub_indicator").order_by(
        "item__number"
    ):
        sub = item_score.item.sub_indicator
        groups.setdefault(sub.pk, SubIndicatorItems(sub.code, sub.name)).scores.append(item_score)

    missing_tools = [t.code for t in year.tools.all() if tool_scores.get(t.code) is None]

    return ResultAnalysis(
        result=result,
        previous=previous,
        tool_scores=tool_scores,
        eit_from_parts=eit_from_parts,
        total=total,
        official_total=result.official_total,
        total_difference=difference,
        grade=grade,
        passed=None if total is None else total >= year.pass_mark,
        rating=rating,
        indicators=rows,
        missing_indicators=missing,
        oit_by_sub_indicator=list(groups.values()),
        missing_tools=missing_tools,
    )


CRITERIA_MODELS = {AssessmentYear, Tool, Indicator, SubIndicator, OITItem, GradeBand, RatingBand}


def criteria_in_use(objects: list) -> dict[int, list[str]]:
    """Which of these criteria rows (all of one model) agencies' data already points at:
    pk → the Thai names of what uses it (scores, readiness, measures …).

    Found through every relation into the model from outside the criteria, so a table
    added later by another app is covered without a change here."""
    if not objects:
        return {}
    model = type(objects[0])
    used: dict[int, list[str]] = {}
    for relation in model._meta.related_objects:
        if relation.related_model in CRITERIA_MODELS:
            continue
        name = relation.field.name
        pks = relation.related_model._default_manager.filter(
            **{f"{name}__in": objects}
        ).values_list(name, flat=True).distinct()
        for pk in pks:
            used.setdefault(pk, []).append(str(relation.related_model._meta.verbose_name))
    return used
