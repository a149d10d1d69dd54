"""Writes of the measures app. Each locks what it changes and checks the actor first."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from assessments.models import AssessmentYear, Indicator, OITItem
from ita_portal.agencies.models import Agency, Unit
from ita_portal.audit.actions import Action
from ita_portal.audit.services import audit_changes, audit_record
from ita_portal.permissions import CHANGE_MEASURE
from measures.models import (
    Measure,
    MeasureEvidence,
    MeasureStatus,
    MeasureSuggestion,
    ProgressRound,
    RoundEntry,
    RoundKind,
)

TEXT_FIELDS = (
    "tool",
    "group_label",
    "weakness",
    "title",
    "steps",
    "period_start",
    "period_end",
    "period_text",
    "responsible_text",
    "monitoring",
    "status",
    "summary",
    "outcome",
    "problems",
    "suggestions",
)


class StaleMeasureError(Exception):
    """Someone saved the measure after this editor loaded it."""

    def __init__(self, current: Measure):
        super().__init__("มาตรการนี้ถูกแก้ไขโดยผู้อื่นหลังจากที่คุณเปิดหน้านี้")
        self.current = current


@dataclass
class MeasureInput:
    values: dict = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)
    oit_items: list[OITItem] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)


MEASURE_GONE = "มาตรการนี้ถูกลบไปแล้ว กรุณาโหลดหน้ารายการใหม่"


def _check_can_change(obj: Agency | Measure, acting_user) -> None:
    """The actor may change measures of this agency, or this measure itself."""
    if not acting_user.has_perm(CHANGE_MEASURE, obj):
        raise PermissionDenied("คุณไม่มีสิทธิ์แก้ไขมาตรการของหน่วยงานนี้")


def _headline(measure: Measure) -> str:
    """How a measure is named in the activity list: its number, year and title."""
    title = " ".join(measure.title.split())
    title = title if len(title) <= 120 else title[:119] + "…"
    return f"มาตรการลำดับที่ {measure.order} ปี {measure.year.year}: {title}"


def _snapshot(measure: Measure) -> dict:
    """The fields the audit trail compares: texts, dates, status and links."""
    snapshot = {name: getattr(measure, name) for name in TEXT_FIELDS}
    snapshot["indicators"] = sorted(measure.indicators.values_list("number", flat=True))
    snapshot["oit_items"] = sorted(measure.oit_items.values_list("number", flat=True))
    snapshot["units"] = sorted(measure.units.values_list("name", flat=True))
    return snapshot


def measure_input_errors(agency: Agency, year: AssessmentYear, data: MeasureInput) -> dict:
    """Links to another year's criteria or another agency's units are refused."""
    errors = {}
    if any(i.year_id != year.pk for i in data.indicators):
        errors["indicators"] = [f"ตัวชี้วัดที่เลือกต้องเป็นของเกณฑ์ปี {year.year}"]
    if any(i.year_id != year.pk for i in data.oit_items):
        errors["oit_items"] = [f"ข้อ OIT ที่เลือกต้องเป็นของเกณฑ์ปี {year.year}"]
    if any(u.agency_id != agency.pk for u in data.units):
        errors["units"] = ["ส่วนราชการที่เลือกต้องเป็นของหน่วยงานนี้"]
    return errors


def _apply(
    measure: Measure, agency: Agency, year: AssessmentYear, data: MeasureInput, acting_user
) -> None:
    for name, value in data.values.items():
        if name in TEXT_FIELDS:
            setattr(measure, name, value)
    errors = measure_input_errors(agency, year, data)
    try:
        measure.full_clean(exclude=["agency", "year", "order"])
    except ValidationError as invalid:
        for name, messages in invalid.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    # The history row names the actor even outside a request (imports, commands).
    measure._history_user = acting_user
    measure.save()
    measure.indicators.set(data.indicators)
    measure.oit_items.set(data.oit_items)
    measure.units.set(data.units)


def write_new_measure(
    agency: Agency, year: AssessmentYear, data: MeasureInput, acting_user
) -> Measure:
    """The write alone, numbered after the last measure: for services that have
    checked the actor and record their own audit event (one per service call)."""
    # Lock the agency row so two officers adding measures get different order numbers
    # (the first lock of lock_agency_year; a new measure updates no other row).
    Agency.objects.select_for_update().get(pk=agency.pk)
    last = Measure.objects.filter(agency=agency, year=year).aggregate(m=Max("order"))["m"]
    measure = Measure(agency=agency, year=year, order=(last or 0) + 1)
    _apply(measure, agency, year, data, acting_user)
    return measure


def write_measure_changes(
    locked: Measure, data: MeasureInput, acting_user
) -> tuple[dict, dict]:
    """The write alone on a locked measure; (before, after) of the fields that changed.
    For services that have checked the actor and the version and record the event."""
    before = _snapshot(locked)
    locked.version += 1
    _apply(locked, locked.agency, locked.year, data, acting_user)
    return audit_changes(before, _snapshot(locked))


@transaction.atomic
def measure_create(
    *, agency: Agency, year: AssessmentYear, data: MeasureInput, acting_user
) -> Measure:
    _check_can_change(agency, acting_user)
    measure = write_new_measure(agency, year, data, acting_user)
    audit_record(
        actor=acting_user,
        action=Action.MEASURE_CREATE,
        agency=agency,
        obj=measure,
        summary=_headline(measure),
        after={"order": measure.order, "title": measure.title, "status": measure.status},
    )
    return measure


@transaction.atomic
def measure_update(
    measure: Measure, *, data: MeasureInput, acting_user, expected_version: int
) -> Measure:
    _check_can_change(measure, acting_user)
    locked = Measure.objects.select_for_update().filter(pk=measure.pk).first()
    if locked is None:  # deleted by someone else meanwhile
        raise ValidationError(MEASURE_GONE)
    if locked.version != expected_version:
        raise StaleMeasureError(locked)
    before, after = write_measure_changes(locked, data, acting_user)
    audit_record(
        actor=acting_user,
        action=Action.MEASURE_UPDATE,
        agency=locked.agency,
        obj=locked,
        summary=_headline(locked),
        before=before,
        after=after,
    )
    return locked


@transaction.atomic
def measure_set_status(measure: Measure, *, status: str, acting_user) -> Measure:
    """The status ticked on the list page; a status change never conflicts with text edits.

    Ticking the status it already has writes nothing, so records no event."""
    _check_can_change(measure, acting_user)
    if status not in MeasureStatus.values:
        raise ValidationError({"status": "สถานะไม่ถูกต้อง"})
    locked = Measure.objects.select_for_update().filter(pk=measure.pk).first()
    if locked is None:  # deleted since the list was loaded
        raise ValidationError(MEASURE_GONE)
    if locked.status != status:
        before = locked.status
        locked.status = status
        locked.version += 1
        locked._history_user = acting_user
        locked.save(update_fields=["status", "version", "updated_at"])
        audit_record(
            actor=acting_user,
            action=Action.MEASURE_STATUS,
            agency=locked.agency,
            obj=locked,
            summary=(
                f"{_headline(locked)} ({MeasureStatus(before).label} → "
                f"{locked.get_status_display()})"
            ),
            before={"status": before},
            after={"status": status},
        )
    return locked


def lock_agency_year(agency_id: int, year: AssessmentYear) -> list[Measure]:
    """Lock the agency row, then the agency-year's measures ordered by id: the one lock
    order of every write that numbers measures (create, move, delete, import, copy), so
    two of them wait for each other instead of deadlocking."""
    Agency.objects.select_for_update().get(pk=agency_id)
    return list(
        Measure.objects.select_for_update().filter(agency_id=agency_id, year=year).order_by("pk")
    )


@transaction.atomic
def measure_delete(measure: Measure, *, acting_user) -> None:
    _check_can_change(measure, acting_user)
    agency, year = measure.agency, measure.year
    locked = {m.pk: m for m in lock_agency_year(agency.pk, year)}
    if measure.pk not in locked:
        raise ValidationError(MEASURE_GONE)
    measure.order = locked[measure.pk].order
    # Recorded while the measure still has its id; undone with the delete if it fails.
    audit_record(
        actor=acting_user,
        action=Action.MEASURE_DELETE,
        agency=agency,
        obj=measure,
        summary=_headline(measure),
        before={"order": measure.order, "title": measure.title, "status": measure.status},
    )
    measure.delete()
    _renumber(agency, year, list(Measure.objects.filter(agency=agency, year=year)))


def _renumber(agency: Agency, year: AssessmentYear, ordered: list[Measure]) -> None:
    # Two passes keep the (agency, year, order) constraint true at every statement.
    offset = len(ordered) + 1000
    for index, measure in enumerate(ordered, start=1):
        Measure.objects.filter(pk=measure.pk).update(order=index + offset)
    for index, measure in enumerate(ordered, start=1):
        Measure.objects.filter(pk=measure.pk).update(order=index)


@transaction.atomic
def measure_move(measure: Measure, *, direction: int, acting_user) -> None:
    """Move a measure one place up (-1) or down (+1) in its year's numbering.

    A move past either end writes nothing, so records no event."""
    _check_can_change(measure, acting_user)
    ordered = sorted(lock_agency_year(measure.agency_id, measure.year), key=lambda m: m.order)
    index = next((i for i, m in enumerate(ordered) if m.pk == measure.pk), None)
    if index is None:
        raise ValidationError(MEASURE_GONE)
    target = index + direction
    if 0 <= target < len(ordered):
        before = ordered[index].order
        ordered[index], ordered[target] = ordered[target], ordered[index]
        _renumber(measure.agency, measure.year, ordered)
        measure.order = target + 1
        audit_record(
            actor=acting_user,
            action=Action.MEASURE_MOVE,
            agency=measure.agency,
            obj=measure,
            summary=f"{_headline(measure)} (เดิมลำดับที่ {before})",
            before={"order": before},
            after={"order": measure.order},
        )


def _copy(
    *, agency: Agency, year: AssessmentYear, sources: Iterable[dict], acting_user
) -> list[Measure]:
    created = []
    for source in sources:
        data = MeasureInput(
            values={k: v for k, v in source.items() if k in TEXT_FIELDS},
            indicators=source.get("indicators", []),
            units=source.get("units", []),
        )
        created.append(write_new_measure(agency, year, data, acting_user))
    return created


@transaction.atomic
def measures_copy_from_last_year(
    *, agency: Agency, year: AssessmentYear, acting_user
) -> list[Measure]:
    """Last year's measures as this year's plan: text, units and the same-numbered
    indicators of this year's criteria; status and results start afresh."""
    _check_can_change(agency, acting_user)
    indicators = {i.number: i for i in year.indicators.all()}
    previous = (
        Measure.objects.filter(agency=agency, year__year=year.year - 1)
        .prefetch_related("indicators", "units")
        .order_by("order")
    )
    sources = [
        {
            "tool": m.tool,
            "group_label": m.group_label,
            "weakness": m.weakness,
            "title": m.title,
            "steps": m.steps,
            "responsible_text": m.responsible_text,
            "monitoring": m.monitoring,
            "indicators": [
                indicators[i.number] for i in m.indicators.all() if i.number in indicators
            ],
            "units": list(m.units.all()),
        }
        for m in previous
    ]
    if not sources:
        raise ValidationError(f"ไม่มีมาตรการของปี {year.year - 1} ให้คัดลอก")
    created = _copy(agency=agency, year=year, sources=sources, acting_user=acting_user)
    audit_record(
        actor=acting_user,
        action=Action.MEASURE_COPY,
        agency=agency,
        summary=f"คัดลอกมาตรการของปี {year.year - 1} มาเป็นมาตรการปี {year.year} "
        f"{len(created)} รายการ",
        after={"year": year.year, "orders": [m.order for m in created]},
    )
    return created


@transaction.atomic
def measures_from_suggestions(
    *,
    agency: Agency,
    year: AssessmentYear,
    suggestions: list[MeasureSuggestion],
    acting_user,
) -> list[Measure]:
    """Chosen library suggestions become measures linked to their indicator of this year."""
    _check_can_change(agency, acting_user)
    indicators = {i.number: i for i in year.indicators.select_related("tool")}
    sources = []
    for suggestion in suggestions:
        if suggestion.agency_id not in (None, agency.pk):
            raise PermissionDenied("ข้อเสนอนี้เป็นของหน่วยงานอื่น")
        indicator = indicators.get(suggestion.indicator_number)
        sources.append(
            {
                "tool": indicator.tool.code if indicator else "",
                "title": suggestion.title,
                "steps": suggestion.steps,
                "monitoring": suggestion.monitoring,
                "indicators": [indicator] if indicator else [],
            }
        )
    created = _copy(agency=agency, year=year, sources=sources, acting_user=acting_user)
    audit_record(
        actor=acting_user,
        action=Action.MEASURE_FROM_SUGGESTIONS,
        agency=agency,
        summary=f"เพิ่มมาตรการปี {year.year} จากคลังข้อเสนอ {len(created)} รายการ",
        after={
            "year": year.year,
            "suggestions": [s.pk for s in suggestions],
            "orders": [m.order for m in created],
        },
    )
    return created


@transaction.atomic
def suggestion_add(
    *, agency: Agency, indicator_number: int, title: str, steps: str, acting_user
) -> MeasureSuggestion:
    """An agency's own entry in the suggestion library."""
    _check_can_change(agency, acting_user)
    suggestion = MeasureSuggestion(
        agency=agency, indicator_number=indicator_number, title=title, steps=steps
    )
    suggestion.full_clean()
    suggestion.save()
    audit_record(
        actor=acting_user,
        action=Action.SUGGESTION_ADD,
        agency=agency,
        obj=suggestion,
        summary=f"ตัวชี้วัดที่ {indicator_number}: {' '.join(title.split())}",
        after={"indicator_number": indicator_number, "title": title},
    )
    return suggestion


def _responsible(measure: Measure) -> str:
    names = [u.name for u in measure.units.all()]
    if measure.responsible_text:
        names.append(measure.responsible_text)
    return ", ".join(names)


@transaction.atomic
def round_take(
    *, agency: Agency, year: AssessmentYear, kind: str, acting_user
) -> ProgressRound:
    """Freeze every measure's current state as the 6- or 12-month round."""
    _check_can_change(agency, acting_user)
    if kind not in RoundKind.values:
        raise ValidationError({"kind": "รอบการรายงานไม่ถูกต้อง"})
    Agency.objects.select_for_update().get(pk=agency.pk)
    if ProgressRound.objects.filter(agency=agency, year=year, kind=kind).exists():
        raise ValidationError(f"บันทึก{RoundKind(kind).label}ของปี {year.year} ไปแล้ว")
    measures = list(
        Measure.objects.filter(agency=agency, year=year).prefetch_related("indicators", "units")
    )
    if not measures:
        raise ValidationError("ยังไม่มีมาตรการให้บันทึกรอบรายงาน")
    progress_round = ProgressRound.objects.create(
        agency=agency,
        year=year,
        kind=kind,
        as_of=timezone.localdate(),
        taken_by=acting_user,
    )
    RoundEntry.objects.bulk_create(
        RoundEntry(
            round=progress_round,
            measure=m,
            order=m.order,
            tool=m.tool,
            indicators=", ".join(str(i.number) for i in m.indicators.all()),
            group_label=m.group_label,
            title=m.title,
            steps=m.steps,
            period_text=m.period_label,
            responsible=_responsible(m),
            status=m.status,
            summary=m.summary,
            outcome=m.outcome,
            problems=m.problems,
        )
        for m in measures
    )
    audit_record(
        actor=acting_user,
        action=Action.ROUND_TAKE,
        agency=agency,
        obj=progress_round,
        summary=f"บันทึก{progress_round.get_kind_display()} ปี {year.year} "
        f"(มาตรการ {len(measures)} รายการ)",
        after={"kind": kind, "as_of": progress_round.as_of, "measures": len(measures)},
    )
    return progress_round


@transaction.atomic
def evidence_add(
    measure: Measure, *, title: str, url: str, file, acting_user
) -> MeasureEvidence:
    """Attach a link or an uploaded file (stored through Django's storage API)."""
    _check_can_change(measure, acting_user)
    if url:
        URLValidator(
            schemes=["http", "https"],
            message="ลิงก์หลักฐานต้องขึ้นต้นด้วย http:// หรือ https://",
        )(url)
    evidence = MeasureEvidence(
        measure=measure, title=title, url=url, file=file, uploaded_by=acting_user
    )
    evidence.save()
    audit_record(
        actor=acting_user,
        action=Action.EVIDENCE_ADD,
        agency=measure.agency,
        obj=evidence,
        summary=f"{title} ({_headline(measure)})",
        after={"measure": measure.order, "title": title, "url": url, "file": evidence.file.name},
    )
    return evidence
