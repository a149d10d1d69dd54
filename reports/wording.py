"""The agency's own wording of its reports: column headings per table, tool labels and
the layout options, with today's wording as the default.

Defaults live here once: the printing-choices form shows them as placeholders, the
payload carries the merged headings, and the templates fall back on them (through
reports/templatetags/report_wording.py) for payloads issued before these keys existed.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from assessments.models import ToolCode

#: Columns of every report table as printed today: table → [(column, heading)].
#: A line break in a heading is "\n" (printed as <br>).
TABLES: dict[str, list[tuple[str, str]]] = {
    "analysis": [
        ("order", "ลำดับ"),
        ("title", "มาตรการ"),
        ("steps", "ขั้นตอนหรือวิธีการ"),
        ("responsible", "ผู้รับผิดชอบ"),
        ("monitoring", "การกำกับติดตาม"),
    ],
    "plan": [
        ("order", "ลำดับ"),
        ("issue", "ประเด็น / ตัวชี้วัดที่ต้องพัฒนา"),
        ("title", "มาตรการ/แนวทาง"),
        ("steps", "ขั้นตอนหรือวิธีการปฏิบัติ"),
        ("responsible", "ผู้รับผิดชอบ"),
        ("period", "ระยะเวลา\nดำเนินการ"),
        ("monitoring", "การกำกับติดตาม"),
    ],
    "by_indicator": [
        ("title", "มาตรการ/แนวทาง"),
        ("steps", "ขั้นตอนหรือวิธีการปฏิบัติ"),
        ("period", "ระยะเวลา\nดำเนินการ"),
        ("responsible", "ผู้รับผิดชอบ"),
        ("summary", "สรุปผลการดำเนินการ\nตามมาตรการ"),
        ("outcome", "ผลลัพธ์หรือความสำเร็จ\nของการดำเนินการ"),
    ],
    "by_tool": [
        ("tool", "แบบวัดการรับรู้"),
        ("title", "มาตรการ"),
        ("summary", "สรุปผลการดำเนินการ"),
        ("outcome", "ผลลัพธ์"),
        ("responsible", "ผู้รับผิดชอบ"),
    ],
    "numbered": [
        ("order", "ลำดับ"),
        ("title", "มาตรการ/กิจกรรม"),
        ("steps", "วิธีดำเนินการ"),
        ("period", "ระยะเวลา\nในการ\nดำเนินการ"),
        ("responsible", "ผู้รับผิดชอบ"),
        ("summary", "สรุปผลการดำเนินการตาม\nมาตรการหรือกิจกรรม"),
        ("outcome", "ผลลัพธ์หรือความสำเร็จ\nในการดำเนินการ"),
    ],
    "readiness": [
        ("indicator", "ตัวชี้วัด"),
        ("approach", "แนวทางในการยกระดับการประเมิน"),
        ("responsible", "ผู้รับผิดชอบ"),
        ("period", "ระยะเวลา"),
        ("progress", "ความก้าวหน้าผลการดำเนินการ"),
        ("item", "ข้อ"),
        ("item_title", "ข้อมูล"),
        ("requirement", "องค์ประกอบด้านข้อมูล"),
        ("item_responsible", "ผู้รับผิดชอบ"),
        ("item_progress", "ความก้าวหน้าผลการดำเนินการ"),
    ],
}

#: How the printing-choices form names each table.
TABLE_LABELS = {
    "analysis": "รายงานการวิเคราะห์ผล: ตารางมาตรการ",
    "plan": "มาตรการส่งเสริมคุณธรรมและความโปร่งใส",
    "by_indicator": "รายงานผลการดำเนินการ แยกตามตัวชี้วัด",
    "by_tool": "รายงานผลการดำเนินการ แยกตามแบบวัด",
    "numbered": "รายงานผลการดำเนินการ ตารางเรียงลำดับ",
    "readiness": "รายงานความก้าวหน้ารายตัวชี้วัดและรายข้อ OIT",
}

DEFAULT_HEADINGS = {table: dict(columns) for table, columns in TABLES.items()}
HEADING_MAX_LENGTH = 100
TOOL_LABEL_MAX_LENGTH = 200

#: Layouts that can print the status boxes, and whether their published documents do:
#: the by-indicator tables of seed 001 do; by-tool and numbered ones have none.
STATUS_LAYOUTS = {"by_indicator": True, "by_tool": False, "numbered": False}

#: What a payload without "print_options" (schema 1) printed: the templates use these.
LEGACY_OPTIONS = {
    "skip_own_number": False,
    "status_column": True,
}

#: A text that numbers itself: "1.", "๑)", "(2)" at its start (not "1.5 ล้าน", "2567 …").
OWN_NUMBER = re.compile(r"\s*\(?[0-9๐-๙]{1,3}[.)](?![0-9๐-๙])")


def has_own_number(text: str) -> bool:
    """True when a text starts with its own number, so printing another one doubles it."""
    return bool(OWN_NUMBER.match(text or ""))


def headings_for(table: str, custom: dict | None) -> dict[str, str]:
    """Every heading of a table: the agency's own where it set one, else today's."""
    own = (custom or {}).get(table) or {}
    return {key: own.get(key) or default for key, default in TABLES[table]}


@dataclass(frozen=True)
class Wording:
    """An agency's saved choices as plain values (or the defaults)."""

    headings: dict  # table → {column: own heading}, only what the agency changed
    tools: dict  # tool code → own label, only what the agency set
    skip_own_number: bool = True
    hide_ungrouped_row: bool = True
    status_columns: dict | None = None  # layout → bool

    def status_column(self, layout: str) -> bool:
        default = STATUS_LAYOUTS.get(layout, False)
        return (self.status_columns or STATUS_LAYOUTS).get(layout, default)

    def tool_label(self, code: str) -> str:
        """The tool as a by-tool group names it: the agency's label or "IIT แบบวัด…"."""
        return self.tools.get(code) or ToolCode(code).label


DEFAULT_WORDING = Wording(headings={}, tools={})


def wording_of(preference) -> Wording:
    """The Wording of a ReportPreference (saved or unsaved defaults)."""
    return Wording(
        headings=preference.column_headings or {},
        tools={
            code: label
            for code, label in (
                ("IIT", preference.iit_label),
                ("EIT", preference.eit_label),
                ("OIT", preference.oit_label),
            )
            if label
        },
        skip_own_number=preference.skip_own_number,
        hide_ungrouped_row=preference.hide_ungrouped_row,
        status_columns={
            "by_indicator": preference.status_by_indicator,
            "by_tool": preference.status_by_tool,
            "numbered": preference.status_numbered,
        },
    )


def clean_headings(data) -> dict:
    """{table: {column: heading}} as stored: known columns only, tidied, and only the
    headings that differ from today's. Thai ValidationError for anything else."""
    if not isinstance(data, dict):
        raise ValidationError("หัวตารางต้องเป็นรายการตามตาราง")
    cleaned: dict = {}
    for table, columns in data.items():
        if table not in DEFAULT_HEADINGS or not isinstance(columns, dict):
            raise ValidationError(f"ไม่รู้จักตาราง {str(table)[:40]}")
        for column, text in columns.items():
            if column not in DEFAULT_HEADINGS[table]:
                raise ValidationError(f"ไม่รู้จักคอลัมน์ {str(column)[:40]} ของตาราง {table}")
            if not isinstance(text, str):
                raise ValidationError(f"หัวตาราง {table}.{column} ต้องเป็นข้อความ")
            lines = [" ".join(line.split()) for line in text.splitlines()]
            text = "\n".join(line for line in lines if line)
            if len(text) > HEADING_MAX_LENGTH:
                raise ValidationError(f"หัวตารางต้องยาวไม่เกิน {HEADING_MAX_LENGTH} ตัวอักษร")
            default = DEFAULT_HEADINGS[table][column]
            if text and " ".join(text.split()) != " ".join(default.split()):
                cleaned.setdefault(table, {})[column] = text
    return cleaned
