from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet

from assessments.models import AssessmentYear, Indicator, OITItem, SubIndicator
from assessments.scoring import band_overlaps

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
