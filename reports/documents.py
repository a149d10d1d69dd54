"""What each report prints, as a payload: plain JSON values, no model instances.

A payload is everything a report's template reads, frozen at one moment: the agency,
the year's criteria labels, scores, measures with their statuses and units, and the
printing choices (layout, Thai digits, cover). The browser preview, the draft download
and an issued document are all rendered from a payload, so what was issued can be
rendered again, byte for byte, after the live rows have changed
(ita_portal.documents). A progress report for a 6- or 12-month round is built from that
round's frozen entries, not from the live measures.

Bump SCHEMA_VERSION when the shape changes; templates then handle both shapes or the old
documents keep their stored files (they are never re-rendered for download).

Schema 2 added the agency's own wording (reports.wording): "wording" (column headings of
the report's tables, tool labels), "print_options" (skip_own_number, hide_ungrouped_row,
status_column), tool "label"s, and readiness rows' "responsible_text". A schema-1
payload has none of them and its templates print what they printed then
(reports/templatetags/report_wording.py falls back on today's headings and options).
"""

from decimal import Decimal

from django.db import models

from assessments.charts import analysis_chart_data
from assessments.models import AssessmentResult, AssessmentYear, ToolCode
from assessments.scoring import round_score
from assessments.selectors import eit_score, missing_scores_text, result_analysis, result_for
from ita_portal.agencies.models import Agency
from measures.models import Measure, MeasureStatus, ProgressRound, RoundKind
from measures.readiness import readiness_board
from measures.selectors import (
    UNGROUPED_TOOL,
    group_measures,
    indicator_group_key,
    measures_of,
)
from reports.models import ProgressLayout
from reports.wording import DEFAULT_WORDING, STATUS_LAYOUTS, Wording, headings_for

SCHEMA_VERSION = 2


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

TEMPLATES = {
    ReportKind.ANALYSIS: "reports/analysis.html",
    ReportKind.PLAN: "reports/plan.html",
    ReportKind.PROGRESS: "reports/progress.html",
}


class ReportUnavailable(Exception):
    """The agency-year lacks the data this report needs (message in Thai)."""


def missing_data(
    agency: Agency, year: AssessmentYear, kind: str, layout: str, round_kind: str = ""
) -> str:
    """Why the report cannot be made yet (Thai), or "" — two cheap queries at most."""
    if kind == ReportKind.ANALYSIS:
        if not AssessmentResult.objects.filter(agency=agency, year=year).exists():
            return f"ยังไม่ได้บันทึกผลการประเมินปี {year.year}"
    elif kind in (ReportKind.PLAN, ReportKind.PROGRESS):
        if kind == ReportKind.PROGRESS and round_kind:
            if layout == ProgressLayout.READINESS:
                return "รายงานความก้าวหน้ารายข้อ OIT ไม่มีรอบรายงาน"
            if not ProgressRound.objects.filter(agency=agency, year=year, kind=round_kind).exists():
                return f"ยังไม่ได้บันทึก{RoundKind(round_kind).label}ของปี {year.year}"
            return ""
        needs_measures = kind == ReportKind.PLAN or layout != ProgressLayout.READINESS
        if needs_measures and not Measure.objects.filter(agency=agency, year=year).exists():
            return f"ยังไม่มีมาตรการของปี {year.year}"
    else:
        return "ไม่รู้จักรายงานชนิดนี้"
    return ""


def incomplete_scores(agency: Agency, year: AssessmentYear, kind: str) -> str:
    """What of the year's scores the analysis report lacks (Thai), or "" — three cheap
    queries for the analysis, none for the other reports."""
    if kind != ReportKind.ANALYSIS:
        return ""
    result = AssessmentResult.objects.filter(agency=agency, year=year).first()
    result.year = year  # the same row: eit_score reads it without another query
    if result is None:
        return ""
    entered = result.indicator_scores.values("indicator_id")
    missing = year.indicators.exclude(pk__in=entered).order_by("number")
    eit, _ = eit_score(result)
    scores = {"IIT": result.iit, "EIT": eit, "OIT": result.oit}
    tools = [code for code in year.tools.values_list("code", flat=True) if scores.get(code) is None]
    return missing_scores_text(list(missing.values_list("number", flat=True)), tools)


def payload_incomplete(payload: dict) -> str:
    """What the scores a payload was built from lack (Thai), or "": the analysis only."""
    return (payload.get("analysis") or {}).get("missing_text", "")


def report_variant(kind: str, layout: str, round_kind: str = "") -> str:
    """What makes two reports of one kind different documents (their layout, round)."""
    if kind != ReportKind.PROGRESS:
        return ""
    return f"{layout}:{round_kind}" if round_kind else layout


def report_payload(
    agency: Agency,
    year: AssessmentYear,
    kind: str,
    *,
    layout: str = ProgressLayout.BY_INDICATOR,
    with_cover: bool = True,
    thai_digits: bool = True,
    round_kind: str = "",
    wording: Wording = DEFAULT_WORDING,
) -> dict:
    """The payload of one report of an agency-year, in the agency's own wording (its
    saved printing choices, reports.wording); ReportUnavailable when it can't be."""
    if kind not in ReportKind.values:
        raise ReportUnavailable("ไม่รู้จักรายงานชนิดนี้")
    if kind == ReportKind.PROGRESS and layout not in ProgressLayout.values:
        raise ReportUnavailable("ไม่รู้จักรูปแบบรายงานนี้")
    if round_kind and round_kind not in RoundKind.values:
        raise ReportUnavailable("ไม่รู้จักรอบการรายงานนี้")
    missing = missing_data(agency, year, kind, layout, round_kind)
    if missing:
        raise ReportUnavailable(missing)
    label = ReportKind(kind).label
    round_label = f" {RoundKind(round_kind).label}" if round_kind else ""
    payload = {
        "schema": SCHEMA_VERSION,
        "kind": kind,
        "layout": layout if kind == ReportKind.PROGRESS else "",
        "round": round_kind,
        "template": TEMPLATES[kind],
        "title": f"{label}{round_label} ประจำปีงบประมาณ พ.ศ. {year.year}",
        "filename": f"{label}{round_label} {agency.name} {year.year}.pdf",
        "landscape": kind != ReportKind.ANALYSIS,
        "thai_digits": thai_digits,
        "author": agency.name,
        "agency": _agency(agency),
        "year": _year(year, wording),
        "title_lines": TITLE_LINES[kind],
        "statuses": [[value, label] for value, label in MeasureStatus.choices],
        "cover": {
            "title_lines": TITLE_LINES[kind],
            "agency": agency.name,
            "district": agency.district,
            "province": agency.province,
            "fiscal_year": year.year,
        }
        if with_cover
        else None,
        "wording": {
            "headings": headings_for(_table(kind, layout), wording.headings),
            "tools": dict(wording.tools),
        },
        "print_options": _print_options(kind, layout, wording),
    }
    builders = {
        ReportKind.ANALYSIS: _analysis,
        ReportKind.PLAN: _plan,
        ReportKind.PROGRESS: _progress,
    }
    payload.update(builders[kind](agency, year, layout, round_kind, wording))
    return payload


def _table(kind: str, layout: str) -> str:
    """Which table of reports.wording.TABLES a report prints."""
    return layout if kind == ReportKind.PROGRESS else kind


def _print_options(kind: str, layout: str, wording: Wording) -> dict:
    progress = kind == ReportKind.PROGRESS
    return {
        "skip_own_number": wording.skip_own_number,
        "hide_ungrouped_row": wording.hide_ungrouped_row,
        "status_column": progress and layout in STATUS_LAYOUTS and wording.status_column(layout),
    }


# -- plain values ------------------------------------------------------------------------


def _num(value: Decimal | None) -> str | None:
    """A score as NACC prints it ("84.30"), or None when not entered."""
    return None if value is None else str(round_score(value))


def _agency(agency: Agency) -> dict:
    return {
        "code": agency.code,
        "name": agency.name,
        "district": agency.district,
        "province": agency.province,
    }


def _tool(code: str, name: str, weight, wording: Wording) -> dict:
    """A tool with the agency's own "label" when it set one (else printed "name (code)")."""
    tool = {"code": code, "name": name, "weight": str(weight)}
    if wording.tools.get(code):
        tool["label"] = wording.tools[code]
    return tool


def _year(year: AssessmentYear, wording: Wording = DEFAULT_WORDING) -> dict:
    return {
        "year": year.year,
        "is_draft": year.is_draft,
        "pass_mark": _num(year.pass_mark),
        "eit_has_parts": year.eit_has_parts,
        "indicator_count": len(year.indicators.all()),
        "tools": [_tool(t.code, t.name, t.weight, wording) for t in year.tools.all()],
    }


def _units(units) -> list[dict]:
    return [{"name": u.name} for u in units]


def _measure(measure: Measure) -> dict:
    return {
        "order": measure.order,
        "tool": measure.tool,
        "indicators": [{"number": i.number, "name": i.name} for i in measure.indicators.all()],
        "oit_codes": [item.code for item in measure.oit_items.all()],
        "weakness": measure.weakness,
        "title": measure.title,
        "steps": measure.steps,
        "period_text": measure.period_label,
        "units": _units(measure.units.all()),
        "responsible_text": measure.responsible_text,
        "monitoring": measure.monitoring,
        "status": measure.status,
        "summary": measure.summary,
        "outcome": measure.outcome,
    }


def _change(current: Decimal | None, previous: Decimal | None) -> str | None:
    if current is None or previous is None:
        return None
    change = round_score(current) - round_score(previous)
    return f"+{change}" if change > 0 else str(change)


# -- the reports -------------------------------------------------------------------------


def _analysis(
    agency: Agency, year: AssessmentYear, layout: str, round_kind: str, wording: Wording
) -> dict:
    result = result_for(agency, year.year)
    analysis = result_analysis(result)
    next_year = AssessmentYear.objects.filter(year=year.year + 1).first()

    def row(r) -> dict:
        return {
            "number": r.number,
            "name": r.name,
            "score": _num(r.score),
            "previous": _num(r.previous),
            "change": _change(r.score, r.previous),
            "suggestion": r.suggestion,
        }

    rows = {r.number: row(r) for r in analysis.indicators}
    notes = {"IIT": result.iit_notes, "EIT": result.eit_notes, "OIT": result.oit_notes}
    tool_tables = []
    for tool in year.tools.all():
        score = analysis.tool_scores.get(tool.code)
        tool_tables.append(
            {
                **_tool(tool.code, tool.name, tool.weight, wording),
                "score": _num(score),
                "passed": None if score is None else score >= year.pass_mark,
                "rows": [rows[i.number] for i in year.indicators.all()
                         if i.tool_id == tool.pk and i.number in rows],
                "notes": notes.get(tool.code, ""),
            }
        )
    return {
        "preface": result.preface,
        "eit_parts": [_num(result.eit_part1), _num(result.eit_part2)],
        "analysis": {
            "total": _num(analysis.total),
            "grade": analysis.grade,
            "passed": analysis.passed,
            "rating": analysis.rating,
            "indicators": [rows[r.number] for r in analysis.indicators],
            "strengths": [rows[r.number] for r in analysis.strengths],
            "weaknesses": [rows[r.number] for r in analysis.weaknesses],
            "missing_indicators": [
                {"number": i.number, "name": i.name} for i in analysis.missing_indicators
            ],
            "missing_tools": analysis.missing_tools,
            "missing_text": analysis.missing_text,
            "oit_groups": [
                {
                    "code": group.code,
                    "name": group.name,
                    "items": [
                        {
                            "code": s.item.code,
                            "title": s.item.title,
                            "group": s.item.group,
                            "comment": s.comment,
                            "score": _num(s.score),
                        }
                        for s in group.scores
                    ],
                }
                for group in analysis.oit_by_sub_indicator
            ],
        },
        "chart": analysis_chart_data(analysis),
        "tool_tables": tool_tables,
        # The analysis of year Y carries the measures set for Y + 1 from it (O42).
        "measures_year": year.year + 1,
        "measures": [_measure(m) for m in measures_of(agency, next_year)] if next_year else [],
    }


def _plan(
    agency: Agency, year: AssessmentYear, layout: str, round_kind: str, wording: Wording
) -> dict:
    # The score each indicator got in the result the measures answer (last year's).
    previous = result_for(agency, year.year - 1)
    # Matched by number and name, so a renumbered indicator never shows another's score.
    previous_scores = (
        {(s.indicator.number, s.indicator.name): s.score
         for s in previous.indicator_scores.select_related("indicator")}
        if previous else {}
    )
    measures = []
    for measure in measures_of(agency, year):
        data = _measure(measure)
        for indicator in data["indicators"]:
            score = previous_scores.get((indicator["number"], indicator["name"]))
            indicator["previous_score"] = _num(score)
        measures.append(data)
    return {"measures": measures, "previous_year": year.year - 1}


def _progress(
    agency: Agency, year: AssessmentYear, layout: str, round_kind: str, wording: Wording
) -> dict:
    data: dict = {}
    if layout == ProgressLayout.READINESS:
        data["board"] = _board(agency, year)
    elif round_kind:
        progress_round = ProgressRound.objects.get(agency=agency, year=year, kind=round_kind)
        data["as_of"] = progress_round.as_of.isoformat()
        measures = [_entry(e) for e in progress_round.entries.order_by("order")]
        data["measures"] = measures
        data["groups"] = _groups(measures, layout, year, wording)
    else:
        live = list(measures_of(agency, year))
        by = {ProgressLayout.BY_INDICATOR: "indicator", ProgressLayout.BY_TOOL: "tool"}
        measures_by_id = {m.pk: _measure(m) for m in live}
        data["measures"] = list(measures_by_id.values())
        data["groups"] = [
            {"label": g.label, "measures": [measures_by_id[m.pk] for m in g.measures]}
            for g in group_measures(
                live,
                by=by.get(layout, "none"),
                year=year,
                tool_labels=wording.tools,
                hide_ungrouped=wording.hide_ungrouped_row,
            )
        ]
    # The opening paragraph names the analysis the measures came from only if it exists.
    data["analysed_year"] = (
        year.year - 1
        if AssessmentResult.objects.filter(agency=agency, year__year=year.year - 1).exists()
        else None
    )
    return data


def _entry(entry) -> dict:
    """A measure as the round froze it (RoundEntry keeps its own texts)."""
    numbers = [int(n) for n in entry.indicators.replace(" ", "").split(",") if n.isdecimal()]
    return {
        "order": entry.order,
        "tool": entry.tool,
        "indicator_numbers": numbers,
        "group_label": entry.group_label,
        "indicators": [],
        "oit_codes": [],
        "weakness": "",
        "title": entry.title,
        "steps": entry.steps,
        "period_text": entry.period_text,
        "units": [],
        "responsible_text": entry.responsible,
        "monitoring": "",
        "status": entry.status,
        "summary": entry.summary,
        "outcome": entry.outcome,
    }


def _groups(
    measures: list[dict], layout: str, year: AssessmentYear, wording: Wording = DEFAULT_WORDING
) -> list[dict]:
    """Round entries grouped as group_measures groups live measures."""
    groups: dict = {}
    sorts: dict = {}
    if layout == ProgressLayout.BY_INDICATOR:
        names = {i.number: i.name for i in year.indicators.all()}
        for m in measures:
            key, sort, label = indicator_group_key(
                m["group_label"], m["indicator_numbers"], m["order"], names,
                hide_ungrouped=wording.hide_ungrouped_row,
            )
            sorts[key] = min(sorts.get(key, sort), sort)
            groups.setdefault(key, {"label": label, "measures": []})["measures"].append(m)
        return [groups[k] for k in sorted(groups, key=sorts.__getitem__)]
    if layout == ProgressLayout.BY_TOOL:
        order = [*ToolCode.values, ""]
        for m in measures:
            if m["tool"]:
                label = wording.tool_label(m["tool"])
            else:
                label = "" if wording.hide_ungrouped_row else UNGROUPED_TOOL
            groups.setdefault(m["tool"], {"label": label, "measures": []})["measures"].append(m)
        return [groups[k] for k in sorted(groups, key=order.index)]
    return [{"label": "", "measures": measures}]


def _board(agency: Agency, year: AssessmentYear) -> dict:
    board = readiness_board(agency, year)
    return {
        "indicators": [
            {
                "indicator": {"number": r.indicator.number, "name": r.indicator.name},
                "plan": {
                    "approach": r.plan.approach,
                    "period_text": r.plan.period_text,
                    "note": r.plan.note,
                }
                if r.plan
                else None,
                "units": _units(r.units),
                "responsible_text": r.responsible_text,
                "is_done": r.is_done,
            }
            for r in board.indicators
        ],
        "groups": [
            {
                "sub_indicator": {"code": g.sub_indicator.code, "name": g.sub_indicator.name},
                "rows": [
                    {
                        "item": {
                            "code": r.item.code,
                            "title": r.item.title,
                            "group": r.item.group,
                            "requirement": r.requirement,
                        },
                        "url": r.url,
                        "units": _units(r.units),
                        "responsible_text": r.responsible_text,
                        "is_done": r.is_done,
                        "note": r.note,
                    }
                    for r in g.rows
                ],
            }
            for g in board.groups
        ],
    }
