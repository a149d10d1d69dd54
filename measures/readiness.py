"""The OIT readiness board: where and whether an agency publishes each OIT item of a
year, and the IIT/EIT indicator plans beside it (the paper tables of seed 002).

Web addresses are stored and shown as links only; the server never fetches them.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from assessments.models import AssessmentYear, Indicator, OITItem, SubIndicator, ToolCode
from ita_portal.agencies.models import Agency, Unit
from ita_portal.audit.actions import Action
from ita_portal.audit.services import audit_changes, audit_record
from ita_portal.permissions import CHANGE_MEASURE
from measures.models import IndicatorPlan, OITItemReadiness, Progress

URL_MAX_LENGTH = OITItemReadiness._meta.get_field("url").max_length
PERIOD_MAX_LENGTH = IndicatorPlan._meta.get_field("period_text").max_length
RESPONSIBLE_MAX_LENGTH = IndicatorPlan._meta.get_field("responsible_text").max_length
REQUIREMENT_MAX_LENGTH = 5000
PLAN_TOOLS = (ToolCode.IIT, ToolCode.EIT)

URL_MESSAGE = "ที่อยู่เว็บไซต์ต้องขึ้นต้นด้วย http:// หรือ https://"
UNITS_MESSAGE = "ส่วนราชการที่เลือกต้องเป็นของหน่วยงานนี้"
PROGRESS_MESSAGE = "ความก้าวหน้าไม่ถูกต้อง"
RESPONSIBLE_MESSAGE = f"ผู้รับผิดชอบ (ข้อความ) ต้องยาวไม่เกิน {RESPONSIBLE_MAX_LENGTH} ตัวอักษร"
REQUIREMENT_MESSAGE = f"องค์ประกอบด้านข้อมูลต้องยาวไม่เกิน {REQUIREMENT_MAX_LENGTH} ตัวอักษร"

_validate_url = URLValidator(schemes=["http", "https"], message=URL_MESSAGE)


# --- selectors ---------------------------------------------------------------------


@dataclass(frozen=True)
class ItemRow:
    """One OIT item of the year and the agency's readiness row for it, if any."""

    item: OITItem
    readiness: OITItemReadiness | None

    @property
    def is_done(self) -> bool:
        return self.readiness is not None and self.readiness.progress == Progress.DONE

    @property
    def url(self) -> str:
        return self.readiness.url if self.readiness else ""

    @property
    def link_url(self) -> str:
        """The URL if safe to put in an href (http/https only, e.g. not javascript:)."""
        return self.url if self.url.lower().startswith(("http://", "https://")) else ""

    @property
    def missing_url(self) -> bool:
        """Marked done, yet nobody recorded where on the website it is."""
        return self.is_done and not self.url

    @property
    def units(self) -> list[Unit]:
        return list(self.readiness.units.all()) if self.readiness else []

    @property
    def note(self) -> str:
        return self.readiness.note if self.readiness else ""

    @property
    def responsible_text(self) -> str:
        return self.readiness.responsible_text if self.readiness else ""

    @property
    def own_requirement(self) -> bool:
        """The agency wrote its own requirement text for this item and year."""
        return bool(self.readiness and self.readiness.requirement_text)

    @property
    def requirement(self) -> str:
        """The agency's own requirement text, else the criteria's."""
        return self.readiness.requirement_text if self.own_requirement else self.item.requirement

    @property
    def progress_label(self) -> str:
        return Progress.DONE.label if self.is_done else Progress.NOT_STARTED.label


@dataclass
class SubIndicatorGroup:
    sub_indicator: SubIndicator
    rows: list[ItemRow] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(row.is_done for row in self.rows)


@dataclass(frozen=True)
class IndicatorRow:
    """One IIT/EIT indicator of the year and the agency's plan for it, if any."""

    indicator: Indicator
    plan: IndicatorPlan | None

    @property
    def is_done(self) -> bool:
        return self.plan is not None and self.plan.progress == Progress.DONE

    @property
    def units(self) -> list[Unit]:
        return list(self.plan.units.all()) if self.plan else []

    @property
    def responsible_text(self) -> str:
        return self.plan.responsible_text if self.plan else ""

    @property
    def progress_label(self) -> str:
        return Progress.DONE.label if self.is_done else Progress.NOT_STARTED.label


@dataclass
class Board:
    agency: Agency
    year: AssessmentYear
    groups: list[SubIndicatorGroup]
    indicators: list[IndicatorRow]

    @property
    def rows(self) -> list[ItemRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def total(self) -> int:
        return sum(len(group.rows) for group in self.groups)

    @property
    def done(self) -> int:
        return sum(group.done for group in self.groups)

    @property
    def not_started(self) -> int:
        return self.total - self.done

    @property
    def missing_url(self) -> int:
        return sum(row.missing_url for row in self.rows)

    @property
    def done_percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def indicators_done(self) -> int:
        return sum(row.is_done for row in self.indicators)


def readiness_board(agency: Agency, year: AssessmentYear) -> Board:
    """Every OIT item of the year (grouped by sub-indicator, in number order) with the
    agency's readiness, and every IIT/EIT indicator with its plan: six queries at most,
    whatever the number of items (fewer while the agency has saved nothing that year)."""
    items = (
        OITItem.objects.filter(year=year)
        .select_related("sub_indicator__indicator")
        .order_by("number")
    )
    readiness = {
        r.item_id: r
        for r in OITItemReadiness.objects.filter(agency=agency, item__year=year).prefetch_related(
            "units"
        )
    }
    groups: dict[int, SubIndicatorGroup] = {}
    for item in items:
        group = groups.setdefault(item.sub_indicator_id, SubIndicatorGroup(item.sub_indicator))
        group.rows.append(ItemRow(item, readiness.get(item.pk)))
    ordered = sorted(
        groups.values(),
        key=lambda g: (g.sub_indicator.indicator.number, g.rows[0].item.number),
    )

    indicators = (
        Indicator.objects.filter(year=year, tool__code__in=PLAN_TOOLS)
        .select_related("tool")
        .order_by("number")
    )
    plans = {
        p.indicator_id: p
        for p in IndicatorPlan.objects.filter(agency=agency, indicator__year=year).prefetch_related(
            "units"
        )
    }
    return Board(
        agency=agency,
        year=year,
        groups=ordered,
        indicators=[IndicatorRow(i, plans.get(i.pk)) for i in indicators],
    )


def readiness_for(agency: Agency, item: OITItem) -> OITItemReadiness | None:
    rows = OITItemReadiness.objects.filter(agency=agency, item=item)
    return rows.prefetch_related("units").first()


def plan_for(agency: Agency, indicator: Indicator) -> IndicatorPlan | None:
    rows = IndicatorPlan.objects.filter(agency=agency, indicator=indicator)
    return rows.prefetch_related("units").first()


# --- services ----------------------------------------------------------------------


def _check_can_change(obj: Agency | OITItemReadiness | IndicatorPlan, acting_user) -> None:
    """The actor may change this row, or, for a row not yet saved, its agency's board."""
    if not acting_user.has_perm(CHANGE_MEASURE, obj):
        raise PermissionDenied("คุณไม่มีสิทธิ์แก้ไขความพร้อมการเปิดเผยข้อมูลของหน่วยงานนี้")


def _snapshot(row: OITItemReadiness | IndicatorPlan | None, fields: tuple[str, ...]) -> dict:
    if row is None:
        return {}
    return {
        **{name: getattr(row, name) for name in fields},
        "units": sorted(unit.name for unit in row.units.all()),
    }


READINESS_FIELDS = ("url", "progress", "note", "responsible_text", "requirement_text")
PLAN_FIELDS = ("approach", "period_text", "progress", "note", "responsible_text")


def clean_url(url: str) -> str:
    """An http(s) address, or "" for none. Checked by its form only: never fetched."""
    url = (url or "").strip()
    if not url:
        return ""
    if len(url) > URL_MAX_LENGTH:
        raise ValidationError(f"ที่อยู่เว็บไซต์ต้องยาวไม่เกิน {URL_MAX_LENGTH} ตัวอักษร")
    _validate_url(url)
    return url


def _units_errors(agency: Agency, units: Iterable[Unit]) -> list[str]:
    if any(unit.agency_id != agency.pk for unit in units):
        return [UNITS_MESSAGE]
    return []


def _progress_errors(progress: str) -> list[str]:
    return [] if progress in Progress.values else [PROGRESS_MESSAGE]


def clean_responsible(text: str) -> str:
    """The responsible text as typed, its own separators kept ("สำนักปลัด / กองคลัง");
    spaces inside a line and blank lines are tidied, line breaks kept."""
    lines = ((text or "").strip().splitlines())
    text = "\n".join(" ".join(line.split()) for line in lines if line.strip())
    if len(text) > RESPONSIBLE_MAX_LENGTH:
        raise ValidationError(RESPONSIBLE_MESSAGE)
    return text


def own_requirement(item: OITItem, text: str) -> str:
    """The agency's requirement text to store: "" when it is the criteria's own (so a
    correction of the criteria still shows), else the text as typed."""
    text = "\n".join(line.rstrip() for line in (text or "").strip().splitlines())
    if len(text) > REQUIREMENT_MAX_LENGTH:
        raise ValidationError(REQUIREMENT_MESSAGE)
    same = " ".join(text.split()) == " ".join((item.requirement or "").split())
    return "" if same else text


def _text_errors(errors: dict, name: str, clean, *args) -> str:
    """Run one cleaner; its Thai message goes under the field's name."""
    try:
        return clean(*args)
    except ValidationError as invalid:
        errors[name] = invalid.messages
        return ""


def _raise_if(errors: dict[str, list[str]]) -> None:
    errors = {name: messages for name, messages in errors.items() if messages}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def readiness_save(
    agency: Agency,
    item: OITItem,
    *,
    units: Iterable[Unit],
    url: str,
    progress: str,
    note: str,
    responsible_text: str = "",
    requirement_text: str = "",
    acting_user,
) -> OITItemReadiness:
    """Record who publishes an OIT item, where, whether it is done, and the agency's own
    wording of who and of what the item requires (empty = the criteria's text)."""
    existing = (
        OITItemReadiness.objects.select_for_update()
        .filter(agency=agency, item=item)
        .prefetch_related("units")
        .first()
    )
    _check_can_change(existing or agency, acting_user)
    before = _snapshot(existing, READINESS_FIELDS)
    units = list(units)
    errors = {"units": _units_errors(agency, units), "progress": _progress_errors(progress)}
    try:
        url = clean_url(url)
    except ValidationError as invalid:
        errors["url"] = invalid.messages
    responsible_text = _text_errors(errors, "responsible_text", clean_responsible, responsible_text)
    requirement_text = _text_errors(
        errors, "requirement_text", own_requirement, item, requirement_text
    )
    _raise_if(errors)
    # update_or_create locks an existing row (select_for_update) inside this transaction.
    readiness, _ = OITItemReadiness.objects.update_or_create(
        agency=agency,
        item=item,
        defaults={
            "url": url,
            "progress": progress,
            "note": (note or "").strip(),
            "responsible_text": responsible_text,
            "requirement_text": requirement_text,
        },
    )
    readiness.units.set(units)
    changed_before, changed_after = audit_changes(
        before, _snapshot(readiness, READINESS_FIELDS)
    )
    audit_record(
        actor=acting_user,
        action=Action.READINESS_SAVE,
        agency=agency,
        obj=readiness,
        summary=f"ข้อ {item.code} ปี {item.year.year}: {readiness.get_progress_display()}",
        before=changed_before,
        after=changed_after,
    )
    return readiness


@transaction.atomic
def indicator_plan_save(
    agency: Agency,
    indicator: Indicator,
    *,
    approach: str,
    units: Iterable[Unit],
    period_text: str,
    progress: str,
    note: str = "",
    responsible_text: str = "",
    acting_user,
) -> IndicatorPlan:
    """Record the approach to raise an IIT/EIT indicator, who, when, how far and what was done."""
    existing = (
        IndicatorPlan.objects.select_for_update()
        .filter(agency=agency, indicator=indicator)
        .prefetch_related("units")
        .first()
    )
    _check_can_change(existing or agency, acting_user)
    before = _snapshot(existing, PLAN_FIELDS)
    units = list(units)
    period_text = (period_text or "").strip()
    errors = {"units": _units_errors(agency, units), "progress": _progress_errors(progress)}
    if indicator.tool.code not in PLAN_TOOLS:
        errors["__all__"] = ["แนวทางยกระดับบันทึกได้เฉพาะตัวชี้วัดของ IIT และ EIT"]
    if len(period_text) > PERIOD_MAX_LENGTH:
        errors["period_text"] = [f"ระยะเวลาต้องยาวไม่เกิน {PERIOD_MAX_LENGTH} ตัวอักษร"]
    responsible_text = _text_errors(errors, "responsible_text", clean_responsible, responsible_text)
    _raise_if(errors)
    plan, _ = IndicatorPlan.objects.update_or_create(
        agency=agency,
        indicator=indicator,
        defaults={
            "approach": (approach or "").strip(),
            "period_text": period_text,
            "progress": progress,
            "note": (note or "").strip(),
            "responsible_text": responsible_text,
        },
    )
    plan.units.set(units)
    changed_before, changed_after = audit_changes(before, _snapshot(plan, PLAN_FIELDS))
    audit_record(
        actor=acting_user,
        action=Action.INDICATOR_PLAN_SAVE,
        agency=agency,
        obj=plan,
        summary=(
            f"ตัวชี้วัดที่ {indicator.number} ({indicator.tool.code}) ปี {indicator.year.year}: "
            f"{plan.get_progress_display()}"
        ),
        before=changed_before,
        after=changed_after,
    )
    return plan
