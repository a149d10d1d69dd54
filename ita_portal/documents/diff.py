"""What changed between two payloads, as short Thai lines a person can read.

Used when a document that was issued for approval no longer matches today's data: the
approver is shown the differences instead of a hash.
"""

from typing import Any

#: Thai names of the payload keys that people recognise; other keys print as they are.
KEY_LABELS = {
    "measures": "มาตรการ",
    "title": "ชื่อ",
    "status": "สถานะ",
    "score": "คะแนน",
    "summary": "สรุปผลการดำเนินการ",
    "outcome": "ผลลัพธ์",
    "steps": "วิธีดำเนินการ",
    "period_text": "ระยะเวลา",
    "responsible_text": "ผู้รับผิดชอบ",
    "weakness": "ประเด็น",
    "analysis": "ผลการวิเคราะห์",
    "tool_tables": "ตารางคะแนน",
    "indicators": "ตัวชี้วัด",
    "rows": "แถว",
    "total": "คะแนนรวม",
    "units": "หน่วยงานรับผิดชอบ",
    "board": "ความพร้อมข้อ OIT",
    "groups": "กลุ่ม",
    "agency": "หน่วยงาน",
    "name": "ชื่อ",
}
#: Derived from other keys (the chart is drawn from the scores): not worth a line.
SKIPPED = {"chart"}
MAX_LINES = 30
SHORT = 80


def _short(value: Any) -> str:
    if value is None:
        return "(ว่าง)"
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def _walk(old: Any, new: Any, path: list[str], out: list[str]) -> None:
    if len(out) >= MAX_LINES:
        return
    where = " › ".join(path) or "ข้อมูล"
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new)):
            if key in SKIPPED or old.get(key) == new.get(key):
                continue
            _walk(old.get(key), new.get(key), [*path, KEY_LABELS.get(key, key)], out)
    elif isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            out.append(f"{where}: จำนวน {len(old)} → {len(new)}")
        for index, (a, b) in enumerate(zip(old, new, strict=False), start=1):
            if a != b:
                _walk(a, b, [*path, f"ลำดับที่ {index}"], out)
    else:
        out.append(f"{where}: “{_short(old)}” → “{_short(new)}”")


def payload_changes(old: dict, new: dict) -> list[str]:
    """Up to MAX_LINES lines "มาตรการ › ลำดับที่ 2 › สถานะ: “a” → “b”"."""
    out: list[str] = []
    _walk(old, new, [], out)
    return out[:MAX_LINES]
