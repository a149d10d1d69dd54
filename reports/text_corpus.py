"""The text-layer corpus printed through the real report templates (tests and
``manage.py pdf_text_check``): which fields each report prints, and filling them."""

from assessments.models import AssessmentResult, Indicator, OITItemScore
from measures.models import IndicatorPlan, Measure
from measures.readiness import PLAN_TOOLS

#: Every report kind and layout: (kind, layout).
REPORT_CASES = [
    ("analysis", "by_indicator"),
    ("plan", "by_indicator"),
    ("progress", "by_indicator"),
    ("progress", "by_tool"),
    ("progress", "numbered"),
    ("progress", "readiness"),
]


#: The free-text fields of a measure each report kind/layout prints.
MEASURE_FIELDS = {
    ("analysis", "by_indicator"): ("title", "steps", "monitoring"),
    ("plan", "by_indicator"): ("title", "weakness", "steps", "monitoring"),
    ("progress", "by_indicator"): ("title", "steps", "summary", "outcome"),
    ("progress", "by_tool"): ("title", "summary", "outcome"),
    ("progress", "numbered"): ("title", "weakness", "steps", "summary", "outcome"),
    ("progress", "readiness"): (),
}


def write_report_texts(agency, kind: str, layout: str, lines: list[str]) -> None:
    """Write ``lines`` into the free-text fields that report ``kind``/``layout`` prints.

    The fields of the agency-year the report is printed for (:func:`report_years`):
    its measures' (:data:`MEASURE_FIELDS`), for the analysis also the result's preface,
    notes and OIT comments, for the readiness layout the IIT/EIT indicator plans'
    approach (plans created if missing). The lines are dealt out in turn, joined by line
    breaks, so each is printed once. Writes with ``QuerySet.update``: call it inside a
    transaction that is rolled back (a test, or ``manage.py pdf_text_check``).
    """
    year = report_years(agency)[kind]
    slots: list[tuple[type, int, str]] = []
    for measure in Measure.objects.filter(agency=agency, year=year).order_by("order"):
        slots += [(Measure, measure.pk, name) for name in MEASURE_FIELDS[kind, layout]]
    if kind == "analysis":
        result = AssessmentResult.objects.get(agency=agency, year=year)
        for name in ("preface", "iit_notes", "eit_notes", "oit_notes"):
            slots.append((AssessmentResult, result.pk, name))
        for score in OITItemScore.objects.filter(result=result):
            slots.append((OITItemScore, score.pk, "comment"))
    if layout == "readiness":
        for indicator in Indicator.objects.filter(year=year, tool__code__in=PLAN_TOOLS):
            plan, _ = IndicatorPlan.objects.get_or_create(agency=agency, indicator=indicator)
            slots.append((IndicatorPlan, plan.pk, "approach"))
    if not slots:
        raise ValueError(f"{agency} {year}: nothing to print texts in")
    for i, (model, pk, name) in enumerate(slots):
        model.objects.filter(pk=pk).update(**{name: "\n".join(lines[i::len(slots)])})


def report_years(agency) -> dict[str, object]:
    """The AssessmentYear each report kind is printed for: results' and measures' latest."""
    result = AssessmentResult.objects.filter(agency=agency).order_by("-year__year").first()
    measure = Measure.objects.filter(agency=agency).order_by("-year__year").first()
    if result is None or measure is None:
        raise ValueError(f"{agency} needs a result and measures (the demo agency has both)")
    return {"analysis": result.year, "plan": measure.year, "progress": measure.year}
