"""What each report shows: the data of an agency-year, shaped for one template.

A view previews the same template in the browser that ita_portal.pdf.render renders to PDF.
"""

from dataclasses import dataclass, field

from django.db import models

from assessments.charts import analysis_chart_svg
from assessments.models import AssessmentResult, AssessmentYear
from assessments.selectors import result_analysis, result_for
from ita_portal.agencies.models import Agency
from measures.models import Measure, MeasureStatus
from measures.readiness import readiness_board
from measures.selectors import group_measures, measures_of, rounds_of
from reports.models import ProgressLayout


class ReportKind(models.TextChoices):
    ANALYSIS = (
        "analysis",
        "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ",
    )
    PLAN = "plan", "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
    PROGRESS = "progress", "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"


# Each title as the published documents set it, broken between phrases: left to the line
# breaker, long titles split inside a phrase ("…และความ / โปร่งใส").
TITLE_LINES = {
    ReportKind.ANALYSIS: [
        "รายงานการวิเคราะห์ผลการประเมิน",
        "คุณธรรมและความโปร่งใสในการดำเนินงาน",
        "ของหน่วยงานภาครัฐ",
    ],
    ReportKind.PLAN: ["มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"],
    ReportKind.PROGRESS: [
        "รายงานผลการดำเนินการตามมาตรการ",
        "ส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    ],
}


class ReportUnavailable(Exception):
    """The agency-year lacks the data this report needs (message in Thai)."""


@dataclass
class ReportDocument:
    kind: str
    template: str
    title: str
    landscape: bool
    filename: str
    context: dict = field(default_factory=dict)


def missing_data(agency: Agency, year: AssessmentYear, kind: str, layout: str) -> str:
    """Why the report cannot be made yet (Thai), or "" — two cheap queries at most."""
    if kind == ReportKind.ANALYSIS:
        if not AssessmentResult.objects.filter(agency=agency, year=year).exists():
            return f"ยังไม่ได้บันทึกผลการประเมินปี {year.year}"
    elif kind in (ReportKind.PLAN, ReportKind.PROGRESS):
        needs_measures = kind == ReportKind.PLAN or layout != ProgressLayout.READINESS
        if needs_measures and not Measure.objects.filter(agency=agency, year=year).exists():
            return f"ยังไม่มีมาตรการของปี {year.year}"
    else:
        return "ไม่รู้จักรายงานชนิดนี้"
    return ""


def build_report(
    agency: Agency,
    year: AssessmentYear,
    kind: str,
    *,
    layout: str = ProgressLayout.BY_INDICATOR,
    with_cover: bool = True,
) -> ReportDocument:
    builders = {
        ReportKind.ANALYSIS: _analysis,
        ReportKind.PLAN: _plan,
        ReportKind.PROGRESS: _progress,
    }
    if kind == ReportKind.PROGRESS and layout not in ProgressLayout.values:
        raise ReportUnavailable("ไม่รู้จักรูปแบบรายงานนี้")
    missing = missing_data(agency, year, kind, layout)
    if missing:
        raise ReportUnavailable(missing)
    document = builders[kind](agency, year, layout)
    title = f"{ReportKind(kind).label} ประจำปีงบประมาณ พ.ศ. {year.year}"
    document.title = title
    document.filename = f"{ReportKind(kind).label} {agency.name} {year.year}.pdf"
    document.context.update(
        {
            "agency": agency,
            "year": year,
            "title_lines": TITLE_LINES[kind],
            "statuses": MeasureStatus.choices,
            "cover": {
                "title": ReportKind(kind).label,
                "title_lines": TITLE_LINES[kind],
                "agency": agency.name,
                "district": agency.district,
                "province": agency.province,
                "fiscal_year": year.year,
            }
            if with_cover
            else None,
        }
    )
    return document


def _analysis(agency: Agency, year: AssessmentYear, layout: str) -> ReportDocument:
    result = result_for(agency, year.year)
    analysis = result_analysis(result)
    next_year = AssessmentYear.objects.filter(year=year.year + 1).first()
    rows = {row.number: row for row in analysis.indicators}
    notes = {"IIT": result.iit_notes, "EIT": result.eit_notes, "OIT": result.oit_notes}
    tool_tables = [
        {
            "tool": tool,
            "score": analysis.tool_scores.get(tool.code),
            "rows": [rows[i.number] for i in year.indicators.all() if i.tool_id == tool.pk
                     and i.number in rows],
            "notes": notes.get(tool.code, ""),
        }
        for tool in year.tools.all()
    ]
    return ReportDocument(
        kind=ReportKind.ANALYSIS,
        template="reports/analysis.html",
        title="",
        landscape=False,
        filename="",
        context={
            "analysis": analysis,
            "result": result,
            "chart": analysis_chart_svg(analysis),
            "tool_tables": tool_tables,
            # The analysis of year Y carries the measures set for Y + 1 from it (O42).
            "measures_year": year.year + 1,
            "measures": list(measures_of(agency, next_year)) if next_year else [],
        },
    )


def _plan(agency: Agency, year: AssessmentYear, layout: str) -> ReportDocument:
    measures = list(measures_of(agency, year))
    # The score each indicator got in the result the measures answer (last year's).
    previous = result_for(agency, year.year - 1)
    # Matched by number and name, so a renumbered indicator never shows another's score.
    previous_scores = (
        {(s.indicator.number, s.indicator.name): s.score
         for s in previous.indicator_scores.select_related("indicator")}
        if previous else {}
    )
    for measure in measures:
        measure.indicator_rows = [
            (indicator, previous_scores.get((indicator.number, indicator.name)))
            for indicator in measure.indicators.all()
        ]
    return ReportDocument(
        kind=ReportKind.PLAN,
        template="reports/plan.html",
        title="",
        landscape=True,
        filename="",
        context={"measures": measures, "previous_year": year.year - 1},
    )


def _progress(agency: Agency, year: AssessmentYear, layout: str) -> ReportDocument:
    context: dict = {"layout": layout, "rounds": list(rounds_of(agency, year))}
    if layout == ProgressLayout.READINESS:
        context["board"] = readiness_board(agency, year)
    else:
        measures = list(measures_of(agency, year))
        by = {ProgressLayout.BY_INDICATOR: "indicator", ProgressLayout.BY_TOOL: "tool"}
        context["groups"] = group_measures(measures, by=by.get(layout, "none"), year=year)
        context["measures"] = measures
    # The opening paragraph names the analysis the measures came from only if it exists.
    context["analysed_year"] = (
        year.year - 1
        if AssessmentResult.objects.filter(agency=agency, year__year=year.year - 1).exists()
        else None
    )
    return ReportDocument(
        kind=ReportKind.PROGRESS,
        template="reports/progress.html",
        title="",
        landscape=True,
        filename="",
        context=context,
    )
