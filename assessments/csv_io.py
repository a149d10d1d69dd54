"""CSV template and import of an agency-year's ITA scores, as copied from NACC's ITAS.

The officer downloads a template listing every score the year's criteria ask for, fills
the คะแนน column in Excel and uploads it back. Parsing checks every row and reports all
problems at once, in Thai, with the row numbers the officer sees in the spreadsheet
(the header is row 1). Nothing here writes to the database.
"""

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal

from assessments.models import (
    AssessmentResult,
    AssessmentYear,
    IndicatorScore,
    OITItemScore,
    OITScoring,
)
from assessments.services import TEXT_FIELDS, TOOL_FIELDS, ResultInput, result_input_errors
from ita_portal.thai import arabic_digits, has_control_characters, is_ascii_number

HEADER = ("ประเภท", "รหัส", "ชื่อ", "คะแนน", "ความคิดเห็น")
COL_KIND, COL_CODE, _COL_NAME, COL_SCORE, COL_COMMENT = HEADER
KIND_TOOL, KIND_INDICATOR, KIND_OIT = "เครื่องมือ", "ตัวชี้วัด", "OIT"

# Tool row code → ResultInput.tools key (= AssessmentResult field), in template order.
TOOL_ROWS = {
    "IIT": "iit",
    "EIT": "eit",
    "EIT1": "eit_part1",
    "EIT2": "eit_part2",
    "OIT": "oit",
    "TOTAL": "official_total",
}
EIT_PART_CODES = ("EIT1", "EIT2")
FIXED_TOOL_NAMES = {
    "EIT1": "EIT ส่วนที่ 1 ผู้รับบริการ",
    "EIT2": "EIT ส่วนที่ 2 ประชาชนทั่วไปและผู้ใช้เว็บไซต์",
    "TOTAL": "คะแนนรวมตามประกาศ",
}

NOT_UTF8 = (
    'ไฟล์ไม่ได้บันทึกเป็น "CSV UTF-8" กรุณาเปิดไฟล์ใน Excel เลือก บันทึกเป็น (Save As) '
    'ชนิดไฟล์ "CSV UTF-8 (Comma delimited) (*.csv)" แล้วอัปโหลดใหม่'
)
WRONG_HEADER = (
    "แถวแรกต้องเป็นหัวตาราง {expected} กรุณาใช้ไฟล์แม่แบบที่ดาวน์โหลดจากระบบ และอย่าแก้ไขหรือลบแถวหัวตาราง"
)
NOT_CSV = "อ่านไฟล์ไม่ได้ กรุณาใช้ไฟล์แม่แบบ CSV ที่ดาวน์โหลดจากระบบ"
CONTROL_CHARACTERS = (
    "มีอักขระควบคุม (เช่น NUL) ที่ไม่ใช่ข้อความ กรุณาลบอักขระนั้นออกจากเซลล์แล้วอัปโหลดใหม่"
)
NO_SCORES = "ไม่พบคะแนนในไฟล์ กรุณากรอกคะแนนในคอลัมน์ คะแนน อย่างน้อยหนึ่งแถว"

NUMBER = re.compile(r"[+-]?([0-9]*)(?:\.([0-9]*))?")
OIT_CODE = re.compile(r"O?([0-9]+)", re.IGNORECASE)
TWO_PLACES = Decimal("0.01")
ALL_OR_NOTHING = (Decimal("0"), Decimal("100"))
# Excel runs a cell starting with one of these as a formula ("- ไม่พบข้อมูล" → #NAME?),
# so exported texts get a leading apostrophe, which parsing removes again.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CsvRowError:
    """One problem in an uploaded file. Row 0 means the file as a whole."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if not self.row:
            return self.message
        if not self.column:
            return f"แถวที่ {self.row}: {self.message}"
        return f"แถวที่ {self.row} คอลัมน์ {self.column}: {self.message}"


def tool_codes(year: AssessmentYear) -> list[str]:
    """The tool row codes a year's template has, in order."""
    return [c for c in TOOL_ROWS if year.eit_has_parts or c not in EIT_PART_CODES]


def result_csv_template(year: AssessmentYear, result: AssessmentResult | None = None) -> str:
    """The year's score sheet as CSV text, prefilled from `result` when given."""
    if result is not None and result.year_id != year.pk:
        raise ValueError("ผลการประเมินนี้เป็นของปีอื่น")
    tool_names = {t.code: t.name for t in year.tools.all()} | FIXED_TOOL_NAMES
    indicator_scores: dict[int, Decimal] = {}
    oit_scores: dict[int, tuple[Decimal, str]] = {}
    if result is not None:
        indicator_scores = dict(
            IndicatorScore.objects.filter(result=result).values_list("indicator__number", "score")
        )
        items = OITItemScore.objects.filter(result=result)
        rows = items.values_list("item__number", "score", "comment")
        oit_scores = {number: (score, comment) for number, score, comment in rows}

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for code in tool_codes(year):
        value = getattr(result, TOOL_ROWS[code]) if result is not None else None
        writer.writerow(
            [KIND_TOOL, code, _export_text(tool_names.get(code, code)), _score_text(value), ""]
        )
    for number, name in year.indicators.order_by("number").values_list("number", "name"):
        writer.writerow(
            [
                KIND_INDICATOR,
                number,
                _export_text(name),
                _score_text(indicator_scores.get(number)),
                "",
            ]
        )
    for number, title in year.oit_items.order_by("number").values_list("number", "title"):
        score, comment = oit_scores.get(number, (None, ""))
        writer.writerow(
            [KIND_OIT, f"O{number}", _export_text(title), _score_text(score), _export_text(comment)]
        )
    return out.getvalue()


def parse_result_csv(
    year: AssessmentYear, raw: bytes
) -> tuple[ResultInput | None, list[CsvRowError]]:
    """Read an uploaded score sheet; (input, []) when every row is valid, else (None, errors).

    The input's texts are empty and indicator suggestions blank: see merge_with_existing.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [CsvRowError(0, "", NOT_UTF8)]
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:  # e.g. a cell beyond csv's field size limit: not a score sheet
        return None, [CsvRowError(0, "", NOT_CSV)]
    if not rows or [cell.strip() for cell in rows[0][: len(HEADER)]] != list(HEADER):
        return None, [CsvRowError(1, "", WRONG_HEADER.format(expected=",".join(HEADER)))]

    criteria = _Criteria.of(year)
    errors: list[CsvRowError] = []
    row_of: dict[str, int] = {}  # target key → the row that named it
    values: dict[str, tuple[Decimal, str]] = {}
    for row_no, cells in enumerate(rows[1:], start=2):
        kind, code, name, score_text, comment = ([c.strip() for c in cells] + [""] * 5)[:5]
        if not any((kind, code, name, score_text, comment)):  # blank line
            continue
        bad = [
            column
            for column, cell in zip(HEADER, (kind, code, name, score_text, comment), strict=False)
            if has_control_characters(cell)
        ]
        if bad:
            errors.extend(CsvRowError(row_no, column, CONTROL_CHARACTERS) for column in bad)
            continue
        # One rule for numbers: Thai digits (๐–๙) are read as 0–9.
        code, score_text = arabic_digits(code), arabic_digits(score_text)
        key, problem = criteria.target(kind, code)
        if problem:
            errors.append(CsvRowError(row_no, problem[0], problem[1]))
        elif key in row_of:
            errors.append(CsvRowError(row_no, COL_CODE, f"รหัส {code} ซ้ำกับแถวที่ {row_of[key]}"))
            key = None
        else:
            row_of[key] = row_no
        if not score_text:
            continue  # not entered
        score, message = _parse_score(score_text)
        if message is None and key and key.startswith("oit_"):
            message = criteria.oit_score_problem(score)
        if message:
            errors.append(CsvRowError(row_no, COL_SCORE, message))
        elif key:
            values[key] = (score, _import_text(comment) if key.startswith("oit_") else "")
    if not errors and not values:
        errors.append(CsvRowError(0, "", NO_SCORES))
    if errors:
        return None, errors

    data = ResultInput(
        tools={name: values[name][0] if name in values else None for name in TOOL_FIELDS},
        indicators={int(k[4:]): v for k, v in values.items() if k.startswith("ind_")},
        oit_items={int(k[4:]): v for k, v in values.items() if k.startswith("oit_")},
    )
    # Final guard: the same checks result_save makes, so a parsed file always saves.
    guard = [
        CsvRowError(row_of.get(key, 0), COL_SCORE, message)
        for key, messages in result_input_errors(year, data).items()
        for message in messages
    ]
    return (None, guard) if guard else (data, [])


def merge_with_existing(parsed: ResultInput, result: AssessmentResult | None) -> ResultInput:
    """The parsed scores with `result`'s narrative texts and indicator suggestions kept.

    OIT comments come from the file (the template carries them out and back in).
    Texts the parsed input does carry win over the stored ones.
    """
    if result is None:
        return parsed
    suggestions = dict(
        IndicatorScore.objects.filter(result=result).values_list("indicator__number", "suggestion")
    )
    return ResultInput(
        tools=dict(parsed.tools),
        texts={name: parsed.texts.get(name) or getattr(result, name) for name in TEXT_FIELDS},
        indicators={
            number: (score, suggestion or suggestions.get(number, ""))
            for number, (score, suggestion) in parsed.indicators.items()
        },
        oit_items=dict(parsed.oit_items),
    )


@dataclass(frozen=True)
class _Criteria:
    """What a year's file may name: its tool rows, indicator numbers and O-items."""

    year: AssessmentYear
    indicators: frozenset[int]
    oit_items: frozenset[int]

    @classmethod
    def of(cls, year: AssessmentYear) -> "_Criteria":
        return cls(
            year=year,
            indicators=frozenset(year.indicators.values_list("number", flat=True)),
            oit_items=frozenset(year.oit_items.values_list("number", flat=True)),
        )

    def target(self, kind: str, code: str) -> tuple[str | None, tuple[str, str] | None]:
        """The key a row fills (tool field, "ind_<n>", "oit_<n>") or (column, message)."""
        year, kind = self.year.year, kind.upper()
        if not kind:
            return None, (COL_KIND, "กรุณาระบุประเภท: เครื่องมือ, ตัวชี้วัด หรือ OIT")
        if kind not in (KIND_TOOL, KIND_INDICATOR, KIND_OIT):
            return None, (
                COL_KIND,
                f'ไม่รู้จักประเภท "{kind}" ใช้ได้เฉพาะ เครื่องมือ, ตัวชี้วัด หรือ OIT',
            )
        if not code:
            return None, (COL_CODE, "กรุณาระบุรหัส")
        if kind == KIND_TOOL:
            if code.upper() in EIT_PART_CODES and not self.year.eit_has_parts:
                return None, (
                    COL_CODE,
                    f"ปี {year} ไม่ได้แบ่ง EIT เป็นสองส่วน ให้ลบแถว {code} และกรอกคะแนนในแถว EIT",
                )
            if code.upper() not in TOOL_ROWS:
                allowed = ", ".join(tool_codes(self.year))
                return None, (COL_CODE, f'ไม่รู้จักรหัสเครื่องมือ "{code}" ใช้ได้เฉพาะ {allowed}')
            return TOOL_ROWS[code.upper()], None
        if kind == KIND_INDICATOR:
            if not is_ascii_number(code):
                return None, (COL_CODE, f'รหัสตัวชี้วัดต้องเป็นตัวเลข เช่น 1 (ได้รับ "{code}")')
            shown = int(code) if len(code) <= 9 else code[:12]  # int() of 5000 digits fails
            if shown not in self.indicators:
                return None, (COL_CODE, f"ไม่มีตัวชี้วัดที่ {shown} ในเกณฑ์ปี {year}")
            return f"ind_{int(code)}", None
        match = OIT_CODE.fullmatch(code)  # kind == KIND_OIT
        if not match:
            return None, (COL_CODE, f'รหัสข้อ OIT ต้องเป็น O ตามด้วยเลขข้อ เช่น O1 (ได้รับ "{code}")')
        number = int(match[1]) if len(match[1]) <= 9 else match[1][:12]
        if number not in self.oit_items:
            return None, (COL_CODE, f"ไม่มีข้อ O{number} ในเกณฑ์ปี {year}")
        return f"oit_{number}", None

    def oit_score_problem(self, score: Decimal) -> str | None:
        if self.year.oit_scoring == OITScoring.ALL_OR_NOTHING and score not in ALL_OR_NOTHING:
            return f"ปี {self.year.year} ให้คะแนนข้อ OIT ได้เพียง 100 หรือ 0"
        return None


def _parse_score(text: str) -> tuple[Decimal, None] | tuple[None, str]:
    match = NUMBER.fullmatch(text)
    if not match or not (match[1] or match[2]):
        return None, f'คะแนนต้องเป็นตัวเลข เช่น 97.82 (ได้รับ "{text}")'
    if len((match[2] or "").rstrip("0")) > 2:
        return None, "ทศนิยมได้ไม่เกิน 2 ตำแหน่ง"
    value = Decimal(text)
    if not Decimal("0") <= value <= Decimal("100"):
        return None, "คะแนนต้องอยู่ระหว่าง 0 ถึง 100"
    return value.quantize(TWO_PLACES), None


def _score_text(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _export_text(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_START) else text


def _import_text(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_START) else text
