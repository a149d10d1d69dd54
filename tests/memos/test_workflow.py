"""The memo's workflow, each rule tested in the service that holds it: every transition,
every refusal (and that a refusal changes nothing), the chain, deputies and mail."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from assessments.models import AssessmentYear
from ita_portal.agencies.models import Membership, Role
from ita_portal.audit.models import AuditEvent
from ita_portal.documents.models import IssuedDocument, RegisterCounter
from measures.models import Measure
from memos.documents import memo_defaults, memo_payload
from memos.models import ApprovalStep, Memo, MemoState, StepKind
from memos.selectors import current_step, memos_waiting_for
from memos.services import (
    ChainStepData,
    MemoMoved,
    ReportChanged,
    chain_save,
    default_chain,
    memo_create,
    memo_decide,
    memo_forward,
    memo_return,
    memo_submit,
    memo_update,
    memo_withdraw,
)

YEAR = 2567
pytestmark = pytest.mark.django_db


@pytest.fixture
def people(demo):
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="demo_")}
    chain_save(demo["agency"], default_chain(demo["agency"]),
               acting_user=users["demo_agency_admin"])
    return users


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a service and then what it left for after commit (mail, rendering)."""

    def run(service, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(*args, **kwargs)

    return run


@pytest.fixture
def year():
    return AssessmentYear.objects.get(year=YEAR)


def draft(agency, year, user, **overrides) -> Memo:
    fields = {**memo_defaults(agency, year, "plan", "", user), **overrides}
    return memo_create(agency=agency, year=year, report_kind="plan", acting_user=user, **fields)


def snapshot(memo: Memo) -> tuple:
    """Everything an action could change: the memo row, its steps, the registers."""
    memo = Memo.objects.get(pk=memo.pk)
    return (
        memo.state, memo.round, memo.number, memo.decision, memo.return_reason,
        memo.document_id,
        list(ApprovalStep.objects.filter(memo=memo).values_list("outcome", "choice", "note")),
        list(RegisterCounter.objects.values_list("series", "last_number")),
        IssuedDocument.objects.count(),
        AuditEvent.objects.count(),
    )


def act(memo, user, choice="เพื่อโปรดพิจารณาอนุมัติ", note=""):
    memo = Memo.objects.get(pk=memo.pk)
    step = current_step(memo)
    if step.kind == StepKind.DECISION:
        return memo_decide(memo, acting_user=user, step_id=step.pk, choice=choice, note=note)
    return memo_forward(memo, acting_user=user, step_id=step.pk, choice=choice, note=note)


def test_the_whole_chain_numbers_dates_and_freezes_the_memo(
    demo, people, year, mailoutbox, commit
):
    agency = demo["agency"]
    memo = draft(agency, year, people["demo_officer"])
    assert memo.state == MemoState.DRAFT and memo.number is None

    memo = commit(memo_submit, memo, acting_user=people["demo_officer"])
    assert memo.state == MemoState.IN_REVIEW and memo.round == 1
    report = memo.report_document
    assert report.kind == "plan" and report.series == "report"
    assert current_step(memo).heading == "ความเห็นหัวหน้าสำนักปลัด"
    assert [m.pk for m in memos_waiting_for(people["demo_head"])] == [memo.pk]
    assert memos_waiting_for(people["demo_palad"]) == []
    assert [m.to for m in mailoutbox] == [[people["demo_head"].email]]

    commit(act, memo, people["demo_head"], note="เห็นควรนำเสนอ")
    assert mailoutbox[-1].to == [people["demo_palad"].email]
    assert [m.pk for m in memos_waiting_for(people["demo_palad"])] == [memo.pk]
    commit(act, memo, people["demo_palad"])
    memo = commit(act, memo, people["demo_mayor"], choice="อนุมัติ", note="ให้ดำเนินการ")

    assert memo.state == MemoState.DECIDED and memo.decision == "อนุมัติ"
    assert memo.number == 1 and memo.memo_date is not None
    document = memo.document
    assert (document.series, document.number, document.kind) == ("memo", 1, "memo")
    payload = document.payload
    assert payload["draft"] is False and payload["header"]["number"] == 1
    assert [s["choice"] for s in payload["steps"]] == [
        "เพื่อโปรดพิจารณาอนุมัติ", "เพื่อโปรดพิจารณาอนุมัติ", "อนุมัติ"
    ]
    assert payload["steps"][0]["name"] == "วิชัย รักษ์ธรรม"
    assert payload["steps"][0]["position"] == "หัวหน้าสำนักปลัด"
    assert payload["report"]["payload_sha256"] == report.payload_sha256
    assert list(AuditEvent.objects.filter(object_id=str(memo.pk), object_type="memo")
                .order_by("id").values_list("action", flat=True)) == [
        "memo.create", "memo.submit", "memo.forward", "memo.forward", "memo.decide"
    ]
    # the author hears of the decision; each next holder heard of their turn
    assert mailoutbox[-1].to == [people["demo_officer"].email]
    assert "อนุมัติ" in mailoutbox[-1].subject
    # a second memo of the year takes the next number
    other = memo_submit(draft(agency, year, people["demo_officer"]),
                        acting_user=people["demo_officer"])
    for user in ("demo_head", "demo_palad"):
        act(other, people[user])
    assert act(other, people["demo_mayor"], choice="ไม่อนุมัติ", note="ทบทวน").number == 2


def test_submitting_again_reuses_the_report_already_issued_with_the_same_data(
    demo, people, year
):
    first = memo_submit(draft(demo["agency"], year, people["demo_officer"]),
                        acting_user=people["demo_officer"])
    second = memo_submit(draft(demo["agency"], year, people["demo_officer"]),
                         acting_user=people["demo_officer"])
    assert first.report_document_id == second.report_document_id


@pytest.mark.parametrize(
    "username, error",
    [
        ("demo_palad", PermissionDenied),  # out of turn: the memo waits at the head
        ("demo_mayor", PermissionDenied),
        ("demo_officer", PermissionDenied),  # the author
        ("demo_officer_b", PermissionDenied),  # another agency
        ("demo_admin", PermissionDenied),  # a system administrator signs for nobody
    ],
)
def test_only_the_current_holder_acts_and_a_refusal_changes_nothing(
    demo, people, year, username, error
):
    memo = memo_submit(draft(demo["agency"], year, people["demo_officer"]),
                       acting_user=people["demo_officer"])
    before = snapshot(memo)
    step = current_step(memo)
    with pytest.raises(error):
        memo_forward(memo, acting_user=people[username], step_id=step.pk,
                     choice="เพื่อโปรดทราบ")
    with pytest.raises(error):
        memo_return(memo, acting_user=people[username], step_id=step.pk, reason="แก้")
    assert snapshot(memo) == before


def test_nobody_acts_on_their_own_memo(demo, people, year):
    """The head drafts a memo whose first step is the head's own."""
    memo = memo_submit(draft(demo["agency"], year, people["demo_head"]),
                       acting_user=people["demo_head"])
    before = snapshot(memo)
    with pytest.raises(PermissionDenied, match="ผู้เสนอไม่สามารถพิจารณาบันทึกของตนเองได้"):
        act(memo, people["demo_head"])
    assert snapshot(memo) == before
    assert memos_waiting_for(people["demo_head"]) == []


def test_a_second_holder_acting_on_the_step_already_taken_is_told_and_changes_nothing(
    demo, people, year
):
    second_head = get_user_model().objects.create_user("head2", email="h2@example.go.th")
    Membership.objects.create(user=second_head, agency=demo["agency"],
                              role=Role.HEAD_OF_OFFICE, position_title="หัวหน้าสำนักปลัด")
    memo = memo_submit(draft(demo["agency"], year, people["demo_officer"]),
                       acting_user=people["demo_officer"])
    seen = current_step(memo).pk
    memo_forward(memo, acting_user=people["demo_head"], step_id=seen, choice="เพื่อโปรดทราบ")
    before = snapshot(memo)
    with pytest.raises(MemoMoved, match="มีผู้ดำเนินการไปแล้ว"):
        memo_forward(memo, acting_user=second_head, step_id=seen, choice="อื่น ๆ", note="x")
    assert snapshot(memo) == before


def test_a_decided_memo_cannot_be_acted_on_again(demo, people, year):
    memo = memo_submit(draft(demo["agency"], year, people["demo_officer"]),
                       acting_user=people["demo_officer"])
    act(memo, people["demo_head"])
    act(memo, people["demo_palad"])
    last = current_step(Memo.objects.get(pk=memo.pk)).pk
    act(memo, people["demo_mayor"], choice="อนุมัติ")
    before = snapshot(memo)
    with pytest.raises(ValidationError, match="สั่งการแล้ว"):
        memo_decide(memo, acting_user=people["demo_mayor"], step_id=last, choice="ไม่อนุมัติ")
    assert snapshot(memo) == before


def test_wrong_kind_of_action_and_other_without_text_are_refused(demo, people, year):
    memo = memo_submit(draft(demo["agency"], year, people["demo_officer"]),
                       acting_user=people["demo_officer"])
    step = current_step(memo)
    before = snapshot(memo)
    with pytest.raises(ValidationError, match="ขั้นตอนให้ความเห็น"):
        memo_decide(memo, acting_user=people["demo_head"], step_id=step.pk, choice="อนุมัติ")
    with pytest.raises(ValidationError):
        memo_forward(memo, acting_user=people["demo_head"], step_id=step.pk, choice="อนุมัติ")
    with pytest.raises(ValidationError) as other:
        memo_forward(memo, acting_user=people["demo_head"], step_id=step.pk, choice="อื่น ๆ")
    assert "กรุณาพิมพ์ความเห็น" in str(other.value)
    assert snapshot(memo) == before


def test_return_for_revision_keeps_the_opinions_as_history_and_resubmission_starts_over(
    demo, people, year, mailoutbox, commit
):
    officer = people["demo_officer"]
    memo = memo_submit(draft(demo["agency"], year, officer), acting_user=officer)
    act(memo, people["demo_head"], note="ผ่าน")
    step = current_step(Memo.objects.get(pk=memo.pk))
    with pytest.raises(ValidationError):
        memo_return(memo, acting_user=people["demo_palad"], step_id=step.pk, reason="  ")
    memo = commit(memo_return, memo, acting_user=people["demo_palad"], step_id=step.pk,
                  reason="แก้ไขตัวเลขในข้อเท็จจริง")
    assert memo.state == MemoState.DRAFT
    assert "แก้ไขตัวเลขในข้อเท็จจริง" in memo.return_reason
    assert mailoutbox[-1].to == [officer.email]
    memo = memo_update(memo, acting_user=officer, facts="ข้อเท็จจริงที่แก้แล้ว")
    memo = memo_submit(memo, acting_user=officer)
    assert memo.round == 2 and memo.return_reason == ""
    assert current_step(memo).heading == "ความเห็นหัวหน้าสำนักปลัด"
    first_round = ApprovalStep.objects.filter(memo=memo, round=1).order_by("order")
    assert [s.outcome for s in first_round] == ["forwarded", "returned", ""]


def test_the_author_withdraws_only_before_the_first_opinion(demo, people, year):
    officer = people["demo_officer"]
    memo = memo_submit(draft(demo["agency"], year, officer), acting_user=officer)
    with pytest.raises(PermissionDenied):
        memo_withdraw(memo, acting_user=people["demo_head"])
    memo = memo_withdraw(memo, acting_user=officer)
    assert memo.state == MemoState.DRAFT and memo.round == 0
    memo = memo_submit(memo, acting_user=officer)
    act(memo, people["demo_head"])
    before = snapshot(memo)
    with pytest.raises(ValidationError, match="ก่อนมีผู้ให้ความเห็น"):
        memo_withdraw(memo, acting_user=officer)
    assert snapshot(memo) == before


def test_a_decision_on_a_report_whose_data_changed_is_refused_with_the_changes(
    demo, people, year
):
    memo = memo_submit(draft(demo["agency"], year, people["demo_officer"]),
                       acting_user=people["demo_officer"])
    act(memo, people["demo_head"])
    act(memo, people["demo_palad"])
    measure = Measure.objects.filter(agency=demo["agency"], year=year).order_by("order").first()
    Measure.objects.filter(pk=measure.pk).update(title="มาตรการที่แก้ชื่อหลังเสนอ")
    before = snapshot(memo)
    with pytest.raises(ReportChanged) as refused:
        act(memo, people["demo_mayor"], choice="อนุมัติ")
    assert any("มาตรการที่แก้ชื่อหลังเสนอ" in line for line in refused.value.changes)
    assert snapshot(memo) == before


def test_missing_subject_or_salutation_is_refused_and_nothing_is_saved(demo, people, year):
    count = Memo.objects.count()
    for field in ("subject", "salutation"):
        with pytest.raises(ValidationError) as refused:
            draft(demo["agency"], year, people["demo_officer"], **{field: "  "})
        assert field in refused.value.message_dict
    assert Memo.objects.count() == count


def test_a_chain_without_a_decision_or_with_a_role_nobody_holds_is_refused(demo, people):
    agency = demo["agency"]
    admin = people["demo_agency_admin"]
    before = list(agency.chain_steps.values_list("heading", flat=True))
    with pytest.raises(ValidationError, match="ขั้นตอนสั่งการ"):
        chain_save(agency, [ChainStepData("ความเห็นปลัด", StepKind.OPINION, Role.PALAD)],
                   acting_user=admin)
    Membership.objects.filter(agency=agency, role=Role.EXECUTIVE).delete()
    with pytest.raises(ValidationError, match="ไม่มีผู้ใดในหน่วยงานเป็นนายก"):
        chain_save(agency, default_chain(agency), acting_user=admin)
    with pytest.raises(PermissionDenied):
        chain_save(agency, default_chain(agency), acting_user=people["demo_officer"])
    assert list(agency.chain_steps.values_list("heading", flat=True)) == before


def test_submitting_without_a_usable_chain_is_refused_and_the_draft_stays(demo, people, year):
    other = demo["other_agency"]  # has only an officer: nobody to approve
    officer_b = people["demo_officer_b"]
    memo = draft(other, year, officer_b)
    before = snapshot(memo)
    with pytest.raises(ValidationError, match="ยังไม่ได้กำหนดขั้นตอน"):
        memo_submit(memo, acting_user=officer_b)
    assert snapshot(memo) == before


def test_a_named_deputy_acts_and_the_printed_position_says_so(demo, people, year):
    agency = demo["agency"]
    deputy = people["demo_head"]
    chain = default_chain(agency)
    chain[1] = ChainStepData(chain[1].heading, StepKind.OPINION, Role.PALAD,
                             deputy=deputy, deputy_acting="รักษาราชการแทน")
    chain_save(agency, chain, acting_user=people["demo_agency_admin"])
    memo = memo_submit(draft(agency, year, people["demo_officer"]),
                       acting_user=people["demo_officer"])
    act(memo, people["demo_head"])
    act(memo, deputy, note="แทนปลัด")  # the head again, now as the deputy of ปลัด
    step = ApprovalStep.objects.get(memo=memo, round=1, order=2)
    assert (step.acting, step.acting_for) == (
        "รักษาราชการแทน", "ปลัดองค์การบริหารส่วนตำบลทุ่งรวงทอง"
    )
    printed = memo_payload(Memo.objects.get(pk=memo.pk))["steps"][1]
    assert printed["acting"] == "รักษาราชการแทน"
    assert printed["position"] == "หัวหน้าสำนักปลัด"


def test_a_reader_cannot_draft_or_edit_and_a_submitted_memo_is_not_editable(
    demo, people, year
):
    with pytest.raises(PermissionDenied):
        draft(demo["agency"], year, people["demo_mayor"])
    memo = memo_submit(draft(demo["agency"], year, people["demo_officer"]),
                       acting_user=people["demo_officer"])
    before = snapshot(memo)
    with pytest.raises(PermissionDenied):
        memo_update(memo, acting_user=people["demo_officer"], subject="เปลี่ยน")
    assert snapshot(memo) == before
    assert Memo.objects.get(pk=memo.pk).subject != "เปลี่ยน"


def test_the_approved_memo_and_its_report_stay_as_issued_when_the_data_changes(
    demo, people, year, settings, tmp_path
):
    from ita_portal.documents.renderer import document_render, document_verify

    memo = memo_submit(draft(demo["agency"], year, people["demo_officer"]),
                       acting_user=people["demo_officer"])
    for username in ("demo_head", "demo_palad"):
        act(memo, people[username])
    memo = act(memo, people["demo_mayor"], choice="อนุมัติ")
    memo_document = document_render(memo.document_id)
    report_document = document_render(memo.report_document_id)
    frozen = (memo_document.payload_sha256, report_document.payload_sha256)
    Measure.objects.filter(agency=demo["agency"], year=year).update(title="แก้หลังอนุมัติ")
    memo_document.refresh_from_db()
    report_document.refresh_from_db()
    assert (memo_document.payload_sha256, report_document.payload_sha256) == frozen
    same, _sha = document_verify(memo_document)
    assert same  # re-rendered from the frozen payload: byte for byte the stored file
    text = str(memo_document.payload)
    assert "แก้หลังอนุมัติ" not in text and "แก้หลังอนุมัติ" not in str(report_document.payload)
