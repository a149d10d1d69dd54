"""Writes of the assessments app: a year's criteria (copy, import, items, confirm) and an
agency's result."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from assessments.criteria_file import CriteriaData, criteria_data
from assessments.models import (
    AssessmentResult,
    AssessmentYear,
    CriteriaStatus,
    GradeBand,
    Indicator,
    IndicatorScore,
    OITItem,
    OITItemScore,
    OITScoring,
    RatingBand,
    SubIndicator,
    Tool,
)
from assessments.selectors import criteria_in_use, criteria_problems
from ita_portal.agencies.models import Agency
from ita_portal.audit.actions import Action
from ita_portal.audit.services import audit_changes, audit_record
from ita_portal.permissions import (
    ADD_CRITERIA,
    CHANGE_CRITERIA,
    CHANGE_RESULT,
    CONFIRM_CRITERIA,
)

ALLOWED_ALL_OR_NOTHING = {Decimal("0"), Decimal("100")}
TOOL_FIELDS = ("iit", "eit", "eit_part1", "eit_part2", "oit", "official_total")
TEXT_FIELDS = ("preface", "iit_notes", "eit_notes", "oit_notes")


@transaction.atomic
def assessment_year_confirm(year: AssessmentYear, *, acting_user) -> AssessmentYear:
    """Mark a draft year's criteria as checked; refuses while anything is inconsistent."""
    if not acting_user.has_perm(CONFIRM_CRITERIA, year):
        raise PermissionDenied("เฉพาะผู้ดูแลระบบเท่านั้นที่ยืนยันเกณฑ์การประเมินได้")
    locked = AssessmentYear.objects.select_for_update().get(pk=year.pk)
    if not locked.is_draft:
        raise ValidationError(f"เกณฑ์ปี {locked.year} ยืนยันแล้ว")
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


YEAR_RANGE = (2550, 2700)


def confirmed_message(year: int) -> str:
    return (
        f"เกณฑ์ปี {year} ยืนยันแล้ว จึงแก้ไขหรือนำเข้าทับไม่ได้ "
        f"(ถ้าต้องปรับ ให้สร้างปีใหม่จากปี {year} แล้วแก้ไขฉบับร่างนั้น)"
    )


def _allowed(acting_user, perm: str, obj=None) -> bool:
    """None is the system itself: a management command run by whoever runs the server."""
    return acting_user is None or acting_user.has_perm(perm, obj)


@transaction.atomic
def assessment_year_copy(source: AssessmentYear, *, year: int, acting_user) -> AssessmentYear:
    """A new draft year whose criteria are a deep, independent copy of ``source``'s: tools,
    indicators, sub-indicators, O-items (numbers, groups, texts) and score bands."""
    if not _allowed(acting_user, ADD_CRITERIA):
        raise PermissionDenied("เฉพาะผู้ดูแลระบบเท่านั้นที่สร้างเกณฑ์ปีใหม่ได้")
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise ValidationError("ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2570")
    if AssessmentYear.objects.filter(year=year).exists():
        raise ValidationError(f"มีเกณฑ์ของปีงบประมาณ {year} แล้ว")
    data = criteria_data(source)
    data.year = year
    data.source_note = (
        f"คัดลอกจากเกณฑ์ปี {source.year} ผู้ดูแลระบบต้องตรวจสอบกับคู่มือการประเมิน ITA "
        f"ปี {year} ของสำนักงาน ป.ป.ช. ก่อนยืนยัน"
        + (f"\n\nหมายเหตุของปี {source.year}: {source.source_note}" if source.source_note else "")
    )
    try:
        with transaction.atomic():
            created = AssessmentYear.objects.create(year=year, status=CriteriaStatus.DRAFT)
    except IntegrityError as duplicate:  # another copy of the same year won the race
        raise ValidationError(f"มีเกณฑ์ของปีงบประมาณ {year} แล้ว") from duplicate
    _criteria_write(created, data)
    audit_record(
        actor=acting_user,
        action=Action.CRITERIA_COPY,
        obj=created,
        summary=f"สร้างเกณฑ์ปี {year} (ฉบับร่าง) จากปี {source.year}",
        after=_criteria_counts(data),
    )
    return created


@transaction.atomic
def criteria_import(
    data: CriteriaData, *, acting_user, expected_year: int | None = None
) -> tuple[AssessmentYear, bool]:
    """Write a checked criteria file: a new draft year, or the replacement of a draft
    year's criteria (rows matched by tool code, indicator number, sub-indicator code and
    O-item number). Refused, with nothing written, for a confirmed year, for a file of
    another year than ``expected_year``, and when it would remove a row agencies use.
    Returns the year and whether it was created."""
    if expected_year is not None and data.year != expected_year:
        raise ValidationError(
            f"ไฟล์นี้เป็นเกณฑ์ปี {data.year} ไม่ใช่ปี {expected_year} ที่เลือกนำเข้า"
        )
    year = AssessmentYear.objects.select_for_update().filter(year=data.year).first()
    if not _allowed(acting_user, CHANGE_CRITERIA if year else ADD_CRITERIA, year):
        raise PermissionDenied("เฉพาะผู้ดูแลระบบเท่านั้นที่นำเข้าเกณฑ์การประเมินได้")
    if year is not None and not year.is_draft:
        raise ValidationError(confirmed_message(year.year))
    created = year is None
    if created:
        try:
            with transaction.atomic():
                year = AssessmentYear.objects.create(year=data.year, status=CriteriaStatus.DRAFT)
        except IntegrityError as duplicate:
            raise ValidationError(f"มีเกณฑ์ของปีงบประมาณ {data.year} แล้ว") from duplicate
    _criteria_write(year, data)
    audit_record(
        actor=acting_user,
        action=Action.CRITERIA_IMPORT,
        obj=year,
        summary=f"นำเข้าเกณฑ์ปี {data.year} จากไฟล์ ({'ปีใหม่' if created else 'แทนฉบับร่างเดิม'})",
        after=_criteria_counts(data),
    )
    return year, created


def _criteria_counts(data: CriteriaData) -> dict:
    return {
        "tools": len(data.tools),
        "indicators": len(data.indicators),
        "sub_indicators": len(data.sub_indicators),
        "oit_items": len(data.oit_items),
    }


def removal_problems(objects: list, label) -> list[str]:
    """A Thai refusal per row that agencies already use: removing it would delete or
    orphan what they typed (readiness, scores, measures), so it is renamed instead."""
    used = criteria_in_use(objects)
    return [
        f"ลบ{label(obj)} ไม่ได้ เพราะหน่วยงานใช้แล้ว ({', '.join(used[obj.pk])}) "
        "ให้แก้ชื่อหรือข้อความแทนการลบ"
        for obj in objects
        if obj.pk in used
    ]


def _criteria_write(year: AssessmentYear, data: CriteriaData) -> None:
    """Make the year's criteria exactly ``data``: update rows by their natural key, create
    the new, delete the missing (refused if agencies use one). Caller holds the lock."""
    items = {o.number: o for o in OITItem.objects.filter(year=year)}
    subs = {s.code: s for s in SubIndicator.objects.filter(indicator__year=year)}
    indicators = {i.number: i for i in Indicator.objects.filter(year=year)}
    tools = {t.code: t for t in Tool.objects.filter(year=year)}
    gone_items = [o for n, o in items.items() if n not in {r["number"] for r in data.oit_items}]
    gone_subs = [s for c, s in subs.items() if c not in {r["code"] for r in data.sub_indicators}]
    gone_indicators = [
        i for n, i in indicators.items() if n not in {r["number"] for r in data.indicators}
    ]
    problems = (
        removal_problems(gone_items, lambda o: f"ข้อ {o.code}")
        + removal_problems(gone_indicators, lambda i: f"ตัวชี้วัดที่ {i.number}")
    )
    if problems:
        raise ValidationError(problems)

    year.pass_mark = data.pass_mark
    year.oit_scoring = data.oit_scoring
    year.eit_has_parts = data.eit_has_parts
    year.source_note = data.source_note
    year.save(update_fields=["pass_mark", "oit_scoring", "eit_has_parts", "source_note"])

    for row in data.tools:
        tool = tools.get(row["code"]) or Tool(year=year, code=row["code"])
        tool.name, tool.weight = row["name"], row["weight"]
        tool.save()
        tools[row["code"]] = tool
    for row in data.indicators:
        indicator = indicators.get(row["number"]) or Indicator(year=year, number=row["number"])
        indicator.tool = tools[row["tool"]]
        indicator.name, indicator.name_en = row["name"], row["name_en"]
        indicator.save()
        indicators[row["number"]] = indicator
    for row in data.sub_indicators:
        sub = subs.get(row["code"]) or SubIndicator(code=row["code"])
        sub.indicator = indicators[row["indicator"]]
        sub.name = row["name"]
        sub.save()
        subs[row["code"]] = sub
    for row in data.oit_items:
        item = items.get(row["number"]) or OITItem(year=year, number=row["number"])
        item.sub_indicator = subs[row["sub_indicator"]]
        item.group, item.title, item.requirement = row["group"], row["title"], row["requirement"]
        item.save()
    OITItem.objects.filter(pk__in=[o.pk for o in gone_items]).delete()
    SubIndicator.objects.filter(pk__in=[s.pk for s in gone_subs]).delete()
    Indicator.objects.filter(pk__in=[i.pk for i in gone_indicators]).delete()
    Tool.objects.filter(year=year).exclude(code__in=[r["code"] for r in data.tools]).delete()
    # Bands are referred to by nothing, so they are simply replaced.
    year.grade_bands.all().delete()
    GradeBand.objects.bulk_create(GradeBand(year=year, **row) for row in data.grade_bands)
    year.rating_bands.all().delete()
    RatingBand.objects.bulk_create(RatingBand(year=year, **row) for row in data.rating_bands)


@dataclass
class ItemRow:
    """One O-item as the admin edits it: ``pk`` None for a new one, ``delete`` to remove."""

    pk: int | None
    number: int
    sub_indicator: SubIndicator
    group: str
    title: str
    requirement: str
    delete: bool = False


# Renumbering goes through numbers no item can have (items are 1–999), so swapping O5 and
# O6 never meets the one-number-per-year constraint half way.
_RENUMBER_OFFSET = 20000


@transaction.atomic
def oit_items_save(year: AssessmentYear, rows: list[ItemRow], *, acting_user) -> None:
    """Add, remove, renumber and regroup a draft year's O-items in one go."""
    if not _allowed(acting_user, CHANGE_CRITERIA, year):
        raise PermissionDenied("เฉพาะผู้ดูแลระบบเท่านั้นที่แก้ไขเกณฑ์การประเมินได้")
    locked = AssessmentYear.objects.select_for_update().get(pk=year.pk)
    if not locked.is_draft:
        raise ValidationError(confirmed_message(locked.year))
    existing = {o.pk: o for o in OITItem.objects.filter(year=locked)}
    kept = [row for row in rows if not row.delete]
    problems = []
    numbers = [row.number for row in kept]
    for number in sorted({n for n in numbers if numbers.count(n) > 1}):
        problems.append(f"ข้อ O{number} ซ้ำกัน")
    if any(row.sub_indicator.indicator.year_id != locked.pk for row in kept):
        problems.append("มีข้อที่ผูกกับตัวชี้วัดย่อยของปีอื่น")
    if any(row.pk is not None and row.pk not in existing for row in rows):
        problems.append("มีข้อที่ไม่ใช่ของปีนี้")
    removed = [existing[row.pk] for row in rows if row.delete and row.pk in existing]
    problems += removal_problems(removed, lambda o: f"ข้อ {o.code}")
    if problems:
        raise ValidationError(problems)

    before = {o.code: o.title for o in existing.values()}
    OITItem.objects.filter(pk__in=[o.pk for o in removed]).delete()
    moving = [row for row in kept if row.pk and existing[row.pk].number != row.number]
    for row in moving:
        OITItem.objects.filter(pk=row.pk).update(number=row.number + _RENUMBER_OFFSET)
    for row in kept:
        item = existing[row.pk] if row.pk else OITItem(year=locked)
        item.number, item.sub_indicator = row.number, row.sub_indicator
        item.group, item.title, item.requirement = row.group, row.title, row.requirement
        item.save()
    after = dict(
        OITItem.objects.filter(year=locked).order_by("number").values_list("number", "title")
    )
    changed_before, changed_after = audit_changes(
        before, {f"O{number}": title for number, title in after.items()}
    )
    audit_record(
        actor=acting_user,
        action=Action.CRITERIA_ITEMS_SAVE,
        obj=locked,
        summary=(
            f"แก้ไขข้อ OIT ของเกณฑ์ปี {locked.year} (ฉบับร่าง): เหลือ {len(after)} ข้อ"
            f" ลบ {len(removed)} ข้อ เปลี่ยนเลขข้อ {len(moving)} ข้อ"
        ),
        before=changed_before,
        after=changed_after,
    )


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
