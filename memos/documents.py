"""What a memo prints, as a payload (schema in docs/memo-payload.md), and the texts an
officer starts from for each kind of report.

The payload is built from the memo's own fields and steps, never from live report data:
the scores table was frozen into the memo at submission and the report it carries is the
issued document. So the preview an approver reads is the memo that gets approved.
"""

import base64
import datetime as dt
import mimetypes

from django.utils import timezone

from assessments.models import AssessmentYear
from assessments.scoring import round_score
from assessments.selectors import result_analysis, result_for
from ita_portal.agencies.models import Agency, Membership
from ita_portal.thai import local_date
from measures.models import Measure, MeasureStatus, RoundKind
from memos.models import ApprovalStep, Memo, MemoSettings, Signature, choices_for
from memos.selectors import chain_of, steps_of_round
from reports.documents import ReportKind

SCHEMA_VERSION = 1
TEMPLATE = "memos/memo.html"

SECTION_HEADINGS = ("เรื่องเดิม", "ข้อเท็จจริง", "ข้อเสนอ/ข้อพิจารณา")


def executive_title(agency: Agency) -> str:
    """"นายกองค์การบริหารส่วนตำบล…" / "นายกเทศมนตรีตำบล…": whom the memo is addressed to."""
    if agency.name.startswith("เทศบาล"):
        return "นายกเทศมนตรี" + agency.name.removeprefix("เทศบาล")
    return "นายก" + agency.name


def report_title(kind: str, round_kind: str, year: int) -> str:
    label = ReportKind(kind).label
    round_label = f" {RoundKind(round_kind).label}" if round_kind else ""
    return f"{label}{round_label} ประจำปีงบประมาณ พ.ศ. {year}"


def _fmt(value) -> str:
    return str(round_score(value))


def score_lines(agency: Agency, year: AssessmentYear) -> list[list[str]]:
    """The memo's small score table (tool → "คะแนนรวม 97.82 คะแนน"), or [] without scores."""
    result = result_for(agency, year.year)
    if result is None:
        return []
    analysis = result_analysis(result)
    lines = []
    for tool in year.tools.all():
        if tool.code == "EIT" and year.eit_has_parts and result.eit_part1 is not None:
            for number, part in ((1, result.eit_part1), (2, result.eit_part2)):
                if part is not None:
                    lines.append([f"{tool.name} ส่วนที่ {number}", f"คะแนนรวม {_fmt(part)} คะแนน"])
            continue
        score = analysis.tool_scores.get(tool.code)
        if score is not None:
            lines.append([tool.name, f"คะแนนรวม {_fmt(score)} คะแนน"])
    if analysis.total is not None:
        lines.append(["คะแนนรวมทั้งหมด", f"{_fmt(analysis.total)} คะแนน"])
    return lines


def memo_defaults(
    agency: Agency, year: AssessmentYear, kind: str, round_kind: str, user
) -> dict:
    """The fields of a new memo for this report, prefilled from the agency, the year, the
    scores and the report; all editable."""
    membership = (
        Membership.objects.filter(user=user, agency=agency).select_related("unit").first()
    )
    unit = membership.unit.name if membership and membership.unit else "สำนักปลัด"
    title = report_title(kind, round_kind, year.year)
    result = result_for(agency, year.year)
    analysis = result_analysis(result) if result else None
    background = (
        "ตามที่สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ (สำนักงาน ป.ป.ช.) "
        "ได้ดำเนินการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
        f"(Integrity and Transparency Assessment : ITA) ประจำปีงบประมาณ พ.ศ. {year.year} "
        f"เพื่อเป็นกลไกส่งเสริมให้หน่วยงานภาครัฐดำเนินงานอย่างโปร่งใสและมีคุณธรรม นั้น"
    )
    if kind == ReportKind.ANALYSIS:
        subject = (
            "รายงานผลการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน"
            f"ของหน่วยงานภาครัฐ (ITA) ประจำปีงบประมาณ พ.ศ. {year.year}"
        )
        if analysis and analysis.total is not None:
            level = analysis.rating or analysis.grade or ""
            facts = (
                f"{agency.name} ได้รับผลการประเมินประจำปีงบประมาณ พ.ศ. {year.year} "
                f"คะแนนรวม {_fmt(analysis.total)} คะแนน"
                + (f" อยู่ในระดับ {level}" if level else "")
                + " และได้วิเคราะห์ผลการประเมินเพื่อกำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
                f"ภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. {year.year + 1} รายละเอียดตามรายงานที่แนบ"
                " โดยมีคะแนนแยกตามเครื่องมือ ดังนี้"
            )
        else:
            facts = f"{agency.name} ได้วิเคราะห์ผลการประเมิน รายละเอียดตามรายงานที่แนบ"
        proposal = (
            f"เห็นควรพิจารณาอนุมัติ{ReportKind(kind).label} และเผยแพร่บนเว็บไซต์ของหน่วยงาน"
        )
    elif kind == ReportKind.PLAN:
        count = Measure.objects.filter(agency=agency, year=year).count()
        subject = (
            "ขออนุมัติมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
            f"ประจำปีงบประมาณ พ.ศ. {year.year}"
        )
        facts = (
            f"{agency.name} ได้นำผลการประเมินประจำปีงบประมาณ พ.ศ. {year.year - 1} "
            f"มาวิเคราะห์และกำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน จำนวน "
            f"{count} มาตรการ พร้อมผู้รับผิดชอบและระยะเวลาดำเนินการ รายละเอียดตามรายงานที่แนบ"
        )
        proposal = (
            "เห็นควรพิจารณาอนุมัติมาตรการดังกล่าว แจ้งส่วนราชการที่เกี่ยวข้องถือปฏิบัติ "
            "และเผยแพร่บนเว็บไซต์ของหน่วยงาน"
        )
    else:
        statuses = dict(MeasureStatus.choices)
        counts = dict.fromkeys(statuses, 0)
        for status in Measure.objects.filter(agency=agency, year=year).values_list(
            "status", flat=True
        ):
            counts[status] = counts.get(status, 0) + 1
        summary = " ".join(f"{statuses[v]} {n} มาตรการ" for v, n in counts.items() if n)
        subject = f"รายงาน{title.removeprefix('รายงาน')}"
        facts = (
            f"{agency.name} ได้ติดตามผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
            f"ภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. {year.year}"
            + (f" ปรากฏผลดังนี้ {summary}" if summary else "")
            + " รายละเอียดตามรายงานที่แนบ"
        )
        proposal = "เห็นควรพิจารณาและเผยแพร่รายงานดังกล่าวบนเว็บไซต์ของหน่วยงาน"
    return {
        "unit": f"{unit} {agency.name}",
        "phone": agency.phone,
        "reference": agency.document_prefix,
        "subject": subject,
        "salutation": executive_title(agency),
        "numbered": True,
        "background": background,
        "facts": facts,
        "proposal": proposal,
        "include_scores": kind == ReportKind.ANALYSIS,
        "closing": "จึงเรียนมาเพื่อโปรดพิจารณา",
        "proposer_name": (user.get_full_name() or user.username) if user else "",
        "proposer_position": membership.position_title if membership else "",
        "thai_digits": True,
    }


def _paragraphs(text: str) -> list[str]:
    """A textarea's text as paragraphs: blank lines (or single line breaks) separate them."""
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def image_data_uri(field) -> str | None:
    """A stored image as a data: URI, so the payload carries it and never reads a file
    again when re-rendered."""
    if not field:
        return None
    try:
        with field.open("rb") as handle:
            content = handle.read()
    except OSError:
        return None
    mime = mimetypes.guess_type(field.name)[0] or "image/png"
    return f"data:{mime};base64,{base64.b64encode(content).decode()}"


def _signature(user) -> str | None:
    if user is None:
        return None
    signature = Signature.objects.filter(user=user).first()
    return image_data_uri(signature.image) if signature else None


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = local_date(value)
    return value.isoformat()


def _step(step: ApprovalStep) -> dict:
    return {
        "heading": step.heading,
        "kind": step.kind,
        "choices": choices_for(step.kind),
        "choice": step.choice or None,
        "note": step.note,
        "name": step.actor_name,
        "position": step.actor_position,
        "acting": step.acting,
        "acting_for": step.acting_for,
        "date": _iso(step.acted_at) if step.acted_at and step.outcome != "returned" else None,
        "signature": _signature(step.acted_by)
        if step.outcome in ("forwarded", "decided")
        else None,
    }


def _blank_step(step) -> dict:
    return {
        "heading": step.heading, "kind": step.kind, "choices": choices_for(step.kind),
        "choice": None, "note": "", "name": "", "position": "", "acting": "",
        "acting_for": "", "date": None, "signature": None,
    }


def memo_payload(memo: Memo, *, scores: list | None = None) -> dict:
    """The memo as it prints now. ``scores``: the table to print (the frozen one once
    submitted; a draft shows today's)."""
    year = memo.year.year
    if scores is None:
        scores = memo_scores(memo)
    sections = [
        {
            "heading": heading,
            "paragraphs": _paragraphs(text),
            "table": scores if heading == "ข้อเท็จจริง" and memo.include_scores else [],
        }
        for heading, text in zip(
            SECTION_HEADINGS, (memo.background, memo.facts, memo.proposal), strict=True
        )
    ]
    sections = [s for s in sections if s["paragraphs"] or s["table"]]
    settings = MemoSettings.objects.filter(agency=memo.agency).first()
    if memo.is_draft:  # the chain it will go through, blank
        steps = [_blank_step(step) for step in chain_of(memo.agency)]
    else:
        steps = [_step(step) for step in steps_of_round(memo)]
    report = memo.report_document
    return {
        "schema": SCHEMA_VERSION,
        "template": TEMPLATE,
        "kind": "memo",
        "title": f"บันทึกข้อความ เรื่อง {memo.subject}",
        "filename": f"บันทึกข้อความ {memo.agency.name} {year} {memo.subject}"[:200] + ".pdf",
        "author": memo.agency.name,
        "landscape": False,
        "thai_digits": memo.thai_digits,
        "draft": not memo.is_decided,
        "emblem": image_data_uri(settings.emblem) if settings else None,
        "agency": {"code": memo.agency.code, "name": memo.agency.name},
        "year": year,
        "header": {
            "unit": memo.unit,
            "phone": memo.phone,
            "reference": memo.reference,
            "number": memo.number,
            "date": _iso(memo.memo_date),
            "subject": memo.subject,
            "salutation": memo.salutation,
        },
        "body": {"numbered": memo.numbered, "sections": sections},
        "closing": memo.closing,
        "proposer": {
            "name": memo.proposer_name,
            "position": memo.proposer_position,
            "signature": _signature(memo.author),
        },
        "steps": steps,
        "report": {
            "title": report.title,
            "number": report.number,
            "year": report.year,
            "payload_sha256": report.payload_sha256,
        }
        if report
        else None,
    }


def memo_scores(memo: Memo) -> list:
    """The score table: frozen at submission, live while a draft."""
    if memo.round and memo.score_lines is not None:
        return memo.score_lines
    return score_lines(memo.agency, memo.year)


def today() -> dt.date:
    return local_date(timezone.now())
