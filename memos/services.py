"""The memo's workflow: draft → submit → opinions → decision, and its chain.

Every action is one function that locks the memo, checks the actor against the memo's
state and current step, changes it, writes its audit event in the same transaction and
sends mail after commit:

    memo = memo_submit(memo, acting_user=officer)
    memo = memo_forward(memo, acting_user=head, step_id=step.pk, choice=..., note=...)
    memo = memo_decide(memo, acting_user=mayor, step_id=step.pk, choice="อนุมัติ")

``step_id`` is the step the actor saw on the page: if someone else acted on it first the
action is refused (MemoMoved) and nothing changes.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from assessments.models import AssessmentYear
from ita_portal.agencies.models import Agency, Membership, Role
from ita_portal.audit.actions import Action
from ita_portal.audit.services import audit_record
from ita_portal.documents.diff import payload_changes
from ita_portal.documents.models import IssuedDocument
from ita_portal.documents.rendering import payload_sha256
from ita_portal.documents.services import (
    DocumentAlreadyIssued,
    document_create,
    document_issue,
    register_take,
)
from ita_portal.permissions import (
    ACT_ON_MEMO,
    ADD_MEMO,
    CHANGE_MEMO,
    CONFIGURE_CHAIN,
    VIEW_MEMO,
    WITHDRAW_MEMO,
    may,
)
from memos import notifications
from memos.documents import executive_title, memo_payload, score_lines, today
from memos.models import (
    OTHER_CHOICE,
    Acting,
    ApprovalStep,
    ChainStep,
    Memo,
    MemoSettings,
    MemoState,
    Signature,
    StepKind,
    choices_for,
)
from memos.selectors import (
    chain_of,
    chain_problems,
    current_step,
    holder_position,
    position_of,
)
from reports.documents import ReportKind, ReportUnavailable, report_payload, report_variant
from reports.services import report_preference
from reports.wording import wording_of

#: The register memos are numbered in (reports have their own).
MEMO_SERIES = "memo"

#: Fields an officer edits on a draft.
MEMO_FIELDS = (
    "unit", "phone", "reference", "subject", "salutation", "numbered", "background",
    "facts", "proposal", "include_scores", "closing", "proposer_name", "proposer_position",
    "thai_digits",
)


class MemoMoved(ValidationError):
    """The memo is no longer where the actor saw it (someone acted first)."""

    def __init__(self):
        super().__init__(
            "บันทึกนี้มีผู้ดำเนินการไปแล้ว หรือไม่ได้อยู่ที่ขั้นตอนของคุณ กรุณาเปิดหน้าบันทึกใหม่"
            " ระบบไม่ได้บันทึกการดำเนินการของคุณ",
            code="moved",
        )


class ReportChanged(ValidationError):
    """The report's live data differs from what was issued with the memo."""

    def __init__(self, changes: list[str]):
        self.changes = changes
        super().__init__(
            "ข้อมูลของรายงานที่แนบเปลี่ยนไปหลังจากเสนอบันทึก จึงยังสั่งการไม่ได้"
            " กรุณาส่งคืนให้ผู้เสนอเสนอใหม่พร้อมรายงานฉบับปัจจุบัน",
            code="report_changed",
        )


def _locked(memo: Memo) -> Memo:
    return Memo.objects.select_for_update().select_related("agency", "year").get(pk=memo.pk)


def _fields_snapshot(memo: Memo) -> dict:
    return {name: getattr(memo, name) for name in MEMO_FIELDS}


def _check_texts(memo: Memo) -> None:
    try:
        memo.full_clean(exclude=["agency", "year", "author", "report_document", "document"])
    except ValidationError as error:
        raise ValidationError(error.message_dict) from error


# -- drafting ------------------------------------------------------------------------------


def memo_create(
    *,
    agency: Agency,
    year: AssessmentYear,
    report_kind: str,
    report_layout: str = "",
    report_round: str = "",
    acting_user,
    **fields,
) -> Memo:
    """A new draft memo carrying one report of the agency-year."""
    if not may(acting_user, ADD_MEMO, agency):
        raise PermissionDenied("คุณไม่มีสิทธิ์จัดทำบันทึกข้อความของหน่วยงานนี้")
    if report_kind not in ReportKind.values:
        raise ValidationError("ไม่รู้จักรายงานชนิดนี้")
    unknown = set(fields) - set(MEMO_FIELDS)
    if unknown:
        raise ValueError(f"unknown memo fields: {sorted(unknown)}")
    memo = Memo(
        agency=agency,
        year=year,
        report_kind=report_kind,
        report_layout=report_layout if report_kind == ReportKind.PROGRESS else "",
        report_round=report_round if report_kind == ReportKind.PROGRESS else "",
        author=acting_user,
        **fields,
    )
    _check_texts(memo)
    with transaction.atomic():
        memo.save()
        audit_record(
            actor=acting_user, action=Action.MEMO_CREATE, agency=agency, obj=memo,
            summary=f"ร่างบันทึกข้อความ เรื่อง {memo.subject}",
        )
    return memo


def memo_update(memo: Memo, *, acting_user, **fields) -> Memo:
    """Change a draft's texts (refused once submitted)."""
    unknown = set(fields) - set(MEMO_FIELDS)
    if unknown:
        raise ValueError(f"unknown memo fields: {sorted(unknown)}")
    with transaction.atomic():
        memo = _locked(memo)
        if not may(acting_user, CHANGE_MEMO, memo):
            raise PermissionDenied("แก้ไขได้เฉพาะร่างบันทึกข้อความของหน่วยงานของคุณ")
        before = _fields_snapshot(memo)
        for name, value in fields.items():
            setattr(memo, name, value)
        _check_texts(memo)
        memo.save()
        after = _fields_snapshot(memo)
        changed = [n for n in MEMO_FIELDS if before[n] != after[n]]
        audit_record(
            actor=acting_user, action=Action.MEMO_UPDATE, agency=memo.agency, obj=memo,
            summary=f"แก้ไขร่างบันทึกข้อความ เรื่อง {memo.subject}",
            before={n: before[n] for n in changed}, after={n: after[n] for n in changed},
        )
    return memo


# -- the report carried --------------------------------------------------------------------


def _report_options(memo: Memo) -> dict:
    preference = report_preference(memo.agency)
    layout = memo.report_layout or (
        preference.progress_layout if memo.report_kind == ReportKind.PROGRESS else ""
    )
    return {
        "layout": layout,
        "round": memo.report_round,
        "thai_digits": preference.thai_digits,
        "with_cover": preference.with_cover,
    }


def _report_payload(memo: Memo, options: dict) -> dict:
    """The report as the reports page prints it: the agency's saved wording included, so
    an unchanged report is the one already issued there."""
    return report_payload(
        memo.agency,
        memo.year,
        memo.report_kind,
        layout=options["layout"] or "by_indicator",
        with_cover=options["with_cover"],
        thai_digits=options["thai_digits"],
        round_kind=options["round"],
        wording=wording_of(report_preference(memo.agency)),
    )


def report_changes(memo: Memo) -> list[str]:
    """What differs between the issued report and the same report of today's data (Thai
    lines), or [] when it is the same."""
    document = memo.report_document
    if document is None:
        return []
    try:
        live = _report_payload(memo, document.options)
    except ReportUnavailable as missing:
        return [str(missing)]
    if payload_sha256(live) == document.payload_sha256:
        return []
    return payload_changes(document.payload, live) or ["ข้อมูลของรายงานเปลี่ยนไป"]


def _issue_report(memo: Memo, acting_user) -> IssuedDocument:
    options = _report_options(memo)
    try:
        payload = _report_payload(memo, options)
    except ReportUnavailable as missing:
        raise ValidationError(f"ยังออกรายงานที่แนบไม่ได้: {missing}") from missing
    try:
        return document_issue(
            agency=memo.agency,
            year=memo.year,
            kind=memo.report_kind,
            variant=report_variant(memo.report_kind, payload["layout"], payload["round"]),
            options={**options, "layout": payload["layout"], **payload["print_options"]},
            payload=payload,
            acting_user=acting_user,
        )
    except DocumentAlreadyIssued as already:
        return already.existing


# -- the workflow --------------------------------------------------------------------------


def memo_submit(memo: Memo, *, acting_user) -> Memo:
    """Send a draft up the chain: the report is issued (frozen) with it, the chain is
    copied into the memo's steps for this round, and the first holder is told."""
    with transaction.atomic():
        memo = _locked(memo)
        if not may(acting_user, CHANGE_MEMO, memo):
            if memo.state != MemoState.DRAFT:
                raise MemoMoved()
            raise PermissionDenied("คุณไม่มีสิทธิ์เสนอบันทึกข้อความนี้")
        _check_texts(memo)
        chain = chain_of(memo.agency)
        problems = chain_problems(memo.agency, chain)
        if problems:
            raise ValidationError(problems)
        report = _issue_report(memo, acting_user)
        memo.round += 1
        memo.state = MemoState.IN_REVIEW
        memo.report_document = report
        memo.submitted_at = timezone.now()
        memo.score_lines = score_lines(memo.agency, memo.year)
        memo.return_reason = ""
        if memo.author_id is None:
            memo.author = acting_user
        memo.save()
        ApprovalStep.objects.bulk_create(
            ApprovalStep(
                memo=memo, round=memo.round, order=index, heading=step.heading,
                kind=step.kind, role=step.role, holder=step.holder, deputy=step.deputy,
                deputy_acting=step.deputy_acting,
            )
            for index, step in enumerate(chain, start=1)
        )
        first = current_step(memo)
        audit_record(
            actor=acting_user, action=Action.MEMO_SUBMIT, agency=memo.agency, obj=memo,
            summary=f"เสนอบันทึกข้อความ เรื่อง {memo.subject} (ครั้งที่ {memo.round})"
            f" พร้อม{report.title} เลขที่ {report.number}",
            after={"round": memo.round, "report_document": report.pk},
        )
        transaction.on_commit(lambda: notifications.step_waiting(memo.pk, first.pk))
    return memo


def memo_withdraw(memo: Memo, *, acting_user) -> Memo:
    """The author takes a memo back before anyone gave an opinion."""
    with transaction.atomic():
        memo = _locked(memo)
        if not may(acting_user, WITHDRAW_MEMO, memo):
            if memo.author_id != acting_user.pk:
                raise PermissionDenied("ถอนได้เฉพาะผู้เสนอบันทึกข้อความ")
            raise ValidationError("ถอนบันทึกได้เฉพาะก่อนมีผู้ให้ความเห็น")
        ApprovalStep.objects.filter(memo=memo, round=memo.round).delete()
        memo.round -= 1
        memo.state = MemoState.DRAFT
        memo.save()
        audit_record(
            actor=acting_user, action=Action.MEMO_WITHDRAW, agency=memo.agency, obj=memo,
            summary=f"ถอนบันทึกข้อความ เรื่อง {memo.subject} กลับมาแก้ไข",
        )
    return memo


@dataclass(frozen=True)
class _Turn:
    memo: Memo
    step: ApprovalStep


def _take_turn(memo: Memo, acting_user, step_id: int) -> _Turn:
    """Lock the memo and check the actor holds the step they saw; inside a transaction."""
    memo = _locked(memo)
    if not acting_user.has_perm(VIEW_MEMO, memo):
        raise PermissionDenied("คุณไม่มีสิทธิ์ดำเนินการกับบันทึกข้อความของหน่วยงานอื่น")
    if memo.state == MemoState.DECIDED:
        raise ValidationError("บันทึกนี้ได้รับการสั่งการแล้ว ไม่สามารถดำเนินการซ้ำได้")
    step = current_step(memo)
    if step is None or step.pk != step_id:
        raise MemoMoved()
    if memo.author_id == acting_user.pk:
        raise PermissionDenied("ผู้เสนอไม่สามารถพิจารณาบันทึกของตนเองได้")
    if not may(acting_user, ACT_ON_MEMO, memo):
        raise PermissionDenied("คุณไม่ใช่ผู้พิจารณาในขั้นตอนนี้")
    return _Turn(memo=memo, step=step)


def _sign(step: ApprovalStep, memo: Memo, acting_user) -> None:
    """Who acted, as printed: name, own position, and the deputy line when acting."""
    step.acted_by = acting_user
    step.acted_at = timezone.now()
    step.actor_name = acting_user.get_full_name() or acting_user.username
    step.actor_position = position_of(acting_user, memo.agency, step.role)
    is_holder = step.holder_id == acting_user.pk or (
        step.holder_id is None
        and bool(step.role)
        and Membership.objects.filter(
            user=acting_user, agency=memo.agency, role=step.role
        ).exists()
    )
    if step.deputy_id == acting_user.pk and not is_holder:
        step.acting = step.deputy_acting or Acting.ACTING
        step.acting_for = holder_position(step, memo.agency)
    else:
        step.acting = ""
        step.acting_for = ""


def _check_choice(step: ApprovalStep, choice: str, note: str) -> None:
    if choice not in choices_for(step.kind):
        raise ValidationError({"choice": "กรุณาเลือกความเห็นหรือคำสั่งจากตัวเลือกที่มี"})
    if choice == OTHER_CHOICE and not note.strip():
        raise ValidationError({"note": "เลือก “อื่น ๆ” แล้ว กรุณาพิมพ์ความเห็นหรือคำสั่ง"})


def memo_forward(memo: Memo, *, acting_user, step_id: int, choice: str, note: str = "") -> Memo:
    """Give this step's opinion and send the memo on to the next step."""
    with transaction.atomic():
        turn = _take_turn(memo, acting_user, step_id)
        memo, step = turn.memo, turn.step
        if step.kind != StepKind.OPINION:
            raise ValidationError("ขั้นตอนนี้เป็นขั้นตอนสั่งการ กรุณาเลือกอนุมัติหรือไม่อนุมัติ")
        _check_choice(step, choice, note)
        _sign(step, memo, acting_user)
        step.outcome = "forwarded"
        step.choice = choice
        step.note = note.strip()
        step.save()
        memo.save(update_fields=["updated_at"])
        following = current_step(_locked(memo))
        audit_record(
            actor=acting_user, action=Action.MEMO_FORWARD, agency=memo.agency, obj=memo,
            summary=f"{step.heading}: {choice} — เสนอต่อ{following.heading if following else ''}",
            after={"step": step.heading, "choice": choice, "note": step.note},
        )
        if following is not None:
            transaction.on_commit(lambda: notifications.step_waiting(memo.pk, following.pk))
    return memo


def memo_return(memo: Memo, *, acting_user, step_id: int, reason: str) -> Memo:
    """Send the memo back to its author as a draft, with the reason; opinions given in
    this round stay as history."""
    if not reason.strip():
        raise ValidationError({"reason": "กรุณาระบุเหตุผลที่ส่งคืนให้แก้ไข"})
    with transaction.atomic():
        turn = _take_turn(memo, acting_user, step_id)
        memo, step = turn.memo, turn.step
        _sign(step, memo, acting_user)
        step.outcome = "returned"
        step.note = reason.strip()
        step.save()
        memo.state = MemoState.DRAFT
        memo.return_reason = f"{step.heading} ({step.actor_name}): {reason.strip()}"
        memo.save()
        audit_record(
            actor=acting_user, action=Action.MEMO_RETURN, agency=memo.agency, obj=memo,
            summary=f"ส่งคืนบันทึกข้อความ เรื่อง {memo.subject} ให้แก้ไข: {reason.strip()}",
        )
        transaction.on_commit(lambda: notifications.memo_returned(memo.pk))
    return memo


def memo_decide(memo: Memo, *, acting_user, step_id: int, choice: str, note: str = "") -> Memo:
    """The last step: อนุมัติ / ไม่อนุมัติ / อื่น ๆ. The memo takes its number from the
    agency's memo register and its date, and is issued (frozen) with its report."""
    with transaction.atomic():
        turn = _take_turn(memo, acting_user, step_id)
        memo, step = turn.memo, turn.step
        if step.kind != StepKind.DECISION:
            raise ValidationError("ขั้นตอนนี้เป็นขั้นตอนให้ความเห็น ยังไม่ถึงขั้นตอนสั่งการ")
        _check_choice(step, choice, note)
        changes = report_changes(memo)
        if changes:
            raise ReportChanged(changes)
        _sign(step, memo, acting_user)
        step.outcome = "decided"
        step.choice = choice
        step.note = note.strip()
        step.save()
        year = memo.year.year
        memo.number = register_take(memo.agency, MEMO_SERIES, year)
        memo.memo_date = today()
        memo.state = MemoState.DECIDED
        memo.decision = choice
        memo.decided_at = step.acted_at
        memo.save()
        memo.document = document_create(
            agency=memo.agency, year=year, kind="memo", variant=f"memo-{memo.pk}",
            payload=memo_payload(memo), acting_user=acting_user, series=MEMO_SERIES,
            number=memo.number, options={"memo": memo.pk, "thai_digits": memo.thai_digits},
        )
        memo.save(update_fields=["document"])
        audit_record(
            actor=acting_user, action=Action.MEMO_DECIDE, agency=memo.agency, obj=memo,
            summary=f"{step.heading}: {choice} — บันทึกข้อความเลขที่ {memo.number}/{year}"
            f" เรื่อง {memo.subject}",
            after={"decision": choice, "note": step.note, "number": memo.number},
        )
        transaction.on_commit(lambda: notifications.memo_decided(memo.pk))
    return memo


# -- the chain, signatures, emblem -----------------------------------------------------------


@dataclass(frozen=True)
class ChainStepData:
    heading: str
    kind: str
    role: str = ""
    holder: object = None
    deputy: object = None
    deputy_acting: str = ""


def chain_save(agency: Agency, steps: list[ChainStepData], *, acting_user) -> list[ChainStep]:
    """Replace the agency's chain. Memos under way keep the steps they were sent with."""
    if not acting_user.has_perm(CONFIGURE_CHAIN, agency):
        raise PermissionDenied("คุณไม่มีสิทธิ์กำหนดขั้นตอนการเสนอของหน่วยงานนี้")
    members = set(Membership.objects.filter(agency=agency).values_list("user_id", flat=True))
    errors = []
    for number, step in enumerate(steps, start=1):
        if not step.heading.strip():
            errors.append(f"ขั้นตอนที่ {number}: กรุณากรอกหัวข้อที่พิมพ์")
        if bool(step.role) == bool(step.holder):
            errors.append(f"ขั้นตอนที่ {number}: เลือกบทบาทหรือระบุชื่อผู้พิจารณาอย่างใดอย่างหนึ่ง")
        for person in (step.holder, step.deputy):
            if person is not None and person.pk not in members:
                errors.append(f"ขั้นตอนที่ {number}: ผู้ที่เลือกไม่ได้เป็นสมาชิกของหน่วยงาน")
        if step.deputy is not None and not step.deputy_acting:
            errors.append(f"ขั้นตอนที่ {number}: ระบุฐานะของผู้แทน (รักษาราชการแทน/ปฏิบัติราชการแทน)")
    new_chain = [
        ChainStep(agency=agency, order=number, heading=s.heading.strip(), kind=s.kind,
                  role=s.role, holder=s.holder, deputy=s.deputy,
                  deputy_acting=s.deputy_acting if s.deputy else "")
        for number, s in enumerate(steps, start=1)
    ]
    if not errors:
        errors = chain_problems(agency, new_chain)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Agency.objects.select_for_update().get(pk=agency.pk)
        before = [s.heading for s in chain_of(agency)]
        ChainStep.objects.filter(agency=agency).delete()
        ChainStep.objects.bulk_create(new_chain)
        audit_record(
            actor=acting_user, action=Action.CHAIN_SAVE, agency=agency, obj=agency,
            summary="กำหนดขั้นตอนการเสนอ: " + " → ".join(s.heading for s in new_chain),
            before={"steps": before}, after={"steps": [s.heading for s in new_chain]},
        )
    return chain_of(agency)


def signature_save(*, acting_user, image) -> Signature | None:
    """A person's own signature image; None removes it (the typed name is printed)."""
    with transaction.atomic():
        existing = Signature.objects.select_for_update().filter(user=acting_user).first()
        if image is None:
            if existing is not None:
                existing.delete()
            result = None
        else:
            signature = existing or Signature(user=acting_user)
            signature.image = image
            signature.save()
            result = signature
        audit_record(
            actor=acting_user, action=Action.SIGNATURE_SAVE,
            summary="ลบภาพลายมือชื่อ" if image is None else "บันทึกภาพลายมือชื่อ",
        )
    return result


def emblem_save(agency: Agency, *, acting_user, image) -> MemoSettings:
    if not acting_user.has_perm(CONFIGURE_CHAIN, agency):
        raise PermissionDenied("คุณไม่มีสิทธิ์เปลี่ยนตราสัญลักษณ์ของหน่วยงานนี้")
    with transaction.atomic():
        settings, _ = MemoSettings.objects.select_for_update().get_or_create(agency=agency)
        settings.emblem = image or ""
        settings.save()
        audit_record(
            actor=acting_user, action=Action.CHAIN_SAVE, agency=agency, obj=agency,
            summary="ลบตราสัญลักษณ์ของบันทึกข้อความ" if not image
            else "เปลี่ยนตราสัญลักษณ์ของบันทึกข้อความ",
        )
    return settings


def default_chain(agency: Agency) -> list[ChainStepData]:
    """The usual อปท. chain: หัวหน้าสำนักปลัด → ปลัด → นายก (offered to a new agency)."""
    palad = "ปลัด" + agency.name
    return [
        ChainStepData("ความเห็นหัวหน้าสำนักปลัด", StepKind.OPINION, Role.HEAD_OF_OFFICE),
        ChainStepData(f"ความเห็น{palad}", StepKind.OPINION, Role.PALAD),
        ChainStepData(f"คำสั่ง{executive_title(agency)}", StepKind.DECISION, Role.EXECUTIVE),
    ]
