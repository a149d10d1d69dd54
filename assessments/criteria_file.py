"""One year's criteria as a file (JSON or XLSX), and back: the format of docs/criteria-file.md.

Reading a file only parses and validates it into ``CriteriaData``; writing it into the
database is ``assessments.services.criteria_import``. Every problem is collected as a Thai
message naming where it is (section or sheet, row), so one upload shows them all.
"""

import io
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from assessments.models import (
    AssessmentYear,
    GradeBand,
    Indicator,
    OITItem,
    OITScoring,
    RatingBand,
    SubIndicator,
    Tool,
    ToolCode,
)
from ita_portal.thai import arabic_digits, has_control_characters, is_ascii_number

FORMAT = "ita-portal-criteria"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 500  # per section: far above any real year (43 items), far below a hostile file

# Section key → (sheet title, [(field, column heading)]), in the order they are written.
YEAR_FIELDS = [
    ("year", "ปีงบประมาณ (พ.ศ.)"),
    ("pass_mark", "คะแนนผ่านเกณฑ์"),
    ("oit_scoring", "การให้คะแนนข้อ OIT"),
    ("eit_has_parts", "EIT แบ่งเป็นสองส่วน"),
    ("source_note", "แหล่งที่มาและข้อควรตรวจสอบ"),
]
YEAR_SHEET = "ปีการประเมิน"
SECTIONS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "tools": (
        "เครื่องมือ",
        [("code", "เครื่องมือ"), ("name", "ชื่อเต็ม"), ("weight", "น้ำหนัก (ร้อยละ)")],
    ),
    "indicators": (
        "ตัวชี้วัด",
        [
            ("number", "ตัวชี้วัดที่"),
            ("tool", "เครื่องมือ"),
            ("name", "ชื่อตัวชี้วัด"),
            ("name_en", "ชื่อภาษาอังกฤษ"),
        ],
    ),
    "sub_indicators": (
        "ตัวชี้วัดย่อย",
        [("indicator", "ตัวชี้วัดที่"), ("code", "ตัวชี้วัดย่อย"), ("name", "ชื่อตัวชี้วัดย่อย")],
    ),
    "oit_items": (
        "ข้อ OIT",
        [
            ("number", "ข้อที่"),
            ("sub_indicator", "ตัวชี้วัดย่อย"),
            ("group", "หัวข้อย่อย"),
            ("title", "ข้อมูล"),
            ("requirement", "องค์ประกอบด้านข้อมูล"),
        ],
    ),
    "grade_bands": (
        "ระดับผลการประเมิน",
        [("grade", "ระดับ"), ("min_score", "คะแนนตั้งแต่"), ("max_score", "ถึง")],
    ),
    "rating_bands": (
        "ผลเชิงคุณภาพ",
        [
            ("order", "ลำดับการพิจารณา"),
            ("label", "ผลการประเมินเชิงคุณภาพ"),
            ("min_total", "คะแนนรวมขั้นต่ำ"),
            ("min_each_tool", "คะแนนขั้นต่ำของทุกเครื่องมือ"),
        ],
    ),
}
SECTION_LABELS = {key: sheet for key, (sheet, _columns) in SECTIONS.items()}
TRUE_WORDS = {"true", "1", "ใช่", "yes"}
FALSE_WORDS = {"false", "0", "ไม่ใช่", "ไม่", "no", ""}

NOT_A_CRITERIA_FILE = (
    "ไฟล์นี้ไม่ใช่ไฟล์เกณฑ์การประเมินของ ITA Portal (ต้องเป็น .json หรือ .xlsx "
    "ที่ส่งออกจากระบบหรือทำตามรูปแบบใน docs/criteria-file.md)"
)
TOO_LARGE = "ไฟล์ใหญ่เกิน 2 MB ไม่น่าจะเป็นไฟล์เกณฑ์การประเมินของปีเดียว"


@dataclass
class CriteriaData:
    """A year's criteria, typed and checked, keyed by the year's own numbers and codes."""

    year: int
    pass_mark: Decimal
    oit_scoring: str
    eit_has_parts: bool
    source_note: str
    tools: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    sub_indicators: list[dict] = field(default_factory=list)
    oit_items: list[dict] = field(default_factory=list)
    grade_bands: list[dict] = field(default_factory=list)
    rating_bands: list[dict] = field(default_factory=list)


class CriteriaFileError(Exception):
    """The file cannot be imported; ``messages`` are Thai, one per problem."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


# --- from the database --------------------------------------------------------------


def criteria_data(year: AssessmentYear) -> CriteriaData:
    """Everything of a year that a file (or a copy) carries; six queries."""
    return CriteriaData(
        year=year.year,
        pass_mark=year.pass_mark,
        oit_scoring=year.oit_scoring,
        eit_has_parts=year.eit_has_parts,
        source_note=year.source_note,
        tools=[
            {"code": t.code, "name": t.name, "weight": t.weight}
            for t in Tool.objects.filter(year=year)
        ],
        indicators=[
            {"number": i.number, "tool": i.tool.code, "name": i.name, "name_en": i.name_en}
            for i in Indicator.objects.filter(year=year).select_related("tool")
        ],
        sub_indicators=[
            {"indicator": s.indicator.number, "code": s.code, "name": s.name}
            for s in SubIndicator.objects.filter(indicator__year=year)
            .select_related("indicator")
            .order_by("indicator__number", "code")
        ],
        oit_items=[
            {
                "number": o.number,
                "sub_indicator": o.sub_indicator.code,
                "group": o.group,
                "title": o.title,
                "requirement": o.requirement,
            }
            for o in OITItem.objects.filter(year=year).select_related("sub_indicator")
        ],
        grade_bands=[
            {"grade": g.grade, "min_score": g.min_score, "max_score": g.max_score}
            for g in GradeBand.objects.filter(year=year)
        ],
        rating_bands=[
            {
                "order": r.order,
                "label": r.label,
                "min_total": r.min_total,
                "min_each_tool": r.min_each_tool,
            }
            for r in RatingBand.objects.filter(year=year)
        ],
    )


def _plain(value):
    return str(value) if isinstance(value, Decimal) else value


def export_json(data: CriteriaData) -> bytes:
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "year": {name: _plain(getattr(data, name)) for name, _heading in YEAR_FIELDS},
    }
    for key in SECTIONS:
        document[key] = [
            {name: _plain(value) for name, value in row.items()} for row in getattr(data, key)
        ]
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def export_xlsx(data: CriteriaData) -> bytes:
    """One sheet per section; every cell written as text, so nothing becomes a formula."""
    workbook = openpyxl.Workbook()
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")

    def put(sheet, row: int, col: int, value, header: bool = False) -> None:
        text = "" if value is None else str(_plain(value))
        if isinstance(value, bool):
            text = "ใช่" if value else "ไม่ใช่"
        cell = sheet.cell(row=row, column=col, value=ILLEGAL_CHARACTERS_RE.sub("", text))
        cell.data_type = "s"
        cell.alignment = wrap
        if header:
            cell.font = bold
            cell.fill = fill

    sheet = workbook.active
    sheet.title = YEAR_SHEET
    put(sheet, 1, 1, "ช่อง", header=True)
    put(sheet, 1, 2, "ค่า", header=True)
    put(sheet, 1, 3, "รูปแบบไฟล์", header=True)
    put(sheet, 2, 3, f"{FORMAT} {FORMAT_VERSION}")
    for row, (name, heading) in enumerate(YEAR_FIELDS, start=2):
        put(sheet, row, 1, heading)
        put(sheet, row, 2, getattr(data, name))
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = 80
    sheet.column_dimensions["C"].width = 24
    for key, (title, columns) in SECTIONS.items():
        sheet = workbook.create_sheet(title)
        for col, (_name, heading) in enumerate(columns, start=1):
            put(sheet, 1, col, heading, header=True)
            width = 60 if _name in {"title", "requirement", "name"} else 16
            sheet.column_dimensions[get_column_letter(col)].width = width
        for row, record in enumerate(getattr(data, key), start=2):
            for col, (name, _heading) in enumerate(columns, start=1):
                put(sheet, row, col, record[name])
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- from a file --------------------------------------------------------------------


def parse_criteria_file(raw: bytes, filename: str) -> CriteriaData:
    """The file's criteria, checked field by field; raises CriteriaFileError with every
    problem found. Whether the year may be written is the import service's question."""
    if len(raw) > MAX_FILE_BYTES:
        raise CriteriaFileError([TOO_LARGE])
    name = filename.lower()
    if name.endswith(".json"):
        sections = _json_sections(raw)
    elif name.endswith(".xlsx"):
        sections = _xlsx_sections(raw)
    else:
        raise CriteriaFileError([NOT_A_CRITERIA_FILE])
    return _checked(sections)


# A section is a list of (where, record): where names the place in the file for messages.
Sections = dict[str, list[tuple[str, dict]]]


def _json_sections(raw: bytes) -> Sections:
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise CriteriaFileError([NOT_A_CRITERIA_FILE]) from error
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise CriteriaFileError([NOT_A_CRITERIA_FILE])
    if document.get("format_version") != FORMAT_VERSION:
        raise CriteriaFileError(
            [f"ไฟล์รูปแบบรุ่น {document.get('format_version')} ระบบอ่านได้เฉพาะรุ่น {FORMAT_VERSION}"]
        )
    year = document.get("year")
    if not isinstance(year, dict):
        raise CriteriaFileError(['ไม่พบข้อมูลปี (ช่อง "year") ในไฟล์'])
    sections: Sections = {"year": [("ข้อมูลปี", year)]}
    for key, (label, _columns) in SECTIONS.items():
        rows = document.get(key)
        if not isinstance(rows, list):
            raise CriteriaFileError([f'ไม่พบรายการ{label} (ช่อง "{key}") ในไฟล์'])
        if len(rows) > MAX_ROWS:
            raise CriteriaFileError([f"{label}มีเกิน {MAX_ROWS} รายการ"])
        sections[key] = [(f"{label} รายการที่ {n}", row) for n, row in enumerate(rows, start=1)]
    return sections


def _xlsx_sections(raw: bytes) -> Sections:
    # openpyxl raises many kinds of error on a damaged or foreign file; all mean the same.
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:
        raise CriteriaFileError([NOT_A_CRITERIA_FILE]) from error
    try:
        return _workbook_sections(workbook)
    finally:
        workbook.close()


def _sheet_rows(sheet, width: int) -> list[list[str]]:
    rows = []
    for row in sheet.iter_rows(max_col=width, values_only=True):
        if len(rows) > MAX_ROWS:
            raise CriteriaFileError([f"แผ่นงาน “{sheet.title}” มีเกิน {MAX_ROWS} แถว"])
        rows.append(["" if v is None else _cell_text(v) for v in row])
    return rows


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _workbook_sections(workbook) -> Sections:
    if YEAR_SHEET not in workbook.sheetnames:
        raise CriteriaFileError([NOT_A_CRITERIA_FILE])
    headings = {heading: name for name, heading in YEAR_FIELDS}
    year: dict = {}
    for row in _sheet_rows(workbook[YEAR_SHEET], 2)[1:]:
        if len(row) >= 2 and row[0].strip() in headings:
            year[headings[row[0].strip()]] = row[1]
    sections: Sections = {"year": [(f"แผ่นงาน “{YEAR_SHEET}”", year)]}
    problems = []
    for key, (title, columns) in SECTIONS.items():
        if title not in workbook.sheetnames:
            problems.append(f"ไม่พบแผ่นงาน “{title}”")
            continue
        rows = _sheet_rows(workbook[title], 20)
        header = [cell.strip() for cell in rows[0]] if rows else []
        positions = {}
        for name, heading in columns:
            if heading in header:
                positions[name] = header.index(heading)
            else:
                problems.append(f"แผ่นงาน “{title}” ไม่มีคอลัมน์ “{heading}”")
        if len(positions) < len(columns):
            continue
        records = []
        for number, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue
            record = {name: row[pos] if pos < len(row) else "" for name, pos in positions.items()}
            records.append((f"แผ่นงาน “{title}” แถวที่ {number}", record))
        sections[key] = records
    if problems:
        raise CriteriaFileError(problems)
    return sections


class _Checker:
    """Typed values out of raw ones, collecting a Thai message per bad value."""

    def __init__(self):
        self.problems: list[str] = []

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def text(self, where, record, name, label, *, max_length, required=True) -> str:
        if name not in record:
            self.problem(where, f"ไม่มีช่อง{label}")
            return ""
        value = record[name]
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.problem(where, f"{label} ต้องเป็นข้อความ")
            return ""
        value = value.strip().replace("\r\n", "\n")
        if has_control_characters(value):
            self.problem(where, f"{label} มีอักขระควบคุม (เช่น NUL) ที่ไม่ใช่ข้อความ")
            return ""
        if required and not value:
            self.problem(where, f"ไม่มี{label}")
        if max_length and len(value) > max_length:
            self.problem(where, f"{label} ยาวเกิน {max_length} ตัวอักษร")
        return value

    def integer(self, where, record, name, label, *, low, high, prefix="") -> int | None:
        value = record.get(name)
        if isinstance(value, bool):
            value = None
        text = arabic_digits(str(value).strip()) if value is not None else ""
        if prefix and text[:1].upper() == prefix:
            text = text[1:]
        if not is_ascii_number(text) or len(text) > 6 or not low <= int(text) <= high:
            self.problem(where, f"{label} ต้องเป็นจำนวนเต็ม {low}–{high} (ได้ “{value or ''}”)")
            return None
        return int(text)

    def score(self, where, record, name, label, *, required=True) -> Decimal | None:
        value = record.get(name)
        text = arabic_digits(str(value).strip()) if value is not None else ""
        if not text and not required:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or not 0 <= number <= 100:
            self.problem(where, f"{label} ต้องเป็นตัวเลข 0–100 (ได้ “{value or ''}”)")
            return None
        if number != number.quantize(Decimal("0.01")):
            self.problem(where, f"{label} มีทศนิยมได้ไม่เกิน 2 ตำแหน่ง")
            return None
        return number.quantize(Decimal("0.01"))


def _max(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def _checked(sections: Sections) -> CriteriaData:
    check = _Checker()
    where, year = sections["year"][0]
    year_number = check.integer(where, year, "year", "ปีงบประมาณ (พ.ศ.)", low=2550, high=2700)
    pass_mark = check.score(where, year, "pass_mark", "คะแนนผ่านเกณฑ์")
    scoring = str(year.get("oit_scoring", "")).strip()
    if scoring not in OITScoring.values:
        check.problem(
            where, f"การให้คะแนนข้อ OIT ต้องเป็น {' หรือ '.join(OITScoring.values)} (ได้ “{scoring}”)"
        )
    parts = year.get("eit_has_parts")
    if isinstance(parts, bool):
        eit_has_parts = parts
    elif str(parts).strip().lower() in TRUE_WORDS | FALSE_WORDS and parts is not None:
        eit_has_parts = str(parts).strip().lower() in TRUE_WORDS
    else:
        eit_has_parts = False
        check.problem(where, f"EIT แบ่งเป็นสองส่วน ต้องเป็น ใช่ หรือ ไม่ใช่ (ได้ “{parts}”)")
    source_note = check.text(
        where, year, "source_note", "แหล่งที่มาและข้อควรตรวจสอบ", max_length=0, required=False
    )

    tools = []
    codes = set()
    for where, row in sections["tools"]:
        code = check.text(where, row, "code", "รหัสเครื่องมือ", max_length=3)
        if code and code not in ToolCode.values:
            check.problem(where, f"ไม่รู้จักเครื่องมือ “{code}” (ใช้ได้ {', '.join(ToolCode.values)})")
        elif code in codes:
            check.problem(where, f"เครื่องมือ {code} ซ้ำกัน")
        codes.add(code)
        tools.append({
            "code": code,
            "name": check.text(
                where, row, "name", "ชื่อเต็มของเครื่องมือ", max_length=_max(Tool, "name")
            ),
            "weight": check.score(where, row, "weight", "น้ำหนัก"),
        })

    indicators = []
    indicator_numbers = set()
    for where, row in sections["indicators"]:
        number = check.integer(where, row, "number", "ลำดับตัวชี้วัด", low=1, high=10)
        if number is not None and number in indicator_numbers:
            check.problem(where, f"ตัวชี้วัดที่ {number} ซ้ำกัน")
        indicator_numbers.add(number)
        tool = check.text(where, row, "tool", "เครื่องมือของตัวชี้วัด", max_length=3)
        if tool and tool not in codes:
            check.problem(where, f"ตัวชี้วัดอ้างถึงเครื่องมือ “{tool}” ซึ่งไม่มีในแผ่น/รายการเครื่องมือ")
        indicators.append({
            "number": number,
            "tool": tool,
            "name": check.text(where, row, "name", "ชื่อตัวชี้วัด", max_length=_max(Indicator, "name")),
            "name_en": check.text(
                where, row, "name_en", "ชื่อภาษาอังกฤษ",
                max_length=_max(Indicator, "name_en"), required=False,
            ),
        })

    subs = []
    sub_codes = set()
    for where, row in sections["sub_indicators"]:
        indicator = check.integer(where, row, "indicator", "ตัวชี้วัดที่", low=1, high=10)
        code = check.text(where, row, "code", "รหัสตัวชี้วัดย่อย", max_length=_max(SubIndicator, "code"))
        if indicator is not None and indicator not in indicator_numbers:
            check.problem(where, f"ตัวชี้วัดย่อย {code} อ้างถึงตัวชี้วัดที่ {indicator} ซึ่งไม่มีในไฟล์")
        elif indicator is not None and code and not code.startswith(f"{indicator}."):
            check.problem(where, f"รหัสตัวชี้วัดย่อย {code} ต้องขึ้นต้นด้วย {indicator}.")
        if code and code in sub_codes:
            check.problem(where, f"ตัวชี้วัดย่อย {code} ซ้ำกัน")
        sub_codes.add(code)
        subs.append({
            "indicator": indicator,
            "code": code,
            "name": check.text(
                where, row, "name", "ชื่อตัวชี้วัดย่อย", max_length=_max(SubIndicator, "name")
            ),
        })

    items = []
    item_numbers = set()
    for where, row in sections["oit_items"]:
        number = check.integer(where, row, "number", "ลำดับข้อ OIT", low=1, high=999, prefix="O")
        if number is not None and number in item_numbers:
            check.problem(where, f"ข้อ O{number} ซ้ำกัน")
        item_numbers.add(number)
        sub = check.text(where, row, "sub_indicator", "ตัวชี้วัดย่อยของข้อ", max_length=10)
        if sub and sub not in sub_codes:
            check.problem(where, f"ข้ออ้างถึงตัวชี้วัดย่อย “{sub}” ซึ่งไม่มีในไฟล์")
        items.append({
            "number": number,
            "sub_indicator": sub,
            "group": check.text(
                where, row, "group", "หัวข้อย่อย", max_length=_max(OITItem, "group"), required=False
            ),
            "title": check.text(
                where, row, "title", "ชื่อข้อมูลของข้อ", max_length=_max(OITItem, "title")
            ),
            "requirement": check.text(
                where, row, "requirement", "องค์ประกอบด้านข้อมูล", max_length=0, required=False
            ),
        })

    grades = []
    grade_names = set()
    for where, row in sections["grade_bands"]:
        grade = check.text(where, row, "grade", "ระดับ", max_length=_max(GradeBand, "grade"))
        if grade and grade in grade_names:
            check.problem(where, f"ระดับ {grade} ซ้ำกัน")
        grade_names.add(grade)
        low = check.score(where, row, "min_score", "คะแนนตั้งแต่")
        high = check.score(where, row, "max_score", "คะแนนถึง")
        if low is not None and high is not None and low > high:
            check.problem(where, f"ระดับ {grade}: คะแนนเริ่มต้นมากกว่าคะแนนสิ้นสุด")
        grades.append({"grade": grade, "min_score": low, "max_score": high})

    ratings = []
    orders = set()
    for where, row in sections["rating_bands"]:
        order = check.integer(where, row, "order", "ลำดับการพิจารณา", low=1, high=99)
        if order is not None and order in orders:
            check.problem(where, f"ลำดับการพิจารณา {order} ซ้ำกัน")
        orders.add(order)
        ratings.append({
            "order": order,
            "label": check.text(
                where, row, "label", "ผลการประเมินเชิงคุณภาพ", max_length=_max(RatingBand, "label")
            ),
            "min_total": check.score(where, row, "min_total", "คะแนนรวมขั้นต่ำ"),
            "min_each_tool": check.score(
                where, row, "min_each_tool", "คะแนนขั้นต่ำของทุกเครื่องมือ", required=False
            ),
        })

    if check.problems:
        raise CriteriaFileError(check.problems)
    return CriteriaData(
        year=year_number,
        pass_mark=pass_mark,
        oit_scoring=scoring,
        eit_has_parts=eit_has_parts,
        source_note=source_note,
        tools=tools,
        indicators=indicators,
        sub_indicators=subs,
        oit_items=items,
        grade_bands=grades,
        rating_bands=ratings,
    )
