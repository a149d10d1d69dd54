"""Writes of the assessments app: confirming criteria, saving an agency's result."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from assessments.models import (
    AssessmentResult,
    AssessmentYear,
    CriteriaStatus,
    IndicatorScore,
    OITItemScore,
    OITScoring,
)
from assessments.selectors import criteria_problems
from ita_portal.agencies.models import Agency
from ita_portal.audit.actions import Action
from ita_portal.audit.services import audit_changes, audit_record
from ita_portal.permissions import CHANGE_RESULT, CONFIRM_CRITERIA

ALLOWED_ALL_OR_NOTHING = {Decimal("0"), Decimal("100")}
TOOL_FIELDS = ("iit", "eit", "eit_part1", "eit_part2", "oit", "official_total")
TEXT_FIELDS = ("preface", "iit_notes", "eit_notes", "oit_notes")


@transaction.atomic
def assessment_year_confirm(year: AssessmentYear, *, acting_user) -> AssessmentYear:
    """Mark a draft year's criteria as checked; refuses while anything is inconsistent."""
    if not acting_user.has_perm(CONFIRM_CRITERIA, year):
        raise PermissionDenied("เฉพาะผู้ดูแลระบบเท่านั้นที่ยืนยันเกณฑ์การประเมินได้")
    locked = AssessmentYear.objects.select_for_update().get(pk=year.pk)
    problems = criteria_problems(locked)
    if problems:
        raise ValidationError(problems)
    before = locked.status
    locked.status = CriteriaStatus.CONFIRMED
    locked.save(update_fields=["status"])
    audit_record(
        actor=acting_user,
        action=Action.CRITERIA_CONFIRM,
        obj=locked,
        summary=f"ยืนยันเกณฑ์การประเมินปี {locked.year}",
        before={"status": before},
        after={"status": locked.status},
    )
    # Also in the admin's own log, so the year's history page in the admin shows it.
    LogEntry.objects.log_actions(
        acting_user.pk,
        [locked],
        CHANGE,
        change_message="ยืนยันเกณฑ์การประเมิน",
        single_object=True,
    )
    return locked


@dataclass
class ResultInput:
    """Everything an officer enters for one agency-year, keyed by the year's own numbers.

    `indicators` maps indicator number → (score, suggestion); `oit_items` maps O-item
    number → (score, auditor's comment). A number left out means "not entered".
    """

    tools: dict[str, Decimal | None] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    indicators: dict[int, tuple[Decimal, str]] = field(default_factory=dict)
    oit_items: dict[int, tuple[Decimal, str]] = field(default_factory=dict)


class StaleResultError(Exception):
    """Someone saved the result after this editor loaded it."""

    def __init__(self, current: AssessmentResult):
        super().__init__("ข้อมูลนี้ถูกแก้ไขโดยผู้อื่นหลังจากที่คุณเปิดหน้านี้")
        self.current = current


def result_input_errors(year: AssessmentYear, data: ResultInput) -> dict[str, list[str]]:
    """Thai messages per field (tool code, "ind_<n>", "oit_<n>") for values the year forbids."""
    errors: dict[str, list[str]] = {}
    parts = (data.tools.get("eit_part1"), data.tools.get("eit_part2"))
    if not year.eit_has_parts and any(part is not None for part in parts):
        errors["eit_part1"] = [f"ปี {year.year} ไม่ได้แบ่ง EIT เป็นสองส่วน"]
    numbers = set(year.indicators.values_list("number", flat=True))
    for number in data.indicators:
        if number not in numbers:
            errors[f"ind_{number}"] = [f"ปี {year.year} ไม่มีตัวชี้วัดที่ {number}"]
    items = set(year.oit_items.values_list("number", flat=True))
    for number, (score, _comment) in data.oit_items.items():
        if number not in items:
            errors[f"oit_{number}"] = [f"ปี {year.year} ไม่มีข้อ O{number}"]
        elif year.oit_scoring == OITScoring.ALL_OR_NOTHING and score not in ALLOWED_ALL_OR_NOTHING:
            errors[f"oit_{number}"] = [f"ปี {year.year} ให้คะแนนข้อ OIT ได้เพียง 100 หรือ 0"]
    return errors


@transaction.atomic
def result_save(
    *,
    agency: Agency,
    year: AssessmentYear,
    data: ResultInput,
    acting_user,
    expected_version: int | None,
) -> AssessmentResult:
    """Create or replace an agency-year result in one transaction.

    `expected_version` is the version the editor started from (None for a new result);
    if another save came in between, nothing is written and StaleResultError carries
    the current data so the editor can show both versions.
    """
    result = (
        AssessmentResult.objects.select_for_update().filter(agency=agency, year=year).first()
    )
    if not acting_user.has_perm(CHANGE_RESULT, result or agency):
        raise PermissionDenied("คุณไม่มีสิทธิ์บันทึกผลการประเมินของหน่วยงานนี้")
    errors = result_input_errors(year, data)
    if errors:
        raise ValidationError(errors)

    before = _result_snapshot(result) if result is not None else {}
    if result is None:
        if expected_version is not None:
            raise ValidationError("ไม่พบผลการประเมินที่กำลังแก้ไข อาจถูกลบไปแล้ว")
        result = AssessmentResult(agency=agency, year=year, version=0)
    elif expected_version != result.version:
        raise StaleResultError(result)

    for name in TOOL_FIELDS:
        setattr(result, name, data.tools.get(name))
    for name in TEXT_FIELDS:
        setattr(result, name, data.texts.get(name, ""))
    result.version += 1
    result.updated_by = acting_user
    try:
        with transaction.atomic():
            result.save()
    except IntegrityError as duplicate:
        raise ValidationError("หน่วยงานนี้มีผลการประเมินของปีนี้แล้ว") from duplicate

    indicators = {i.number: i for i in year.indicators.all()}
    items = {i.number: i for i in year.oit_items.all()}
    result.indicator_scores.all().delete()
    result.oit_scores.all().delete()
    IndicatorScore.objects.bulk_create(
        IndicatorScore(result=result, indicator=indicators[n], score=s, suggestion=text)
        for n, (s, text) in sorted(data.indicators.items())
    )
    OITItemScore.objects.bulk_create(
        OITItemScore(result=result, item=items[n], score=s, comment=comment)
        for n, (s, comment) in sorted(data.oit_items.items())
    )
    changed_before, changed_after = audit_changes(before, _result_snapshot(result))
    audit_record(
        actor=acting_user,
        action=Action.RESULT_SAVE,
        agency=agency,
        obj=result,
        summary=(
            f"บันทึกผลการประเมินปี {year.year}"
            if result.version == 1
            else f"แก้ไขผลการประเมินปี {year.year} (ฉบับที่ {result.version})"
        ),
        before=changed_before,
        after=changed_after,
    )
    return result


def _result_snapshot(result: AssessmentResult) -> dict:
    """What the audit trail keeps of a result: tool scores, texts (cut short when
    recorded), indicator scores and the O-items scored below 100."""
    snapshot: dict = {name: getattr(result, name) for name in (*TOOL_FIELDS, *TEXT_FIELDS)}
    snapshot["indicators"] = {
        str(number): score
        for number, score in result.indicator_scores.values_list("indicator__number", "score")
    }
    snapshot["oit_not_full"] = sorted(
        result.oit_scores.filter(score__lt=100).values_list("item__number", flat=True)
    )
    return snapshot
