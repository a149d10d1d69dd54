"""Memo actions under real concurrency (PostgreSQL row locks)."""


import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from assessments.models import AssessmentYear
from ita_portal.agencies.demo import seed_demo
from ita_portal.agencies.models import Agency, Membership, Role
from memos.documents import memo_defaults
from memos.models import Memo, MemoState, StepKind
from memos.selectors import current_step
from memos.services import (
    ChainStepData,
    MemoMoved,
    chain_save,
    default_chain,
    memo_create,
    memo_decide,
    memo_forward,
    memo_submit,
)
from tests.threads import run_at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are PostgreSQL's; SQLite serialises"
    ),
]

MEMOS = 50


@pytest.fixture
def agency(monkeypatch):
    # The PDFs are not what is measured here: keep the 50 renders out of the threads.
    monkeypatch.setattr("ita_portal.documents.services.enqueue_render", lambda pk: None)
    call_command("load_criteria", "2567", verbosity=0)
    seed_demo(with_passwords=False)
    return Agency.objects.get(code="thung-ruang-thong")


def users():
    return {u.username: u for u in get_user_model().objects.filter(username__startswith="demo_")}


def submitted(agency, people, count):
    year = AssessmentYear.objects.get(year=2567)
    officer = people["demo_officer"]
    fields = memo_defaults(agency, year, "plan", "", officer)
    return [
        memo_submit(memo_create(agency=agency, year=year, report_kind="plan",
                                acting_user=officer, **fields), acting_user=officer)
        for _ in range(count)
    ]


def test_fifty_concurrent_final_approvals_get_fifty_consecutive_numbers(agency):
    people = users()
    chain_save(
        agency,
        [ChainStepData("คำสั่งนายก", StepKind.DECISION, Role.EXECUTIVE)],
        acting_user=people["demo_agency_admin"],
    )
    memos = submitted(agency, people, MEMOS)
    mayor = people["demo_mayor"]

    def decide(memo):
        step = current_step(Memo.objects.get(pk=memo.pk))
        return memo_decide(memo, acting_user=mayor, step_id=step.pk, choice="อนุมัติ").number

    numbers, errors = run_at_once(decide, memos)
    assert errors == []
    assert sorted(numbers) == list(range(1, MEMOS + 1))
    documents = Memo.objects.filter(agency=agency).values_list("document__number", flat=True)
    assert sorted(documents) == list(range(1, MEMOS + 1))


def test_two_holders_acting_on_one_step_at_once_one_wins(agency):
    people = users()
    chain_save(agency, default_chain(agency), acting_user=people["demo_agency_admin"])
    second = get_user_model().objects.create_user("head_two")
    Membership.objects.create(user=second, agency=agency, role=Role.HEAD_OF_OFFICE,
                              position_title="หัวหน้าสำนักปลัด")
    (memo,) = submitted(agency, people, 1)
    step = current_step(memo)

    def forward(user):
        return memo_forward(memo, acting_user=user, step_id=step.pk, choice="เพื่อโปรดทราบ")

    results, errors = run_at_once(forward, [people["demo_head"], second])
    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], MemoMoved)
    memo.refresh_from_db()
    assert memo.state == MemoState.IN_REVIEW
    assert current_step(memo).order == 2
