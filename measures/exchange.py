"""Export and import of an agency-year's measures as CSV or Excel (.xlsx).

The officer downloads the year's measures, edits them in a spreadsheet and uploads the
file back. A row whose ลำดับ is a measure of that agency-year updates it; a row with an
empty or new ลำดับ adds a measure. Measures the file does not mention are left alone.

Parsing checks every row and reports all problems at once, in Thai, with the row
numbers the officer sees in the spreadsheet (the header is row 1); nothing is written
unless the whole file is valid.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import openpyxl
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from assessments.csv_io import CONTROL_CHARACTERS, FORMULA_START, NOT_UTF8
from assessments.csv_io import CsvRowError as RowError
from assessments.models import AssessmentYear, ToolCode
from ita_portal.agencies.models import Agency
from ita_portal.audit.actions import Action
from ita_portal.audit.services import audit_record
from ita_portal.permissions import CHANGE_MEASURE
from ita_portal.thai import arabic_digits, has_control_characters, is_ascii_number
from measures.models import Measure, MeasureStatus
from measures.services import (
    TEXT_FIELDS,
    MeasureInput,
    lock_agency_year,
    write_measure_changes,
    write_new_measure,
)

__all__ = [
    "COLUMNS",
    "ParsedMeasure",
    "RowError",
    "export_csv",
    "export_xlsx",
    "import_measures",
    "measures_rows",
    "parse_measures_file",
]

COLUMNS = (
    "ลำดับ",
    "เครื่องมือ",
    "ตัวชี้วัด",
    "ข้อ OIT",
    "ประเด็นที่ต้องพัฒนา",
    "มาตรการ/แนวทาง",
    "ขั้นตอนหรือวิธีการปฏิบัติ",
    "เริ่ม",
    "สิ้นสุด",
    "ระยะเวลาดำเนินการ",
    "ผู้รับผิดชอบ",
    "ผู้รับผิดชอบเพิ่มเติม",
    "การกำกับติดตาม",
    "สถานะ",
    "สรุปผลการดำเนินการ",
    "ผลลัพธ์หรือความสำเร็จ",
    "ปัญหาอุปสรรค",
    "ข้อเสนอแนะ",
)
(
    COL_ORDER,
    COL_TOOL,
    COL_INDICATORS,
    COL_OIT,
    _COL_WEAKNESS,
    COL_TITLE,
    _COL_STEPS,
    COL_START,
    COL_END,
    _COL_PERIOD,
    COL_UNITS,
    _COL_RESPONSIBLE,
    _COL_MONITORING,
    COL_STATUS,
    *_,
) = COLUMNS

# Free-text columns and the Measure field each fills.
TEXT_COLUMNS = {
    "ประเด็นที่ต้องพัฒนา": "weakness",
    "มาตรการ/แนวทาง": "title",
    "ขั้นตอนหรือวิธีการปฏิบัติ": "steps",
    "ระยะเวลาดำเนินการ": "period_text",
    "ผู้รับผิดชอบเพิ่มเติม": "responsible_text",
    "การกำกับติดตาม": "monitoring",
    "สรุปผลการดำเนินการ": "summary",
    "ผลลัพธ์หรือความสำเร็จ": "outcome",
    "ปัญหาอุปสรรค": "problems",
    "ข้อเสนอแนะ": "suggestions",
}
# Measure field → column, for the messages of the model's own validation.
FIELD_COLUMNS = {
    **{name: column for column, name in TEXT_COLUMNS.items()},
    "tool": COL_TOOL,
    "period_start": COL_START,
    "period_end": COL_END,
    "status": COL_STATUS,
    "indicators": COL_INDICATORS,
    "oit_items": COL_OIT,
    "units": COL_UNITS,
}
# Excel column widths (characters), by column.
WIDTHS = {
    COL_ORDER: 7,
    COL_TOOL: 10,
    COL_INDICATORS: 11,
    COL_OIT: 12,
    COL_START: 12,
    COL_END: 12,
    COL_STATUS: 22,
}
DEFAULT_WIDTH = 36
SHEET_TITLE = "มาตรการ"
MAX_ROWS = 1000

WRONG_HEADER = (
    "แถวแรกต้องเป็นหัวตาราง {expected} ตามลำดับ กรุณาใช้ไฟล์ที่ส่งออกจากระบบเป็นแม่แบบ "
    "และอย่าแก้ไขหรือลบแถวหัวตาราง"
)
WRONG_EXTENSION = "รองรับเฉพาะไฟล์ .csv หรือ .xlsx"
NOT_CSV = "อ่านไฟล์ CSV ไม่ได้ กรุณาใช้ไฟล์ที่ส่งออกจากระบบเป็นแม่แบบ"
NOT_XLSX = "อ่านไฟล์ Excel ไม่ได้ กรุณาบันทึกเป็นชนิด Excel Workbook (*.xlsx) หรือใช้ไฟล์ที่ส่งออกจากระบบเป็นแม่แบบ"
NO_ROWS = "ไม่พบมาตรการในไฟล์ กรุณากรอกอย่างน้อยหนึ่งแถวใต้หัวตาราง"
TOO_MANY_ROWS = f"ไฟล์มีมาตรการเกิน {MAX_ROWS} แถว กรุณาแบ่งนำเข้าทีละส่วน"
XLSX_ROW_LIMIT = 10 * MAX_ROWS
TOO_MANY_SHEET_ROWS = (
    f"แผ่นงานมีเกิน {XLSX_ROW_LIMIT} แถว (รวมแถวว่าง) กรุณาลบแถวว่างท้ายตาราง "
    "หรือคัดลอกเฉพาะตารางมาตรการไปไว้ในไฟล์ใหม่"
)
TITLE_REQUIRED = "กรุณากรอกมาตรการ/แนวทาง"
END_BEFORE_START = "วันสิ้นสุดต้องไม่ก่อนวันเริ่มดำเนินการ"

DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")
OIT_CODE = re.compile(r"O?([0-9]+)", re.IGNORECASE)
SEPARATORS = re.compile(r"[,\s]+")
NEWLINES = re.compile(r"\r\n?")


@dataclass(frozen=True)
class ParsedMeasure:
    """One valid row: the measure it updates (order) or None for a new one, and its data."""

    row: int
    order: int | None
    data: MeasureInput


# --- export -------------------------------------------------------------------------


def measures_rows(measures: Iterable[Measure]) -> list[list[str]]:
    """One list of cell texts per measure, in COLUMNS order (no header).

    Texts are exactly as stored except that line breaks become "\\n"; formula
    neutralising is the writer's business (see export_csv / export_xlsx).
    """
    rows = []
    for m in measures:
        texts = {column: _newlines(getattr(m, name)) for column, name in TEXT_COLUMNS.items()}
        cells = {
            COL_ORDER: str(m.order),
            COL_TOOL: m.tool,
            COL_INDICATORS: ", ".join(str(n) for n in sorted(i.number for i in m.indicators.all())),
            COL_OIT: ", ".join(f"O{n}" for n in sorted(o.number for o in m.oit_items.all())),
            COL_START: m.period_start.isoformat() if m.period_start else "",
            COL_END: m.period_end.isoformat() if m.period_end else "",
            COL_UNITS: ", ".join(
                u.name for u in sorted(m.units.all(), key=lambda u: (u.order, u.name))
            ),
            COL_STATUS: MeasureStatus(m.status).label,
            **texts,
        }
        rows.append([cells[column] for column in COLUMNS])
    return rows


def export_csv(measures: Iterable[Measure]) -> str:
    """The measures as CSV text with a header row (the view adds the UTF-8 BOM for Excel).

    A cell Excel would run as a formula ("=…", "- ข้อความ") gets a leading apostrophe,
    which the import removes again.
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows([_neutralise(cell) for cell in row] for row in measures_rows(measures))
    return out.getvalue()


def export_xlsx(measures: Iterable[Measure]) -> bytes:
    """The measures as an Excel workbook: one sheet, bold frozen header, wrapped text.

    Every cell is written as text, so "=…" stays text and never becomes a formula.
    """
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    for col, title in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=col, value=title)
        cell.font = bold
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[get_column_letter(col)].width = WIDTHS.get(title, DEFAULT_WIDTH)
    for row_no, row in enumerate(measures_rows(measures), start=2):
        for col, text in enumerate(row, start=1):
            cell = sheet.cell(row=row_no, column=col, value=ILLEGAL_CHARACTERS_RE.sub("", text))
            cell.data_type = "s"  # openpyxl would store "=…" as a formula
            cell.alignment = wrap
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}1"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- import -------------------------------------------------------------------------


def parse_measures_file(
    agency: Agency, year: AssessmentYear, filename: str, raw: bytes
) -> tuple[list[ParsedMeasure] | None, list[RowError]]:
    """Read an uploaded .csv or .xlsx; (rows, []) when every row is valid, else (None, errors)."""
    extension = filename.lower().rpartition(".")[2]
    if extension == "csv":
        rows, problem = _csv_rows(raw)
    elif extension == "xlsx":
        rows, problem = _xlsx_rows(raw)
    else:
        return None, [RowError(0, "", WRONG_EXTENSION)]
    if problem:
        return None, [RowError(0, "", problem)]
    if not rows or [c.strip() for c in rows[0][: len(COLUMNS)]] != list(COLUMNS):
        return None, [RowError(1, "", WRONG_HEADER.format(expected=", ".join(COLUMNS)))]

    body = [(row_no, cells) for row_no, cells in enumerate(rows[1:], start=2) if any(cells)]
    if not body:
        return None, [RowError(0, "", NO_ROWS)]
    if len(body) > MAX_ROWS:
        return None, [RowError(0, "", TOO_MANY_ROWS)]

    lookup = _Lookup(agency, year)
    errors: list[RowError] = []
    parsed: list[ParsedMeasure] = []
    row_of_order: dict[int, int] = {}
    for row_no, cells in body:
        values = dict(zip(COLUMNS, [*cells, *[""] * len(COLUMNS)], strict=False))
        row_errors = _RowErrors(row_no)
        problem = row_errors.add
        bad = [column for column in COLUMNS if has_control_characters(values[column])]
        if bad:
            for column in bad:
                problem(column, CONTROL_CHARACTERS)
            errors.extend(row_errors.errors)
            continue
        # One rule for numbers: Thai digits (๐–๙) are read as 0–9.
        for column in (COL_ORDER, COL_INDICATORS, COL_OIT, COL_START, COL_END):
            values[column] = arabic_digits(values[column])
        order = _order(values[COL_ORDER].strip(), problem)
        if order is not None:
            if order in row_of_order:
                problem(COL_ORDER, f"ลำดับ {order} ซ้ำกับแถวที่ {row_of_order[order]}")
            else:
                row_of_order[order] = row_no
        texts = {
            name: _import_text(_newlines(values[column]).strip())
            for column, name in TEXT_COLUMNS.items()
        }
        if not texts["title"]:
            problem(COL_TITLE, TITLE_REQUIRED)
        start = _date(values[COL_START].strip(), COL_START, problem)
        end = _date(values[COL_END].strip(), COL_END, problem)
        if start and end and end < start:
            problem(COL_END, END_BEFORE_START)
        data = MeasureInput(
            values={
                **texts,
                "tool": lookup.tool(values[COL_TOOL].strip(), problem),
                "period_start": start,
                "period_end": end,
                "status": lookup.status(values[COL_STATUS].strip(), problem),
            },
            indicators=lookup.indicators(values[COL_INDICATORS], problem),
            oit_items=lookup.oit_items(values[COL_OIT], problem),
            units=lookup.units(values[COL_UNITS], problem),
        )
        if not row_errors.errors:
            # Final guard: the model's own checks (lengths …), so a parsed row always saves.
            for column, message in _model_errors(data):
                problem(column, message)
        errors.extend(row_errors.errors)
        parsed.append(ParsedMeasure(row=row_no, order=order, data=data))
    return (None, errors) if errors else (parsed, [])


@transaction.atomic
def import_measures(
    agency: Agency, year: AssessmentYear, parsed: list[ParsedMeasure], *, acting_user
) -> tuple[int, int]:
    """Save parsed rows in one transaction; (created, updated). Any error saves nothing.

    A row whose order is a measure of the agency-year updates it; the other rows become
    new measures numbered after the last one, those with an order in that order first,
    then those without one in file order. The whole import is one audit event.
    """
    if not acting_user.has_perm(CHANGE_MEASURE, agency):
        raise PermissionDenied("คุณไม่มีสิทธิ์แก้ไขมาตรการของหน่วยงานนี้")
    existing = {m.order: m for m in lock_agency_year(agency.pk, year)}
    updated = []
    new_rows = []
    for row in parsed:
        measure = existing.get(row.order) if row.order is not None else None
        if measure is None:
            new_rows.append(row)
            continue
        measure.agency, measure.year = agency, year  # the rows locked above, not joined
        write_measure_changes(measure, row.data, acting_user)
        updated.append(measure.order)
    new_rows.sort(key=lambda r: (r.order is None, r.order or 0, r.row))
    created = [write_new_measure(agency, year, row.data, acting_user) for row in new_rows]
    audit_record(
        actor=acting_user,
        action=Action.MEASURE_IMPORT,
        agency=agency,
        summary=f"นำเข้ามาตรการปี {year.year}: เพิ่มใหม่ {len(created)} รายการ "
        f"ปรับปรุง {len(updated)} รายการ",
        after={
            "year": year.year,
            "created": [m.order for m in created],
            "updated": updated,
        },
    )
    return len(created), len(updated)


# --- helpers ------------------------------------------------------------------------


@dataclass
class _RowErrors:
    row: int
    errors: list[RowError] = field(default_factory=list)

    def add(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.row, column, message))


class _Lookup:
    """What a file may name for one agency-year: tools, statuses, indicators, items, units."""

    def __init__(self, agency: Agency, year: AssessmentYear):
        self.year = year
        self.indicator_by_number = {i.number: i for i in year.indicators.all()}
        self.item_by_number = {o.number: o for o in year.oit_items.all()}
        self.unit_by_name = {u.name.strip().casefold(): u for u in agency.units.all()}
        self.unit_names = [u.name for u in agency.units.all()]

    def tool(self, text: str, problem) -> str:
        if not text:
            return ""
        for code, label in ToolCode.choices:
            if text.upper() == code or text == label:
                return code
        problem(COL_TOOL, f'ไม่รู้จักเครื่องมือ "{text}" ใช้ได้เฉพาะ IIT, EIT หรือ OIT หรือเว้นว่าง')
        return ""

    def status(self, text: str, problem) -> str:
        if not text:
            return MeasureStatus.NOT_STARTED
        for value, label in MeasureStatus.choices:
            if text in (label, value):
                return value
        allowed = ", ".join(MeasureStatus.labels)
        problem(COL_STATUS, f'ไม่รู้จักสถานะ "{text}" ใช้ได้เฉพาะ {allowed}')
        return MeasureStatus.NOT_STARTED

    def indicators(self, text: str, problem) -> list:
        found = []
        for token in _tokens(text):
            if not is_ascii_number(token):
                problem(
                    COL_INDICATORS,
                    f'ตัวชี้วัดต้องเป็นเลขตัวชี้วัดคั่นด้วยจุลภาค เช่น 9, 10 (ได้รับ "{token}")',
                )
            elif _small(token) not in self.indicator_by_number:
                shown = _small(token) if len(token) <= 9 else token[:12]
                problem(COL_INDICATORS, f"ไม่มีตัวชี้วัดที่ {shown} ในเกณฑ์ปี {self.year.year}")
            elif self.indicator_by_number[int(token)] not in found:
                found.append(self.indicator_by_number[int(token)])
        return found

    def oit_items(self, text: str, problem) -> list:
        found = []
        for token in _tokens(text):
            match = OIT_CODE.fullmatch(token)
            if not match:
                problem(
                    COL_OIT,
                    f'ข้อ OIT ต้องเป็น O ตามด้วยเลขข้อ คั่นด้วยจุลภาค เช่น O42, O43 (ได้รับ "{token}")',
                )
            elif _small(match[1]) not in self.item_by_number:
                shown = _small(match[1]) if len(match[1]) <= 9 else match[1][:12]
                problem(COL_OIT, f"ไม่มีข้อ O{shown} ในเกณฑ์ปี {self.year.year}")
            elif self.item_by_number[int(match[1])] not in found:
                found.append(self.item_by_number[int(match[1])])
        return found

    def units(self, text: str, problem) -> list:
        found = []
        for name in (n.strip() for n in text.split(",")):
            if not name:
                continue
            unit = self.unit_by_name.get(name.casefold())
            if unit is None:
                allowed = ", ".join(self.unit_names) or "-"
                problem(
                    COL_UNITS,
                    f'ไม่พบส่วนราชการ "{name}" ในหน่วยงานนี้ ส่วนราชการที่มี: {allowed} '
                    "(คั่นหลายส่วนราชการด้วยจุลภาค หรือพิมพ์ข้อความอื่นในคอลัมน์ "
                    "ผู้รับผิดชอบเพิ่มเติม)",
                )
            elif unit not in found:
                found.append(unit)
        return found


def _order(text: str, problem) -> int | None:
    if not text:
        return None
    if not is_ascii_number(text) or _small(text) < 1:
        problem(
            COL_ORDER,
            f'ลำดับต้องเป็นจำนวนเต็มตั้งแต่ 1 ขึ้นไป หรือเว้นว่างสำหรับมาตรการใหม่ (ได้รับ "{text}")',
        )
        return None
    if _small(text) > 32767:
        problem(COL_ORDER, "ลำดับต้องไม่เกิน 32767")
        return None
    return int(text)


def _small(digits: str) -> int:
    """ASCII digits as a number; a run of more than 9 is only "too large" (int() of
    thousands of digits raises ValueError)."""
    return int(digits) if len(digits) <= 9 else 10**9


def _date(text: str, column: str, problem) -> datetime.date | None:
    if not text:
        return None
    example = "เช่น 2024-10-01"
    if not DATE.fullmatch(text):
        problem(column, f'วันที่ต้องอยู่ในรูปแบบ ปปปป-ดด-วว (ปี ค.ศ.) {example} (ได้รับ "{text}")')
        return None
    year, month, day = (int(part) for part in text.split("-"))
    if year > 2400:
        problem(column, f'ปีของวันที่ต้องเป็นคริสต์ศักราช (ค.ศ.) {example} (ได้รับ "{text}")')
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        problem(column, f'ไม่มีวันที่ "{text}" ในปฏิทิน')
        return None


def _model_errors(data: MeasureInput) -> list[tuple[str, str]]:
    """(column, message) for what Measure.full_clean refuses, as the services would."""
    measure = Measure(order=1, **{k: v for k, v in data.values.items() if k in TEXT_FIELDS})
    try:
        measure.full_clean(exclude=["agency", "year", "order"], validate_unique=False)
    except ValidationError as invalid:
        return [
            (FIELD_COLUMNS.get(name, ""), message)
            for name, messages in invalid.message_dict.items()
            for message in messages
        ]
    return []


def _csv_rows(raw: bytes) -> tuple[list[list[str]], str | None]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], NOT_UTF8
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        return [], NOT_CSV
    return rows, None


def _xlsx_rows(raw: bytes) -> tuple[list[list[str]], str | None]:
    # openpyxl raises many kinds of error on a damaged or foreign file; any of them
    # means the same to the officer, so they are caught broadly.
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:
        return [], NOT_XLSX
    try:
        sheet = (
            workbook[SHEET_TITLE] if SHEET_TITLE in workbook.sheetnames else workbook.worksheets[0]
        )
        rows = []
        # A sheet's rows are read up to a bound, so a small file cannot expand into
        # millions of (empty) rows.
        for row in sheet.iter_rows(max_col=len(COLUMNS), values_only=True):
            if len(rows) > XLSX_ROW_LIMIT:
                return [], TOO_MANY_SHEET_ROWS
            rows.append([_cell_text(v) for v in row])
    except Exception:
        return [], NOT_XLSX
    finally:
        workbook.close()
    return rows, None


def _cell_text(value) -> str:
    """An Excel cell's value as the text a CSV cell would have."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _tokens(text: str) -> list[str]:
    return [t for t in SEPARATORS.split(text.strip()) if t]


def _newlines(text: str) -> str:
    return NEWLINES.sub("\n", text)


def _neutralise(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_START) else text


def _import_text(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text
