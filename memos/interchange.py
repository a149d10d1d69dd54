"""Memos in the ITA JSON file (export_ita / import_ita): the "memos" section.

A memo travels with its header, body, steps of every round (opinions as printed), its
decision, number and date, and references to the issued documents of the same file
(its report and its own PDF) by series and number. Importing a decided memo keeps its
number, date and texts, so an agency can bring in last year's paper memo; the memo
register is moved past the number so new memos never take it. See docs/ita-json.md.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from ita_portal.documents.services import register_reserve
from memos.models import ApprovalStep, Memo, MemoState, StepKind, choices_for
from memos.services import MEMO_SERIES
from reports.documents import ReportKind
from reports.ita_json import Section

TEXT_LIMITS = {
    "unit": 200, "phone": 50, "reference": 30, "subject": 300, "salutation": 200,
    "background": 20_000, "facts": 20_000, "proposal": 20_000, "closing": 200,
    "proposer_name": 150, "proposer_position": 200, "return_reason": 2_000,
}
FLAGS = ("numbered", "include_scores", "thai_digits")
STEP_TEXTS = {"heading": 200, "note": 2_000, "actor_name": 150, "actor_position": 200,
              "acting": 20, "acting_for": 200, "choice": 40}
OUTCOMES = ("", "forwarded", "returned", "decided")
MEMO_KEYS = (
    "report_kind", "report_layout", "report_round", "state", "decision", "number",
    "memo_date", "round", *TEXT_LIMITS, *FLAGS, "score_lines", "author", "submitted_at",
    "decided_at", "report_document", "document", "steps",
)
STEP_KEYS = ("round", "order", "kind", "outcome", "acted_at", "acted_by", *STEP_TEXTS)


def _ref(document) -> dict | None:
    return {"series": document.series, "number": document.number} if document else None


def _when(value) -> str | None:
    return value.isoformat() if value else None


def export_memos(agency, year) -> list[dict]:
    memos = (
        Memo.objects.filter(agency=agency, year__year=getattr(year, "year", year))
        .select_related("author", "report_document", "document")
        .prefetch_related("steps__acted_by")
        .order_by("id")
    )
    return [
        {
            "report_kind": m.report_kind, "report_layout": m.report_layout,
            "report_round": m.report_round, "state": m.state, "decision": m.decision,
            "number": m.number, "memo_date": m.memo_date.isoformat() if m.memo_date else None,
            "round": m.round,
            **{name: getattr(m, name) for name in (*TEXT_LIMITS, *FLAGS)},
            "score_lines": m.score_lines,
            "author": m.author.username if m.author else "",
            "submitted_at": _when(m.submitted_at), "decided_at": _when(m.decided_at),
            "report_document": _ref(m.report_document), "document": _ref(m.document),
            "steps": [
                {
                    "round": s.round, "order": s.order, "kind": s.kind, "outcome": s.outcome,
                    "acted_at": _when(s.acted_at),
                    "acted_by": s.acted_by.username if s.acted_by else "",
                    **{name: getattr(s, name) for name in STEP_TEXTS},
                }
                for s in sorted(m.steps.all(), key=lambda s: (s.round, s.order))
            ],
        }
        for m in memos
    ]


@dataclass
class MemoPlan:
    values: dict
    author: str
    report_document: tuple | None
    document: tuple | None
    steps: list[dict] = field(default_factory=list)


def _moment(check, obj, key, path):
    value = obj.get(key)
    if value is None:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        check.error(check.at(path, key), "ต้องเป็นวันเวลาแบบ ISO 8601 พร้อมเขตเวลา หรือ null")
        return None
    return parsed


def _reference(check, obj, key, path, known: set) -> tuple | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, dict) or (value.get("series"), value.get("number")) not in known:
        check.error(check.at(path, key), "ต้องอ้างถึงเอกสารในส่วน documents ของไฟล์นี้ หรือ null")
        return None
    return (value["series"], value["number"])


def check_memos(check, rows: list, documents) -> list[MemoPlan]:
    known = {(d.values["series"], d.values["number"]) for d in documents}
    numbers: set[int] = set()
    plans = []
    for index, value in enumerate(rows):
        path = f"memos[{index}]"
        obj = check.obj(value, path, MEMO_KEYS)
        if obj is None:
            continue
        values = {}
        for name, limit in TEXT_LIMITS.items():
            values[name] = check.text(obj, name, path, max_length=limit,
                                      required=name in ("subject", "salutation", "unit")) or ""
        for name in FLAGS:
            if not isinstance(obj.get(name), bool):
                check.error(check.at(path, name), "ต้องเป็น true หรือ false")
            values[name] = bool(obj.get(name))
        values["report_kind"] = check.choice(obj, "report_kind", path, ReportKind.values,
                                             "ไม่รู้จักรายงานชนิดนี้") or ""
        values["report_layout"] = check.text(obj, "report_layout", path, max_length=30) or ""
        values["report_round"] = check.text(obj, "report_round", path, max_length=20) or ""
        state = check.choice(obj, "state", path, MemoState.values, "ไม่รู้จักสถานะนี้")
        values["state"] = state
        values["round"] = check.integer(obj.get("round"), check.at(path, "round")) or 0
        decision = obj.get("decision") or ""
        number = obj.get("number")
        if state == MemoState.DECIDED:
            if decision not in choices_for(StepKind.DECISION):
                check.error(check.at(path, "decision"), "บันทึกที่สั่งการแล้วต้องมีผล อนุมัติ/ไม่อนุมัติ/อื่น ๆ")
            number = check.integer(number, check.at(path, "number"), minimum=1,
                                   maximum=2_147_483_647)
            if number is None:
                check.error(check.at(path, "number"), "บันทึกที่สั่งการแล้วต้องมีเลขที่")
            elif number in numbers:
                check.error(check.at(path, "number"), f"เลขที่ {number} ซ้ำกับบันทึกอื่นในไฟล์")
            else:
                numbers.add(number)
            values["memo_date"] = check.date(obj, "memo_date", path, nullable=False)
        elif number is not None or decision:
            check.error(path, "บันทึกที่ยังไม่ได้สั่งการต้องไม่มีเลขที่และผลการพิจารณา")
            number = None
        values.update(decision=decision if state == MemoState.DECIDED else "", number=number)
        if state != MemoState.DECIDED:
            values["memo_date"] = None
        scores = obj.get("score_lines")
        if scores is not None and not (
            isinstance(scores, list)
            and all(isinstance(r, list) and len(r) == 2 and all(isinstance(c, str) for c in r)
                    for r in scores)
        ):
            check.error(check.at(path, "score_lines"), "ต้องเป็นรายการของคู่ข้อความ หรือ null")
            scores = None
        values["score_lines"] = scores
        values["submitted_at"] = _moment(check, obj, "submitted_at", path)
        values["decided_at"] = _moment(check, obj, "decided_at", path)
        steps = []
        for number_in_list, step in enumerate(check.array(obj, "steps", path)):
            where = f"{path}.steps[{number_in_list}]"
            data = check.obj(step, where, STEP_KEYS)
            if data is None:
                continue
            row = {name: check.text(data, name, where, max_length=limit) or ""
                   for name, limit in STEP_TEXTS.items()}
            row["kind"] = check.choice(data, "kind", where, StepKind.values, "ไม่รู้จักชนิดนี้")
            row["outcome"] = check.choice(data, "outcome", where, OUTCOMES, "ไม่รู้จักผลนี้")
            row["round"] = check.integer(data.get("round"), check.at(where, "round"), minimum=1)
            row["order"] = check.integer(data.get("order"), check.at(where, "order"), minimum=1)
            row["acted_at"] = _moment(check, data, "acted_at", where)
            row["acted_by"] = data.get("acted_by") if isinstance(data.get("acted_by"), str) else ""
            steps.append(row)
        plans.append(MemoPlan(
            values=values,
            author=obj.get("author") if isinstance(obj.get("author"), str) else "",
            report_document=_reference(check, obj, "report_document", path, known),
            document=_reference(check, obj, "document", path, known),
            steps=steps,
        ))
    return plans


def write_memos(plans: list[MemoPlan], agency, criteria, documents: dict, acting_user) -> int:
    """Inside import_agency_year's transaction."""
    names = {p.author for p in plans} | {s["acted_by"] for p in plans for s in p.steps}
    users = {u.username: u for u in get_user_model().objects.filter(username__in=names - {""})}
    for plan in plans:
        memo = Memo.objects.create(
            agency=agency, year=criteria, imported=True, author=users.get(plan.author),
            report_document=documents.get(plan.report_document) if plan.report_document else None,
            document=documents.get(plan.document) if plan.document else None,
            **plan.values,
        )
        if memo.number:
            register_reserve(agency, MEMO_SERIES, criteria.year, memo.number)
        ApprovalStep.objects.bulk_create(
            ApprovalStep(memo=memo, acted_by=users.get(s.pop("acted_by")), **s)
            for s in (dict(step) for step in plan.steps)
        )
    return len(plans)


SECTION = Section(
    key="memos", label="บันทึกข้อความ", export=export_memos, check=check_memos,
    write=write_memos,
)
