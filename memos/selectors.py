"""Reads of memos and chains: whose turn it is, what waits for whom."""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet

from ita_portal.agencies.models import Agency, Membership
from ita_portal.agencies.predicates import roles_by_agency
from memos.models import ApprovalStep, ChainStep, Memo, MemoState, StepKind


def chain_of(agency: Agency) -> list[ChainStep]:
    return list(
        ChainStep.objects.filter(agency=agency).select_related("holder", "deputy").order_by("order")
    )


def steps_of_round(memo: Memo, round_number: int | None = None) -> list[ApprovalStep]:
    """The steps of one submission (the current one by default), in order."""
    wanted = memo.round if round_number is None else round_number
    cached = getattr(memo, "_prefetched_objects_cache", {}).get("steps")
    if cached is not None:
        return sorted((s for s in cached if s.round == wanted), key=lambda s: s.order)
    return list(
        memo.steps.filter(round=wanted).select_related("holder", "deputy", "acted_by")
    )


def current_step(memo: Memo) -> ApprovalStep | None:
    """The step whose holder must act now, or None (a draft or a decided memo)."""
    if memo.state != MemoState.IN_REVIEW:
        return None
    for step in steps_of_round(memo):
        if step.is_waiting:
            return step
    return None


def holds_step(user, step: ApprovalStep, agency_id: int) -> bool:
    """The user holds the step: named holder, named deputy, or a holder of its role."""
    if not getattr(user, "is_authenticated", False):
        return False
    if step.holder_id is not None:
        return user.pk in (step.holder_id, step.deputy_id)
    if step.deputy_id == user.pk:
        return True
    return bool(step.role) and step.role in roles_by_agency(user).get(agency_id, set())


def can_act(user, memo: Memo) -> bool:
    """Only the current step's holder acts, and never on their own memo."""
    step = current_step(memo)
    return (
        step is not None
        and getattr(user, "pk", None) != memo.author_id
        and holds_step(user, step, memo.agency_id)
    )


def step_holders(step, agency: Agency) -> list:
    """Everyone who may take a step (ChainStep or ApprovalStep): for mail and the page."""
    User = get_user_model()
    ids = {pk for pk in (step.holder_id, step.deputy_id) if pk}
    if step.holder_id is None and step.role:
        ids |= set(
            Membership.objects.filter(agency=agency, role=step.role).values_list(
                "user_id", flat=True
            )
        )
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("username"))


def position_of(user, agency: Agency, role: str = "") -> str:
    """The title printed under a person's name: the membership of that role if any."""
    memberships = list(Membership.objects.filter(user=user, agency=agency))
    for membership in memberships:
        if role and membership.role == role:
            return membership.position_title
    return memberships[0].position_title if memberships else ""


def holder_position(step, agency: Agency) -> str:
    """The position a step stands for (what a deputy acts for)."""
    if step.holder_id:
        return position_of(step.holder, agency, step.role)
    membership = (
        Membership.objects.filter(agency=agency, role=step.role).order_by("id").first()
        if step.role
        else None
    )
    if membership is not None:
        return membership.position_title
    return step.get_role_display() if step.role else ""


def with_steps(memos: QuerySet[Memo]) -> QuerySet[Memo]:
    return memos.select_related("agency", "year", "author").prefetch_related(
        Prefetch("steps", queryset=ApprovalStep.objects.select_related("acted_by"))
    )


def memos_of(agency: Agency) -> list[Memo]:
    return list(with_steps(Memo.objects.filter(agency=agency)))


def memos_waiting_for(user, agency: Agency | None = None) -> list[Memo]:
    """Memos whose current step the user holds (the "รอพิจารณา" list), oldest first."""
    agency_ids = list(roles_by_agency(user))
    if agency is not None:
        agency_ids = [agency.pk] if agency.pk in agency_ids else []
    if not agency_ids:
        return []
    memos = with_steps(
        Memo.objects.filter(agency_id__in=agency_ids, state=MemoState.IN_REVIEW)
    ).order_by("submitted_at", "id")
    return [memo for memo in memos if can_act(user, memo)]


def chain_problems(agency: Agency, chain: list[ChainStep] | None = None) -> list[str]:
    """Why this chain cannot carry a memo (Thai), or []."""
    chain = chain_of(agency) if chain is None else chain
    if not chain:
        return ["หน่วยงานยังไม่ได้กำหนดขั้นตอนการเสนอบันทึกข้อความ"]
    problems = []
    decisions = [s for s in chain if s.kind == StepKind.DECISION]
    if not decisions:
        problems.append("ขั้นตอนการเสนอต้องมีขั้นตอนสั่งการ (อนุมัติ/ไม่อนุมัติ) หนึ่งขั้นตอน")
    elif len(decisions) > 1 or chain[-1].kind != StepKind.DECISION:
        problems.append("ขั้นตอนสั่งการ (อนุมัติ/ไม่อนุมัติ) ต้องมีขั้นตอนเดียวและเป็นขั้นตอนสุดท้าย")
    for step in chain:
        if not step_holders(step, agency):
            who = step.get_role_display() if step.role else "ผู้ที่ระบุชื่อ"
            problems.append(f"ขั้นตอน “{step.heading}”: ไม่มีผู้ใดในหน่วยงานเป็น{who}")
    return problems


def steps_history(memo: Memo) -> list[tuple[int, list[ApprovalStep]]]:
    """Every submission round's steps, newest first (returned rounds are history)."""
    return [(n, steps_of_round(memo, n)) for n in range(memo.round, 0, -1)]
