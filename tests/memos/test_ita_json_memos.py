"""export_ita / import_ita carry memos: header, body, steps, decision, number and date."""

import copy
import json

import pytest
from django.contrib.auth import get_user_model

from assessments.models import AssessmentYear
from ita_portal.documents.models import RegisterCounter
from memos.documents import memo_defaults
from memos.models import Memo, MemoState
from memos.selectors import current_step
from memos.services import (
    chain_save,
    default_chain,
    memo_create,
    memo_decide,
    memo_forward,
    memo_submit,
)
from reports.ita_json import dumps, export_agency_year, import_agency_year, validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(demo):
    agency = demo["agency"]
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="demo_")}
    chain_save(agency, default_chain(agency), acting_user=users["demo_agency_admin"])
    year = AssessmentYear.objects.get(year=2567)
    officer = users["demo_officer"]
    fields = memo_defaults(agency, year, "plan", "", officer)
    decided = memo_submit(memo_create(agency=agency, year=year, report_kind="plan",
                                      acting_user=officer, **fields), acting_user=officer)
    for username in ("demo_head", "demo_palad"):
        memo_forward(decided, acting_user=users[username],
                     step_id=current_step(Memo.objects.get(pk=decided.pk)).pk,
                     choice="เพื่อโปรดพิจารณาอนุมัติ", note=f"ความเห็น {username}")
    memo_decide(decided, acting_user=users["demo_mayor"],
                step_id=current_step(Memo.objects.get(pk=decided.pk)).pk, choice="อนุมัติ")
    memo_create(agency=agency, year=year, report_kind="analysis", acting_user=officer,
                **memo_defaults(agency, year, "analysis", "", officer))
    return json.loads(dumps(export_agency_year(agency, 2567)))


def moved(data: dict) -> dict:
    copied = copy.deepcopy(data)
    copied["agency"].update(code="thung-ruang-thong-copy", name="อบต.ทุ่งรวงทอง (สำเนา)")
    return copied


def test_export_carries_memos_with_their_steps_and_references(exported):
    decided, draft = exported["memos"]
    assert decided["state"] == "decided" and decided["number"] == 1
    assert decided["document"] == {"series": "memo", "number": 1}
    assert decided["report_document"]["series"] == "report"
    assert [s["choice"] for s in decided["steps"]] == [
        "เพื่อโปรดพิจารณาอนุมัติ", "เพื่อโปรดพิจารณาอนุมัติ", "อนุมัติ"
    ]
    assert draft["state"] == "draft" and draft["number"] is None and draft["steps"] == []


def test_import_keeps_number_texts_and_history_and_moves_the_register(exported):
    plan, errors = validate(moved(exported))
    assert errors == []
    agency = import_agency_year(plan)
    decided = Memo.objects.get(agency=agency, state=MemoState.DECIDED)
    assert decided.imported and decided.number == 1 and decided.decision == "อนุมัติ"
    assert decided.document.series == "memo" and decided.document.number == 1
    assert decided.steps.count() == 3
    assert decided.steps.get(order=1).note == "ความเห็น demo_head"
    counter = RegisterCounter.objects.get(agency=agency, series="memo", year=2567)
    assert counter.last_number == 1


def test_a_paper_memo_without_a_document_keeps_its_number(exported):
    data = moved(exported)
    decided = data["memos"][0]
    decided.update(number=37, document=None)
    plan, errors = validate(data)
    assert errors == []
    agency = import_agency_year(plan)
    assert Memo.objects.get(agency=agency, number=37).document is None
    assert RegisterCounter.objects.get(agency=agency, series="memo").last_number == 37


@pytest.mark.parametrize(
    "change, path",
    [
        (lambda m: m.update(number=None), "memos[0].number"),
        (lambda m: m.update(decision="ผ่าน"), "memos[0].decision"),
        (lambda m: m.update(subject=""), "memos[0].subject"),
        (lambda m: m.update(state="lost"), "memos[0].state"),
        (lambda m: m.update(document={"series": "memo", "number": 99}), "memos[0].document"),
        (lambda m: m["steps"][0].update(kind="vote"), "memos[0].steps[0].kind"),
        (lambda m: m.update(extra=1), "memos[0].extra"),
    ],
)
def test_a_bad_memo_is_refused_with_its_path_and_nothing_is_written(exported, change, path):
    data = moved(exported)
    change(data["memos"][0])
    count = Memo.objects.count()
    plan, errors = validate(data)
    assert plan is None
    assert any(error.startswith(path) for error in errors), errors
    assert Memo.objects.count() == count
