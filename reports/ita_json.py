"""One agency-year as a JSON file: backup, moving between servers, onboarding.

    data = export_agency_year(agency, 2566)     # plain dict, see docs/ita-json.md
    text = dumps(data)                          # the canonical text of the file
    plan, errors = validate(json.loads(text))   # checks everything, writes nothing
    agency = import_agency_year(plan, acting_user=user)  # all in one transaction

Criteria are referred to by year and numbers only; the target database must have that
year's criteria loaded (``manage.py load_criteria``). Users and uploaded evidence files
are not part of the format. Exporting, importing into an empty database and exporting
again gives the same text.
"""

import datetime
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.db import transaction

from assessments.models import (
    AssessmentResult,
    AssessmentYear,
    IndicatorScore,
    OITItemScore,
    ToolCode,
)
from assessments.services import TEXT_FIELDS as RESULT_TEXT_FIELDS
from assessments.services import TOOL_FIELDS as RESULT_TOOL_FIELDS
from assessments.services import ResultInput, result_input_errors
from ita_portal.agencies.models import Agency, AgencyKind, Unit
from ita_portal.audit.actions import Action
from ita_portal.audit.services import audit_record
from ita_portal.documents.models import IssuedDocument
from ita_portal.documents.rendering import TEMPLATE_FOLDERS, payload_sha256
from ita_portal.documents.services import document_restore
from ita_portal.thai import arabic_digits, has_control_characters
from measures.models import (
    IndicatorPlan,
    Measure,
    MeasureEvidence,
    MeasureStatus,
    OITItemReadiness,
    Progress,
    ProgressRound,
    RoundEntry,
    RoundKind,
)
from measures.readiness import (
    PLAN_TOOLS,
    REQUIREMENT_MAX_LENGTH,
    RESPONSIBLE_MAX_LENGTH,
    clean_url,
)
from reports.models import ProgressLayout, ReportPreference
from reports.wording import clean_headings

__all__ = [
    "FORMAT",
    "VERSION",
    "Plan",
    "dumps",
    "export_agency_year",
    "import_agency_year",
    "omitted_evidence_files",
    "validate",
]

FORMAT = "ita-portal/agency-year"
VERSION = 1
HISTORY_REASON = "นำเข้าจากไฟล์ ITA JSON"

TOP_KEYS = (
    "format",
    "version",
    "agency",
    "units",
    "year",
    "result",
    "measures",
    "rounds",
    "oit_readiness",
    "indicator_plans",
)
OPTIONAL_TOP_KEYS = (
    "memo",  # reserved in version 1 (null or absent); memos travel in "memos"
    "documents",  # issued documents; added later, so files without it still load
    "report_preference",  # the agency's printing choices and wording; added later
)


@dataclass(frozen=True)
class Section:
    """A top-level key another app adds to the file (the memos): how its rows are
    exported, checked and written. Registered from that app's AppConfig.ready(), so this
    module knows no app that builds on reports.

    check(checker, rows, documents) → plan | None: `rows` is the section's list, already
    known to be a list; `documents` the file's DocumentPlans (to resolve references).
    write(plan, agency, criteria, documents_by_number, acting_user) → how many rows.
    """

    key: str
    label: str
    export: Callable
    check: Callable
    write: Callable


SECTIONS: dict[str, Section] = {}


def register_section(section: Section) -> None:
    SECTIONS[section.key] = section
DOCUMENT_KEYS = (
    "kind",
    "variant",
    "options",
    "title",
    "filename",
    "schema_version",
    "payload",
    "payload_sha256",
    "series",
    "number",
    "issued_at",
    "issued_by",
    "sha256",
    "supersedes",
)
SHA256_RE = re.compile(r"[0-9a-f]{64}")
AGENCY_KEYS = (
    "code",
    "name",
    "kind",
    "district",
    "province",
    "address",
    "phone",
    "website",
    "document_prefix",
)
AGENCY_REQUIRED = ("code", "name", "kind")
# Some published documents name neither district nor province: they may be "" or absent.
AGENCY_OPTIONAL_KEYS = ("district", "province")
UNIT_KEYS = ("name", "order")
RESULT_KEYS = (*RESULT_TOOL_FIELDS, *RESULT_TEXT_FIELDS, "indicators", "oit_items")
RESULT_INDICATOR_KEYS = ("number", "score", "suggestion")
RESULT_ITEM_KEYS = ("number", "score", "comment")
MEASURE_TEXT_KEYS = (
    "weakness",
    "title",
    "steps",
    "period_text",
    "responsible_text",
    "monitoring",
    "summary",
    "outcome",
    "problems",
    "suggestions",
)
MEASURE_KEYS = (
    "order",
    "tool",
    "indicators",
    "oit_items",
    *MEASURE_TEXT_KEYS,
    "period_start",
    "period_end",
    "units",
    "status",
    "evidence_links",
)
# Added after the first files were written: "" when absent, always exported.
MEASURE_OPTIONAL_KEYS = ("group_label",)
EVIDENCE_KEYS = ("title", "url")
ROUND_KEYS = ("kind", "as_of", "entries")
ENTRY_TEXT_KEYS = (
    "indicators",
    "title",
    "steps",
    "period_text",
    "responsible",
    "summary",
    "outcome",
    "problems",
)
ENTRY_KEYS = ("order", "tool", *ENTRY_TEXT_KEYS, "status")
ENTRY_OPTIONAL_KEYS = ("group_label",)
READINESS_KEYS = ("item", "units", "url", "progress", "note")
READINESS_OPTIONAL_KEYS = ("responsible_text", "requirement_text")
PLAN_KEYS = ("indicator", "approach", "units", "period_text", "progress")
# Added after the first files were written; "" when absent.
PLAN_OPTIONAL_KEYS = ("note", "responsible_text")
PREFERENCE_BOOLEAN_KEYS = (
    "thai_digits",
    "with_cover",
    "skip_own_number",
    "hide_ungrouped_row",
    "status_by_indicator",
    "status_by_tool",
    "status_numbered",
)
PREFERENCE_LABEL_KEYS = ("iit_label", "eit_label", "oit_label")
PREFERENCE_KEYS = (
    "progress_layout",
    *PREFERENCE_BOOLEAN_KEYS,
    *PREFERENCE_LABEL_KEYS,
    "column_headings",
)

ROUND_ORDER = {kind: index for index, kind in enumerate(RoundKind.values)}  # 6m, then 12m
SMALL_INT_MAX = 32767  # PositiveSmallIntegerField
DECIMAL_RE = re.compile(r"[0-9]{1,3}(\.[0-9]{1,2})?")
DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
TOO_DEEP = "ไฟล์ JSON ซ้อนกันลึกเกินไป (ไม่ใช่ไฟล์ข้อมูลหน่วยงานรายปีของ ITA Portal)"
CONTROL_CHARACTERS = "มีอักขระควบคุม (เช่น NUL) ที่ไม่ใช่ข้อความ กรุณาลบออกแล้วนำเข้าใหม่"
MAX_CONTROL_ERRORS = 20
TWO_PLACES = Decimal("0.01")

_validate_website = URLValidator()
_validate_evidence_url = URLValidator()  # the evidence form's URLField accepts the same


def _max_length(model, name: str) -> int | None:
    return model._meta.get_field(name).max_length


# --- export ------------------------------------------------------------------------


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else format(Decimal(value).quantize(TWO_PLACES), "f")


def _date(value: datetime.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _unit_names(units) -> list[str]:
    # Sorted here, not by the database: collations differ between SQLite and PostgreSQL.
    return [u.name for u in sorted(units, key=lambda u: (u.order, u.name))]


def _criteria_year(year: AssessmentYear | int) -> AssessmentYear:
    if isinstance(year, AssessmentYear):
        return year
    return AssessmentYear.objects.get(year=year)


def export_agency_year(agency: Agency, year: AssessmentYear | int) -> dict:
    """Everything of one agency-year as plain JSON data (format version 1)."""
    year = _criteria_year(year)
    result = (
        AssessmentResult.objects.filter(agency=agency, year=year)
        .prefetch_related("indicator_scores__indicator", "oit_scores__item")
        .first()
    )
    measures = (
        Measure.objects.filter(agency=agency, year=year)
        .prefetch_related("indicators", "oit_items", "units", "evidence")
        .order_by("order")
    )
    rounds = sorted(
        ProgressRound.objects.filter(agency=agency, year=year).prefetch_related("entries"),
        key=lambda r: ROUND_ORDER.get(r.kind, len(ROUND_ORDER)),
    )
    readiness = sorted(
        OITItemReadiness.objects.filter(agency=agency, item__year=year)
        .select_related("item")
        .prefetch_related("units"),
        key=lambda r: r.item.number,
    )
    plans = sorted(
        IndicatorPlan.objects.filter(agency=agency, indicator__year=year)
        .select_related("indicator")
        .prefetch_related("units"),
        key=lambda p: p.indicator.number,
    )
    return {
        "format": FORMAT,
        "version": VERSION,
        "agency": {name: getattr(agency, name) for name in AGENCY_KEYS},
        "units": [
            {"name": u.name, "order": u.order}
            for u in sorted(agency.units.all(), key=lambda u: (u.order, u.name))
        ],
        "year": year.year,
        "result": _export_result(result) if result else None,
        "measures": [_export_measure(m) for m in measures],
        "rounds": [
            {
                "kind": r.kind,
                "as_of": _date(r.as_of),
                "entries": [
                    {
                        "order": e.order,
                        "tool": e.tool,
                        "status": e.status,
                        **{name: getattr(e, name) for name in ENTRY_TEXT_KEYS},
                        "group_label": e.group_label,
                    }
                    for e in sorted(r.entries.all(), key=lambda e: (e.order, e.pk))
                ],
            }
            for r in rounds
        ],
        "oit_readiness": [
            {
                "item": r.item.number,
                "units": _unit_names(r.units.all()),
                "url": r.url,
                "progress": r.progress,
                "note": r.note,
                "responsible_text": r.responsible_text,
                "requirement_text": r.requirement_text,
            }
            for r in readiness
        ],
        "indicator_plans": [
            {
                "indicator": p.indicator.number,
                "approach": p.approach,
                "units": _unit_names(p.units.all()),
                "period_text": p.period_text,
                "progress": p.progress,
                "note": p.note,
                "responsible_text": p.responsible_text,
            }
            for p in plans
        ],
        "documents": [
            _export_document(d)
            for d in IssuedDocument.objects.filter(agency=agency, year=year.year)
            .select_related("issued_by", "supersedes")
            .order_by("series", "number")
        ],
        **{key: section.export(agency, year) for key, section in SECTIONS.items()},
        "report_preference": _export_preference(agency),
    }


def _export_preference(agency: Agency) -> dict | None:
    """The agency's saved printing choices and wording, or None (the defaults)."""
    preference = ReportPreference.objects.filter(agency=agency).first()
    if preference is None:
        return None
    return {name: getattr(preference, name) for name in PREFERENCE_KEYS}


def _export_document(document: IssuedDocument) -> dict:
    return {
        "kind": document.kind,
        "variant": document.variant,
        "options": document.options,
        "title": document.title,
        "filename": document.filename,
        "schema_version": document.schema_version,
        "payload": document.payload,
        "payload_sha256": document.payload_sha256,
        "series": document.series,
        "number": document.number,
        "issued_at": document.issued_at.isoformat(),
        "issued_by": document.issued_by.username if document.issued_by else document.issued_by_name,
        "sha256": document.sha256,
        "supersedes": document.supersedes.number if document.supersedes else None,
    }


def _export_result(result: AssessmentResult) -> dict:
    return {
        **{name: _decimal(getattr(result, name)) for name in RESULT_TOOL_FIELDS},
        **{name: getattr(result, name) for name in RESULT_TEXT_FIELDS},
        "indicators": [
            {"number": s.indicator.number, "score": _decimal(s.score), "suggestion": s.suggestion}
            for s in sorted(result.indicator_scores.all(), key=lambda s: s.indicator.number)
        ],
        "oit_items": [
            {"number": s.item.number, "score": _decimal(s.score), "comment": s.comment}
            for s in sorted(result.oit_scores.all(), key=lambda s: s.item.number)
        ],
    }


def _export_measure(measure: Measure) -> dict:
    return {
        "order": measure.order,
        "tool": measure.tool,
        "indicators": sorted(i.number for i in measure.indicators.all()),
        "oit_items": sorted(i.number for i in measure.oit_items.all()),
        **{name: getattr(measure, name) for name in MEASURE_TEXT_KEYS},
        "group_label": measure.group_label,
        "period_start": _date(measure.period_start),
        "period_end": _date(measure.period_end),
        "units": _unit_names(measure.units.all()),
        "status": measure.status,
        # Uploaded files are not embedded; evidence that is only a file is left out.
        "evidence_links": [
            {"title": e.title, "url": e.url}
            for e in sorted(measure.evidence.all(), key=lambda e: (e.uploaded_at, e.pk))
            if e.url
        ],
    }


def omitted_evidence_files(agency: Agency, year: AssessmentYear | int) -> int:
    """How many uploaded evidence files the export of this agency-year does not carry."""
    year = _criteria_year(year)
    return (
        MeasureEvidence.objects.filter(measure__agency=agency, measure__year=year)
        .exclude(file="")
        .count()
    )


def dumps(data: dict) -> str:
    """The canonical text: sorted keys, Thai as is, 2-space indent, final newline."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


# --- the validated plan ------------------------------------------------------------


@dataclass
class ResultPlan:
    tools: dict[str, Decimal | None]
    texts: dict[str, str]
    indicators: list[tuple[int, Decimal, str]]
    oit_items: list[tuple[int, Decimal, str]]


@dataclass
class MeasurePlan:
    order: int
    values: dict  # tool, texts, period_start/end (dates), status
    indicators: list[int]
    oit_items: list[int]
    units: list[str]
    evidence_links: list[tuple[str, str]]


@dataclass
class RoundPlan:
    kind: str
    as_of: datetime.date
    entries: list[dict]  # RoundEntry fields, restored as they are


@dataclass
class ReadinessPlan:
    item: int
    units: list[str]
    url: str
    progress: str
    note: str
    responsible_text: str = ""
    requirement_text: str = ""


@dataclass
class IndicatorPlanPlan:
    indicator: int
    approach: str
    units: list[str]
    period_text: str
    progress: str
    note: str
    responsible_text: str = ""


@dataclass
class DocumentPlan:
    values: dict  # kind, variant, options, payload, series, number, issued_at, sha256
    issued_by: str
    supersedes: int | None


@dataclass
class Plan:
    """A whole file, checked against the target database and ready to be written."""

    agency: dict
    units: list[tuple[str, int]]
    year: int
    result: ResultPlan | None
    measures: list[MeasurePlan]
    rounds: list[RoundPlan]
    oit_readiness: list[ReadinessPlan]
    indicator_plans: list[IndicatorPlanPlan]
    documents: list[DocumentPlan] = field(default_factory=list)
    sections: dict = field(default_factory=dict)  # key → the registered Section's plan
    report_preference: dict | None = None
    into_existing: bool = False
    notices: list[str] = field(default_factory=list)  # not errors: shown, then imported


# --- validation --------------------------------------------------------------------

_MISSING = object()


class _Checker:
    """Reads the untrusted JSON, collecting every problem as "path: Thai message"."""

    def __init__(self):
        self.errors: list[str] = []
        self.year: int | None = None  # set once the file's year is read

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}" if path else message)

    @staticmethod
    def at(path: str, key: str) -> str:
        return f"{path}.{key}" if path else key

    def obj(self, value, path: str, keys, optional=()) -> dict | None:
        if not isinstance(value, dict):
            self.error(path or "(ทั้งไฟล์)", "ต้องเป็นออบเจกต์ JSON { … }")
            return None
        for key in keys:
            if key not in value:
                self.error(self.at(path, key), "ไม่มีข้อมูลนี้ (ต้องมีทุกคีย์ตามรูปแบบ)")
        for key in value:
            if key not in keys and key not in optional:
                self.error(self.at(path, str(key)), "ไม่รู้จักคีย์นี้")
        return value

    def array(self, obj: dict, key: str, path: str) -> list:
        value = obj.get(key, _MISSING)
        if value is _MISSING:
            return []
        if not isinstance(value, list):
            self.error(self.at(path, key), "ต้องเป็นรายการ [ … ]")
            return []
        return value

    def text(self, obj: dict, key: str, path: str, *, max_length=None, required=False):
        value = obj.get(key, _MISSING)
        if value is _MISSING:
            return None
        where = self.at(path, key)
        if not isinstance(value, str):
            self.error(where, "ต้องเป็นข้อความ")
            return None
        if required and not value.strip():
            self.error(where, "ต้องไม่เว้นว่าง")
            return None
        if max_length is not None and len(value) > max_length:
            self.error(where, f"ยาวเกิน {max_length} ตัวอักษร")
            return None
        return value

    def integer(self, value, where: str, *, minimum=0, maximum=SMALL_INT_MAX):
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(where, "ต้องเป็นจำนวนเต็ม")
            return None
        if not minimum <= value <= maximum:
            self.error(where, f"ต้องอยู่ระหว่าง {minimum} ถึง {maximum}")
            return None
        return value

    def choice(self, obj: dict, key: str, path: str, choices, message: str):
        value = obj.get(key, _MISSING)
        if value is _MISSING:
            return None
        if not isinstance(value, str) or value not in choices:
            allowed = ", ".join(c if c else '""' for c in choices)
            self.error(self.at(path, key), f"{message} (ใช้ได้: {allowed})")
            return None
        return value

    def decimal(self, obj: dict, key: str, path: str, *, nullable: bool):
        value = obj.get(key, _MISSING)
        if value is _MISSING:
            return None
        where = self.at(path, key)
        if value is None:
            if not nullable:
                self.error(where, "ต้องมีคะแนน (ไม่เป็น null)")
            return None
        if isinstance(value, str):
            value = arabic_digits(value)  # one rule for numbers: Thai digits read as 0–9
        if not isinstance(value, str) or not DECIMAL_RE.fullmatch(value):
            self.error(where, 'ต้องเป็นตัวเลขในรูปข้อความ ทศนิยมไม่เกิน 2 ตำแหน่ง เช่น "97.82"')
            return None
        number = Decimal(value)
        if number > 100:
            self.error(where, "คะแนนต้องอยู่ระหว่าง 0 ถึง 100")
            return None
        return number

    def date(self, obj: dict, key: str, path: str, *, nullable: bool):
        value = obj.get(key, _MISSING)
        if value is _MISSING:
            return None
        where = self.at(path, key)
        if value is None:
            if not nullable:
                self.error(where, "ต้องมีวันที่ (ไม่เป็น null)")
            return None
        parsed = None
        if isinstance(value, str) and DATE_RE.fullmatch(value):
            try:
                parsed = datetime.date.fromisoformat(value)
            except ValueError:
                parsed = None
        if parsed is None:
            self.error(where, 'ต้องเป็นวันที่ ค.ศ. แบบ ปปปป-ดด-วว เช่น "2024-03-31"')
            return None
        if parsed.year > 2400:
            self.error(where, "ปีของวันที่ต้องเป็น ค.ศ. (เช่น 2024) ไม่ใช่ พ.ศ.")
            return None
        return parsed

    def url(self, obj: dict, key: str, path: str, validator, *, max_length: int, required=False):
        value = self.text(obj, key, path, max_length=max_length, required=required)
        if value:
            try:
                validator(value)
            except ValidationError:
                self.error(self.at(path, key), "ที่อยู่เว็บไซต์ไม่ถูกต้อง ต้องขึ้นต้นด้วย https:// หรือ http://")
                return None
        return value

    def numbers(self, obj: dict, key: str, path: str, known: set[int] | None, label) -> list[int]:
        """A list of criteria numbers; `known` None means the year's criteria are missing."""
        seen = []
        for index, value in enumerate(self.array(obj, key, path)):
            where = f"{self.at(path, key)}[{index}]"
            number = self.integer(value, where, minimum=1)
            if number is None:
                continue
            if number in seen:
                self.error(where, f"{label(number)} ซ้ำ")
            elif known is not None and number not in known:
                self.error(where, f"เกณฑ์ปี {self.year} ไม่มี{label(number)}")
            else:
                seen.append(number)
        return seen

    def unit_names(self, obj: dict, key: str, path: str, units: set[str]) -> list[str]:
        names = []
        for index, value in enumerate(self.array(obj, key, path)):
            where = f"{self.at(path, key)}[{index}]"
            if not isinstance(value, str):
                self.error(where, "ต้องเป็นชื่อส่วนราชการ (ข้อความ)")
            elif value not in units:
                self.error(where, f'ไม่มีส่วนราชการชื่อ "{value}" ในรายการ units ของไฟล์')
            elif value in names:
                self.error(where, f'ส่วนราชการ "{value}" ซ้ำ')
            else:
                names.append(value)
        return names


def _indicator_label(number: int) -> str:
    return f"ตัวชี้วัดที่ {number}"


def _item_label(number: int) -> str:
    return f"ข้อ O{number}"


def loads(text: str):
    """The JSON of an uploaded or given file; ValueError with a Thai message for a file
    nested too deep to read (json raises RecursionError on e.g. 100,000 nested [)."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError(TOO_DEEP) from None


def _control_character_paths(data) -> list[str]:
    """Where the file's texts (keys and values) hold a control character other than tab
    and line breaks (PostgreSQL refuses NUL); walked without recursion."""
    found: list[str] = []
    stack = [("", data)]
    while stack and len(found) < MAX_CONTROL_ERRORS:
        path, value = stack.pop()
        if isinstance(value, str):
            if has_control_characters(value):
                found.append(path or "(ทั้งไฟล์)")
        elif isinstance(value, dict):
            for key, item in reversed(value.items()):
                where = f"{path}.{key}" if path else str(key)
                if isinstance(key, str) and has_control_characters(key):
                    found.append(where)
                else:
                    stack.append((where, item))
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", item) for i, item in reversed(list(enumerate(value))))
    return found


def validate(data, *, into_existing: bool = False) -> tuple[Plan | None, list[str]]:
    """Check a parsed file against this database; (plan, []) or (None, every problem).

    Nothing is written. With `into_existing` an agency whose code already exists receives
    the year, provided it has no data of that year yet; otherwise an existing code is an
    error. A wrong format or version stops the check at once (the rest would be noise).
    """
    control = _control_character_paths(data)
    if control:
        return None, [f"{path}: {CONTROL_CHARACTERS}" for path in control]
    check = _Checker()
    top = check.obj(data, "", TOP_KEYS, (*OPTIONAL_TOP_KEYS, *SECTIONS))
    if top is None:
        return None, check.errors
    if top.get("format") != FORMAT:
        return None, [f'format: ไม่ใช่ไฟล์ข้อมูลหน่วยงานรายปีของ ITA Portal (ต้องเป็น "{FORMAT}")']
    version = top.get("version")
    if isinstance(version, bool) or version != VERSION:
        return None, [f"version: ไม่รองรับรุ่น {version!r} ของรูปแบบไฟล์ (รองรับเฉพาะรุ่น {VERSION})"]
    if top.get("memo") is not None:
        check.error("memo", "รุ่น 1 ยังไม่รองรับข้อมูลบันทึกข้อความ (ต้องไม่มีหรือเป็น null)")

    # The year first: every criteria number is checked against it.
    year = check.year = check.integer(top.get("year", _MISSING), "year", minimum=2550, maximum=2700)
    criteria = None
    if year is not None:
        criteria = AssessmentYear.objects.filter(year=year).first()
        if criteria is None:
            check.error(
                "year",
                f"ฐานข้อมูลนี้ยังไม่มีเกณฑ์การประเมินปี {year} กรุณานำเข้าเกณฑ์ก่อนด้วยคำสั่ง "
                f"python manage.py load_criteria {year} แล้วนำเข้าไฟล์นี้อีกครั้ง",
            )
    indicators = items = plan_indicators = None
    if criteria is not None:
        indicators = set(criteria.indicators.values_list("number", flat=True))
        items = set(criteria.oit_items.values_list("number", flat=True))
        plan_indicators = set(
            criteria.indicators.filter(tool__code__in=PLAN_TOOLS).values_list("number", flat=True)
        )

    agency = _check_agency(check, top.get("agency", _MISSING))
    units = _check_units(check, top)
    unit_names = {name for name, _order in units}

    result = None
    if top.get("result") is not None:
        result = _check_result(check, top["result"], indicators, items)
        if result is not None and criteria is not None:
            _check_result_rules(check, criteria, result)

    measures = _check_measures(check, top, indicators, items, unit_names)
    rounds = _check_rounds(check, top)
    readiness = _check_readiness(check, top, items, unit_names)
    plans = _check_plans(check, top, indicators, plan_indicators, unit_names)
    documents = _check_documents(check, top)
    sections = {
        key: section.check(check, check.array(top, key, ""), documents)
        for key, section in SECTIONS.items()
        if top.get(key)
    }
    preference = _check_preference(check, top.get("report_preference"))

    notices = []
    if agency is not None and agency.get("code"):
        notices = _check_target(check, agency, units, criteria, into_existing=into_existing)

    if check.errors:
        return None, check.errors
    return (
        Plan(
            agency=agency,
            units=units,
            year=year,
            result=result,
            measures=measures,
            rounds=rounds,
            oit_readiness=readiness,
            indicator_plans=plans,
            documents=documents,
            sections=sections,
            report_preference=preference,
            into_existing=into_existing,
            notices=notices,
        ),
        [],
    )


def _check_agency(check: _Checker, value) -> dict | None:
    if value is _MISSING:
        return None
    required_keys = tuple(k for k in AGENCY_KEYS if k not in AGENCY_OPTIONAL_KEYS)
    obj = check.obj(value, "agency", required_keys, optional=AGENCY_OPTIONAL_KEYS)
    if obj is None:
        return None
    obj = {**dict.fromkeys(AGENCY_OPTIONAL_KEYS, ""), **obj}
    agency = {}
    for name in AGENCY_KEYS:
        if name == "kind":
            agency[name] = check.choice(
                obj, name, "agency", AgencyKind.values, "ประเภทหน่วยงานไม่ถูกต้อง"
            )
        elif name == "website":
            agency[name] = check.url(
                obj, name, "agency", _validate_website, max_length=_max_length(Agency, name)
            )
        else:
            agency[name] = check.text(
                obj,
                name,
                "agency",
                max_length=_max_length(Agency, name),
                required=name in AGENCY_REQUIRED,
            )
    code = agency.get("code")
    if code:
        try:
            validate_slug(code)
        except ValidationError:
            check.error("agency.code", "รหัสหน่วยงานใช้ได้เฉพาะตัวอักษรอังกฤษ ตัวเลข - และ _ เช่น ban-pong")
            agency["code"] = None
    return agency


def _check_units(check: _Checker, top: dict) -> list[tuple[str, int]]:
    units = []
    seen: dict[str, int] = {}
    max_length = _max_length(Unit, "name")
    for index, value in enumerate(check.array(top, "units", "")):
        path = f"units[{index}]"
        obj = check.obj(value, path, UNIT_KEYS)
        if obj is None:
            continue
        name = check.text(obj, "name", path, max_length=max_length, required=True)
        order = check.integer(obj.get("order", _MISSING), f"{path}.order")
        if name is None:
            continue
        key = name.casefold()
        if key in seen:
            check.error(f"{path}.name", f'ชื่อส่วนราชการ "{name}" ซ้ำกับ units[{seen[key]}]')
            continue
        seen[key] = index
        units.append((name, order))  # a bad order is already an error; the name still counts
    return units


def _check_result(check: _Checker, value, indicators, items) -> ResultPlan | None:
    obj = check.obj(value, "result", RESULT_KEYS)
    if obj is None:
        return None
    tools = {name: check.decimal(obj, name, "result", nullable=True) for name in RESULT_TOOL_FIELDS}
    texts = {name: check.text(obj, name, "result") for name in RESULT_TEXT_FIELDS}
    scores = {}
    for key, keys, known, label, note in (
        ("indicators", RESULT_INDICATOR_KEYS, indicators, _indicator_label, "suggestion"),
        ("oit_items", RESULT_ITEM_KEYS, items, _item_label, "comment"),
    ):
        rows, seen = [], set()
        for index, row in enumerate(check.array(obj, key, "result")):
            path = f"result.{key}[{index}]"
            row = check.obj(row, path, keys)
            if row is None:
                continue
            number = check.integer(row.get("number", _MISSING), f"{path}.number", minimum=1)
            score = check.decimal(row, "score", path, nullable=False)
            text = check.text(row, note, path)
            if number is None:
                continue
            if number in seen:
                check.error(f"{path}.number", f"{label(number)} ซ้ำ")
            elif known is not None and number not in known:
                check.error(f"{path}.number", f"เกณฑ์ปี {check.year} ไม่มี{label(number)}")
            else:
                seen.add(number)
                rows.append((number, score, text))
        scores[key] = rows
    return ResultPlan(tools, texts, scores["indicators"], scores["oit_items"])


def _check_result_rules(check: _Checker, criteria: AssessmentYear, result: ResultPlan) -> None:
    """The year's own rules, as the result editor applies them (EIT parts, OIT 0/100)."""
    data = ResultInput(
        tools=result.tools,
        indicators={n: (s, t) for n, s, t in result.indicators if s is not None},
        oit_items={n: (s, t) for n, s, t in result.oit_items if s is not None},
    )
    where_items = {n: i for i, (n, _s, _t) in enumerate(result.oit_items)}
    where_indicators = {n: i for i, (n, _s, _t) in enumerate(result.indicators)}
    for key, messages in result_input_errors(criteria, data).items():
        if key.startswith("oit_") and key[4:].isdigit():
            path = f"result.oit_items[{where_items[int(key[4:])]}].score"
        elif key.startswith("ind_") and key[4:].isdigit():
            path = f"result.indicators[{where_indicators[int(key[4:])]}].number"
        else:
            path = f"result.{key}"
        for message in messages:
            check.error(path, message)


def _check_measures(check, top, indicators, items, unit_names) -> list[MeasurePlan]:
    measures = []
    orders: dict[int, int] = {}
    limits = {name: _max_length(Measure, name) for name in MEASURE_TEXT_KEYS}
    for index, value in enumerate(check.array(top, "measures", "")):
        path = f"measures[{index}]"
        obj = check.obj(value, path, MEASURE_KEYS, optional=MEASURE_OPTIONAL_KEYS)
        if obj is None:
            continue
        order = check.integer(obj.get("order", _MISSING), f"{path}.order", minimum=1)
        if order is not None:
            if order in orders:
                check.error(f"{path}.order", f"ลำดับ {order} ซ้ำกับ measures[{orders[order]}]")
            else:
                orders[order] = index
        values = {
            name: check.text(obj, name, path, max_length=limits[name], required=name == "title")
            for name in MEASURE_TEXT_KEYS
        }
        values["group_label"] = check.text(
            obj, "group_label", path, max_length=_max_length(Measure, "group_label")
        ) or ""
        values["tool"] = check.choice(obj, "tool", path, ["", *ToolCode.values], "เครื่องมือไม่ถูกต้อง")
        values["status"] = check.choice(obj, "status", path, MeasureStatus.values, "สถานะไม่ถูกต้อง")
        start = values["period_start"] = check.date(obj, "period_start", path, nullable=True)
        end = values["period_end"] = check.date(obj, "period_end", path, nullable=True)
        if start and end and end < start:
            check.error(f"{path}.period_end", "วันสิ้นสุดต้องไม่ก่อนวันเริ่มดำเนินการ")
        links = []
        for link_index, link in enumerate(check.array(obj, "evidence_links", path)):
            link_path = f"{path}.evidence_links[{link_index}]"
            link = check.obj(link, link_path, EVIDENCE_KEYS)
            if link is None:
                continue
            title = check.text(
                link,
                "title",
                link_path,
                max_length=_max_length(MeasureEvidence, "title"),
                required=True,
            )
            url = check.url(
                link,
                "url",
                link_path,
                _validate_evidence_url,
                max_length=_max_length(MeasureEvidence, "url"),
                required=True,
            )
            links.append((title, url))
        measures.append(
            MeasurePlan(
                order=order,
                values=values,
                indicators=check.numbers(obj, "indicators", path, indicators, _indicator_label),
                oit_items=check.numbers(obj, "oit_items", path, items, _item_label),
                units=check.unit_names(obj, "units", path, unit_names),
                evidence_links=links,
            )
        )
    return measures


def _check_rounds(check: _Checker, top: dict) -> list[RoundPlan]:
    rounds = []
    kinds: dict[str, int] = {}
    limits = {name: _max_length(RoundEntry, name) for name in ENTRY_TEXT_KEYS}
    for index, value in enumerate(check.array(top, "rounds", "")):
        path = f"rounds[{index}]"
        obj = check.obj(value, path, ROUND_KEYS)
        if obj is None:
            continue
        kind = check.choice(obj, "kind", path, RoundKind.values, "รอบการรายงานไม่ถูกต้อง")
        if kind is not None:
            if kind in kinds:
                check.error(f"{path}.kind", f"รอบ {kind} ซ้ำกับ rounds[{kinds[kind]}]")
            else:
                kinds[kind] = index
        as_of = check.date(obj, "as_of", path, nullable=False)
        entries = []
        orders: dict[int, int] = {}
        for entry_index, entry in enumerate(check.array(obj, "entries", path)):
            entry_path = f"{path}.entries[{entry_index}]"
            entry = check.obj(entry, entry_path, ENTRY_KEYS, optional=ENTRY_OPTIONAL_KEYS)
            if entry is None:
                continue
            order = check.integer(entry.get("order", _MISSING), f"{entry_path}.order")
            if order is not None:
                if order in orders:
                    check.error(
                        f"{entry_path}.order",
                        f"ลำดับ {order} ซ้ำกับ {path}.entries[{orders[order]}]",
                    )
                else:
                    orders[order] = entry_index
            values = {
                name: check.text(entry, name, entry_path, max_length=limits[name])
                for name in ENTRY_TEXT_KEYS
            }
            values["group_label"] = check.text(
                entry, "group_label", entry_path, max_length=_max_length(RoundEntry, "group_label")
            ) or ""
            values["order"] = order
            values["tool"] = check.choice(
                entry, "tool", entry_path, ["", *ToolCode.values], "เครื่องมือไม่ถูกต้อง"
            )
            values["status"] = check.choice(
                entry, "status", entry_path, MeasureStatus.values, "สถานะไม่ถูกต้อง"
            )
            entries.append(values)
        rounds.append(RoundPlan(kind=kind, as_of=as_of, entries=entries))
    return rounds


def _check_readiness(check, top, items, unit_names) -> list[ReadinessPlan]:
    rows = []
    seen: dict[int, int] = {}
    for index, value in enumerate(check.array(top, "oit_readiness", "")):
        path = f"oit_readiness[{index}]"
        obj = check.obj(value, path, READINESS_KEYS, optional=READINESS_OPTIONAL_KEYS)
        if obj is None:
            continue
        number = check.integer(obj.get("item", _MISSING), f"{path}.item", minimum=1)
        if number is not None:
            if number in seen:
                check.error(f"{path}.item", f"ข้อ O{number} ซ้ำกับ oit_readiness[{seen[number]}]")
            elif items is not None and number not in items:
                check.error(f"{path}.item", f"เกณฑ์ปี {check.year} ไม่มีข้อ O{number}")
            else:
                seen[number] = index
        url = check.text(obj, "url", path)
        if url is not None:
            try:
                url = clean_url(url)
            except ValidationError as invalid:
                check.error(f"{path}.url", " ".join(invalid.messages))
        rows.append(
            ReadinessPlan(
                item=number,
                units=check.unit_names(obj, "units", path, unit_names),
                url=url,
                progress=check.choice(obj, "progress", path, Progress.values, "ความก้าวหน้าไม่ถูกต้อง"),
                note=check.text(obj, "note", path),
                responsible_text=check.text(
                    obj, "responsible_text", path, max_length=RESPONSIBLE_MAX_LENGTH
                ) or "",
                requirement_text=check.text(
                    obj, "requirement_text", path, max_length=REQUIREMENT_MAX_LENGTH
                ) or "",
            )
        )
    return rows


def _check_plans(check, top, indicators, plan_indicators, unit_names) -> list[IndicatorPlanPlan]:
    rows = []
    seen: dict[int, int] = {}
    for index, value in enumerate(check.array(top, "indicator_plans", "")):
        path = f"indicator_plans[{index}]"
        obj = check.obj(value, path, PLAN_KEYS, optional=PLAN_OPTIONAL_KEYS)
        if obj is None:
            continue
        number = check.integer(obj.get("indicator", _MISSING), f"{path}.indicator", minimum=1)
        if number is not None:
            where = f"{path}.indicator"
            if number in seen:
                check.error(where, f"ตัวชี้วัดที่ {number} ซ้ำกับ indicator_plans[{seen[number]}]")
            elif indicators is not None and number not in indicators:
                check.error(where, f"เกณฑ์ปี {check.year} ไม่มีตัวชี้วัดที่ {number}")
            elif plan_indicators is not None and number not in plan_indicators:
                check.error(where, "แนวทางยกระดับบันทึกได้เฉพาะตัวชี้วัดของ IIT และ EIT")
            else:
                seen[number] = index
        rows.append(
            IndicatorPlanPlan(
                indicator=number,
                approach=check.text(obj, "approach", path),
                units=check.unit_names(obj, "units", path, unit_names),
                period_text=check.text(
                    obj, "period_text", path, max_length=_max_length(IndicatorPlan, "period_text")
                ),
                progress=check.choice(obj, "progress", path, Progress.values, "ความก้าวหน้าไม่ถูกต้อง"),
                note=check.text(obj, "note", path) or "",
                responsible_text=check.text(
                    obj, "responsible_text", path, max_length=RESPONSIBLE_MAX_LENGTH
                ) or "",
            )
        )
    return rows


def _check_preference(check: _Checker, value) -> dict | None:
    """The agency's printing choices: every key, each checked as the form checks it."""
    if value is None:
        return None
    obj = check.obj(value, "report_preference", PREFERENCE_KEYS)
    if obj is None:
        return None
    path = "report_preference"
    values = {
        "progress_layout": check.choice(
            obj, "progress_layout", path, ProgressLayout.values, "รูปแบบรายงานไม่ถูกต้อง"
        ),
    }
    for name in PREFERENCE_BOOLEAN_KEYS:
        flag = obj.get(name, _MISSING)
        if flag is not _MISSING and not isinstance(flag, bool):
            check.error(check.at(path, name), "ต้องเป็น true หรือ false")
        values[name] = flag
    for name in PREFERENCE_LABEL_KEYS:
        values[name] = check.text(obj, name, path, max_length=_max_length(ReportPreference, name))
    try:
        values["column_headings"] = clean_headings(obj.get("column_headings", {}))
    except ValidationError as invalid:
        check.error(check.at(path, "column_headings"), " ".join(invalid.messages))
    return values


def _check_documents(check: _Checker, top: dict) -> list[DocumentPlan]:
    """Issued documents: their payloads must still hash to what they were issued with."""
    rows = []
    seen: dict[tuple[str, int], int] = {}
    for index, value in enumerate(check.array(top, "documents", "")):
        path = f"documents[{index}]"
        obj = check.obj(value, path, DOCUMENT_KEYS)
        if obj is None:
            continue
        kind = check.text(obj, "kind", path, max_length=30, required=True)
        variant = check.text(obj, "variant", path, max_length=60)
        series = check.text(obj, "series", path, max_length=30, required=True)
        number = check.integer(obj.get("number", _MISSING), check.at(path, "number"),
                               minimum=1, maximum=2_147_483_647)
        if series is not None and number is not None:
            if (series, number) in seen:
                check.error(check.at(path, "number"),
                            f"เลขที่ {number} ซ้ำกับ documents[{seen[series, number]}]")
            seen[series, number] = index
        options = obj.get("options")
        if not isinstance(options, dict):
            check.error(check.at(path, "options"), "ต้องเป็นออบเจกต์ JSON { … }")
        payload = obj.get("payload")
        if not isinstance(payload, dict):
            check.error(check.at(path, "payload"), "ต้องเป็นออบเจกต์ JSON { … }")
            continue
        template = payload.get("template")
        if not isinstance(template, str) or not template.startswith(TEMPLATE_FOLDERS) \
                or ".." in template:
            check.error(check.at(path, "payload.template"), "ไม่ใช่แม่แบบเอกสารของ ITA Portal")
        for key, limit in (("title", 300), ("filename", 250)):
            if not isinstance(payload.get(key), str) or not payload[key].strip():
                check.error(check.at(path, f"payload.{key}"), "ต้องเป็นข้อความที่ไม่ว่าง")
            elif len(payload[key]) > limit:
                check.error(check.at(path, f"payload.{key}"), f"ยาวเกิน {limit} ตัวอักษร")
        schema = check.integer(obj.get("schema_version", _MISSING),
                               check.at(path, "schema_version"), minimum=1)
        if schema is not None and payload.get("schema") != schema:
            check.error(check.at(path, "schema_version"), "ไม่ตรงกับ payload.schema")
        if obj.get("payload_sha256") != payload_sha256(payload):
            check.error(check.at(path, "payload_sha256"),
                        "ข้อมูลของเอกสาร (payload) ถูกแก้ไขหลังออกเอกสาร: SHA-256 ไม่ตรงกัน")
        sha = obj.get("sha256")
        if not isinstance(sha, str) or (sha and not SHA256_RE.fullmatch(sha)):
            check.error(check.at(path, "sha256"), "ต้องเป็น SHA-256 (ตัวเลขฐานสิบหก 64 ตัว) หรือว่าง")
        issued_at = obj.get("issued_at")
        try:
            issued = datetime.datetime.fromisoformat(issued_at)
        except (TypeError, ValueError):
            issued = None
        if issued is None or issued.tzinfo is None:
            check.error(check.at(path, "issued_at"), "ต้องเป็นวันเวลาแบบ ISO 8601 พร้อมเขตเวลา")
        issued_by = check.text(obj, "issued_by", path, max_length=150)
        supersedes = obj.get("supersedes")
        if supersedes is not None and (
            isinstance(supersedes, bool) or not isinstance(supersedes, int)
            or (series, supersedes) not in seen or supersedes == number
        ):
            check.error(check.at(path, "supersedes"),
                        "ต้องเป็นเลขที่ของเอกสารชุดเดียวกันที่อยู่ก่อนหน้าในไฟล์ หรือ null")
        rows.append(
            DocumentPlan(
                values={
                    "kind": kind, "variant": variant or "", "options": options,
                    "payload": payload, "series": series, "number": number,
                    "issued_at": issued, "expected_sha256": sha or "",
                },
                issued_by=issued_by or "",
                supersedes=supersedes,
            )
        )
    return rows


def _year_data(agency: Agency, criteria: AssessmentYear) -> list[str]:
    """What the agency already has of that year, in words (empty: nothing)."""
    found = []
    if AssessmentResult.objects.filter(agency=agency, year=criteria).exists():
        found.append("ผลการประเมิน")
    counts = (
        ("มาตรการ", Measure.objects.filter(agency=agency, year=criteria)),
        ("รอบรายงาน", ProgressRound.objects.filter(agency=agency, year=criteria)),
        ("ความพร้อมข้อ OIT", OITItemReadiness.objects.filter(agency=agency, item__year=criteria)),
        ("แนวทางยกระดับ", IndicatorPlan.objects.filter(agency=agency, indicator__year=criteria)),
        ("เอกสารที่ออกแล้ว", IssuedDocument.objects.filter(agency=agency, year=criteria.year)),
    )
    for label, rows in counts:
        count = rows.count()
        if count:
            found.append(f"{label} {count} รายการ")
    return found


def _check_target(check, agency: dict, units, criteria, *, into_existing: bool) -> list[str]:
    """An existing agency code: refused, or (--into-existing) only if that year is empty."""
    existing = Agency.objects.filter(code=agency["code"]).first()
    if existing is None:
        return []
    if not into_existing:
        check.error(
            "agency.code",
            f'ฐานข้อมูลนี้มีหน่วยงานรหัส "{existing.code}" ({existing.name}) อยู่แล้ว '
            "หากต้องการเพิ่มข้อมูลปีนี้ให้หน่วยงานเดิม ให้สั่งนำเข้าพร้อม --into-existing",
        )
        return []
    if criteria is None:
        return []
    found = _year_data(existing, criteria)
    if found:
        check.error(
            "year",
            f'หน่วยงาน "{existing.code}" มีข้อมูลปี {criteria.year} อยู่แล้ว ({", ".join(found)}) '
            "ระบบไม่รวมข้อมูลเข้าด้วยกัน กรุณาลบข้อมูลปีนั้นของหน่วยงานก่อน",
        )
        return []
    notices = []
    differs = [
        name
        for name in AGENCY_KEYS
        if agency.get(name) is not None and agency[name] != getattr(existing, name)
    ]
    if differs:
        notices.append(
            "ข้อมูลหน่วยงานในไฟล์ต่างจากที่มีอยู่ ("
            + ", ".join(differs)
            + ") ระบบใช้ข้อมูลเดิมของหน่วยงาน ไม่แก้ไขตามไฟล์"
        )
    have = {name.casefold() for name in existing.units.values_list("name", flat=True)}
    new = [name for name, _order in units if name.casefold() not in have]
    if new:
        notices.append("เพิ่มส่วนราชการที่หน่วยงานยังไม่มี: " + ", ".join(new))
    return notices


# --- import ------------------------------------------------------------------------


@transaction.atomic
def import_agency_year(plan: Plan, *, acting_user=None, source: str = "") -> Agency:
    """Write a validated plan in one transaction, as plain model writes.

    Not through the services: they check a person's rights on an agency that may not
    exist yet, number measures and bump versions, while an import restores the file as
    it is (orders, round entries restored, never snapshotted again from the measures).
    The rows name nobody (updated_by, uploaded_by, taken_by are empty); each measure's
    first history row says it came from an import and names `acting_user` if given.
    The import is recorded as one audit event of the agency-year, in this transaction,
    with `acting_user` (None for an import run by the system) and `source` (file name).
    """
    criteria = AssessmentYear.objects.get(year=plan.year)
    code = plan.agency["code"]
    agency = Agency.objects.select_for_update().filter(code=code).first()
    new_agency = agency is None
    if agency is None:
        agency = Agency.objects.create(**plan.agency)
    elif not plan.into_existing:
        raise ValidationError(f'ฐานข้อมูลนี้มีหน่วยงานรหัส "{code}" อยู่แล้ว')
    elif found := _year_data(agency, criteria):
        raise ValidationError(f'หน่วยงาน "{code}" มีข้อมูลปี {plan.year} อยู่แล้ว ({", ".join(found)})')

    units = {u.name.casefold(): u for u in agency.units.all()}
    new_units = []
    for name, order in plan.units:
        if name.casefold() not in units:
            units[name.casefold()] = Unit.objects.create(agency=agency, name=name, order=order)
            new_units.append(name)

    def unit_list(names: list[str]) -> list[Unit]:
        return [units[name.casefold()] for name in names]

    indicators = {i.number: i for i in criteria.indicators.all()}
    items = {i.number: i for i in criteria.oit_items.all()}

    if plan.result is not None:
        result = AssessmentResult.objects.create(
            agency=agency, year=criteria, version=1, **plan.result.tools, **plan.result.texts
        )
        IndicatorScore.objects.bulk_create(
            IndicatorScore(result=result, indicator=indicators[n], score=s, suggestion=t)
            for n, s, t in plan.result.indicators
        )
        OITItemScore.objects.bulk_create(
            OITItemScore(result=result, item=items[n], score=s, comment=t)
            for n, s, t in plan.result.oit_items
        )

    for spec in plan.measures:
        measure = Measure(agency=agency, year=criteria, order=spec.order, **spec.values)
        measure._change_reason = HISTORY_REASON
        measure._history_user = acting_user
        measure.save()
        measure.indicators.set([indicators[n] for n in spec.indicators])
        measure.oit_items.set([items[n] for n in spec.oit_items])
        measure.units.set(unit_list(spec.units))
        # One by one, so uploaded_at (auto_now_add) follows the file's order.
        for title, url in spec.evidence_links:
            MeasureEvidence.objects.create(measure=measure, title=title, url=url)

    for spec in plan.rounds:
        progress_round = ProgressRound.objects.create(
            agency=agency, year=criteria, kind=spec.kind, as_of=spec.as_of
        )
        RoundEntry.objects.bulk_create(
            RoundEntry(round=progress_round, **entry) for entry in spec.entries
        )

    for spec in plan.oit_readiness:
        readiness = OITItemReadiness.objects.create(
            agency=agency,
            item=items[spec.item],
            url=spec.url,
            progress=spec.progress,
            note=spec.note,
            responsible_text=spec.responsible_text,
            requirement_text=spec.requirement_text,
        )
        readiness.units.set(unit_list(spec.units))

    for spec in plan.indicator_plans:
        indicator_plan = IndicatorPlan.objects.create(
            agency=agency,
            indicator=indicators[spec.indicator],
            approach=spec.approach,
            period_text=spec.period_text,
            progress=spec.progress,
            note=spec.note,
            responsible_text=spec.responsible_text,
        )
        indicator_plan.units.set(unit_list(spec.units))

    # The agency's own printing choices are never overwritten by a file's.
    preference_restored = (
        plan.report_preference is not None
        and not ReportPreference.objects.filter(agency=agency).exists()
    )
    if preference_restored:
        ReportPreference.objects.create(agency=agency, **plan.report_preference)

    users = {
        user.username: user
        for user in get_user_model().objects.filter(
            username__in=[spec.issued_by for spec in plan.documents]
        )
    }
    restored: dict[tuple[str, int], IssuedDocument] = {}
    for spec in plan.documents:
        values = spec.values
        restored[values["series"], values["number"]] = document_restore(
            agency=agency,
            year=criteria,
            **values,
            issued_by=users.get(spec.issued_by),
            issued_by_name=spec.issued_by,
            supersedes=restored.get((values["series"], spec.supersedes)),
        )

    counts = {
        "measures": len(plan.measures),
        "evidence_links": sum(len(spec.evidence_links) for spec in plan.measures),
        "rounds": len(plan.rounds),
        "oit_readiness": len(plan.oit_readiness),
        "indicator_plans": len(plan.indicator_plans),
        "documents": len(plan.documents),
    }
    for key, section_plan in plan.sections.items():
        counts[key] = SECTIONS[key].write(section_plan, agency, criteria, restored, acting_user)
    audit_record(
        actor=acting_user,
        action=Action.ITA_IMPORT,
        agency=agency,
        obj=agency,
        summary=(
            f"นำเข้าข้อมูลปี {plan.year}"
            + (f" จากไฟล์ {source}" if source else "")
            + (" (หน่วยงานใหม่)" if new_agency else "")
            + f": ผลการประเมิน{'' if plan.result else ' (ไม่มี)'}, "
            f"มาตรการ {counts['measures']} รายการ, รอบรายงาน {counts['rounds']} รอบ, "
            f"ความพร้อมข้อ OIT {counts['oit_readiness']} ข้อ, "
            f"แนวทางยกระดับ {counts['indicator_plans']} ตัวชี้วัด, "
            f"เอกสารที่ออกแล้ว {counts['documents']} ฉบับ"
            + "".join(f", {SECTIONS[k].label} {counts[k]} ฉบับ" for k in plan.sections)
        ),
        after={
            "year": plan.year,
            "source": source,
            "new_agency": new_agency,
            "new_units": new_units,
            "result": plan.result is not None,
            **counts,
            "report_preference": preference_restored,
        },
    )
    return agency
